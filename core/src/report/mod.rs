//! The HTML report of a flagging run: one self-contained file (inline CSS,
//! JavaScript and SVG; nothing fetched from the network) that a catalogue
//! reviewer opens in a browser.
//!
//! It holds a summary, a funnel plot of comment rate against sales with
//! binomial control limits around the global expected rate, a table of the
//! flagged products (already sorted by q-value, and re-sortable by clicking
//! a column header when JavaScript is on), and for each flagged product its
//! evidence comments with the matched terms highlighted.
//!
//! Comments are written by customers, so every piece of text that comes
//! from the data — comments, product ids, categories, lexicon terms — goes
//! through [`escape_html`], and none of it is ever placed inside the
//! `<script>` element.

use std::fmt::Write as _;

use crate::anomaly::{FlagReport, Verdict};
use crate::normalize::html::{self, Markup};
use crate::stats::product::Evidence;
use crate::tag::{Match, Polarity};

/// What the report shows. `ReportOptions::default()` gives the documented
/// defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The page title. Default `nazar: flagged products`.
    pub title: String,
    /// Most unflagged products drawn in the funnel plot; beyond it an even,
    /// deterministic sample is drawn (flagged products are always drawn).
    /// Keeps the file small and the browser fast for a million products.
    /// Default 5,000.
    pub max_points: usize,
    /// Most flagged products listed in the table and with evidence; the
    /// rest are counted. Default 500.
    pub max_products: usize,
    /// Most flagged products labelled with their id in the plot (the most
    /// significant ones); the others have the id as a tooltip. Default 40.
    pub max_labels: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: "nazar: flagged products".to_string(),
            max_points: 5_000,
            max_products: 500,
            max_labels: 40,
        }
    }
}

/// Escapes `s` for use in HTML text and in quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
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

/// `s` escaped for a comment, with each bidirectional embedding, override
/// or isolate control shown as its code point instead of applied: a raw
/// U+202E would turn the rest of the comment around on screen (a way to
/// hide what a comment says from a reviewer).
fn escape_comment(s: &str, out: &mut String) {
    let control = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let mut rest = 0;
    for (i, c) in s.char_indices().filter(|&(_, c)| control(c)) {
        out.push_str(&escape_html(&s[rest..i]));
        let _ = write!(
            out,
            "<span class=\"ctl\" title=\"a direction control, shown, not applied\">U+{:04X}</span>",
            u32::from(c)
        );
        rest = i + c.len_utf8();
    }
    out.push_str(&escape_html(&s[rest..]));
}

/// Comment text for an HTML page: escaped, with the comment's own markup
/// read as a browser would read it (and as the normalizer does): a tag that
/// breaks the line becomes `<br>`, an inline tag goes, an entity is its
/// character, escaped again. Anything else, an unknown tag such as
/// `<script>` included, is text.
fn comment_html(s: &str, out: &mut String) {
    let mut rest = 0;
    let mut i = 0;
    while let Some(at) = s[i..].find(['<', '&']).map(|k| i + k) {
        let Some((markup, len)) = html::markup_at(s, at) else {
            i = at + 1;
            continue;
        };
        escape_comment(&s[rest..at], out);
        match markup {
            Markup::Break => out.push_str("<br>"),
            Markup::Drop => {}
            Markup::Char(c) => escape_comment(c.encode_utf8(&mut [0; 4]), out),
        }
        i = at + len;
        rest = i;
    }
    escape_comment(&s[rest..], out);
}

/// `text`, escaped, with each match wrapped in `<mark class="neg">` or
/// `<mark class="pos">` (by the match's polarity after negation; the
/// category and term in its `title`); the comment's own markup is read
/// (as the report renders comments). Matches are taken by their byte
/// offsets into `text`; a match that overlaps an earlier one, or whose
/// offsets are out of range or not on character boundaries, is skipped
/// rather than trusted.
pub fn highlight(text: &str, matches: &[Match]) -> String {
    let mut spans: Vec<&Match> = matches.iter().filter(|m| m.lies_in(text)).collect();
    spans.sort_by_key(|m| (m.byte_start, std::cmp::Reverse(m.byte_end)));
    let mut out = String::with_capacity(text.len() + 64 * spans.len());
    let mut at = 0;
    for m in spans {
        if m.byte_start < at {
            continue;
        }
        comment_html(&text[at..m.byte_start], &mut out);
        let class = match m.polarity {
            Polarity::Negative => "neg",
            Polarity::Positive => "pos",
        };
        let contra = if m.contradiction && !m.negated {
            " contra"
        } else {
            ""
        };
        let negated = if m.negated { ", negated" } else { "" };
        let _ = write!(
            out,
            "<mark class=\"{class}{contra}\" title=\"{}: {}{negated}\">",
            escape_html(&m.category),
            escape_html(&m.term),
        );
        comment_html(&text[m.byte_start..m.byte_end], &mut out);
        out.push_str("</mark>");
        at = m.byte_end;
    }
    comment_html(&text[at..], &mut out);
    out
}

/// Formats a rate or probability for people: 3 significant digits,
/// exponent notation below 0.001.
fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        "–".to_string()
    } else if x == 0.0 {
        "0".to_string()
    } else if x.abs() < 1e-3 {
        format!("{x:.2e}")
    } else {
        let digits = (2 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
        format!("{x:.digits$}")
    }
}

/// The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least
/// `raw`: axis ticks people can read.
fn nice_step(raw: f64) -> f64 {
    if !(raw > 0.0 && raw.is_finite()) {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// A number for a `data-` sort attribute: NaN (untested) sorts last.
fn sort_key(x: f64) -> String {
    if x.is_nan() {
        "Infinity".to_string()
    } else {
        format!("{x:e}")
    }
}

const STYLE: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Tahoma,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:.3em .5em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th[data-sort]{cursor:pointer;user-select:none}th[data-sort]:after{content:" \21C5";color:#aaa}
td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:12px;word-break:break-all}
code,bdi,mark{unicode-bidi:isolate}
mark.neg{background:#ffd0d0}mark.pos{background:#cdf2cd}mark.contra{outline:2px solid #c00}
.comment{margin:.4em 0;padding:.4em .8em;border-left:3px solid #ccc;background:#fafafa;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{color:#666;font-size:12px}
.ctl{font-size:10px;color:#a00;border:1px solid #a00;border-radius:2px;padding:0 2px;unicode-bidi:isolate}
.summary td{border:none;padding:.1em .8em .1em 0}
.summary tr.warning td{color:#8a4b00;font-weight:600}
svg text{font:11px system-ui,sans-serif}
.legend span{display:inline-block;margin-right:1.2em}
"#;

// Sorts the table by the clicked column's data-v values: as text in a
// column marked data-sort="text" (product ids such as `1e5f…` are no
// numbers), as numbers otherwise. Reads only attributes the report wrote.
const SCRIPT: &str = r#"
document.querySelectorAll('table.sortable').forEach(function(t){
  t.querySelectorAll('th[data-sort]').forEach(function(th,_){
    th.addEventListener('click',function(){
      var i=Array.prototype.indexOf.call(th.parentNode.children,th);
      var asc=th.getAttribute('data-dir')!=='asc',text=th.getAttribute('data-sort')==='text';
      th.setAttribute('data-dir',asc?'asc':'desc');
      var body=t.tBodies[0];
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i].getAttribute('data-v'),y=b.cells[i].getAttribute('data-v');
        var c;
        if(!text){x=Number(x);y=Number(y)}
        c=x<y?-1:x>y?1:0;
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r)});
    });
  });
});
"#;

/// Renders the whole report as one HTML document.
pub fn render_html(report: &FlagReport, options: &ReportOptions) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let title = escape_html(&options.title);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n"
    );
    summary_section(&mut h, report);
    h.push_str("<h2>Comment rate against sales</h2>\n");
    h.push_str(&funnel_svg(report, options));
    table_section(&mut h, report, options);
    evidence_section(&mut h, report, options);
    let _ = write!(h, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    h
}

fn summary_section(h: &mut String, report: &FlagReport) {
    let s = &report.summary;
    let b = &report.baseline;
    // Without a sales file the comment rate is not tested: its rows would
    // be zeros and a baseline fitted on nothing.
    let with_sales = s.sales_rows > 0;
    let comment_rate = if with_sales {
        format!(
            "{} ({} groups with their own prior, {} small groups: {} on a prior borrowed from \
             their category and period, the rest on the global one)",
            fmt_num(b.comment_rate.global.prior.mean()),
            b.comment_rate.groups.len(),
            b.comment_rate.small_groups,
            b.comment_rate.borrowed.len()
        )
    } else {
        "not tested (no sales file)".to_string()
    };
    // With sales periods the counts below are of product-periods, as the
    // command line says.
    let keys = s.keys_noun(2);
    let products = if s.keys == s.products {
        s.products.to_string()
    } else {
        format!("{} ({} {keys})", s.products, s.keys)
    };
    let about_sales = [
        (format!("{keys} with sales"), s.with_sales.to_string()),
        ("sales rows".to_string(), s.sales_rows.to_string()),
        (
            "comments without a sales row".to_string(),
            format!(
                "{} (on {} {keys})",
                s.comments_without_sales_row, s.keys_without_sales_row
            ),
        ),
        (
            format!("{keys} with sales but no comment"),
            s.keys_without_comments.to_string(),
        ),
        (
            format!("{keys} with zero sales"),
            format!(
                "{} ({} comments)",
                s.keys_with_zero_sales, s.comments_on_zero_sales
            ),
        ),
        (
            format!("{keys} with more comments than sales"),
            s.keys_comments_exceed_sales.to_string(),
        ),
    ];
    let notes = [
        (
            s.comments_period_guessed > 0,
            "comments placed in a guessed period",
            format!(
                "{} (in their product's earliest period, for lack of a usable created_at)",
                s.comments_period_guessed
            ),
        ),
        (
            s.rows_utf8_replaced > 0,
            "comment rows with invalid UTF-8",
            format!("{} (replaced with U+FFFD)", s.rows_utf8_replaced),
        ),
    ];
    let rows = [
        ("comments read".to_string(), s.comments.to_string()),
        ("products".to_string(), products),
    ]
    .into_iter()
    .chain(about_sales.into_iter().filter(|_| with_sales))
    .chain(
        notes
            .into_iter()
            .filter(|n| n.0)
            .map(|(_, k, v)| (k.to_string(), v)),
    )
    .chain([
        (
            "flagged".to_string(),
            format!(
                "{} ({} high comment rate, {} contradiction) at FDR {}",
                s.flagged, s.flagged_high_comment_rate, s.flagged_contradiction, report.config.fdr
            ),
        ),
        ("global expected comment rate".to_string(), comment_rate),
        (
            "global expected contradiction rate".to_string(),
            format!(
                "{} ({} groups with their own prior)",
                fmt_num(b.contradiction_rate.global.prior.mean()),
                b.contradiction_rate.groups.len()
            ),
        ),
    ]);
    h.push_str("<table class=\"summary\">\n");
    for (k, v) in rows {
        let _ = writeln!(h, "<tr><td>{k}</td><td>{}</td></tr>", escape_html(&v));
    }
    for w in report.warnings() {
        let _ = writeln!(
            h,
            "<tr class=\"warning\"><td>warning</td><td>{}</td></tr>",
            escape_html(&w)
        );
    }
    h.push_str("</table>\n");
}

/// The funnel plot as an inline `<svg>` element.
pub fn funnel_svg(report: &FlagReport, options: &ReportOptions) -> String {
    const W: f64 = 900.0;
    const H: f64 = 460.0;
    const LEFT: f64 = 60.0;
    const RIGHT: f64 = 20.0;
    const TOP: f64 = 20.0;
    const BOTTOM: f64 = 45.0;
    let tested: Vec<&Verdict> = report
        .verdicts
        .iter()
        .filter(|v| v.comment_rate.is_some())
        .collect();
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"100%\" \
         role=\"img\" aria-label=\"Funnel plot of comment rate against sales\">"
    );
    if tested.is_empty() {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">No product has sales: \
             the comment rate was not tested.</text>\n</svg>\n",
            W / 2.0,
            H / 2.0
        );
        return svg;
    }
    let p0 = report.baseline.comment_rate.global.prior.mean();
    let rate = |v: &Verdict| v.comment_rate.as_ref().map_or(0.0, |t| t.observed);
    let sales = |v: &Verdict| v.stats.sales.max(1) as f64;
    let (min_n, max_n) = tested.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), v| {
        (lo.min(sales(v)), hi.max(sales(v)))
    });
    let (x0, mut x1) = (min_n.log10().floor(), max_n.log10().ceil());
    if x1 <= x0 {
        x1 = x0 + 1.0;
    }
    let max_rate = tested.iter().map(|v| rate(v)).fold(3.0 * p0, f64::max);
    let y1 = max_rate.min(1.0) * 1.05;
    let px = |n: f64| LEFT + (n.log10() - x0) / (x1 - x0) * (W - LEFT - RIGHT);
    let py = |r: f64| TOP + (1.0 - r.min(y1) / y1) * (H - TOP - BOTTOM);
    // Axes and ticks.
    let (bottom, right) = (H - BOTTOM, W - RIGHT);
    let _ = writeln!(
        svg,
        "<rect x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#999\"/>",
        right - LEFT,
        bottom - TOP
    );
    let mut e = x0 as i32;
    while f64::from(e) <= x1 {
        let n = 10f64.powi(e);
        let x = px(n);
        let label = if e >= 0 {
            format!("{n}")
        } else {
            format!("{n:e}")
        };
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"{bottom}\" x2=\"{x:.1}\" y2=\"{TOP}\" stroke=\"#eee\"/>\
             <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{label}</text>",
            bottom + 15.0
        );
        e += 1;
    }
    let step = nice_step(y1 / 5.0);
    let ticks = (y1 / step + 1e-9).floor() as i32;
    for i in 0..=ticks {
        let r = step * f64::from(i);
        let y = py(r);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"#eee\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            LEFT - 5.0,
            y + 4.0,
            fmt_num(r)
        );
    }
    let _ = writeln!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">sales (log scale)</text>\
         <text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\">comments per sale</text>",
        (LEFT + right) / 2.0,
        H - 8.0,
        (TOP + bottom) / 2.0
    );
    // Control limits: p0 ± z sqrt(p0 (1 - p0) / n), the usual normal
    // approximation for funnel plots; the flags themselves come from the
    // exact tests, against each product's own group.
    let limits = [
        (1.959_964, "#e8a33d", "95 %"),
        (3.090_232, "#c0392b", "99.8 %"),
    ];
    for (z, colour, _) in limits {
        for sign in [1.0, -1.0] {
            let mut pts = String::new();
            for i in 0..=120 {
                let n = 10f64.powf(x0 + (x1 - x0) * f64::from(i) / 120.0);
                let r = (p0 + sign * z * (p0 * (1.0 - p0) / n).sqrt()).clamp(0.0, y1);
                let _ = write!(pts, "{:.1},{:.1} ", px(n), py(r));
            }
            let _ = writeln!(
                svg,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-dasharray=\"5 3\"/>",
                pts.trim_end()
            );
        }
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"#555\"/>",
        y = py(p0)
    );
    // Points: unflagged first (sampled), flagged on top.
    let unflagged: Vec<&&Verdict> = tested.iter().filter(|v| !v.flags.any()).collect();
    let stride = unflagged.len().div_ceil(options.max_points.max(1)).max(1);
    for v in unflagged.iter().step_by(stride) {
        let _ = writeln!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.2\" fill=\"#4a6fa5\" fill-opacity=\"0.35\"/>",
            px(sales(v)),
            py(rate(v))
        );
    }
    let flagged: Vec<&&Verdict> = tested.iter().filter(|v| v.flags.any()).collect();
    for (i, v) in flagged.iter().enumerate().rev() {
        let (x, y) = (px(sales(v)), py(rate(v)));
        let colour = if v.flags.high_comment_rate {
            "#c0392b"
        } else {
            "#e67e22"
        };
        let id = escape_html(v.product_id().as_str());
        let _ = writeln!(
            svg,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\" fill=\"{colour}\" stroke=\"#fff\">\
             <title>{id}: {} comments on {} sales ({})</title></circle>",
            v.stats.comments,
            v.stats.sales,
            escape_html(&v.flags.to_string())
        );
        if i < options.max_labels {
            let short: String = v.product_id().as_str().chars().take(12).collect();
            let ellipsis = if short.len() < v.product_id().as_str().len() {
                "…"
            } else {
                ""
            };
            let _ = writeln!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"{colour}\">{}{ellipsis}</text>",
                x + 6.0,
                y - 4.0,
                escape_html(&short)
            );
        }
    }
    svg.push_str("</svg>\n");
    let sampled = if stride > 1 {
        format!(
            " Unflagged products are sampled: one in {stride} of {} is drawn.",
            unflagged.len()
        )
    } else {
        String::new()
    };
    let _ = write!(
        svg,
        "<p class=\"legend\"><span style=\"color:#c0392b\">● high comment rate</span>\
         <span style=\"color:#e67e22\">● contradiction only</span>\
         <span style=\"color:#4a6fa5\">● not flagged</span>\
         <span>— global expected rate {}</span>\
         <span style=\"color:#e8a33d\">- - 95 % limits</span>\
         <span style=\"color:#c0392b\">- - 99.8 % limits</span></p>\n\
         <p class=\"meta\">Limits are binomial (normal approximation) around the global \
         expected rate; each product is tested exactly against its own category and period, \
         so a flagged point can sit inside the limits and an unflagged one outside.{sampled}</p>\n",
        fmt_num(p0)
    );
    svg
}

fn table_section(h: &mut String, report: &FlagReport, options: &ReportOptions) {
    let total = report.summary.flagged;
    let _ = writeln!(h, "<h2>Flagged products ({total})</h2>");
    if total == 0 {
        h.push_str("<p>No product is flagged at this false-discovery rate.</p>\n");
        return;
    }
    h.push_str(
        "<table class=\"sortable\">\n<thead><tr><th data-sort>#</th>\
         <th data-sort=\"text\">product</th><th data-sort=\"text\">category</th>\
         <th data-sort>sales</th><th data-sort>comments</th>\
         <th data-sort>comment rate</th><th data-sort>expected</th><th data-sort>comment q</th>\
         <th data-sort>contradictions</th><th data-sort>contradiction rate</th>\
         <th data-sort>contradiction q</th><th data-sort=\"text\">flags</th>\
         <th data-sort=\"text\">direction</th><th data-sort>mean rating</th>\
         </tr></thead>\n<tbody>\n",
    );
    for (i, v) in report.flagged().take(options.max_products).enumerate() {
        let c = v.comment_rate.as_ref();
        let k = v.contradiction_rate.as_ref();
        let num = |x: Option<f64>| {
            let x = x.unwrap_or(f64::NAN);
            format!(
                "<td class=\"n\" data-v=\"{}\">{}</td>",
                sort_key(x),
                fmt_num(x)
            )
        };
        let count = |x: Option<u64>| match x {
            Some(x) => format!("<td class=\"n\" data-v=\"{x}\">{x}</td>"),
            None => "<td class=\"n\" data-v=\"Infinity\">–</td>".to_string(),
        };
        let text = |s: &str| {
            let s = escape_html(s);
            format!("<td data-v=\"{s}\">{s}</td>")
        };
        let id = escape_html(v.product_id().as_str());
        let period = period_note(v);
        let _ = writeln!(
            h,
            "<tr><td class=\"n\" data-v=\"{}\">{}</td>\
             <td data-v=\"{id}\"><a href=\"#p{i}\"><code>{id}</code></a>{period}</td>{}{}{}{}{}{}{}{}{}{}{}{}</tr>",
            i + 1,
            i + 1,
            text(v.category().map_or("", |c| c.as_str())),
            count((v.stats.sales_rows > 0).then_some(v.stats.sales)),
            count(Some(v.stats.comments)),
            num(c.map(|t| t.observed)),
            num(c.map(|t| t.expected)),
            num(c.map(|t| t.q)),
            count(Some(v.stats.contradiction_comments)),
            num(k.map(|t| t.observed)),
            num(k.map(|t| t.q)),
            text(&v.flags.to_string()),
            text(v.direction.map_or("", |d| d.as_str())),
            num(v.stats.ratings.mean()),
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if total > options.max_products {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} more flagged products are in the CSV output only.</p>",
            total - options.max_products
        );
    }
}

/// The verdict's sales period after its product id, if it has one: a
/// product sold in two periods has a verdict in each.
fn period_note(v: &Verdict) -> String {
    v.key
        .period
        .as_ref()
        .map(|p| format!(" <span class=\"meta\">{}</span>", escape_html(p.as_str())))
        .unwrap_or_default()
}

fn evidence_section(h: &mut String, report: &FlagReport, options: &ReportOptions) {
    if report.summary.flagged == 0 {
        return;
    }
    h.push_str("<h2>Evidence</h2>\n");
    for (i, v) in report.flagged().take(options.max_products).enumerate() {
        let _ = writeln!(
            h,
            "<h3 id=\"p{i}\"><code>{}</code>{} — {}{}</h3>",
            escape_html(v.product_id().as_str()),
            period_note(v),
            escape_html(&v.flags.to_string()),
            v.direction
                .map(|d| format!(", {}", d.as_str()))
                .unwrap_or_default()
        );
        let evidence = v.evidence();
        if evidence.is_empty() {
            let ids: Vec<String> = v
                .evidence_ids()
                .iter()
                .map(|c| escape_html(c.as_str()))
                .collect();
            let _ = writeln!(
                h,
                "<p class=\"meta\">No comment of this product matched the lexicon; \
                 its comments: {}</p>",
                ids.join(", ")
            );
            continue;
        }
        let shown = |kind: &str, kept: usize, of: u64| {
            (of > kept as u64).then(|| format!("{kept} of its {of} {kind} comments"))
        };
        let s = &v.stats;
        let labelled = s.labels.positive + s.labels.negative + s.labels.mixed;
        let notes: Vec<String> = [
            v.flags.contradiction.then(|| {
                shown(
                    "contradiction",
                    s.contradiction_evidence.len(),
                    s.contradiction_comments,
                )
            }),
            v.flags.high_comment_rate.then(|| {
                shown(
                    "positive, negative or mixed",
                    s.labelled_evidence.len(),
                    labelled,
                )
            }),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .collect();
        if !notes.is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"meta\">Showing {} (the first by id, compared as text); the others \
                 are in the comments file.</p>",
                notes.join(" and ")
            );
        }
        for e in evidence {
            comment_block(h, e);
        }
    }
}

fn comment_block(h: &mut String, e: &Evidence) {
    let rating = e.rating.map(|r| format!(", {r}★")).unwrap_or_default();
    let terms: Vec<&str> = e.terms().collect();
    let terms = if terms.is_empty() {
        String::new()
    } else {
        // Each term in its own <bdi>: a term as written may carry a
        // right-to-left override, which must not reorder the line around it.
        let terms: Vec<String> = terms
            .iter()
            .map(|t| format!("<bdi>{}</bdi>", escape_html(t)))
            .collect();
        format!(", terms: {}", terms.join(", "))
    };
    let _ = writeln!(
        h,
        "<div class=\"meta\">comment <code>{}</code>: {}{rating}{terms}</div>",
        escape_html(e.comment_id.as_str()),
        e.label.as_str(),
    );
    if e.text.is_empty() {
        h.push_str("<div class=\"comment meta\">(text not kept)</div>\n");
        return;
    }
    if e.truncated() {
        let _ = writeln!(
            h,
            "<div class=\"meta\">excerpts of a {}-character comment, around its matches</div>",
            e.original_chars
        );
    }
    let _ = writeln!(
        h,
        "<div class=\"comment\" dir=\"auto\">{}</div>",
        highlight(&e.text, &e.matches)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn m(start: usize, end: usize, polarity: Polarity) -> Match {
        Match {
            category: Arc::from("authenticity"),
            aspect: Arc::from("authenticity"),
            polarity,
            contradiction: false,
            negated: false,
            term: Arc::from("<fake>"),
            start,
            end,
            byte_start: start,
            byte_end: end,
        }
    }

    #[test]
    fn escape_table() {
        let table = [
            ("plain", "plain"),
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "\"><img src=x onerror=alert(1)>",
                "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
            ),
            ("a & b's", "a &amp; b&#39;s"),
            ("تقلبی", "تقلبی"),
        ];
        for (raw, want) in table {
            assert_eq!(escape_html(raw), want);
        }
    }

    #[test]
    fn direction_controls_in_a_comment_are_shown_not_applied() {
        let text = "good \u{202E}ekaf\u{202C} &#8238;x";
        let got = highlight(text, &[m(0, 4, Polarity::Positive)]);
        assert!(
            !got.contains('\u{202E}') && !got.contains('\u{202C}'),
            "{got}"
        );
        assert_eq!(got.matches("<span class=\"ctl\"").count(), 3, "{got}");
        assert!(got.contains(">U+202E</span>ekaf<span") && got.contains(">U+202C</span>"));
    }

    #[test]
    fn highlight_wraps_spans_and_escapes_the_rest() {
        let text = "<x>fake</x> & good";
        let got = highlight(
            text,
            &[m(3, 7, Polarity::Negative), m(14, 18, Polarity::Positive)],
        );
        assert_eq!(
            got,
            "&lt;x&gt;<mark class=\"neg\" title=\"authenticity: &lt;fake&gt;\">fake</mark>\
             &lt;/x&gt; &amp; <mark class=\"pos\" title=\"authenticity: &lt;fake&gt;\">good</mark>"
        );
    }

    #[test]
    fn the_comments_own_markup_is_read_as_a_browser_would() {
        let text = "Not what I ordered.<br /><br />It&#39;s <b>fake</b> &lt;3 <script>x</script>";
        let start = text.find("fake").expect("fake");
        let got = highlight(text, &[m(start, start + 4, Polarity::Negative)]);
        assert_eq!(
            got,
            "Not what I ordered.<br><br>It&#39;s <mark class=\"neg\" \
             title=\"authenticity: &lt;fake&gt;\">fake</mark> &lt;3 &lt;script&gt;x&lt;/script&gt;"
        );
    }

    #[test]
    fn highlight_skips_bad_and_overlapping_spans() {
        let text = "غیر اصل";
        // (matches, number of marks)
        let table: &[(&[Match], usize)] = &[
            (&[], 0),
            (&[m(0, text.len(), Polarity::Negative)], 1),
            // Inside a two-byte letter.
            (&[m(1, 4, Polarity::Negative)], 0),
            // Beyond the text.
            (&[m(0, 99, Polarity::Negative)], 0),
            // Empty.
            (&[m(2, 2, Polarity::Negative)], 0),
            // Overlapping: the longer one that starts first wins.
            (
                &[m(2, 6, Polarity::Negative), m(0, 6, Polarity::Negative)],
                1,
            ),
        ];
        for (matches, marks) in table {
            let got = highlight(text, matches);
            assert_eq!(got.matches("<mark").count(), *marks, "{got}");
            let plain = got
                .replace("</mark>", "")
                .split("<mark")
                .map(|s| s.split_once('>').map_or(s, |(_, rest)| rest))
                .collect::<String>();
            assert_eq!(plain, text, "the text survives whole");
        }
    }

    #[test]
    fn bidi_overrides_in_comment_data_stay_inside_their_element() {
        use crate::stats::product::{CommentRecord, Evidence, EvidenceText};
        use crate::{CommentTags, Label, Lang};
        let text = "\u{202E}fake\u{202C} item";
        let comment = CommentRecord {
            comment_id: "\u{202E}c1".into(),
            product_id: "p".into(),
            text: text.into(),
            rating: Some(1),
            created_at: None,
            lang: None,
        };
        let mut fake = m(0, text.find(' ').unwrap_or(0), Polarity::Negative);
        fake.term = Arc::from("\u{202E}fake\u{202C}");
        let tags = CommentTags {
            lang: Lang::En,
            label: Label::Negative,
            score: -1.0,
            matches: vec![fake],
        };
        let mut h = String::new();
        comment_block(&mut h, &Evidence::new(&comment, &tags, EvidenceText::Keep));
        // The id is in a <code>, the term in a <bdi>, the match in a <mark>:
        // all isolated by the style sheet, the comment in its own block.
        assert!(h.contains("<code>\u{202E}c1</code>"), "{h}");
        assert!(h.contains("terms: <bdi>\u{202E}fake\u{202C}</bdi>"), "{h}");
        assert!(h.contains("<mark class=\"neg\""), "{h}");
        assert!(STYLE.contains("code,bdi,mark{unicode-bidi:isolate}"));
    }

    #[test]
    fn axis_steps_are_round() {
        let table = [
            (0.21, 0.25),
            (0.105, 0.2),
            (0.01, 0.01),
            (0.011, 0.02),
            (0.3, 0.5),
            (0.6, 1.0),
            (0.0, 1.0),
        ];
        for (raw, want) in table {
            assert!(
                (nice_step(raw) - want).abs() < 1e-12,
                "{raw}: {}",
                nice_step(raw)
            );
        }
    }

    #[test]
    fn numbers_for_people() {
        let table = [
            (0.05, "0.0500"),
            (0.5, "0.500"),
            (6.37e-5, "6.37e-5"),
            (12.0, "12.0"),
            (0.0, "0"),
            (f64::NAN, "–"),
        ];
        for (x, want) in table {
            assert_eq!(fmt_num(x), want, "{x}");
        }
    }
}
