//! Command line: `edgelint check | probe | explain | rules | schema`.
//!
//! Commands return `miette::Result`; any error that reaches [`run`] is a
//! usage or configuration problem (exit 2). Lint results decide their own
//! exit code in [`check`].

pub mod check;
pub mod explain;
pub mod init;
pub mod markdown;
pub mod probe;
pub mod progress;
pub mod rules;
pub mod schema;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use miette::{IntoDiagnostic, miette};

use crate::rule::{Registry, RuleError};

/// Exit code: nothing at or above `--fail-on`, no file errors.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage error, broken rule file, or a file that could not be
/// linted. Wins over [`EXIT_FINDINGS`].
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "edgelint",
    // the package version and the commit it was built from (build.rs)
    version = env!("EDGELINT_VERSION"),
    about = "Lints CloudFront deployments (CloudFormation, Terraform, AWS CLI exports) for misconfigurations that cause 502/503/504 or failed deploys",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,

    /// `--color auto|always|never`, for every command.
    #[command(flatten)]
    color: colorchoice_clap::Color,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files and directories.
    Check(Box<check::CheckArgs>),
    /// Connect to every origin the way CloudFront does and report what would fail.
    Probe(Box<probe::ProbeArgs>),
    /// Show a rule's documentation.
    Explain(explain::ExplainArgs),
    /// List the rules.
    Rules(rules::RulesArgs),
    /// Print the model schema rules are written against.
    Schema(schema::SchemaArgs),
    /// Write a commented starter `edgelint.toml` in the current directory.
    Init(init::InitArgs),
    /// Run the language server on stdio (for editors).
    Lsp,
    /// Print a shell completion script (`edgelint completions bash > …`).
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `edgelint man > edgelint.1`.
    Man,
}

/// Where extra rules come from; shared by the commands that load rules.
#[derive(Debug, Default, Args)]
pub struct RuleDirs {
    /// Directory of extra `.rule` files (repeatable).
    #[arg(long = "rules", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

impl RuleDirs {
    /// The built-in rules plus every `--rules` directory. A broken rule
    /// file is returned as its own diagnostic so miette shows the snippet.
    pub fn load(&self) -> miette::Result<Registry> {
        let mut registry = Registry::builtin().map_err(miette::Report::new)?;
        for dir in &self.dirs {
            RuleDirs::load_into(&mut registry, dir)?;
        }
        Ok(registry)
    }

    /// [`RuleDirs::load`], plus the `rules` directories of the
    /// configuration file in force (`edgelint.toml` here or above), so
    /// `rules` and `explain` know what `check` runs.
    pub fn load_with_config(&self) -> miette::Result<Registry> {
        let mut registry = self.load()?;
        let config = crate::config::load(None).map_err(miette::Report::new)?;
        for dir in &config.rules {
            RuleDirs::load_into(&mut registry, dir)?;
        }
        Ok(registry)
    }

    /// Adds the rules of one directory.
    pub fn load_into(registry: &mut Registry, dir: &std::path::Path) -> miette::Result<()> {
        registry
            .load_dir(dir)
            .map_err(|err| match err.downcast::<RuleError>() {
                Ok(rule_error) => miette::Report::new(*rule_error),
                Err(other) => miette!("cannot load rules from `{}`: {other}", dir.display()),
            })
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches).map(|cli| (cli, matches)));
    let cli = match parsed {
        Ok((mut cli, matches)) => {
            if let (Command::Check(args), Some(("check", sub))) =
                (&mut cli.command, matches.subcommand())
            {
                args.pair_from(sub);
            }
            cli
        }
        Err(err) => {
            // --help and --version land here too, with exit code 0.
            let _ = err.print();
            return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(EXIT_ERROR));
        }
    };
    choose_color(cli.color);
    let result = match cli.command {
        Command::Check(args) => check::run(*args),
        Command::Probe(args) => probe::run(*args),
        Command::Explain(args) => explain::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Init(args) => init::run(args),
        Command::Completions { shell } => {
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "edgelint", &mut text);
            print(|out| out.write_all(&text)).map(|()| EXIT_OK)
        }
        Command::Man => {
            let mut text = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut text)
                .into_diagnostic()
                .and_then(|()| print(|out| out.write_all(&text)))
                .map(|()| EXIT_OK)
        }
        Command::Lsp => crate::server::run()
            // the protocol's status for `exit` without `shutdown` is 1
            .map(|shut_down| if shut_down { EXIT_OK } else { 1 })
            .map_err(|e| miette!("language server: {e}")),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            // miette panics on a snippet past column 65,535; the message
            // alone still says what is wrong
            let shown =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| format!("{report:?}")))
                    .unwrap_or_else(|_| format!("error: {report}"));
            let _ = writeln!(io::stderr(), "{shown}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// Writes command output to stdout. A closed pipe (`edgelint rules | head`)
/// is not an error worth reporting.
pub(crate) fn print(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> miette::Result<()> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match write(&mut out).and_then(|()| out.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.into_diagnostic(),
    }
}

/// Sets the colour choice every stream of the process follows. `auto`
/// leaves it to anstream, which reads `NO_COLOR`, `CLICOLOR_FORCE`,
/// `CLICOLOR` and `TERM=dumb` and whether the stream is a terminal. It
/// does not read `FORCE_COLOR`, which CI systems document for forcing
/// colour into logs, so that one is read here as anstream reads
/// `CLICOLOR_FORCE` (and `NO_COLOR` still wins).
fn choose_color(color: colorchoice_clap::Color) {
    let forced = || {
        std::env::var_os("FORCE_COLOR").is_some_and(|v| !v.is_empty() && v != "0" && v != "false")
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    };
    if color.color == colorchoice_clap::ColorChoice::Auto && forced() {
        anstream::ColorChoice::Always.write_global();
    } else {
        color.write_global();
    }
}

/// Whether stdout gets colour, by the choice [`choose_color`] made.
pub(crate) fn stdout_color() -> bool {
    anstream::AutoStream::choice(&io::stdout()) != anstream::ColorChoice::Never
}

/// The terminal's width, when stdout is one.
pub(crate) fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))
}

/// The rule code or name closest to `key`, ignoring case (`cf14` → `CF104`).
pub(crate) fn suggest_rule(registry: &Registry, key: &str) -> Option<String> {
    let known: Vec<&str> = registry
        .rules()
        .iter()
        .flat_map(|r| [r.code.as_str(), r.name.as_str()])
        .collect();
    let lower: Vec<String> = known.iter().map(|k| k.to_ascii_lowercase()).collect();
    let near =
        crate::dsl::did_you_mean(&key.to_ascii_lowercase(), lower.iter().map(String::as_str))?;
    let index = lower.iter().position(|l| l == near)?;
    known.get(index).map(|k| k.to_string())
}
