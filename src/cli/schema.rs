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
            let mut text = serde_json::to_string_pretty(&to_json()).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    super::print(|out| out.write_all(text.as_bytes()))?;
    Ok(EXIT_OK)
}

/// The schema as JSON, for tools.
pub fn to_json() -> serde_json::Value {
    serde_json::Value::Array(
        schema::ENTITIES
            .iter()
            .map(|e| {
                serde_json::json!({
                    "entity": e.name,
                    "doc": e.doc,
                    "fields": e.fields.iter().map(|f| serde_json::json!({
                        "name": f.name, "type": f.ty.describe(), "doc": f.doc, "derived": f.derived,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}
