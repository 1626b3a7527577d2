//! The resources the SAM transform generates for an
//! `AWS::Serverless::Function` (the published version and alias of
//! `AutoPublishAlias`, the default execution role, the function URL), so
//! that references to them resolve. Globals are merged in `globals`.

use std::borrow::Cow;

use crate::document::Node;

use super::call::{call, scalar_text};
use super::template::Template;

/// Registers the logical ids SAM generates, so `!Ref Fn.Version`,
/// `!GetAtt Fn.Version.FunctionArn`, `!Ref FnAliaslive`, `FnRole` and
/// `FnUrl` are references to resources of the right type.
pub fn add_generated(t: &mut Template<'_>) {
    let mut generated = Vec::new();
    let mut aliases = Vec::new();
    for r in t
        .resources
        .iter()
        .filter(|r| r.ty == "AWS::Serverless::Function")
    {
        let props = r.props();
        if let Some(name) = props.and_then(|p| alias_name(t, p)) {
            generated.push((version_id(r.id), "AWS::Lambda::Version"));
            let alias = alias_id(r.id, &name);
            generated.push((alias.clone(), "AWS::Lambda::Alias"));
            aliases.push((r.id.to_string(), alias));
        }
        if props.and_then(|p| p.get("FunctionUrlConfig")).is_some() {
            generated.push((format!("{}Url", r.id), "AWS::Lambda::Url"));
        }
        if props.and_then(|p| p.get("Role")).is_none() {
            generated.push((role_id(r.id), "AWS::IAM::Role"));
        }
    }
    for (id, ty) in generated {
        t.types.entry(Cow::Owned(id)).or_insert(ty);
    }
    t.sam_aliases.extend(aliases);
    t.longest_id = t.types.keys().map(|id| id.len()).max().unwrap_or(0);
}

/// `AutoPublishAlias` as text: a literal, or a parameter SAM resolves.
pub fn alias_name(t: &Template<'_>, props: &Node) -> Option<String> {
    let node = props.get("AutoPublishAlias")?;
    if let Some(c) = call(node) {
        let param = t.params.get(c.arg.as_str().filter(|_| c.name == "Ref")?)?;
        return match param.given {
            Some(given) => Some(given.to_string()),
            None => param.default.and_then(scalar_text),
        };
    }
    scalar_text(node)
}

pub fn version_id(function: &str) -> String {
    format!("{function}.Version")
}

/// SAM names the alias `<Function>Alias<Name>`; logical ids hold only
/// letters and digits.
pub fn alias_id(function: &str, alias: &str) -> String {
    let clean: String = alias.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("{function}Alias{clean}")
}

pub fn role_id(function: &str) -> String {
    format!("{function}Role")
}
