//! Units: the files that deploy together, read into models by their
//! front-end, each guarded so that a failure stays in its unit.

use super::assembly::{
    AssemblyStack, has_local_nested, is_manifest, read_assembly, read_with_nested,
};
use super::creation::{Frame, Sources};
use super::discover::{Input, SkipReason, Skipped, is_terraform_file};
use super::read::{
    duplicate_errors, frontend_error, load_document, not_recognized, read_file, unparsed,
};
use super::run::run_rules;
use super::{LintOptions, Report};
use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::Node;
use crate::finding::FileError;
use crate::frontend::{self, Format, FrontendError, Scenario};
use crate::parallel;
use crate::rule::Registry;
use crate::source::{FileId, SourceFile, SourceMap, canonical, path_name};

/// One analysis unit: what deploys together.
pub(super) enum Unit {
    /// A CloudFormation template.
    Template { file: Arc<SourceFile>, doc: Node },
    /// A Terraform module directory: its configuration and variable files.
    TerraformModule { files: Vec<Arc<SourceFile>> },
    /// A `terraform show -json` plan.
    TerraformPlan { file: Arc<SourceFile>, doc: Node },
    /// The AWS CLI exports of one directory.
    Export { files: Vec<(Arc<SourceFile>, Node)> },
    /// A CDK cloud assembly: the templates of its stacks, deployed together.
    Assembly {
        manifest: Arc<SourceFile>,
        stacks: Vec<AssemblyStack>,
        /// Where the app's code created each construct, by construct path.
        created: Arc<HashMap<String, Frame>>,
    },
    /// A template and the local templates of its nested stacks, the
    /// template first.
    Nested { stacks: Vec<AssemblyStack> },
}

impl Unit {
    pub(super) fn name(&self) -> String {
        match self {
            Unit::Template { file, .. } | Unit::TerraformPlan { file, .. } => file.name(),
            Unit::TerraformModule { files } => files
                .first()
                .and_then(|f| f.path().parent())
                .map_or_else(String::new, path_name),
            Unit::Export { files } => files.first().map_or_else(String::new, |(f, _)| f.name()),
            Unit::Assembly { manifest, .. } => manifest.name(),
            Unit::Nested { stacks } => stacks.first().map_or_else(String::new, |s| s.file.name()),
        }
    }

    /// The files of a Terraform module directory; none for other units.
    pub(super) fn module_files(&self) -> Vec<PathBuf> {
        match self {
            Unit::TerraformModule { files } => {
                files.iter().map(|f| f.path().to_path_buf()).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// The reports of linted units, less those of module directories that
/// another unit of the run calls: a module is reported once, through its
/// caller, with the caller's inputs — not again on its own, where its
/// variables hold placeholder defaults or nothing. `units` pairs each
/// report with its unit's own module files.
pub(super) fn called_through_caller(units: Vec<(Vec<PathBuf>, Report)>) -> Vec<Report> {
    let kept = units_reported(&units);
    units
        .into_iter()
        .zip(kept)
        // the files still count as read: they were, through the caller
        .map(|((_, report), kept)| match kept {
            false => Report {
                files: report.files,
                ..Report::default()
            },
            true => report,
        })
        .collect()
}

/// Which of the linted units are reported on their own: all but module
/// directories another unit calls (see [`called_through_caller`]).
pub(super) fn units_reported(units: &[(Vec<PathBuf>, Report)]) -> Vec<bool> {
    let own: Vec<std::collections::HashSet<PathBuf>> = units
        .iter()
        .map(|(files, _)| files.iter().map(|p| canonical(p)).collect())
        .collect();
    // the files each unit read beyond its own: its modules' files
    let called: Vec<std::collections::HashSet<PathBuf>> = units
        .iter()
        .zip(&own)
        .map(|((files, report), own)| {
            if files.is_empty() {
                return Default::default();
            }
            report
                .sources
                .iter()
                .map(|f| canonical(f.path()))
                .filter(|p| !own.contains(p))
                .collect()
        })
        .collect();
    let through = |j: usize, i: usize| {
        own.get(j).is_some_and(|files| {
            !files.is_empty()
                && called
                    .get(i)
                    .is_some_and(|read| files.iter().all(|f| read.contains(f)))
        })
    };
    (0..units.len())
        // a unit that the other calls back is kept: Terraform refuses the
        // cycle, and neither is a caller to report through
        .map(|j| !(0..units.len()).any(|i| i != j && through(j, i) && !through(i, j)))
        .collect()
}

/// A file's text: the overlay's when it has one, else from disk.
fn read_input(path: &Path, options: &LintOptions) -> Result<SourceFile, Box<FileError>> {
    match options.overlay.as_ref().and_then(|texts| texts.get(path)) {
        Some(text) => Ok(SourceFile::new(path, text.as_str())),
        None => read_file(path, &options.limits),
    }
}

/// What a parsed file turned out to be.
pub(super) enum Recognized {
    Unit(Unit),
    /// An export, which joins the other exports of its directory.
    Export(Arc<SourceFile>, Node),
    Nothing,
}

/// Reads, parses and recognises inputs, and groups them into units. The
/// report holds the files that could not be read or recognised.
///
/// With `lint`, a unit of one file (a template, a plan) is linted by it on
/// the thread that parsed it, and its report joins the returned one: its
/// document is dropped once its findings are made, so memory grows with
/// the largest unit and the findings, not with the number of files.
pub(super) fn collect_units(
    inputs: &[Input],
    options: &LintOptions,
    lint: Option<&(dyn Fn(Unit) -> Report + Sync)>,
) -> (Vec<Unit>, Report) {
    let mut report = Report::default();
    // cloud assemblies first: their templates are read through them
    let mut assemblies = Vec::new();
    let mut claimed = std::collections::HashSet::new();
    for input in inputs.iter().filter(|i| is_manifest(i)) {
        if let Some(assembly) = read_assembly(&input.path, options) {
            claimed.insert(canonical(&input.path));
            claimed.extend(assembly.stacks.claimed);
            report.errors.extend(assembly.stacks.errors);
            assemblies.push(Unit::Assembly {
                manifest: assembly.manifest,
                stacks: assembly.stacks.stacks,
                created: Arc::new(assembly.stacks.created),
            });
        }
    }
    let (terraform, others): (Vec<&Input>, Vec<&Input>) = inputs
        .iter()
        .filter(|i| claimed.is_empty() || !claimed.contains(&canonical(&i.path)))
        .partition(|i| is_terraform_file(&i.path));

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
        frontend::terraform::without_overridden(files);
    }
    let modules: Vec<(Vec<Arc<SourceFile>>, Vec<FileError>)> =
        parallel::map_owned(dirs.into_values().collect(), |paths| {
            let mut files = Vec::new();
            let mut errors = Vec::new();
            for path in paths {
                match read_input(&path, options) {
                    Ok(f) => files.push(Arc::new(f)),
                    Err(e) => errors.push(*e),
                }
            }
            (files, errors)
        });

    // Everything else: read, parse and recognise each file.
    // each with the templates it reads as its nested stacks
    let parsed: Vec<(Recognized, Report, Vec<PathBuf>)> = parallel::map(&others, |input| {
        let name = path_name(&input.path);
        let mut out = (Recognized::Nothing, Report::default(), Vec::new());
        let r = guarded(&name, || match read_input(&input.path, options) {
            Ok(file) => {
                let file = Arc::new(file);
                match load_document(&file, &options.limits) {
                    Ok(mut loaded) => {
                        let mut duplicates = duplicate_errors(&mut loaded, &file);
                        let doc = loaded.root;
                        if frontend::cloudformation::is_template(&doc) && has_local_nested(&doc) {
                            let read = read_with_nested(file, doc, options);
                            duplicates.extend(read.errors);
                            out.2 = read.claimed;
                            out.0 = Recognized::Unit(Unit::Nested {
                                stacks: read.stacks,
                            });
                        } else if frontend::cloudformation::is_template(&doc) {
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
                        } else {
                            return not_deployment(&input.path);
                        }
                        Report {
                            errors: duplicates,
                            ..Report::default()
                        }
                    }
                    Err(err) => match unparsed(err, &file, input.explicit) {
                        Some(error) => Report {
                            errors: vec![error],
                            ..Report::default()
                        },
                        None => not_deployment(&input.path),
                    },
                }
            }
            Err(error) => Report {
                errors: vec![*error],
                ..Report::default()
            },
        });
        out.1 = r;
        if let Some(lint) = lint
            && matches!(
                out.0,
                Recognized::Unit(
                    Unit::Template { .. } | Unit::TerraformPlan { .. } | Unit::Nested { .. }
                )
            )
            && let Recognized::Unit(unit) = std::mem::replace(&mut out.0, Recognized::Nothing)
        {
            out.1.merge(lint(unit));
        }
        out
    });

    let nested_elsewhere = read_through_parent(&others, &parsed);
    let mut units: Vec<Unit> = assemblies;
    let mut exports: BTreeMap<PathBuf, Vec<(Arc<SourceFile>, Node)>> = BTreeMap::new();
    for ((recognized, r, _), through_parent) in parsed.into_iter().zip(nested_elsewhere) {
        if through_parent {
            continue;
        }
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

/// Which of the parsed inputs are templates another input reads as its
/// nested stack: they are reported through it, with the parameters it
/// passes, not again on their own, where a parameter's default stands in
/// for the value the parent gives. A template its nested stack nests back
/// (a cycle CloudFormation refuses) is reported on its own.
fn read_through_parent(
    inputs: &[&Input],
    parsed: &[(Recognized, Report, Vec<PathBuf>)],
) -> Vec<bool> {
    if parsed.iter().all(|(_, _, claims)| claims.is_empty()) {
        return vec![false; parsed.len()];
    }
    let claims: Vec<std::collections::HashSet<&PathBuf>> =
        parsed.iter().map(|(_, _, c)| c.iter().collect()).collect();
    let own: Vec<PathBuf> = inputs.iter().map(|i| canonical(&i.path)).collect();
    let nests = |i: usize, j: usize| {
        i != j
            && claims
                .get(i)
                .zip(own.get(j))
                .is_some_and(|(claims, path)| claims.contains(path))
    };
    (0..own.len())
        .map(|j| (0..own.len()).any(|i| nests(i, j) && !nests(j, i)))
        .collect()
}

/// A file read and left out: it is not a deployment.
fn not_deployment(path: &Path) -> Report {
    Report {
        skipped: vec![Skipped {
            path: path.to_path_buf(),
            reason: SkipReason::NotDeployment,
        }],
        ..Report::default()
    }
}

/// Reads a unit into its scenarios and runs the rules.
pub(super) fn lint_unit(unit: Unit, registry: &Registry, options: &LintOptions) -> Report {
    let loaded = load_unit(&unit, options);
    lint_loaded(loaded, &unit.name(), registry, options)
}

/// Runs the rules on what the unit `name`'s front-end made of it.
pub(super) fn lint_loaded(
    loaded: Loaded,
    name: &str,
    registry: &Registry,
    options: &LintOptions,
) -> Report {
    let mut errors = loaded.file_errors;
    let mut code = Sources::default();
    match loaded.result {
        Ok(scenarios) => Report {
            findings: run_rules(scenarios, loaded.format, &loaded.sources, registry, options)
                .into_iter()
                .map(|mut finding| {
                    finding.construct_path = finding.resource.as_ref().and_then(|id| {
                        let key = (finding.primary.file.path().to_path_buf(), id.clone());
                        loaded.construct_paths.get(&key).cloned()
                    });
                    // the line of the app that made the construct
                    let created = finding.construct_path.as_ref().and_then(|path| {
                        let frame = loaded.created.get(path)?;
                        code.label(frame, path, &options.limits)
                    });
                    finding.related.extend(created);
                    finding
                })
                .collect(),
            errors,
            files: loaded.files,
            sources: loaded.sources.files().map(|(_, f)| f.clone()).collect(),
            skipped: Vec::new(),
        },
        Err(err) => {
            errors.push(frontend_error(err, name, &loaded.sources));
            Report {
                errors,
                files: loaded.files,
                ..Report::default()
            }
        }
    }
}

/// What a front-end made of a unit.
pub(super) struct Loaded {
    pub(super) format: Format,
    pub(super) result: Result<Vec<Scenario>, FrontendError>,
    pub(super) sources: SourceMap,
    /// Files read as part of the unit.
    pub(super) files: usize,
    /// Files of the unit that could not be read; the rest still are.
    pub(super) file_errors: Vec<FileError>,
    /// CDK construct paths by file and logical id.
    pub(super) construct_paths: HashMap<(PathBuf, String), String>,
    /// Where the app's code created each construct, by construct path.
    pub(super) created: Arc<HashMap<String, Frame>>,
}

/// Runs the unit's front-end.
pub(super) fn load_unit(unit: &Unit, options: &LintOptions) -> Loaded {
    let mut sources = SourceMap::default();
    // files of a Terraform module that could not be parsed; the others are
    // still read
    let mut file_errors: Vec<FrontendError> = Vec::new();
    let (format, result, files) = match unit {
        Unit::Template { file, doc } => {
            let id = sources.add(file.clone());
            (
                Format::CloudFormation,
                frontend::cloudformation::load(
                    id,
                    directory(file),
                    doc,
                    &options.frontend,
                    &mut file_errors,
                ),
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
        Unit::Assembly {
            manifest, stacks, ..
        } => {
            sources.add(manifest.clone());
            (
                Format::CloudFormation,
                load_stacks(stacks, &mut sources, options, &mut file_errors),
                stacks.len(),
            )
        }
        Unit::Nested { stacks } => (
            Format::CloudFormation,
            load_stacks(stacks, &mut sources, options, &mut file_errors),
            stacks.len(),
        ),
    };
    let construct_paths = unit_construct_paths(unit);
    let created = match unit {
        Unit::Assembly { created, .. } => created.clone(),
        _ => Arc::default(),
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
        construct_paths,
        created,
    }
}

/// Reads stacks that deploy together into scenarios.
fn load_stacks(
    stacks: &[AssemblyStack],
    sources: &mut SourceMap,
    options: &LintOptions,
    notes: &mut Vec<FrontendError>,
) -> Result<Vec<Scenario>, FrontendError> {
    let read: Vec<frontend::cloudformation::Stack<'_>> = stacks
        .iter()
        .map(|stack| frontend::cloudformation::Stack {
            file: sources.add(stack.file.clone()),
            dir: directory(&stack.file),
            doc: &stack.doc,
            region: stack.region.clone(),
            parent: stack.parent.as_ref().map(|(i, id)| (*i, id.as_str())),
        })
        .collect();
    frontend::cloudformation::load_assembly(&read, &options.frontend, notes)
}

/// The construct paths of the resources of a unit's templates, by file
/// and logical id.
fn unit_construct_paths(unit: &Unit) -> HashMap<(PathBuf, String), String> {
    let templates: Vec<(&SourceFile, &Node)> = match unit {
        Unit::Template { file, doc } => vec![(file, doc)],
        Unit::Assembly { stacks, .. } | Unit::Nested { stacks } => {
            stacks.iter().map(|s| (&*s.file, &s.doc)).collect()
        }
        _ => Vec::new(),
    };
    templates
        .into_iter()
        .flat_map(|(file, doc)| {
            frontend::cloudformation::construct_paths(doc)
                .into_iter()
                .map(|(id, path)| ((file.path().to_path_buf(), id), path))
        })
        .collect()
}

/// The directory a file is in, which paths it names are relative to
/// (empty for a bare name: the working directory).
pub(super) fn directory(file: &SourceFile) -> &Path {
    file.path().parent().unwrap_or(Path::new(""))
}

/// Runs `f`, turning a panic into an `internal-error` for this file.
pub(super) fn guarded(file: &str, f: impl FnOnce() -> Report) -> Report {
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

#[cfg(test)]
mod tests {
    use super::*;

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
