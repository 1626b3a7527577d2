//! `edgelint schema`: the model rules are written against.

use clap::{Args, ValueEnum};

use super::EXIT_OK;
use crate::model::schema;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Text)]
    pub format: SchemaFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaFormat {
    Text,
    Json,
}

pub fn run(args: SchemaArgs) -> miette::Result<u8> {
    let text = match args.format {
        SchemaFormat::Text => schema::render(),
        SchemaFormat::Json => {
            let mut text = serde_json::to_string_pretty(&schema::to_json()).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    super::print(|out| out.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}
