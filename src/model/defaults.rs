//! The values AWS and the deployment formats document for fields a file
//! leaves out. A front-end fills an absent field with one of these as a
//! Default value, located at the enclosing object, so every format agrees
//! on what "not written" means.
//!
//! Where two formats default the same field differently, each has its own
//! constant, named after the format. Limits that rules compare against
//! (quotas, ceilings) are settings, not defaults, and live in the
//! configuration.

// ---------------------------------------------------------------------------
// CloudFront origins

/// `ConnectionAttempts`: how many times CloudFront tries to connect to an
/// origin, 1 to 3; AWS documents 3 when it is not set.
pub const ORIGIN_CONNECTION_ATTEMPTS: i64 = 3;

/// `ConnectionTimeout`: seconds CloudFront waits to connect to an origin,
/// 1 to 10; AWS documents 10 when it is not set.
pub const ORIGIN_CONNECTION_TIMEOUT: i64 = 10;

/// `HTTPPort` of a custom origin: 80 when not set. The Terraform provider
/// requires `http_port`, so only CloudFormation and exports use it.
pub const ORIGIN_HTTP_PORT: i64 = 80;

/// `HTTPSPort` of a custom origin: 443 when not set. The Terraform
/// provider requires `https_port`, so only CloudFormation and exports
/// use it.
pub const ORIGIN_HTTPS_PORT: i64 = 443;

/// `OriginSSLProtocols` of a CloudFormation custom origin: the
/// CloudFormation registry schema's default, `TLSv1` and `SSLv3` (not the
/// console's `TLSv1.2`). The Terraform provider requires
/// `origin_ssl_protocols`, and exports always carry the list, so neither
/// has a default.
pub const CLOUDFORMATION_ORIGIN_SSL_PROTOCOLS: &[&str] = &["TLSv1", "SSLv3"];

/// `OriginReadTimeout` (the origin response timeout) of a custom, S3 or
/// VPC origin: AWS documents 30 seconds when it is not set.
pub const ORIGIN_READ_TIMEOUT: i64 = 30;

/// `OriginKeepaliveTimeout` of a custom or VPC origin: AWS documents 5
/// seconds when it is not set.
pub const ORIGIN_KEEPALIVE_TIMEOUT: i64 = 5;

/// The origin configuration of a Terraform `origin` block with neither
/// `custom_origin_config` nor `vpc_origin_config`: the provider treats it
/// as an S3 origin. (In CloudFormation and exports an origin without any
/// configuration has none; the model records `none`.)
pub const TERRAFORM_ORIGIN_CONFIG: &str = "s3";

// ---------------------------------------------------------------------------
// CloudFront cache behaviors

/// `AllowedMethods` of a cache behavior: `GET` and `HEAD` when not set.
pub const BEHAVIOR_ALLOWED_METHODS: &[&str] = &["GET", "HEAD"];

/// `IncludeBody` of a Lambda@Edge association: the function does not see
/// the request body unless this is set.
pub const LAMBDA_ASSOCIATION_INCLUDE_BODY: bool = false;

// ---------------------------------------------------------------------------
// Cache and origin request policies

/// The header behavior of a policy whose headers configuration is absent:
/// no headers (`none`).
pub const POLICY_HEADER_BEHAVIOR: &str = "none";

// ---------------------------------------------------------------------------
// CloudFront viewer certificates

/// `minimum_protocol_version` of a Terraform `viewer_certificate`: the
/// provider sends `TLSv1` when it is not set. CloudFormation and the API
/// have no default: with an ACM or IAM certificate the field is required.
pub const TERRAFORM_MINIMUM_PROTOCOL_VERSION: &str = "TLSv1";

// ---------------------------------------------------------------------------
// Lambda functions

/// `MemorySize`: AWS documents 128 MB when it is not set.
pub const LAMBDA_MEMORY_SIZE: i64 = 128;

/// `Timeout`: AWS documents 3 seconds when it is not set.
pub const LAMBDA_TIMEOUT: i64 = 3;

/// `Architectures`: `x86_64` when not set.
pub const LAMBDA_ARCHITECTURES: &[&str] = &["x86_64"];

/// `PackageType`: `Zip` (a deployment package, not a container image) when
/// not set.
pub const LAMBDA_PACKAGE_TYPE: &str = "Zip";

/// `EphemeralStorage.Size`: AWS documents 512 MB of `/tmp` when it is not
/// set.
pub const LAMBDA_EPHEMERAL_STORAGE: i64 = 512;

/// `publish` of a Terraform `aws_lambda_function`: the provider does not
/// publish a version unless asked. (A CloudFormation function has no such
/// property; versions are resources of their own.)
pub const TERRAFORM_LAMBDA_PUBLISH: bool = false;

/// The service that may assume the execution role the SAM transform
/// creates for a function without `Role`: Lambda alone, unless
/// `AssumeRolePolicyDocument` says otherwise.
pub const SAM_ROLE_TRUSTED_SERVICE: &str = "lambda.amazonaws.com";

// ---------------------------------------------------------------------------
// CloudFront Functions

/// `FunctionConfig.Runtime` of a CloudFormation function. CloudFormation
/// requires it; a template that leaves it out is read as the first
/// runtime, `cloudfront-js-1.0`. (The Terraform provider requires
/// `runtime`, and exports always carry it.)
pub const CLOUDFORMATION_FUNCTION_RUNTIME: &str = "cloudfront-js-1.0";

/// `AutoPublish` of an `AWS::CloudFront::Function`: CloudFormation leaves
/// the function in the DEVELOPMENT stage unless it is `true`. Terraform
/// defaults the other way: see [`TERRAFORM_FUNCTION_PUBLISH`].
pub const CLOUDFORMATION_FUNCTION_AUTO_PUBLISH: bool = false;

/// `publish` of an `aws_cloudfront_function`: the provider publishes to
/// the LIVE stage unless it is `false`. CloudFormation defaults the other
/// way: see [`CLOUDFORMATION_FUNCTION_AUTO_PUBLISH`].
pub const TERRAFORM_FUNCTION_PUBLISH: bool = true;

// ---------------------------------------------------------------------------
// Elastic Load Balancing

/// `Type` of a load balancer (`load_balancer_type` in Terraform):
/// `application` when not set.
pub const LOAD_BALANCER_TYPE: &str = "application";

/// `Scheme` of a load balancer: `internet-facing` when not set (in
/// Terraform, `internal` defaults to false).
pub const LOAD_BALANCER_SCHEME: &str = "internet-facing";

/// `idle_timeout.timeout_seconds` of an application load balancer: AWS
/// documents 60 seconds when it is not set. Other load balancer types have
/// no idle timeout attribute.
pub const LOAD_BALANCER_IDLE_TIMEOUT: i64 = 60;

// ---------------------------------------------------------------------------
// ACM certificates

/// `KeyAlgorithm` of a requested certificate: `RSA_2048` when not set.
pub const CERTIFICATE_KEY_ALGORITHM: &str = "RSA_2048";

// ---------------------------------------------------------------------------
// Route 53

/// Whether a hosted zone is private: a zone is public unless it is
/// associated with a VPC.
pub const HOSTED_ZONE_PRIVATE: bool = false;
