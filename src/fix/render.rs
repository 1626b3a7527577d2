//! A scalar written the way a file writes the value it replaces.

use super::syntax::Syntax;
use crate::model::Scalar;

/// `to` in `syntax`, quoted the way `written` (the text it replaces; empty
/// for a new value) is.
pub fn render(syntax: Syntax, to: &Scalar, written: &str) -> String {
    let quote = written.chars().next().filter(|c| *c == '"' || *c == '\'');
    match to {
        Scalar::Str(s) => match syntax {
            Syntax::Yaml if quote == Some('\'') => format!("'{}'", s.replace('\'', "''")),
            Syntax::Yaml if quote.is_none() && plain_yaml(s) => s.to_string(),
            Syntax::Yaml | Syntax::Json => json_string(s),
            Syntax::Hcl => format!(
                "\"{}\"",
                json_string(s)
                    .trim_matches('"')
                    .replace("${", "$${")
                    .replace("%{", "%%{")
            ),
        },
        other => {
            let text = other.to_string();
            match quote {
                // a number or boolean written as a string stays one
                Some(q) => format!("{q}{text}{q}"),
                None => text,
            }
        }
    }
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// Whether YAML reads `s` unquoted as this same string: plain characters,
/// and not a word YAML 1.1 or 1.2 reads as something else.
fn plain_yaml(s: &str) -> bool {
    const WORDS: [&str; 12] = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~", ".inf", ".nan",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '/')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
        && !WORDS.contains(&s.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_quoting_of_what_it_replaces() {
        let s = Scalar::str("http-only");
        assert_eq!(render(Syntax::Yaml, &s, "https-only"), "http-only");
        assert_eq!(render(Syntax::Yaml, &s, "'https-only'"), "'http-only'");
        assert_eq!(render(Syntax::Yaml, &s, "\"https-only\""), "\"http-only\"");
        assert_eq!(render(Syntax::Yaml, &Scalar::str("true"), "x"), "\"true\"");
        assert_eq!(render(Syntax::Yaml, &Scalar::Int(30), "\"60\""), "\"30\"");
        assert_eq!(render(Syntax::Json, &Scalar::Int(30), "60"), "30");
        assert_eq!(render(Syntax::Json, &s, "\"x\""), "\"http-only\"");
        assert_eq!(render(Syntax::Hcl, &Scalar::str("a${b}"), ""), "\"a$${b}\"");
        assert_eq!(render(Syntax::Hcl, &Scalar::Bool(true), "false"), "true");
    }
}
