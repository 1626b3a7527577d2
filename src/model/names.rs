//! Facts read from names: what an origin domain is, what an ARN names,
//! whether a certificate covers a host, what a CIDR admits.

use std::net::IpAddr;

/// The kind of endpoint a domain name is, from AWS's documented name forms.
/// `None` when the name says nothing (a custom domain).
pub fn domain_kind(domain: &str) -> Option<&'static str> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    if domain.parse::<IpAddr>().is_ok() {
        return Some("ip-literal");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let n = labels.len();
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
    let before: Vec<&str> = labels.iter().rev().skip(amazonaws).copied().collect();
    let b = |i: usize| before.get(i).copied().unwrap_or("");
    // website: bucket.s3-website-REGION.amazonaws.com, bucket.s3-website.REGION.amazonaws.com
    if (b(0).starts_with("s3-website-") && before.len() >= 2)
        || (b(1) == "s3-website" && before.len() >= 3)
    {
        return Some("s3-website");
    }
    // REST: bucket.s3.amazonaws.com, bucket.s3.REGION…, bucket.s3-REGION…,
    // bucket.s3.dualstack.REGION…, bucket.s3-external-1…
    let s3_rest = (b(0) == "s3" && before.len() >= 2)
        || (b(0).starts_with("s3-") && !b(0).starts_with("s3-website") && before.len() >= 2)
        || (b(1) == "s3" && before.len() >= 3)
        || (b(2) == "s3" && b(1) == "dualstack" && before.len() >= 4);
    if s3_rest {
        return Some("s3-rest");
    }
    if before.iter().take(3).any(|l| *l == "elb") {
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
pub const CLOUDFRONT_PREFIX_LISTS: &[&str] = &[
    "com.amazonaws.global.cloudfront.origin-facing",
    "com.amazonaws.global.ipv6.cloudfront.origin-facing",
];

#[cfg(test)]
mod tests {
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
