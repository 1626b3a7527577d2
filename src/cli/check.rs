//! `edgelint check`: lint paths (or stdin) and report.

use std::io::IsTerminal;
use std::path::Path;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use miette::miette;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RuleDirs};
use crate::finding::Severity;
use crate::lint::{self, LintOptions, Report};
use crate::report::{self, Style};
use crate::rule::Registry;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` reads stdin. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The name stdin's text is reported under (and whose extension picks the parser).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    /// Output format. Default: human on a terminal, concise otherwise.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Only run these rules: codes, names, code prefixes (`CF3`) or categories.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules: codes, names, code prefixes or categories.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// The lowest severity that makes the run fail (exit 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// A CloudFormation parameter value, overriding its default (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,

    /// A Terraform variable value, overriding defaults and .tfvars files (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub vars: Vec<(String, String)>,

    /// A Terraform variable file, applied after the module's own .tfvars files (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<std::path::PathBuf>,

    /// The region the templates deploy to (resolves `AWS::Region`).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Print nothing when there is nothing to report.
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub rules: RuleDirs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Concise,
    Json,
}

impl From<FormatArg> for report::Format {
    fn from(f: FormatArg) -> report::Format {
        match f {
            FormatArg::Human => report::Format::Human,
            FormatArg::Concise => report::Format::Concise,
            FormatArg::Json => report::Format::Json,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

impl FailOn {
    /// The lowest severity that fails the run, if any does.
    fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::Error => Some(Severity::Error),
            FailOn::Warning => Some(Severity::Warning),
            FailOn::Info => Some(Severity::Info),
            FailOn::Never => None,
        }
    }
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("expected KEY=VALUE, got `{text}`")),
    }
}

pub fn run(args: CheckArgs) -> miette::Result<u8> {
    let mut registry = args.rules.load()?;
    select_rules(&mut registry, &args.select, &args.ignore)?;

    let mut options = LintOptions::default();
    options.frontend.params = args.params.iter().cloned().collect();
    options.frontend.region = args.region.clone();
    options.frontend.vars = args.vars.iter().cloned().collect();
    options.frontend.var_files = args.var_files.clone();

    let report = lint(&args, &registry, &options)?;

    let format = args.format.map_or_else(
        || {
            if std::io::stdout().is_terminal() {
                report::Format::Human
            } else {
                report::Format::Concise
            }
        },
        report::Format::from,
    );
    let style = Style {
        color: super::stdout_color(),
        width: super::terminal_width().unwrap_or(100),
        quiet: args.quiet,
    };
    super::print(|out| report::write(format, &report, &style, out))?;
    Ok(exit_code(&report, args.fail_on))
}

/// Applies `--select`/`--ignore`; a selector that matches no rule is a
/// usage error, with the closest code or name as a suggestion.
fn select_rules(
    registry: &mut Registry,
    select: &[String],
    ignore: &[String],
) -> miette::Result<()> {
    // Suggestions come from the full catalog, before selection narrows it.
    let catalog = registry.clone();
    let unmatched = registry.select(select, ignore);
    let Some(first) = unmatched.first() else {
        return Ok(());
    };
    let list = unmatched
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match super::suggest_rule(&catalog, first) {
        Some(near) => format!("did you mean `{near}`? `edgelint rules` lists every code and name"),
        None => "`edgelint rules` lists every code, name and category".to_string(),
    };
    Err(miette!(help = help, "no rule matches {list}"))
}

/// Lints the named paths; `-` stands for stdin.
fn lint(args: &CheckArgs, registry: &Registry, options: &LintOptions) -> miette::Result<Report> {
    let stdin_count = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return Err(miette!("`-` (stdin) can be given only once"));
    }
    let paths: Vec<PathBuf> = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect()
    };
    let mut report = if paths.is_empty() {
        Report::default()
    } else {
        lint::lint_paths(&paths, registry, options)
    };
    if stdin_count == 1 {
        let name = &args.stdin_filename;
        let stdin = match lint::read_from(Path::new(name), std::io::stdin().lock(), &options.limits)
        {
            Ok(file) => lint::lint_text(name, file.text(), registry, options),
            Err(error) => Report {
                errors: vec![*error],
                ..Report::default()
            },
        };
        report.findings.extend(stdin.findings);
        report.errors.extend(stdin.errors);
        report.files += stdin.files;
    }
    Ok(report)
}

/// 2 for any file error (it wins), 1 for a finding at or above the
/// threshold, else 0.
pub fn exit_code(report: &Report, fail_on: FailOn) -> u8 {
    if !report.errors.is_empty() {
        return EXIT_ERROR;
    }
    match fail_on.threshold() {
        Some(min) if report.findings.iter().any(|f| f.severity >= min) => EXIT_FINDINGS,
        _ => EXIT_OK,
    }
}
