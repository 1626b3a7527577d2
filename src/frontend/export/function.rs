//! Function exports: Lambda `get-function`, `get-function-configuration`,
//! `list-versions-by-function` and `list-functions` (one object per
//! configuration, that is per version), and CloudFront `describe-function`
//! and `list-functions`.

use crate::frontend::api_shape::ApiMap;
use crate::frontend::fields::Fields;
use crate::model::names;
use crate::model::schema::{CLOUDFRONT_FUNCTION, LAMBDA_FUNCTION};
use crate::model::{Model, Scalar, Slot, UnknownReason, Value};
use crate::source::Loc;

use super::api::Obj;

/// One Lambda function configuration. Its resource name is
/// `name:version`; its `arn` is the ARN as exported (qualified for a
/// published version), so an association by literal ARN finds the
/// configuration of exactly the version it names.
pub fn read_lambda(model: &mut Model, config: Obj<'_>) {
    let Some(name) = config.str("FunctionName").filter(|s| !s.is_empty()) else {
        return;
    };
    let version = config.str("Version").filter(|s| !s.is_empty());
    let id = match version {
        Some(v) => format!("{name}:{v}"),
        None => name.to_string(),
    };
    if model.resource(&id).is_some() {
        return;
    }
    let f = model.add_resource(&LAMBDA_FUNCTION, config.loc(), &id);
    config.set(model, f, "function_name", "FunctionName");
    config.set(model, f, "arn", "FunctionArn");
    config.set(model, f, "version", "Version");
    config.set(model, f, "runtime", "Runtime");
    config.set(model, f, "memory_size", "MemorySize");
    config.set(model, f, "timeout", "Timeout");
    config.set_list(model, f, "architectures", "Architectures");
    if let Some(vars) = config.path(&["Environment", "Variables"]) {
        let names: Vec<Value> = vars
            .node
            .entries()
            .iter()
            .map(|e| Value::known(Scalar::str(&e.key), Loc::new(config.file, e.key_span)))
            .collect();
        model.set(f, "environment_variables", Slot::Values(names));
    }
    if let Some(vpc) = config.map("VpcConfig") {
        vpc.set_list(model, f, "vpc_subnet_ids", "SubnetIds");
        vpc.set_list(model, f, "vpc_security_group_ids", "SecurityGroupIds");
    }
    if config.has("Layers") {
        let layers: Vec<Value> = config
            .maps("Layers")
            .iter()
            .filter_map(|l| l.value("Arn"))
            .collect();
        model.set(f, "layers", Slot::Values(layers));
    }
    config.set(model, f, "package_type", "PackageType");
    if let Some(storage) = config.map("EphemeralStorage") {
        storage.set(model, f, "ephemeral_storage", "Size");
    }
    if let Some(dlq) = config.map("DeadLetterConfig") {
        dlq.set(model, f, "dead_letter_target", "TargetArn");
    }
    if let Some(tracing) = config.map("TracingConfig") {
        tracing.set(model, f, "tracing_mode", "Mode");
    }
    config.set(model, f, "role", "Role");
    // The function lives in the region its ARN names.
    if let Some(arn) = config.value("FunctionArn")
        && let Some(region) = arn.as_str().and_then(names::parse_arn).map(|a| a.region)
        && !region.is_empty()
    {
        model.set_value(f, "region", Value::known(Scalar::str(region), arn.loc));
    }
}

/// One CloudFront Function summary (`FunctionSummary`, or an item of
/// `FunctionList`).
pub fn read_cloudfront(model: &mut Model, summary: Obj<'_>) {
    let Some(name) = summary.str("Name").filter(|s| !s.is_empty()) else {
        return;
    };
    if model.resource(name).is_some() {
        return;
    }
    let f = model.add_resource(&CLOUDFRONT_FUNCTION, summary.loc(), name);
    summary.set(model, f, "name", "Name");
    if let Some(config) = summary.map("FunctionConfig") {
        config.set(model, f, "runtime", "Runtime");
        if let Some(stores) = config.items("KeyValueStoreAssociations") {
            let count = i64::try_from(stores.len()).unwrap_or(i64::MAX);
            let loc = config
                .get("KeyValueStoreAssociations")
                .map_or_else(|| config.loc(), |n| config.at(n));
            model.set_value(
                f,
                "key_value_store_count",
                Value::known(Scalar::Int(count), loc),
            );
        }
    }
    if let Some(meta) = summary.map("FunctionMetadata") {
        meta.set(model, f, "arn", "FunctionARN");
        // The LIVE stage is what distributions run. A DEVELOPMENT stage
        // export does not tell whether a LIVE one exists.
        if let Some(stage) = meta.value("Stage") {
            let publish = match stage.as_str() {
                Some("LIVE") => Value::known(Scalar::Bool(true), stage.loc),
                _ => Value::unknown(UnknownReason::External, stage.loc),
            };
            model.set_value(f, "publish", publish);
        }
    }
}
