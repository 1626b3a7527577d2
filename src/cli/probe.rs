//! `edgelint probe [PATH…] | URL`: connects to every origin of the
//! deployments (or to one URL) the way CloudFront does and reports what
//! would fail, like `check` reports findings.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::{Duration, Instant};

use clap::Args;
use miette::miette;

use super::check::{FailOn, FormatArg};
use crate::config::{self, Config};
use crate::finding::{FileError, Label};
use crate::lint::{self, Report};
use crate::probe::{self, Mapping, Place, Plan, Protocols, Scheme, Settings, Target, Trust};
use crate::report::{self, Style};
use crate::rule::Registry;
use crate::source::{SourceFile, Span};

/// `probe`'s defaults, which `logs --probe` uses too.
pub const EXPIRY_HORIZON_DAYS: u64 = 21;
pub const CONCURRENCY: usize = 100;
pub const DEADLINE_SECONDS: u64 = 600;

/// The settings of a run of probes.
pub(super) fn settings(
    trust: Trust,
    mappings: Vec<Mapping>,
    expiry_horizon_days: u64,
    concurrency: usize,
    deadline_seconds: u64,
) -> Settings {
    Settings {
        trust,
        mappings,
        expiry_horizon: Duration::from_secs(expiry_horizon_days.saturating_mul(86_400)),
        concurrency: concurrency.max(1),
        deadline: Instant::now() + Duration::from_secs(deadline_seconds),
        dns_timeout: Duration::from_secs(10),
    }
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// Deployments whose origins to probe (files and directories, read as
    /// `check` reads them), or one `http://` or `https://` URL. Default:
    /// the current directory.
    #[arg(value_name = "PATH|URL")]
    pub targets: Vec<String>,

    /// Connect to ADDR for NAME on PORT instead of resolving NAME (as
    /// curl's `--resolve`; repeatable). A mapped address is never judged
    /// private.
    #[arg(long = "resolve", value_name = "NAME:PORT:ADDR")]
    pub resolve: Vec<Mapping>,

    /// FOR TESTS ONLY: trust the CA certificates of this PEM file instead
    /// of Mozilla's included CA list, which is what CloudFront trusts.
    /// Findings made with it say nothing about CloudFront.
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,

    /// URL only: the TLS server name to send (default: the URL's host).
    #[arg(long, value_name = "NAME")]
    pub sni: Option<String>,

    /// URL only: the Host header to send (default: the server name).
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,

    /// URL only: the origin SSL protocols to offer (default: TLSv1.2).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub protocols: Vec<String>,

    /// URL only: the origin response (read) timeout, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub read_timeout: u64,

    /// URL only: the connection timeout, in seconds, and attempts.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub connect_timeout: u64,

    /// Warn about certificates that expire within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = EXPIRY_HORIZON_DAYS)]
    pub expiry_horizon: u64,

    /// How many origins are probed at once.
    #[arg(long, value_name = "N", default_value_t = CONCURRENCY)]
    pub concurrency: usize,

    /// Stop starting probes after this many seconds; what is left is
    /// listed as not probed.
    #[arg(long, value_name = "SECONDS", default_value_t = DEADLINE_SECONDS)]
    pub deadline: u64,

    /// Output format. Default: human on a terminal, concise otherwise.
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Write the report to FILE instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// The lowest severity that makes the run fail (exit 1). Default: error.
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// The configuration file (its parameters, variables and region apply).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Ignore any configuration file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,

    /// A CloudFormation parameter value (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE", value_parser = super::check::parse_param)]
    pub params: Vec<(String, String)>,

    /// A Terraform variable value (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = super::check::parse_param)]
    pub vars: Vec<(String, String)>,

    /// A Terraform variable file (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,

    /// The region the templates deploy to.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Print nothing when there is nothing to report.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Mozilla's CA list, which CloudFront trusts, or (in tests) the CAs of
/// a PEM file.
pub(super) fn trust(ca_file: Option<&std::path::Path>) -> miette::Result<Trust> {
    match ca_file {
        Some(path) => {
            let pem = crate::source::read::read_bytes(path, 1024 * 1024)
                .map_err(|e| miette!("cannot read `{}`: {e}", path.display()))?;
            Trust::from_pem(&pem).map_err(|e| miette!("`{}` {e}", path.display()))
        }
        None => Ok(Trust::mozilla()),
    }
}

/// Whether an argument is a URL rather than a path.
fn is_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://")
}

pub fn run(args: ProbeArgs) -> miette::Result<u8> {
    let trust = trust(args.ca_file.as_deref())?;
    let urls: Vec<&String> = args.targets.iter().filter(|t| is_url(t)).collect();
    let (plan, mut report) = match urls.as_slice() {
        [] => read_deployments(&args)?,
        [url] if args.targets.len() == 1 => (url_plan(&args, url)?, Report::default()),
        _ => {
            return Err(miette!(
                "give either one URL or paths to deployments, not both"
            ));
        }
    };
    if (args.sni.is_some() || args.host.is_some() || !args.protocols.is_empty()) && urls.is_empty()
    {
        return Err(miette!(
            help = "a deployment says these for each origin",
            "`--sni`, `--host` and `--protocols` apply to a URL"
        ));
    }
    let settings = settings(
        trust,
        args.resolve.clone(),
        args.expiry_horizon,
        args.concurrency,
        args.deadline,
    );
    let targets: Vec<Target> = plan.targets.iter().map(|(t, _)| t.clone()).collect();
    let outcomes = if super::progress::wanted() {
        let counter = Arc::new(AtomicUsize::new(0));
        let _bar = super::progress::Progress::start_counting(
            targets.len(),
            counter.clone(),
            "probing {pos}/{len} origins",
        );
        probe::probe_all(&targets, &settings, Some(counter))
    } else {
        probe::probe_all(&targets, &settings, None)
    };
    report
        .findings
        .extend(probe::findings::findings(&plan.targets, &outcomes));
    report.sort();
    tell_not_probed(&plan, &outcomes, args.quiet);
    write_report(&args, &report)?;
    let fail_on = args.fail_on.unwrap_or(FailOn::Error);
    Ok(super::check::exit_code(&report, fail_on))
}

/// Reads the deployments as `check` does and plans their origins.
fn read_deployments(args: &ProbeArgs) -> miette::Result<(Plan, Report)> {
    let config = if args.no_config {
        Config::default()
    } else {
        config::load(args.config.as_deref()).map_err(miette::Report::new)?
    };
    let options = super::check::lint_options(
        &config,
        &args.params,
        &args.vars,
        &args.var_files,
        args.region.as_ref(),
    );
    let paths: Vec<PathBuf> = if args.targets.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.targets.iter().map(PathBuf::from).collect()
    };
    let (units, mut report) = lint::models(&paths, &options);
    let mut plan = Plan::default();
    for unit in &units {
        report.files += unit.sources.files().count();
        report
            .sources
            .extend(unit.sources.files().map(|(_, f)| f.clone()));
        probe::target::plan_unit(&mut plan, unit);
    }
    if units.is_empty() && report.errors.is_empty() {
        for path in &paths {
            let message =
                "nothing probed: no CloudFormation template, Terraform file or CloudFront export found"
                    .to_string();
            let _ = writeln!(
                anstream::stderr(),
                "edgelint: {}: {message}",
                path.display()
            );
            report.errors.push(FileError {
                code: "nothing-linted".into(),
                message,
                file: path.display().to_string(),
                location: None,
                related: Vec::new(),
            });
        }
    }
    Ok((plan, report))
}

/// One target from a URL and the flags that stand for a deployment's
/// settings. Findings are located at the URL's host.
fn url_plan(args: &ProbeArgs, text: &str) -> miette::Result<Plan> {
    let url = url::Url::parse(text).map_err(|e| miette!("`{text}` is not a URL: {e}"))?;
    let scheme = match url.scheme() {
        "https" => Scheme::Https,
        "http" => Scheme::Http,
        other => {
            return Err(miette!(
                "`{other}` URLs cannot be probed; use http or https"
            ));
        }
    };
    let host = url
        .host_str()
        .ok_or_else(|| miette!("`{text}` has no host"))?
        .trim_matches(['[', ']'])
        .to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let protocols = if args.protocols.is_empty() {
        Protocols::parse(["TLSv1.2"])
    } else {
        Protocols::parse(args.protocols.iter().map(String::as_str))
    }
    .map_err(|e| miette!("--protocols: {e}"))?;
    let server_name = args.sni.clone().unwrap_or_else(|| host.clone());
    let mut path = url.path().to_string();
    if let Some(query) = url.query() {
        path = format!("{path}?{query}");
    }
    let target = Target {
        scheme,
        host: host.clone(),
        port,
        host_header: args.host.clone().unwrap_or_else(|| server_name.clone()),
        server_name,
        path,
        protocols,
        connect_timeout: Duration::from_secs(args.connect_timeout.max(1)),
        attempts: 3,
        read_timeout: Duration::from_secs(args.read_timeout.max(1)),
        headers: Vec::new(),
        judge_name: true,
    };
    let file = Arc::new(SourceFile::new(text, text));
    let start = text.find(&host).unwrap_or(0);
    let mut plan = Plan::default();
    plan.add(
        target,
        Place {
            origin: host.clone(),
            label: Some(Label {
                file,
                span: Span::new(start, start + host.len()),
                message: String::new(),
            }),
            resource: None,
        },
    );
    Ok(plan)
}

/// Lists on stderr the origins left out and the probes that stopped
/// short of a verdict, with why.
fn tell_not_probed(plan: &Plan, outcomes: &[probe::Outcome], quiet: bool) {
    if quiet {
        return;
    }
    let mut err = anstream::stderr();
    let at = |place: &Place| {
        place
            .label
            .as_ref()
            .map_or_else(|| "?".to_string(), Label::place)
    };
    for skip in &plan.skipped {
        let _ = writeln!(
            err,
            "not probed: {}: origin `{}`: {}",
            at(&skip.place),
            skip.place.origin,
            skip.reason
        );
    }
    for ((target, places), outcome) in plan.targets.iter().zip(outcomes) {
        if let Some(why) = &outcome.untested {
            for place in places {
                let _ = writeln!(
                    err,
                    "not fully probed: {}: origin `{}` ({}): {why}",
                    at(place),
                    place.origin,
                    target.url()
                );
            }
        }
    }
}

fn write_report(args: &ProbeArgs, report: &Report) -> miette::Result<()> {
    let registry = Registry::from_rules(probe::catalog::rules());
    let terminal = std::io::stdout().is_terminal();
    let format = match args.format {
        Some(f) => report::Format::from(f),
        None if terminal && args.output.is_none() => report::Format::Human,
        None => report::Format::Concise,
    };
    match &args.output {
        None => {
            let style = Style {
                color: super::stdout_color(),
                width: super::terminal_width().unwrap_or(100),
                quiet: args.quiet,
            };
            super::print(|out| report::write(format, report, &registry, &style, out))
        }
        Some(path) => {
            let mut buffer = Vec::new();
            let style = Style {
                color: false,
                width: 100,
                quiet: args.quiet,
            };
            report::write(format, report, &registry, &style, &mut buffer)
                .and_then(|()| std::fs::write(path, &buffer))
                .map_err(|e| miette!("cannot write `{}`: {e}", path.display()))?;
            if !(args.quiet && report::is_clean(report)) {
                let summary = report::human::summary(report);
                super::print(|out| {
                    writeln!(out, "{summary}\nreport written to {}", path.display())
                })?;
            }
            Ok(())
        }
    }
}
