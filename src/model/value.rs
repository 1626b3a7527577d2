//! Values with provenance: what a field holds, where it came from, and
//! whether it can be known before deploy.

use std::fmt;
use std::sync::Arc;

use crate::source::Loc;

/// A scalar the model can hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Str(Arc<str>),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    pub fn str(s: &str) -> Scalar {
        Scalar::Str(Arc::from(s))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Integers, and strings that spell one (CloudFormation accepts `"443"`).
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Scalar::Int(i) => Some(*i),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(*f as i64),
            Scalar::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Scalar::Int(i) => Some(*i as f64),
            Scalar::Float(f) => Some(*f),
            Scalar::Str(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// Booleans, and the strings CloudFormation accepts for them.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            Scalar::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Scalar::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Str(s) => f.write_str(s),
            Scalar::Int(i) => write!(f, "{i}"),
            Scalar::Float(x) => write!(f, "{x}"),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// A reference to another resource's attribute, kept on values that were
/// computed from one (`!GetAtt Alb.DNSName`, `aws_lb.web.dns_name`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The resource's name in its unit: a logical id or a Terraform address.
    pub resource: Arc<str>,
    /// The attribute, normalized by the front-end.
    pub attribute: Attribute,
}

/// Attributes whose meaning rules depend on, in every input format.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Attribute {
    /// The resource's primary identifier (`Ref`, Terraform `id`).
    Id,
    /// An ARN; for Lambda functions the unqualified ARN.
    Arn,
    /// A Lambda function's ARN ending in a published version number.
    VersionArn,
    /// A Lambda function's ARN ending in `$LATEST`.
    LatestArn,
    /// A Lambda version's number alone.
    VersionNumber,
    /// An ACM certificate's ARN as its validation returns it (Terraform
    /// `aws_acm_certificate_validation.certificate_arn`): the same ARN, known
    /// to the deploy only once the certificate is issued.
    IssuedArn,
    /// A DNS name (load balancer, bucket, distribution).
    DnsName,
    /// An S3 website endpoint.
    WebsiteEndpoint,
    /// Any other attribute, by its name in the source format.
    Other(Arc<str>),
}

/// Why a value cannot be known before deploy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnknownReason {
    /// A parameter or variable without a default or a given value.
    Input(Arc<str>),
    /// Computed by the deploy (a resource attribute).
    Computed,
    /// `Fn::ImportValue`, a dynamic reference, a remote module output.
    External,
    /// An expression edgelint does not evaluate.
    Unsupported,
}

impl fmt::Display for UnknownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnknownReason::Input(name) => write!(f, "`{name}` has no value before deploy"),
            UnknownReason::Computed => f.write_str("computed at deploy time"),
            UnknownReason::External => f.write_str("comes from outside the unit"),
            UnknownReason::Unsupported => f.write_str("expression not evaluated"),
        }
    }
}

/// One piece of an Unknown string whose shape is partly known
/// (`!Sub "${EdgeFn.Arn}:3"` is `[Ref(EdgeFn.Arn), Text(":3")]`).
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Text(Arc<str>),
    Ref(Reference),
    /// A parameter or variable without a value, by a name unique in its
    /// unit (`Domain`, `var.domain`, `module.cdn.var.domain`): any text,
    /// but the same text wherever the same input is used.
    Input(Arc<str>),
    /// Any text, not known to equal anything.
    Opaque,
}

/// How a value defined away from where it is used was set: what the label
/// at its [`Origin`] says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetBy {
    /// Written there: a local, a mapping entry, a module argument.
    Written,
    /// A parameter's or variable's default, which nothing overrides.
    Default,
    /// A variable file (`terraform.tfvars`, `*.auto.tfvars`, `--var-file`).
    VarFile,
    /// Given outside the files (`--param`, `--var`, the configuration's
    /// parameters): the origin is the declaration of `name`.
    Given { flag: &'static str, name: Arc<str> },
}

/// Where a value used elsewhere was defined, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Origin {
    pub loc: Loc,
    pub set_by: SetBy,
}

impl Origin {
    /// Shared: values are copied often, their origins rarely read.
    pub fn new(loc: Loc, set_by: SetBy) -> Arc<Origin> {
        Arc::new(Origin { loc, set_by })
    }

    /// What the label at the origin says.
    pub fn label(&self) -> String {
        match &self.set_by {
            SetBy::Written => "the value comes from here".to_string(),
            SetBy::Default => "the value is this default: nothing given overrides it".to_string(),
            SetBy::VarFile => "the value is set in this variable file".to_string(),
            SetBy::Given { flag, name } => {
                format!("the value of `{name}` is given outside the files (`{flag} {name}=…`)")
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// A literal, or resolved through references to literals.
    Known(Scalar),
    /// Absent in the file; the documented AWS default.
    Default(Scalar),
    /// Cannot be known before deploy.
    Unknown(UnknownReason),
}

/// A scalar in the model, with where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub state: State,
    /// The value's own span; for a Default, the enclosing object.
    pub loc: Loc,
    /// Where the value was defined when that is elsewhere (a parameter's or
    /// variable's default, a local, a `.tfvars` file, the command line).
    pub origin: Option<Arc<Origin>>,
    /// The shape of the value when it was built from references.
    pub parts: Vec<Part>,
}

impl Value {
    pub fn known(scalar: Scalar, loc: Loc) -> Value {
        Value {
            state: State::Known(scalar),
            loc,
            origin: None,
            parts: Vec::new(),
        }
    }

    pub fn default_value(scalar: Scalar, loc: Loc) -> Value {
        Value {
            state: State::Default(scalar),
            loc,
            origin: None,
            parts: Vec::new(),
        }
    }

    pub fn unknown(reason: UnknownReason, loc: Loc) -> Value {
        Value {
            state: State::Unknown(reason),
            loc,
            origin: None,
            parts: Vec::new(),
        }
    }

    /// An Unknown computed from a single reference.
    pub fn reference(reference: Reference, loc: Loc) -> Value {
        Value {
            state: State::Unknown(UnknownReason::Computed),
            loc,
            origin: None,
            parts: vec![Part::Ref(reference)],
        }
    }

    pub fn with_parts(mut self, parts: Vec<Part>) -> Value {
        self.parts = parts;
        self
    }

    /// The scalar when Known or Default.
    pub fn scalar(&self) -> Option<&Scalar> {
        match &self.state {
            State::Known(s) | State::Default(s) => Some(s),
            State::Unknown(_) => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        self.scalar().and_then(Scalar::as_str)
    }

    pub fn as_int(&self) -> Option<i64> {
        self.scalar().and_then(Scalar::as_int)
    }

    pub fn as_bool(&self) -> Option<bool> {
        self.scalar().and_then(Scalar::as_bool)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.state, State::Unknown(_))
    }

    pub fn is_default(&self) -> bool {
        matches!(self.state, State::Default(_))
    }

    /// The single reference this value is, if it is exactly one.
    pub fn as_reference(&self) -> Option<&Reference> {
        match self.parts.as_slice() {
            [Part::Ref(r)] => Some(r),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.state {
            State::Known(s) | State::Default(s) => write!(f, "{s}"),
            State::Unknown(_) => {
                if self.parts.is_empty() {
                    return f.write_str("(unknown)");
                }
                for part in &self.parts {
                    match part {
                        Part::Text(t) => f.write_str(t)?,
                        Part::Ref(r) => write!(f, "${{{}}}", r.resource)?,
                        Part::Input(name) => write!(f, "${{{name}}}")?,
                        Part::Opaque => f.write_str("…")?,
                    }
                }
                Ok(())
            }
        }
    }
}
