//! Facts read from names: what an origin domain is, what an ARN names,
//! whether a certificate covers a host, what a CIDR admits.

use std::net::IpAddr;

/// The kind of endpoint a domain name is, from AWS's documented name forms.
/// `None` when the name says nothing (a custom domain).
pub fn domain_kind(domain: &str) -> Option<&'static str> {
    let host = host_part(domain).trim_end_matches('.');
    // most names are written in lower case already: no copy for them
    let domain: std::borrow::Cow<str> = if host.bytes().any(|b| b.is_ascii_uppercase()) {
        host.to_ascii_lowercase().into()
    } else {
        host.into()
    };
    if is_ip_literal(&domain) {
        return Some("ip-literal");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let n = labels.len();
    if let Some(kind) = private_name_kind(&labels) {
        return Some(kind);
    }
    let label = |i: usize| {
        n.checked_sub(i)
            .and_then(|j| labels.get(j))
            .copied()
            .unwrap_or("")
    };
    if n >= 4 && label(2) == "on" && label(1) == "aws" && label(4) == "lambda-url" {
        return Some("function-url");
    }
    let amazonaws = match (label(3), label(2), label(1)) {
        (_, "amazonaws", "com") => 2,
        ("amazonaws", "com", "cn") => 3,
        _ => return None,
    };
    // labels before the amazonaws suffix, nearest first
    let before = n.saturating_sub(amazonaws);
    let b = |i: usize| {
        before
            .checked_sub(i + 1)
            .and_then(|j| labels.get(j))
            .copied()
            .unwrap_or("")
    };
    // website: bucket.s3-website-REGION.amazonaws.com, bucket.s3-website.REGION.amazonaws.com
    if (b(0).starts_with("s3-website-") && before >= 2) || (b(1) == "s3-website" && before >= 3) {
        return Some("s3-website");
    }
    // REST: bucket.s3.amazonaws.com, bucket.s3.REGION…, bucket.s3-REGION…,
    // bucket.s3.dualstack.REGION…, bucket.s3-external-1…
    let s3_rest = (b(0) == "s3" && before >= 2)
        || (b(0).starts_with("s3-") && !b(0).starts_with("s3-website") && before >= 2)
        || (b(1) == "s3" && before >= 3)
        || (b(2) == "s3" && b(1) == "dualstack" && before >= 4);
    if s3_rest {
        return Some("s3-rest");
    }
    if (0..before.min(3)).any(|i| b(i) == "elb") {
        return Some("load-balancer");
    }
    if b(1) == "execute-api" {
        return Some("api-gateway");
    }
    if b(1) == "mediastore" || b(2) == "mediastore" {
        return Some("mediastore");
    }
    None
}

/// The host in a domain written as a URL: without a scheme, path or port,
/// so an endpoint pasted as a URL still classifies.
pub fn host_part(domain: &str) -> &str {
    let domain = domain.trim();
    // a byte is found much faster than a word, and most names have no `:`
    let rest = if domain.contains(':') {
        domain.split_once("://").map_or(domain, |(_, r)| r)
    } else {
        domain
    };
    let rest = rest.split('/').next().unwrap_or(rest);
    if is_ip_literal(rest) {
        return rest;
    }
    rest.split(':').next().unwrap_or(rest)
}

/// Whether a name is an IPv4 or IPv6 address. Only hex digits, dots and
/// colons make one, and a name with anything else (nearly every name) is
/// told apart without parsing it.
fn is_ip_literal(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'.' || b == b':')
        && name.parse::<IpAddr>().is_ok()
}

/// Names only resolvable inside a VPC or a private network: EC2 private DNS
/// names (`ip-10-0-0-1.ec2.internal`, `….compute.internal`), other private
/// suffixes and single-label names.
fn private_name_kind(labels: &[&str]) -> Option<&'static str> {
    let last = labels.last().copied().unwrap_or("");
    let n = labels.len();
    let second = n.checked_sub(2).and_then(|i| labels.get(i)).copied();
    if last == "internal" && matches!(second, Some("ec2" | "compute")) && n >= 3 {
        return Some("ec2-private");
    }
    if matches!(
        last,
        "internal" | "local" | "lan" | "localdomain" | "intranet" | "corp" | "home"
    ) {
        return Some("private-name");
    }
    // a single label (no dot) that is not a placeholder for an unknown piece
    (n == 1 && !last.is_empty() && !last.contains("unknown0")).then_some("private-name")
}

/// What is wrong with how an origin domain is written, if anything:
/// `empty`, `placeholder` (a `${…}` left as text), `scheme` (`https://…`),
/// `path` (`…/` or `…/prod`), `port` (`host:8443`), `ip-literal`, or `host`
/// for a plain host name.
pub fn domain_format(domain: &str) -> &'static str {
    let domain = domain.trim();
    if domain.is_empty() {
        return "empty";
    }
    // before the port: the `:` of `${AWS::URLSuffix}` is not one
    if domain_placeholder(domain).is_some() {
        return "placeholder";
    }
    if domain.contains("://") {
        return "scheme";
    }
    if is_ip_literal(domain) {
        return "ip-literal";
    }
    if domain.contains('/') {
        return "path";
    }
    if domain.contains(':') {
        return "port";
    }
    "host"
}

/// The first `${…}` written in a domain as text: what `Fn::Join` (which
/// does not substitute) or an escaped `$${…}` leaves in it.
pub fn domain_placeholder(domain: &str) -> Option<&str> {
    let start = domain.find("${")?;
    let rest = domain.get(start..)?;
    let end = rest.find('}')?;
    rest.get(..=end)
}

/// The lowest TLS version an Elastic Load Balancing security policy
/// accepts, read from its name (`ELBSecurityPolicy-TLS13-1-2-2021-06` →
/// `1.2`). `None` for a name that does not say.
pub fn elb_policy_min_tls(policy: &str) -> Option<&'static str> {
    let p = policy.to_ascii_uppercase();
    if !p.starts_with("ELBSECURITYPOLICY") {
        return None;
    }
    if p.contains("TLS13-1-3") {
        Some("1.3")
    } else if p.contains("TLS13-1-2") || p.contains("TLS-1-2") || p.contains("FS-1-2") {
        Some("1.2")
    } else if p.contains("-1-1-") || p.ends_with("-1-1") {
        Some("1.1")
    } else if p.contains("TLS13-1-0")
        || p.contains("TLS-1-0")
        || p.contains("2016-08")
        || p.contains("2015-05")
        || p.contains("FS-2018-06")
    {
        Some("1.0")
    } else {
        None
    }
}

/// A TLS version label (`1.0`…`1.3`, or the API's `SSLv3`, `TLSv1`,
/// `TLSv1.1`, `TLSv1.2`) as a number for comparisons: SSLv3 is 0.
pub fn tls_rank(version: &str) -> Option<u8> {
    match version.trim() {
        "SSLv3" => Some(0),
        "1.0" | "TLSv1" | "TLSv1.0" => Some(10),
        "1.1" | "TLSv1.1" => Some(11),
        "1.2" | "TLSv1.2" => Some(12),
        "1.3" | "TLSv1.3" => Some(13),
        _ => None,
    }
}

/// Managed origin request policies that forward the viewer's Host header.
pub const HOST_FORWARDING_REQUEST_POLICIES: &[&str] = &[
    "216adef6-5c7f-47e4-b989-5492eafa07d3", // AllViewer
    "33f36d7e-f396-46d9-90e0-52428a34d9dc", // AllViewerAndCloudFrontHeaders-2022-06
    "bf0718e1-ba1e-49d1-88b1-f726733018ae", // HostHeaderOnly
];

/// Managed origin request policies that do not forward Host.
pub const HOST_DROPPING_REQUEST_POLICIES: &[&str] = &[
    "b689b0a8-53d0-40ab-baf2-68738e2966ac", // AllViewerExceptHostHeader
    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf", // CORS-S3Origin
    "acba4595-bd28-49b8-b9fe-13317c0390fa", // UserAgentRefererHeaders
    "59781a5b-3903-41f3-afcb-af62929ccde1", // CORS-CustomOrigin
];

/// Managed cache policies whose cache key holds no Host header.
pub const HOST_FREE_CACHE_POLICIES: &[&str] = &[
    "658327ea-f89d-4fab-a63d-7e88639e58f6", // CachingOptimized
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad", // CachingDisabled
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d", // CachingOptimizedForUncompressedObjects
];

/// Whether a managed policy, by the name a Terraform data source looks it
/// up with, sends the viewer's Host header to the origin; `None` for a name
/// this table does not hold.
pub fn managed_policy_forwards_host(name: &str) -> Option<bool> {
    match name.trim() {
        "Managed-AllViewer"
        | "Managed-AllViewerAndCloudFrontHeaders-2022-06"
        | "Managed-HostHeaderOnly" => Some(true),
        "Managed-AllViewerExceptHostHeader"
        | "Managed-CORS-S3Origin"
        | "Managed-CORS-CustomOrigin"
        | "Managed-UserAgentRefererHeaders"
        | "Managed-CachingOptimized"
        | "Managed-CachingDisabled"
        | "Managed-CachingOptimizedForUncompressedObjects" => Some(false),
        _ => None,
    }
}

/// Header names CloudFront refuses as origin custom headers (compared
/// case-insensitively; `X-Amz-*` and `X-Edge-*` are prefixes).
pub fn custom_header_disallowed(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "cache-control",
        "connection",
        "content-length",
        "cookie",
        "host",
        "if-match",
        "if-modified-since",
        "if-none-match",
        "if-range",
        "if-unmodified-since",
        "max-forwards",
        "pragma",
        "proxy-authenticate",
        "proxy-authorization",
        "proxy-connection",
        "range",
        "request-range",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "via",
        "x-real-ip",
    ];
    let lower = name.trim().to_ascii_lowercase();
    NAMES.contains(&lower.as_str()) || lower.starts_with("x-amz-") || lower.starts_with("x-edge-")
}

/// Whether a load balancer DNS name is that of an internal load balancer.
pub fn is_internal_elb_name(domain: &str) -> bool {
    domain.to_ascii_lowercase().starts_with("internal-")
        && domain_kind(domain) == Some("load-balancer")
}

/// The parts of an ARN.
#[derive(Debug, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

pub fn parse_arn(arn: &str) -> Option<Arn<'_>> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    Some(Arn {
        partition: parts.next()?,
        service: parts.next()?,
        region: parts.next()?,
        account: parts.next()?,
        resource: parts.next()?,
    })
}

/// What a Lambda function ARN names: `version`, `latest`, `alias` or
/// `unqualified`. `None` when it is not a Lambda function ARN.
pub fn lambda_qualifier(arn: &str) -> Option<&'static str> {
    let parsed = parse_arn(arn)?;
    if parsed.service != "lambda" {
        return None;
    }
    let mut rest = parsed.resource.split(':');
    if rest.next()? != "function" {
        return None;
    }
    rest.next().filter(|name| !name.is_empty())?;
    Some(match rest.next() {
        None => "unqualified",
        Some(q) => qualifier_kind(q),
    })
}

/// The kind of a qualifier written after a function ARN.
pub fn qualifier_kind(qualifier: &str) -> &'static str {
    if qualifier == "$LATEST" {
        "latest"
    } else if !qualifier.is_empty() && qualifier.bytes().all(|b| b.is_ascii_digit()) {
        "version"
    } else {
        "alias"
    }
}

/// The language of a Lambda runtime identifier: the identifier up to its
/// version (`nodejs20.x` → `nodejs`, `python3.12` → `python`,
/// `provided.al2023` → `provided`), lower-cased.
pub fn runtime_language(runtime: &str) -> Option<String> {
    let language: String = runtime
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    (!language.is_empty()).then(|| language.to_ascii_lowercase())
}

/// Whether a certificate name (possibly `*.example.com`) covers `host`.
/// A wildcard stands for exactly one label.
pub fn name_covers(cert_name: &str, host: &str) -> bool {
    let cert = cert_name.trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    match cert.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest == suffix),
        None => cert == host,
    }
}

/// Whether a CloudFront cache behavior path pattern matches a URL path:
/// `*` stands for any run of characters (including `/`), `?` for exactly
/// one; matching is case-sensitive and the leading `/` is optional.
pub fn path_pattern_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim_start_matches('/');
    let path = path.trim_start_matches('/');
    // bytes are characters in ASCII text (URL paths as logs hold them),
    // which spares the allocation of per-character vectors
    if pattern.is_ascii() && path.is_ascii() {
        return wildcard_match(pattern.as_bytes(), path.as_bytes(), b'*', b'?');
    }
    let pattern: Vec<char> = pattern.chars().collect();
    let path: Vec<char> = path.chars().collect();
    wildcard_match(&pattern, &path, '*', '?')
}

/// Iterative wildcard matching with backtracking to the last `*`.
fn wildcard_match<T: Copy + PartialEq>(pattern: &[T], path: &[T], star_sym: T, one: T) -> bool {
    let (mut p, mut s) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while s < path.len() {
        match pattern.get(p) {
            Some(&c) if c == star_sym => {
                star = Some((p, s));
                p += 1;
            }
            Some(&c) if c == one || Some(&c) == path.get(s) => {
                p += 1;
                s += 1;
            }
            _ => match star {
                Some((sp, ss)) => {
                    p = sp + 1;
                    s = ss + 1;
                    star = Some((sp, ss + 1));
                }
                None => return false,
            },
        }
    }
    pattern
        .get(p..)
        .is_some_and(|rest| rest.iter().all(|&c| c == star_sym))
}

/// Whether an IPv4 or IPv6 CIDR covers the whole internet.
pub fn cidr_is_internet(cidr: &str) -> bool {
    cidr.trim()
        .parse::<ipnet::IpNet>()
        .is_ok_and(|net| net.prefix_len() == 0)
}

/// Whether a CIDR lies entirely in private, loopback, link-local or shared
/// address space, which CloudFront never connects from.
pub fn cidr_is_private(cidr: &str) -> bool {
    let Ok(net) = cidr.trim().parse::<ipnet::IpNet>() else {
        return false;
    };
    const PRIVATE: &[&str] = &[
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
        "::1/128",
    ];
    PRIVATE.iter().any(|p| {
        p.parse::<ipnet::IpNet>()
            .is_ok_and(|private| private.contains(&net))
    })
}

/// Names of the CloudFront origin-facing managed prefix lists.
pub const CLOUDFRONT_PREFIX_LIST_IPV4: &str = "com.amazonaws.global.cloudfront.origin-facing";
pub const CLOUDFRONT_PREFIX_LIST_IPV6: &str = "com.amazonaws.global.ipv6.cloudfront.origin-facing";
pub const CLOUDFRONT_PREFIX_LISTS: &[&str] =
    &[CLOUDFRONT_PREFIX_LIST_IPV4, CLOUDFRONT_PREFIX_LIST_IPV6];

#[cfg(test)]
mod tests {
    #[test]
    fn path_patterns() {
        use super::path_pattern_matches as m;
        assert!(m("/errors/*", "/errors/503.html"));
        assert!(m("errors/*", "/errors/503.html"));
        assert!(m("*.html", "/errors/503.html"));
        assert!(m("/e?rors/*", "/errors/a/b.html"));
        assert!(!m("/api/*", "/errors/503.html"));
        assert!(!m("/Errors/*", "/errors/503.html"));
        assert!(m("*", "/x"));
    }

    use super::*;

    #[test]
    fn runtime_languages() {
        assert_eq!(runtime_language("nodejs20.x").as_deref(), Some("nodejs"));
        assert_eq!(runtime_language("python3.12").as_deref(), Some("python"));
        assert_eq!(runtime_language("java21").as_deref(), Some("java"));
        assert_eq!(
            runtime_language("provided.al2023").as_deref(),
            Some("provided")
        );
        assert_eq!(runtime_language("go1.x").as_deref(), Some("go"));
        assert_eq!(runtime_language(""), None);
    }

    #[test]
    fn classifies_s3_endpoints_in_every_form() {
        assert_eq!(
            domain_kind("docs.s3-website-us-east-1.amazonaws.com"),
            Some("s3-website")
        );
        assert_eq!(
            domain_kind("docs.s3-website.eu-central-1.amazonaws.com"),
            Some("s3-website")
        );
        assert_eq!(domain_kind("b.s3.amazonaws.com"), Some("s3-rest"));
        assert_eq!(domain_kind("b.s3.eu-west-1.amazonaws.com"), Some("s3-rest"));
        assert_eq!(domain_kind("b.s3-us-west-2.amazonaws.com"), Some("s3-rest"));
        assert_eq!(
            domain_kind("b.s3.dualstack.us-east-1.amazonaws.com"),
            Some("s3-rest")
        );
        assert_eq!(
            domain_kind("b.s3.cn-north-1.amazonaws.com.cn"),
            Some("s3-rest")
        );
        // the bare endpoint host, with no bucket label, is not a bucket
        assert_eq!(domain_kind("s3-website-us-east-1.amazonaws.com"), None);
    }

    #[test]
    fn classifies_other_aws_endpoints() {
        assert_eq!(
            domain_kind("my-alb-1.eu-west-1.elb.amazonaws.com"),
            Some("load-balancer")
        );
        assert_eq!(
            domain_kind("nlb-abc.elb.us-east-1.amazonaws.com"),
            Some("load-balancer")
        );
        assert!(is_internal_elb_name(
            "internal-app-1.eu-west-1.elb.amazonaws.com"
        ));
        assert!(!is_internal_elb_name("app-1.eu-west-1.elb.amazonaws.com"));
        assert_eq!(
            domain_kind("abc.execute-api.us-east-1.amazonaws.com"),
            Some("api-gateway")
        );
        assert_eq!(
            domain_kind("abc.lambda-url.us-east-1.on.aws"),
            Some("function-url")
        );
        assert_eq!(domain_kind("203.0.113.7"), Some("ip-literal"));
        assert_eq!(domain_kind("www.example.com"), None);
        assert_eq!(domain_kind("amazonaws.com"), None);
    }

    #[test]
    fn private_names_and_formats() {
        assert_eq!(domain_kind("ip-10-0-1-5.ec2.internal"), Some("ec2-private"));
        assert_eq!(
            domain_kind("ip-10-0-1-5.eu-west-1.compute.internal"),
            Some("ec2-private")
        );
        assert_eq!(domain_kind("app.corp.local"), Some("private-name"));
        // case does not matter, and names spelled in hex digits are names
        assert_eq!(
            domain_kind("Bucket.S3.US-East-1.AmazonAWS.com"),
            Some("s3-rest")
        );
        assert_eq!(domain_kind("2001:DB8::1"), Some("ip-literal"));
        assert_eq!(domain_kind("cafe.example.com"), None);
        assert_eq!(domain_kind("dead:8080"), Some("private-name"));
        assert_eq!(domain_kind("backend"), Some("private-name"));
        assert_eq!(
            domain_kind("https://abc.lambda-url.us-east-1.on.aws/"),
            Some("function-url")
        );
        assert_eq!(
            domain_format("https://abc.lambda-url.us-east-1.on.aws/"),
            "scheme"
        );
        assert_eq!(domain_format("api.example.com/prod"), "path");
        assert_eq!(domain_format("api.example.com:8443"), "port");
        assert_eq!(domain_format("2001:db8::1"), "ip-literal");
        assert_eq!(domain_format("api.example.com"), "host");
        assert_eq!(
            domain_format("bucket.s3.${AWS::URLSuffix}"),
            "placeholder",
            "not a port"
        );
        assert_eq!(
            domain_placeholder("b.s3.${AWS::URLSuffix}/x"),
            Some("${AWS::URLSuffix}")
        );
        assert_eq!(domain_placeholder("b.s3.amazonaws.com"), None);
    }

    #[test]
    fn elb_policies() {
        assert_eq!(
            elb_policy_min_tls("ELBSecurityPolicy-TLS13-1-3-2021-06"),
            Some("1.3")
        );
        assert_eq!(
            elb_policy_min_tls("ELBSecurityPolicy-TLS13-1-2-2021-06"),
            Some("1.2")
        );
        assert_eq!(
            elb_policy_min_tls("ELBSecurityPolicy-FS-1-2-Res-2020-10"),
            Some("1.2")
        );
        assert_eq!(
            elb_policy_min_tls("ELBSecurityPolicy-TLS-1-1-2017-01"),
            Some("1.1")
        );
        assert_eq!(elb_policy_min_tls("ELBSecurityPolicy-2016-08"), Some("1.0"));
        assert_eq!(elb_policy_min_tls("custom"), None);
        assert!(custom_header_disallowed("X-Amz-Date"));
        assert!(!custom_header_disallowed("X-Origin-Verify"));
    }

    #[test]
    fn reads_lambda_qualifiers() {
        let base = "arn:aws:lambda:us-east-1:123456789012:function:edge";
        assert_eq!(lambda_qualifier(base), Some("unqualified"));
        assert_eq!(lambda_qualifier(&format!("{base}:3")), Some("version"));
        assert_eq!(lambda_qualifier(&format!("{base}:$LATEST")), Some("latest"));
        assert_eq!(lambda_qualifier(&format!("{base}:live")), Some("alias"));
        assert_eq!(lambda_qualifier("arn:aws:s3:::bucket"), None);
        assert_eq!(lambda_qualifier("not an arn"), None);
    }

    #[test]
    fn wildcards_cover_exactly_one_label() {
        assert!(name_covers("*.example.com", "www.example.com"));
        assert!(!name_covers("*.example.com", "example.com"));
        assert!(!name_covers("*.example.com", "a.b.example.com"));
        assert!(name_covers("Example.com.", "example.com"));
    }

    #[test]
    fn cidrs() {
        assert!(cidr_is_internet("0.0.0.0/0"));
        assert!(cidr_is_internet("::/0"));
        assert!(!cidr_is_internet("10.0.0.0/8"));
        assert!(cidr_is_private("10.1.0.0/16"));
        assert!(!cidr_is_private("203.0.113.0/24"));
        assert!(!cidr_is_private("garbage"));
    }
}
