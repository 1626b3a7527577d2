//! `edgelint.toml`: the project's configuration, found upward from the
//! working directory (or named with `--config`). Every key is checked: an
//! unknown key or a value of the wrong type is an error pointing at its
//! line and column, with a "did you mean" when a known key is close.
//!
//! Paths in the file (rule directories, var files, the baseline) are
//! relative to the file's directory; so are the globs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::GlobMatcher;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::finding::Severity;
use crate::rule::SettingValues;
use crate::rule::settings;
use crate::source::read;
use crate::source::{SourceFile, Span};

/// The file name looked for.
pub const FILE_NAME: &str = "edgelint.toml";

/// The keys of the file, in the order `edgelint init` writes them.
pub const KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "severity",
    "fail-on",
    "include",
    "exclude",
    "per-path-ignores",
    "parameters",
    "var-files",
    "settings",
    "rules",
    "baseline",
    "region",
];

/// A glob from the file, compiled.
#[derive(Clone, Debug)]
pub struct PathGlob {
    pub pattern: String,
    matcher: GlobMatcher,
    /// A pattern without `/` matches a file name in any directory.
    basename: bool,
}

/// The deepest nesting of `{…}` groups in a glob. globset compiles each
/// level into the regular expression of the level above and panics when
/// that grows past its size limit (at about 100 levels); real patterns
/// nest one or two.
pub const MAX_GLOB_NESTING: usize = 16;

/// The longest glob, in bytes.
pub const MAX_GLOB_BYTES: usize = 4096;

impl PathGlob {
    pub fn new(pattern: &str) -> Result<PathGlob, String> {
        if pattern.len() > MAX_GLOB_BYTES {
            return Err(format!(
                "the pattern is {} bytes, over the limit of {MAX_GLOB_BYTES}",
                pattern.len()
            ));
        }
        let mut depth = 0usize;
        let mut escaped = false;
        for c in pattern.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '{' => {
                    depth += 1;
                    if depth > MAX_GLOB_NESTING {
                        return Err(format!(
                            "`{{…}}` groups nest deeper than {MAX_GLOB_NESTING} levels"
                        ));
                    }
                }
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let glob = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(PathGlob {
            pattern: pattern.to_string(),
            matcher: glob.compile_matcher(),
            basename: !pattern.contains('/'),
        })
    }

    /// Whether `path` (relative to the configuration's directory) matches,
    /// or lies under a directory that matches.
    pub fn is_match(&self, path: &Path) -> bool {
        if self.matcher.is_match(path) {
            return true;
        }
        if self.basename && path.file_name().is_some_and(|n| self.matcher.is_match(n)) {
            return true;
        }
        path.ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| {
                self.matcher.is_match(a)
                    || (self.basename && a.file_name().is_some_and(|n| self.matcher.is_match(n)))
            })
    }
}

/// `[per-path-ignores]`: files matching a glob ignore some rules.
#[derive(Clone, Debug)]
pub struct PathIgnore {
    pub glob: PathGlob,
    pub rules: Vec<String>,
}

/// The configuration in force. Empty (the default) without a file.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// The file it was read from.
    pub path: Option<PathBuf>,
    /// The directory paths and globs are relative to.
    pub root: PathBuf,
    pub select: Vec<String>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Rule code or name → severity.
    pub severity: Vec<(String, Severity)>,
    /// `error`, `warning`, `info` or `never`.
    pub fail_on: Option<String>,
    pub include: Vec<PathGlob>,
    pub exclude: Vec<PathGlob>,
    pub per_path_ignores: Vec<PathIgnore>,
    pub parameters: BTreeMap<String, String>,
    /// Terraform variable files, for the Terraform front-end.
    pub var_files: Vec<PathBuf>,
    pub settings: SettingValues,
    /// Extra rule directories.
    pub rules: Vec<PathBuf>,
    pub baseline: Option<PathBuf>,
    pub region: Option<String>,
}

/// A configuration file that could not be used, with its place.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub file: Option<Arc<SourceFile>>,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
}

impl ConfigError {
    fn at(file: &Arc<SourceFile>, span: std::ops::Range<usize>, message: String) -> ConfigError {
        ConfigError {
            file: Some(file.clone()),
            message,
            span: Some(Span::new(span.start, span.end)),
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> ConfigError {
        self.help = Some(help.into());
        self
    }

    /// `path:line:col: message`, for places without miette (the LSP).
    pub fn one_line(&self) -> String {
        match (&self.file, self.span) {
            (Some(file), Some(span)) => {
                let p = file.position(span.start as usize);
                format!("{}:{}:{}: {}", file.name(), p.line, p.column, self.message)
            }
            (Some(file), None) => format!("{}: {}", file.name(), self.message),
            _ => self.message.clone(),
        }
    }
}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new("config-error"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.file.as_ref().map(|_| self as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_primary_with_span(
                Some(self.message.clone()),
                (span.start as usize, span.len()),
            ),
        )))
    }
}

impl miette::SourceCode for ConfigError {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let Some(file) = &self.file else {
            return Err(miette::MietteError::OutOfBounds);
        };
        let contents = file.text().read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            file.name(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// The nearest `edgelint.toml` in `start` or a directory above it.
pub fn find(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Like [`find`], as a path relative to `start` (`edgelint.toml`,
/// `../../edgelint.toml`).
fn find_relative(start: &Path) -> Option<PathBuf> {
    start.ancestors().enumerate().find_map(|(up, dir)| {
        // a FIFO or device of that name is found too, and refused when
        // read, rather than silently passed over
        let found = dir.join(FILE_NAME).metadata().is_ok_and(|m| !m.is_dir());
        found.then(|| {
            let mut path: PathBuf = std::iter::repeat_n("..", up).collect();
            path.push(FILE_NAME);
            path
        })
    })
}

/// Reads the configuration named, or the one found upward from the working
/// directory, or none.
pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        // relative to the working directory, as diagnostics show it
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| find_relative(&cwd)),
    };
    match path {
        Some(path) => load_file(&path),
        None => Ok(Config {
            root: std::env::current_dir().unwrap_or_default(),
            ..Config::default()
        }),
    }
}

/// The largest configuration file read: real ones are a few KiB.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// Reads one configuration file.
pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let bytes = read::read_bytes(path, MAX_CONFIG_BYTES).map_err(|e| ConfigError {
        file: None,
        message: e.to_string(),
        span: None,
        help: None,
    })?;
    let text = read::decode(bytes).map_err(|refused| {
        let (file, span) = refused.shown(path);
        ConfigError {
            file: Some(file),
            message: refused.message,
            span: Some(span),
            help: None,
        }
    })?;
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let root = std::path::absolute(&root).unwrap_or(root);
    let mut config = parse(&text, path, &root)?;
    config.path = Some(path.to_path_buf());
    Ok(config)
}

type Value<'i> = Spanned<DeValue<'i>>;
type Key<'i> = Spanned<std::borrow::Cow<'i, str>>;
type Entries<'t, 'i> = Vec<(&'t Key<'i>, &'t Value<'i>)>;

/// Parses the text of a configuration file.
pub fn parse(text: &str, path: &Path, root: &Path) -> Result<Config, ConfigError> {
    let file = Arc::new(SourceFile::new(path, text));
    let table = DeTable::parse(text).map_err(|e| ConfigError {
        file: Some(file.clone()),
        message: format!("not valid TOML: {}", e.message().trim()),
        span: e.span().map(|r| Span::new(r.start, r.end)),
        help: None,
    })?;
    let mut config = Config {
        root: root.to_path_buf(),
        ..Config::default()
    };
    let reader = Reader { file: &file, root };
    for (key, value) in table.get_ref().iter() {
        let name = key.get_ref().as_ref();
        match name {
            "select" => config.select = reader.strings(value, name)?,
            "extend-select" => config.extend_select = reader.strings(value, name)?,
            "ignore" => config.ignore = reader.strings(value, name)?,
            "severity" => {
                for (rule, level) in reader.table(value, name)? {
                    let text = reader.string(level, rule.get_ref())?;
                    let severity = Severity::parse(&text).ok_or_else(|| {
                        ConfigError::at(&file, level.span(), format!("unknown severity `{text}`"))
                            .with_help("use `error`, `warning` or `info`")
                    })?;
                    config.severity.push((rule.get_ref().to_string(), severity));
                }
            }
            "fail-on" => {
                let text = reader.string(value, name)?;
                if !["error", "warning", "info", "never"].contains(&text.as_str()) {
                    return Err(ConfigError::at(
                        &file,
                        value.span(),
                        format!("unknown `fail-on` value `{text}`"),
                    )
                    .with_help("use `error`, `warning`, `info` or `never`"));
                }
                config.fail_on = Some(text);
            }
            "include" => config.include = reader.globs(value, name)?,
            "exclude" => config.exclude = reader.globs(value, name)?,
            "per-path-ignores" => {
                for (pattern, rules) in reader.table(value, name)? {
                    let glob = PathGlob::new(pattern.get_ref()).map_err(|e| {
                        ConfigError::at(&file, pattern.span(), format!("bad glob: {e}"))
                    })?;
                    config.per_path_ignores.push(PathIgnore {
                        glob,
                        rules: reader.strings(rules, pattern.get_ref())?,
                    });
                }
            }
            "parameters" => {
                for (param, v) in reader.table(value, name)? {
                    let text = match v.get_ref() {
                        DeValue::String(s) => s.to_string(),
                        DeValue::Integer(i) => i.as_str().to_string(),
                        DeValue::Float(f) => f.as_str().to_string(),
                        DeValue::Boolean(b) => b.to_string(),
                        DeValue::Array(items) => {
                            // a CommaDelimitedList
                            let mut parts = Vec::new();
                            for item in items {
                                parts.push(reader.string(item, param.get_ref())?);
                            }
                            parts.join(",")
                        }
                        _ => {
                            return Err(ConfigError::at(
                                &file,
                                v.span(),
                                format!("parameter `{}` must be a string", param.get_ref()),
                            ));
                        }
                    };
                    config.parameters.insert(param.get_ref().to_string(), text);
                }
            }
            "var-files" => config.var_files = reader.paths(value, name)?,
            "settings" => {
                for (setting, v) in reader.table(value, name)? {
                    let number = reader.integer(v, setting.get_ref())?;
                    if !config.settings.set(setting.get_ref(), number) {
                        let mut err = ConfigError::at(
                            &file,
                            setting.span(),
                            format!("unknown setting `{}`", setting.get_ref()),
                        );
                        err = match crate::dsl::did_you_mean(setting.get_ref(), settings::names()) {
                            Some(near) => err.with_help(format!("did you mean `{near}`?")),
                            None => err.with_help(format!(
                                "settings are {}",
                                settings::names().join(", ")
                            )),
                        };
                        return Err(err);
                    }
                }
            }
            "rules" => config.rules = reader.paths(value, name)?,
            "baseline" => {
                let text = reader.string(value, name)?;
                config.baseline = Some(root.join(text));
            }
            "region" => config.region = Some(reader.string(value, name)?),
            other => {
                let mut err = ConfigError::at(&file, key.span(), format!("unknown key `{other}`"));
                err = match crate::dsl::did_you_mean(other, KEYS.iter().copied()) {
                    Some(near) => err.with_help(format!("did you mean `{near}`?")),
                    None => err.with_help(format!("known keys: {}", KEYS.join(", "))),
                };
                return Err(err);
            }
        }
    }
    Ok(config)
}

struct Reader<'a> {
    file: &'a Arc<SourceFile>,
    root: &'a Path,
}

impl Reader<'_> {
    fn wrong(&self, value: &Value<'_>, key: &str, want: &str) -> ConfigError {
        ConfigError::at(self.file, value.span(), format!("`{key}` must be {want}"))
    }

    fn string(&self, value: &Value<'_>, key: &str) -> Result<String, ConfigError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.wrong(value, key, "a string")),
        }
    }

    fn integer(&self, value: &Value<'_>, key: &str) -> Result<i64, ConfigError> {
        match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
                .map_err(|_| self.wrong(value, key, "an integer")),
            _ => Err(self.wrong(value, key, "an integer")),
        }
    }

    /// A list of strings; a single string counts as a list of one.
    fn strings(&self, value: &Value<'_>, key: &str) -> Result<Vec<String>, ConfigError> {
        match value.get_ref() {
            DeValue::String(s) => Ok(vec![s.to_string()]),
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok(s.to_string()),
                    _ => Err(self.wrong(item, key, "a list of strings")),
                })
                .collect(),
            _ => Err(self.wrong(value, key, "a list of strings")),
        }
    }

    fn paths(&self, value: &Value<'_>, key: &str) -> Result<Vec<PathBuf>, ConfigError> {
        Ok(self
            .strings(value, key)?
            .into_iter()
            .map(|p| self.root.join(p))
            .collect())
    }

    fn globs(&self, value: &Value<'_>, key: &str) -> Result<Vec<PathGlob>, ConfigError> {
        let patterns = self.strings(value, key)?;
        // each pattern's own place: the item of a list, or the string
        let spans: Vec<_> = match value.get_ref() {
            DeValue::Array(items) => items.iter().map(Spanned::span).collect(),
            _ => vec![value.span()],
        };
        patterns
            .iter()
            .zip(spans)
            .map(|(p, span)| {
                PathGlob::new(p)
                    .map_err(|e| ConfigError::at(self.file, span, format!("bad glob `{p}`: {e}")))
            })
            .collect()
    }

    fn table<'t, 'i>(
        &self,
        value: &'t Value<'i>,
        key: &str,
    ) -> Result<Entries<'t, 'i>, ConfigError> {
        match value.get_ref() {
            DeValue::Table(table) => Ok(table.iter().collect()),
            _ => Err(self.wrong(value, key, "a table")),
        }
    }
}

impl Config {
    /// A path as the globs see it: relative to the configuration's
    /// directory when it lies inside it.
    pub fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        match absolute.strip_prefix(&self.root) {
            Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether a file is linted: not excluded, and (when found by walking a
    /// directory) included when `include` is set.
    pub fn admits(&self, path: &Path, explicit: bool) -> bool {
        // without globs to match (most runs) there is no path to work out
        if self.exclude.is_empty() && (explicit || self.include.is_empty()) {
            return true;
        }
        let rel = self.relative(path);
        if self.exclude.iter().any(|g| g.is_match(&rel)) {
            return false;
        }
        explicit || self.include.is_empty() || self.include.iter().any(|g| g.is_match(&rel))
    }

    /// The rule selectors `[per-path-ignores]` gives a file.
    pub fn ignored_for(&self, path: &Path) -> Vec<(&PathIgnore, &str)> {
        if self.per_path_ignores.is_empty() {
            return Vec::new();
        }
        let rel = self.relative(path);
        self.per_path_ignores
            .iter()
            .filter(|p| p.glob.is_match(&rel))
            .flat_map(|p| p.rules.iter().map(move |r| (p, r.as_str())))
            .collect()
    }
}

/// What `edgelint init` writes.
pub const STARTER: &str = r#"# edgelint configuration. Every key is optional; command-line flags
# override what is set here. `edgelint rules` lists codes and names.

# Rules to run: codes (CF104), code prefixes (CF3), names or categories.
# select = ["all"]
# extend-select = []
# ignore = ["CF303"]

# The lowest severity that fails the run: error, warning, info or never.
# fail-on = "error"

# Files to lint when walking directories, and files never to lint.
# include = ["infra/**"]
# exclude = ["cdk.out/**", "**/node_modules/**"]

# Rules ignored for some paths.
# [per-path-ignores]
# "legacy/**" = ["CF104"]

# Severity per rule (code or name): error, warning or info.
# [severity]
# CF303 = "info"

# CloudFormation parameter values (override the template's Default).
# [parameters]
# Environment = "prod"

# Terraform variable files.
# var-files = ["prod.tfvars"]

# Quotas: the documented defaults, raised if your account has an increase.
# [settings]
# origin_timeout_ceiling = 120
# rules_per_security_group = 60
# origin_custom_header_limit = 30

# Extra rule directories, the baseline file, the region templates deploy to.
# rules = ["lint-rules"]
# baseline = "edgelint-baseline.json"
# region = "us-east-1"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("edgelint.toml"), Path::new("/repo"))
    }

    fn position(err: &ConfigError) -> (usize, usize) {
        let file = err.file.as_ref().unwrap();
        let p = file.position(err.span.unwrap().start as usize);
        (p.line, p.column)
    }

    #[test]
    fn every_key() {
        let config = parse_text(
            r#"
select = ["CF1", "CF2"]
extend-select = "CF3"
ignore = ["CF303"]
fail-on = "warning"
include = ["infra/**"]
exclude = ["cdk.out/**"]
var-files = ["prod.tfvars"]
rules = ["lint-rules"]
baseline = "base.json"
region = "eu-west-1"

[severity]
CF104 = "warning"

[per-path-ignores]
"legacy/**" = ["CF104", "https-to-s3-website-endpoint"]

[parameters]
Env = "prod"
Port = 8080

[settings]
origin_timeout_ceiling = 180
"#,
        )
        .unwrap();
        assert_eq!(config.select, ["CF1", "CF2"]);
        assert_eq!(config.extend_select, ["CF3"]);
        assert_eq!(config.fail_on.as_deref(), Some("warning"));
        assert_eq!(config.severity, [("CF104".to_string(), Severity::Warning)]);
        assert_eq!(config.parameters["Port"], "8080");
        assert_eq!(config.settings.get("origin_timeout_ceiling"), Some(180));
        assert_eq!(config.rules, [PathBuf::from("/repo/lint-rules")]);
        assert_eq!(config.baseline, Some(PathBuf::from("/repo/base.json")));
        assert_eq!(config.var_files, [PathBuf::from("/repo/prod.tfvars")]);
        assert_eq!(config.region.as_deref(), Some("eu-west-1"));
        assert!(config.admits(Path::new("/repo/infra/site.yaml"), false));
        assert!(!config.admits(Path::new("/repo/other/site.yaml"), false));
        assert!(config.admits(Path::new("/repo/other/site.yaml"), true));
        assert!(!config.admits(Path::new("/repo/cdk.out/a.template.json"), true));
        assert_eq!(
            config.ignored_for(Path::new("/repo/legacy/a/b.yaml")).len(),
            2
        );
        assert!(config.ignored_for(Path::new("/repo/new/b.yaml")).is_empty());
    }

    #[test]
    fn unknown_key_has_its_place_and_a_suggestion() {
        let err = parse_text("select = []\nignroe = [\"CF104\"]\n").unwrap_err();
        assert_eq!(err.message, "unknown key `ignroe`");
        assert_eq!(position(&err), (2, 1));
        assert_eq!(err.help.as_deref(), Some("did you mean `ignore`?"));
        assert_eq!(err.one_line(), "edgelint.toml:2:1: unknown key `ignroe`");
    }

    #[test]
    fn unknown_setting_is_an_error_with_a_suggestion() {
        let err = parse_text("[settings]\norigin_timeout_ceilng = 180\n").unwrap_err();
        assert_eq!(err.message, "unknown setting `origin_timeout_ceilng`");
        assert_eq!(position(&err), (2, 1));
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `origin_timeout_ceiling`?")
        );
    }

    #[test]
    fn wrong_types_and_values() {
        let err = parse_text("select = 3\n").unwrap_err();
        assert_eq!(err.message, "`select` must be a list of strings");
        assert_eq!(position(&err), (1, 10));
        let err = parse_text("[severity]\nCF104 = \"fatal\"\n").unwrap_err();
        assert_eq!(err.message, "unknown severity `fatal`");
        let err = parse_text("fail-on = \"sometimes\"\n").unwrap_err();
        assert!(err.message.contains("sometimes"));
        let err = parse_text("[settings]\norigin_timeout_ceiling = \"x\"\n").unwrap_err();
        assert_eq!(err.message, "`origin_timeout_ceiling` must be an integer");
    }

    #[test]
    fn invalid_toml_has_a_place() {
        let err = parse_text("select = [\n").unwrap_err();
        assert!(err.message.starts_with("not valid TOML"));
        assert!(err.span.is_some());
    }

    #[test]
    fn starter_parses_and_every_key_is_in_it() {
        parse_text(STARTER).unwrap();
        for key in KEYS {
            assert!(STARTER.contains(key), "{key}");
        }
    }

    #[test]
    fn globs_match_names_directories_and_paths() {
        let g = PathGlob::new("*.template.json").unwrap();
        assert!(g.is_match(Path::new("cdk.out/App.template.json")));
        let g = PathGlob::new("vendor").unwrap();
        assert!(g.is_match(Path::new("a/vendor/x.yaml")));
        let g = PathGlob::new("infra/*.yaml").unwrap();
        assert!(g.is_match(Path::new("infra/a.yaml")));
        assert!(!g.is_match(Path::new("infra/sub/a.yaml")));
    }

    fn nested(depth: usize) -> String {
        format!("{}a{}", "{a,".repeat(depth), "}".repeat(depth))
    }

    #[test]
    fn nested_groups_up_to_the_limit_compile_and_deeper_are_refused() {
        let g = PathGlob::new(&nested(MAX_GLOB_NESTING)).unwrap();
        assert!(g.is_match(Path::new("a")));
        let err = PathGlob::new(&nested(MAX_GLOB_NESTING + 1)).unwrap_err();
        assert!(err.contains("nest deeper than 16"), "{err}");
        // an escaped brace opens no group
        assert!(PathGlob::new(&format!("{}\\{{", nested(MAX_GLOB_NESTING))).is_ok());
    }

    #[test]
    fn a_glob_nested_too_deep_is_an_error_at_its_place() {
        let text = format!("exclude = [\"x\", \"{}\"]\n", nested(125));
        let err = parse(&text, Path::new("edgelint.toml"), Path::new("/repo")).unwrap_err();
        assert!(err.message.contains("nest deeper"), "{}", err.message);
        assert_eq!(err.span.map(|s| s.start), Some(16));
        let text = format!("[per-path-ignores]\n\"{}\" = [\"CF104\"]\n", nested(125));
        let err = parse(&text, Path::new("edgelint.toml"), Path::new("/repo")).unwrap_err();
        assert_eq!(err.span.map(|s| s.start), Some(19));
    }
}
