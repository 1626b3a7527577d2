//! Derived facts.
use super::Model;
pub fn derive(_model: &mut Model) {}
