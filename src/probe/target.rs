//! What to probe: the connections CloudFront makes to each origin of a
//! deployment, read from the model exactly as `check` reads it. Only
//! origins whose address and connection settings are all known become
//! targets; the others are listed with the reason they are left out.

use std::time::Duration;

use crate::finding::Label;
use crate::lint::UnitModels;
use crate::model::{Model, ObjId, State, Value, defaults};

/// The protocol of one connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

/// A TLS version the probe can offer (rustls implements these two only).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TlsVersion {
    Tls12,
    Tls13,
}

impl TlsVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            TlsVersion::Tls12 => "TLSv1.2",
            TlsVersion::Tls13 => "TLSv1.3",
        }
    }
}

/// The versions of an origin's SSL protocols: those the probe offers, and
/// those CloudFront would offer too that the probe cannot.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Protocols {
    pub offered: Vec<TlsVersion>,
    pub unavailable: Vec<String>,
}

impl Protocols {
    /// Reads protocol names as `OriginSSLProtocols` spells them; an
    /// unknown name is an error.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Protocols, String> {
        let mut protocols = Protocols::default();
        for name in names {
            match name.trim() {
                "TLSv1.2" => protocols.offered.push(TlsVersion::Tls12),
                "TLSv1.3" => protocols.offered.push(TlsVersion::Tls13),
                old @ ("SSLv3" | "TLSv1" | "TLSv1.1") => {
                    protocols.unavailable.push(old.to_string())
                }
                other => {
                    return Err(format!(
                        "unknown TLS protocol `{other}` (SSLv3, TLSv1, TLSv1.1, TLSv1.2, TLSv1.3)"
                    ));
                }
            }
        }
        protocols.offered.sort();
        protocols.offered.dedup();
        Ok(protocols)
    }

    pub fn offered_text(&self) -> String {
        let names: Vec<&str> = self.offered.iter().map(|v| v.as_str()).collect();
        names.join(", ")
    }
}

/// One connection as CloudFront would make it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    pub scheme: Scheme,
    /// The name resolved (the origin domain).
    pub host: String,
    pub port: u16,
    /// The TLS server name and the Host header: the origin domain, or a
    /// viewer's Host when it is forwarded.
    pub server_name: String,
    /// The Host header: the server name, unless `--host` says otherwise.
    pub host_header: String,
    /// The request path, origin path included.
    pub path: String,
    pub protocols: Protocols,
    pub connect_timeout: Duration,
    pub attempts: u32,
    pub read_timeout: Duration,
    /// The origin's custom headers, sent as CloudFront sends them.
    pub headers: Vec<(String, String)>,
    /// Whether the certificate's names are judged: not when it is unknown
    /// whether the viewer's Host is forwarded.
    pub judge_name: bool,
}

impl Target {
    /// `https://name:port/path`, for messages.
    pub fn url(&self) -> String {
        format!(
            "{}://{}:{}{}",
            self.scheme.as_str(),
            self.server_name,
            self.port,
            self.path
        )
    }
}

/// Where a target comes from: the origin and the value of its domain.
#[derive(Clone, Debug)]
pub struct Place {
    pub origin: String,
    pub label: Option<Label>,
    pub resource: Option<String>,
}

/// An origin left out, and why.
#[derive(Clone, Debug)]
pub struct Skip {
    pub place: Place,
    pub reason: String,
}

/// The targets of a run, each with every place that configures it (the
/// same connection is made once), and the origins left out.
#[derive(Debug, Default)]
pub struct Plan {
    pub targets: Vec<(Target, Vec<Place>)>,
    pub skipped: Vec<Skip>,
}

impl Plan {
    pub fn add(&mut self, target: Target, place: Place) {
        let same = |a: &Place, b: &Place| match (&a.label, &b.label) {
            (Some(x), Some(y)) => x.file.path() == y.file.path() && x.span == y.span,
            (None, None) => a.origin == b.origin,
            _ => false,
        };
        match self.targets.iter_mut().find(|(t, _)| *t == target) {
            Some((_, places)) => {
                if !places.iter().any(|p| same(p, &place)) {
                    places.push(place);
                }
            }
            None => self.targets.push((target, vec![place])),
        }
    }

    fn skip(&mut self, place: Place, reason: String) {
        let seen = self.skipped.iter().any(|s| {
            s.place.origin == place.origin
                && s.reason == reason
                && s.place.label.as_ref().map(|l| (l.file.path(), l.span))
                    == place.label.as_ref().map(|l| (l.file.path(), l.span))
        });
        if !seen {
            self.skipped.push(Skip { place, reason });
        }
    }
}

/// Adds the origins of every scenario of a unit to the plan.
pub fn plan_unit(plan: &mut Plan, unit: &UnitModels) {
    for scenario in &unit.scenarios {
        let model = &scenario.model;
        for dist in model.all("distributions") {
            for origin in model.children(dist, "origins") {
                let place = place(model, origin, unit);
                match targets(model, dist, origin) {
                    Ok(targets) => {
                        for target in targets {
                            plan.add(target, place.clone());
                        }
                    }
                    Err(reason) => plan.skip(place, reason),
                }
            }
        }
    }
}

fn place(model: &Model, origin: ObjId, unit: &UnitModels) -> Place {
    let loc = model
        .value(origin, "domain_name")
        .map_or(model.object(origin).loc, |v| v.loc);
    Place {
        origin: model.str(origin, "id").unwrap_or("?").to_string(),
        label: unit.sources.get(loc.file).map(|file| Label {
            file: file.clone(),
            span: loc.span,
            message: String::new(),
        }),
        resource: model.object(origin).resource.as_deref().map(str::to_string),
    }
}

/// A value written in the files or a documented default; why not, else.
fn known<'a>(value: Option<&'a Value>, what: &str) -> Result<Option<&'a Value>, String> {
    match value.map(|v| &v.state) {
        Some(State::Unknown(reason)) => Err(format!("its {what} is not known ({reason})")),
        _ => Ok(value),
    }
}

fn int_or(
    model: &Model,
    origin: ObjId,
    field: &str,
    what: &str,
    default: i64,
) -> Result<i64, String> {
    match known(model.value(origin, field), what)? {
        Some(v) => v
            .as_int()
            .ok_or_else(|| format!("its {what} is not a number")),
        None => Ok(default),
    }
}

/// The connections CloudFront makes to one origin.
fn targets(model: &Model, dist: ObjId, origin: ObjId) -> Result<Vec<Target>, String> {
    let domain = match model.value(origin, "domain_name").map(|v| &v.state) {
        Some(State::Known(s)) => s.to_string(),
        Some(State::Unknown(reason)) => return Err(format!("its domain is not known ({reason})")),
        _ => return Err("it has no domain name".to_string()),
    };
    let domain = domain.trim().trim_end_matches('.').to_string();
    if domain.is_empty() || domain.contains(['/', ':', ' ', '$']) {
        return Err(format!("`{domain}` is not a host name CloudFront accepts"));
    }
    if domain.parse::<std::net::IpAddr>().is_ok() {
        return Err(format!(
            "`{domain}` is an IP address, which CloudFront refuses as an origin domain"
        ));
    }
    let routes: Vec<ObjId> = model
        .children(dist, "behaviors")
        .into_iter()
        .filter(|&b| routes_to(model, b, origin))
        .collect();
    if routes.is_empty() {
        return Err("no cache behavior routes requests to it".to_string());
    }
    let config = known(model.value(origin, "config"), "origin type")?
        .and_then(Value::as_str)
        .unwrap_or("none");
    let (schemes, protocols) = match config {
        "custom" => {
            let policy = known(model.value(origin, "protocol_policy"), "protocol policy")?
                .and_then(Value::as_str)
                .ok_or("it has no protocol policy")?;
            let schemes = match policy {
                "http-only" => vec![Scheme::Http],
                "https-only" => vec![Scheme::Https],
                "match-viewer" => {
                    let http_viewers = routes
                        .iter()
                        .any(|&b| model.str(b, "viewer_protocol_policy") == Some("allow-all"));
                    if http_viewers {
                        vec![Scheme::Https, Scheme::Http]
                    } else {
                        vec![Scheme::Https]
                    }
                }
                other => {
                    return Err(format!(
                        "its protocol policy `{other}` is not one CloudFront has"
                    ));
                }
            };
            let values = model.values(origin, "ssl_protocols");
            let protocols = if schemes.contains(&Scheme::Https) {
                known(model.value(origin, "ssl_protocols"), "SSL protocols")?;
                if values.iter().any(|v| v.as_str().is_none()) {
                    return Err("its SSL protocols are not known".to_string());
                }
                Protocols::parse(values.iter().filter_map(Value::as_str))?
            } else {
                Protocols::default()
            };
            (schemes, protocols)
        }
        // CloudFront reaches S3 REST endpoints over HTTPS on 443 with TLS 1.2
        "s3" => (
            vec![Scheme::Https],
            Protocols {
                offered: vec![TlsVersion::Tls12],
                unavailable: Vec::new(),
            },
        ),
        "vpc" => return Err("it is a VPC origin, reached from inside the VPC".to_string()),
        _ => return Err("it has no origin configuration".to_string()),
    };
    let attempts = int_or(
        model,
        origin,
        "connection_attempts",
        "connection attempts",
        defaults::ORIGIN_CONNECTION_ATTEMPTS,
    )?;
    let connect = int_or(
        model,
        origin,
        "connection_timeout",
        "connection timeout",
        defaults::ORIGIN_CONNECTION_TIMEOUT,
    )?;
    let read = int_or(
        model,
        origin,
        "read_timeout",
        "response timeout",
        defaults::ORIGIN_READ_TIMEOUT,
    )?;
    let (server_names, judge_name) = server_names(model, dist, &routes, &domain)?;
    let path = request_path(model, origin, &routes)?;
    let headers = custom_headers(model, origin)?;
    let mut out = Vec::new();
    for scheme in schemes {
        let (field, default) = match (scheme, config) {
            (Scheme::Https, "s3") => ("", defaults::ORIGIN_HTTPS_PORT),
            (Scheme::Https, _) => ("https_port", defaults::ORIGIN_HTTPS_PORT),
            (Scheme::Http, _) => ("http_port", defaults::ORIGIN_HTTP_PORT),
        };
        let port = if field.is_empty() {
            default
        } else {
            int_or(model, origin, field, "port", default)?
        };
        let port = u16::try_from(port).map_err(|_| format!("its port {port} is out of range"))?;
        for name in &server_names {
            out.push(Target {
                scheme,
                host: domain.clone(),
                port,
                server_name: name.clone(),
                host_header: name.clone(),
                path: path.clone(),
                protocols: if scheme == Scheme::Https {
                    protocols.clone()
                } else {
                    Protocols::default()
                },
                connect_timeout: Duration::from_secs(
                    u64::try_from(connect.clamp(1, 60)).unwrap_or(10),
                ),
                attempts: u32::try_from(attempts.clamp(1, 3)).unwrap_or(3),
                read_timeout: Duration::from_secs(u64::try_from(read.clamp(1, 180)).unwrap_or(30)),
                headers: headers.clone(),
                judge_name,
            });
        }
    }
    Ok(out)
}

/// Whether a behavior sends requests to an origin, directly or as a
/// member of the origin group it targets.
fn routes_to(model: &Model, behavior: ObjId, origin: ObjId) -> bool {
    if model.link(behavior, "origin") == Some(origin) {
        return true;
    }
    model
        .link(behavior, "origin_group")
        .is_some_and(|group| model.children(group, "members").contains(&origin))
}

/// The names CloudFront sends as SNI and Host: each alias when a behavior
/// routed here forwards the viewer's Host, else the origin domain. When
/// forwarding is not known, the origin domain, without judging the name.
fn server_names(
    model: &Model,
    dist: ObjId,
    routes: &[ObjId],
    domain: &str,
) -> Result<(Vec<String>, bool), String> {
    let forwards: Vec<Option<bool>> = routes
        .iter()
        .map(|&b| model.value(b, "forwards_host").and_then(Value::as_bool))
        .collect();
    if !forwards.contains(&Some(true)) {
        let unknown = forwards.contains(&None);
        return Ok((vec![domain.to_string()], !unknown));
    }
    let aliases = model.values(dist, "aliases");
    if model.value(dist, "aliases").is_some_and(Value::is_unknown)
        || aliases.iter().any(|a| a.as_str().is_none())
    {
        return Err(
            "a behavior forwards the viewer's Host header and the aliases are not known"
                .to_string(),
        );
    }
    if aliases.is_empty() {
        return Err("a behavior forwards the viewer's Host header, which is then the distribution's own cloudfront.net name".to_string());
    }
    let mut names: Vec<String> = aliases
        .iter()
        .filter_map(Value::as_str)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    if names.iter().any(|n| n.starts_with("*.")) {
        return Err(
            "a behavior forwards the viewer's Host header and an alias is a wildcard".to_string(),
        );
    }
    Ok((names, true))
}

/// A path a behavior routes to the origin (the default behavior's `/`
/// when it routes here), with the origin path in front.
fn request_path(model: &Model, origin: ObjId, routes: &[ObjId]) -> Result<String, String> {
    let prefix = match known(model.value(origin, "origin_path"), "origin path")? {
        Some(v) => v.as_str().unwrap_or("").trim_end_matches('/').to_string(),
        None => String::new(),
    };
    let default = routes
        .iter()
        .any(|&b| model.bool(b, "is_default") == Some(true));
    let pattern = if default {
        "/".to_string()
    } else {
        let first = routes.first().and_then(|&b| model.value(b, "path_pattern"));
        let pattern = known(first, "path pattern")?
            .and_then(Value::as_str)
            .unwrap_or("/");
        concrete_path(pattern)
    };
    Ok(format!("{prefix}{pattern}"))
}

/// A path a path pattern matches: `*` matches nothing, `?` a letter.
pub fn concrete_path(pattern: &str) -> String {
    let path: String = pattern
        .chars()
        .filter(|&c| c != '*')
        .map(|c| if c == '?' { 'a' } else { c })
        .collect();
    if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    }
}

fn custom_headers(model: &Model, origin: ObjId) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for header in model.children(origin, "custom_headers") {
        let name =
            known(model.value(header, "name"), "custom header name")?.and_then(Value::as_str);
        let value =
            known(model.value(header, "value"), "custom header value")?.and_then(Value::as_str);
        if let (Some(name), Some(value)) = (name, value) {
            out.push((name.to_string(), value.to_string()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns_become_paths_they_match() {
        assert_eq!(concrete_path("/api/*"), "/api/");
        assert_eq!(concrete_path("images/*.jpg"), "/images/.jpg");
        assert_eq!(concrete_path("/v?/items"), "/va/items");
    }

    #[test]
    fn protocols_split_into_offered_and_unavailable() {
        let p = Protocols::parse(["TLSv1", "TLSv1.2", "TLSv1.2"]).unwrap();
        assert_eq!(p.offered, vec![TlsVersion::Tls12]);
        assert_eq!(p.unavailable, vec!["TLSv1".to_string()]);
        assert!(Protocols::parse(["TLS1.2"]).is_err());
    }
}
