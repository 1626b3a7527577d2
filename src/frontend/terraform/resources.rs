//! Resource and data source types read into the model, besides the
//! distribution: CloudFront Functions, load balancers and listeners,
//! security groups and their standalone rules, certificates, Lambda
//! functions and aliases, IAM roles, Route 53, managed prefix lists.

use std::sync::Arc;

use crate::frontend::artifact;
use crate::frontend::fields::Fields;
use crate::model::schema::{
    CERTIFICATE, CLOUDFRONT_FUNCTION, DNS_RECORD, HEADER_POLICY, HOSTED_ZONE, IAM_ROLE,
    INGRESS_RULE, LAMBDA_ALIAS, LAMBDA_FUNCTION, LISTENER, LOAD_BALANCER, PREFIX_LIST,
    SECURITY_GROUP,
};
use crate::model::{
    Attribute, EntityDef, Model, ObjId, Scalar, Slot, UnknownReason, Value, defaults,
};

use super::distribution;
use super::reader::{Reader, to_value};
use super::value::{V, Val};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Distribution,
    CloudFrontFunction,
    LoadBalancer,
    Listener,
    ListenerCertificate,
    SecurityGroup,
    SecurityGroupRule,
    IngressRule,
    Certificate,
    LambdaFunction,
    LambdaAlias,
    ProvisionedConcurrency,
    IamRole,
    HostedZone,
    Record,
    PrefixList,
    OriginRequestPolicy,
    CachePolicy,
    /// Known to Terraform users, not held by the model
    /// (`aws_cloudfront_origin_access_control`, `aws_cloudfront_vpc_origin`,
    /// `aws_acm_certificate_validation`, `aws_s3_bucket_website_configuration`):
    /// they matter only through references to them.
    Ignored,
}

impl Kind {
    /// Resources that join objects read before them.
    pub fn is_attachment(self) -> bool {
        matches!(
            self,
            Kind::ListenerCertificate
                | Kind::SecurityGroupRule
                | Kind::IngressRule
                | Kind::ProvisionedConcurrency
        )
    }
}

pub fn kind(data: bool, ty: &str) -> Kind {
    if data {
        return match ty {
            "aws_ec2_managed_prefix_list" | "aws_prefix_list" => Kind::PrefixList,
            // a managed policy looked up by name
            "aws_cloudfront_origin_request_policy" => Kind::OriginRequestPolicy,
            "aws_cloudfront_cache_policy" => Kind::CachePolicy,
            _ => Kind::Ignored,
        };
    }
    match ty {
        "aws_cloudfront_distribution" => Kind::Distribution,
        "aws_cloudfront_function" => Kind::CloudFrontFunction,
        "aws_lb" | "aws_alb" => Kind::LoadBalancer,
        "aws_lb_listener" | "aws_alb_listener" => Kind::Listener,
        "aws_lb_listener_certificate" | "aws_alb_listener_certificate" => Kind::ListenerCertificate,
        "aws_security_group" => Kind::SecurityGroup,
        "aws_security_group_rule" => Kind::SecurityGroupRule,
        "aws_vpc_security_group_ingress_rule" => Kind::IngressRule,
        "aws_acm_certificate" => Kind::Certificate,
        "aws_lambda_function" => Kind::LambdaFunction,
        "aws_lambda_alias" => Kind::LambdaAlias,
        "aws_lambda_provisioned_concurrency_config" => Kind::ProvisionedConcurrency,
        "aws_iam_role" => Kind::IamRole,
        "aws_route53_zone" => Kind::HostedZone,
        "aws_route53_record" => Kind::Record,
        "aws_cloudfront_origin_request_policy" => Kind::OriginRequestPolicy,
        "aws_cloudfront_cache_policy" => Kind::CachePolicy,
        "aws_ec2_managed_prefix_list" => Kind::PrefixList,
        _ => Kind::Ignored,
    }
}

pub fn read(model: &mut Model, kind: Kind, address: &str, r: &Reader<'_, '_>) {
    match kind {
        Kind::Distribution => distribution::read(model, address, r),
        Kind::CloudFrontFunction => read_cloudfront_function(model, address, r),
        Kind::LoadBalancer => read_load_balancer(model, address, r),
        Kind::Listener => read_listener(model, address, r),
        Kind::ListenerCertificate => attach_listener_certificate(model, r),
        Kind::SecurityGroup => read_security_group(model, address, r),
        Kind::SecurityGroupRule => attach_security_group_rule(model, address, r),
        Kind::IngressRule => attach_ingress_rule(model, address, r),
        Kind::Certificate => read_certificate(model, address, r),
        Kind::LambdaFunction => read_lambda_function(model, address, r),
        Kind::LambdaAlias => {
            let a = model.add_resource(&LAMBDA_ALIAS, r.loc(), address);
            r.set(model, a, "name", "name");
            r.set(model, a, "function_name", "function_name");
        }
        Kind::ProvisionedConcurrency => attach_provisioned_concurrency(model, r),
        Kind::IamRole => read_iam_role(model, address, r),
        Kind::HostedZone => read_hosted_zone(model, address, r),
        Kind::Record => read_record(model, address, r),
        Kind::PrefixList => read_prefix_list(model, address, r),
        Kind::OriginRequestPolicy => {
            let headers = r.block("headers_config");
            read_header_policy(model, "origin_request_policies", address, r, headers);
        }
        Kind::CachePolicy => {
            let headers = r
                .block("parameters_in_cache_key_and_forwarded_to_origin")
                .and_then(|p| p.block("headers_config"));
            read_header_policy(model, "cache_policies", address, r, headers);
        }
        Kind::Ignored => {}
    }
}

/// A cache or origin request policy: a resource, or a data source that
/// names a managed policy (its headers then follow from the name).
fn read_header_policy(
    model: &mut Model,
    collection: &str,
    address: &str,
    r: &Reader<'_, '_>,
    headers: Option<Reader<'_, '_>>,
) {
    let policy = model.add_resource_to(collection, &HEADER_POLICY, r.loc(), address);
    r.set(model, policy, "name", "name");
    if let Some(h) = headers {
        h.set(model, policy, "header_behavior", "header_behavior");
        if let Some(list) = h.block("headers") {
            list.set_list(model, policy, "headers", "items");
        }
    }
}

fn read_cloudfront_function(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let f = model.add_resource(&CLOUDFRONT_FUNCTION, r.loc(), address);
    r.set(model, f, "name", "name");
    r.set(model, f, "runtime", "runtime");
    // the provider publishes by default
    r.set_or(
        model,
        f,
        "publish",
        "publish",
        Scalar::Bool(defaults::TERRAFORM_FUNCTION_PUBLISH),
    );
    if let Some(code) = r.value("code") {
        let size = match code.as_str() {
            Some(text) => Value::known(
                Scalar::Int(i64::try_from(text.len()).unwrap_or(i64::MAX)),
                code.loc,
            ),
            None => Value {
                parts: Vec::new(),
                ..code
            },
        };
        model.set_value(f, "code_size", size);
    }
    if let Some(stores) = r.eval("key_value_store_associations") {
        let count = match &stores.val {
            Val::List(items) => Value::known(
                Scalar::Int(i64::try_from(items.len()).unwrap_or(i64::MAX)),
                stores.loc,
            ),
            Val::Null => Value::known(Scalar::Int(0), stores.loc),
            _ => Value::unknown(UnknownReason::Unsupported, stores.loc),
        };
        model.set_value(f, "key_value_store_count", count);
    }
}

fn read_load_balancer(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let lb = model.add_resource(&LOAD_BALANCER, r.loc(), address);
    r.set_or(
        model,
        lb,
        "type",
        "load_balancer_type",
        Scalar::str(defaults::LOAD_BALANCER_TYPE),
    );
    let scheme = match r.value("internal") {
        Some(v) => match v.as_bool() {
            Some(internal) => Value {
                state: crate::model::State::Known(Scalar::str(if internal {
                    "internal"
                } else {
                    "internet-facing"
                })),
                ..v
            },
            None => Value {
                parts: Vec::new(),
                ..v
            },
        },
        None => Value::default_value(Scalar::str(defaults::LOAD_BALANCER_SCHEME), r.loc()),
    };
    model.set_value(lb, "scheme", scheme);
    r.set_list(model, lb, "security_group_ids", "security_groups");
    match r.value("idle_timeout") {
        Some(v) => model.set_value(lb, "idle_timeout", v),
        // only application load balancers have an idle timeout
        None if model.str(lb, "type") == Some("application") => model.set_value(
            lb,
            "idle_timeout",
            Value::default_value(Scalar::Int(defaults::LOAD_BALANCER_IDLE_TIMEOUT), r.loc()),
        ),
        None => {}
    }
}

fn read_listener(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let listener = model.add_resource(&LISTENER, r.loc(), address);
    r.set(model, listener, "load_balancer_arn", "load_balancer_arn");
    r.set(model, listener, "port", "port");
    r.set(model, listener, "protocol", "protocol");
    r.set(model, listener, "ssl_policy", "ssl_policy");
    if let Some(cert) = r.value("certificate_arn") {
        model.set(listener, "certificate_arns", Slot::Values(vec![cert]));
    }
}

/// The object of entity `def` a value refers to, when it is in the model.
fn target(model: &Model, value: Option<&Value>, def: &'static EntityDef) -> Option<ObjId> {
    let reference = value?.as_reference()?;
    model
        .resource(&reference.resource)
        .filter(|&obj| model.object(obj).def == def)
}

fn attach_listener_certificate(model: &mut Model, r: &Reader<'_, '_>) {
    let Some(listener) = target(model, r.value("listener_arn").as_ref(), &LISTENER) else {
        return;
    };
    let Some(cert) = r.value("certificate_arn") else {
        return;
    };
    let slot = match model.slot(listener, "certificate_arns") {
        Slot::Values(existing) => Slot::Values(
            existing
                .iter()
                .cloned()
                .chain(std::iter::once(cert))
                .collect(),
        ),
        Slot::Value(v) => Slot::Value(v.clone()),
        _ => Slot::Values(vec![cert]),
    };
    model.set(listener, "certificate_arns", slot);
}

/// `aws_lambda_provisioned_concurrency_config`: onto the function's
/// published version (`qualifier = aws_lambda_function.x.version`) or onto
/// the alias of that function the qualifier names.
fn attach_provisioned_concurrency(model: &mut Model, r: &Reader<'_, '_>) {
    let (Some(function), Some(qualifier), Some(executions)) = (
        r.value("function_name"),
        r.value("qualifier"),
        r.value("provisioned_concurrent_executions"),
    ) else {
        return;
    };
    let names_version = qualifier
        .as_reference()
        .is_some_and(|q| q.attribute == Attribute::Other(Arc::from("version")));
    if names_version && let Some(f) = target(model, Some(&qualifier), &LAMBDA_FUNCTION) {
        model.set_value(f, "version_provisioned_concurrency", executions);
        return;
    }
    let Some(name) = qualifier.as_str() else {
        return;
    };
    let same_function = |v: Option<&Value>| match (v, &function) {
        (Some(a), b) => match (a.as_reference(), b.as_reference()) {
            (Some(x), Some(y)) => x.resource == y.resource,
            _ => a.as_str().is_some() && a.as_str() == b.as_str(),
        },
        (None, _) => false,
    };
    let alias = model.all("lambda_aliases").into_iter().find(|&a| {
        model.str(a, "name") == Some(name) && same_function(model.value(a, "function_name"))
    });
    if let Some(alias) = alias {
        model.set_value(alias, "provisioned_concurrency", executions);
    }
}

fn read_security_group(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let group = model.add_resource(&SECURITY_GROUP, r.loc(), address);
    for (i, rule) in r.blocks("ingress").into_iter().enumerate() {
        read_rule_sources(model, group, None, &rule, &i.to_string());
    }
}

/// An inline `ingress` block or an `aws_security_group_rule`: one model
/// rule per source (each CIDR, prefix list and group).
fn read_rule_sources(
    model: &mut Model,
    group: ObjId,
    resource: Option<&str>,
    r: &Reader<'_, '_>,
    key: &str,
) {
    let mut sources: Vec<(&str, Value)> = Vec::new();
    let mut whole_unknown: Option<Value> = None;
    for (arg, field) in [
        ("cidr_blocks", "cidr_ipv4"),
        ("ipv6_cidr_blocks", "cidr_ipv6"),
        ("prefix_list_ids", "prefix_list_id"),
        ("security_groups", "source_security_group"),
    ] {
        match r.list(arg) {
            Some(Slot::Values(values)) => {
                sources.extend(values.into_iter().map(|v| (field, v)));
            }
            Some(Slot::Value(v)) => whole_unknown = Some(v),
            _ => {}
        }
    }
    if let Some(v) = r.value("source_security_group_id") {
        sources.push(("source_security_group", v));
    }
    if let Some(v) = r.value("self")
        && v.as_bool() != Some(false)
    {
        sources.push(("source_security_group", v));
    }
    if let Some(unknown) = whole_unknown {
        // a list of sources not known: one rule whose source is unknown
        sources.push(("cidr_ipv4", unknown));
    }
    for (j, (field, source)) in sources.into_iter().enumerate() {
        let rule = match resource {
            Some(address) => {
                let rule = model.create(&INGRESS_RULE, r.loc(), Some(Arc::from(address)), "");
                model.push(group, "ingress", rule);
                Some(rule)
            }
            None => model.add_child(group, "ingress", r.loc(), &format!("{key}.{j}")),
        };
        let Some(rule) = rule else {
            continue;
        };
        set_protocol(model, rule, r.value("protocol"));
        r.set(model, rule, "from_port", "from_port");
        r.set(model, rule, "to_port", "to_port");
        model.set_value(rule, field, source);
    }
}

/// `tcp`, `-1`, `6` …: numbers as their text, like CloudFormation's.
fn set_protocol(model: &mut Model, rule: ObjId, protocol: Option<Value>) {
    if let Some(mut p) = protocol {
        if let crate::model::State::Known(Scalar::Int(n)) = p.state {
            p.state = crate::model::State::Known(Scalar::str(&n.to_string()));
        }
        model.set_value(rule, "protocol", p);
    }
}

fn attach_security_group_rule(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    if r.value("type").and_then(|t| t.as_str().map(str::to_string)) != Some("ingress".into()) {
        return;
    }
    let Some(group) = target(
        model,
        r.value("security_group_id").as_ref(),
        &SECURITY_GROUP,
    ) else {
        return;
    };
    read_rule_sources(model, group, Some(address), r, "");
}

fn attach_ingress_rule(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let Some(group) = target(
        model,
        r.value("security_group_id").as_ref(),
        &SECURITY_GROUP,
    ) else {
        return;
    };
    let rule = model.create(&INGRESS_RULE, r.loc(), Some(Arc::from(address)), "");
    model.push(group, "ingress", rule);
    set_protocol(model, rule, r.value("ip_protocol"));
    r.set(model, rule, "from_port", "from_port");
    r.set(model, rule, "to_port", "to_port");
    r.set(model, rule, "cidr_ipv4", "cidr_ipv4");
    r.set(model, rule, "cidr_ipv6", "cidr_ipv6");
    r.set(model, rule, "prefix_list_id", "prefix_list_id");
    r.set(
        model,
        rule,
        "source_security_group",
        "referenced_security_group_id",
    );
}

fn read_certificate(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let cert = model.add_resource(&CERTIFICATE, r.loc(), address);
    r.set(model, cert, "domain_name", "domain_name");
    r.set_list(
        model,
        cert,
        "subject_alternative_names",
        "subject_alternative_names",
    );
    r.set_or(
        model,
        cert,
        "key_algorithm",
        "key_algorithm",
        Scalar::str(defaults::CERTIFICATE_KEY_ALGORITHM),
    );
    r.set(
        model,
        cert,
        "certificate_authority_arn",
        "certificate_authority_arn",
    );
    r.set(model, cert, "validation_method", "validation_method");
    model.set_value(cert, "region", resource_region(r));
}

fn read_lambda_function(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let f = model.add_resource(&LAMBDA_FUNCTION, r.loc(), address);
    r.set(model, f, "function_name", "function_name");
    r.set(model, f, "runtime", "runtime");
    r.set_or(
        model,
        f,
        "memory_size",
        "memory_size",
        Scalar::Int(defaults::LAMBDA_MEMORY_SIZE),
    );
    r.set_or(
        model,
        f,
        "timeout",
        "timeout",
        Scalar::Int(defaults::LAMBDA_TIMEOUT),
    );
    r.set_list_or(
        model,
        f,
        "architectures",
        "architectures",
        defaults::LAMBDA_ARCHITECTURES,
    );
    if let Some(env) = r.block("environment")
        && let Some(vars) = env.eval("variables")
    {
        let slot = match &vars.val {
            Val::Map(entries) => Slot::Values(
                entries
                    .iter()
                    .map(|(k, v)| Value::known(Scalar::str(k), v.loc))
                    .collect(),
            ),
            Val::Null => Slot::Values(Vec::new()),
            _ => Slot::Value(Value::unknown(UnknownReason::Unsupported, vars.loc)),
        };
        model.set(f, "environment_variables", slot);
    }
    if let Some(vpc) = r.block("vpc_config") {
        vpc.set_list(model, f, "vpc_subnet_ids", "subnet_ids");
        vpc.set_list(model, f, "vpc_security_group_ids", "security_group_ids");
    }
    r.set_list(model, f, "layers", "layers");
    r.set_or(
        model,
        f,
        "package_type",
        "package_type",
        Scalar::str(defaults::LAMBDA_PACKAGE_TYPE),
    );
    // The .zip Terraform uploads as it is: its size on disk is the
    // package's compressed size. One not there yet (an `archive_file`
    // output before the first plan, a CI build artifact) is Unknown;
    // `s3_bucket` and `image_uri` packages leave the field unset.
    if let Some(filename) = r.value("filename") {
        let size = artifact::package_size(&filename, |path| {
            artifact::regular_file_size(&r.inst.local_path(path))
        });
        model.set_value(f, "package_size", size);
    }
    match r.block("ephemeral_storage") {
        Some(storage) => storage.set_or(
            model,
            f,
            "ephemeral_storage",
            "size",
            Scalar::Int(defaults::LAMBDA_EPHEMERAL_STORAGE),
        ),
        None => model.set_value(
            f,
            "ephemeral_storage",
            Value::default_value(Scalar::Int(defaults::LAMBDA_EPHEMERAL_STORAGE), r.loc()),
        ),
    }
    if let Some(dlq) = r.block("dead_letter_config") {
        dlq.set(model, f, "dead_letter_target", "target_arn");
    }
    if let Some(tracing) = r.block("tracing_config") {
        tracing.set(model, f, "tracing_mode", "mode");
    }
    r.set(model, f, "source_kms_key_arn", "source_kms_key_arn");
    if let Some(runtime) = r.block("runtime_management_config") {
        runtime.set(model, f, "runtime_update_mode", "update_runtime_on");
    }
    r.set(model, f, "role", "role");
    r.set_or(
        model,
        f,
        "publish",
        "publish",
        Scalar::Bool(defaults::TERRAFORM_LAMBDA_PUBLISH),
    );
    model.set_value(f, "region", resource_region(r));
}

/// The region a resource is created in: its `region` argument, its
/// provider's region, else, for the default provider only, the region given
/// on the command line.
fn resource_region(r: &Reader<'_, '_>) -> Value {
    r.inst
        .region(&r.body, &r.scope)
        .and_then(to_value)
        .or_else(|| {
            let region = r.inst.shared.region.as_deref()?;
            r.inst
                .uses_default_provider(&r.body)
                .then(|| Value::known(Scalar::str(region), r.loc()))
        })
        .unwrap_or_else(|| {
            Value::unknown(UnknownReason::Input(Arc::from("provider region")), r.loc())
        })
}

fn read_iam_role(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let role = model.add_resource(&IAM_ROLE, r.loc(), address);
    let Some(policy) = r.eval("assume_role_policy") else {
        return;
    };
    let slot = match trust_services(&policy) {
        Some(services) => Slot::Values(
            services
                .into_iter()
                .map(|s| Value {
                    origin: policy.origin.clone(),
                    ..Value::known(Scalar::str(&s), policy.loc)
                })
                .collect(),
        ),
        None => Slot::Value(Value::unknown(UnknownReason::Unsupported, policy.loc)),
    };
    model.set(role, "trusted_services", slot);
}

/// Service principals allowed by a trust policy written as JSON text.
fn trust_services(policy: &V) -> Option<Vec<String>> {
    let doc: serde_json::Value = serde_json::from_str(policy.as_str()?).ok()?;
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        Some(single) => vec![single],
        None => Vec::new(),
    };
    let mut services = Vec::new();
    for statement in statements {
        if statement.get("Effect").and_then(serde_json::Value::as_str) != Some("Allow") {
            continue;
        }
        match statement.get("Principal").and_then(|p| p.get("Service")) {
            Some(serde_json::Value::String(s)) => services.push(s.clone()),
            Some(serde_json::Value::Array(items)) => services.extend(
                items
                    .iter()
                    .filter_map(serde_json::Value::as_str)
                    .map(str::to_string),
            ),
            _ => {}
        }
    }
    Some(services)
}

fn read_hosted_zone(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let zone = model.add_resource(&HOSTED_ZONE, r.loc(), address);
    r.set(model, zone, "name", "name");
    let private = match r.blocks("vpc").first() {
        Some(vpc) => Value::known(Scalar::Bool(true), vpc.loc()),
        None => Value::default_value(Scalar::Bool(defaults::HOSTED_ZONE_PRIVATE), r.loc()),
    };
    model.set_value(zone, "private", private);
}

fn read_record(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let record = model.add_resource(&DNS_RECORD, r.loc(), address);
    r.set(model, record, "name", "name");
    r.set(model, record, "type", "type");
    r.set(model, record, "zone_id", "zone_id");
    if let Some(alias) = r.block("alias") {
        alias.set(model, record, "alias_target", "name");
    }
}

fn read_prefix_list(model: &mut Model, address: &str, r: &Reader<'_, '_>) {
    let list = model.add_resource(&PREFIX_LIST, r.loc(), address);
    r.set(model, list, "prefix_list_id", "id");
    // a customer-managed list (the resource) says how many rules it counts as
    r.set(model, list, "max_entries", "max_entries");
    r.set(model, list, "address_family", "address_family");
    match r.value("name") {
        Some(name) => model.set_value(list, "name", name),
        None => {
            // filter { name = "prefix-list-name", values = [...] }
            for filter in r.blocks("filter") {
                let is_name = filter
                    .value("name")
                    .is_some_and(|n| n.as_str() == Some("prefix-list-name"));
                if let (true, Some(values)) = (is_name, filter.eval("values"))
                    && let Val::List(items) = values.val
                    && let Some(first) = items.into_iter().next().and_then(to_value)
                {
                    model.set_value(list, "name", first);
                }
            }
        }
    }
}
