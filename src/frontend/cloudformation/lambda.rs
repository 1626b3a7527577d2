//! Lambda functions (plain and SAM), versions, aliases, and CloudFront
//! Functions.

use std::sync::Arc;

use crate::frontend::api_shape::ApiMap;
use crate::frontend::artifact;
use crate::frontend::fields::Fields;
use crate::model::schema::{
    CLOUDFRONT_FUNCTION, IAM_ROLE, LAMBDA_ALIAS, LAMBDA_FUNCTION, LAMBDA_VERSION,
};
use crate::model::{
    Attribute, Model, ObjId, Reference, Scalar, Slot, State, UnknownReason, Value, defaults,
};

use super::call::call;
use super::props::Props;
use super::sam;

/// Which spelling of the function's properties to read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// `AWS::Lambda::Function`.
    Lambda,
    /// `AWS::Serverless::Function`: `DeadLetterQueue`, `Tracing`, …
    Sam,
}

pub fn read_function(model: &mut Model, id: &str, props: Props<'_>, dialect: Dialect) {
    let f = model.add_resource(&LAMBDA_FUNCTION, props.loc(), id);
    props.set(model, f, "function_name", "FunctionName");
    props.set(model, f, "runtime", "Runtime");
    props.set_or(
        model,
        f,
        "memory_size",
        "MemorySize",
        Scalar::Int(defaults::LAMBDA_MEMORY_SIZE),
    );
    props.set_or(
        model,
        f,
        "timeout",
        "Timeout",
        Scalar::Int(defaults::LAMBDA_TIMEOUT),
    );
    props.set_list_or(
        model,
        f,
        "architectures",
        "Architectures",
        defaults::LAMBDA_ARCHITECTURES,
    );
    read_environment(model, f, props);
    if let Some(vpc) = props.map("VpcConfig") {
        vpc.set_list(model, f, "vpc_subnet_ids", "SubnetIds");
        vpc.set_list(model, f, "vpc_security_group_ids", "SecurityGroupIds");
    }
    props.set_list(model, f, "layers", "Layers");
    props.set_or(
        model,
        f,
        "package_type",
        "PackageType",
        Scalar::str(defaults::LAMBDA_PACKAGE_TYPE),
    );
    match props.map("EphemeralStorage") {
        Some(storage) => storage.set_or(
            model,
            f,
            "ephemeral_storage",
            "Size",
            Scalar::Int(defaults::LAMBDA_EPHEMERAL_STORAGE),
        ),
        None => model.set_value(
            f,
            "ephemeral_storage",
            Value::default_value(Scalar::Int(defaults::LAMBDA_EPHEMERAL_STORAGE), props.loc()),
        ),
    }
    match dialect {
        Dialect::Lambda => {
            if let Some(dlq) = props.map("DeadLetterConfig") {
                dlq.set(model, f, "dead_letter_target", "TargetArn");
            }
            if let Some(tracing) = props.map("TracingConfig") {
                tracing.set(model, f, "tracing_mode", "Mode");
            }
        }
        Dialect::Sam => {
            if let Some(dlq) = props.map("DeadLetterQueue") {
                dlq.set(model, f, "dead_letter_target", "TargetArn");
            }
            props.set(model, f, "tracing_mode", "Tracing");
        }
    }
    if let Some(code) = props.map("Code") {
        code.set(model, f, "source_kms_key_arn", "SourceKMSKeyArn");
    }
    if let Some(size) = package_size(props, dialect) {
        model.set_value(f, "package_size", size);
    }
    if let Some(runtime) = props.map("RuntimeManagementConfig") {
        runtime.set(model, f, "runtime_update_mode", "UpdateRuntimeOn");
    }
    props.set(model, f, "role", "Role");
    // A template deploys every resource to the stack's region.
    let region = match props.ev.t.region {
        Some(region) => Value::known(Scalar::str(region), props.loc()),
        None => Value::unknown(UnknownReason::Input(Arc::from("AWS::Region")), props.loc()),
    };
    model.set_value(f, "region", region);

    if dialect == Dialect::Sam {
        read_sam_extras(model, id, f, props);
    }
}

/// The size of the deployment package, located at what names it: inline
/// source (`Code.ZipFile`, SAM `InlineCode`), or a local `.zip` or `.jar`
/// that `sam deploy` or `aws cloudformation package` uploads as it is (SAM
/// `CodeUri`, a `Code` path). `None` when the package is in S3 or an image.
///
/// Inline source counts by its length. CloudFormation zips it into the
/// package, so the compressed size is not in the file; for source of any
/// size that matters it is below the length, which is what a reader can
/// check against the message. A template body is at most 1 MB, so inline
/// code never reaches the default limits; only a lowered setting compares
/// it.
///
/// A folder (`CodeUri: src/`) is zipped at deploy, after `sam build` has
/// filled it: the size of that zip is not on disk, and a sum of the
/// folder's files would be a bound above it that could report a package
/// that is in fact small enough. It stays Unknown.
fn package_size(props: Props<'_>, dialect: Dialect) -> Option<Value> {
    let (inline, location) = match dialect {
        Dialect::Lambda => match props.map("Code") {
            Some(code) => (code.value("ZipFile"), None),
            // `Code: build/edge.zip`, before `aws cloudformation package`
            None => (None, props.value("Code")),
        },
        Dialect::Sam => match props.map("CodeUri") {
            // `{ Bucket, Key }`
            Some(_) => (props.value("InlineCode"), None),
            None => (props.value("InlineCode"), props.value("CodeUri")),
        },
    };
    if let Some(source) = inline {
        return Some(text_size(source));
    }
    let location = location?;
    if location.as_str().is_some_and(|p| p.starts_with("s3://")) {
        return None;
    }
    let dir = props.ev.t.dir;
    Some(artifact::package_size(&location, |path| {
        if !artifact::is_archive_name(path) {
            return None;
        }
        artifact::regular_file_size(&dir.join(path))
    }))
}

/// The length in bytes of text, located where the text is; Unknown text
/// gives an Unknown length.
fn text_size(text: Value) -> Value {
    match &text.state {
        State::Known(s) => Value::known(
            Scalar::Int(i64::try_from(s.to_string().len()).unwrap_or(i64::MAX)),
            text.loc,
        ),
        _ => Value {
            parts: Vec::new(),
            ..text
        },
    }
}

/// The names of `Environment.Variables`, each located at its key.
fn read_environment(model: &mut Model, f: ObjId, props: Props<'_>) {
    let Some(env) = props.map("Environment") else {
        return;
    };
    let Some(vars) = env.node("Variables") else {
        return;
    };
    let slot = match Props::of(props.ev, vars) {
        Some(vars) => Slot::Values(
            vars.node
                .entries()
                .iter()
                .filter(|e| props.ev.resolve(&e.value).is_some())
                .map(|e| {
                    Value::known(
                        Scalar::str(&e.key),
                        crate::source::Loc::new(props.ev.t.file, e.key_span),
                    )
                })
                .collect(),
        ),
        // A map from an expression: which names it holds is not known.
        None => Slot::Value(Value::unknown(
            UnknownReason::Unsupported,
            props.ev.loc(vars),
        )),
    };
    model.set(f, "environment_variables", slot);
}

/// What the SAM transform adds for a function: the version and alias of
/// `AutoPublishAlias`, and the execution role when `Role` is absent.
fn read_sam_extras(model: &mut Model, id: &str, f: ObjId, props: Props<'_>) {
    let function_ref = |loc| {
        Value::reference(
            Reference {
                resource: Arc::from(id),
                attribute: Attribute::Id,
            },
            loc,
        )
    };
    if let Some(node) = props.node("AutoPublishAlias") {
        let loc = props.ev.loc(node);
        let version = model.add_resource(&LAMBDA_VERSION, loc, &sam::version_id(id));
        model.set_value(version, "function_name", function_ref(loc));
        if let Some(alias_id) = props.ev.t.sam_aliases.get(id)
            && let Some(name) = props.value("AutoPublishAlias")
        {
            let alias = model.add_resource(&LAMBDA_ALIAS, loc, alias_id);
            model.set_value(alias, "name", name);
            model.set_value(alias, "function_name", function_ref(loc));
        }
    }
    if props.node("Role").is_none() {
        // SAM creates `<Function>Role`, trusted by Lambda alone unless
        // `AssumeRolePolicyDocument` says otherwise.
        let role_id = sam::role_id(id);
        let role = model.add_resource(&IAM_ROLE, props.loc(), &role_id);
        match props.node("AssumeRolePolicyDocument") {
            Some(doc) => super::iam::read_trust(model, role, props.ev, doc),
            None => model.set(
                role,
                "trusted_services",
                Slot::Values(vec![Value::default_value(
                    Scalar::str(defaults::SAM_ROLE_TRUSTED_SERVICE),
                    props.loc(),
                )]),
            ),
        }
        model.set_value(
            f,
            "role",
            Value::reference(
                Reference {
                    resource: Arc::from(role_id.as_str()),
                    attribute: Attribute::Arn,
                },
                props.loc(),
            ),
        );
    }
}

pub fn read_version(model: &mut Model, id: &str, props: Props<'_>) {
    let v = model.add_resource(&LAMBDA_VERSION, props.loc(), id);
    props.set(model, v, "function_name", "FunctionName");
    read_provisioned_concurrency(model, v, props);
}

/// `ProvisionedConcurrencyConfig` of a version or an alias.
fn read_provisioned_concurrency(model: &mut Model, obj: ObjId, props: Props<'_>) {
    if let Some(config) = props.map("ProvisionedConcurrencyConfig") {
        config.set(
            model,
            obj,
            "provisioned_concurrency",
            "ProvisionedConcurrentExecutions",
        );
    }
}

pub fn read_alias(model: &mut Model, id: &str, props: Props<'_>) {
    let a = model.add_resource(&LAMBDA_ALIAS, props.loc(), id);
    props.set(model, a, "name", "Name");
    props.set(model, a, "function_name", "FunctionName");
    read_provisioned_concurrency(model, a, props);
}

pub fn read_cloudfront_function(model: &mut Model, id: &str, props: Props<'_>) {
    let f = model.add_resource(&CLOUDFRONT_FUNCTION, props.loc(), id);
    props.set(model, f, "name", "Name");
    let config = props.map("FunctionConfig");
    match config {
        Some(config) => {
            config.set_or(
                model,
                f,
                "runtime",
                "Runtime",
                Scalar::str(defaults::CLOUDFORMATION_FUNCTION_RUNTIME),
            );
        }
        None => model.set_value(
            f,
            "runtime",
            Value::default_value(
                Scalar::str(defaults::CLOUDFORMATION_FUNCTION_RUNTIME),
                props.loc(),
            ),
        ),
    }
    props.set_or(
        model,
        f,
        "publish",
        "AutoPublish",
        Scalar::Bool(defaults::CLOUDFORMATION_FUNCTION_AUTO_PUBLISH),
    );
    if let Some(code) = props.value("FunctionCode") {
        model.set_value(f, "code_size", text_size(code));
    }
    if let Some(config) = config
        && let Some(stores) = config.node("KeyValueStoreAssociations")
    {
        let loc = props.ev.loc(stores);
        let count = if call(stores).is_none() && stores.is_seq() {
            let n = stores
                .items()
                .iter()
                .filter(|item| props.ev.resolve(item).is_some())
                .count();
            Value::known(Scalar::Int(i64::try_from(n).unwrap_or(i64::MAX)), loc)
        } else {
            Value::unknown(UnknownReason::Unsupported, loc)
        };
        model.set_value(f, "key_value_store_count", count);
    }
}
