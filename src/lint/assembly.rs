//! Stacks that deploy together: the stacks of a CDK cloud assembly
//! (`cdk.out`: a `manifest.json` naming each stack with its template and
//! environment), and the nested stacks of a template — CDK's nested stack
//! assets, or a local `TemplateURL` as `aws cloudformation package`
//! uploads it. Their templates are one unit, read through the manifest or
//! the parent, not one by one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::LintOptions;
use super::creation::{Frame, creation_frames};
use super::discover::Input;
use super::read::{load_document, read_file};
use crate::document::Node;
use crate::finding::FileError;
use crate::source::{SourceFile, canonical};

/// The artifact type of a CloudFormation stack in a manifest.
const STACK_ARTIFACT: &str = "aws:cloudformation:stack";

/// One stack of an assembly, its template read.
pub(super) struct AssemblyStack {
    pub(super) file: Arc<SourceFile>,
    pub(super) doc: Node,
    /// From `aws://ACCOUNT/REGION`; `None` for `unknown-region` and for a
    /// template outside CDK, which deploys where `--region` says.
    pub(super) region: Option<String>,
    /// The stack that deploys this one as a nested stack: its index among
    /// the unit's stacks (always lower) and the logical id of its
    /// `AWS::CloudFormation::Stack` resource.
    pub(super) parent: Option<(usize, String)>,
}

/// Stacks found among the inputs: their templates, and the paths they
/// claim so that those are not linted again on their own.
pub(super) struct Stacks {
    pub(super) stacks: Vec<AssemblyStack>,
    pub(super) claimed: Vec<PathBuf>,
    pub(super) errors: Vec<FileError>,
    /// Where the user's code created each construct, by construct path.
    pub(super) created: HashMap<String, Frame>,
}

/// An assembly: its manifest and its stacks.
pub(super) struct Assembly {
    pub(super) manifest: Arc<SourceFile>,
    pub(super) stacks: Stacks,
}

/// Whether an input is the manifest of a cloud assembly.
pub(super) fn is_manifest(input: &Input) -> bool {
    input.path.file_name().is_some_and(|n| n == "manifest.json")
}

/// Reads a `manifest.json` and the templates of its stacks; `None` when it
/// is not a cloud assembly's manifest (another file of that name).
pub(super) fn read_assembly(path: &Path, options: &LintOptions) -> Option<Assembly> {
    let manifest = Arc::new(read_file(path, &options.limits).ok()?);
    let doc = load_document(&manifest, &options.limits).ok()?.root;
    let artifacts = doc.get("artifacts").filter(|a| a.is_map())?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut stacks = Stacks {
        stacks: Vec::new(),
        claimed: Vec::new(),
        errors: Vec::new(),
        created: HashMap::new(),
    };
    let mut any = false;
    for artifact in artifacts.entries() {
        if artifact.value.get("type").and_then(Node::as_str) != Some(STACK_ARTIFACT) {
            continue;
        }
        any = true;
        stacks.read_metadata(&artifact.value, dir, options);
        let Some(template) = artifact
            .value
            .get_path(&["properties", "templateFile"])
            .and_then(Node::as_str)
        else {
            continue;
        };
        let region = artifact
            .value
            .get("environment")
            .and_then(Node::as_str)
            .and_then(environment_region);
        let first = stacks.stacks.len();
        if stacks.read_template(&dir.join(template), region, None, options) {
            // a stack and its nested stacks, which deploy in its region
            stacks.read_nested(first, Nesting::Assets(dir), options);
        }
    }
    any.then_some(Assembly { manifest, stacks })
}

/// Whether a template has a nested stack whose template is a local file.
pub(super) fn has_local_nested(doc: &Node) -> bool {
    !nested_of(doc, Nesting::Local, Path::new("")).is_empty()
}

/// A template and the local templates of its nested stacks, all read.
pub(super) fn read_with_nested(file: Arc<SourceFile>, doc: Node, options: &LintOptions) -> Stacks {
    let mut stacks = Stacks {
        claimed: vec![canonical(file.path())],
        stacks: vec![AssemblyStack {
            file,
            doc,
            region: None,
            parent: None,
        }],
        errors: Vec::new(),
        created: HashMap::new(),
    };
    stacks.read_nested(0, Nesting::Local, options);
    stacks
}

/// Templates one unit reads at most, nested stacks included: ten times
/// CloudFormation's quota of stacks per account and region.
const MAX_STACKS: usize = 20_000;

/// How a template names the templates of its nested stacks.
#[derive(Clone, Copy)]
enum Nesting<'a> {
    /// CDK: the resource's `aws:asset:path`, a file of the assembly
    /// directory.
    Assets(&'a Path),
    /// A `TemplateURL` (a SAM application's `Location`) that is a local
    /// path, relative to the template's own directory.
    Local,
}

impl Stacks {
    /// Reads one template into the stacks; false when it could not be.
    fn read_template(
        &mut self,
        path: &Path,
        region: Option<String>,
        parent: Option<(usize, String)>,
        options: &LintOptions,
    ) -> bool {
        let key = canonical(path);
        if self.claimed.contains(&key) || self.claimed.len() > MAX_STACKS {
            return false;
        }
        self.claimed.push(key);
        let file = match read_file(path, &options.limits) {
            Ok(file) => Arc::new(file),
            Err(error) => {
                self.errors.push(*error);
                return false;
            }
        };
        match load_document(&file, &options.limits) {
            Ok(loaded) => {
                self.stacks.push(AssemblyStack {
                    file,
                    doc: loaded.root,
                    region,
                    parent,
                });
                true
            }
            Err(err) => {
                self.errors.extend(super::read::unparsed(err, &file, true));
                false
            }
        }
    }

    /// Reads the nested stacks of the stacks from `first` on, breadth
    /// first, so that a parent always comes before its nested stacks.
    fn read_nested(&mut self, first: usize, nesting: Nesting<'_>, options: &LintOptions) {
        let mut next = first;
        while let Some(stack) = self.stacks.get(next) {
            let dir = stack.file.path().parent().unwrap_or(Path::new(""));
            let nested = nested_of(&stack.doc, nesting, dir);
            let region = stack.region.clone();
            for (id, path) in nested {
                // a local template not there yet (a build step makes it)
                // leaves the stack's outputs unknown; `package` will say
                if matches!(nesting, Nesting::Local) && !path.exists() {
                    continue;
                }
                self.read_template(&path, region.clone(), Some((next, id)), options);
            }
            next += 1;
        }
    }

    /// Notes where the constructs of a stack artifact were created: its
    /// metadata is in the manifest or in its `additionalMetadataFile`.
    fn read_metadata(&mut self, artifact: &Node, dir: &Path, options: &LintOptions) {
        if let Some(metadata) = artifact.get("metadata") {
            self.created.extend(creation_frames(metadata));
        }
        let Some(name) = artifact
            .get("additionalMetadataFile")
            .and_then(Node::as_str)
        else {
            return;
        };
        if !is_inside(name) {
            return;
        }
        let path = dir.join(name);
        self.claimed.push(canonical(&path));
        // the metadata only adds related locations: a file that cannot be
        // read leaves them out, and the findings stand
        if let Ok(file) = read_file(&path, &options.limits)
            && let Ok(loaded) = load_document(&file, &options.limits)
        {
            self.created.extend(creation_frames(&loaded.root));
        }
    }
}

/// The nested stacks of a template: their logical ids and template paths.
fn nested_of(doc: &Node, nesting: Nesting<'_>, dir: &Path) -> Vec<(String, PathBuf)> {
    let resources = doc.get("Resources").map(Node::entries).unwrap_or_default();
    resources
        .iter()
        .filter_map(|e| {
            let ty = e.value.get("Type").and_then(Node::as_str)?;
            let path = match nesting {
                Nesting::Assets(assembly) => {
                    if ty != "AWS::CloudFormation::Stack" {
                        return None;
                    }
                    let asset = e
                        .value
                        .get_path(&["Metadata", "aws:asset:path"])
                        .and_then(Node::as_str)
                        .filter(|p| is_inside(p))?;
                    assembly.join(asset)
                }
                Nesting::Local => {
                    let property = match ty {
                        "AWS::CloudFormation::Stack" => "TemplateURL",
                        "AWS::Serverless::Application" => "Location",
                        _ => return None,
                    };
                    let url = e.value.get_path(&["Properties", property])?;
                    // a written string: an intrinsic function is a URL
                    // made at deploy time
                    let local = url.as_str().filter(|u| url.tag.is_none() && is_local(u))?;
                    dir.join(local)
                }
            };
            Some((e.key.to_string(), path))
        })
        .collect()
}

/// Whether a `TemplateURL` names a local file rather than an object in S3
/// (`https://…`, `s3://…`), as `aws cloudformation package` reads it.
fn is_local(url: &str) -> bool {
    !url.is_empty() && !url.contains("://") && !url.starts_with("s3:")
}

/// Whether a path an assembly names is a file of the assembly directory.
fn is_inside(path: &str) -> bool {
    !path.contains("..") && !Path::new(path).is_absolute()
}

/// The region of `aws://ACCOUNT/REGION`; CDK writes `unknown-region` for
/// an environment-agnostic stack, which deploys wherever it is sent.
fn environment_region(environment: &str) -> Option<String> {
    let region = environment.strip_prefix("aws://")?.split('/').nth(1)?;
    (!region.is_empty() && region != "unknown-region").then(|| region.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_of_environments() {
        assert_eq!(
            environment_region("aws://111111111111/eu-west-1").as_deref(),
            Some("eu-west-1")
        );
        assert_eq!(
            environment_region("aws://unknown-account/unknown-region"),
            None
        );
        assert_eq!(
            environment_region("aws://unknown-account/us-east-1").as_deref(),
            Some("us-east-1")
        );
        assert_eq!(environment_region("eu-west-1"), None);
    }

    #[test]
    fn local_template_urls() {
        for local in [
            "nested/origin.yaml",
            "./origin.json",
            "../shared/stack.yaml",
        ] {
            assert!(is_local(local), "{local}");
        }
        for remote in [
            "https://s3.amazonaws.com/bucket/origin.yaml",
            "s3://bucket/origin.yaml",
            "s3:bucket",
            "",
        ] {
            assert!(!is_local(remote), "{remote}");
        }
    }
}
