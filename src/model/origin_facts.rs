//! Derived facts about how CloudFront reaches an origin: how its domain is
//! written, the load balancer listener and certificates behind it, the TLS
//! versions both sides accept, whether the viewer's Host header is sent,
//! and custom header limits. Computed once, after `derive` has linked
//! origins to load balancers and behaviors to origins.

use super::lookup::resolve;
use super::names;
use super::partial;
use super::{Attribute, Model, ObjId, Scalar, Slot, UnknownReason, Value};

/// Fills the derived fields of one origin.
pub fn derive(model: &mut Model, origin: ObjId) {
    if let Some(domain) = model.value(origin, "domain_name").cloned() {
        let text = partial::shape(&domain);
        let format = text.as_deref().map(names::domain_format);
        model.set_value(
            origin,
            "domain_format",
            known_or_unknown(format, domain.loc),
        );
        if let Some(placeholder) = text.as_deref().and_then(names::domain_placeholder) {
            model.set_value(
                origin,
                "domain_placeholder",
                Value::known(Scalar::str(placeholder), domain.loc),
            );
        }
        let raw_lb = match domain.as_reference() {
            // the DNS name of a load balancer outside the unit, or of
            // something else, is not known to be one
            Some(r) if r.attribute == Attribute::DnsName => model
                .link(origin, "target")
                .map(|lb| model.object(lb).resource.as_deref() == Some(&*r.resource)),
            Some(_) => Some(false),
            None => domain
                .as_str()
                .map(|d| names::domain_kind(d) == Some("load-balancer")),
        };
        if let Some(raw) = raw_lb {
            model.set_value(
                origin,
                "load_balancer_dns_name",
                Value::known(Scalar::Bool(raw), domain.loc),
            );
        }
        let records = private_zone_records(model, &domain);
        if !records.is_empty() {
            model.set(origin, "private_zone_records", Slot::Objects(records));
        }
    }
    custom_headers(model, origin);
    tls_versions(model, origin);
}

fn known_or_unknown(text: Option<&str>, loc: crate::source::Loc) -> Value {
    match text {
        Some(t) => Value::known(Scalar::str(t), loc),
        None => Value::unknown(UnknownReason::Unsupported, loc),
    }
}

fn custom_headers(model: &mut Model, origin: ObjId) {
    let headers = model.children(origin, "custom_headers");
    if headers.is_empty() {
        return;
    }
    let mut size = Some(0usize);
    for header in &headers {
        if let Some(name) = model.value(*header, "name").cloned() {
            let bad = name.as_str().map(names::custom_header_disallowed);
            let value = match bad {
                Some(b) => Value::known(Scalar::Bool(b), name.loc),
                None => Value::unknown(UnknownReason::Unsupported, name.loc),
            };
            model.set_value(*header, "disallowed", value);
        }
        for field in ["name", "value"] {
            let len = model.str(*header, field).map(|s| s.chars().count());
            size = match (size, len, model.value(*header, field)) {
                (Some(total), Some(n), _) => Some(total + n),
                (Some(total), None, None) => Some(total),
                _ => None,
            };
        }
    }
    let loc = model.object(origin).loc;
    let value = match size {
        Some(n) => Value::known(Scalar::Int(i64::try_from(n).unwrap_or(i64::MAX)), loc),
        None => Value::unknown(UnknownReason::Unsupported, loc),
    };
    model.set_value(origin, "custom_headers_size", value);
}

/// The listener behind an HTTPS origin, and what the TLS versions and
/// certificates on both sides allow.
fn tls_versions(model: &mut Model, origin: ObjId) {
    let protocols = model.values(origin, "ssl_protocols").to_vec();
    if !protocols.is_empty() && protocols.iter().all(|p| p.as_str().is_some()) {
        let best = protocols
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| names::tls_rank(p).map(|r| (r, p)))
            .max_by_key(|(r, _)| *r);
        if let Some((rank, _)) = best {
            let label = match rank {
                0 => "SSLv3",
                10 => "1.0",
                11 => "1.1",
                _ => "1.2",
            };
            let loc = protocols
                .first()
                .map_or(model.object(origin).loc, |p| p.loc);
            model.set_value(
                origin,
                "max_tls_version",
                Value::known(Scalar::str(label), loc),
            );
        }
    }
    let uses_https = matches!(
        model.str(origin, "protocol_policy"),
        Some("https-only" | "match-viewer")
    );
    let (Some(lb), true) = (model.link(origin, "target"), uses_https) else {
        return;
    };
    let Some(port) = model.int(origin, "https_port") else {
        return;
    };
    let Some(listener) = model
        .children(lb, "listeners")
        .into_iter()
        .find(|&l| model.int(l, "port") == Some(port))
    else {
        return;
    };
    model.set(origin, "https_listener", Slot::Object(listener));

    if let (Some(offered), Some(min)) = (
        model
            .str(origin, "max_tls_version")
            .and_then(names::tls_rank),
        model
            .str(listener, "min_tls_version")
            .and_then(names::tls_rank),
    ) {
        let at = model
            .value(origin, "ssl_protocols")
            .map(|v| v.loc)
            .or_else(|| model.values(origin, "ssl_protocols").first().map(|v| v.loc))
            .unwrap_or(model.object(origin).loc);
        model.set_value(
            origin,
            "tls_reaches_listener_minimum",
            Value::known(Scalar::Bool(offered >= min), at),
        );
    }
    certificates(model, origin, listener);
}

/// Certificate coverage of the origin domain and of the aliases.
fn certificates(model: &mut Model, origin: ObjId, listener: ObjId) {
    let written = model.values(listener, "certificate_arns").len();
    let certs = model.children(listener, "certificates");
    let Some(domain) = model.value(origin, "domain_name").cloned() else {
        return;
    };
    private_ca(model, origin, &certs, domain.as_str());
    // every certificate must be in the unit with known names
    let mut names_known: Vec<String> = Vec::new();
    let mut complete = written > 0 && certs.len() == written;
    for cert in &certs {
        match model.slot(*cert, "names") {
            Slot::Values(v) => {
                names_known.extend(v.iter().filter_map(|n| n.as_str().map(str::to_string)))
            }
            _ => complete = false,
        }
    }
    let covers = |host: &str| names_known.iter().any(|n| names::name_covers(n, host));
    let loc = domain.loc;
    let domain_covered = match (complete, domain.as_str()) {
        (true, Some(host)) => Value::known(Scalar::Bool(covers(host)), loc),
        _ => Value::unknown(UnknownReason::External, loc),
    };
    model.set_value(origin, "certificate_covers_domain", domain_covered);

    let dist = model
        .all("distributions")
        .into_iter()
        .find(|&d| model.children(d, "origins").contains(&origin));
    let Some(dist) = dist else { return };
    let aliases = model.values(dist, "aliases").to_vec();
    let slot = if !complete || aliases.iter().any(|a| a.as_str().is_none()) {
        Slot::Value(Value::unknown(UnknownReason::External, loc))
    } else {
        Slot::Values(
            aliases
                .into_iter()
                .filter(|a| a.as_str().is_some_and(|h| !covers(h)))
                .collect(),
        )
    };
    model.set(origin, "aliases_off_certificate", slot);
}

/// The certificates from a private CA the listener would present for the
/// origin domain: those naming it when no publicly trusted certificate in
/// the unit does (all of them when the domain is not known).
fn private_ca(model: &mut Model, origin: ObjId, certs: &[ObjId], domain: Option<&str>) {
    let is_private = |c: ObjId| model.value(c, "certificate_authority_arn").is_some();
    let names_domain = |c: ObjId| match domain {
        Some(host) => model
            .values(c, "names")
            .iter()
            .filter_map(Value::as_str)
            .any(|n| names::name_covers(n, host)),
        None => true,
    };
    let public_covers = certs.iter().any(|&c| !is_private(c) && names_domain(c));
    let private: Vec<ObjId> = certs
        .iter()
        .copied()
        .filter(|&c| is_private(c) && names_domain(c))
        .collect();
    if !public_covers && !private.is_empty() {
        model.set(origin, "private_ca_certificates", Slot::Objects(private));
    }
}

/// Route 53 records in the unit naming `domain` whose zone is private,
/// unless a public zone in the unit also answers for the name.
fn private_zone_records(model: &Model, domain: &Value) -> Vec<ObjId> {
    // A reference to a record of the unit (`!Ref` of a record set, which
    // returns its name; `aws_route53_record.x.fqdn`) is that record's name,
    // even when the name is not known or is relative to its zone.
    let referenced = domain
        .as_reference()
        .and_then(|r| model.resource(&r.resource))
        .filter(|&r| std::ptr::eq(model.object(r).def, &super::schema::DNS_RECORD));
    let name = match (domain.as_str(), referenced) {
        (Some(name), _) => Some(name),
        (None, Some(record)) => model.str(record, "name"),
        (None, None) => return Vec::new(),
    };
    let same_name = |r: ObjId| match (name, model.str(r, "name")) {
        (Some(want), Some(n)) => n
            .trim_end_matches('.')
            .eq_ignore_ascii_case(want.trim_end_matches('.')),
        _ => false,
    };
    let mut records: Vec<ObjId> = model
        .all("dns_records")
        .into_iter()
        .filter(|&r| same_name(r))
        .collect();
    if let Some(record) = referenced
        && !records.contains(&record)
    {
        records.push(record);
    }
    let zone_private = |r: ObjId| model.link(r, "zone").and_then(|z| model.bool(z, "private"));
    // split-horizon: a public record for the same name resolves for CloudFront
    if records.iter().any(|&r| zone_private(r) != Some(true)) {
        return Vec::new();
    }
    records
}

/// Whether the viewer's Host header reaches the origin of a behavior.
pub fn forwards_host(model: &mut Model, behavior: ObjId) {
    let loc = model.object(behavior).loc;
    let mut verdict = Some(false);
    let mut at = loc;
    let mut combine = |v: Option<bool>, l| match (verdict, v) {
        (Some(true), _) => {}
        (_, Some(true)) => {
            verdict = Some(true);
            at = l;
        }
        (_, None) => {
            verdict = None;
            at = l;
        }
        _ => {}
    };
    if model
        .value(behavior, "forwarded_headers")
        .is_some_and(Value::is_unknown)
    {
        combine(None, loc);
    }
    for header in model.values(behavior, "forwarded_headers") {
        let v = header
            .as_str()
            .map(|h| h.eq_ignore_ascii_case("host") || h == "*");
        combine(v, header.loc);
    }
    if let Some(policy) = model.value(behavior, "origin_request_policy_id") {
        let managed = |id: &str| {
            if names::HOST_FORWARDING_REQUEST_POLICIES.contains(&id) {
                Some(true)
            } else if names::HOST_DROPPING_REQUEST_POLICIES.contains(&id) || id.is_empty() {
                Some(false)
            } else {
                None
            }
        };
        let v = named_policy(model, policy, "origin_request_policies", managed);
        combine(v, policy.loc);
    }
    if let Some(policy) = model.value(behavior, "cache_policy_id") {
        let managed = |id: &str| {
            (names::HOST_FREE_CACHE_POLICIES.contains(&id) || id.is_empty()).then_some(false)
        };
        let v = named_policy(model, policy, "cache_policies", managed);
        combine(v, policy.loc);
    }
    let value = match verdict {
        Some(b) => Value::known(Scalar::Bool(b), at),
        None => Value::unknown(UnknownReason::Unsupported, at),
    };
    model.set_value(behavior, "forwards_host", value);
}

/// Whether the policy a behavior names sends Host: a managed id, else the
/// policy in the unit the id or reference names.
fn named_policy(
    model: &Model,
    id: &Value,
    collection: &str,
    managed: impl Fn(&str) -> Option<bool>,
) -> Option<bool> {
    if let Some(known) = id.as_str().and_then(|text| managed(text.trim())) {
        return Some(known);
    }
    let policy = resolve(model, id, collection, &[Attribute::Id])?;
    model.bool(policy, "forwards_host")
}

/// Whether a cache or origin request policy sends the viewer's Host
/// header: its header behavior and list, or for a Terraform data source
/// the managed policy it names.
pub fn policy_forwards_host(model: &mut Model, policy: ObjId) {
    let behavior = model.value(policy, "header_behavior").cloned();
    let names_host = || -> Option<bool> {
        if model
            .value(policy, "headers")
            .is_some_and(Value::is_unknown)
        {
            return None;
        }
        let headers = model.values(policy, "headers");
        if headers.iter().any(|h| h.as_str().is_none()) {
            return None;
        }
        Some(
            headers
                .iter()
                .filter_map(Value::as_str)
                .any(|h| h.trim().eq_ignore_ascii_case("host")),
        )
    };
    let verdict = match behavior.as_ref().and_then(Value::as_str) {
        Some("allViewer" | "allViewerAndWhitelistCloudFront") => Some(true),
        Some("whitelist") => names_host(),
        Some("allExcept") => names_host().map(|named| !named),
        Some("none") => Some(false),
        Some(_) => None,
        None if behavior.is_some() => None,
        None => model
            .str(policy, "name")
            .and_then(names::managed_policy_forwards_host),
    };
    let loc = behavior
        .as_ref()
        .map_or(model.object(policy).loc, |b| b.loc);
    let value = match verdict {
        Some(b) => Value::known(Scalar::Bool(b), loc),
        None => Value::unknown(UnknownReason::Unsupported, loc),
    };
    model.set_value(policy, "forwards_host", value);
}

/// The lowest TLS version a listener's security policy accepts.
pub fn listener_min_tls(model: &mut Model, listener: ObjId) {
    if let Some(policy) = model.value(listener, "ssl_policy").cloned() {
        let min = policy.as_str().and_then(names::elb_policy_min_tls);
        model.set_value(
            listener,
            "min_tls_version",
            known_or_unknown(min, policy.loc),
        );
    }
}
