//! Arbitrary trees shaped like CloudFormation templates: a `Resources`
//! mapping whose types are real resource types and whose properties use
//! the names and intrinsic-function tags the front-end reads. Each tree is
//! rendered as YAML flow text at the same time, so every node's span is a
//! real place in that text.

use arbitrary::{Arbitrary, Unstructured};
use edgelint::document::{Entry, Node, NodeValue, Tag};
use edgelint::source::Span;

const TYPES: &[&str] = &[
    "AWS::CloudFront::Distribution",
    "AWS::CloudFront::Function",
    "AWS::CertificateManager::Certificate",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::ElasticLoadBalancing::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::IAM::Role",
    "AWS::Lambda::Alias",
    "AWS::Lambda::Function",
    "AWS::Lambda::Url",
    "AWS::Lambda::Version",
    "AWS::Route53::HostedZone",
    "AWS::Route53::RecordSet",
    "AWS::Route53::RecordSetGroup",
    "AWS::S3::Bucket",
    "AWS::ApiGatewayV2::Api",
    "AWS::Serverless::Function",
    "AWS::SQS::Queue",
];

/// The CloudFormation short-form tags.
const TAGS: &[&str] = &[
    "Ref",
    "GetAtt",
    "Sub",
    "Join",
    "Select",
    "Split",
    "FindInMap",
    "Base64",
    "If",
    "Equals",
    "And",
    "Or",
    "Not",
    "Condition",
    "ImportValue",
    "GetAZs",
    "Cidr",
    "Length",
    "ToJsonString",
    "Transform",
];

const KEYS: &[&str] = &[
    "AcmCertificateArn", "Aliases", "AliasTarget", "AllowedMethods", "Arn",
    "AutoPublishAlias", "CacheBehaviors", "CachePolicyId", "CertificateArn",
    "Certificates", "CidrIp", "CidrIpv6", "CloudFrontDefaultCertificate", "Condition",
    "ConnectionAttempts", "ConnectionTimeout", "CustomErrorResponses",
    "CustomOriginConfig", "DefaultCacheBehavior", "DistributionConfig", "DNSName",
    "DomainName", "Enabled", "ErrorCachingMinTTL", "ErrorCode", "EventType",
    "FailoverCriteria", "FromPort", "FunctionARN", "FunctionAssociations",
    "FunctionCode", "FunctionName", "FunctionUrlConfig", "GroupId", "HTTPPort",
    "HTTPSPort", "HeaderName", "HeaderValue", "HostedZoneId", "HttpVersion", "Id",
    "IpAddressType", "IpProtocol", "IPV6Enabled", "Items", "LambdaFunctionARN",
    "LambdaFunctionAssociations", "ListenerArn", "LoadBalancerArn",
    "LoadBalancerAttributes", "Members", "MinimumProtocolVersion", "Name",
    "OriginAccessControlId", "OriginAccessIdentity", "OriginCustomHeaders",
    "OriginGroups", "OriginId", "OriginKeepaliveTimeout", "OriginPath",
    "OriginProtocolPolicy", "OriginReadTimeout", "OriginRequestPolicyId",
    "OriginSSLProtocols", "OriginShield", "Origins", "PathPattern", "Port",
    "Properties", "Protocol", "Quantity", "RecordSets", "ResponseCode",
    "ResponsePagePath", "Role", "Runtime", "S3OriginConfig", "Scheme",
    "SecurityGroupIngress", "SecurityGroups", "SslPolicy", "SslSupportMethod",
    "StatusCodes", "SubjectAlternativeNames", "TargetArn", "TargetOriginId",
    "Timeout", "ToPort", "Type", "Value", "Version", "ViewerCertificate",
    "ViewerProtocolPolicy", "VpcOriginConfig", "WebACLId", "Ref", "Fn::If",
    "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split",
    "Fn::FindInMap", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not",
    "Fn::ImportValue", "Fn::Base64", "Fn::Length", "Fn::ToJsonString",
];

const WORDS: &[&str] = &[
    "AWS::NoValue", "AWS::Region", "AWS::StackName", "AWS::AccountId",
    "AWS::URLSuffix", "AWS::Partition", "R0", "R1", "R2", "R3", "C0", "C1", "C2",
    "P0", "P1", "R0.Arn", "R1.DomainName", "R2.DNSName", "R0.RegionalDomainName",
    "R1.WebsiteURL", "R3.FunctionUrl", "R2.Version", "${R0}", "${R1.Arn}",
    "${AWS::Region}", "${P0}", "o", "https-only", "http-only", "match-viewer",
    "allow-all", "redirect-to-https", "TLSv1", "TLSv1.2_2021", "SSLv3", "sni-only",
    "vip", "origin-request", "viewer-request", "viewer-response",
    "origin-response", "b.s3.amazonaws.com", "b.s3-website-us-east-1.amazonaws.com",
    "x.elb.amazonaws.com", "abc.lambda-url.us-east-1.on.aws",
    "arn:aws:lambda:us-east-1:1:function:f:1", "arn:aws:acm:us-east-1:1:certificate/x",
    "0.0.0.0/0", "::/0", "10.0.0.0/8", "tcp", "-1", "HTTP", "HTTPS", "GET", "HEAD",
    "true", "false", "", "example.com", "*.example.com", "us-east-1", "eu-west-1",
    "/", "/*", "internet-facing", "internal", "nodejs20.x", "python3.12",
];

#[derive(Arbitrary, Debug)]
pub enum Key {
    Known(u8),
    Other(String),
}

#[derive(Arbitrary, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    SmallInt(u8),
    Float(f64),
    Word(u8),
    Str(String),
    Seq(Vec<Value>),
    Map(Vec<(Key, Value)>),
    Tagged(u8, Box<Value>),
}

#[derive(Arbitrary, Debug)]
pub struct Resource {
    pub name: u8,
    pub ty: u8,
    pub condition: Option<u8>,
    pub properties: Value,
    pub extra: Vec<(Key, Value)>,
}

#[derive(Arbitrary, Debug)]
pub struct Template {
    pub parameters: Vec<(u8, Value)>,
    pub conditions: Vec<(u8, Value)>,
    pub mappings: Option<Value>,
    pub resources: Vec<Resource>,
    pub transform: bool,
    pub outputs: Option<Value>,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list.get(usize::from(i) % list.len()).copied().unwrap_or("")
}

/// Nesting beyond this is rendered as null: the loaders cap depth anyway,
/// and deep trees only slow the fuzzer down.
const MAX_DEPTH: usize = 24;

/// Writes text and builds nodes whose spans point into it.
struct Writer {
    text: String,
}

impl Writer {
    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.text.len())
    }

    fn scalar(&mut self, shown: &str, value: NodeValue) -> Node {
        let start = self.text.len();
        self.text.push_str(shown);
        Node::new(value, self.span_from(start))
    }

    fn string(&mut self, s: &str) -> Node {
        // JSON escapes are valid in YAML double-quoted scalars
        let quoted = serde_json_escape(s);
        let start = self.text.len();
        self.text.push_str(&quoted);
        Node::new(NodeValue::Str(s.into()), self.span_from(start))
    }

    fn key(&mut self, key: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(&serde_json_escape(key));
        self.span_from(start)
    }

    fn map(&mut self, entries: Vec<(String, &dyn Fn(&mut Writer) -> Node)>) -> Node {
        let start = self.text.len();
        self.text.push('{');
        let mut out = Vec::new();
        for (i, (key, value)) in entries.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            let key_span = self.key(&key);
            self.text.push_str(": ");
            let value = value(self);
            out.push(Entry {
                key: key.into(),
                key_span,
                value,
            });
        }
        self.text.push('}');
        Node::new(NodeValue::Map(out), self.span_from(start))
    }

    fn value(&mut self, value: &Value, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            return self.scalar("null", NodeValue::Null);
        }
        match value {
            Value::Null => self.scalar("null", NodeValue::Null),
            Value::Bool(b) => self.scalar(&b.to_string(), NodeValue::Bool(*b)),
            Value::Int(i) => self.scalar(&i.to_string(), NodeValue::Int(*i)),
            Value::SmallInt(i) => self.scalar(&i.to_string(), NodeValue::Int(i64::from(*i))),
            Value::Float(f) if f.is_finite() => {
                self.scalar(&format!("{f:?}"), NodeValue::Float(*f))
            }
            Value::Float(_) => self.scalar(".nan", NodeValue::Float(f64::NAN)),
            Value::Word(i) => self.string(pick(WORDS, *i)),
            Value::Str(s) => self.string(s),
            Value::Seq(items) => {
                let start = self.text.len();
                self.text.push('[');
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    out.push(self.value(item, depth + 1));
                }
                self.text.push(']');
                Node::new(NodeValue::Seq(out), self.span_from(start))
            }
            Value::Map(entries) => {
                let start = self.text.len();
                self.text.push('{');
                let mut out: Vec<Entry> = Vec::new();
                for (key, value) in entries {
                    let key = match key {
                        Key::Known(i) => pick(KEYS, *i).to_string(),
                        Key::Other(s) => s.clone(),
                    };
                    // a well-formed document has no duplicate keys
                    if out.iter().any(|e| e.key == key) {
                        continue;
                    }
                    if !out.is_empty() {
                        self.text.push_str(", ");
                    }
                    let key_span = self.key(&key);
                    self.text.push_str(": ");
                    let value = self.value(value, depth + 1);
                    out.push(Entry {
                        key: key.into(),
                        key_span,
                        value,
                    });
                }
                self.text.push('}');
                Node::new(NodeValue::Map(out), self.span_from(start))
            }
            Value::Tagged(tag, inner) => {
                let name = pick(TAGS, *tag);
                let start = self.text.len();
                self.text.push('!');
                self.text.push_str(name);
                let tag_span = self.span_from(start);
                self.text.push(' ');
                let mut node = self.value(inner, depth + 1);
                // an already tagged node cannot take a second tag
                if node.tag.is_none() {
                    node.tag = Some(Tag {
                        name: name.into(),
                        span: tag_span,
                    });
                }
                node
            }
        }
    }
}

fn serde_json_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The template as a tree with spans, and the YAML text they point into.
pub fn render(template: &Template) -> (String, Node) {
    let mut w = Writer {
        text: String::new(),
    };
    let named = |prefix: &str, i: u8| format!("{prefix}{}", i % 6);
    let mut sections: Vec<(String, &dyn Fn(&mut Writer) -> Node)> = Vec::new();
    let version = |w: &mut Writer| w.string("2010-09-09");
    sections.push(("AWSTemplateFormatVersion".into(), &version));
    let transform = |w: &mut Writer| w.string("AWS::Serverless-2016-10-31");
    if template.transform {
        sections.push(("Transform".into(), &transform));
    }
    let parameters = |w: &mut Writer| {
        let values: Vec<(String, Box<dyn Fn(&mut Writer) -> Node + '_>)> = dedup(
            template
                .parameters
                .iter()
                .map(|(i, v)| (named("P", *i), v))
                .collect(),
        )
        .into_iter()
        .map(|(k, v)| {
            let f: Box<dyn Fn(&mut Writer) -> Node + '_> = Box::new(move |w| w.value(v, 2));
            (k, f)
        })
        .collect();
        let entries = values
            .iter()
            .map(|(k, f)| (k.clone(), f.as_ref() as &dyn Fn(&mut Writer) -> Node))
            .collect();
        w.map(entries)
    };
    sections.push(("Parameters".into(), &parameters));
    let conditions = |w: &mut Writer| {
        let values: Vec<(String, Box<dyn Fn(&mut Writer) -> Node + '_>)> = dedup(
            template
                .conditions
                .iter()
                .map(|(i, v)| (named("C", *i), v))
                .collect(),
        )
        .into_iter()
        .map(|(k, v)| {
            let f: Box<dyn Fn(&mut Writer) -> Node + '_> = Box::new(move |w| w.value(v, 2));
            (k, f)
        })
        .collect();
        let entries = values
            .iter()
            .map(|(k, f)| (k.clone(), f.as_ref() as &dyn Fn(&mut Writer) -> Node))
            .collect();
        w.map(entries)
    };
    sections.push(("Conditions".into(), &conditions));
    let mappings = |w: &mut Writer| match &template.mappings {
        Some(v) => w.value(v, 1),
        None => w.scalar("{}", NodeValue::Map(Vec::new())),
    };
    sections.push(("Mappings".into(), &mappings));
    let resources = |w: &mut Writer| {
        let mut seen: Vec<String> = Vec::new();
        let mut list: Vec<(String, &Resource)> = Vec::new();
        for r in &template.resources {
            let name = named("R", r.name);
            if !seen.contains(&name) {
                seen.push(name.clone());
                list.push((name, r));
            }
        }
        let bodies: Vec<(String, Box<dyn Fn(&mut Writer) -> Node + '_>)> = list
            .into_iter()
            .map(|(name, r)| {
                let f: Box<dyn Fn(&mut Writer) -> Node + '_> = Box::new(move |w| resource(w, r));
                (name, f)
            })
            .collect();
        let entries = bodies
            .iter()
            .map(|(k, f)| (k.clone(), f.as_ref() as &dyn Fn(&mut Writer) -> Node))
            .collect();
        w.map(entries)
    };
    sections.push(("Resources".into(), &resources));
    let outputs = |w: &mut Writer| match &template.outputs {
        Some(v) => w.value(v, 1),
        None => w.scalar("{}", NodeValue::Map(Vec::new())),
    };
    sections.push(("Outputs".into(), &outputs));
    let doc = w.map(sections);
    w.text.push('\n');
    (w.text, doc)
}

fn resource(w: &mut Writer, r: &Resource) -> Node {
    let ty = |w: &mut Writer| w.string(pick(TYPES, r.ty));
    let props = |w: &mut Writer| w.value(&r.properties, 2);
    let cond = |w: &mut Writer| w.string(&format!("C{}", r.condition.unwrap_or(0) % 6));
    let mut entries: Vec<(String, &dyn Fn(&mut Writer) -> Node)> = vec![
        ("Type".into(), &ty),
        ("Properties".into(), &props),
    ];
    if r.condition.is_some() {
        entries.push(("Condition".into(), &cond));
    }
    let extras: Vec<(String, Box<dyn Fn(&mut Writer) -> Node + '_>)> = r
        .extra
        .iter()
        .filter_map(|(k, v)| {
            let key = match k {
                Key::Known(i) => pick(KEYS, *i).to_string(),
                Key::Other(s) => s.clone(),
            };
            if ["Type", "Properties", "Condition"].contains(&key.as_str()) {
                return None;
            }
            let f: Box<dyn Fn(&mut Writer) -> Node + '_> = Box::new(move |w| w.value(v, 2));
            Some((key, f))
        })
        .collect();
    let mut seen: Vec<String> = Vec::new();
    for (k, f) in &extras {
        if !seen.contains(k) {
            seen.push(k.clone());
            entries.push((k.clone(), f.as_ref()));
        }
    }
    w.map(entries)
}

fn dedup<T>(list: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut out: Vec<(String, T)> = Vec::new();
    for (k, v) in list {
        if !out.iter().any(|(seen, _)| *seen == k) {
            out.push((k, v));
        }
    }
    out
}

/// Builds a template from fuzzer bytes.
pub fn from_bytes(data: &[u8]) -> Option<Template> {
    Template::arbitrary_take_rest(Unstructured::new(data)).ok()
}
