//! Derived facts, computed once per model after a front-end has filled it,
//! so rules read them as fields and never re-implement them.

use super::lookup::{named, resolve};
use super::names;
use super::origin_facts;
use super::partial::{self, shape};
use super::typo;
use super::{Attribute, Model, ObjId, Part, Reference, Scalar, Slot, State, UnknownReason, Value};

/// Computes every derived field of the model.
pub fn derive(model: &mut Model) {
    // resources first: associations below follow version → function links
    for collection in ["lambda_versions", "lambda_aliases"] {
        for id in model.all(collection) {
            let function = model.value(id, "function_name").and_then(|v| {
                resolve(
                    model,
                    v,
                    "lambda_functions",
                    &[Attribute::Id, Attribute::Arn],
                )
            });
            set_link(model, id, "function", function);
        }
    }
    link_behaviors(model);
    for dist in model.all("distributions") {
        for response in model.children(dist, "custom_error_responses") {
            link_error_page(model, dist, response);
        }
    }
    link_load_balancers(model);
    for record in model.all("dns_records") {
        let zone = model
            .value(record, "zone_id")
            .and_then(|v| resolve(model, v, "hosted_zones", &[]));
        set_link(model, record, "zone", zone);
        let lb = model
            .value(record, "alias_target")
            .and_then(|v| resolve(model, v, "load_balancers", &[Attribute::DnsName]));
        set_link(model, record, "load_balancer", lb);
    }
    for collection in ["origin_request_policies", "cache_policies"] {
        for policy in model.all(collection) {
            origin_facts::policy_forwards_host(model, policy);
        }
    }
    for listener in model.all("listeners") {
        origin_facts::listener_min_tls(model, listener);
    }
    for cert in model.all("certificates") {
        derive_certificate_names(model, cert);
    }
    for origin in all_origins(model) {
        derive_origin(model, origin);
        origin_facts::derive(model, origin);
    }
    for dist in model.all("distributions") {
        for behavior in model.children(dist, "behaviors") {
            origin_facts::forwards_host(model, behavior);
            super::associations::derive_behavior(model, behavior);
            for assoc in model.children(behavior, "lambda_associations") {
                derive_lambda_association(model, assoc);
            }
            for assoc in model.children(behavior, "function_associations") {
                let function = model
                    .value(assoc, "arn")
                    .and_then(|v| resolve(model, v, "cloudfront_functions", &[Attribute::Arn]));
                set_link(model, assoc, "function", function);
            }
        }
        if let Some(cert) = model.link(dist, "viewer_certificate") {
            let target = model
                .value(cert, "acm_certificate_arn")
                .and_then(|v| resolve(model, v, "certificates", CERTIFICATE_ARN));
            set_link(model, cert, "certificate", target);
            if let Some(region) = model
                .value(cert, "acm_certificate_arn")
                .and_then(arn_region)
            {
                model.set_value(cert, "certificate_region", region);
            }
        }
    }
    // before ingress rules, which read whether their prefix list is CloudFront's
    for list in model.all("prefix_lists") {
        if let Some(name) = model.value(list, "name").cloned() {
            let derived = name
                .as_str()
                .map(|n| names::CLOUDFRONT_PREFIX_LISTS.contains(&n));
            set_derived_bool(model, list, "is_cloudfront", derived, name.loc);
        }
    }
    for group in model.all("security_groups") {
        for rule in model.children(group, "ingress") {
            derive_ingress(model, rule);
            derive_rule_weights(model, rule);
        }
        derive_group_weights(model, group);
    }
    // after the certificates' names and the viewer certificates' links
    for dist in model.all("distributions") {
        super::coverage::derive_uncovered_aliases(model, dist);
    }
    for function in model.all("lambda_functions") {
        vpc_subnets_not_empty(model, function);
        let role = model
            .value(function, "role")
            .and_then(|v| resolve(model, v, "iam_roles", &[Attribute::Arn, Attribute::Id]));
        set_link(model, function, "role_resource", role);
        if let Some(runtime) = model.value(function, "runtime").cloned() {
            let language = runtime
                .as_str()
                .and_then(names::runtime_language)
                .map_or_else(
                    || Value::unknown(UnknownReason::Unsupported, runtime.loc),
                    |l| Value::known(Scalar::str(&l), runtime.loc),
                );
            model.set_value(function, "runtime_language", language);
        }
    }
}

/// Lambda refuses a VPC configuration with one list empty and the other
/// not: next to security groups known to be there, subnets that cannot be
/// known are not empty either (in a VPC, or the deploy fails).
fn vpc_subnets_not_empty(model: &mut Model, function: ObjId) {
    let groups_present = match model.slot(function, "vpc_security_group_ids") {
        Slot::Values(list) => !list.is_empty(),
        Slot::NonEmpty(_) => true,
        _ => false,
    };
    if let (true, Slot::Value(subnets)) = (groups_present, model.slot(function, "vpc_subnet_ids"))
        && subnets.is_unknown()
    {
        let subnets = subnets.clone();
        model.set(function, "vpc_subnet_ids", Slot::NonEmpty(subnets));
    }
}

fn all_origins(model: &Model) -> Vec<ObjId> {
    model
        .all("distributions")
        .into_iter()
        .flat_map(|d| model.children(d, "origins"))
        .collect()
}

fn set_link(model: &mut Model, id: ObjId, field: &str, target: Option<ObjId>) {
    if let Some(target) = target {
        model.set(id, field, Slot::Object(target));
    }
}

fn set_derived_bool(
    model: &mut Model,
    id: ObjId,
    field: &str,
    value: Option<bool>,
    loc: crate::source::Loc,
) {
    let value = match value {
        Some(b) => Value::known(Scalar::Bool(b), loc),
        None => Value::unknown(UnknownReason::Unsupported, loc),
    };
    model.set_value(id, field, value);
}

/// Whether two origins are the same servers: the same domain and origin
/// path for every completion of their values (an absent path is `""`).
fn share_origin(model: &Model, a: ObjId, b: ObjId) -> bool {
    // DNS names compare without case or a trailing dot
    let name = |s: &str| s.trim_end_matches('.').to_ascii_lowercase();
    let same = |field: &str| match (model.value(a, field), model.value(b, field)) {
        (Some(x), Some(y)) => match (x.as_str(), y.as_str()) {
            (Some(x), Some(y)) if field == "domain_name" => name(x) == name(y),
            _ => partial::equal(x, y) == Some(true),
        },
        (None, None) => true,
        (Some(v), None) | (None, Some(v)) => v.as_str() == Some(""),
    };
    model.value(a, "domain_name").is_some() && same("domain_name") && same("origin_path")
}

/// Behavior → origin / origin group, origin → behaviors, group → members.
fn link_behaviors(model: &mut Model) {
    for dist in model.all("distributions") {
        let origins = model.children(dist, "origins");
        let groups = model.children(dist, "origin_groups");
        // an id matches when it is the same value for every completion:
        // equal literals, or the same reference written twice
        let by_id = |model: &Model, list: &[ObjId], id: &Value| {
            list.iter().copied().find(|&o| {
                model
                    .value(o, "id")
                    .is_some_and(|own| partial::equal(own, id) == Some(true))
            })
        };
        for group in &groups {
            let member_ids = model.values(*group, "member_ids");
            let primary = member_ids.first().and_then(|id| by_id(model, &origins, id));
            let members: Vec<ObjId> = member_ids
                .iter()
                .filter_map(|id| by_id(model, &origins, id))
                .collect();
            if let ([a, b], Some(second)) = (members.as_slice(), member_ids.get(1)) {
                let shared = share_origin(model, *a, *b);
                let at = second.loc;
                model.set_value(
                    *group,
                    "members_share_origin",
                    Value::known(Scalar::Bool(shared), at),
                );
            }
            model.set(*group, "members", Slot::Objects(members));
            set_link(model, *group, "primary", primary);
        }
        for behavior in model.children(dist, "behaviors") {
            let Some(target) = model.value(behavior, "target_origin_id").cloned() else {
                continue;
            };
            let mut reached = Vec::new();
            if let Some(origin) = by_id(model, &origins, &target) {
                model.set(behavior, "origin", Slot::Object(origin));
                reached.push(origin);
            } else if let Some(group) = by_id(model, &groups, &target) {
                model.set(behavior, "origin_group", Slot::Object(group));
                reached.extend(model.children(group, "members"));
            } else if let Some(typed) = target.as_str() {
                let ids: Vec<String> = origins
                    .iter()
                    .chain(&groups)
                    .filter_map(|&o| model.str(o, "id").map(str::to_string))
                    .collect();
                if let Some(nearest) = typo::did_you_mean(typed, ids.iter().map(String::as_str)) {
                    let value = Value::known(Scalar::str(nearest), target.loc);
                    model.set_value(behavior, "target_origin_suggestion", value);
                }
            }
            for origin in reached {
                model.push(origin, "behaviors", behavior);
            }
        }
    }
}

/// Custom error response → the behavior and origin that serve its page, as
/// CloudFront picks them: ordered behaviors first, by path pattern, then the
/// default. A pattern that is not known before it matches leaves both unset.
fn link_error_page(model: &mut Model, dist: ObjId, response: ObjId) {
    let Some(page) = model
        .str(response, "response_page_path")
        .map(str::to_string)
    else {
        return;
    };
    let behaviors = model.children(dist, "behaviors");
    let mut serving = None;
    for &behavior in &behaviors {
        if model.bool(behavior, "is_default") == Some(true) {
            continue;
        }
        let Some(pattern) = model.value(behavior, "path_pattern") else {
            continue;
        };
        let Some(pattern) = pattern.as_str() else {
            return;
        };
        if names::path_pattern_matches(pattern, &page) {
            serving = Some(behavior);
            break;
        }
    }
    let serving = serving.or_else(|| {
        behaviors
            .iter()
            .copied()
            .find(|&b| model.bool(b, "is_default") == Some(true))
    });
    let Some(behavior) = serving else {
        return;
    };
    model.set(response, "page_behavior", Slot::Object(behavior));
    let origin = model.link(behavior, "origin");
    set_link(model, response, "page_origin", origin);
    let Some(origin) = origin else {
        return;
    };
    let Some(page_loc) = model.value(response, "response_page_path").map(|v| v.loc) else {
        return;
    };
    // An S3 origin (or website endpoint) is the separate store AWS
    // recommends for error pages.
    let custom = match model.str(origin, "config") {
        Some("custom") => domain_kind_of(model, origin).map(|kind| kind != "s3-website"),
        Some(_) => Some(false),
        None => None,
    };
    let shared = model.bool(behavior, "is_default") == Some(true)
        || model
            .children(origin, "behaviors")
            .iter()
            .any(|&b| b != behavior);
    let verdict = custom.map(|c| c && shared);
    set_derived_bool(model, response, "page_shares_origin", verdict, page_loc);
}

/// An origin's domain kind from its written domain (before `kind` is
/// derived): `load-balancer`, `s3-website`, … or `custom`.
fn domain_kind_of(model: &Model, origin: ObjId) -> Option<&'static str> {
    let domain = model.value(origin, "domain_name")?;
    if let Some(Reference {
        attribute: Attribute::WebsiteEndpoint,
        ..
    }) = domain.as_reference()
    {
        return Some("s3-website");
    }
    shape(domain).map(|text| names::domain_kind(&text).unwrap_or("custom"))
}

/// The attributes that name a certificate: its ARN, before or after issue.
const CERTIFICATE_ARN: &[Attribute] = &[Attribute::Arn, Attribute::IssuedArn, Attribute::Id];

/// Load balancer ↔ listeners, load balancer → security groups,
/// listener → certificates.
fn link_load_balancers(model: &mut Model) {
    for listener in model.all("listeners") {
        let lb = model
            .value(listener, "load_balancer_arn")
            .and_then(|v| resolve(model, v, "load_balancers", &[Attribute::Arn, Attribute::Id]));
        if let Some(lb) = lb {
            model.set(listener, "load_balancer", Slot::Object(lb));
            model.push(lb, "listeners", listener);
        }
        let certs: Vec<ObjId> = model
            .values(listener, "certificate_arns")
            .iter()
            .filter_map(|v| resolve(model, v, "certificates", CERTIFICATE_ARN))
            .collect();
        if !certs.is_empty() {
            model.set(listener, "certificates", Slot::Objects(certs));
        }
    }
    for lb in model.all("load_balancers") {
        let slot = match model.slot(lb, "security_group_ids").clone() {
            Slot::Values(ids) => {
                let mut groups = Vec::new();
                let mut unresolved = None;
                for id in &ids {
                    match resolve(model, id, "security_groups", &[Attribute::Id]) {
                        Some(g) => groups.push(g),
                        None => unresolved = Some(id.loc),
                    }
                }
                // A group outside the unit may admit anything: the list of
                // groups is then not fully known.
                match unresolved {
                    Some(loc) => Slot::Value(Value::unknown(UnknownReason::External, loc)),
                    None => Slot::Objects(groups),
                }
            }
            Slot::Value(v) => Slot::Value(Value::unknown(UnknownReason::External, v.loc)),
            _ => {
                // An application load balancer without security groups gets
                // the VPC's default group, which is not in the unit.
                if model.str(lb, "type").unwrap_or("application") == "application" {
                    let loc = model.object(lb).loc;
                    Slot::Value(Value::unknown(UnknownReason::External, loc))
                } else {
                    Slot::Absent
                }
            }
        };
        model.set(lb, "security_groups", slot);
    }
}

/// Whether a partly known value has a written piece of text.
fn has_literal(value: &Value) -> bool {
    value
        .parts
        .iter()
        .any(|p| matches!(p, Part::Text(t) if !t.trim().is_empty()))
}

fn derive_origin(model: &mut Model, origin: ObjId) {
    let loc = model.object(origin).loc;
    let domain = model.value(origin, "domain_name").cloned();
    // target: a load balancer in the unit
    let target = domain.as_ref().and_then(|d| {
        resolve(model, d, "load_balancers", &[Attribute::DnsName]).or_else(|| {
            // a custom domain whose Route 53 alias points at a load balancer
            let name = d.as_str()?;
            model.all("dns_records").into_iter().find_map(|record| {
                let matches = model.str(record, "name").is_some_and(|n| {
                    n.trim_end_matches('.')
                        .eq_ignore_ascii_case(name.trim_end_matches('.'))
                });
                if !matches {
                    return None;
                }
                let alias = model.value(record, "alias_target")?;
                resolve(model, alias, "load_balancers", &[Attribute::DnsName])
            })
        })
    });
    if let Some(lb) = target {
        model.set(origin, "target", Slot::Object(lb));
    }
    derive_internal_load_balancer(model, origin, target, domain.as_ref());

    // kind
    let config = model.str(origin, "config").map(str::to_string);
    let domain_loc = domain.as_ref().map_or(loc, |d| d.loc);
    let kind = if config.as_deref() == Some("vpc") {
        Some("vpc-origin")
    } else if target.is_some() {
        Some("load-balancer")
    } else {
        match domain.as_ref().map(|d| (d, d.as_reference())) {
            Some((
                _,
                Some(Reference {
                    attribute: Attribute::WebsiteEndpoint,
                    ..
                }),
            )) => Some("s3-website"),
            // a value with no literal piece says nothing about its kind
            Some((d, _)) if d.as_str().is_none() && !has_literal(d) => None,
            Some((d, _)) => match shape(d) {
                // a `${…}` left as text: what the author meant is not known,
                // and the domain itself is the finding (CF152)
                Some(text) if names::domain_placeholder(&text).is_some() => None,
                Some(text) => Some(names::domain_kind(&text).unwrap_or("custom")),
                None => None,
            },
            None => None,
        }
    };
    let kind_value = match kind {
        Some(k) => Value::known(Scalar::str(k), domain_loc),
        None => Value::unknown(UnknownReason::Unsupported, domain_loc),
    };
    model.set_value(origin, "kind", kind_value);

    derive_failover_delay(model, origin);

    // connect ports
    if config.as_deref() == Some("custom") {
        let ports = connect_ports(model, origin);
        model.set(origin, "connect_ports", ports);
    }
}

/// Whether the origin's domain is an internal load balancer, located at the
/// domain name: from the linked load balancer's scheme, else from an
/// `internal-` load balancer DNS name.
fn derive_internal_load_balancer(
    model: &mut Model,
    origin: ObjId,
    target: Option<ObjId>,
    domain: Option<&Value>,
) {
    let Some(domain) = domain else {
        return;
    };
    let verdict = match target {
        Some(lb) => match model.value(lb, "scheme") {
            Some(scheme) => scheme.as_str().map(|s| s.eq_ignore_ascii_case("internal")),
            None => Some(false),
        },
        None => match shape(domain) {
            Some(text) if names::domain_kind(&text) == Some("load-balancer") => {
                Some(names::is_internal_elb_name(&text))
            }
            _ => return,
        },
    };
    set_derived_bool(model, origin, "internal_load_balancer", verdict, domain.loc);
}

/// Attempts × timeout: how long CloudFront tries an unreachable origin
/// before it fails over (or returns 504). Located at the timeout, the value
/// one usually changes; a Default when both settings are defaults.
fn derive_failover_delay(model: &mut Model, origin: ObjId) {
    let (Some(attempts), Some(timeout)) = (
        model.value(origin, "connection_attempts").cloned(),
        model.value(origin, "connection_timeout").cloned(),
    ) else {
        return;
    };
    let value = match (attempts.as_int(), timeout.as_int()) {
        (Some(a), Some(t)) => {
            let product = Scalar::Int(a.saturating_mul(t));
            if attempts.is_default() && timeout.is_default() {
                Value::default_value(product, timeout.loc)
            } else if timeout.is_default() {
                Value::known(product, attempts.loc)
            } else {
                Value::known(product, timeout.loc)
            }
        }
        _ => Value::unknown(UnknownReason::Unsupported, timeout.loc),
    };
    model.set_value(origin, "failover_delay", value);
}

/// The ports CloudFront opens to a custom origin. `match-viewer` uses the
/// HTTP port only when some behavior reaching the origin lets viewers use
/// HTTP.
fn connect_ports(model: &Model, origin: ObjId) -> Slot {
    let Some(policy) = model.value(origin, "protocol_policy") else {
        return Slot::Absent;
    };
    let port = |field: &str| model.value(origin, field).cloned();
    let (http, https) = (port("http_port"), port("https_port"));
    let mut ports = Vec::new();
    match policy.as_str() {
        Some("http-only") => ports.extend(http),
        Some("https-only") => ports.extend(https),
        Some("match-viewer") => {
            ports.extend(https);
            let behaviors = model.children(origin, "behaviors");
            let viewer_http = behaviors
                .iter()
                .map(|&b| model.value(b, "viewer_protocol_policy"));
            let mut uses_http = Some(false);
            for policy in viewer_http {
                match policy.map(|p| (p.as_str(), p)) {
                    Some((Some("allow-all"), _)) => uses_http = uses_http.map(|_| true),
                    Some((None, _)) if uses_http == Some(false) => uses_http = None,
                    _ => {}
                }
            }
            match (uses_http, http) {
                (Some(true), Some(http)) => ports.push(http),
                (None, Some(http)) => {
                    // Whether viewers use HTTP is not known: so is this port.
                    ports.push(Value::unknown(UnknownReason::Unsupported, http.loc));
                }
                _ => {}
            }
        }
        _ => return Slot::Value(Value::unknown(UnknownReason::Unsupported, policy.loc)),
    }
    Slot::Values(ports)
}

fn derive_lambda_association(model: &mut Model, assoc: ObjId) {
    let loc = model.object(assoc).loc;
    if let Some(event) = model.value(assoc, "event_type").cloned() {
        let viewer = event.as_str().map(|e| e.starts_with("viewer-"));
        set_derived_bool(model, assoc, "viewer_event", viewer, event.loc);
    }
    let Some(arn) = model.value(assoc, "arn").cloned() else {
        return;
    };
    if let Some(region) = arn_region(&arn) {
        model.set_value(assoc, "arn_region", region);
    }
    let (qualifier, function) = lambda_target(model, &arn);
    let qualifier_value = match qualifier {
        Some(q) => Value::known(Scalar::str(q), arn.loc),
        None => Value::unknown(UnknownReason::Unsupported, arn.loc),
    };
    model.set_value(assoc, "qualifier", qualifier_value);
    set_link(model, assoc, "function", function);
    if let Some(executions) = provisioned_concurrency(model, &arn) {
        model.set_value(assoc, "provisioned_concurrency", executions);
    }
    let _ = loc;
}

/// The provisioned concurrency of the version or alias a reference names: a
/// version or alias resource, or a function's published version.
fn provisioned_concurrency(model: &Model, arn: &Value) -> Option<Value> {
    let reference = arn.as_reference()?;
    let target = model.resource(&reference.resource)?;
    let field = match model.object(target).def.name {
        "lambda_version" | "lambda_alias" => "provisioned_concurrency",
        "lambda_function" if reference.attribute == Attribute::VersionArn => {
            "version_provisioned_concurrency"
        }
        _ => return None,
    };
    model.value(target, field).cloned()
}

/// The region of a written-out ARN, located at the ARN.
fn arn_region(arn: &Value) -> Option<Value> {
    let region = names::parse_arn(arn.as_str()?)?.region;
    (!region.is_empty()).then(|| Value::known(Scalar::str(region), arn.loc))
}

/// What a Lambda@Edge ARN names and the function behind it.
fn lambda_target(model: &Model, arn: &Value) -> (Option<&'static str>, Option<ObjId>) {
    let by_resource = |collection: &str, name: &str| named(model, collection, name, arn);
    let function_of = |id: ObjId| model.link(id, "function");
    if let Some(text) = arn.as_str() {
        return (
            names::lambda_qualifier(text),
            function_by_literal_arn(model, text),
        );
    }
    let Some(Part::Ref(first)) = arn.parts.first() else {
        return (None, None);
    };
    let rest = arn.parts.get(1..).unwrap_or(&[]);
    let name = &*first.resource;
    if let Some(version) = by_resource("lambda_versions", name)
        && rest.is_empty()
    {
        return (Some("version"), function_of(version));
    }
    if let Some(alias) = by_resource("lambda_aliases", name)
        && rest.is_empty()
    {
        return (Some("alias"), function_of(alias));
    }
    let Some(function) = by_resource("lambda_functions", name) else {
        return (None, None);
    };
    let qualifier = match (&first.attribute, rest) {
        (Attribute::VersionArn, []) => Some("version"),
        (Attribute::LatestArn, []) => Some("latest"),
        (Attribute::Arn, []) => Some("unqualified"),
        (Attribute::Arn, [Part::Text(q)]) => q.strip_prefix(':').map(names::qualifier_kind),
        (
            Attribute::Arn,
            [
                Part::Text(colon),
                Part::Ref(Reference {
                    attribute: Attribute::VersionNumber,
                    ..
                }),
            ],
        ) if &**colon == ":" => Some("version"),
        _ => None,
    };
    (qualifier, Some(function))
}

/// The function a literal Lambda ARN names: the object whose `arn` is the
/// ARN itself, else one whose ARN or name is the ARN without its qualifier.
/// An object that is the configuration of one version (its `version` is
/// known) only stands for that version, so an association never reads the
/// settings of another version.
fn function_by_literal_arn(model: &Model, text: &str) -> Option<ObjId> {
    let text = text.trim();
    let functions = model.all("lambda_functions");
    let field_is = |id: ObjId, field: &str, want: &str| {
        model
            .str(id, field)
            .is_some_and(|known| known.eq_ignore_ascii_case(want))
    };
    if let Some(exact) = functions
        .iter()
        .copied()
        .find(|&f| field_is(f, "arn", text))
    {
        return Some(exact);
    }
    let (base, qualifier) = match names::lambda_qualifier(text) {
        Some("unqualified") | None => (text, "$LATEST"),
        Some(_) => text.rsplit_once(':').unwrap_or((text, "")),
    };
    functions.into_iter().find(|&f| {
        let version_agrees = model.str(f, "version").is_none_or(|v| v == qualifier);
        version_agrees && (field_is(f, "arn", base) || field_is(f, "function_name", base))
    })
}

fn derive_ingress(model: &mut Model, rule: ObjId) {
    let loc = model.object(rule).loc;
    let protocol = model.value(rule, "protocol").cloned();
    let protocol_text = protocol
        .as_ref()
        .and_then(|p| p.as_str().map(str::to_ascii_lowercase));
    let all_ports = protocol_text.as_deref().map(|p| p == "-1" || p == "all");
    if let Some(p) = &protocol {
        set_derived_bool(model, rule, "covers_all_ports", all_ports, p.loc);
    }
    let tcp = match protocol_text.as_deref() {
        Some("tcp" | "6" | "-1" | "all") => Some(true),
        Some(_) => Some(false),
        None if protocol.is_none() => Some(true),
        None => None,
    };

    let source = admits_source(model, rule);
    let admits = match (tcp, source) {
        (Some(false), _) | (_, Some((Some(false), _))) => Some(false),
        (Some(true), Some((Some(true), _))) => Some(true),
        _ => None,
    };
    let at = source.map_or(loc, |(_, l)| l);
    set_derived_bool(model, rule, "admits_cloudfront", admits, at);
}

/// CloudFront's IPv4 origin-facing prefix list counts as this many rules
/// (VPC user guide, working-with-aws-managed-prefix-lists).
const CLOUDFRONT_LIST_WEIGHT: i64 = 55;

/// What a rule counts as against each IP family's rules-per-group quota,
/// and whether it admits CloudFront over IPv6.
fn derive_rule_weights(model: &mut Model, rule: ObjId) {
    let loc = model.object(rule).loc;
    let known = |n: i64, at| Value::known(Scalar::Int(n), at);
    let unknown = |at| Value::unknown(UnknownReason::Unsupported, at);
    let (v4, v6, ipv6_admits) = if let Some(v) = model.value(rule, "prefix_list_id").cloned() {
        let list = resolve(model, &v, "prefix_lists", &[]);
        let name = list.and_then(|l| model.str(l, "name"));
        let family = list
            .and_then(|l| model.str(l, "address_family"))
            .map(str::to_ascii_lowercase);
        let entries = list
            .and_then(|l| model.value(l, "max_entries"))
            .and_then(Value::as_int);
        match (name, family.as_deref(), entries) {
            (Some(n), _, _) if n == names::CLOUDFRONT_PREFIX_LIST_IPV4 => (
                known(CLOUDFRONT_LIST_WEIGHT, v.loc),
                known(0, v.loc),
                Some(false),
            ),
            (Some(n), _, _) if n == names::CLOUDFRONT_PREFIX_LIST_IPV6 => {
                (known(0, v.loc), unknown(v.loc), Some(true))
            }
            (_, Some("ipv4"), Some(e)) => (known(e, v.loc), known(0, v.loc), Some(false)),
            (_, Some("ipv6"), Some(e)) => (known(0, v.loc), known(e, v.loc), None),
            _ => (unknown(v.loc), unknown(v.loc), None),
        }
    } else if let Some(v) = model.value(rule, "cidr_ipv4").cloned() {
        (known(1, v.loc), known(0, v.loc), Some(false))
    } else if let Some(v) = model.value(rule, "cidr_ipv6").cloned() {
        let admits = v.as_str().and_then(|cidr| {
            if names::cidr_is_internet(cidr) {
                Some(true)
            } else if names::cidr_is_private(cidr) {
                Some(false)
            } else {
                None
            }
        });
        (known(0, v.loc), known(1, v.loc), admits)
    } else if let Some(v) = model.value(rule, "source_security_group").cloned() {
        // a group reference counts in both families (VPC quotas page)
        (known(1, v.loc), known(1, v.loc), Some(false))
    } else {
        (unknown(loc), unknown(loc), None)
    };
    let at = v4.loc;
    model.set_value(rule, "ipv4_weight", v4);
    model.set_value(rule, "ipv6_weight", v6);
    let protocol_tcp = model
        .value(rule, "protocol")
        .map(|p| p.as_str().map(str::to_ascii_lowercase));
    let tcp = match protocol_tcp {
        None => Some(true),
        Some(Some(p)) => Some(matches!(p.as_str(), "tcp" | "6" | "-1" | "all")),
        Some(None) => None,
    };
    let admits = match (tcp, ipv6_admits) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    };
    set_derived_bool(model, rule, "admits_cloudfront_ipv6", admits, at);
}

/// The per-family sums of a group's rule weights, located at the heaviest
/// rule. Unknown when the list of rules is not known.
fn derive_group_weights(model: &mut Model, group: ObjId) {
    let loc = model.object(group).loc;
    let rules_known = !matches!(model.slot(group, "ingress"), Slot::Value(_));
    let rules = model.children(group, "ingress");
    for (rule_field, group_field) in [
        ("ipv4_weight", "ipv4_rule_weight"),
        ("ipv6_weight", "ipv6_rule_weight"),
    ] {
        if !rules_known {
            model.set_value(
                group,
                group_field,
                Value::unknown(UnknownReason::Unsupported, loc),
            );
            continue;
        }
        let mut total = 0i64;
        let mut heaviest: Option<(i64, crate::source::Loc)> = None;
        for &rule in &rules {
            let Some(weight) = model.value(rule, rule_field) else {
                continue;
            };
            let Some(n) = weight.as_int() else {
                continue;
            };
            total = total.saturating_add(n);
            if heaviest.is_none_or(|(w, _)| n > w) {
                heaviest = Some((n, weight.loc));
            }
        }
        let at = heaviest.map_or(loc, |(_, l)| l);
        model.set_value(group, group_field, Value::known(Scalar::Int(total), at));
    }
}

/// Whether the rule's source includes CloudFront, and the source's location.
fn admits_source(model: &Model, rule: ObjId) -> Option<(Option<bool>, crate::source::Loc)> {
    if let Some(v) = model.value(rule, "prefix_list_id") {
        let list = resolve(model, v, "prefix_lists", &[Attribute::Id]);
        let verdict = list.and_then(|l| model.bool(l, "is_cloudfront"));
        return Some((verdict, v.loc));
    }
    for field in ["cidr_ipv4", "cidr_ipv6"] {
        if let Some(v) = model.value(rule, field) {
            let verdict = v.as_str().and_then(|cidr| {
                if names::cidr_is_internet(cidr) {
                    Some(true)
                } else if names::cidr_is_private(cidr) {
                    Some(false)
                } else {
                    // a public range may hold CloudFront's addresses
                    None
                }
            });
            return Some((verdict, v.loc));
        }
    }
    // CloudFront does not connect from inside a security group
    model
        .value(rule, "source_security_group")
        .map(|v| (Some(false), v.loc))
}

fn derive_certificate_names(model: &mut Model, cert: ObjId) {
    let mut names = Vec::new();
    let mut unknown = None;
    let domain = model.value(cert, "domain_name").cloned();
    for v in domain
        .iter()
        .chain(model.values(cert, "subject_alternative_names").iter())
    {
        if v.as_str().is_some() {
            names.push(v.clone());
        } else {
            unknown = Some(v.loc);
        }
    }
    if let Slot::Value(v) = model.slot(cert, "subject_alternative_names")
        && v.is_unknown()
    {
        unknown = Some(v.loc);
    }
    let slot = match unknown {
        Some(loc) => Slot::Value(Value::unknown(UnknownReason::Unsupported, loc)),
        None => Slot::Values(names),
    };
    model.set(cert, "names", slot);
}

/// Whether a value is a Known scalar (for callers that only need a test).
pub fn is_known(value: &Value) -> bool {
    matches!(value.state, State::Known(_) | State::Default(_))
}
