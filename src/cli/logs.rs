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
use crate::lint::{self, UnitModels};
use crate::logs::route::{Deployment, Place};
use crate::logs::{self, athena::Delivery, fields::Layout, tally::Tally};
use crate::probe::{self, Mapping, Plan};

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

    /// With `--emit-sql`: the delivery the table reads. Real-time logs
    /// take their fields from `--realtime-fields` or the deployment.
    #[arg(long, value_enum, value_name = "DELIVERY", default_value = "standard")]
    pub log_format: SqlDelivery,

    /// The S3 location of the logs, for `--emit-sql`.
    #[arg(
        long,
        value_name = "S3_URL",
        default_value = "s3://amzn-s3-demo-bucket/"
    )]
    pub location: String,

    /// Also connect to the origins that failed, as `edgelint probe`
    /// does, and tie what it finds to their causes (needs
    /// `--deployment` and network access to the origins).
    #[arg(long, requires = "deployment")]
    pub probe: bool,

    /// With `--probe`: connect to ADDR for NAME on PORT instead of
    /// resolving NAME (as curl's `--resolve`; repeatable).
    #[arg(long = "resolve", value_name = "NAME:PORT:ADDR", requires = "probe")]
    pub resolve: Vec<Mapping>,

    /// With `--probe`, FOR TESTS ONLY: trust the CA certificates of this
    /// PEM file instead of Mozilla's CA list, which CloudFront trusts.
    #[arg(long, value_name = "FILE", requires = "probe")]
    pub ca_file: Option<PathBuf>,

    /// The configuration file the deployment is linted with, as `check`
    /// lints it. Default: `edgelint.toml` in the working directory or the
    /// nearest directory above it.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Ignore any configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SqlDelivery {
    /// Standard logs, W3C (legacy, or v2 with every field).
    Standard,
    /// Standard logs v2 as JSON.
    Json,
    /// Real-time logs.
    Realtime,
}

pub fn run(args: LogsArgs) -> miette::Result<u8> {
    let (mut deployment, units) = if args.deployment.is_empty() {
        (None, Vec::new())
    } else {
        let (deployment, units) = load_deployment(&args)?;
        (Some(deployment), units)
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
        let realtime = match args.log_format {
            SqlDelivery::Realtime => realtime_layout(&args.realtime_fields, deployment.as_ref())?,
            _ => None,
        };
        let delivery = match (args.log_format, &realtime) {
            (SqlDelivery::Standard, _) => Delivery::Standard,
            (SqlDelivery::Json, _) => Delivery::Json,
            (SqlDelivery::Realtime, Some(layout)) => Delivery::Realtime(layout),
            (SqlDelivery::Realtime, None) => {
                return Err(miette!(
                    "real-time logs have the fields their configuration chose; name them with --realtime-fields or give the deployment that holds the configuration"
                ));
            }
        };
        let sql = logs::athena::render(deployment.as_ref(), &args.location, &delivery);
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
    if let (true, Some(deployment)) = (args.probe, deployment.as_mut()) {
        probe_failing(&args, deployment, &units, &tally)?;
    }
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

/// Reads and lints the deployment as `check` would with the same
/// configuration, so the findings tied to causes are those `check`
/// reports.
fn load_deployment(args: &LogsArgs) -> miette::Result<(Deployment, Vec<UnitModels>)> {
    let config = super::check::load_config(args.no_config, args.config.as_deref())?;
    let (registry, report_unused) =
        super::check::configured_registry(&args.rules, &config, &[], &[], &[])?;
    let options = super::check::lint_options(&config, &[], &[], &[], None);
    let (inputs, errors, _) = super::check::admitted_inputs(&config, &args.deployment);
    let (mut report, models) = lint::lint_with_models(&inputs, &registry, &options);
    report.errors.extend(errors);
    super::check::as_check_reports(
        &mut report,
        &registry,
        &config,
        report_unused,
        &args.deployment,
    )?;
    let deployment = Deployment::new(report, &models);
    // the models stay only for `--probe`, which plans from them; otherwise
    // they go before the logs are read
    let models = if args.probe { models } else { Vec::new() };
    Ok((deployment, models))
}

/// `--probe`: probes the origins of the places where requests failed
/// (each connection once, as `edgelint probe` makes it) and adds what it
/// finds to the deployment's findings, so the causes show it.
fn probe_failing(
    args: &LogsArgs,
    deployment: &mut Deployment,
    units: &[UnitModels],
    tally: &Tally,
) -> miette::Result<()> {
    let places: Vec<&Place> = tally
        .groups
        .keys()
        .map(|(_, place)| place)
        .filter(|p| matches!(p.kind, "origin" | "origin-group"))
        .collect();
    if places.is_empty() {
        return Ok(());
    }
    let mut plan = Plan::default();
    for unit in units {
        probe::target::plan_unit(&mut plan, unit);
    }
    plan.targets.retain(|(_, configured)| {
        configured.iter().any(|p| {
            p.label
                .as_ref()
                .is_some_and(|label| deployment.on_places(label, &places))
        })
    });
    use super::probe::{CONCURRENCY, DEADLINE_SECONDS, EXPIRY_HORIZON_DAYS};
    let settings = super::probe::settings(
        super::probe::trust(args.ca_file.as_deref())?,
        args.resolve.clone(),
        EXPIRY_HORIZON_DAYS,
        CONCURRENCY,
        DEADLINE_SECONDS,
    );
    let targets: Vec<probe::Target> = plan.targets.iter().map(|(t, _)| t.clone()).collect();
    let outcomes = probe::probe_all(&targets, &settings, None);
    deployment.add_findings(probe::findings::findings(&plan.targets, &outcomes));
    Ok(())
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
