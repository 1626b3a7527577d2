//! What a failed request says about its cause: its status, its
//! `x-edge-detailed-result-type`, and how long it took against the
//! timeouts of where it went.
//!
//! Result types are those of the Developer Guide's standard log field list
//! (`x-edge-detailed-result-type`, standard-logs-reference.html) and the
//! Lambda@Edge and CloudFront Functions error names of its troubleshooting
//! pages; the likely causes and the rules that would have caught them are
//! the catalog's ("Runtime symptom reference"), with the `probe` checks
//! that see the same failure from outside. A type not listed here is
//! kept under its own name as an unrecognized cause: counted, never
//! dropped.

use super::route::Timeouts;

/// A kind of failure, each with its explanation and its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    OriginUnreachable,
    OriginReadTimeout,
    OriginTls,
    OriginComm,
    OriginDns,
    OriginResponse,
    OriginStatus,
    LambdaExecution,
    LambdaValidation,
    LambdaLimit,
    FunctionError,
    EdgeCapacity,
    Unrecognized,
}

/// Where a kind of failure points: the origin of the behavior or an edge
/// function on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Blame {
    Origin,
    Lambda,
    Function,
    /// CloudFront itself, or nothing in the deployment.
    Edge,
}

pub struct Explanation {
    pub title: &'static str,
    pub facts: &'static str,
    /// Rule codes whose findings explain this kind of failure.
    pub rules: &'static [&'static str],
    pub blame: Blame,
}

impl Kind {
    pub fn explain(self) -> Explanation {
        let (title, facts, rules, blame): (&str, &str, &[&str], Blame) = match self {
            Kind::OriginUnreachable => (
                "CloudFront cannot connect to the origin",
                "OriginConnectError: the TCP connection was refused or timed out. Typical causes: \
                 a security group or network ACL that does not admit CloudFront's origin-facing \
                 prefix list on the port CloudFront uses, an internal load balancer, no listener \
                 on that port, an IPv6 origin without IPv6 ingress (504).",
                &[
                    "CF201", "CF202", "CF203", "CF204", "CF107", "CF108", "CF602",
                ],
                Blame::Origin,
            ),
            Kind::OriginReadTimeout => (
                "The origin answers slower than the read timeout",
                "OriginCommError at the origin read timeout: CloudFront waited the whole \
                 response timeout for the origin and gave up (504). Either the origin is slow \
                 or the timeout is shorter than its slowest responses; a load balancer idle \
                 timeout below the read timeout cuts the same requests.",
                &["CF401", "CF404", "CF405", "CF610"],
                Blame::Origin,
            ),
            Kind::OriginTls => (
                "The TLS connection to the origin fails",
                "OriginCommError well before any timeout, answered 502: the TLS handshake with \
                 the origin failed. Typical causes: an expired, self-signed or privately issued \
                 origin certificate, a certificate that does not name the origin domain or the \
                 forwarded Host, no protocol in common.",
                &[
                    "CF101", "CF102", "CF103", "CF104", "CF105", "CF106", "CF110", "CF111",
                    "CF603", "CF604", "CF605", "CF606", "CF608",
                ],
                Blame::Origin,
            ),
            Kind::OriginComm => (
                "The connection to the origin breaks or times out",
                "OriginCommError: CloudFront timed out connecting to or reading from the origin, \
                 or the connection broke. A keep-alive timeout at or above the load balancer's \
                 idle timeout gives intermittent 502s.",
                &["CF401", "CF405", "CF406", "CF609", "CF610"],
                Blame::Origin,
            ),
            Kind::OriginDns => (
                "CloudFront cannot resolve the origin's domain",
                "OriginDnsError (502 NonS3OriginDnsError): the origin domain has no public DNS \
                 record: a private hosted zone, a private or internal name, a malformed domain.",
                &["CF150", "CF151", "CF152", "CF601"],
                Blame::Origin,
            ),
            Kind::OriginResponse => (
                "The origin's response is invalid or cut short",
                "OriginError, OriginReadError, OriginInvalidResponseError, OriginHeaderTooBigError \
                 and the like: the origin answered something CloudFront could not relay.",
                &["CF406", "CF609", "CF612"],
                Blame::Origin,
            ),
            Kind::OriginStatus => (
                "The origin itself answers 5xx",
                "No CloudFront error type: the 5xx status came from the origin (or an error page \
                 cached from it). Behind an origin group, the group did not fail over on that \
                 status: its failover criteria lack it.",
                &["CF450", "CF451", "CF421", "CF611"],
                Blame::Origin,
            ),
            Kind::LambdaExecution => (
                "The Lambda@Edge function fails or times out",
                "LambdaExecutionError (503): the function threw, timed out, or returned a \
                 response CloudFront could not use. A viewer-event function is limited to 5 s \
                 by older documented limits and 30 s by current ones.",
                &[
                    "CF304", "CF303", "CF305", "CF306", "CF307", "CF308", "CF309", "CF312", "CF313",
                ],
                Blame::Lambda,
            ),
            Kind::LambdaValidation => (
                "The Lambda@Edge function returns an invalid response",
                "LambdaValidationError (502): the function's result breaks a Lambda@Edge \
                 restriction (a read-only header changed, a body too large for the event).",
                &["CF316"],
                Blame::Lambda,
            ),
            Kind::LambdaLimit => (
                "The Lambda@Edge function is throttled",
                "LambdaLimitExceeded (503): the function reached its concurrency limit in the \
                 region that ran it.",
                &[],
                Blame::Lambda,
            ),
            Kind::FunctionError => (
                "The CloudFront Function fails",
                "FunctionExecutionError or FunctionThrottledError (503): the function threw, \
                 exceeded its compute budget, or returned an invalid object.",
                &["CF350", "CF351", "CF352", "CF353"],
                Blame::Function,
            ),
            Kind::EdgeCapacity => (
                "CloudFront refuses the request (capacity or limit)",
                "A 5xx whose result type is an edge error without an origin or function \
                 cause (CapacityExceeded, LimitExceeded).",
                &[],
                Blame::Edge,
            ),
            Kind::Unrecognized => (
                "A result type edgelint does not know",
                "The result type is kept as CloudFront wrote it; the documentation may list it \
                 now.",
                &[],
                Blame::Edge,
            ),
        };
        Explanation {
            title,
            facts,
            rules,
            blame,
        }
    }
}

/// Result types that are not failures of their own: a 5xx with one of
/// these came from the origin.
const PASS_THROUGH: [&str; 8] = [
    "Hit",
    "RefreshHit",
    "Miss",
    "Redirect",
    "Error",
    "OriginShieldHit",
    "-",
    "",
];

/// How close to a timeout a request must end to count as ending at it:
/// CloudFront's clock and the origin's are not the same, and time-taken
/// includes the viewer leg.
pub const AT_TIMEOUT_SLACK_MS: u64 = 1_500;

/// Whether a time taken ends at a timeout of `seconds`.
pub fn at_timeout(time_taken_ms: Option<u64>, seconds: Option<i64>) -> bool {
    match (time_taken_ms, seconds) {
        (Some(t), Some(s)) if s > 0 => {
            let limit = s as u64 * 1000;
            t + 250 >= limit && t <= limit + AT_TIMEOUT_SLACK_MS
        }
        _ => false,
    }
}

/// The kind of a failed request.
pub fn classify(
    status: u16,
    result_type: &str,
    time_taken_ms: Option<u64>,
    timeouts: &Timeouts,
) -> Kind {
    match result_type {
        "OriginConnectError" => Kind::OriginUnreachable,
        "OriginCommError" | "OriginReadError" | "SlowReaderOriginError" => {
            if at_timeout(time_taken_ms, timeouts.read_timeout_s) {
                Kind::OriginReadTimeout
            } else if status == 502 {
                Kind::OriginTls
            } else {
                Kind::OriginComm
            }
        }
        "OriginDnsError" => Kind::OriginDns,
        "OriginError"
        | "OriginInvalidResponseError"
        | "OriginHeaderTooBigError"
        | "OriginContentRangeLengthError"
        | "OriginZeroSizeObjectError"
        | "OriginWriteError"
        | "AbortedOrigin" => Kind::OriginResponse,
        "LambdaExecutionError" => Kind::LambdaExecution,
        "LambdaValidationError" => Kind::LambdaValidation,
        "LambdaLimitExceeded" => Kind::LambdaLimit,
        "FunctionExecutionError" | "FunctionThrottledError" | "FunctionValidationError" => {
            Kind::FunctionError
        }
        "CapacityExceeded" | "LimitExceeded" => Kind::EdgeCapacity,
        t if PASS_THROUGH.contains(&t) => Kind::OriginStatus,
        _ => Kind::Unrecognized,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comm_errors_split_by_time_against_the_read_timeout() {
        let t = Timeouts {
            read_timeout_s: Some(30),
            ..Timeouts::default()
        };
        assert_eq!(
            classify(504, "OriginCommError", Some(30_002), &t),
            Kind::OriginReadTimeout
        );
        assert_eq!(
            classify(502, "OriginCommError", Some(40), &t),
            Kind::OriginTls
        );
        assert_eq!(
            classify(504, "OriginCommError", Some(12_000), &t),
            Kind::OriginComm
        );
        assert_eq!(
            classify(504, "OriginCommError", None, &Timeouts::default()),
            Kind::OriginComm
        );
    }

    #[test]
    fn unknown_types_are_kept_apart() {
        let t = Timeouts::default();
        assert_eq!(classify(503, "BrandNewError", None, &t), Kind::Unrecognized);
        assert_eq!(classify(500, "Miss", None, &t), Kind::OriginStatus);
        assert_eq!(
            classify(503, "LambdaLimitExceeded", None, &t),
            Kind::LambdaLimit
        );
    }
}
