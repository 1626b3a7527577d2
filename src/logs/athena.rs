//! `--emit-sql athena`: the table definition AWS documents for each
//! CloudFront log delivery in Athena (Amazon Athena User Guide, "Query
//! Amazon CloudFront logs": standard logs (legacy) as the 33 fields, tab
//! separated, two header lines skipped; standard logs v2 in JSON through
//! the OpenX JSON SerDe, one string column per field; real-time logs as
//! tab-separated fields in the order of the real-time log configuration)
//! and the queries that group 5xx as `edgelint logs` does — the same
//! routing of hosts and paths to distributions and behaviors, the same
//! cause for each result type and time taken — so the counts agree with
//! edgelint's over the same files.

use std::fmt::Write as _;

use super::cause::AT_TIMEOUT_SLACK_MS;
use super::fields::{Field, Layout, STANDARD};
use super::route::Deployment;

/// The documented columns and their Athena types, in field order.
pub const COLUMNS: [(&str, &str); 33] = [
    ("`date`", "DATE"),
    ("time", "STRING"),
    ("x_edge_location", "STRING"),
    ("sc_bytes", "BIGINT"),
    ("c_ip", "STRING"),
    ("cs_method", "STRING"),
    ("cs_host", "STRING"),
    ("cs_uri_stem", "STRING"),
    ("sc_status", "INT"),
    ("cs_referrer", "STRING"),
    ("cs_user_agent", "STRING"),
    ("cs_uri_query", "STRING"),
    ("cs_cookie", "STRING"),
    ("x_edge_result_type", "STRING"),
    ("x_edge_request_id", "STRING"),
    ("x_host_header", "STRING"),
    ("cs_protocol", "STRING"),
    ("cs_bytes", "BIGINT"),
    ("time_taken", "FLOAT"),
    ("x_forwarded_for", "STRING"),
    ("ssl_protocol", "STRING"),
    ("ssl_cipher", "STRING"),
    ("x_edge_response_result_type", "STRING"),
    ("cs_protocol_version", "STRING"),
    ("fle_status", "STRING"),
    ("fle_encrypted_fields", "INT"),
    ("c_port", "INT"),
    ("time_to_first_byte", "FLOAT"),
    ("x_edge_detailed_result_type", "STRING"),
    ("sc_content_type", "STRING"),
    ("sc_content_len", "BIGINT"),
    ("sc_range_start", "BIGINT"),
    ("sc_range_end", "BIGINT"),
];

pub const TABLE: &str = "cloudfront_standard_logs";
pub const JSON_TABLE: &str = "cloudfront_standard_logs_json";
pub const REALTIME_TABLE: &str = "cloudfront_realtime_logs";

/// The delivery the table reads.
pub enum Delivery<'a> {
    /// Standard logs (W3C, legacy or v2 with all fields).
    Standard,
    /// Standard logs v2 as JSON objects.
    Json,
    /// Real-time logs with this field list.
    Realtime(&'a Layout),
}

/// A SQL string literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A CloudFront path pattern as a `LIKE` pattern (escape `\`), without its
/// leading `/` as edgelint matches it.
fn like(pattern: &str) -> String {
    let mut out = String::new();
    for c in pattern.trim_start_matches('/').chars() {
        match c {
            '*' => out.push('%'),
            '?' => out.push('_'),
            '%' | '_' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The timeline query of the deliveries with a date and a time column.
const BY_DATE_AND_MINUTE: &str = "SELECT \"date\", substr(time, 1, 5) AS minute, cause, COUNT(*) AS errors\nFROM classified\n\
     GROUP BY \"date\", substr(time, 1, 5), cause\nORDER BY \"date\", minute, cause";

pub fn render(deployment: Option<&Deployment>, location: &str, delivery: &Delivery) -> String {
    let mut out = String::new();
    let (table, by_minute) = match delivery {
        Delivery::Standard => {
            standard_table(&mut out, location);
            (TABLE, BY_DATE_AND_MINUTE)
        }
        Delivery::Json => {
            json_table(&mut out, location);
            (JSON_TABLE, BY_DATE_AND_MINUTE)
        }
        Delivery::Realtime(layout) => {
            realtime_table(&mut out, location, layout);
            (
                REALTIME_TABLE,
                "SELECT minute_unix, cause, COUNT(*) AS errors\nFROM classified\n\
                 GROUP BY minute_unix, cause\nORDER BY minute_unix, cause",
            )
        }
    };
    let queries = [
        (
            "5xx by cause and place, most first (edgelint logs --format json: causes)",
            "SELECT distribution, behavior, host, cause, COUNT(*) AS errors\nFROM classified\n\
             GROUP BY distribution, behavior, host, cause\n\
             ORDER BY errors DESC, distribution, behavior, host, cause",
        ),
        (
            match delivery {
                Delivery::Realtime(_) => {
                    "5xx per minute (Unix seconds) and cause (the HTML report's timeline)"
                }
                _ => "5xx per minute and cause (the HTML report's timeline)",
            },
            by_minute,
        ),
        (
            "Top failing paths",
            "SELECT cs_uri_stem, COUNT(*) AS errors\nFROM classified\nGROUP BY cs_uri_stem\n\
             ORDER BY errors DESC, cs_uri_stem\nLIMIT 20",
        ),
    ];
    let common = classified(deployment, table, delivery);
    for (what, select) in queries {
        let _ = writeln!(out, "-- {what}.\n{common}{select};\n");
    }
    out
}

fn standard_table(out: &mut String, location: &str) {
    out.push_str(
        "-- CloudFront standard logs (W3C) as documented for Athena.\n\
         -- JSON and real-time deliveries: --log-format json or realtime.\n",
    );
    let _ = writeln!(out, "CREATE EXTERNAL TABLE IF NOT EXISTS {TABLE} (");
    for (i, (name, ty)) in COLUMNS.iter().enumerate() {
        let comma = if i + 1 < COLUMNS.len() { "," } else { "" };
        let _ = writeln!(out, "  {name} {ty}{comma}");
    }
    let _ = writeln!(
        out,
        ")\nROW FORMAT DELIMITED\nFIELDS TERMINATED BY '\\t'\nLOCATION {}\nTBLPROPERTIES ( 'skip.header.line.count'='2' );\n",
        quote(location)
    );
}

/// Every standard field as a string column named as the JSON keys are
/// (Athena matches keys without regard to case); a delivery that chose
/// fewer fields leaves the others NULL.
fn json_table(out: &mut String, location: &str) {
    out.push_str("-- CloudFront standard logs v2 delivered as JSON, as documented for Athena.\n");
    let _ = writeln!(out, "CREATE EXTERNAL TABLE IF NOT EXISTS {JSON_TABLE} (");
    for (i, name) in STANDARD.iter().enumerate() {
        let comma = if i + 1 < STANDARD.len() { "," } else { "" };
        let _ = writeln!(out, "  `{name}` STRING{comma}");
    }
    let _ = writeln!(
        out,
        ")\nROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'\nLOCATION {};\n",
        quote(location)
    );
}

/// The columns of the real-time log configuration, in its order, named
/// as AWS's real-time table names them (`-` as `_`), as strings: a field
/// CloudFront has no value for is `-`.
fn realtime_table(out: &mut String, location: &str, layout: &Layout) {
    let _ = writeln!(
        out,
        "-- CloudFront real-time logs with the fields {}, in that order.",
        layout.names.join(", ")
    );
    let _ = writeln!(
        out,
        "CREATE EXTERNAL TABLE IF NOT EXISTS {REALTIME_TABLE} ("
    );
    for (i, name) in layout.names.iter().enumerate() {
        let comma = if i + 1 < layout.names.len() { "," } else { "" };
        let _ = writeln!(out, "  `{}` STRING{comma}", realtime_column(name));
    }
    let _ = writeln!(
        out,
        ")\nROW FORMAT DELIMITED\nFIELDS TERMINATED BY '\\t'\nLOCATION {};\n",
        quote(location)
    );
}

fn realtime_column(name: &str) -> String {
    name.replace('-', "_")
}

/// For the JSON and real-time tables, their columns under the standard
/// table's names and types, so the rest of the queries is the same.
fn normalized(table: &str, delivery: &Delivery) -> Option<String> {
    let when = match delivery {
        Delivery::Standard => return None,
        Delivery::Json => "\"date\", \"time\" AS time",
        Delivery::Realtime(_) => {
            "CAST(floor(TRY_CAST(\"timestamp\" AS DOUBLE) / 60) * 60 AS BIGINT) AS minute_unix"
        }
    };
    let column = |field: Field, name: &str| match delivery {
        Delivery::Realtime(layout) => match layout.column(field) {
            Some(i) => format!(
                "\"{}\"",
                realtime_column(layout.names.get(i).map_or("", String::as_str))
            ),
            None => "CAST(NULL AS VARCHAR)".to_string(),
        },
        _ => format!("\"{name}\""),
    };
    let fields = [
        (Field::Status, "sc-status", "sc_status", Some("INTEGER")),
        (Field::DistributionHost, "cs(Host)", "cs_host", None),
        (Field::HostHeader, "x-host-header", "x_host_header", None),
        (Field::UriStem, "cs-uri-stem", "cs_uri_stem", None),
        (Field::TimeTaken, "time-taken", "time_taken", Some("DOUBLE")),
        (
            Field::ResultType,
            "x-edge-result-type",
            "x_edge_result_type",
            None,
        ),
        (
            Field::DetailedResultType,
            "x-edge-detailed-result-type",
            "x_edge_detailed_result_type",
            None,
        ),
    ];
    let mut out = format!("WITH raw AS (\n  SELECT {when}");
    for (field, name, alias, cast) in fields {
        let value = column(field, name);
        let value = match cast {
            Some(ty) => format!("TRY_CAST({value} AS {ty})"),
            None => value,
        };
        let _ = write!(out, ",\n    {value} AS {alias}");
    }
    let _ = writeln!(out, "\n  FROM {table}\n),");
    Some(out)
}

/// The common table expressions: each 5xx with its host, distribution,
/// behavior, the origin's read timeout and its cause.
fn classified(deployment: Option<&Deployment>, table: &str, delivery: &Delivery) -> String {
    let (when, from, with) = match normalized(table, delivery) {
        Some(raw) => (
            match delivery {
                Delivery::Realtime(_) => "minute_unix",
                _ => "\"date\", time",
            },
            "raw",
            raw,
        ),
        None => ("\"date\", time", table, "WITH ".to_string()),
    };
    let mut out = with;
    let _ = write!(
        out,
        "failed AS (\n  SELECT {when}, sc_status, cs_host, cs_uri_stem, time_taken,\n"
    );
    out.push_str(
        "\
         \x20   CASE WHEN x_host_header IS NULL OR x_host_header IN ('', '-') THEN cs_host ELSE x_host_header END AS host,\n\
         \x20   CASE WHEN x_edge_detailed_result_type IS NULL OR x_edge_detailed_result_type IN ('', '-')\n\
         \x20        THEN coalesce(x_edge_result_type, '') ELSE x_edge_detailed_result_type END AS result_type,\n\
         \x20   CAST(round(time_taken * 1000) AS BIGINT) AS ms\n",
    );
    let _ = writeln!(out, "  FROM {from}\n  WHERE sc_status >= 500\n),");
    // distribution by host
    out.push_str("routed AS (\n  SELECT *,\n");
    match deployment.filter(|d| !d.distributions.is_empty()) {
        Some(d) => {
            out.push_str("    CASE\n");
            for dist in &d.distributions {
                let exact: Vec<String> = dist
                    .aliases
                    .iter()
                    .filter(|a| !a.starts_with("*."))
                    .map(|a| quote(a))
                    .collect();
                if !exact.is_empty() {
                    let _ = writeln!(
                        out,
                        "      WHEN lower(host) IN ({}) THEN {}",
                        exact.join(", "),
                        quote(&dist.id)
                    );
                }
            }
            for dist in &d.distributions {
                for alias in dist.aliases.iter().filter(|a| a.starts_with("*.")) {
                    let suffix = alias.trim_start_matches('*');
                    let _ = writeln!(
                        out,
                        "      WHEN lower(host) LIKE {} AND lower(host) NOT LIKE {} AND lower(host) NOT LIKE {} THEN {}",
                        quote(&format!("%{suffix}")),
                        quote(&format!("%.%{suffix}")),
                        quote(suffix),
                        quote(&dist.id)
                    );
                }
            }
            if let [only] = d.distributions.as_slice() {
                let _ = writeln!(
                    out,
                    "      WHEN host LIKE '%.cloudfront.net' OR cs_host LIKE '%.cloudfront.net' OR host IS NULL OR host IN ('', '-') THEN {}",
                    quote(&only.id)
                );
            }
            out.push_str("      ELSE '' END AS distribution\n  FROM failed\n),\n");
            out.push_str("behaviors AS (\n  SELECT *,\n    CASE\n");
            let mut timeouts = String::from("    CASE\n");
            for dist in &d.distributions {
                for b in &dist.behaviors {
                    let condition = if b.pattern == "*" {
                        format!("distribution = {}", quote(&dist.id))
                    } else {
                        format!(
                            "distribution = {} AND ltrim(cs_uri_stem, '/') LIKE {} ESCAPE '\\'",
                            quote(&dist.id),
                            quote(&like(&b.pattern))
                        )
                    };
                    let _ = writeln!(out, "      WHEN {condition} THEN {}", quote(&b.pattern));
                    let read = b
                        .origin
                        .and_then(|o| d.targets.get(o))
                        .and_then(|t| t.timeouts.read_timeout_s);
                    let _ = writeln!(
                        timeouts,
                        "      WHEN {condition} THEN {}",
                        read.map_or("NULL".to_string(), |r| r.to_string())
                    );
                }
            }
            out.push_str("      ELSE '' END AS behavior,\n");
            out.push_str(&timeouts);
            out.push_str("      ELSE NULL END AS read_timeout\n  FROM routed\n),\n");
        }
        None => {
            out.push_str("    '' AS distribution\n  FROM failed\n),\n");
            out.push_str(
                "behaviors AS (\n  SELECT *, '' AS behavior, CAST(NULL AS BIGINT) AS read_timeout\n  FROM routed\n),\n",
            );
        }
    }
    // the host is a place of its own only where no distribution serves it
    let _ = writeln!(
        out,
        "classified AS (\n  SELECT {when}, cs_uri_stem, distribution, behavior,\n\
         \x20   CASE WHEN distribution = '' THEN host ELSE '' END AS host,\n\
         \x20   CASE\n\
         \x20     WHEN result_type = 'OriginConnectError' THEN 'origin-unreachable'\n\
         \x20     WHEN result_type IN ('OriginCommError', 'OriginReadError', 'SlowReaderOriginError') THEN\n\
         \x20       CASE WHEN read_timeout > 0 AND ms + 250 >= read_timeout * 1000 AND ms <= read_timeout * 1000 + {AT_TIMEOUT_SLACK_MS}\n\
         \x20              THEN 'origin-read-timeout'\n\
         \x20            WHEN sc_status = 502 THEN 'origin-tls'\n\
         \x20            ELSE 'origin-comm' END\n\
         \x20     WHEN result_type = 'OriginDnsError' THEN 'origin-dns'\n\
         \x20     WHEN result_type IN ('OriginError', 'OriginInvalidResponseError', 'OriginHeaderTooBigError',\n\
         \x20       'OriginContentRangeLengthError', 'OriginZeroSizeObjectError', 'OriginWriteError', 'AbortedOrigin')\n\
         \x20       THEN 'origin-response'\n\
         \x20     WHEN result_type = 'LambdaExecutionError' THEN 'lambda-execution'\n\
         \x20     WHEN result_type = 'LambdaValidationError' THEN 'lambda-validation'\n\
         \x20     WHEN result_type = 'LambdaLimitExceeded' THEN 'lambda-limit'\n\
         \x20     WHEN result_type IN ('FunctionExecutionError', 'FunctionThrottledError', 'FunctionValidationError')\n\
         \x20       THEN 'function-error'\n\
         \x20     WHEN result_type IN ('CapacityExceeded', 'LimitExceeded') THEN 'edge-capacity'\n\
         \x20     WHEN result_type IN ('Hit', 'RefreshHit', 'Miss', 'Redirect', 'Error', 'OriginShieldHit', '-', '')\n\
         \x20       THEN 'origin-status'\n\
         \x20     ELSE 'unrecognized' END AS cause\n\
         \x20 FROM behaviors\n)"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns_become_like_patterns() {
        assert_eq!(like("/api/*"), "api/%");
        assert_eq!(like("images/?.png"), "images/_.png");
        assert_eq!(like("/a_b%"), "a\\_b\\%");
    }

    #[test]
    fn the_table_has_the_documented_columns() {
        let sql = render(None, "s3://bucket/prefix/", &Delivery::Standard);
        assert!(sql.contains("`date` DATE,\n  time STRING,"));
        assert!(sql.contains("sc_range_end BIGINT\n)"));
        assert!(sql.contains("'skip.header.line.count'='2'"));
        assert_eq!(COLUMNS.len(), super::super::fields::STANDARD.len());
    }
}
