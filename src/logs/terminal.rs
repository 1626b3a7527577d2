//! The terminal summary: totals, the causes ranked with where they are and
//! what `check` says about that place, and a one-line chart of 5xx over
//! time. Meant to be read in seconds; the HTML report has the rest.

use std::fmt::Write as _;

use super::{Analysis, Cause};

/// Causes shown; the JSON and HTML outputs have them all.
const SHOWN: usize = 5;
/// Width of the chart in characters.
const CHART_WIDTH: usize = 60;

pub fn render(analysis: &Analysis) -> String {
    let mut out = String::new();
    let formats: Vec<String> = analysis
        .formats
        .iter()
        .map(|(f, n)| format!("{n} {}", f.describe()))
        .collect();
    let _ = writeln!(
        out,
        "{} requests in {} file{} ({}), {} 5xx ({})",
        thousands(analysis.requests),
        analysis.files,
        if analysis.files == 1 { "" } else { "s" },
        if formats.is_empty() {
            "none readable".to_string()
        } else {
            formats.join(", ")
        },
        thousands(analysis.errors),
        percent(analysis.errors as f64 / analysis.requests.max(1) as f64),
    );
    if !analysis.causes.is_empty() {
        let _ = writeln!(out, "\nCauses, most 5xx first:");
        for cause in analysis.causes.iter().take(SHOWN) {
            render_cause(&mut out, cause);
        }
        if analysis.causes.len() > SHOWN {
            let _ = writeln!(
                out,
                "  … {} more (--format json or --html for all)",
                analysis.causes.len() - SHOWN
            );
        }
        if let Some(chart) = chart(analysis) {
            let _ = writeln!(out, "\n{chart}");
        }
    }
    if !analysis.unrecognized_result_types.is_empty() {
        let types: Vec<String> = analysis
            .unrecognized_result_types
            .iter()
            .map(|(t, n)| format!("{t} ({n})"))
            .collect();
        let _ = writeln!(
            out,
            "\nResult types edgelint does not know: {}",
            types.join(", ")
        );
    }
    if analysis.bad_lines > 0 || !analysis.problems.is_empty() {
        let _ = writeln!(
            out,
            "\n{} line{} and {} file{} could not be fully read; every other line was used:",
            thousands(analysis.bad_lines),
            if analysis.bad_lines == 1 { "" } else { "s" },
            analysis.failed_files,
            if analysis.failed_files == 1 { "" } else { "s" },
        );
        for p in analysis.problems.iter().take(SHOWN) {
            let place = if p.line > 0 {
                format!("{}:{}", p.file.display(), p.line)
            } else {
                p.file.display().to_string()
            };
            let _ = writeln!(out, "  {place}: {} [{}]", p.message, p.code);
        }
        if analysis.problems.len() > SHOWN {
            let _ = writeln!(
                out,
                "  … (--format json lists up to {})",
                super::tally::KEPT_PROBLEMS
            );
        }
    }
    out
}

fn render_cause(out: &mut String, cause: &Cause) {
    let _ = writeln!(
        out,
        "{:>3}. {:>9} 5xx  {}",
        cause.rank,
        thousands(cause.count),
        cause.title
    );
    let place = &cause.place;
    let mut at = match place.kind {
        "host" | "unattributed-host" => format!("host {}", place.id),
        "behavior" => String::from("the behavior"),
        kind => {
            let event = if place.event.is_empty() {
                String::new()
            } else {
                format!(" on {}", place.event)
            };
            format!("{kind} {}{event}", place.id)
        }
    };
    if !place.distribution.is_empty() {
        let _ = write!(
            at,
            " — distribution {}, behavior {}",
            place.distribution, place.behavior
        );
    }
    if place.kind == "unattributed-host" {
        at.push_str(" (no distribution of the deployment serves it)");
    }
    let _ = writeln!(out, "       {at}");
    let types: Vec<String> = cause
        .result_types
        .iter()
        .map(|(t, n)| format!("{t} {}", thousands(*n)))
        .collect();
    let statuses: Vec<String> = cause.statuses.keys().map(u16::to_string).collect();
    let _ = writeln!(
        out,
        "       {} · status {} · {} of its traffic · {} – {}",
        types.join(", "),
        statuses.join("/"),
        percent(cause.share_of_traffic),
        cause.first,
        cause.last
    );
    if let Some(q) = &cause.time_taken_ms {
        let mut line = format!(
            "       time-taken p50 {} p99 {}",
            seconds(q.p50),
            seconds(q.p99)
        );
        let t = &cause.timeouts;
        if cause.at_read_timeout > 0
            && let Some(rt) = t.read_timeout_s
        {
            let _ = write!(
                line,
                " · {} ended at the {rt} s read timeout",
                thousands(cause.at_read_timeout)
            );
        }
        if cause.at_connection_budget > 0
            && let (Some(c), Some(n)) = (t.connection_timeout_s, t.connection_attempts)
        {
            let _ = write!(
                line,
                " · {} ended when {n} connection attempts × {c} s ran out",
                thousands(cause.at_connection_budget)
            );
        }
        if cause.at_function_timeout > 0
            && let Some(ft) = t.function_timeout_s
        {
            let _ = write!(
                line,
                " · {} ended at the function's {ft} s timeout",
                thousands(cause.at_function_timeout)
            );
        }
        let _ = writeln!(out, "{line}");
    }
    for f in cause.findings.iter().filter(|f| f.explains).take(3) {
        let _ = writeln!(out, "       {}: {} {} at {}", f.by, f.code, f.name, f.place);
        let _ = writeln!(out, "              {}", f.message);
    }
    if cause.findings.iter().all(|f| !f.explains) && !cause.rules.is_empty() {
        let _ = writeln!(
            out,
            "       check: no finding of {} here; see `edgelint explain` for what else causes it",
            cause.rules.join(", ")
        );
    }
}

/// 5xx per time bucket as a sparkline, with the time range.
pub fn chart(analysis: &Analysis) -> Option<String> {
    let first = analysis.timeline.first()?.unix;
    let last = analysis.timeline.last()?.unix;
    let minutes = ((last - first) / 60 + 1) as usize;
    let per = minutes.div_ceil(CHART_WIDTH).max(1);
    let width = minutes.div_ceil(per);
    let mut counts = vec![0u64; width];
    for m in &analysis.timeline {
        let index = ((m.unix - first) / 60) as usize / per;
        if let Some(c) = counts.get_mut(index) {
            *c += m.errors.values().sum::<u64>();
        }
    }
    let peak = *counts.iter().max()?;
    if peak == 0 {
        return None;
    }
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let line: String = counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                let level = ((c * 7).div_ceil(peak)) as usize;
                BARS.get(level.min(7)).copied().unwrap_or('█')
            }
        })
        .collect();
    let first_label = analysis.timeline.first().map(|m| m.minute.clone())?;
    let last_label = analysis.timeline.last().map(|m| m.minute.clone())?;
    Some(format!(
        "5xx over time ({per} min per mark, peak {}):\n  {first_label} |{line}| {last_label} UTC",
        thousands(peak)
    ))
}

pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.001 {
        "<0.1%".to_string()
    } else {
        format!("{:.1}%", share * 100.0)
    }
}

pub fn seconds(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_at_a_glance() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
        assert_eq!(percent(0.0004), "<0.1%");
        assert_eq!(percent(0.25), "25.0%");
        assert_eq!(seconds(30_001), "30.0 s");
    }
}
