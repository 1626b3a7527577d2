//! CDK cloud assemblies (`cdk.out`): a `manifest.json` naming the stacks
//! that deploy together, each with its template and environment. The
//! templates are one unit, read through the manifest, not one by one.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::LintOptions;
use super::discover::Input;
use super::read::{load_document, read_file};
use crate::document::Node;
use crate::finding::FileError;
use crate::source::SourceFile;

/// The artifact type of a CloudFormation stack in a manifest.
const STACK_ARTIFACT: &str = "aws:cloudformation:stack";

/// One stack of an assembly, its template read.
pub(super) struct AssemblyStack {
    pub(super) file: Arc<SourceFile>,
    pub(super) doc: Node,
    /// From `aws://ACCOUNT/REGION`; `None` for `unknown-region`.
    pub(super) region: Option<String>,
}

/// An assembly found among the inputs: its stacks, and the template paths
/// it claims so that they are not linted again on their own.
pub(super) struct Assembly {
    pub(super) manifest: Arc<SourceFile>,
    pub(super) stacks: Vec<AssemblyStack>,
    pub(super) claimed: Vec<PathBuf>,
    pub(super) errors: Vec<FileError>,
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
    let mut assembly = Assembly {
        manifest: manifest.clone(),
        stacks: Vec::new(),
        claimed: Vec::new(),
        errors: Vec::new(),
    };
    let mut any = false;
    for artifact in artifacts.entries() {
        if artifact.value.get("type").and_then(Node::as_str) != Some(STACK_ARTIFACT) {
            continue;
        }
        any = true;
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
        // a stack and its nested stacks, which deploy in its region
        let mut pending = vec![dir.join(template)];
        while let Some(template_path) = pending.pop() {
            if assembly.claimed.contains(&template_path) || assembly.claimed.len() > MAX_STACKS {
                continue;
            }
            assembly.claimed.push(template_path.clone());
            let file = match read_file(&template_path, &options.limits) {
                Ok(file) => Arc::new(file),
                Err(error) => {
                    assembly.errors.push(*error);
                    continue;
                }
            };
            match load_document(&file, &options.limits) {
                Ok(loaded) => {
                    pending.extend(nested_templates(&loaded.root).map(|p| dir.join(p)));
                    assembly.stacks.push(AssemblyStack {
                        file,
                        doc: loaded.root,
                        region: region.clone(),
                    });
                }
                Err(err) => assembly
                    .errors
                    .extend(super::read::unparsed(err, &file, true)),
            }
        }
    }
    any.then_some(assembly)
}

/// Templates one assembly reads at most, nested stacks included: ten
/// times CloudFormation's quota of stacks per account and region.
const MAX_STACKS: usize = 20_000;

/// The assembly files of a template's nested stacks: CDK names the asset
/// that becomes the `TemplateURL` in the resource's `aws:asset:path`.
fn nested_templates(doc: &Node) -> impl Iterator<Item = &str> {
    doc.get("Resources")
        .map(Node::entries)
        .unwrap_or_default()
        .iter()
        .filter(|e| {
            e.value.get("Type").and_then(Node::as_str) == Some("AWS::CloudFormation::Stack")
        })
        .filter_map(|e| {
            e.value
                .get_path(&["Metadata", "aws:asset:path"])
                .and_then(Node::as_str)
        })
        // an asset path names a file of the assembly directory
        .filter(|p| !p.contains("..") && !Path::new(p).is_absolute())
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
}
