//! Orchestration: files → documents → units → models → rules → findings.
//! Files are independent and run in parallel; a file that cannot be read,
//! parsed or understood is reported and the others still run.

use std::collections::BTreeMap;
use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::{self, DocError, Limits, Node};
use crate::dsl::eval::{self, Failure};
use crate::finding::{self, FileError, Finding, Label};
use crate::frontend::{self, Format, FrontendError, Scenario};
use crate::model::derive::derive;
use crate::rule::{Registry, Rule, SettingValues};
use crate::source::{FileId, Loc, SourceFile, SourceMap, Span};

/// What shapes a run besides the rules.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    pub frontend: frontend::Options,
    pub settings: SettingValues,
    pub limits: Limits,
    /// Counts the files of linted units as they finish (for a progress bar).
    pub progress: Option<Arc<std::sync::atomic::AtomicUsize>>,
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
}

impl Report {
    fn merge(&mut self, other: Report) {
        self.findings.extend(other.findings);
        self.errors.extend(other.errors);
        self.files += other.files;
        self.sources.extend(other.sources);
    }

    /// Orders findings by file, position and code, errors by file.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (a.primary.file.path(), a.primary.span.start, &a.code).cmp(&(
                b.primary.file.path(),
                b.primary.span.start,
                &b.code,
            ))
        });
        self.errors.sort_by(|a, b| a.file.cmp(&b.file));
    }
}

/// A file to lint, and whether the user named it (a named file that is not
/// a template is an error; one found by walking a directory is skipped).
#[derive(Clone, Debug)]
pub struct Input {
    pub path: PathBuf,
    pub explicit: bool,
}

/// Extensions of files a directory walk considers.
const CANDIDATE_EXTENSIONS: &[&str] = &["yaml", "yml", "json", "template", "tf", "tfvars"];

/// Finds the files to lint: named files as they are, directories walked
/// honouring `.gitignore`.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<FileError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = ignore::WalkBuilder::new(path).follow_links(false).build();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                        let candidate =
                            e.path()
                                .extension()
                                .and_then(|x| x.to_str())
                                .is_some_and(|x| {
                                    CANDIDATE_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                                });
                        if candidate {
                            inputs.push(Input {
                                path: e.into_path(),
                                explicit: false,
                            });
                        }
                    }
                    Ok(_) => {}
                    Err(err) => errors.push(FileError {
                        code: "unreadable".into(),
                        message: err.to_string(),
                        file: path.display().to_string(),
                        location: None,
                        related: Vec::new(),
                    }),
                }
            }
        } else {
            inputs.push(Input {
                path: path.clone(),
                explicit: true,
            });
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.dedup_by(|a, b| a.path == b.path);
    (inputs, errors)
}

/// Lints files and directories.
pub fn lint_paths(paths: &[PathBuf], registry: &Registry, options: &LintOptions) -> Report {
    let (inputs, errors) = discover(paths);
    let mut report = lint_inputs(&inputs, registry, options);
    report.errors.extend(errors);
    report.sort();
    report
}

/// One analysis unit: what deploys together.
enum Unit {
    /// A CloudFormation template.
    Template { file: Arc<SourceFile>, doc: Node },
    /// A Terraform module directory: its configuration and variable files.
    TerraformModule { files: Vec<Arc<SourceFile>> },
    /// A `terraform show -json` plan.
    TerraformPlan { file: Arc<SourceFile>, doc: Node },
    /// The AWS CLI exports of one directory.
    Export { files: Vec<(Arc<SourceFile>, Node)> },
}

impl Unit {
    fn name(&self) -> String {
        match self {
            Unit::Template { file, .. } | Unit::TerraformPlan { file, .. } => file.name(),
            Unit::TerraformModule { files } => files
                .first()
                .and_then(|f| f.path().parent())
                .map_or_else(String::new, |d| d.display().to_string()),
            Unit::Export { files } => files.first().map_or_else(String::new, |(f, _)| f.name()),
        }
    }
}

/// What a parsed file turned out to be.
enum Recognized {
    Unit(Unit),
    /// An export, which joins the other exports of its directory.
    Export(Arc<SourceFile>, Node),
    Nothing,
}

/// Terraform configuration and variable files, which form a unit with the
/// other such files of their directory.
pub fn is_terraform_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".tf")
        || name.ends_with(".tf.json")
        || name.ends_with(".tfvars")
        || name.ends_with(".tfvars.json")
}

/// Lints discovered inputs: files are read and parsed in parallel, grouped
/// into units, and units are linted in parallel.
pub fn lint_inputs(inputs: &[Input], registry: &Registry, options: &LintOptions) -> Report {
    let (units, mut report) = collect_units(inputs, options);
    let linted = units
        .into_par_iter()
        .map(|unit| {
            let name = unit.name();
            let report = guarded(&name, || lint_unit(unit, registry, options));
            if let Some(done) = &options.progress {
                done.fetch_add(report.files.max(1), std::sync::atomic::Ordering::Relaxed);
            }
            report
        })
        .reduce(Report::default, |mut a, b| {
            a.merge(b);
            a
        });
    report.merge(linted);
    report.sort();
    report
}

/// Reads, parses and recognises inputs, and groups them into units. The
/// report holds the files that could not be read or recognised.
fn collect_units(inputs: &[Input], options: &LintOptions) -> (Vec<Unit>, Report) {
    let mut report = Report::default();
    let (terraform, others): (Vec<&Input>, Vec<&Input>) =
        inputs.iter().partition(|i| is_terraform_file(&i.path));

    // Terraform: a named file brings in its whole module directory.
    let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for input in terraform {
        let dir = input
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        dirs.entry(dir).or_default();
    }
    for (dir, files) in &mut dirs {
        let listing = std::fs::read_dir(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        });
        if let Ok(entries) = listing {
            files.extend(
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && is_terraform_file(p))
                    .map(|p| {
                        if dir.as_os_str().is_empty() {
                            p.strip_prefix("./").map(Path::to_path_buf).unwrap_or(p)
                        } else {
                            p
                        }
                    }),
            );
        }
        files.sort();
    }
    let modules: Vec<(Vec<Arc<SourceFile>>, Vec<FileError>)> = dirs
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|paths| {
            let mut files = Vec::new();
            let mut errors = Vec::new();
            for path in paths {
                match read_file(&path, &options.limits) {
                    Ok(f) => files.push(Arc::new(f)),
                    Err(e) => errors.push(*e),
                }
            }
            (files, errors)
        })
        .collect();

    // Everything else: read, parse and recognise each file.
    let parsed: Vec<(Recognized, Report)> = others
        .par_iter()
        .map(|input| {
            let name = input.path.display().to_string();
            let mut out = (Recognized::Nothing, Report::default());
            let r = guarded(&name, || {
                match read_file(&input.path, &options.limits) {
                    Ok(file) => {
                        let file = Arc::new(file);
                        match parse_document(&file, &options.limits) {
                            Ok(doc) => {
                                if frontend::cloudformation::is_template(&doc) {
                                    out.0 = Recognized::Unit(Unit::Template { file, doc });
                                } else if frontend::terraform::is_plan(&doc) {
                                    out.0 = Recognized::Unit(Unit::TerraformPlan { file, doc });
                                } else if frontend::export::is_export(&doc) {
                                    out.0 = Recognized::Export(file, doc);
                                } else if input.explicit {
                                    return Report {
                                        errors: vec![not_recognized(&file)],
                                        ..Report::default()
                                    };
                                }
                            }
                            Err(err) => {
                                return Report {
                                    errors: vec![doc_error(err, &file)],
                                    ..Report::default()
                                };
                            }
                        }
                    }
                    Err(error) => {
                        return Report {
                            errors: vec![*error],
                            ..Report::default()
                        };
                    }
                }
                Report::default()
            });
            out.1 = r;
            out
        })
        .collect();

    let mut units: Vec<Unit> = Vec::new();
    let mut exports: BTreeMap<PathBuf, Vec<(Arc<SourceFile>, Node)>> = BTreeMap::new();
    for (recognized, r) in parsed {
        report.merge(r);
        match recognized {
            Recognized::Unit(unit) => units.push(unit),
            Recognized::Export(file, doc) => {
                let dir = file
                    .path()
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                exports.entry(dir).or_default().push((file, doc));
            }
            Recognized::Nothing => {}
        }
    }
    units.extend(exports.into_values().map(|files| Unit::Export { files }));
    for (files, errors) in modules {
        report.errors.extend(errors);
        if !files.is_empty() {
            units.push(Unit::TerraformModule { files });
        }
    }

    (units, report)
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
        let doc = match parse_document(&file, &options.limits) {
            Ok(doc) => doc,
            Err(err) => {
                return Report {
                    errors: vec![doc_error(err, &file)],
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
        lint_unit(unit, registry, options)
    });
    report.sort();
    report
}

/// The files of an example (see [`example_files`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExampleFiles {
    /// Files given by their text.
    pub texts: Vec<(String, String)>,
    /// Files given by their size alone, with a line `--- NAME (N bytes)`: a
    /// deployment package the unit names, of which edgelint reads only the
    /// size. Too large to write out in a doc, they are made (sparse, all
    /// zeros) beside the other files when the example runs.
    pub sized: Vec<(String, u64)>,
}

/// Largest file an example may ask for by size.
pub const MAX_EXAMPLE_FILE_BYTES: u64 = 1 << 30;

/// The files of an example: one, or several when lines `--- NAME` start
/// each file (text before the first such line is a file named `default`).
/// This is how an example holds a unit of several files, such as a
/// distribution export and the exports of its load balancer. A line
/// `--- NAME (N bytes)` stands for a file of N bytes whose content does not
/// matter, such as a Lambda function's `.zip`; no text follows it. Names
/// are relative paths inside the example's directory.
pub fn example_files(default: &str, code: &str) -> Result<ExampleFiles, String> {
    let mut texts: Vec<(String, String)> = vec![(default.to_string(), String::new())];
    let mut sized: Vec<(String, u64)> = Vec::new();
    // whether lines now belong to a file given by its size
    let mut in_sized = false;
    for line in code.lines() {
        let marker = line.strip_prefix("--- ").map(str::trim);
        if let Some((name, size)) = marker.and_then(sized_marker) {
            if size > MAX_EXAMPLE_FILE_BYTES {
                return Err(format!(
                    "`{name}`: an example file is at most {MAX_EXAMPLE_FILE_BYTES} bytes"
                ));
            }
            sized.push((name.to_string(), size));
            in_sized = true;
            continue;
        }
        match marker {
            Some(name) if !name.is_empty() && !name.contains(char::is_whitespace) => {
                texts.push((name.to_string(), String::new()));
                in_sized = false;
            }
            _ if in_sized => {
                if let (false, Some((name, _))) = (line.trim().is_empty(), sized.last()) {
                    return Err(format!(
                        "`{name}` is given by its size; text after it needs a `--- NAME` line"
                    ));
                }
            }
            _ => {
                if let Some((_, text)) = texts.last_mut() {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    texts.retain(|(_, text)| !text.trim().is_empty());
    let names = texts
        .iter()
        .map(|(n, _)| n)
        .chain(sized.iter().map(|(n, _)| n));
    for name in names {
        let plain = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain {
            return Err(format!(
                "`{name}`: an example file's name is a relative path inside the example"
            ));
        }
    }
    Ok(ExampleFiles { texts, sized })
}

/// `NAME (N bytes)`: a file given by its size.
fn sized_marker(marker: &str) -> Option<(&str, u64)> {
    let (name, size) = marker.split_once(char::is_whitespace)?;
    let digits = size.trim().strip_prefix('(')?.strip_suffix(" bytes)")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((name, digits.parse().ok()?))
}

/// A fresh, empty directory under the system's temporary directory, for
/// one example's files; removed with what it holds when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new() -> std::io::Result<ScratchDir> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let path = base.join(format!("edgelint-example-{}-{n}", std::process::id()));
            // fails on a name already there, so the directory is ours
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(ScratchDir(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Makes a file of `size` zero bytes without writing them.
    fn sized_file(&self, name: &str, size: u64) -> std::io::Result<()> {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::File::create_new(&path)?.set_len(size)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
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
        match parse_document(&file, &options.limits) {
            Ok(doc)
                if frontend::export::is_export(&doc)
                    && !frontend::cloudformation::is_template(&doc)
                    && !frontend::terraform::is_plan(&doc) =>
            {
                exports.push((file, doc));
            }
            _ => report.merge(lint_text(name, text, registry, options)),
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
    let (units, mut report) = collect_units(&inputs, options);
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

/// Reads a unit into its scenarios and runs the rules.
fn lint_unit(unit: Unit, registry: &Registry, options: &LintOptions) -> Report {
    let loaded = load_unit(&unit, options);
    let mut errors = loaded.file_errors;
    match loaded.result {
        Ok(scenarios) => Report {
            findings: run_rules(scenarios, loaded.format, &loaded.sources, registry, options),
            errors,
            files: loaded.files,
            sources: loaded.sources.files().map(|(_, f)| f.clone()).collect(),
        },
        Err(err) => {
            errors.push(frontend_error(err, &unit.name(), &loaded.sources));
            Report {
                errors,
                files: loaded.files,
                ..Report::default()
            }
        }
    }
}

/// What a front-end made of a unit.
struct Loaded {
    format: Format,
    result: Result<Vec<Scenario>, FrontendError>,
    sources: SourceMap,
    /// Files read as part of the unit.
    files: usize,
    /// Files of the unit that could not be read; the rest still are.
    file_errors: Vec<FileError>,
}

/// Runs the unit's front-end.
fn load_unit(unit: &Unit, options: &LintOptions) -> Loaded {
    let mut sources = SourceMap::default();
    // files of a Terraform module that could not be parsed; the others are
    // still read
    let mut file_errors: Vec<FrontendError> = Vec::new();
    let (format, result, files) = match unit {
        Unit::Template { file, doc } => {
            let id = sources.add(file.clone());
            (
                Format::CloudFormation,
                frontend::cloudformation::load(id, directory(file), doc, &options.frontend),
                1,
            )
        }
        Unit::TerraformPlan { file, doc } => {
            let id = sources.add(file.clone());
            (
                Format::Terraform,
                frontend::terraform::load_plan(id, directory(file), doc, &options.frontend),
                1,
            )
        }
        Unit::TerraformModule { files } => {
            let ids: Vec<(FileId, Arc<SourceFile>)> = files
                .iter()
                .map(|f| (sources.add(f.clone()), f.clone()))
                .collect();
            (
                Format::Terraform,
                frontend::terraform::load_module(
                    &ids,
                    &options.frontend,
                    &mut sources,
                    &mut file_errors,
                ),
                files.len(),
            )
        }
        Unit::Export { files } => {
            let docs: Vec<(FileId, &Path, &Node)> = files
                .iter()
                .map(|(f, doc)| (sources.add(f.clone()), f.path(), doc))
                .collect();
            (
                Format::Export,
                frontend::export::load(&docs, &options.frontend),
                files.len(),
            )
        }
    };
    let file_errors: Vec<FileError> = file_errors
        .into_iter()
        .map(|e| frontend_error(e, &unit.name(), &sources))
        .collect();
    Loaded {
        format,
        result,
        sources,
        files,
        file_errors,
    }
}

/// The directory a file is in, which paths it names are relative to
/// (empty for a bare name: the working directory).
fn directory(file: &SourceFile) -> &Path {
    file.path().parent().unwrap_or(Path::new(""))
}

/// Runs `f`, turning a panic into an `internal-error` for this file.
fn guarded(file: &str, f: impl FnOnce() -> Report) -> Report {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(report) => report,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            Report {
                errors: vec![FileError {
                    code: "internal-error".into(),
                    message: format!(
                        "edgelint failed on this file ({what}); please report it with the file attached"
                    ),
                    file: file.to_string(),
                    location: None,
                    related: Vec::new(),
                }],
                ..Report::default()
            }
        }
    }
}

fn file_error(code: &str, message: impl Into<String>, path: &Path) -> FileError {
    FileError {
        code: code.into(),
        message: message.into(),
        file: path.display().to_string(),
        location: None,
        related: Vec::new(),
    }
}

/// Reads a file as UTF-8 text within the size limit.
pub fn read_file(path: &Path, limits: &Limits) -> Result<SourceFile, Box<FileError>> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Box::new(file_error("unreadable", format!("cannot read: {e}"), path)))?;
    if !meta.is_file() {
        return Err(Box::new(file_error(
            "unreadable",
            "not a regular file",
            path,
        )));
    }
    if meta.len() > limits.max_file_bytes {
        return Err(Box::new(file_error(
            "limit-exceeded",
            format!(
                "file is {} bytes, over the {} byte limit",
                meta.len(),
                limits.max_file_bytes
            ),
            path,
        )));
    }
    let file = std::fs::File::open(path)
        .map_err(|e| Box::new(file_error("unreadable", format!("cannot read: {e}"), path)))?;
    read_from(path, file, limits)
}

/// Reads text from any reader (a file, stdin) within the size limit, as
/// UTF-8 without NUL bytes.
pub fn read_from(
    path: &Path,
    reader: impl Read,
    limits: &Limits,
) -> Result<SourceFile, Box<FileError>> {
    let mut bytes = Vec::new();
    reader
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Box::new(file_error("unreadable", format!("cannot read: {e}"), path)))?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Box::new(file_error(
            "limit-exceeded",
            format!("input is over the {} byte limit", limits.max_file_bytes),
            path,
        )));
    }
    let text = decode(&bytes).map_err(|(message, offset)| {
        // Locate the first bad byte: the text before it is valid, so the
        // lossy decoding keeps its offset.
        let shown = Arc::new(SourceFile::new(
            path,
            String::from_utf8_lossy(&bytes).into_owned(),
        ));
        let mut err = file_error("not-text", message.clone(), path);
        err.location = Some(Label {
            file: shown,
            span: Span::new(offset, offset + 1),
            message,
        });
        Box::new(err)
    })?;
    Ok(SourceFile::new(path, text))
}

/// UTF-8 text without NUL bytes; a BOM is dropped. The error names the
/// byte offset of the first problem.
fn decode(bytes: &[u8]) -> Result<String, (String, usize)> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let byte = bytes.get(at).copied().unwrap_or(0);
        (
            format!("file is not valid UTF-8 (byte 0x{byte:02x}); edgelint reads UTF-8 text"),
            at,
        )
    })?;
    if let Some(i) = text.find('\0') {
        return Err(("file contains a NUL byte; not a text file".into(), i));
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string())
}

/// Which parser a file needs.
fn looks_like_json(file: &SourceFile) -> bool {
    let ext = file
        .path()
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("json") => true,
        Some("yaml" | "yml") => false,
        _ => file.text().trim_start().starts_with('{'),
    }
}

pub fn parse_document(file: &SourceFile, limits: &Limits) -> Result<Node, DocError> {
    if looks_like_json(file) {
        document::json::parse(file.text(), limits)
    } else {
        document::yaml::parse(file.text(), limits)
    }
}

fn doc_error(mut err: DocError, file: &Arc<SourceFile>) -> FileError {
    // An error found at end of input ("expected ']'") is shown on the last
    // character written, not on a line past the end.
    let content_end = file.text().trim_end().len();
    if content_end > 0 && err.span.start as usize >= content_end {
        let last = file
            .text()
            .get(..content_end)
            .and_then(|t| t.char_indices().last())
            .map_or(0, |(i, _)| i);
        err.span = Span::new(last, content_end);
    }
    FileError {
        code: err.code().into(),
        message: err.message.clone(),
        file: file.name(),
        location: Some(Label {
            file: file.clone(),
            span: err.span,
            message: err.message.clone(),
        }),
        related: err
            .related
            .iter()
            .map(|(span, text)| Label {
                file: file.clone(),
                span: *span,
                message: text.clone(),
            })
            .collect(),
    }
}

const NOT_RECOGNIZED: &str = "not a CloudFormation template, Terraform file or CloudFront export";

/// The error for a named file that no front-end recognises.
fn not_recognized(file: &SourceFile) -> FileError {
    let message = if file.text().trim().is_empty() {
        format!("the file is empty: {NOT_RECOGNIZED}")
    } else {
        NOT_RECOGNIZED.to_string()
    };
    file_error("not-recognized", message, file.path())
}

fn frontend_error(err: FrontendError, unit: &str, sources: &SourceMap) -> FileError {
    let location = err.loc.and_then(|loc| {
        sources.get(loc.file).map(|f| Label {
            file: f.clone(),
            span: loc.span,
            message: err.message.clone(),
        })
    });
    let file = err
        .loc
        .and_then(|loc| sources.get(loc.file))
        .map_or_else(|| unit.to_string(), |f| f.name());
    FileError {
        code: err.code.into(),
        message: err.message,
        file,
        location,
        related: Vec::new(),
    }
}

/// Runs every rule on every scenario and merges the findings: one finding
/// per rule, place and message, naming the conditions it depends on.
pub fn run_rules(
    scenarios: Vec<Scenario>,
    format: Format,
    sources: &SourceMap,
    registry: &Registry,
    options: &LintOptions,
) -> Vec<Finding> {
    let settings = |name: &str| options.settings.get(name);
    let total = scenarios.len();
    // key → (finding, the scenarios it appears in)
    let mut merged: BTreeMap<(String, Loc, String), (Finding, Vec<usize>)> = BTreeMap::new();
    let assignments: Vec<Vec<(String, bool)>> =
        scenarios.iter().map(|s| s.conditions.clone()).collect();
    for (index, mut scenario) in scenarios.into_iter().enumerate() {
        derive(&mut scenario.model);
        for rule in registry.rules() {
            if !rule.formats.contains(&format) {
                continue;
            }
            let failures = dedupe(eval::evaluate(
                &rule.def,
                &scenario.model,
                &settings,
                Some(sources),
            ));
            for failure in failures {
                let Some(finding) = to_finding(rule, format, &failure, sources) else {
                    continue;
                };
                let key = (rule.code.clone(), failure.loc, finding.message.clone());
                merged
                    .entry(key)
                    .and_modify(|(_, seen)| seen.push(index))
                    .or_insert((finding, vec![index]));
            }
        }
    }
    merged
        .into_values()
        .map(|(mut finding, seen)| {
            if seen.len() < total {
                finding.conditions = common_conditions(&seen, &assignments);
                if !finding.conditions.is_empty() {
                    finding.message = format!(
                        "{} (when {})",
                        finding.message,
                        finding.conditions.join(" and ")
                    );
                }
            }
            finding
        })
        .collect()
}

/// One failure per place: when two checks of a rule fail on the same
/// value, the more severe one stands.
fn dedupe(mut failures: Vec<Failure>) -> Vec<Failure> {
    let mut out: Vec<Failure> = Vec::with_capacity(failures.len());
    for failure in failures.drain(..) {
        match out.iter_mut().find(|f| f.loc == failure.loc) {
            Some(existing) => {
                if failure.severity > existing.severity {
                    *existing = failure;
                }
            }
            None => out.push(failure),
        }
    }
    out
}

/// The condition values shared by every scenario a finding appears in.
fn common_conditions(seen: &[usize], assignments: &[Vec<(String, bool)>]) -> Vec<String> {
    let Some(first) = seen.first().and_then(|&i| assignments.get(i)) else {
        return Vec::new();
    };
    first
        .iter()
        .filter(|(name, value)| {
            seen.iter().all(|&i| {
                assignments
                    .get(i)
                    .is_some_and(|a| a.iter().any(|(n, v)| n == name && v == value))
            })
        })
        .map(|(name, value)| format!("condition `{name}` is {value}"))
        .collect()
}

fn to_finding(
    rule: &Rule,
    format: Format,
    failure: &Failure,
    sources: &SourceMap,
) -> Option<Finding> {
    let label = |loc: Loc, message: String| {
        sources.get(loc.file).map(|file| Label {
            file: file.clone(),
            span: loc.span,
            message,
        })
    };
    let primary = label(failure.loc, String::new())?;
    let severity = failure.severity.unwrap_or_else(|| rule.severity_in(format));
    let resource = failure.resource.as_deref().map(str::to_string);
    let fingerprint = finding::fingerprint(&[
        &rule.code,
        &finding::stable_path(&primary.file.name()),
        resource.as_deref().unwrap_or(""),
        &failure.path,
    ]);
    Some(Finding {
        code: rule.code.clone(),
        name: rule.name.clone(),
        severity,
        message: failure.message.clone(),
        primary,
        related: failure
            .related
            .iter()
            .filter_map(|(loc, text)| label(*loc, text.clone()))
            .collect(),
        help: rule.help(),
        resource,
        fingerprint,
        conditions: Vec::new(),
    })
}

/// A span covering a whole file, for errors without a better place.
pub fn whole(file: FileId, text: &str) -> Loc {
    Loc::new(file, Span::new(0, text.len()))
}

/// Checks one doc example of a rule: a `fail` example must give exactly
/// one finding of the rule, of the severity it expects, a `pass` example
/// none, and neither may fail to load. Returns what went wrong.
pub fn check_example(
    rule: &Rule,
    example: &crate::rule::Example,
    registry: &Registry,
) -> Result<(), String> {
    let name = match example.format {
        Format::CloudFormation => "example.yaml",
        Format::Terraform => "main.tf",
        Format::Export => "distribution.json",
    };
    let files = example_files(name, &example.code)?;
    // Each example runs in a directory of its own, so that what it names
    // beside itself is what it declares, whatever the working directory
    // holds.
    let dir = ScratchDir::new().map_err(|e| format!("no directory for the example: {e}"))?;
    for (name, size) in &files.sized {
        dir.sized_file(name, *size)
            .map_err(|e| format!("`{name}` could not be made: {e}"))?;
    }
    let texts: Vec<(String, String)> = files
        .texts
        .into_iter()
        .map(|(name, text)| (dir.0.join(name).display().to_string(), text))
        .collect();
    let report = lint_texts(&texts, registry, &LintOptions::default());
    if let Some(error) = report.errors.first() {
        return Err(format!("[{}] {}", error.code, error.message));
    }
    if report.files == 0 {
        return Err("the example was not recognized as input".into());
    }
    let mine: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.code == rule.code)
        .collect();
    let expected = usize::from(example.expect_fail);
    if mine.len() != expected {
        let got: Vec<String> = mine
            .iter()
            .map(|f| {
                format!(
                    "{}:{}: {}",
                    f.primary.start().line,
                    f.primary.start().column,
                    f.message
                )
            })
            .collect();
        return Err(format!(
            "expected {expected} finding(s) of {}, got {}: {got:?}",
            rule.code,
            mine.len()
        ));
    }
    if let Some(finding) = mine.first() {
        let want = example
            .severity
            .unwrap_or_else(|| rule.severity_in(example.format));
        if finding.severity != want {
            return Err(format!(
                "expected a finding of severity {}, got {}",
                want.as_str(),
                finding.severity.as_str()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_files_by_text_and_by_size() {
        let code = "resource \"aws_lambda_function\" \"edge\" {}\n--- vars.tfvars\nx = 1\n--- edge.zip (2548547 bytes)\n\n--- build/b.zip (0 bytes)\n";
        let files = example_files("main.tf", code).unwrap();
        assert_eq!(
            files.texts,
            [
                (
                    "main.tf".to_string(),
                    "resource \"aws_lambda_function\" \"edge\" {}\n".to_string()
                ),
                ("vars.tfvars".to_string(), "x = 1\n".to_string()),
            ]
        );
        assert_eq!(
            files.sized,
            [
                ("edge.zip".to_string(), 2_548_547),
                ("build/b.zip".to_string(), 0)
            ]
        );
        // a YAML document marker or a sentence is text, as before
        let files = example_files("a.yaml", "--- # doc\nA: 1\n").unwrap();
        assert_eq!(files.texts.len(), 1);
        assert!(files.sized.is_empty());
    }

    #[test]
    fn example_files_that_are_refused() {
        let refused = |code: &str| example_files("main.tf", code).unwrap_err();
        assert!(refused("--- edge.zip (10 bytes)\nPK\n").contains("given by its size"));
        assert!(refused("--- ../edge.zip (10 bytes)\n").contains("relative path"));
        assert!(refused("x\n--- /tmp/a.tf\ny\n").contains("relative path"));
        assert!(refused("--- edge.zip (2000000000 bytes)\n").contains("at most"));
    }

    #[test]
    fn guarded_turns_a_panic_into_an_internal_error_and_the_run_goes_on() {
        let files = ["a.yaml", "boom.yaml", "c.yaml"];
        let mut report = Report::default();
        for name in files {
            report.merge(guarded(name, || {
                if name == "boom.yaml" {
                    panic!("index out of bounds");
                }
                Report {
                    files: 1,
                    ..Report::default()
                }
            }));
        }
        assert_eq!(report.files, 2, "the files around the panic are linted");
        let [error] = report.errors.as_slice() else {
            panic!("one error: {:?}", report.errors);
        };
        assert_eq!(error.code, "internal-error");
        assert_eq!(error.file, "boom.yaml");
        assert!(
            error.message.contains("index out of bounds"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("please report it"),
            "{}",
            error.message
        );
    }

    #[test]
    fn guarded_names_a_formatted_panic() {
        let report = guarded("x.tf", || panic!("bad {}", 42));
        assert_eq!(report.errors.len(), 1);
        assert!(report.errors[0].message.contains("bad 42"));
        assert_eq!(report.errors[0].file, "x.tf");
    }
}
