//! `edgelint logs`: read CloudFront access logs and name the cause of
//! every 5xx.
//!
//! Exit codes, as `check`'s: 0 when the logs hold no 5xx, 1 when they
//! hold some (each named in the report), 2 for a usage error, a file or
//! line that could not be read, or a deployment that could not be linted
//! (2 wins over 1; every readable line is still counted).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use clap::{Args, ValueEnum};
use miette::{IntoDiagnostic, miette};

use super::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, RuleDirs};
use crate::lint::LintOptions;
use crate::logs::{self, fields::Layout, route::Deployment};

#[derive(Debug, Args)]
pub struct LogsArgs {
    /// Log files and directories: standard logs (W3C, gzip or plain, or
    /// JSON) and real-time logs.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The deployment the logs come from (anything `check` reads):
    /// requests are routed to its distributions, behaviors, origins and
    /// functions, and its findings are tied to the causes.
    #[arg(long, value_name = "PATH")]
    pub deployment: Vec<PathBuf>,

    /// The fields of real-time log records, in order, comma-separated
    /// (default: the deployment's real-time log configuration).
    #[arg(long, value_name = "FIELDS", value_delimiter = ',')]
    pub realtime_fields: Vec<String>,

    /// Output format on stdout.
    #[arg(long, value_enum, default_value = "human")]
    pub format: LogsFormat,

    /// Also write the self-contained HTML report to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,

    /// Print the table definition and grouping queries for a query
    /// engine instead of reading logs.
    #[arg(long, value_enum, value_name = "ENGINE")]
    pub emit_sql: Option<SqlEngine>,

    /// The S3 location of the logs, for `--emit-sql`.
    #[arg(
        long,
        value_name = "S3_URL",
        default_value = "s3://amzn-s3-demo-bucket/"
    )]
    pub location: String,

    #[command(flatten)]
    pub rules: RuleDirs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogsFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SqlEngine {
    Athena,
}

pub fn run(args: LogsArgs) -> miette::Result<u8> {
    let deployment = if args.deployment.is_empty() {
        None
    } else {
        let registry = args.rules.load()?;
        Some(Deployment::load(
            &args.deployment,
            &registry,
            &LintOptions::default(),
        ))
    };
    let mut status = EXIT_OK;
    if let Some(d) = &deployment {
        for error in &d.report.errors {
            eprintln!(
                "deployment: {}: {} [{}]",
                error.file, error.message, error.code
            );
            status = EXIT_ERROR;
        }
        if d.distributions.is_empty() {
            return Err(miette!(
                "no CloudFront distribution in {}; requests cannot be attributed",
                args.deployment
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if let Some(SqlEngine::Athena) = args.emit_sql {
        let sql = logs::athena::render(deployment.as_ref(), &args.location);
        super::print(|out| writeln!(out, "{sql}"))?;
        return Ok(status);
    }
    if args.paths.is_empty() {
        return Err(miette!("name the log files or directories to read"));
    }
    let realtime = realtime_layout(&args.realtime_fields, deployment.as_ref())?;
    let (files, problems) = logs::discover(&args.paths);
    if files.is_empty() && problems.is_empty() {
        return Err(miette!("no log files under the paths given"));
    }
    let counter = Arc::new(AtomicUsize::new(0));
    let options = logs::Options {
        realtime,
        progress: Some(counter.clone()),
    };
    let tally = {
        let _bar = (super::progress::wanted() && files.len() > 1).then(|| {
            super::progress::Progress::start_counting(
                files.len(),
                counter,
                "reading {pos}/{len} files",
            )
        });
        logs::tally(&files, deployment.as_ref(), &options)
    };
    let mut analysis = logs::analyze(tally, deployment.as_ref());
    analysis.failed_files += problems.len();
    let mut all = problems;
    all.append(&mut analysis.problems);
    analysis.problems = all;
    if let Some(path) = &args.html {
        std::fs::write(path, logs::html::render(&analysis))
            .into_diagnostic()
            .map_err(|e| miette!("cannot write {}: {e}", path.display()))?;
    }
    match args.format {
        LogsFormat::Human => {
            let text = logs::terminal::render(&analysis);
            super::print(|out| out.write_all(text.as_bytes()))?;
        }
        LogsFormat::Json => {
            let json = serde_json::to_string_pretty(&analysis).into_diagnostic()?;
            super::print(|out| writeln!(out, "{json}"))?;
        }
    }
    if analysis.failed_files > 0 || analysis.bad_lines > 0 {
        status = EXIT_ERROR;
    } else if analysis.errors > 0 && status == EXIT_OK {
        status = EXIT_FINDINGS;
    }
    Ok(status)
}

/// The real-time field list: given, or the deployment's only one.
fn realtime_layout(
    given: &[String],
    deployment: Option<&Deployment>,
) -> miette::Result<Option<Layout>> {
    if !given.is_empty() {
        let names: Vec<&str> = given.iter().map(|s| s.trim()).collect();
        let layout = Layout::new(&names);
        let missing = layout.missing();
        if !missing.is_empty() {
            return Err(miette!(
                "--realtime-fields lacks {}, which the analysis needs",
                missing.join(", ")
            ));
        }
        return Ok(Some(layout));
    }
    let lists = deployment
        .map(|d| d.realtime_fields.as_slice())
        .unwrap_or(&[]);
    match lists {
        [] => Ok(None),
        [(_, fields)] => Ok(Some(Layout::new(fields))),
        several => {
            // several configurations: only one field list can be assumed
            let first = several.first().map(|(_, f)| f.clone()).unwrap_or_default();
            if several.iter().all(|(_, f)| *f == first) {
                Ok(Some(Layout::new(&first)))
            } else {
                Err(miette!(
                    "the deployment has {} real-time log configurations with different fields ({}); name the fields with --realtime-fields",
                    several.len(),
                    several
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
    }
}
