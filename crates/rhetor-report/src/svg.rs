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

/// Ticks from `lo` to `hi` at a round step (1, 2 or 5 times a power of ten, about four steps to the
/// range), each with its label written to the step's precision: a segment axis from 1 to 10 reads
/// 2, 4, 6, 8, 10, not 1, 3.25, 5.50. A range of nothing has the one tick `lo`.
fn round_ticks(lo: f64, hi: f64) -> Vec<(f64, String)> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return vec![(lo, short(lo))];
    }
    let raw = (hi - lo) / 4.0;
    let power = raw.log10().floor();
    let magnitude = 10f64.powf(power);
    let step = magnitude * [1.0, 2.0, 5.0, 10.0].into_iter().find(|&f| raw / magnitude < f * 1.5).unwrap_or(10.0);
    let decimals = usize::try_from(-(step.log10().floor() as i64)).unwrap_or(0);
    let (first, last) = ((lo / step - 1e-9).ceil() as i64, (hi / step + 1e-9).floor() as i64);
    (first..=last).map(|k| k as f64 * step).map(|v| (v, format!("{:.*}", decimals, v + 0.0))).collect()
}

/// The x axis: a line, ticks at a round step ([`round_ticks`]) and the label.
fn axis(out: &mut String, left: f64, y: f64, plot: f64, lo: f64, hi: f64, label: &str) {
    let _ =
        write!(out, "<line x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"axis\"/>", left + plot);
    for (v, name) in round_ticks(lo, hi) {
        let tx = left + plot * (v - lo) / (hi - lo).max(f64::MIN_POSITIVE);
        let _ = write!(
            out,
            "<text x=\"{tx:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"middle\">{name}</text>",
            y + 13.0,
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

/// The y axis of a plot at `(left, top, width, height)` from `y0` to `y1`: a line, ticks at a round
/// step ([`round_ticks`]), a dashed zero line when the range crosses zero, and the label.
fn y_axis(out: &mut String, (left, top, plot_w, plot_h): (f64, f64, f64, f64), (y0, y1): (f64, f64), label: &str) {
    let sy = |y: f64| top + plot_h - (y - y0) / (y1 - y0).max(f64::MIN_POSITIVE) * plot_h;
    let _ = write!(
        out,
        "<line x1=\"{left:.1}\" y1=\"{top:.1}\" x2=\"{left:.1}\" y2=\"{:.1}\" class=\"axis\"/>",
        top + plot_h
    );
    for (v, name) in round_ticks(y0, y1) {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"end\">{name}</text>",
            left - 4.0,
            sy(v) + 4.0,
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
    y_axis(&mut out, (left, top, plot_w, plot_h), (y0, y1), y_label);
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

/// A value over time: one point per period (a month `2024-08`, a year `1861`, …) in order, joined by
/// a line where neighbours both have a value; at most about ten period names under the axis, the
/// first and the last always among them, so the ticks read as dates at any span. `counts` (documents
/// per period) go in each point's tooltip.
pub fn timeline(title: &str, x_label: &str, y_label: &str, periods: &[String], values: &[(f64, usize)]) -> String {
    let (left, plot_w, plot_h, top) = (60.0, WIDTH - 80.0, 180.0, 36.0);
    let height = top + plot_h + 44.0;
    let n = periods.len().min(values.len());
    let y_hi = values.iter().map(|v| v.0).filter(|v| v.is_finite()).fold(f64::MIN, f64::max);
    let y_lo = values.iter().map(|v| v.0).filter(|v| v.is_finite()).fold(0.0f64, f64::min);
    let y1 = if y_hi > 0.0 { nice_max(y_hi) } else { 1.0 };
    let y0 = if y_lo < 0.0 { -nice_max(-y_lo) } else { 0.0 };
    let sx = |i: usize| left + if n > 1 { i as f64 / (n - 1) as f64 * plot_w } else { plot_w / 2.0 };
    let sy = |y: f64| top + plot_h - (y - y0) / (y1 - y0).max(f64::MIN_POSITIVE) * plot_h;
    let desc = format!(
        "{y_label} by {x_label}, {} periods from {} to {}.",
        n,
        periods.first().map_or("", |s| s),
        periods.get(n.saturating_sub(1)).map_or("", |s| s)
    );
    let mut out = String::new();
    open(&mut out, height, title, &desc);
    y_axis(&mut out, (left, top, plot_w, plot_h), (y0, y1), y_label);
    // The line, broken where a period has no value.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut String| {
        if run.len() > 1 {
            let _ = write!(
                out,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
                run.join(" "),
                colour(0)
            );
        }
        run.clear();
    };
    for (i, v) in values.iter().enumerate().take(n) {
        if v.0.is_finite() {
            run.push(format!("{:.1},{:.1}", sx(i), sy(v.0)));
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    for (i, (v, docs)) in values.iter().enumerate().take(n).filter(|(_, v)| v.0.is_finite()) {
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{}\"><title>{}: {} ({} documents)</title></circle>",
            sx(i),
            sy(*v),
            colour(0),
            esc(&periods[i]),
            short(*v),
            docs
        );
    }
    let y = top + plot_h;
    let _ =
        write!(out, "<line x1=\"{left:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"axis\"/>", left + plot_w);
    // Names every `step` periods from the first, as far apart as a name is wide, and the last
    // period's too when there is room; anchored inside the plot at both ends.
    let name_px = periods.iter().map(|p| p.chars().count()).max().unwrap_or(4) as f64 * 8.0 + 24.0;
    let period_px = if n > 1 { plot_w / (n - 1) as f64 } else { plot_w };
    // A round number of periods: 1, 2, 3, 6 or 12 months, 5, 10, 20, 25, 50 … years.
    let raw = ((name_px / period_px).ceil() as usize).max(1);
    let step =
        [1, 2, 3, 5, 6, 10, 12, 20, 25, 50, 100, 200, 250, 500, 1000].into_iter().find(|&s| s >= raw).unwrap_or(raw);
    let mut ticks: Vec<usize> = (0..n).step_by(step).collect();
    if let Some(&last) = ticks.last() {
        if last + 1 < n && (n - 1 - last) as f64 * period_px >= name_px {
            ticks.push(n - 1);
        }
    }
    for (t, &i) in ticks.iter().enumerate() {
        let anchor = if t == 0 && ticks.len() > 1 {
            "start"
        } else if t + 1 == ticks.len() && t > 0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" class=\"tick\" text-anchor=\"{anchor}\">{}</text>",
            sx(i),
            y + 16.0,
            esc(&periods[i])
        );
    }
    let _ = write!(
        out,
        "<text x=\"{:.1}\" y=\"{:.1}\" class=\"axis-label\" text-anchor=\"middle\">{}</text>",
        left + plot_w / 2.0,
        y + 34.0,
        esc(x_label)
    );
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

    /// The period names under a timeline, with their x positions.
    fn tick_names(svg: &str) -> Vec<(f64, String)> {
        svg.split("<text x=\"")
            .skip(1)
            .filter(|t| {
                t.contains("class=\"tick\"") && t.contains("text-anchor=\"") && !t.contains("text-anchor=\"end\">0")
            })
            .filter_map(|t| {
                let x: f64 = t.split('"').next()?.parse().ok()?;
                let name = t.split('>').nth(1)?.split('<').next()?.to_string();
                Some((x, name))
            })
            .filter(|(_, n)| !n.contains('.') && (n.contains('-') || n.len() == 4))
            .collect()
    }

    #[test]
    fn timeline_ticks_are_dates_spaced_by_a_round_step() {
        let years: Vec<String> = (1790..=2026).map(|y| y.to_string()).collect();
        let values: Vec<(f64, usize)> = (0..years.len()).map(|i| (1.5 + (i % 7) as f64 * 0.01, 1)).collect();
        let svg = timeline("t", "year", "syllables", &years, &values);
        let names = tick_names(&svg);
        assert_eq!(names.first().map(|n| n.1.as_str()), Some("1790"));
        assert!(names.iter().all(|(_, n)| (n.parse::<i32>().expect("a year") - 1790) % 25 == 0), "{names:?}");
        assert!(names.windows(2).all(|w| w[1].0 - w[0].0 >= 56.0), "names apart: {names:?}");
        let months: Vec<String> =
            (0..12).map(|m| format!("{}-{:02}", 2023 + (m + 11) / 12, (m + 11) % 12 + 1)).collect();
        let svg = timeline("t", "month", "score", &months, &[(0.5, 2); 12]);
        let names: Vec<String> = tick_names(&svg).into_iter().map(|n| n.1).collect();
        assert_eq!(names, ["2023-12", "2024-02", "2024-04", "2024-06", "2024-08", "2024-10"]);
        // A gap (a month with no document) breaks the line in two.
        let mut gappy = vec![(0.5, 2); 12];
        gappy[5] = (f64::NAN, 0);
        assert_eq!(timeline("t", "month", "score", &months, &gappy).matches("<polyline").count(), 2);
    }

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

    /// Axes tick at round steps, labelled to the step's precision, within the range.
    #[test]
    fn axis_ticks_are_round_numbers_within_the_range() {
        let names = |lo: f64, hi: f64| round_ticks(lo, hi).into_iter().map(|t| t.1).collect::<Vec<_>>();
        assert_eq!(names(1.0, 10.0), ["2", "4", "6", "8", "10"]);
        assert_eq!(names(0.0, 50.0), ["0", "10", "20", "30", "40", "50"]);
        assert_eq!(names(0.0, 1.0), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
        assert_eq!(names(-0.3, 0.9), ["-0.2", "0.0", "0.2", "0.4", "0.6", "0.8"]);
        assert_eq!(names(0.0, 0.02), ["0.000", "0.005", "0.010", "0.015", "0.020"]);
        assert_eq!(names(1790.0, 2026.0), ["1800", "1850", "1900", "1950", "2000"]);
        assert_eq!(names(3.0, 3.0), ["3"]);
        assert_eq!(names(f64::NAN, 1.0).len(), 1);
        // In a chart: the segments of an arc, 1 to 10, at 2, 4, …, 10, placed in proportion.
        let svg =
            lines("t", "segment", "words", &[("d".into(), (1..=10).map(|x| [f64::from(x), 1.0]).collect(), false)]);
        assert!(svg.contains(">2</text>") && svg.contains(">10</text>") && !svg.contains(">3.25<"), "{svg}");
    }
}
