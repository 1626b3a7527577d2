//! `edgelint check`: lint paths (or stdin) and report.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use miette::miette;

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RuleDirs};
use crate::baseline::Baseline;
use crate::config::{self, Config};
use crate::finding::FileError;
use crate::finding::Severity;
use crate::fix;
use crate::lint::{self, Input, LintOptions, Report, SkipReason, Skipped};
use crate::report::{self, Style};
use crate::rule::Registry;
use crate::source::path_name;
use crate::suppress;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` reads stdin. Default: the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The name stdin's text is reported under (and whose extension picks the parser).
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,

    /// Output format (repeatable; each may be followed by its own
    /// `--output`). Default: human on a terminal, concise otherwise.
    #[arg(long, value_enum)]
    pub format: Vec<FormatArg>,

    /// Write the report of the preceding `--format` to FILE instead of
    /// stdout (repeatable); the summary line still goes to the terminal.
    #[arg(short, long, value_name = "FILE")]
    pub output: Vec<PathBuf>,

    /// `--format`/`--output` pairs in command-line order (filled from the
    /// argument positions; see [`pair_outputs`]).
    #[arg(skip)]
    pub targets: Vec<Target>,

    /// Only run these rules: codes, names, code prefixes (`CF3`) or categories.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,

    /// Do not run these rules: codes, names, code prefixes or categories.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,

    /// Also run these rules, on top of `select` (here or in the config file).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub extend_select: Vec<String>,

    /// The lowest severity that makes the run fail (exit 1). Default: error.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// The configuration file. Default: `edgelint.toml` in the working
    /// directory or the nearest directory above it.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Do not honour `# edgelint: ignore[…]` comments or resource Metadata
    /// (for audits); per-path ignores from the configuration still apply.
    #[arg(long)]
    pub no_inline_ignores: bool,

    /// List the findings suppressions hid, and why (on stderr).
    #[arg(long)]
    pub show_suppressed: bool,

    /// Report only findings not recorded in this baseline file (default:
    /// `baseline` in the configuration).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Record the current findings in FILE as the baseline, and report
    /// none of them.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Skip named files that are not templates, Terraform or exports, the
    /// way a directory walk does, instead of reporting them (for hooks that
    /// pass every changed YAML or JSON file).
    #[arg(long)]
    pub skip_unrecognized: bool,

    /// Ignore any configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// Report findings in every file of a named file's unit (its whole
    /// Terraform module, a template's nested stacks), not only in the
    /// files named.
    #[arg(long)]
    pub whole_unit: bool,

    /// List the files that would be linted, and why the others are not;
    /// lint nothing.
    #[arg(long)]
    pub show_files: bool,

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

    /// Print how many findings each rule has, most frequent first, in
    /// place of the findings (human and concise formats).
    #[arg(long)]
    pub statistics: bool,

    /// Apply the safe fixes of the findings reported, then report those
    /// that remain. Overlapping fixes are applied in rounds; a fix whose
    /// result would not parse or would not remove its finding is not
    /// written.
    #[arg(long, conflicts_with = "write_baseline")]
    pub fix: bool,

    /// With `--fix` or `--diff`: apply unsafe fixes too, which change
    /// behaviour the author may rely on.
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what `--fix` would change, and write
    /// nothing.
    #[arg(long, conflicts_with_all = ["write_baseline", "fix"])]
    pub diff: bool,

    #[command(flatten)]
    pub rules: RuleDirs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Human,
    Concise,
    Json,
    Sarif,
    Junit,
    Github,
    Gitlab,
}

impl From<FormatArg> for report::Format {
    fn from(f: FormatArg) -> report::Format {
        match f {
            FormatArg::Human => report::Format::Human,
            FormatArg::Concise => report::Format::Concise,
            FormatArg::Json => report::Format::Json,
            FormatArg::Sarif => report::Format::Sarif,
            FormatArg::Junit => report::Format::Junit,
            FormatArg::Github => report::Format::Github,
            FormatArg::Gitlab => report::Format::Gitlab,
        }
    }
}

/// One report to write: a format (default when `None`) and a file
/// (stdout when `None`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Target {
    pub format: Option<FormatArg>,
    pub output: Option<PathBuf>,
}

/// Pairs `--format` and `--output` by their positions on the command line:
/// an `--output` belongs to the `--format` before it; one with no format of
/// its own before it writes the default format. No pair at all means one
/// report in the default format on stdout.
pub fn pair_outputs(formats: &[(usize, FormatArg)], outputs: &[(usize, PathBuf)]) -> Vec<Target> {
    enum Event<'a> {
        Format(FormatArg),
        Output(&'a PathBuf),
    }
    let mut events: Vec<(usize, Event<'_>)> = formats
        .iter()
        .map(|(i, f)| (*i, Event::Format(*f)))
        .chain(outputs.iter().map(|(i, p)| (*i, Event::Output(p))))
        .collect();
    events.sort_by_key(|(i, _)| *i);
    let mut targets: Vec<Target> = Vec::new();
    for (_, event) in events {
        match event {
            Event::Format(f) => targets.push(Target {
                format: Some(f),
                output: None,
            }),
            Event::Output(path) => match targets.last_mut() {
                Some(last) if last.output.is_none() => last.output = Some(path.clone()),
                _ => targets.push(Target {
                    format: None,
                    output: Some(path.clone()),
                }),
            },
        }
    }
    if targets.is_empty() {
        targets.push(Target::default());
    }
    targets
}

impl CheckArgs {
    /// Fills [`CheckArgs::targets`] from where `--format` and `--output`
    /// stood on the command line.
    pub fn pair_from(&mut self, matches: &clap::ArgMatches) {
        let formats: Vec<(usize, FormatArg)> = matches
            .indices_of("format")
            .map(|i| i.zip(self.format.iter().copied()).collect())
            .unwrap_or_default();
        let outputs: Vec<(usize, PathBuf)> = matches
            .indices_of("output")
            .map(|i| i.zip(self.output.iter().cloned()).collect())
            .unwrap_or_default();
        self.targets = pair_outputs(&formats, &outputs);
    }

    /// The targets; without position information, formats and outputs pair
    /// in order.
    fn resolved_targets(&self) -> Vec<Target> {
        if !self.targets.is_empty() {
            return self.targets.clone();
        }
        let formats: Vec<(usize, FormatArg)> = self
            .format
            .iter()
            .enumerate()
            .map(|(i, f)| (2 * i, *f))
            .collect();
        let outputs: Vec<(usize, PathBuf)> = self
            .output
            .iter()
            .enumerate()
            .map(|(i, p)| (2 * i + 1, p.clone()))
            .collect();
        pair_outputs(&formats, &outputs)
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

/// What the configuration and the command line's values give the
/// front-ends: parameters, variables, variable files, region, settings.
pub(super) fn lint_options(
    config: &Config,
    params: &[(String, String)],
    vars: &[(String, String)],
    var_files: &[PathBuf],
    region: Option<&String>,
) -> LintOptions {
    let mut options = LintOptions::default();
    options.frontend.params = config.parameters.clone();
    options.frontend.params.extend(params.iter().cloned());
    options.frontend.region = region.cloned().or_else(|| config.region.clone());
    options.settings = config.settings.clone();
    // configured var files first, then the command line's (later ones win)
    options.frontend.var_files = config.var_files.clone();
    options.frontend.var_files.extend(var_files.iter().cloned());
    options.frontend.vars = vars.iter().cloned().collect();
    options
}

pub(super) fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("expected KEY=VALUE, got `{text}`")),
    }
}

pub fn run(args: CheckArgs) -> miette::Result<u8> {
    // usage errors before any linting
    for target in args.resolved_targets() {
        target_format(&args, &target, false)?;
    }
    let config = load_config(args.no_config, args.config.as_deref())?;
    let (registry, report_unused) = configured_registry(
        &args.rules,
        &config,
        &args.select,
        &args.extend_select,
        &args.ignore,
    )?;
    // it lives as long as the run: freeing its thousands of syntax nodes
    // at exit was a sixth of the instructions of a run with nothing to lint
    let registry: &Registry = Box::leak(Box::new(registry));

    let options = lint_options(
        &config,
        &args.params,
        &args.vars,
        &args.var_files,
        args.region.as_ref(),
    );

    if args.show_files {
        show_files(&args, &config, &options)?;
        return Ok(EXIT_OK);
    }
    let fixing = args.fix || args.diff;
    // a fix rewrites whole files: only a run that only reports keeps excerpts
    let options = LintOptions {
        excerpts: !fixing,
        ..options
    };
    if args.unsafe_fixes && !fixing {
        return Err(miette!("`--unsafe-fixes` goes with `--fix` or `--diff`"));
    }
    if fixing && args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(miette!(
            help = "name the files to fix",
            "fixes are written to files; stdin cannot be fixed"
        ));
    }
    let baseline = match (
        &args.write_baseline,
        args.baseline.as_ref().or(config.baseline.as_ref()),
    ) {
        (None, Some(path)) => Some((Baseline::read(path).map_err(|e| miette!("{e}"))?, path)),
        _ => None,
    };
    let filters = Filters {
        registry,
        config: &config,
        inline: !args.no_inline_ignores,
        report_unused,
        baseline: baseline.as_ref().map(|(b, _)| b),
    };
    let (mut report, hidden, baseline_hidden) = filters.pass(&args, &options)?;
    if args.show_suppressed {
        show_suppressed(&hidden);
    }
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::from_report(&report);
        baseline.write(path).map_err(|e| miette!("{e}"))?;
        let hidden = baseline.apply(&mut report);
        let _ = writeln!(
            anstream::stderr(),
            "wrote baseline {} with {}",
            path.display(),
            crate::report::plural(hidden, "finding")
        );
    } else if let Some((_, path)) = &baseline
        && baseline_hidden > 0
        && !args.quiet
    {
        let _ = writeln!(
            anstream::stderr(),
            "{} hidden by baseline {}",
            crate::report::plural(baseline_hidden, "finding"),
            path.display()
        );
    }
    let fail_on = args.fail_on.unwrap_or(match config.fail_on.as_deref() {
        Some("warning") => FailOn::Warning,
        Some("info") => FailOn::Info,
        Some("never") => FailOn::Never,
        _ => FailOn::Error,
    });

    if fixing {
        return fix_and_report(&args, &filters, &options, report, fail_on);
    }
    write_reports(&args, &report, registry)?;
    Ok(exit_code(&report, fail_on))
}

/// What stands between the rules' findings and the reports: suppressions,
/// the files named, severity overrides and the baseline.
struct Filters<'a> {
    registry: &'a Registry,
    config: &'a Config,
    inline: bool,
    report_unused: bool,
    baseline: Option<&'a Baseline>,
}

impl Filters<'_> {
    /// Lints and filters: the report, the findings suppressions hid and
    /// how many the baseline hid.
    fn pass(
        &self,
        args: &CheckArgs,
        options: &LintOptions,
    ) -> miette::Result<(Report, Vec<suppress::Suppressed>, usize)> {
        let mut report = lint(args, self.config, self.registry, options)?;
        let hidden = suppress::apply(
            &mut report,
            self.registry,
            self.config,
            suppress::Options {
                inline: self.inline,
                report_unused: self.report_unused,
            },
        );
        let named = (!args.whole_unit).then(|| {
            let mut named = paths(&args.paths);
            if args.paths.iter().any(|p| p.as_os_str() == "-") {
                named.push(PathBuf::from(&args.stdin_filename));
            }
            named
        });
        let baseline_hidden =
            as_reported(&mut report, named.as_deref(), self.config, self.baseline);
        nothing_linted(args, &mut report);
        Ok((report, hidden, baseline_hidden))
    }
}

impl fix::rounds::Linted for Report {
    fn findings(&self) -> &[crate::finding::Finding] {
        &self.findings
    }

    fn errors(&self) -> &[FileError] {
        &self.errors
    }
}

/// `--fix` and `--diff`: applies the fixes of the findings reported in
/// rounds, each round checked by a lint of its result; writes the files
/// (or prints their diffs), then reports what remains.
fn fix_and_report(
    args: &CheckArgs,
    filters: &Filters<'_>,
    options: &LintOptions,
    report: Report,
    fail_on: FailOn,
) -> miette::Result<u8> {
    let policy = fix::rounds::Policy {
        unsafe_fixes: args.unsafe_fixes,
        ..fix::rounds::Policy::default()
    };
    let relint = |texts: &fix::rounds::Texts| {
        let mut options = options.clone();
        options.overlay = Some(std::sync::Arc::new(texts.clone()));
        filters
            .pass(args, &options)
            .map_or_else(|_| Report::default(), |(report, _, _)| report)
    };
    // a fix is checked to remove its finding and add none: what a file
    // had less what it has is what its fixes removed
    let count = |report: &Report| {
        let mut counts: std::collections::BTreeMap<PathBuf, usize> = Default::default();
        for f in &report.findings {
            *counts
                .entry(f.primary.file.path().to_path_buf())
                .or_default() += 1;
        }
        counts
    };
    let before = count(&report);
    let outcome = fix::rounds::fix_in_rounds(report, relint, policy);
    let after = count(&outcome.result);
    let removed = |path: &Path| {
        let had = before.get(path).copied().unwrap_or(0);
        had.saturating_sub(after.get(path).copied().unwrap_or(0))
    };
    let mut report = outcome.result;
    for refused in &outcome.refused {
        let finding = &refused.finding;
        let title = finding.fix.as_ref().map_or("", |f| f.title.as_str());
        report.errors.push(FileError {
            code: "internal-error".into(),
            message: format!(
                "the fix of {} ({title}) was not applied: {}",
                finding.code, refused.reason
            ),
            file: finding.primary.file.name(),
            location: Some(finding.primary.clone()),
            related: Vec::new(),
        });
    }
    let mut fixed = 0;
    let mut files = 0;
    if args.diff {
        let mut diffs = String::new();
        for (path, text) in &outcome.texts {
            let before = outcome.originals.get(path).map_or("", String::as_str);
            diffs.push_str(&fix::diff::unified(&path_name(path), before, text));
        }
        super::print(|out| write!(out, "{diffs}"))?;
        fixed = outcome.texts.keys().map(|p| removed(p)).sum();
        files = outcome.texts.len();
    } else {
        for (path, text) in &outcome.texts {
            let before = outcome.originals.get(path).map_or("", String::as_str);
            match fix::write::write_fixed(path, before, text) {
                Ok(()) => {
                    fixed += removed(path);
                    files += 1;
                }
                Err(error) => report.errors.push(FileError {
                    code: "not-written".into(),
                    message: error.to_string(),
                    file: path_name(path),
                    location: None,
                    related: Vec::new(),
                }),
            }
        }
        write_reports(args, &report, filters.registry)?;
    }
    let remaining = report.findings.len();
    if fixed > 0 || !report.errors.is_empty() || !args.quiet {
        let (done, remain) = if args.diff {
            ("would fix", "would remain")
        } else {
            ("fixed", if remaining == 1 { "remains" } else { "remain" })
        };
        let _ = writeln!(
            anstream::stderr(),
            "{done} {} in {}; {} {remain}",
            crate::report::plural(fixed, "finding"),
            crate::report::plural(files, "file"),
            crate::report::plural(remaining, "finding"),
        );
        for error in report
            .errors
            .iter()
            .filter(|e| e.code == "internal-error" || e.code == "not-written")
        {
            let _ = writeln!(
                anstream::stderr(),
                "edgelint: {}: {}",
                error.place(),
                error.message
            );
        }
    }
    let code = exit_code(&report, fail_on);
    if args.diff && code == EXIT_OK && fixed > 0 {
        // something would change: a check that the tree is clean fails
        return Ok(EXIT_FINDINGS);
    }
    Ok(code)
}

/// Lists hidden findings on stderr, one a line.
fn show_suppressed(hidden: &[suppress::Suppressed]) {
    let mut err = anstream::stderr();
    for h in hidden {
        let reason = h
            .reason
            .as_ref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        let _ = writeln!(
            err,
            "suppressed {}: {}[{}] {} (by {}{reason})",
            h.finding.primary.place(),
            h.finding.severity.as_str(),
            h.finding.code,
            h.finding.message,
            h.by
        );
    }
    let _ = writeln!(
        err,
        "{} suppressed",
        crate::report::plural(hidden.len(), "finding")
    );
}

/// `[severity]` overrides from the configuration, by rule code or name.
fn apply_severity(report: &mut Report, overrides: &[(String, Severity)]) {
    if overrides.is_empty() {
        return;
    }
    for finding in &mut report.findings {
        if let Some((_, severity)) = overrides.iter().rev().find(|(key, _)| {
            key.eq_ignore_ascii_case(&finding.code) || key.eq_ignore_ascii_case(&finding.name)
        }) {
            finding.severity = *severity;
        }
    }
}

/// Writes every requested report; when none goes to stdout, the summary
/// line does (unless `--quiet` and clean).
fn write_reports(args: &CheckArgs, report: &Report, registry: &Registry) -> miette::Result<()> {
    let targets = args.resolved_targets();
    let terminal = std::io::stdout().is_terminal();
    let mut to_stdout = false;
    let mut written = Vec::new();
    for target in &targets {
        let format = target_format(args, target, terminal)?;
        match &target.output {
            None => {
                to_stdout = true;
                let style = Style {
                    color: super::stdout_color(),
                    width: super::terminal_width().unwrap_or(100),
                    quiet: args.quiet,
                };
                super::print(|out| report::write(format, report, registry, &style, out))?;
            }
            Some(path) => {
                let style = Style {
                    color: false,
                    width: 100,
                    quiet: args.quiet,
                };
                let mut buffer = Vec::new();
                report::write(format, report, registry, &style, &mut buffer)
                    .and_then(|()| std::fs::write(path, &buffer))
                    .map_err(|e| miette!("cannot write `{}`: {e}", path.display()))?;
                written.push(path.display().to_string());
            }
        }
    }
    let quiet = args.quiet && report::is_clean(report);
    if !to_stdout && !quiet {
        let summary = report::human::summary(report);
        super::print(|out| {
            writeln!(out, "{summary}")?;
            for path in &written {
                writeln!(out, "report written to {path}")?;
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// The format a target is written in: its own, or human on a terminal and
/// concise elsewhere; `--statistics` turns either into counts per rule.
fn target_format(
    args: &CheckArgs,
    target: &Target,
    terminal: bool,
) -> miette::Result<report::Format> {
    let format = target.format.map_or_else(
        || {
            if terminal && target.output.is_none() {
                report::Format::Human
            } else {
                report::Format::Concise
            }
        },
        report::Format::from,
    );
    match format {
        report::Format::Human | report::Format::Concise if args.statistics => {
            Ok(report::Format::Statistics)
        }
        _ if args.statistics => Err(miette!(
            help = "machine formats carry every finding; count them there",
            "`--statistics` replaces the human and concise reports only"
        )),
        format => Ok(format),
    }
}

/// The configuration in force: the file named, or `edgelint.toml` in the
/// working directory or the nearest one above it; none with `no_config`.
pub(super) fn load_config(no_config: bool, path: Option<&Path>) -> miette::Result<Config> {
    if no_config {
        return Ok(Config {
            root: std::env::current_dir().unwrap_or_default(),
            ..Config::default()
        });
    }
    config::load(path).map_err(miette::Report::new)
}

/// The rules a run uses: the built-in ones, `--rules` and the
/// configuration's rule directories, narrowed by `select`, `extend-select`
/// and `ignore` (the command line's `select` replaces the file's; the
/// others add up). Also whether suppressions that hide nothing are
/// reported (unless `unused-suppression` is ignored).
pub(super) fn configured_registry(
    rules: &RuleDirs,
    config: &Config,
    select: &[String],
    extend_select: &[String],
    ignore: &[String],
) -> miette::Result<(Registry, bool)> {
    let mut registry = rules.load()?;
    for dir in &config.rules {
        super::RuleDirs::load_into(&mut registry, dir)?;
    }
    let mut select = if select.is_empty() {
        config.select.clone()
    } else {
        select.to_vec()
    };
    let extend: Vec<String> = config
        .extend_select
        .iter()
        .chain(extend_select)
        .cloned()
        .collect();
    if !select.is_empty() {
        select.extend(extend.iter().cloned());
    } else if !extend.is_empty() {
        // nothing selected means every rule: extending that changes nothing,
        // but the names are still checked
        select_rules(&mut registry.clone(), &extend, &[], config)?;
    }
    let mut ignore: Vec<String> = config.ignore.iter().chain(ignore).cloned().collect();
    // `unused-suppression` is not a rule of the registry, but can be ignored
    let before = ignore.len();
    ignore.retain(|s| !s.eq_ignore_ascii_case(suppress::UNUSED));
    let report_unused = ignore.len() == before;
    select_rules(&mut registry, &select, &ignore, config)?;
    Ok((registry, report_unused))
}

/// The findings of a report as `check` shows them for named `paths`:
/// suppressions (inline and the configuration's), only the named files'
/// findings, the configuration's severities and its baseline.
pub(super) fn as_check_reports(
    report: &mut Report,
    registry: &Registry,
    config: &Config,
    report_unused: bool,
    paths: &[PathBuf],
) -> miette::Result<()> {
    suppress::apply(
        report,
        registry,
        config,
        suppress::Options {
            inline: true,
            report_unused,
        },
    );
    let baseline = match &config.baseline {
        Some(path) => Some(Baseline::read(path).map_err(|e| miette!("{e}"))?),
        None => None,
    };
    as_reported(report, Some(paths), config, baseline.as_ref());
    Ok(())
}

/// What `check` reports of findings whose suppressions are applied: those
/// located in the named files (every one without `named`), at the
/// configuration's severities, less the baseline's; how many the baseline
/// hid.
fn as_reported(
    report: &mut Report,
    named: Option<&[PathBuf]>,
    config: &Config,
    baseline: Option<&Baseline>,
) -> usize {
    if let Some(named) = named {
        only_named_files(report, named);
    }
    apply_severity(report, &config.severity);
    baseline.map_or(0, |b| b.apply(report))
}

/// Applies `--select`/`--ignore`; a selector that matches no rule is a
/// usage error, with the closest code or name as a suggestion, and the
/// configuration file named when the selector came from it.
fn select_rules(
    registry: &mut Registry,
    select: &[String],
    ignore: &[String],
    config: &Config,
) -> miette::Result<()> {
    // Suggestions come from the full catalog, before selection narrows it.
    let unmatched = registry.unmatched(select, ignore);
    let Some(first) = unmatched.first() else {
        registry.select(select, ignore);
        return Ok(());
    };
    let from_config = |s: &String| {
        [&config.select, &config.extend_select, &config.ignore]
            .iter()
            .any(|list| list.contains(s))
    };
    let list = unmatched
        .iter()
        .map(|s| match &config.path {
            Some(path) if from_config(s) => format!("`{s}` (in {})", path.display()),
            _ => format!("`{s}`"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let help = match super::suggest_rule(registry, first) {
        Some(near) => format!("did you mean `{near}`? `edgelint rules` lists every code and name"),
        None => "`edgelint rules` lists every code, name and category".to_string(),
    };
    Err(miette!(help = help, "no rule matches {list}"))
}

/// The paths to walk or read: the current directory when none is named,
/// without `-` (stdin).
fn paths(named: &[PathBuf]) -> Vec<PathBuf> {
    if named.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        named
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .cloned()
            .collect()
    }
}

/// [`admitted_inputs`], each read as if found by a walk under
/// `--skip-unrecognized`.
fn inputs(
    args: &CheckArgs,
    config: &Config,
    paths: &[PathBuf],
) -> (Vec<Input>, Vec<FileError>, Vec<Skipped>) {
    let (mut inputs, errors, skipped) = admitted_inputs(config, paths);
    if args.skip_unrecognized {
        for input in &mut inputs {
            input.explicit = false;
        }
    }
    (inputs, errors, skipped)
}

/// The files under `paths` the configuration admits, the errors of the
/// walk, and what it left out (directories not entered, files the
/// configuration excludes).
pub(super) fn admitted_inputs(
    config: &Config,
    paths: &[PathBuf],
) -> (Vec<Input>, Vec<FileError>, Vec<Skipped>) {
    let (mut inputs, errors, mut skipped) = lint::discover_with_skips(paths);
    inputs.retain(|input| {
        if config.admits(&input.path, input.explicit) {
            return true;
        }
        let relative = config.relative(&input.path);
        let reason = match config.exclude.iter().find(|g| g.is_match(&relative)) {
            Some(glob) => SkipReason::Excluded(glob.pattern.clone()),
            None => SkipReason::NotIncluded,
        };
        skipped.push(Skipped {
            path: input.path.clone(),
            reason,
        });
        false
    });
    (inputs, errors, skipped)
}

/// `--show-files`: each file that would be linted with what it is read
/// as, each file and directory left out with why, and each file that could
/// not be read; one a line, by path.
fn show_files(args: &CheckArgs, config: &Config, options: &LintOptions) -> miette::Result<()> {
    let (inputs, errors, skipped) = inputs(args, config, &paths(&args.paths));
    let (units, report) = lint::plan(&inputs, options);
    let mut lines: Vec<(PathBuf, &str, String)> = Vec::new();
    for (kind, files) in units {
        for file in files {
            lines.push((file, "linted", kind.to_string()));
        }
    }
    for skip in skipped.iter().chain(&report.skipped) {
        lines.push((skip.path.clone(), "skipped", skip.reason.to_string()));
    }
    for error in errors.iter().chain(&report.errors) {
        let detail = format!("{}: {}", error.code, error.message);
        lines.push((PathBuf::from(&error.file), "error", detail));
    }
    lines.sort();
    super::print(|out| {
        for (path, status, detail) in &lines {
            writeln!(out, "{status:<8} {}: {detail}", path_name(path))?;
        }
        Ok(())
    })
}

/// Keeps the findings located in the files the user named, when files
/// are named (a pre-commit hook passes the changed files): a Terraform
/// module (a template with its nested stacks) is still evaluated whole, but
/// a finding in one of its files that was not named belongs to another
/// change. Findings under a named directory all stay.
fn only_named_files(report: &mut Report, paths: &[PathBuf]) {
    if paths.iter().all(|p| p.is_dir()) {
        return;
    }
    let named: Vec<PathBuf> = paths.iter().map(|p| normal(p)).collect();
    report.findings.retain(|finding| {
        let file = normal(finding.primary.file.path());
        named.iter().any(|p| file.starts_with(p))
    });
}

/// A path without `.` components, so `./a.tf` and `a.tf` compare equal.
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

/// A run that linted nothing is not a clean pass: every named path in
/// which no deployment was found becomes an error (exit 2), said on stderr
/// as well as in the reports. Only files named with `--skip-unrecognized`
/// (a hook passing whatever changed) may all be other files.
fn nothing_linted(args: &CheckArgs, report: &mut Report) {
    if report.files > 0 || !report.errors.is_empty() {
        return;
    }
    let named = paths(&args.paths);
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let hook = args.skip_unrecognized && !stdin && named.iter().all(|p| !p.is_dir());
    let skipped = if report.skipped.is_empty() {
        String::new()
    } else {
        format!(
            "; {} skipped (`--show-files` says why)",
            crate::report::plural(report.skipped.len(), "path")
        )
    };
    let mut err = anstream::stderr();
    if hook {
        if !args.quiet {
            let _ = writeln!(
                err,
                "edgelint: none of the files named is a deployment; nothing linted{skipped}"
            );
        }
        return;
    }
    for path in &named {
        let message = format!(
            "nothing linted: no CloudFormation template, Terraform file or CloudFront export found{skipped}"
        );
        let _ = writeln!(err, "edgelint: {}: {message}", path_name(path));
        report.errors.push(FileError {
            code: "nothing-linted".into(),
            message,
            file: path_name(path),
            location: None,
            related: Vec::new(),
        });
    }
}

/// Lints the named paths; `-` stands for stdin.
fn lint(
    args: &CheckArgs,
    config: &Config,
    registry: &Registry,
    options: &LintOptions,
) -> miette::Result<Report> {
    let stdin_count = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        return Err(miette!("`-` (stdin) can be given only once"));
    }
    let paths = paths(&args.paths);
    let mut report = if paths.is_empty() {
        Report::default()
    } else {
        let (inputs, errors, skipped) = inputs(args, config, &paths);
        let mut report = if super::progress::wanted() {
            let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
            let mut options = options.clone();
            options.progress = Some(counter.clone());
            let _bar = super::progress::Progress::start(inputs.len(), counter);
            lint::lint_inputs(&inputs, registry, &options)
        } else {
            lint::lint_inputs(&inputs, registry, options)
        };
        report.errors.extend(errors);
        report.skipped.extend(skipped);
        report.sort();
        report
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
        report.sources.extend(stdin.sources);
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
