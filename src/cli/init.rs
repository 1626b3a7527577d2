//! `edgelint init`: writes a commented starter configuration.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use miette::miette;

use super::EXIT_OK;
use crate::config::{FILE_NAME, STARTER};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write it. Default: `edgelint.toml` in the current directory.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

pub fn run(args: InitArgs) -> miette::Result<u8> {
    let path = args.path.unwrap_or_else(|| PathBuf::from(FILE_NAME));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                miette!(
                    help = "edit it, or remove it first",
                    "`{}` already exists; not overwriting it",
                    path.display()
                )
            } else {
                miette!("cannot create `{}`: {e}", path.display())
            }
        })?;
    file.write_all(STARTER.as_bytes())
        .map_err(|e| miette!("cannot write `{}`: {e}", path.display()))?;
    super::print(|out| writeln!(out, "wrote {}", path.display()))?;
    Ok(EXIT_OK)
}
