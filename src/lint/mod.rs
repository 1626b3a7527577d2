//! Orchestration: files → documents → units → models → rules → findings.
//! Files are independent and run in parallel; a file that cannot be read,
//! parsed or understood is reported and the others still run.

mod assembly;
mod creation;
mod detect;
mod discover;
mod example;
mod fix_check;
mod order;
mod read;
mod run;
mod unit;

pub use discover::MAX_IGNORE_FILE_BYTES;
pub use discover::{Input, SkipReason, Skipped, discover, discover_with_skips, is_terraform_file};
pub use example::{ExampleFiles, MAX_EXAMPLE_FILE_BYTES, check_example, example_files};
pub use fix_check::prove_fix;
use order::{order_key, reorder};
use read::{duplicate_errors, frontend_error, load_document, not_recognized, unparsed};
pub use read::{parse_document, read_file, read_from};
pub use run::{run_rules, whole};
use unit::{
    Loaded, Unit, called_through_caller, collect_units, guarded, lint_loaded, lint_unit, load_unit,
    units_reported,
};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::Limits;
use crate::finding::{FileError, Finding};
use crate::frontend::{self, Format, Scenario};
use crate::model::derive::derive;
use crate::parallel;
use crate::rule::{Registry, SettingValues};
use crate::source::{SourceFile, SourceMap};

/// What shapes a run besides the rules.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    pub frontend: frontend::Options,
    pub settings: SettingValues,
    pub limits: Limits,
    /// Counts the files of linted units as they finish (for a progress bar).
    pub progress: Option<Arc<std::sync::atomic::AtomicUsize>>,
    /// Texts that stand in for files on disk, by the path the run reads
    /// them under: fixes are checked by linting their result before any
    /// file is written.
    pub overlay: Option<Arc<std::collections::BTreeMap<PathBuf, String>>>,
    /// Findings keep, of each file, only the lines a report shows (see
    /// [`keep_excerpts`]); off where whole files are read again after the
    /// run: fixes rewrite them, an editor's code actions edit them.
    pub excerpts: bool,
}

/// The result of a run.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Files read as templates, configurations or exports.
    pub files: usize,
    /// The text of the files linted (for suppressions and editors).
    pub sources: Vec<Arc<SourceFile>>,
    /// Files read and left out as not deployments.
    pub skipped: Vec<Skipped>,
}

impl Report {
    fn merge(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.errors.extend(other.errors);
        self.files += other.files;
        self.sources.extend(other.sources);
        self.skipped.extend(other.skipped);
    }

    /// Orders findings by file, position and code, errors by file.
    pub fn sort(&mut self) {
        // each file's path is made into a key once (files with the same
        // path get the same key, as they compared equal), and findings,
        // which are large to move, are put in order through their indexes
        let identity = |f: &Finding| Arc::as_ptr(&f.primary.file) as usize;
        let mut keys = std::collections::HashMap::new();
        for finding in &self.findings {
            keys.entry(identity(finding))
                .or_insert_with(|| order_key(finding.primary.file.path()));
        }
        let paths: Vec<Option<&[u8]>> = self
            .findings
            .iter()
            .map(|f| keys.get(&identity(f)).map(Vec::as_slice))
            .collect();
        let key = |i: &usize| {
            let finding = self.findings.get(*i);
            (
                paths.get(*i),
                finding.map(|f| f.primary.span.start),
                finding.map(|f| &f.code),
            )
        };
        let mut order: Vec<usize> = (0..self.findings.len()).collect();
        // many findings are sorted on the thread pool, for the run waits;
        // a few are not worth starting it (see `crate::parallel`)
        if order.len() > 1024 {
            order.par_sort_by(|a, b| key(a).cmp(&key(b)));
        } else {
            order.sort_by(|a, b| key(a).cmp(&key(b)));
        }
        reorder(&mut self.findings, order);
        self.errors.sort_by(|a, b| a.file.cmp(&b.file));
        self.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    }
}

/// Lints files and directories.
pub fn lint_paths(paths: &[PathBuf], registry: &Registry, options: &LintOptions) -> Report {
    let (inputs, errors) = discover(paths);
    let mut report = lint_inputs(&inputs, registry, options);
    report.errors.extend(errors);
    report.sort();
    report
}

/// Lints discovered inputs: files are read and parsed in parallel, grouped
/// into units, and units are linted in parallel.
pub fn lint_inputs(inputs: &[Input], registry: &Registry, options: &LintOptions) -> Report {
    let lint = |unit: Unit| {
        let name = unit.name();
        let mut report = guarded(&name, || lint_unit(unit, registry, options));
        release_texts(&mut report);
        if options.excerpts {
            keep_excerpts(&mut report);
        }
        // reports turn spans into lines and columns on the main thread,
        // after every unit; the tables for that are built here, in parallel
        for finding in &report.findings {
            for label in std::iter::once(&finding.primary).chain(&finding.related) {
                label.file.index_positions();
            }
        }
        if let Some(done) = &options.progress {
            done.fetch_add(report.files.max(1), std::sync::atomic::Ordering::Relaxed);
        }
        report
    };
    // templates and plans are linted as they are parsed; a module's report
    // waits for the others, which may call it
    let (units, mut report) = collect_units(inputs, options, Some(&lint));
    let linted: Vec<(Vec<PathBuf>, Report)> =
        parallel::map_owned(units, |unit| (unit.module_files(), lint(unit)));
    for linted in called_through_caller(linted) {
        report.merge(linted);
    }
    report.sort();
    report
}

/// Keeps of a unit's files what the rest of a `check` run reads: every
/// name (a JUnit report lists each file linted), and the text only where
/// a suppression may be written ([`may_hold_suppression`]). A finding
/// holds its own file (or, see [`keep_excerpts`], the lines it shows).
/// Every other text goes with the unit, so memory grows with the largest
/// unit and the findings, not with the number of files.
fn release_texts(report: &mut Report) {
    for file in &mut report.sources {
        if !file.text().is_empty() && !may_hold_suppression(file.text()) {
            *file = Arc::new(SourceFile::new(file.path(), ""));
        }
    }
}

/// Whether a suppression may be written in a text: both kinds, comments
/// and a template's Metadata, name `edgelint`, and a text without the word
/// has none.
pub fn may_hold_suppression(text: &str) -> bool {
    text.contains("edgelint")
}

/// Lines kept around the places a finding names: a report's snippet shows
/// one line of context on each side.
const EXCERPT_CONTEXT_LINES: usize = 2;

/// Has the findings of a unit hold excerpts of their files — the lines
/// from their first place to their last, with context — instead of whole
/// texts: one excerpt per file, shared by its findings, so that what a run
/// keeps grows with the findings, not with the size of the files they are
/// in. A file that may hold a suppression (see [`release_texts`]) stays
/// whole, for suppressions are read from it after the run.
fn keep_excerpts(report: &mut Report) {
    use std::collections::HashMap;
    let key = |file: &Arc<SourceFile>| Arc::as_ptr(file) as usize;
    let mut spans: HashMap<usize, (Arc<SourceFile>, Vec<crate::source::Span>)> = HashMap::new();
    let mut note = |file: &Arc<SourceFile>, span| {
        spans
            .entry(key(file))
            .or_insert_with(|| (file.clone(), Vec::new()))
            .1
            .push(span);
    };
    for finding in &report.findings {
        for label in std::iter::once(&finding.primary).chain(&finding.related) {
            note(&label.file, label.span);
        }
        for edit in finding.fix.iter().flat_map(|fix| &fix.edits) {
            note(&edit.file, edit.span);
        }
    }
    let excerpts: HashMap<usize, Arc<SourceFile>> = spans
        .into_iter()
        .filter(|(_, (file, _))| !may_hold_suppression(file.text()))
        .filter_map(|(at, (file, spans))| {
            Some((at, Arc::new(file.excerpt(spans, EXCERPT_CONTEXT_LINES)?)))
        })
        .collect();
    if excerpts.is_empty() {
        return;
    }
    let swap = |file: &mut Arc<SourceFile>| {
        if let Some(excerpt) = excerpts.get(&key(file)) {
            *file = excerpt.clone();
        }
    };
    for finding in &mut report.findings {
        swap(&mut finding.primary.file);
        finding
            .related
            .iter_mut()
            .for_each(|label| swap(&mut label.file));
        for fix in finding.fix.iter_mut() {
            fix.edits.iter_mut().for_each(|edit| swap(&mut edit.file));
        }
    }
}

/// A deployment read for another purpose than reporting on it (access log
/// attribution): the lint report of the inputs as [`lint_inputs`] makes
/// it, plus each unit with its first scenario as a derived model. A
/// module another unit calls is, as there, only seen through its caller.
pub fn lint_with_models(
    inputs: &[Input],
    registry: &Registry,
    options: &LintOptions,
) -> (Report, Vec<UnitModels>) {
    let (units, mut report) = collect_units(inputs, options, None);
    let mut linted = Vec::new();
    let mut models = Vec::new();
    for unit in units {
        let name = unit.name();
        let files = unit.module_files();
        // the unit is read once: its first scenario is kept for the
        // caller before the rules consume the scenarios
        let loaded = load_unit(&unit, options);
        let model = match loaded.result.as_ref().map(|s| s.first().cloned()) {
            Ok(Some(mut scenario)) => {
                derive(&mut scenario.model);
                Some(UnitModels {
                    name: name.clone(),
                    format: loaded.format,
                    sources: loaded.sources.clone(),
                    scenarios: vec![scenario],
                })
            }
            _ => None,
        };
        models.push(model);
        linted.push((
            files,
            guarded(&name, || lint_loaded(loaded, &name, registry, options)),
        ));
    }
    let kept = units_reported(&linted);
    for linted in called_through_caller(linted) {
        report.merge(linted);
    }
    report.sort();
    let models = models
        .into_iter()
        .zip(kept)
        .filter_map(|(model, kept)| model.filter(|_| kept))
        .collect();
    (report, models)
}

/// Lints text that is not on disk (stdin, an editor buffer, an example).
/// Terraform text is read as a module of one file.
pub fn lint_text(name: &str, text: &str, registry: &Registry, options: &LintOptions) -> Report {
    let file = Arc::new(SourceFile::new(name, text));
    let mut report = guarded(name, || {
        if is_terraform_file(Path::new(name)) && !name.ends_with(".json") {
            return lint_unit(
                Unit::TerraformModule {
                    files: vec![file.clone()],
                },
                registry,
                options,
            );
        }
        let (duplicates, doc) = match load_document(&file, &options.limits) {
            Ok(mut loaded) => (duplicate_errors(&mut loaded, &file), loaded.root),
            Err(err) => {
                return Report {
                    errors: unparsed(err, &file, true).into_iter().collect(),
                    ..Report::default()
                };
            }
        };
        let unit = if frontend::cloudformation::is_template(&doc) {
            Unit::Template {
                file: file.clone(),
                doc,
            }
        } else if frontend::terraform::is_plan(&doc) {
            Unit::TerraformPlan {
                file: file.clone(),
                doc,
            }
        } else if is_terraform_file(Path::new(name)) {
            Unit::TerraformModule {
                files: vec![file.clone()],
            }
        } else if frontend::export::is_export(&doc) {
            Unit::Export {
                files: vec![(file.clone(), doc)],
            }
        } else {
            return Report {
                errors: vec![not_recognized(&file)],
                ..Report::default()
            };
        };
        let mut report = lint_unit(unit, registry, options);
        report.errors.extend(duplicates);
        report
    });
    report.sort();
    report
}

/// What a run would lint, without linting it: each unit's kind and files,
/// and the report of the files that could not be read or are left out.
pub fn plan(
    inputs: &[Input],
    options: &LintOptions,
) -> (Vec<(&'static str, Vec<PathBuf>)>, Report) {
    let (units, mut report) = collect_units(inputs, options, None);
    report.sort();
    let units = units
        .iter()
        .map(|unit| {
            let (kind, files): (&str, Vec<PathBuf>) = match unit {
                Unit::Template { file, .. } => {
                    ("CloudFormation template", vec![file.path().to_path_buf()])
                }
                Unit::TerraformPlan { file, .. } => {
                    ("Terraform plan", vec![file.path().to_path_buf()])
                }
                Unit::TerraformModule { files } => (
                    "Terraform module",
                    files.iter().map(|f| f.path().to_path_buf()).collect(),
                ),
                Unit::Export { files } => (
                    "CloudFront export",
                    files.iter().map(|(f, _)| f.path().to_path_buf()).collect(),
                ),
                Unit::Nested { stacks } => (
                    "CloudFormation template with nested stacks",
                    stacks.iter().map(|s| s.file.path().to_path_buf()).collect(),
                ),
                Unit::Assembly {
                    manifest, stacks, ..
                } => (
                    "CDK cloud assembly",
                    std::iter::once(manifest.path().to_path_buf())
                        .chain(stacks.iter().map(|s| s.file.path().to_path_buf()))
                        .collect(),
                ),
            };
            (kind, files)
        })
        .collect();
    (units, report)
}

/// Lints in-memory files as `lint_inputs` would lint them from one
/// directory: exports form one unit, Terraform files one module, and every
/// other file is its own unit.
pub fn lint_texts(
    files: &[(String, String)],
    registry: &Registry,
    options: &LintOptions,
) -> Report {
    if let [(name, text)] = files {
        return lint_text(name, text, registry, options);
    }
    let mut report = Report::default();
    let mut exports = Vec::new();
    let mut terraform = Vec::new();
    for (name, text) in files {
        let file = Arc::new(SourceFile::new(name, text.as_str()));
        if is_terraform_file(Path::new(name)) && !name.ends_with(".json") {
            terraform.push(file);
            continue;
        }
        match export_doc(&file, &options.limits) {
            Some(doc) => exports.push((file, doc)),
            None => report.merge(lint_text(name, text, registry, options)),
        }
    }
    if !exports.is_empty() {
        let unit = Unit::Export { files: exports };
        let name = unit.name();
        report.merge(guarded(&name, || lint_unit(unit, registry, options)));
    }
    if !terraform.is_empty() {
        let unit = Unit::TerraformModule { files: terraform };
        let name = unit.name();
        report.merge(guarded(&name, || lint_unit(unit, registry, options)));
    }
    report.sort();
    report
}

/// The document of an AWS CLI export (not a template or a plan, which
/// can look alike), which is linted with the other exports of its
/// directory.
fn export_doc(file: &SourceFile, limits: &Limits) -> Option<crate::document::Node> {
    let doc = parse_document(file, limits).ok()?;
    (frontend::export::is_export(&doc)
        && !frontend::cloudformation::is_template(&doc)
        && !frontend::terraform::is_plan(&doc))
    .then_some(doc)
}

/// Whether a file is an export (see [`lint_texts`]).
pub fn is_export_file(file: &SourceFile, limits: &Limits) -> bool {
    export_doc(file, limits).is_some()
}

/// A unit read into its models, for tools and tests.
pub struct UnitModels {
    pub name: String,
    pub format: Format,
    pub sources: SourceMap,
    /// One per deploy scenario, with derived facts computed.
    pub scenarios: Vec<Scenario>,
}

/// Reads the units under `paths` into models without running rules.
pub fn models(paths: &[PathBuf], options: &LintOptions) -> (Vec<UnitModels>, Report) {
    let (inputs, errors) = discover(paths);
    let (units, mut report) = collect_units(&inputs, options, None);
    report.errors.extend(errors);
    let mut out = Vec::new();
    for unit in units {
        let name = unit.name();
        let Loaded {
            format,
            result,
            sources,
            file_errors,
            ..
        } = load_unit(&unit, options);
        report.errors.extend(file_errors);
        match result {
            Ok(mut scenarios) => {
                for scenario in &mut scenarios {
                    derive(&mut scenario.model);
                }
                out.push(UnitModels {
                    name,
                    format,
                    sources,
                    scenarios,
                });
            }
            Err(err) => report.errors.push(frontend_error(err, &name, &sources)),
        }
    }
    (out, report)
}

/// Lints one Terraform module whose file texts are given (an editor's
/// buffers, the rest read from disk by the caller): a change in one file
/// can change the findings of the others.
pub fn lint_module_texts(
    files: Vec<(PathBuf, String)>,
    registry: &Registry,
    options: &LintOptions,
) -> Report {
    let files: Vec<Arc<SourceFile>> = files
        .into_iter()
        .map(|(path, text)| Arc::new(SourceFile::new(path, text)))
        .collect();
    let unit = Unit::TerraformModule { files };
    let name = unit.name();
    let mut report = guarded(&name, || lint_unit(unit, registry, options));
    report.sort();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings sort as they did when each comparison compared their
    /// files' paths: by path as `Path::cmp` orders it (two of the files
    /// have the same path, and their findings mix), then place and code,
    /// stably.
    #[test]
    fn findings_sort_by_path_place_and_code() {
        use crate::finding::{Label, Severity};
        use crate::source::Span;
        let files: Vec<Arc<SourceFile>> = [
            "a/x.yaml",
            "a-b/x.yaml",
            "a/x.yaml",
            "/abs.yaml",
            "b.yaml",
            "a.yaml",
            "./a/x.yaml",
            "A/x.yaml",
        ]
        .iter()
        .map(|name| Arc::new(SourceFile::new(*name, "text of a file")))
        .collect();
        let mut next = crate::document::random_below(0x853c_49e6_748f_ea9b);
        let findings: Vec<Finding> = (0..2000)
            .map(|i| {
                let start = next(4);
                Finding {
                    code: ["CF101", "CF104", "CF2"][next(3)].to_string(),
                    name: String::new(),
                    severity: Severity::Error,
                    // tells findings with equal keys apart, for stability
                    message: i.to_string(),
                    primary: Label {
                        file: files[next(files.len())].clone(),
                        span: Span::new(start, start + 1),
                        message: String::new(),
                    },
                    related: Vec::new(),
                    help: None,
                    resource: None,
                    fingerprint: String::new(),
                    conditions: Vec::new(),
                    facts: Vec::new(),
                    fix: None,
                    construct_path: None,
                }
            })
            .collect();
        let mut expected = findings.clone();
        expected.sort_by(|a, b| {
            a.primary
                .file
                .path()
                .cmp(b.primary.file.path())
                .then_with(|| (a.primary.span.start, &a.code).cmp(&(b.primary.span.start, &b.code)))
        });
        let view = |f: &Finding| {
            let path = f.primary.file.path().to_path_buf();
            (
                path,
                f.primary.span.start,
                f.code.clone(),
                f.message.clone(),
            )
        };
        // both ways to sort: on the thread pool, and not
        for count in [2000, 1000] {
            let mut report = Report {
                findings: findings.iter().take(count).cloned().collect(),
                ..Report::default()
            };
            report.sort();
            let mut expected: Vec<&Finding> = expected.iter().collect();
            expected.retain(|f| f.message.parse::<usize>().unwrap() < count);
            let got: Vec<_> = report.findings.iter().map(view).collect();
            let want: Vec<_> = expected.into_iter().map(view).collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn a_run_keeps_only_the_texts_a_suppression_may_be_in() {
        let dir = tempfile::tempdir().unwrap();
        let faulty = "Resources:\n  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Origins:\n          - Id: web\n            DomainName: docs.s3-website-us-east-1.amazonaws.com\n            CustomOriginConfig:\n              OriginProtocolPolicy: https-only\n        DefaultCacheBehavior:\n          TargetOriginId: web\n          ViewerProtocolPolicy: allow-all\n";
        let suppressed = faulty.replace(
            "OriginProtocolPolicy: https-only",
            "OriginProtocolPolicy: https-only # edgelint: ignore[CF104] kept for the test",
        );
        let clean = faulty.replace("https-only", "http-only");
        for (name, text) in [
            ("a.yaml", faulty),
            ("b.yaml", &suppressed),
            ("c.yaml", &clean),
        ] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let registry = Registry::builtin().unwrap();
        let report = lint_paths(
            &[dir.path().to_path_buf()],
            &registry,
            &LintOptions::default(),
        );
        let texts: Vec<(String, usize)> = report
            .sources
            .iter()
            .map(|f| {
                let name = f.path().file_name().unwrap().to_string_lossy().into_owned();
                (name, f.text().len())
            })
            .collect::<std::collections::BTreeMap<_, _>>()
            .into_iter()
            .collect();
        // every file is named; only the one with a suppression keeps its text
        assert_eq!(
            texts,
            [
                ("a.yaml".to_string(), 0),
                ("b.yaml".to_string(), suppressed.len()),
                ("c.yaml".to_string(), 0)
            ]
        );
        // a finding still holds its whole file, for its snippet and fix
        let a = report
            .findings
            .iter()
            .find(|f| f.primary.file.path().ends_with("a.yaml"))
            .unwrap();
        assert_eq!(a.primary.file.text(), faulty);
    }
}
