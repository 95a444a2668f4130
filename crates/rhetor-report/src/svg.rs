//! Hand-written SVG charts for `report.html`: grouped bars, lines and barcode strips. Each has a
//! title, axis labels, and a text alternative (`<title>`, `<desc>`, `role="img"`, `aria-label`).
//! Output is deterministic text (coordinates to one decimal), so charts can be snapshot-tested.
//!
//! Architecture Invariant: every piece of text from the results goes through [`esc`].

use std::fmt::Write as _;

/// Escape text for HTML and SVG content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
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

/// Series colours (colour-blind-safe, Okabe–Ito).
const PALETTE: [&str; 8] = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];

pub fn colour(k: usize) -> &'static str {
    PALETTE[k % PALETTE.len()]
}

const WIDTH: f64 = 720.0;

fn open(out: &mut String, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" \
         height=\"{height:.0}\" role=\"img\" aria-label=\"{}\"><title>{}</title><desc>{}</desc>\
         <text x=\"8\" y=\"16\" class=\"chart-title\">{}</text>",
        esc(title),
        esc(title),
        esc(desc),
        esc(title)
    );
}

/// The legend's entries, wrapped to the chart's width: `(x, row)` for each name.
fn legend_layout(names: &[&str]) -> (Vec<(f64, usize)>, usize) {
    let (mut x, mut row) = (8.0, 0);
    let mut places = Vec::new();
    for name in names {
        let w = 24.0 + 6.5 * name.chars().count().min(40) as f64;
        if x + w > WIDTH - 8.0 && x > 8.0 {
            (x, row) = (8.0, row + 1);
        }
        places.push((x, row));
        x += w;
    }
    (places, if names.is_empty() { 0 } else { row + 1 })
}

/// Draw the legend from `y` down; returns the height it takes.
fn legend(out: &mut String, names: &[&str], y: f64) -> f64 {
    let (places, rows) = legend_layout(names);
    for (k, (name, (x, row))) in names.iter().zip(places).enumerate() {
        let y = y + 14.0 * row as f64;
        let _ = write!(
            out,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"legend\">{}</text>",
            y - 9.0,
            colour(k),
            x + 14.0,
            y,
            esc(name)
        );
    }
    14.0 * rows as f64
}

/// A "nice" upper bound for an axis.
fn nice_max(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let step = 10f64.powf(max.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if max <= m * step {
            return m * step;
        }
    }
    10.0 * step
}

/// Horizontal grouped bars: one row per category, one bar per series. Values may be missing.
pub fn bars(title: &str, unit: &str, categories: &[String], series: &[(String, Vec<Option<f64>>)]) -> String {
    let bar = 9.0;
    let row = bar * series.len().max(1) as f64 + 8.0;
    let names: Vec<&str> = series.iter().map(|s| s.0.as_str()).collect();
    let (left, top) = (200.0, 30.0 + 14.0 * legend_layout(&names).1 as f64);
    let height = top + row * categories.len() as f64 + 34.0;
    let lo = series.iter().flat_map(|s| s.1.iter().flatten()).fold(0.0f64, |a, &b| a.min(b));
    let hi = nice_max(series.iter().flat_map(|s| s.1.iter().flatten()).fold(0.0f64, |a, &b| a.max(b)));
    let lo = -nice_max(-lo).min(hi * 10.0) * f64::from(u8::from(lo < 0.0));
    let span = (hi - lo).max(f64::MIN_POSITIVE);
    let plot = WIDTH - left - 20.0;
    let x = |v: f64| left + (v - lo) / span * plot;
    let desc = format!(
        "Bar chart of {} categories ({unit}) for {}.",
        categories.len(),
        if names.is_empty() { "no series".into() } else { names.join(", ") }
    );
    let mut out = String::new();
    open(&mut out, height, title, &desc);
    legend(&mut out, &names, 34.0);
    for (r, cat) in categories.iter().enumerate() {
        let y0 = top + row * r as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y0 + row / 2.0,
            esc(cat)
        );
        for (k, (name, values)) in series.iter().enumerate() {
            let Some(v) = values.get(r).copied().flatten() else { continue };
            let (a, b) = (x(0.0f64.max(lo)).min(x(v)), x(0.0f64.max(lo)).max(x(v)));
            let _ = write!(
                out,
                "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"><title>{}: {} = {v:.3}</title></rect>",
                y0 + 4.0 + bar * k as f64,
                (b - a).max(0.5),
                bar - 1.0,
                colour(k),
                esc(name),
                esc(cat)
            );
        }
    }
    axis(&mut out, left, top + row * categories.len() as f64, plot, lo, hi, unit);
    out.push_str("</svg>");
    out
}

/// The x axis: a line, five ticks and the label.
fn axis(out: &mut String, left: f64, y: f64, plot: f64, lo: f64, hi: f64, label: &str) {
    let _ =
        write!(out, "<line x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"axis\"/>", left + plot);
    for k in 0..=4 {
        let v = lo + (hi - lo) * f64::from(k) / 4.0;
        let tx = left + plot * f64::from(k) / 4.0;
        let _ = write!(
            out,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{}</text>",
            y + 13.0,
            short(v)
        );
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis-label\" text-anchor=\"middle\">{}</text>",
        left + plot / 2.0,
        y + 28.0,
        esc(label)
    );
}

fn short(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e6 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Lines over x: one per series; a bold series is drawn thicker (the corpus).
pub fn lines(title: &str, x_label: &str, y_label: &str, series: &[(String, Vec<[f64; 2]>, bool)]) -> String {
    let names: Vec<&str> = series.iter().map(|s| s.0.as_str()).collect();
    let top = 36.0 + 14.0 * legend_layout(&names).1 as f64;
    let (left, plot_w, plot_h) = (60.0, WIDTH - 80.0, 200.0);
    let height = top + plot_h + 40.0;
    let points = series.iter().flat_map(|s| s.1.iter()).filter(|p| p[0].is_finite() && p[1].is_finite());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, 0.0f64, f64::MIN);
    for p in points {
        (x0, x1, y0, y1) = (x0.min(p[0]), x1.max(p[0]), y0.min(p[1]), y1.max(p[1]));
    }
    if x0 > x1 {
        (x0, x1, y1) = (0.0, 1.0, 1.0);
    }
    let y1 = nice_max(y1);
    let y0 = if y0 < 0.0 { -nice_max(-y0) } else { 0.0 };
    let sx = |x: f64| left + if x1 > x0 { (x - x0) / (x1 - x0) * plot_w } else { plot_w / 2.0 };
    let sy = |y: f64| top + plot_h - (y - y0) / (y1 - y0).max(f64::MIN_POSITIVE) * plot_h;
    let desc = format!("Line chart of {y_label} against {x_label} for {}.", names.join(", "));
    let mut out = String::new();
    open(&mut out, height, title, &desc);
    legend(&mut out, &names, 34.0);
    let _ = write!(
        out,
        "<line x1=\"{left:.1}\" y1=\"{:.1}\" x2=\"{left:.1}\" y2=\"{:.1}\" class=\"axis\"/>",
        top,
        top + plot_h
    );
    for k in 0..=4 {
        let v = y0 + (y1 - y0) * f64::from(k) / 4.0;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 4.0,
            sy(v) + 4.0,
            short(v)
        );
    }
    if y0 < 0.0 {
        let _ = write!(
            out,
            "<line x1=\"{left:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" class=\"zero\"/>",
            sy(0.0),
            left + plot_w,
            sy(0.0)
        );
    }
    let _ = write!(
        out,
        "<text x=\"14\" y=\"{:.1}\" class=\"axis-label\" transform=\"rotate(-90 14 {:.1})\" text-anchor=\"middle\">{}</text>",
        top + plot_h / 2.0,
        top + plot_h / 2.0,
        esc(y_label)
    );
    for (k, (name, pts, bold)) in series.iter().enumerate() {
        let path: Vec<String> =
            pts.iter().filter(|p| p[1].is_finite()).map(|p| format!("{:.1},{:.1}", sx(p[0]), sy(p[1]))).collect();
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"><title>{}</title></polyline>",
            path.join(" "),
            colour(k),
            if *bold { 3 } else { 1 },
            esc(name)
        );
    }
    axis(&mut out, left, top + plot_h, plot_w, x0, x1, x_label);
    out.push_str("</svg>");
    out
}

/// Barcode strips: one strip per row, a tick at each x (0..=1 of the strip's width).
pub fn strips(title: &str, x_label: &str, rows: &[(String, Vec<f64>)]) -> String {
    let (left, top, strip) = (200.0, 30.0, 14.0);
    let plot = WIDTH - left - 20.0;
    let height = top + strip * rows.len() as f64 + 34.0;
    let desc = format!("Barcode strips of {} rows: each tick is one occurrence at its {x_label}.", rows.len());
    let mut out = String::new();
    open(&mut out, height, title, &desc);
    for (r, (name, xs)) in rows.iter().enumerate() {
        let y = top + strip * r as f64;
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + 10.0,
            esc(name)
        );
        let _ = write!(
            out,
            "<rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{plot:.1}\" height=\"{:.1}\" class=\"strip\"/>",
            y + 1.0,
            strip - 2.0
        );
        let mut d = String::new();
        for &x in xs.iter().filter(|x| x.is_finite()) {
            let tx = left + x.clamp(0.0, 1.0) * plot;
            let _ = write!(d, "M{tx:.1} {:.1}v{:.1}", y + 1.0, strip - 2.0);
        }
        let _ = write!(out, "<path d=\"{d}\" stroke=\"{}\" stroke-width=\"1\"/>", colour(0));
    }
    axis(&mut out, left, top + strip * rows.len() as f64, plot, 0.0, 1.0, x_label);
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        let evil = "</svg><script>alert(1)</script>\"'&";
        let svg = bars(evil, evil, &[evil.to_string()], &[(evil.to_string(), vec![Some(1.0)])]);
        assert!(!svg.contains("<script>") && !svg.contains("</svg><"), "{svg}");
        assert_eq!(svg.matches("</svg>").count(), 1);
        let svg = lines(evil, evil, evil, &[(evil.to_string(), vec![[1.0, 2.0], [2.0, -1.0]], true)]);
        assert!(!svg.contains("<script>") && svg.matches("</svg>").count() == 1);
        let svg = strips(evil, evil, &[(evil.to_string(), vec![0.5])]);
        assert!(!svg.contains("<script>") && svg.matches("</svg>").count() == 1);
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let svg =
            bars("t", "per 1,000 words", &["a".into(), "b".into()], &[("doc".into(), vec![Some(5.0), Some(10.0)])]);
        // Axis 0..10 over 500 px from x = 200: 5 is 250 px wide, 10 is 500 px.
        assert!(svg.contains("width=\"250.0\"") && svg.contains("width=\"500.0\""), "{svg}");
        assert!(
            svg.contains("role=\"img\"")
                && svg.contains("<desc>Bar chart of 2 categories (per 1,000 words) for doc.</desc>")
        );
    }
}
