//! Fuzz targets' shared code: the checks (also used by the regression
//! test of the main crate) and the template generator.

pub mod checks;
pub mod lsp;
pub mod template;
pub mod terraform;
