//! The model's schema: every entity, field, type and meaning, written once.
//! Rules are checked against it when they load, and `edgelint schema`
//! prints it.

/// Scalar types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarType {
    Str,
    Int,
    Bool,
}

/// The type of a field.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    Scalar(ScalarType),
    /// A list of scalars.
    List(ScalarType),
    /// An owned child object.
    Object(&'static EntityDef),
    /// Owned child objects.
    Objects(&'static EntityDef),
    /// A reference to another object of the model (an edge).
    Link(&'static EntityDef),
    /// References to other objects.
    Links(&'static EntityDef),
}

impl Ty {
    /// The entity a path step lands on, when it is one.
    pub fn entity(self) -> Option<&'static EntityDef> {
        match self {
            Ty::Object(e) | Ty::Objects(e) | Ty::Link(e) | Ty::Links(e) => Some(e),
            _ => None,
        }
    }

    pub fn scalar(self) -> Option<ScalarType> {
        match self {
            Ty::Scalar(s) | Ty::List(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_many(self) -> bool {
        matches!(self, Ty::List(_) | Ty::Objects(_) | Ty::Links(_))
    }

    pub fn describe(self) -> String {
        fn s(t: ScalarType) -> &'static str {
            match t {
                ScalarType::Str => "string",
                ScalarType::Int => "int",
                ScalarType::Bool => "bool",
            }
        }
        match self {
            Ty::Scalar(t) => s(t).to_string(),
            Ty::List(t) => format!("[{}]", s(t)),
            Ty::Object(e) => e.name.to_string(),
            Ty::Objects(e) => format!("[{}]", e.name),
            Ty::Link(e) => format!("-> {}", e.name),
            Ty::Links(e) => format!("-> [{}]", e.name),
        }
    }
}

#[derive(Debug)]
pub struct FieldDef {
    pub name: &'static str,
    pub ty: Ty,
    pub doc: &'static str,
    /// Computed by edgelint from other fields, not read from the input.
    pub derived: bool,
}

#[derive(Debug)]
pub struct EntityDef {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [FieldDef],
}

impl EntityDef {
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| named(f, name))
    }

    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        // `fields` is 'static, so the borrow outlives `self`.
        let fields: &'static [FieldDef] = self.fields;
        fields.iter().find(|f| named(f, name))
    }
}

/// Whether a field has this name. Many names have the same length, so the
/// first byte is compared before the whole name: the search then rarely
/// calls memcmp on a field it passes over.
fn named(field: &FieldDef, name: &str) -> bool {
    field.name.len() == name.len()
        && field.name.as_bytes().first() == name.as_bytes().first()
        && field.name == name
}

impl PartialEq for EntityDef {
    fn eq(&self, other: &EntityDef) -> bool {
        std::ptr::eq(self, other)
    }
}

const fn f(name: &'static str, ty: Ty, doc: &'static str) -> FieldDef {
    FieldDef {
        name,
        ty,
        doc,
        derived: false,
    }
}

const fn d(name: &'static str, ty: Ty, doc: &'static str) -> FieldDef {
    FieldDef {
        name,
        ty,
        doc,
        derived: true,
    }
}

use ScalarType::{Bool, Int, Str};
const S: Ty = Ty::Scalar(Str);
const I: Ty = Ty::Scalar(Int);
const B: Ty = Ty::Scalar(Bool);
const LS: Ty = Ty::List(Str);
const LI: Ty = Ty::List(Int);

pub static DEPLOYMENT: EntityDef = EntityDef {
    name: "deployment",
    doc: "One unit: what deploys together. Rule queries start here.",
    fields: &[
        f(
            "distributions",
            Ty::Objects(&DISTRIBUTION),
            "CloudFront distributions.",
        ),
        f(
            "load_balancers",
            Ty::Objects(&LOAD_BALANCER),
            "Elastic Load Balancing v2 load balancers.",
        ),
        f(
            "listeners",
            Ty::Objects(&LISTENER),
            "Load balancer listeners.",
        ),
        f(
            "security_groups",
            Ty::Objects(&SECURITY_GROUP),
            "EC2 security groups, standalone ingress rules merged in.",
        ),
        f(
            "certificates",
            Ty::Objects(&CERTIFICATE),
            "ACM certificates.",
        ),
        f(
            "lambda_functions",
            Ty::Objects(&LAMBDA_FUNCTION),
            "Lambda functions.",
        ),
        f(
            "lambda_versions",
            Ty::Objects(&LAMBDA_VERSION),
            "Published Lambda function versions.",
        ),
        f(
            "lambda_aliases",
            Ty::Objects(&LAMBDA_ALIAS),
            "Lambda aliases.",
        ),
        f(
            "cloudfront_functions",
            Ty::Objects(&CLOUDFRONT_FUNCTION),
            "CloudFront Functions.",
        ),
        f("iam_roles", Ty::Objects(&IAM_ROLE), "IAM roles."),
        f(
            "hosted_zones",
            Ty::Objects(&HOSTED_ZONE),
            "Route 53 hosted zones.",
        ),
        f("dns_records", Ty::Objects(&DNS_RECORD), "Route 53 records."),
        f(
            "origin_request_policies",
            Ty::Objects(&HEADER_POLICY),
            "CloudFront origin request policies defined in the unit.",
        ),
        f(
            "cache_policies",
            Ty::Objects(&HEADER_POLICY),
            "CloudFront cache policies defined in the unit.",
        ),
        f(
            "prefix_lists",
            Ty::Objects(&PREFIX_LIST),
            "Managed prefix lists named in the unit.",
        ),
    ],
};

pub static DISTRIBUTION: EntityDef = EntityDef {
    name: "distribution",
    doc: "A CloudFront distribution.",
    fields: &[
        f(
            "id",
            S,
            "The resource's name in its unit (logical id, Terraform address or distribution id).",
        ),
        f("enabled", B, "Whether the distribution serves requests."),
        f("aliases", LS, "Alternate domain names (CNAMEs)."),
        d(
            "uncovered_aliases",
            LS,
            "Aliases the viewer certificate does not cover: every alias under the CloudFront default certificate, those outside the names of an ACM certificate of the unit (single-label wildcards). Unknown when the certificate's names are not in the files.",
        ),
        f("ipv6_enabled", B, "Whether viewers can use IPv6."),
        f("http_version", S, "Maximum HTTP version for viewers."),
        f("web_acl_id", S, "The AWS WAF web ACL."),
        f(
            "viewer_certificate",
            Ty::Object(&VIEWER_CERTIFICATE),
            "The certificate viewers see.",
        ),
        f("origins", Ty::Objects(&ORIGIN), "Origins."),
        f(
            "origin_groups",
            Ty::Objects(&ORIGIN_GROUP),
            "Origin groups (failover).",
        ),
        f(
            "behaviors",
            Ty::Objects(&BEHAVIOR),
            "Every cache behavior: the default one first, then the ordered ones.",
        ),
        f(
            "custom_error_responses",
            Ty::Objects(&CUSTOM_ERROR_RESPONSE),
            "Custom error responses.",
        ),
        f(
            "quantity_lists",
            Ty::Objects(&QUANTITY_LIST),
            "Every `{Quantity, Items}` list of the configuration: all of an export's, CloudFormation's origin groups, members and failover status codes (Terraform has no counts).",
        ),
    ],
};

pub static QUANTITY_LIST: EntityDef = EntityDef {
    name: "quantity_list",
    doc: "A list in the CloudFront API shape, `{Quantity, Items}`, as an export or CloudFormation writes it.",
    fields: &[
        f(
            "quantity",
            I,
            "The `Quantity` as written (located at its value).",
        ),
        f(
            "item_count",
            I,
            "How many `Items` there are (0 when `Items` is absent).",
        ),
        f(
            "path",
            S,
            "Where the list is in the configuration (`Origins.Items[0].CustomOriginConfig.OriginSslProtocols`).",
        ),
    ],
};

pub static VIEWER_CERTIFICATE: EntityDef = EntityDef {
    name: "viewer_certificate",
    doc: "A distribution's viewer certificate settings.",
    fields: &[
        f("acm_certificate_arn", S, "ACM certificate ARN."),
        f("iam_certificate_id", S, "IAM server certificate id."),
        f(
            "cloudfront_default_certificate",
            B,
            "Whether the *.cloudfront.net certificate is used.",
        ),
        f("ssl_support_method", S, "`sni-only`, `vip` or `static-ip`."),
        f(
            "minimum_protocol_version",
            S,
            "Minimum TLS policy for viewers.",
        ),
        f(
            "certificate_source",
            S,
            "`acm`, `iam` or `cloudfront`: what an exported (deployed) configuration reports. Exports only.",
        ),
        f(
            "waits_for_issue",
            B,
            "Whether the deploy creates the distribution only once the certificate `acm_certificate_arn` names is issued: Terraform's `aws_acm_certificate_validation` passes the ARN on, or the distribution `depends_on` one (or on a module). Terraform only, set when the ARN references a certificate resource.",
        ),
        d(
            "certificate",
            Ty::Link(&CERTIFICATE),
            "The ACM certificate in the unit that `acm_certificate_arn` names.",
        ),
        d(
            "certificate_region",
            S,
            "The region in `acm_certificate_arn`, when the ARN is written out.",
        ),
    ],
};

pub static ORIGIN: EntityDef = EntityDef {
    name: "origin",
    doc: "An origin of a distribution. Custom, S3 and VPC origin settings are flattened into it.",
    fields: &[
        f("id", S, "The origin's Id; behaviors target it."),
        f("domain_name", S, "The origin's domain name."),
        f("origin_path", S, "Path prefix added to origin requests."),
        f(
            "config",
            S,
            "Which origin settings block is present: `custom`, `s3`, `vpc` or `none`.",
        ),
        f(
            "protocol_policy",
            S,
            "Custom origin protocol policy: `http-only`, `https-only`, `match-viewer`.",
        ),
        f("http_port", I, "Custom origin HTTP port (default 80)."),
        f("https_port", I, "Custom origin HTTPS port (default 443)."),
        f(
            "ssl_protocols",
            LS,
            "TLS protocols CloudFront may use with the origin.",
        ),
        f(
            "read_timeout",
            I,
            "Origin response (read) timeout in seconds (default 30).",
        ),
        f(
            "keepalive_timeout",
            I,
            "Origin keep-alive timeout in seconds (default 5).",
        ),
        f("ip_address_type", S, "`ipv4`, `ipv6` or `dualstack`."),
        f("connection_attempts", I, "Connection attempts (default 3)."),
        f(
            "connection_timeout",
            I,
            "Connection timeout in seconds (default 10).",
        ),
        f(
            "response_completion_timeout",
            I,
            "Response completion timeout in seconds (absent: none).",
        ),
        f("origin_access_control_id", S, "Origin access control id."),
        f("origin_access_identity", S, "S3 origin access identity."),
        f("vpc_origin_id", S, "VPC origin id."),
        f(
            "custom_headers",
            Ty::Objects(&CUSTOM_HEADER),
            "Custom headers sent to the origin.",
        ),
        f(
            "origin_shield_enabled",
            B,
            "Whether Origin Shield is enabled.",
        ),
        f("origin_shield_region", S, "Origin Shield region."),
        d(
            "kind",
            S,
            "What the domain is: `s3-rest`, `s3-website`, `load-balancer`, `api-gateway`, `function-url`, `mediastore`, `vpc-origin`, `ip-literal`, `ec2-private` (an EC2 private DNS name), `private-name` (`.internal`, `.local`, `.lan`, a single label) or `custom`. A domain written as a URL is classified by its host.",
        ),
        d(
            "domain_format",
            S,
            "How the domain is written: `host` (a plain host name), or what CloudFront refuses in it: `empty`, `placeholder` (a `${…}` left as text), `scheme` (`https://…`), `path` (`…/`), `port` (`host:8443`); `ip-literal` for an IP address. Partly-known domains are judged by their literal pieces.",
        ),
        d(
            "domain_placeholder",
            S,
            "The first `${…}` left as literal text in the domain (`Fn::Join` does not substitute, nor does an escaped `$${…}`), when there is one.",
        ),
        d(
            "load_balancer_dns_name",
            B,
            "Whether the domain is a load balancer's own DNS name (`*.elb.amazonaws.com`, `!GetAtt LB.DNSName`, `aws_lb.x.dns_name`) rather than a custom domain that points at it.",
        ),
        d(
            "https_listener",
            Ty::Link(&LISTENER),
            "The listener of `target` on `https_port`, when CloudFront uses HTTPS to the origin.",
        ),
        d(
            "max_tls_version",
            S,
            "The highest protocol in `ssl_protocols`: `SSLv3`, `1.0`, `1.1` or `1.2`.",
        ),
        d(
            "tls_reaches_listener_minimum",
            B,
            "Whether `max_tls_version` reaches the lowest version `https_listener`'s security policy accepts (CloudFront's origin protocols stop at TLS 1.2). Unknown when the policy name does not say.",
        ),
        d(
            "certificate_covers_domain",
            B,
            "Whether a certificate of `https_listener` names `domain_name` (a wildcard covers one label). Unknown when a certificate is outside the unit or its names are not known.",
        ),
        d(
            "aliases_off_certificate",
            LS,
            "The distribution's aliases that no certificate of `https_listener` names. Unknown when a certificate is outside the unit or its names are not known.",
        ),
        d(
            "private_ca_certificates",
            Ty::Links(&CERTIFICATE),
            "Certificates of `https_listener` issued by a private CA that name the origin domain, when no publicly trusted certificate of the listener in the unit does.",
        ),
        d(
            "private_zone_records",
            Ty::Links(&DNS_RECORD),
            "Route 53 records in the unit that define `domain_name` in a private hosted zone, when no record of a public zone in the unit defines it too.",
        ),
        d(
            "custom_headers_size",
            I,
            "Characters in all custom header names and values together.",
        ),
        d(
            "target",
            Ty::Link(&LOAD_BALANCER),
            "The load balancer in the unit the domain resolves to (directly, by DNS name, or through a Route 53 alias).",
        ),
        d(
            "connect_ports",
            LI,
            "The ports CloudFront connects to, from the protocol policy and the viewer policies of the behaviors that reach this origin.",
        ),
        d(
            "behaviors",
            Ty::Links(&BEHAVIOR),
            "Behaviors that route to this origin, directly or through an origin group.",
        ),
        d(
            "internal_load_balancer",
            B,
            "Whether the domain is an internal load balancer: the linked load balancer's scheme, or an `internal-….elb.amazonaws.com` name (located at the domain name). Absent when the domain is not a load balancer.",
        ),
        d(
            "failover_delay",
            I,
            "Seconds CloudFront spends failing to connect before it gives up on the origin: `connection_attempts` × `connection_timeout` (located at the connection timeout).",
        ),
    ],
};

pub static CUSTOM_HEADER: EntityDef = EntityDef {
    name: "custom_header",
    doc: "A custom header CloudFront adds to origin requests.",
    fields: &[
        f("name", S, "Header name."),
        f("value", S, "Header value."),
        d(
            "disallowed",
            B,
            "Whether CloudFront refuses this header name as a custom header (its denylist, `X-Amz-*`, `X-Edge-*`).",
        ),
    ],
};

pub static ORIGIN_GROUP: EntityDef = EntityDef {
    name: "origin_group",
    doc: "An origin group: a primary and a secondary origin.",
    fields: &[
        f("id", S, "The group's Id; behaviors target it."),
        f("status_codes", LI, "Status codes that trigger failover."),
        f(
            "member_ids",
            LS,
            "Origin ids of the members, primary first.",
        ),
        d(
            "members",
            Ty::Links(&ORIGIN),
            "The member origins found in the distribution.",
        ),
        d(
            "primary",
            Ty::Link(&ORIGIN),
            "The primary origin: the origin the first member id names.",
        ),
        d(
            "members_share_origin",
            B,
            "Whether the two members are the same servers: the same domain and origin path for every value they could take (located at the second member id).",
        ),
    ],
};

pub static BEHAVIOR: EntityDef = EntityDef {
    name: "behavior",
    doc: "A cache behavior (the default behavior has no path pattern).",
    fields: &[
        f(
            "path_pattern",
            S,
            "Path pattern; absent for the default behavior.",
        ),
        f("is_default", B, "Whether this is the default behavior."),
        f(
            "target_origin_id",
            S,
            "The origin or origin group id requests go to.",
        ),
        d(
            "target_origin_suggestion",
            S,
            "When `target_origin_id` names no origin or origin group, the id of one that is spelled nearly the same, if any.",
        ),
        f(
            "viewer_protocol_policy",
            S,
            "`allow-all`, `redirect-to-https` or `https-only`.",
        ),
        f("allowed_methods", LS, "HTTP methods CloudFront forwards."),
        f("cache_policy_id", S, "Cache policy id."),
        f("origin_request_policy_id", S, "Origin request policy id."),
        f(
            "has_forwarded_values",
            B,
            "Whether the legacy ForwardedValues settings are present.",
        ),
        f("forwarded_headers", LS, "Legacy ForwardedValues headers."),
        f(
            "lambda_associations",
            Ty::Objects(&LAMBDA_ASSOCIATION),
            "Lambda@Edge associations.",
        ),
        f(
            "function_associations",
            Ty::Objects(&FUNCTION_ASSOCIATION),
            "CloudFront Function associations.",
        ),
        d(
            "origin",
            Ty::Link(&ORIGIN),
            "The origin `target_origin_id` names, when it names an origin.",
        ),
        d(
            "forwards_host",
            B,
            "Whether the viewer's Host header reaches the origin: a managed origin request policy that forwards it (AllViewer, AllViewerAndCloudFrontHeaders-2022-06, HostHeaderOnly), a policy in the unit that forwards it (`forwards_host` of its origin request or cache policy), or legacy forwarded headers with `Host` or `*`. Unknown when a policy is neither a known managed one nor defined in the unit.",
        ),
        d(
            "origin_group",
            Ty::Link(&ORIGIN_GROUP),
            "The origin group `target_origin_id` names, when it names one.",
        ),
    ],
};

pub static LAMBDA_ASSOCIATION: EntityDef = EntityDef {
    name: "lambda_association",
    doc: "A Lambda@Edge function association on a cache behavior.",
    fields: &[
        f(
            "event_type",
            S,
            "`viewer-request`, `viewer-response`, `origin-request` or `origin-response`.",
        ),
        f("arn", S, "The function ARN as written."),
        f(
            "include_body",
            B,
            "Whether the request body is exposed to the function.",
        ),
        d(
            "qualifier",
            S,
            "What the ARN names: `version`, `latest` ($LATEST), `alias` or `unqualified`.",
        ),
        d(
            "viewer_event",
            B,
            "Whether the event type is a viewer event.",
        ),
        d(
            "arn_region",
            S,
            "The region in the ARN, when the ARN is written out.",
        ),
        d(
            "function",
            Ty::Link(&LAMBDA_FUNCTION),
            "The Lambda function in the unit the ARN names.",
        ),
        d(
            "provisioned_concurrency",
            I,
            "Provisioned concurrent executions on the version or alias the ARN names, when the unit configures them.",
        ),
        d(
            "event_type_repeated",
            B,
            "Whether an earlier Lambda@Edge association of the same behavior has this event type.",
        ),
        d(
            "repeats",
            Ty::Link(&LAMBDA_ASSOCIATION),
            "The earlier Lambda@Edge association of the behavior with the same event type.",
        ),
    ],
};

pub static FUNCTION_ASSOCIATION: EntityDef = EntityDef {
    name: "function_association",
    doc: "A CloudFront Function association on a cache behavior.",
    fields: &[
        f("event_type", S, "`viewer-request` or `viewer-response`."),
        f("arn", S, "The function ARN as written."),
        d(
            "function",
            Ty::Link(&CLOUDFRONT_FUNCTION),
            "The CloudFront Function in the unit the ARN names.",
        ),
        d(
            "event_type_repeated",
            B,
            "Whether an earlier CloudFront Function association of the same behavior has this event type.",
        ),
        d(
            "repeats",
            Ty::Link(&FUNCTION_ASSOCIATION),
            "The earlier CloudFront Function association of the behavior with the same event type.",
        ),
        d(
            "beside_viewer_lambda",
            B,
            "On a viewer event: whether a Lambda@Edge association of the same behavior runs on a viewer event (not allowed together). Absent on origin events.",
        ),
        d(
            "viewer_lambda",
            Ty::Link(&LAMBDA_ASSOCIATION),
            "The Lambda@Edge association on a viewer event this association sits beside.",
        ),
    ],
};

pub static CUSTOM_ERROR_RESPONSE: EntityDef = EntityDef {
    name: "custom_error_response",
    doc: "A custom error response.",
    fields: &[
        f("error_code", I, "The origin status code this applies to."),
        f(
            "error_caching_min_ttl",
            I,
            "Seconds CloudFront caches the error.",
        ),
        f("response_code", I, "The status code returned to viewers."),
        f("response_page_path", S, "The page returned to viewers."),
        d(
            "page_behavior",
            Ty::Link(&BEHAVIOR),
            "The cache behavior that serves `response_page_path`: the first ordered behavior whose path pattern matches it, else the default behavior.",
        ),
        d(
            "page_origin",
            Ty::Link(&ORIGIN),
            "The origin `page_behavior` targets, when it targets an origin (not an origin group).",
        ),
        d(
            "page_shares_origin",
            B,
            "Whether the page comes from a custom origin (not S3, not an S3 website endpoint) that also serves other requests: the default behavior serves the page, or other behaviors reach its origin (located at the page path).",
        ),
    ],
};

pub static LOAD_BALANCER: EntityDef = EntityDef {
    name: "load_balancer",
    doc: "An Elastic Load Balancing v2 load balancer.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f(
            "type",
            S,
            "`application`, `network` or `gateway` (default application).",
        ),
        f(
            "scheme",
            S,
            "`internet-facing` or `internal` (default internet-facing).",
        ),
        f("dns_name", S, "The DNS name, when known (exports)."),
        f("arn", S, "The ARN, when known (exports)."),
        f(
            "idle_timeout",
            I,
            "Connection idle timeout in seconds (default 60).",
        ),
        f("security_group_ids", LS, "Security groups as written."),
        d(
            "security_groups",
            Ty::Links(&SECURITY_GROUP),
            "The security groups in the unit.",
        ),
        d(
            "listeners",
            Ty::Links(&LISTENER),
            "Listeners attached to this load balancer.",
        ),
    ],
};

pub static LISTENER: EntityDef = EntityDef {
    name: "listener",
    doc: "A load balancer listener.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("load_balancer_arn", S, "The load balancer as written."),
        f("port", I, "Listener port."),
        f("protocol", S, "`HTTP`, `HTTPS`, `TCP`, `TLS`, …"),
        f("ssl_policy", S, "ELB security policy name."),
        f(
            "certificate_arns",
            LS,
            "Certificates as written, including extra listener certificates.",
        ),
        d(
            "certificates",
            Ty::Links(&CERTIFICATE),
            "The certificates in the unit.",
        ),
        d(
            "load_balancer",
            Ty::Link(&LOAD_BALANCER),
            "The load balancer.",
        ),
        d(
            "min_tls_version",
            S,
            "Lowest TLS version the policy accepts (`1.0`, `1.1`, `1.2`, `1.3`).",
        ),
    ],
};

pub static SECURITY_GROUP: EntityDef = EntityDef {
    name: "security_group",
    doc: "An EC2 security group.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("group_id", S, "The sg- id, when known."),
        f(
            "ingress",
            Ty::Objects(&INGRESS_RULE),
            "Ingress rules, inline and standalone.",
        ),
        d(
            "ipv4_rule_weight",
            I,
            "The sum of the ingress rules' `ipv4_weight`: what the group counts against the IPv4 rules-per-group quota. A rule of unknown weight adds nothing, so the sum is a lower bound. Located at the heaviest rule's source.",
        ),
        d("ipv6_rule_weight", I, "The same for IPv6 (`ipv6_weight`)."),
    ],
};

pub static INGRESS_RULE: EntityDef = EntityDef {
    name: "ingress_rule",
    doc: "One ingress rule (one source).",
    fields: &[
        f(
            "protocol",
            S,
            "IP protocol: `tcp`, `udp`, `-1` (all), or a number.",
        ),
        f("from_port", I, "First port."),
        f("to_port", I, "Last port."),
        f("cidr_ipv4", S, "IPv4 CIDR source."),
        f("cidr_ipv6", S, "IPv6 CIDR source."),
        f("prefix_list_id", S, "Prefix list source."),
        f("source_security_group", S, "Security group source."),
        d(
            "admits_cloudfront",
            B,
            "Whether the source includes CloudFront's origin-facing addresses: the CloudFront prefix list or an internet-wide CIDR. Unknown for other public CIDRs and unknown prefix lists.",
        ),
        d(
            "covers_all_ports",
            B,
            "Whether the rule admits every port (protocol `-1`).",
        ),
        d(
            "admits_cloudfront_ipv6",
            B,
            "Whether the source includes CloudFront's IPv6 origin-facing addresses: the IPv6 CloudFront prefix list or `::/0`. False for IPv4 sources and security group references; Unknown for other public IPv6 ranges and unknown prefix lists.",
        ),
        d(
            "ipv4_weight",
            I,
            "How many rules this rule counts as against the IPv4 rules-per-group quota: 1 for an IPv4 CIDR or a security group reference, 55 for the CloudFront prefix list, a customer prefix list's max entries, 0 for IPv6 sources. Unknown when the prefix list is not known.",
        ),
        d(
            "ipv6_weight",
            I,
            "The same against the IPv6 quota: 1 for an IPv6 CIDR or a security group reference, a customer IPv6 prefix list's max entries, 0 for IPv4 sources. Unknown for the IPv6 CloudFront list (its weight is not documented) and unknown lists.",
        ),
    ],
};

pub static CERTIFICATE: EntityDef = EntityDef {
    name: "certificate",
    doc: "An ACM certificate.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("arn", S, "The ARN, when known."),
        f("domain_name", S, "The primary domain name."),
        f("subject_alternative_names", LS, "Additional names."),
        f("key_algorithm", S, "Key algorithm (default RSA_2048)."),
        f(
            "certificate_authority_arn",
            S,
            "Private CA that issues it, if any.",
        ),
        f("validation_method", S, "`DNS` or `EMAIL`."),
        f(
            "region",
            S,
            "Region the certificate is requested in, when the files say.",
        ),
        d("names", LS, "Every name the certificate covers."),
    ],
};

pub static LAMBDA_FUNCTION: EntityDef = EntityDef {
    name: "lambda_function",
    doc: "A Lambda function.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("function_name", S, "The function name."),
        f(
            "arn",
            S,
            "The function's ARN, when known (exports); qualified when the object is the configuration of one version.",
        ),
        f(
            "version",
            S,
            "The version this object describes (`$LATEST` or a number), when it is one version's configuration (exports).",
        ),
        f("runtime", S, "Runtime identifier."),
        f("memory_size", I, "Memory in MB (default 128)."),
        f("timeout", I, "Timeout in seconds (default 3)."),
        f("architectures", LS, "Instruction set (default x86_64)."),
        f(
            "environment_variables",
            LS,
            "Names of environment variables.",
        ),
        f(
            "vpc_subnet_ids",
            LS,
            "VPC subnets. Unknown subnets next to a non-empty security group list are not empty: Lambda refuses one list empty and the other not, so the function is in a VPC or the deploy fails.",
        ),
        f("vpc_security_group_ids", LS, "VPC security groups."),
        f("layers", LS, "Layer ARNs."),
        f("package_type", S, "`Zip` or `Image` (default Zip)."),
        f(
            "package_size",
            I,
            "Compressed size in bytes of the deployment package, when it can be measured from a local artifact: a `.zip` or `.jar` named by Terraform `filename` or SAM `CodeUri`, or the length of CloudFormation inline code. Located at the value that names the artifact.",
        ),
        f("ephemeral_storage", I, "/tmp size in MB (default 512)."),
        f("dead_letter_target", S, "Dead-letter queue or topic."),
        f(
            "version_provisioned_concurrency",
            I,
            "Provisioned concurrent executions on the version the function publishes (Terraform: a provisioned concurrency configuration whose qualifier is the function's `version`).",
        ),
        f(
            "tracing_mode",
            S,
            "X-Ray tracing mode (`Active` or `PassThrough`).",
        ),
        f(
            "source_kms_key_arn",
            S,
            "Customer managed key that encrypts the .zip package (not the environment-variable key).",
        ),
        f(
            "runtime_update_mode",
            S,
            "When the runtime is updated: `Auto`, `FunctionUpdate` or `Manual` (CloudFormation and Terraform).",
        ),
        f("role", S, "Execution role ARN as written."),
        f(
            "publish",
            B,
            "Whether a version is published on each change (Terraform).",
        ),
        f(
            "region",
            S,
            "Region the function is created in, when known.",
        ),
        d(
            "runtime_language",
            S,
            "The runtime without its version: `nodejs`, `python`, `java`, `dotnet`, `ruby`, `go`, `provided`, …",
        ),
        d(
            "role_resource",
            Ty::Link(&IAM_ROLE),
            "The execution role in the unit.",
        ),
    ],
};

pub static LAMBDA_VERSION: EntityDef = EntityDef {
    name: "lambda_version",
    doc: "A published Lambda version.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("function_name", S, "The function as written."),
        f(
            "provisioned_concurrency",
            I,
            "Provisioned concurrent executions configured on the version.",
        ),
        d(
            "function",
            Ty::Link(&LAMBDA_FUNCTION),
            "The function in the unit.",
        ),
    ],
};

pub static LAMBDA_ALIAS: EntityDef = EntityDef {
    name: "lambda_alias",
    doc: "A Lambda alias.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("name", S, "Alias name."),
        f("function_name", S, "The function as written."),
        f(
            "provisioned_concurrency",
            I,
            "Provisioned concurrent executions configured on the alias.",
        ),
        d(
            "function",
            Ty::Link(&LAMBDA_FUNCTION),
            "The function in the unit.",
        ),
    ],
};

pub static CLOUDFRONT_FUNCTION: EntityDef = EntityDef {
    name: "cloudfront_function",
    doc: "A CloudFront Function.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("name", S, "Function name."),
        f("arn", S, "The function's ARN, when known (exports)."),
        f("runtime", S, "`cloudfront-js-1.0` or `cloudfront-js-2.0`."),
        f("publish", B, "Whether the function is published to LIVE."),
        f("code_size", I, "Size of the code in bytes, when known."),
        f(
            "key_value_store_count",
            I,
            "Number of KeyValueStore associations.",
        ),
    ],
};

pub static IAM_ROLE: EntityDef = EntityDef {
    name: "iam_role",
    doc: "An IAM role.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f(
            "trusted_services",
            LS,
            "Service principals the trust policy allows.",
        ),
    ],
};

pub static HOSTED_ZONE: EntityDef = EntityDef {
    name: "hosted_zone",
    doc: "A Route 53 hosted zone.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("name", S, "The zone's domain."),
        f(
            "private",
            B,
            "Whether the zone is private (associated with VPCs).",
        ),
    ],
};

pub static DNS_RECORD: EntityDef = EntityDef {
    name: "dns_record",
    doc: "A Route 53 record.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("name", S, "Record name."),
        f("type", S, "Record type."),
        f("zone_id", S, "Hosted zone as written."),
        f("alias_target", S, "Alias target DNS name as written."),
        d(
            "zone",
            Ty::Link(&HOSTED_ZONE),
            "The hosted zone in the unit.",
        ),
        d(
            "load_balancer",
            Ty::Link(&LOAD_BALANCER),
            "The load balancer the alias points to.",
        ),
    ],
};

pub static HEADER_POLICY: EntityDef = EntityDef {
    name: "header_policy",
    doc: "A cache policy or origin request policy: the viewer headers it sends to the origin.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("policy_id", S, "The policy's id, when known (exports)."),
        f("name", S, "Policy name."),
        f(
            "header_behavior",
            S,
            "Origin request policies: `none`, `whitelist`, `allViewer`, `allViewerAndWhitelistCloudFront`, `allExcept`; cache policies: `none`, `whitelist` (default none).",
        ),
        f("headers", LS, "The headers the header behavior names."),
        d(
            "forwards_host",
            B,
            "Whether the viewer's Host header reaches the origin under this policy (cache policies send the headers of their cache key).",
        ),
    ],
};

pub static PREFIX_LIST: EntityDef = EntityDef {
    name: "prefix_list",
    doc: "A managed prefix list referenced in the unit.",
    fields: &[
        f("id", S, "The resource's name in its unit."),
        f("prefix_list_id", S, "The pl- id, when known."),
        f("name", S, "Prefix list name."),
        f(
            "max_entries",
            I,
            "Maximum entries (its weight in a security group).",
        ),
        f("address_family", S, "`IPv4` or `IPv6`, when known."),
        d(
            "is_cloudfront",
            B,
            "Whether this is a CloudFront origin-facing list.",
        ),
    ],
};

/// Every entity, for printing and lookups.
pub static ENTITIES: &[&EntityDef] = &[
    &DEPLOYMENT,
    &DISTRIBUTION,
    &VIEWER_CERTIFICATE,
    &ORIGIN,
    &CUSTOM_HEADER,
    &ORIGIN_GROUP,
    &BEHAVIOR,
    &LAMBDA_ASSOCIATION,
    &FUNCTION_ASSOCIATION,
    &CUSTOM_ERROR_RESPONSE,
    &QUANTITY_LIST,
    &LOAD_BALANCER,
    &LISTENER,
    &SECURITY_GROUP,
    &INGRESS_RULE,
    &CERTIFICATE,
    &LAMBDA_FUNCTION,
    &LAMBDA_VERSION,
    &LAMBDA_ALIAS,
    &CLOUDFRONT_FUNCTION,
    &IAM_ROLE,
    &HOSTED_ZONE,
    &DNS_RECORD,
    &HEADER_POLICY,
    &PREFIX_LIST,
];

/// The schema as text, for `edgelint schema`.
pub fn render() -> String {
    let mut out = String::new();
    for entity in ENTITIES {
        out.push_str(&format!("{}\n  {}\n", entity.name, entity.doc));
        let width = entity
            .fields
            .iter()
            .map(|f| f.name.len())
            .max()
            .unwrap_or(0);
        for field in entity.fields {
            let marker = if field.derived { " (derived)" } else { "" };
            out.push_str(&format!(
                "  .{:<width$}  {:<22} {}{}\n",
                field.name,
                field.ty.describe(),
                field.doc,
                marker
            ));
        }
        out.push('\n');
    }
    out
}
