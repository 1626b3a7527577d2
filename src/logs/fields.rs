//! The field names CloudFront writes, and where each one this analysis
//! reads sits in a line.
//!
//! Sources (Amazon CloudFront Developer Guide):
//! - standard logs, legacy and v2: "Standard logging reference — Log file
//!   fields" (standard-logs-reference.html#BasicDistributionFileFormat):
//!   33 fields in the order of [`STANDARD`]; a v2 delivery may choose a
//!   subset, and every W3C file names its fields in its `#Fields:` line.
//! - real-time logs: "Real-time log configuration fields" (real-time-logs.html):
//!   the configuration chooses fields and their order; each record is one
//!   line of tab-separated values in that order, `timestamp` in Unix
//!   seconds with milliseconds. The names match the standard ones except
//!   `cs-host`, `cs-user-agent`, `cs-referer` and `cs-cookie`, which the W3C
//!   header spells `cs(Host)`, `cs(User-Agent)`, `cs(Referer)`, `cs(Cookie)`.
//! - standard logs v2 in JSON: one JSON object per line whose keys are the
//!   field names above.

/// The standard log fields in the order the legacy delivery writes them.
pub const STANDARD: [&str; 33] = [
    "date",
    "time",
    "x-edge-location",
    "sc-bytes",
    "c-ip",
    "cs-method",
    "cs(Host)",
    "cs-uri-stem",
    "sc-status",
    "cs(Referer)",
    "cs(User-Agent)",
    "cs-uri-query",
    "cs(Cookie)",
    "x-edge-result-type",
    "x-edge-request-id",
    "x-host-header",
    "cs-protocol",
    "cs-bytes",
    "time-taken",
    "x-forwarded-for",
    "ssl-protocol",
    "ssl-cipher",
    "x-edge-response-result-type",
    "cs-protocol-version",
    "fle-status",
    "fle-encrypted-fields",
    "c-port",
    "time-to-first-byte",
    "x-edge-detailed-result-type",
    "sc-content-type",
    "sc-content-len",
    "sc-range-start",
    "sc-range-end",
];

/// Every real-time log field, in the order the documentation lists them
/// (a configuration may pick any subset in any order).
pub const REALTIME: [&str; 45] = [
    "timestamp",
    "c-ip",
    "time-to-first-byte",
    "sc-status",
    "sc-bytes",
    "cs-method",
    "cs-protocol",
    "cs-host",
    "cs-uri-stem",
    "cs-bytes",
    "x-edge-location",
    "x-edge-request-id",
    "x-host-header",
    "time-taken",
    "cs-protocol-version",
    "c-ip-version",
    "cs-user-agent",
    "cs-referer",
    "cs-cookie",
    "cs-uri-query",
    "x-edge-response-result-type",
    "x-forwarded-for",
    "ssl-protocol",
    "ssl-cipher",
    "x-edge-result-type",
    "fle-encrypted-fields",
    "fle-status",
    "sc-content-type",
    "sc-content-len",
    "sc-range-start",
    "sc-range-end",
    "c-port",
    "x-edge-detailed-result-type",
    "c-country",
    "cs-accept-encoding",
    "cs-accept",
    "cache-behavior-path-pattern",
    "cs-headers",
    "cs-header-names",
    "cs-headers-count",
    "primary-distribution-id",
    "primary-distribution-dns-name",
    "origin-fbl",
    "origin-lbl",
    "asn",
];

/// The fields the analysis needs. A missing one leaves its part of the
/// analysis out (no time-taken: no timeout comparison), except the status,
/// without which a line cannot be judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Date,
    Time,
    Timestamp,
    /// `cs(Host)`: the distribution's `*.cloudfront.net` name.
    DistributionHost,
    /// `x-host-header`: the Host header the viewer sent (an alias).
    HostHeader,
    UriStem,
    Status,
    ResultType,
    DetailedResultType,
    TimeTaken,
}

impl Field {
    /// The field a column name stands for, in any of the spellings.
    pub fn named(name: &str) -> Option<Field> {
        Some(match name {
            "date" => Field::Date,
            "time" => Field::Time,
            "timestamp" => Field::Timestamp,
            "cs(Host)" | "cs-host" => Field::DistributionHost,
            "x-host-header" => Field::HostHeader,
            "cs-uri-stem" => Field::UriStem,
            "sc-status" => Field::Status,
            "x-edge-result-type" => Field::ResultType,
            "x-edge-detailed-result-type" => Field::DetailedResultType,
            "time-taken" => Field::TimeTaken,
            _ => return None,
        })
    }

    const ALL: [Field; 10] = [
        Field::Date,
        Field::Time,
        Field::Timestamp,
        Field::DistributionHost,
        Field::HostHeader,
        Field::UriStem,
        Field::Status,
        Field::ResultType,
        Field::DetailedResultType,
        Field::TimeTaken,
    ];
}

/// Where each needed field sits in a line of a given field list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Column of each [`Field`], by its discriminant.
    columns: [Option<usize>; 10],
    /// How many columns a line has.
    pub width: usize,
    /// The field names, as the header or configuration gave them.
    pub names: Vec<String>,
}

impl Layout {
    pub fn new<S: AsRef<str>>(names: &[S]) -> Layout {
        let mut columns = [None; 10];
        for (index, name) in names.iter().enumerate() {
            if let Some(field) = Field::named(name.as_ref())
                && let Some(slot) = columns.get_mut(field as usize)
                && slot.is_none()
            {
                *slot = Some(index);
            }
        }
        Layout {
            columns,
            width: names.len(),
            names: names.iter().map(|n| n.as_ref().to_string()).collect(),
        }
    }

    /// The column of a field, when the list has it.
    pub fn column(&self, field: Field) -> Option<usize> {
        self.columns.get(field as usize).copied().flatten()
    }

    /// The needed fields the list lacks, by their documented names.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        let has = |f: Field| self.column(f).is_some();
        if !has(Field::Status) {
            missing.push("sc-status");
        }
        if !(has(Field::Timestamp) || has(Field::Date) && has(Field::Time)) {
            missing.push("date and time (or timestamp)");
        }
        missing
    }

    /// Whether every field the analysis reads is present.
    pub fn complete(&self) -> bool {
        Field::ALL
            .iter()
            .filter(|f| !matches!(f, Field::Timestamp | Field::Date | Field::Time))
            .all(|f| self.column(*f).is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_standard_header_places_every_needed_field() {
        let layout = Layout::new(&STANDARD);
        assert_eq!(layout.column(Field::Status), Some(8));
        assert_eq!(layout.column(Field::DistributionHost), Some(6));
        assert_eq!(layout.column(Field::DetailedResultType), Some(28));
        assert!(layout.complete());
        assert!(layout.missing().is_empty());
    }

    #[test]
    fn real_time_spellings_map_to_the_same_fields() {
        let layout = Layout::new(&["timestamp", "cs-host", "sc-status"]);
        assert_eq!(layout.column(Field::DistributionHost), Some(1));
        assert!(layout.missing().is_empty());
        assert!(!layout.complete());
        assert_eq!(Layout::new(&["c-ip"]).missing().len(), 2);
    }
}
