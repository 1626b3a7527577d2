//! `edgelint probe`: connecting to every origin of a deployment the way
//! CloudFront does (DNS, TCP, TLS, one request) and reporting what would
//! make CloudFront fail, as findings with CF6xx codes located at the
//! origin's domain value.
//!
//! [`target`] reads the model into connections, [`run`] makes them through
//! [`connect`], [`tls`] and [`http`], and [`findings`] turns what they
//! observed into findings.

pub mod catalog;
pub mod certificate;
pub mod connect;
pub mod findings;
pub mod http;
pub mod outcome;
pub mod run;
pub mod target;
pub mod tls;

pub use catalog::Check;
pub use connect::Mapping;
pub use outcome::{Outcome, Problem};
pub use run::{Settings, probe, probe_all};
pub use target::{Place, Plan, Protocols, Scheme, Skip, Target, TlsVersion};
pub use tls::Trust;
