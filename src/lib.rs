//! edgelint: finds CloudFront misconfigurations that cause 502/503/504 or
//! failed deploys, in CloudFormation, Terraform and AWS CLI exports.
//!
//! The pipeline runs one way: [`source`] → [`document`] → [`model`] →
//! [`frontend`] → [`dsl`] → [`rule`] → [`lint`] → [`report`] → [`cli`].

// Library code must not panic on input: no unwrap, expect or indexing
// outside tests.
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod baseline;
pub mod cli;
pub mod config;
pub mod document;
pub mod dsl;
pub mod finding;
pub mod fix;
pub mod frontend;
pub mod lint;
pub mod logs;
pub mod model;
pub mod parallel;
pub mod probe;
pub mod report;
pub mod rule;
pub mod server;
pub mod source;
pub mod suppress;
pub mod utc;

pub use finding::{FileError, Finding, Severity};
