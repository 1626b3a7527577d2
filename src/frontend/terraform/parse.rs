//! Reading a unit's files: HCL through `hcl-edit`, JSON through the
//! project's JSON loader, local module directories followed from
//! `source = "./…"`, and `--var-file` files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::config::{Config, local_source};
use super::syntax::{Body, Src};
use super::{FrontendError, Options};
use super::{nesting, worker};
use crate::document::{self, Limits, Node};
use crate::parallel;
use crate::source::{FileId, Loc, SourceFile, SourceMap, Span, path_name};
use crate::source::{canonical, read};

/// Most module directories read for one unit.
pub const MAX_MODULE_DIRS: usize = 64;

/// How long the HCL parser may take on one file the pre-scan calls risky
/// (others are parsed directly). hcl-edit backtracks, and a few hundred
/// bytes of unclosed operator chains can keep it busy for tens of seconds;
/// a real file parses in milliseconds.
pub const HCL_PARSE_DEADLINE: std::time::Duration = std::time::Duration::from_secs(5);
/// Largest configuration file of a local module read.
pub const MAX_MODULE_FILE_BYTES: u64 = 8 * 1024 * 1024;

pub enum Tree {
    Hcl(hcl_edit::structure::Body),
    Json(Node),
}

/// What a file is to its module.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Config,
    Vars,
}

pub struct ParsedFile {
    pub file: FileId,
    pub tree: Tree,
    pub role: Role,
    pub text_len: usize,
    /// Precedence of a variable file: `terraform.tfvars`, its JSON form,
    /// `*.auto.tfvars(.json)` by name, then `--var-file` files in order.
    pub rank: u8,
}

pub struct ParsedDir {
    pub dir: PathBuf,
    pub files: Vec<ParsedFile>,
    /// module call name → index of the directory it loads
    pub children: HashMap<String, usize>,
}

/// Whether a file name is a Terraform or OpenTofu configuration file
/// (`.tf`, `.tofu`, or their `.json` forms), and if so whether it is JSON.
pub fn configuration_json(name: &str) -> Option<bool> {
    match role_of(name)? {
        (Role::Config, json) => Some(json),
        (Role::Vars, _) => None,
    }
}

fn role_of(name: &str) -> Option<(Role, bool)> {
    let name = name.to_ascii_lowercase();
    if name.ends_with(".tf") || name.ends_with(".tofu") {
        Some((Role::Config, false))
    } else if name.ends_with(".tf.json") || name.ends_with(".tofu.json") {
        Some((Role::Config, true))
    } else if name == "terraform.tfvars" || name.ends_with(".auto.tfvars") {
        Some((Role::Vars, false))
    } else if name == "terraform.tfvars.json" || name.ends_with(".auto.tfvars.json") {
        Some((Role::Vars, true))
    } else {
        None
    }
}

/// Leaves out the files OpenTofu does not read: `x.tofu` replaces `x.tf`
/// of the same directory, and `x.tofu.json` replaces `x.tf.json`.
pub fn without_overridden(paths: &mut Vec<PathBuf>) {
    let replaced: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| {
            let name = p.to_str()?;
            let tf = match name.strip_suffix(".tofu") {
                Some(stem) => format!("{stem}.tf"),
                None => format!("{}.tf.json", name.strip_suffix(".tofu.json")?),
            };
            Some(PathBuf::from(tf))
        })
        .collect();
    paths.retain(|p| !replaced.contains(p));
}

fn rank_of(name: &str) -> u8 {
    match name.to_ascii_lowercase().as_str() {
        "terraform.tfvars" => 0,
        "terraform.tfvars.json" => 1,
        _ => 2,
    }
}

/// Parses one file; `name` is how an error names it to others.
fn parse(
    file: FileId,
    name: &str,
    text: &str,
    json: bool,
    role: Role,
    rank: u8,
) -> Result<ParsedFile, FrontendError> {
    let tree = if json {
        let node = document::json::parse(text, &Limits::default()).map_err(|e| FrontendError {
            code: e.code(),
            message: e.message.clone(),
            loc: Some(Loc::new(file, e.span)),
        })?;
        Tree::Json(node)
    } else {
        let scan = nesting::code(text);
        if let Some(span) = scan.deep {
            return Err(FrontendError {
                code: "limit-exceeded",
                message: format!(
                    "nested deeper than {} brackets; not parsed",
                    nesting::MAX_HCL_NESTING
                ),
                loc: Some(Loc::new(file, span)),
            });
        }
        let parsed = if scan.risky {
            let refused = |message: String| FrontendError {
                code: "limit-exceeded",
                message,
                loc: Some(Loc::new(file, Span::new(0, text.len().min(1)))),
            };
            match worker::parse_within(name, text, HCL_PARSE_DEADLINE) {
                Ok(parsed) => parsed,
                Err(worker::Refused::Overran) => {
                    return Err(refused(format!(
                        "the HCL parser did not finish within {} s; not parsed",
                        HCL_PARSE_DEADLINE.as_secs()
                    )));
                }
                Err(worker::Refused::Busy(other)) => {
                    return Err(refused(format!(
                        "not parsed: the HCL parser is still busy with {other}, which it did not finish within {} s",
                        HCL_PARSE_DEADLINE.as_secs()
                    )));
                }
            }
        } else {
            hcl_edit::parser::parse_body(text)
        };
        let body = parsed.map_err(|e| {
            // the parser can name a byte inside a character: start the
            // span at that character
            let mut at = e.location().offset().min(text.len());
            while at > 0 && !text.is_char_boundary(at) {
                at -= 1;
            }
            let end = text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .map_or(at, |c| at + c.len_utf8());
            FrontendError {
                code: "parse-error",
                message: format!("HCL syntax error: {}", e.message()),
                loc: Some(Loc::new(file, Span::new(at, end))),
            }
        })?;
        Tree::Hcl(body)
    };
    Ok(ParsedFile {
        file,
        tree,
        role,
        text_len: text.len(),
        rank,
    })
}

fn body_of(parsed: &ParsedFile) -> Body<'_> {
    match &parsed.tree {
        Tree::Hcl(body) => Body::Hcl(
            body,
            Src {
                file: parsed.file,
                base: 0,
            },
            Loc::new(parsed.file, Span::new(0, parsed.text_len)),
        ),
        Tree::Json(node) => Body::Json(node, parsed.file),
    }
}

/// Parses the unit's own files, its local modules' files and the
/// `--var-file` files; the root directory comes first.
pub fn read_unit(
    files: &[(FileId, Arc<SourceFile>)],
    options: &Options,
    sources: &mut SourceMap,
    errors: &mut Vec<FrontendError>,
) -> Result<Vec<ParsedDir>, FrontendError> {
    let root_dir = files
        .first()
        .and_then(|(_, f)| f.path().parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut root = ParsedDir {
        dir: root_dir,
        files: Vec::new(),
        children: HashMap::new(),
    };
    // a module's files are independent until they are put together: they
    // are parsed in parallel, and kept in their order
    let parsed: Vec<Result<ParsedFile, FrontendError>> = parallel::map(files, |(id, file)| {
        let name = file
            .path()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        // Text linted on its own (`main.tf` from an example) counts as
        // configuration whatever its name.
        let (role, json) = role_of(name).unwrap_or((Role::Config, false));
        parse(*id, &file.name(), file.text(), json, role, rank_of(name))
    });
    for result in parsed {
        match result {
            Ok(parsed) => root.files.push(parsed),
            Err(e) => errors.push(e),
        }
    }
    for path in &options.var_files {
        let text = read::read_text(path, MAX_MODULE_FILE_BYTES).map_err(|e| FrontendError {
            code: e.code(),
            message: format!("variable file {e}"),
            loc: None,
        })?;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let id = sources.add(Arc::new(SourceFile::new(path, text)));
        let text = sources
            .get(id)
            .map(|f| f.text().to_string())
            .unwrap_or_default();
        match parse(id, &path_name(path), &text, json, Role::Vars, 3) {
            Ok(parsed) => root.files.push(parsed),
            Err(e) => errors.push(e),
        }
    }
    let downloaded = downloaded_modules(&root.dir);
    let root_dir = root.dir.clone();
    let mut dirs = vec![root];
    // each directory's module key, as `modules.json` names it (`cdn`,
    // `cdn.origin`); the first call that reaches a directory names it
    let mut keys = vec![String::new()];
    let mut seen: HashMap<PathBuf, usize> = HashMap::new();
    if let Some(root) = dirs.first() {
        seen.insert(canonical(&root.dir), 0);
    }
    let mut next = 0;
    while next < dirs.len() {
        let calls = match dirs.get(next) {
            Some(d) => module_calls(d),
            None => break,
        };
        let base = dirs.get(next).map(|d| d.dir.clone()).unwrap_or_default();
        let parent_key = keys.get(next).cloned().unwrap_or_default();
        for (name, source, call) in calls {
            let key_of_call = if parent_key.is_empty() {
                name.clone()
            } else {
                format!("{parent_key}.{name}")
            };
            let dir = match source {
                Some(source) => join_source(&base, &source),
                // a registry or git module: read where `terraform init`
                // put it, if it did
                None => match downloaded.get(&key_of_call) {
                    Some(dir) => join_source(&root_dir, dir),
                    None => continue,
                },
            };
            let key = canonical(&dir);
            let index = match seen.get(&key) {
                Some(&i) => i,
                None => {
                    if !dir.is_dir() {
                        continue;
                    }
                    if dirs.len() >= MAX_MODULE_DIRS {
                        errors.push(FrontendError {
                            code: "limit-exceeded",
                            message: format!(
                                "module `{name}` would be directory {} of this unit, over the limit of {MAX_MODULE_DIRS}; it is not read, and what it outputs is unknown",
                                dirs.len() + 1
                            ),
                            loc: Some(call),
                        });
                        continue;
                    }
                    let parsed = read_module_dir(&dir, call, sources, errors);
                    dirs.push(parsed);
                    keys.push(key_of_call);
                    seen.insert(key, dirs.len() - 1);
                    dirs.len() - 1
                }
            };
            if let Some(d) = dirs.get_mut(next) {
                d.children.insert(name, index);
            }
        }
        next += 1;
    }
    Ok(dirs)
}

/// The module calls of a directory: name, source when it is a local
/// directory, and where the source is written.
fn module_calls(dir: &ParsedDir) -> Vec<(String, Option<String>, Loc)> {
    let mut out = Vec::new();
    for parsed in dir.files.iter().filter(|f| f.role == Role::Config) {
        for block in body_of(parsed).labeled_blocks() {
            if block.kind == "module"
                && let (Some(name), Some(at)) = (block.labels.first(), block.body.attr("source"))
            {
                out.push((name.clone(), local_source(&block.body), at.loc()));
            }
        }
    }
    out
}

/// `dir` joined with a module source or a manifest's directory, without
/// the `.` segments of `./modules/cdn`, so paths print as they would be
/// typed.
fn join_source(dir: &Path, source: &str) -> PathBuf {
    let mut out = dir.to_path_buf();
    for component in Path::new(source).components() {
        if component != std::path::Component::CurDir {
            out.push(component);
        }
    }
    out
}

/// The modules `terraform init` downloaded for the root module in `root`:
/// module key (`cdn`, `cdn.origin`) to directory, relative to `root`, from
/// `.terraform/modules/modules.json`. Empty when there is none or it cannot
/// be read: the modules are then remote, their outputs Unknown.
fn downloaded_modules(root: &Path) -> HashMap<String, String> {
    let path = root.join(".terraform").join("modules").join("modules.json");
    let Ok(text) = read::read_text(&path, MAX_MODULE_FILE_BYTES) else {
        return HashMap::new();
    };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return HashMap::new();
    };
    let modules = manifest
        .get("Modules")
        .and_then(serde_json::Value::as_array);
    modules
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let key = m.get("Key")?.as_str()?;
            let dir = m.get("Dir")?.as_str()?;
            (!key.is_empty()).then(|| (key.to_string(), dir.to_string()))
        })
        .collect()
}

/// Reads the configuration files of a called module directory; a file that
/// cannot be read is an error at the call's `source`.
fn read_module_dir(
    dir: &Path,
    call: Loc,
    sources: &mut SourceMap,
    errors: &mut Vec<FrontendError>,
) -> ParsedDir {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                // anything but a directory: what is not a regular file is
                // refused by the reader, with an error
                .filter(|p| !p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    without_overridden(&mut paths);
    let mut files = Vec::new();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // a module's own .tfvars files do not apply when it is called
        let Some((Role::Config, json)) = role_of(name) else {
            continue;
        };
        let text = match read::read_text(&path, MAX_MODULE_FILE_BYTES) {
            Ok(text) => text,
            Err(e) => {
                errors.push(FrontendError {
                    code: e.code(),
                    message: format!("module file {e}; the module is read without it"),
                    loc: Some(call),
                });
                continue;
            }
        };
        let id = sources.add(Arc::new(SourceFile::new(&path, text)));
        let text = sources
            .get(id)
            .map(|f| f.text().to_string())
            .unwrap_or_default();
        match parse(id, &path_name(&path), &text, json, Role::Config, 0) {
            Ok(parsed) => files.push(parsed),
            Err(e) => errors.push(e),
        }
    }
    ParsedDir {
        dir: dir.to_path_buf(),
        files,
        children: HashMap::new(),
    }
}

/// The configuration of every directory, borrowing the parsed files.
pub fn configs(dirs: &[ParsedDir]) -> Vec<Config<'_>> {
    dirs.iter()
        .map(|dir| {
            let mut config = Config::new(&dir.dir);
            // configuration first, so variable values see every block
            for parsed in dir.files.iter().filter(|f| f.role == Role::Config) {
                config.add_blocks(body_of(parsed).labeled_blocks());
            }
            let mut vars: Vec<&ParsedFile> =
                dir.files.iter().filter(|f| f.role == Role::Vars).collect();
            // a stable sort: auto files keep their name order
            vars.sort_by_key(|f| f.rank);
            for parsed in vars {
                for (name, expr, _) in body_of(parsed).attrs() {
                    config.tfvars.push((name, expr));
                }
            }
            for call in &mut config.modules {
                call.child = dir.children.get(&call.name).copied();
            }
            config
        })
        .collect()
}
