//! `--emit-sql athena`: the table definition AWS documents for CloudFront
//! standard logs in Athena (Amazon Athena User Guide, "Create a table for
//! CloudFront standard logs (legacy)": the 33 fields as columns, tab
//! separated, two header lines skipped) and the queries that group 5xx as
//! `edgelint logs` does — the same routing of hosts and paths to
//! distributions and behaviors, the same cause for each result type and
//! time taken — so the counts agree with edgelint's over the same files.

use std::fmt::Write as _;

use super::cause::AT_TIMEOUT_SLACK_MS;
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

pub fn render(deployment: Option<&Deployment>, location: &str) -> String {
    let mut out = String::new();
    out.push_str(
        "-- CloudFront standard logs (W3C) as documented for Athena.\n\
         -- Real-time and JSON deliveries are not covered by this table.\n",
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
    let queries = [
        (
            "5xx by cause and place, most first (edgelint logs --format json: causes)",
            "SELECT distribution, behavior, host, cause, COUNT(*) AS errors\nFROM classified\n\
             GROUP BY distribution, behavior, host, cause\n\
             ORDER BY errors DESC, distribution, behavior, host, cause",
        ),
        (
            "5xx per minute and cause (the HTML report's timeline)",
            "SELECT \"date\", substr(time, 1, 5) AS minute, cause, COUNT(*) AS errors\nFROM classified\n\
             GROUP BY \"date\", substr(time, 1, 5), cause\nORDER BY \"date\", minute, cause",
        ),
        (
            "Top failing paths",
            "SELECT cs_uri_stem, COUNT(*) AS errors\nFROM classified\nGROUP BY cs_uri_stem\n\
             ORDER BY errors DESC, cs_uri_stem\nLIMIT 20",
        ),
    ];
    let common = classified(deployment);
    for (what, select) in queries {
        let _ = writeln!(out, "-- {what}.\n{common}{select};\n");
    }
    out
}

/// The common table expressions: each 5xx with its host, distribution,
/// behavior, the origin's read timeout and its cause.
fn classified(deployment: Option<&Deployment>) -> String {
    let mut out = String::new();
    out.push_str(
        "WITH failed AS (\n  SELECT \"date\", time, sc_status, cs_host, cs_uri_stem, time_taken,\n\
         \x20   CASE WHEN x_host_header IS NULL OR x_host_header IN ('', '-') THEN cs_host ELSE x_host_header END AS host,\n\
         \x20   CASE WHEN x_edge_detailed_result_type IS NULL OR x_edge_detailed_result_type IN ('', '-')\n\
         \x20        THEN coalesce(x_edge_result_type, '') ELSE x_edge_detailed_result_type END AS result_type,\n\
         \x20   CAST(round(time_taken * 1000) AS BIGINT) AS ms\n",
    );
    let _ = writeln!(out, "  FROM {TABLE}\n  WHERE sc_status >= 500\n),");
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
        "classified AS (\n  SELECT \"date\", time, cs_uri_stem, distribution, behavior,\n\
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
        let sql = render(None, "s3://bucket/prefix/");
        assert!(sql.contains("`date` DATE,\n  time STRING,"));
        assert!(sql.contains("sc_range_end BIGINT\n)"));
        assert!(sql.contains("'skip.header.line.count'='2'"));
        assert_eq!(COLUMNS.len(), super::super::fields::STANDARD.len());
    }
}
