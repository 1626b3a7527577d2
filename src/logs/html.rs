//! The HTML report: one self-contained file (no script, no stylesheet or
//! font from the network) with inline SVG charts — 5xx over time by cause,
//! the time-taken distribution of the top cause with its timeout marked,
//! the top failing paths — and a table of every cause.

use std::fmt::Write as _;

use super::cause::Kind;
use super::terminal::{percent, seconds, thousands};
use super::{Analysis, Cause};

const COLORS: [&str; 8] = [
    "#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
];

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn kind_name(kind: Kind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn render(analysis: &Analysis) -> String {
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>edgelint logs report</title>\n<style>\n\
         body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}\n\
         table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}\n\
         .num{text-align:right;font-variant-numeric:tabular-nums}svg text{font:11px sans-serif}\n\
         .finding{color:#a00}.muted{color:#777}\n</style></head><body>\n",
    );
    let _ = writeln!(
        out,
        "<h1>CloudFront 5xx: causes</h1>\n<p id=\"summary\"><span id=\"requests\">{}</span> requests in {} files, \
         <span id=\"errors\">{}</span> 5xx ({}).</p>",
        thousands(analysis.requests),
        analysis.files,
        thousands(analysis.errors),
        percent(analysis.errors as f64 / analysis.requests.max(1) as f64)
    );
    let kinds = kinds_by_rank(analysis);
    out.push_str("<h2>5xx over time, by cause</h2>\n");
    out.push_str(&timeline_svg(analysis, &kinds));
    if let Some(top) = analysis.causes.first() {
        let _ = writeln!(
            out,
            "<h2>Time taken: {} ({})</h2>",
            escape(top.title),
            escape(&place_text(top))
        );
        out.push_str(&time_taken_svg(top));
    }
    out.push_str("<h2>Top failing paths</h2>\n");
    out.push_str(&paths_svg(&analysis.failing_paths));
    out.push_str("<h2>Causes, most 5xx first</h2>\n<table id=\"causes\"><thead><tr><th>#</th><th class=\"num\">5xx</th>\
         <th>cause</th><th>where</th><th>result types</th><th>share of traffic</th><th>time taken</th><th>from – to (UTC)</th></tr></thead><tbody>\n");
    for cause in &analysis.causes {
        let types: Vec<String> = cause
            .result_types
            .iter()
            .map(|(t, n)| format!("{} {}", escape(t), thousands(*n)))
            .collect();
        let time = cause.time_taken_ms.as_ref().map_or(String::new(), |q| {
            format!("p50 {} · p99 {}", seconds(q.p50), seconds(q.p99))
        });
        let _ = writeln!(
            out,
            "<tr class=\"cause\" data-kind=\"{}\"><td>{}</td><td class=\"num\">{}</td><td><b>{}</b><br><span class=\"muted\">{}</span>{}</td>\
             <td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{} – {}</td></tr>",
            kind_name(cause.kind),
            cause.rank,
            thousands(cause.count),
            escape(cause.title),
            escape(cause.likely_causes),
            findings_html(cause),
            escape(&place_text(cause)),
            types.join("<br>"),
            percent(cause.share_of_traffic),
            time,
            escape(&cause.first),
            escape(&cause.last),
        );
    }
    out.push_str("</tbody></table>\n");
    if !analysis.problems.is_empty() {
        let _ = writeln!(
            out,
            "<h2>Lines not read</h2><p>{} lines could not be used; every other line was.</p><ul id=\"problems\">",
            thousands(analysis.bad_lines)
        );
        for p in &analysis.problems {
            let _ = writeln!(
                out,
                "<li>{}:{}: {}</li>",
                escape(&p.file.display().to_string()),
                p.line,
                escape(&p.message)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body></html>\n");
    out
}

fn findings_html(cause: &Cause) -> String {
    let mut out = String::new();
    for f in cause.findings.iter().filter(|f| f.explains) {
        let _ = write!(
            out,
            "<div class=\"finding\">{}: <b>{}</b> {} at {} — {}</div>",
            f.by,
            escape(&f.code),
            escape(&f.name),
            escape(&f.place),
            escape(&f.message)
        );
    }
    out
}

fn place_text(cause: &Cause) -> String {
    let p = &cause.place;
    let mut text = match p.kind {
        "host" | "unattributed-host" => format!("host {}", p.id),
        "behavior" => "behavior".to_string(),
        kind if p.event.is_empty() => format!("{kind} {}", p.id),
        kind => format!("{kind} {} on {}", p.id, p.event),
    };
    if !p.distribution.is_empty() {
        let _ = write!(
            text,
            " · distribution {} · behavior {}",
            p.distribution, p.behavior
        );
    }
    text
}

/// The kinds present, in the order of their best-ranked cause.
fn kinds_by_rank(analysis: &Analysis) -> Vec<Kind> {
    let mut kinds = Vec::new();
    for c in &analysis.causes {
        if !kinds.contains(&c.kind) {
            kinds.push(c.kind);
        }
    }
    kinds
}

fn color(kinds: &[Kind], kind: Kind) -> &'static str {
    let i = kinds.iter().position(|k| *k == kind).unwrap_or(0);
    COLORS.get(i % COLORS.len()).copied().unwrap_or("#777")
}

const W: f64 = 900.0;
const H: f64 = 220.0;
const LEFT: f64 = 60.0;
const BOTTOM: f64 = 30.0;

fn timeline_svg(analysis: &Analysis, kinds: &[Kind]) -> String {
    let mut out = String::new();
    let (Some(first), Some(last)) = (analysis.timeline.first(), analysis.timeline.last()) else {
        return "<p>No requests.</p>\n".into();
    };
    let minutes = ((last.unix - first.unix) / 60 + 1) as usize;
    let per = minutes.div_ceil(120).max(1);
    let width = minutes.div_ceil(per);
    let mut stacks: Vec<Vec<(Kind, u64)>> = vec![Vec::new(); width];
    for m in &analysis.timeline {
        let i = ((m.unix - first.unix) / 60) as usize / per;
        if let Some(stack) = stacks.get_mut(i) {
            for (k, n) in &m.errors {
                match stack.iter_mut().find(|(kk, _)| kk == k) {
                    Some(e) => e.1 += n,
                    None => stack.push((*k, *n)),
                }
            }
        }
    }
    let peak = stacks
        .iter()
        .map(|s| s.iter().map(|(_, n)| n).sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let bar = (W - LEFT) / width as f64;
    let _ = writeln!(
        out,
        "<svg id=\"errors-over-time\" role=\"img\" viewBox=\"0 0 {W} {}\" width=\"{W}\" height=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        H + BOTTOM + 20.0,
        H + BOTTOM + 20.0
    );
    let _ = writeln!(
        out,
        "<title>5xx per {per} minute(s), stacked by cause</title>"
    );
    let _ = writeln!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{H}\" x2=\"{W}\" y2=\"{H}\" stroke=\"#999\"/><text x=\"{}\" y=\"12\" text-anchor=\"end\">{}</text><text x=\"{}\" y=\"{H}\" text-anchor=\"end\">0</text>",
        LEFT - 4.0,
        peak,
        LEFT - 4.0
    );
    for (i, stack) in stacks.iter().enumerate() {
        let mut y = H;
        for kind in kinds {
            let Some((_, n)) = stack.iter().find(|(k, _)| k == kind) else {
                continue;
            };
            let h = (*n as f64 / peak as f64) * (H - 16.0);
            y -= h;
            let _ = writeln!(
                out,
                "<rect class=\"bar\" data-kind=\"{}\" x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{n}</title></rect>",
                kind_name(*kind),
                LEFT + i as f64 * bar,
                (bar - 1.0).max(1.0),
                color(kinds, *kind)
            );
        }
    }
    let _ = writeln!(
        out,
        "<text x=\"{LEFT}\" y=\"{}\">{}</text><text x=\"{W}\" y=\"{}\" text-anchor=\"end\">{} UTC</text>",
        H + 16.0,
        escape(&first.minute),
        H + 16.0,
        escape(&last.minute)
    );
    let mut x = LEFT;
    for kind in kinds {
        let name = kind_name(*kind);
        let _ = writeln!(
            out,
            "<rect x=\"{x:.0}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text class=\"legend\" x=\"{:.0}\" y=\"{}\">{}</text>",
            H + 26.0,
            color(kinds, *kind),
            x + 14.0,
            H + 35.0,
            escape(&name)
        );
        x += 20.0 + name.len() as f64 * 7.0;
    }
    out.push_str("</svg>\n");
    out
}

fn time_taken_svg(cause: &Cause) -> String {
    let mut out = String::new();
    if cause.distribution.is_empty() {
        return "<p>No time-taken field in these logs.</p>\n".into();
    }
    let t = &cause.timeouts;
    // the timeouts that can end this kind of failure
    let (read, connect) = match cause.kind {
        Kind::OriginUnreachable => (false, true),
        Kind::OriginComm => (true, true),
        _ => (true, false),
    };
    let mut marks: Vec<(String, u64)> = Vec::new();
    if let Some(rt) = t.read_timeout_s.filter(|_| read) {
        marks.push((format!("read timeout {rt} s"), rt as u64 * 1000));
    }
    if let (Some(c), Some(n), true) = (t.connection_timeout_s, t.connection_attempts, connect) {
        marks.push((
            format!("{n} × {c} s connection budget"),
            (c * n) as u64 * 1000,
        ));
    }
    if let Some(ft) = t.function_timeout_s {
        marks.push((format!("function timeout {ft} s"), ft as u64 * 1000));
    }
    let max_ms = cause
        .distribution
        .iter()
        .map(|(v, _)| *v)
        .chain(marks.iter().map(|(_, v)| *v * 2))
        .max()
        .unwrap_or(1)
        .max(2);
    let log_max = (max_ms as f64).log2();
    let x_of = |ms: u64| LEFT + ((ms.max(1) as f64).log2() / log_max) * (W - LEFT - 10.0);
    let peak = cause
        .distribution
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(1)
        .max(1);
    let _ = writeln!(
        out,
        "<svg id=\"time-taken\" role=\"img\" viewBox=\"0 0 {W} {}\" width=\"{W}\" height=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        H + BOTTOM,
        H + BOTTOM
    );
    let _ = writeln!(
        out,
        "<title>time-taken of the failing requests (log scale)</title>"
    );
    let _ = writeln!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{H}\" x2=\"{W}\" y2=\"{H}\" stroke=\"#999\"/>"
    );
    let mut low = 0u64;
    for (high, n) in &cause.distribution {
        if *n > 0 {
            let x0 = x_of(low.max(1));
            let x1 = x_of(*high);
            let h = (*n as f64 / peak as f64) * (H - 20.0);
            let _ = writeln!(
                out,
                "<rect class=\"bucket\" x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"#1f77b4\"><title>{n} requests ≤ {}</title></rect>",
                H - h,
                (x1 - x0 - 1.0).max(1.0),
                seconds(*high)
            );
        }
        low = *high;
    }
    for (i, (label, ms)) in marks.iter().enumerate() {
        let x = x_of(*ms);
        // labels left of their line, one row each, so they never overlap
        let _ = writeln!(
            out,
            "<line class=\"timeout\" x1=\"{x:.1}\" y1=\"4\" x2=\"{x:.1}\" y2=\"{H}\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/><text class=\"timeout-label\" x=\"{:.1}\" y=\"{}\" text-anchor=\"end\" fill=\"#d62728\">{}</text>",
            x - 4.0,
            14 + 14 * i,
            escape(label)
        );
    }
    for tick in [1u64, 10, 100, 1000, 10_000, 100_000, 1_000_000] {
        if tick <= max_ms {
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                x_of(tick),
                H + 16.0,
                seconds(tick)
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

fn paths_svg(paths: &[(String, u64)]) -> String {
    let mut out = String::new();
    if paths.is_empty() {
        return "<p>No 5xx.</p>\n".into();
    }
    let shown: Vec<&(String, u64)> = paths.iter().take(10).collect();
    let peak = shown.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let row = 22.0;
    let height = row * shown.len() as f64 + 10.0;
    let label = 320.0;
    let _ = writeln!(
        out,
        "<svg id=\"failing-paths\" role=\"img\" viewBox=\"0 0 {W} {height}\" width=\"{W}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">"
    );
    for (i, (path, n)) in shown.iter().enumerate() {
        let y = i as f64 * row + 4.0;
        let w = (*n as f64 / peak as f64) * (W - label - 80.0);
        let shown_path: String = if path.chars().count() > 48 {
            path.chars().take(47).chain(std::iter::once('…')).collect()
        } else {
            path.clone()
        };
        let _ = writeln!(
            out,
            "<text x=\"{:.0}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect class=\"path-bar\" x=\"{label}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"#ff7f0e\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            label - 6.0,
            y + 14.0,
            escape(&shown_path),
            row - 6.0,
            label + w + 4.0,
            y + 14.0,
            thousands(*n)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_logs_cannot_open_markup() {
        assert_eq!(
            escape("/<script>\"x\"&'"),
            "/&lt;script&gt;&quot;x&quot;&amp;&#39;"
        );
    }
}
