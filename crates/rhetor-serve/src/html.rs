//! HTML built with escaping by construction: text goes in only through [`Html::text`] (escaped),
//! attribute values only through [`Html::open`] (escaped), links only as a [`Link`] (a path of the
//! explorer with percent-encoded parameters), markup only as `&'static str`. Corpus text, metadata
//! and file names therefore appear as text in every page, whatever they hold (`<script>`,
//! `"><img onerror>`, `</svg>`, `javascript:`). The one exception, [`Html::chart`], takes SVG from
//! `rhetor_report::svg`, which escapes every text it writes.

use std::fmt::Write as _;

/// Escape for HTML content and attribute values: the report's own escaping
/// (`rhetor_report::svg::esc`), so that the explorer and the report escape alike.
fn esc_into(out: &mut String, s: &str) {
    out.push_str(&rhetor_report::svg::esc(s));
}

/// Percent-encode a query value (everything but unreserved characters).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A link to a page of the explorer: a fixed path and parameters, in order.
#[derive(Debug, Clone)]
pub struct Link {
    path: &'static str,
    params: Vec<(&'static str, String)>,
    fragment: Option<&'static str>,
}

impl Link {
    pub fn to(path: &'static str) -> Link {
        Link { path, params: Vec::new(), fragment: None }
    }

    /// Add a parameter (left out when empty).
    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Link {
        let value = value.into();
        if !value.is_empty() {
            self.params.retain(|(k, _)| *k != key);
            self.params.push((key, value));
        }
        self
    }

    pub fn at(mut self, fragment: &'static str) -> Link {
        self.fragment = Some(fragment);
        self
    }

    /// The URL: path, `?k=v&…`, `#fragment`.
    pub fn url(&self) -> String {
        let mut s = self.path.to_string();
        for (i, (k, v)) in self.params.iter().enumerate() {
            s.push(if i == 0 { '?' } else { '&' });
            s.push_str(k);
            s.push('=');
            s.push_str(&encode(v));
        }
        if let Some(f) = self.fragment {
            s.push('#');
            s.push_str(f);
        }
        s
    }
}

/// A page being written.
#[derive(Debug, Default)]
pub struct Html(String);

impl Html {
    pub fn new() -> Html {
        Html(String::with_capacity(1 << 14))
    }

    /// Text, escaped.
    pub fn text(&mut self, s: &str) -> &mut Html {
        esc_into(&mut self.0, s);
        self
    }

    /// A number as text.
    pub fn num(&mut self, x: impl std::fmt::Display) -> &mut Html {
        let _ = write!(self.0, "{x}");
        self
    }

    /// Fixed markup.
    pub fn raw(&mut self, markup: &'static str) -> &mut Html {
        self.0.push_str(markup);
        self
    }

    /// `<tag a="v" …>` with every value escaped.
    pub fn open(&mut self, tag: &'static str, attrs: &[(&'static str, &str)]) -> &mut Html {
        self.0.push('<');
        self.0.push_str(tag);
        for (k, v) in attrs {
            self.0.push(' ');
            self.0.push_str(k);
            self.0.push_str("=\"");
            esc_into(&mut self.0, v);
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    pub fn close(&mut self, tag: &'static str) -> &mut Html {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn el(&mut self, tag: &'static str, attrs: &[(&'static str, &str)], text: &str) -> &mut Html {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// `<option value="value">label</option>`, selected or not.
    pub fn option(&mut self, value: &str, label: &str, selected: bool) -> &mut Html {
        if selected {
            self.open("option", &[("value", value), ("selected", "")]);
        } else {
            self.open("option", &[("value", value)]);
        }
        self.text(label).close("option")
    }

    /// `<a href="link">text</a>`.
    pub fn link(&mut self, link: &Link, text: &str) -> &mut Html {
        self.el("a", &[("href", &link.url())], text)
    }

    /// A chart from `rhetor_report::svg` (whose functions escape every text they write).
    pub fn chart(&mut self, svg: String) -> &mut Html {
        self.0.push_str(&svg);
        self
    }

    /// A `<th>` row of headers.
    pub fn header_row(&mut self, names: &[&str]) -> &mut Html {
        self.raw("<tr>");
        for n in names {
            self.el("th", &[], n);
        }
        self.raw("</tr>")
    }

    #[cfg(test)]
    pub fn into_string(self) -> String {
        self.0
    }
}

/// The pages, for the navigation bar.
const NAV: [(&str, &str); 4] =
    [("/", "Overview"), ("/documents", "Documents"), ("/concordance", "Concordance"), ("/compare", "Compare")];

/// A whole page: head, navigation (with `active` marked), `body`, and the explorer's script.
pub fn page(title: &str, corpus: &str, active: &str, body: Html) -> String {
    let mut h = Html::new();
    h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .raw("<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/static/explorer.css\"><title>")
        .text(title)
        .text(" · rhetor")
        .raw("</title></head><body><nav><span class=\"brand\">rhetor</span>");
    for (path, name) in NAV {
        let class = if path == active { "active" } else { "" };
        h.open("a", &[("href", path), ("class", class)]).text(name).close("a");
    }
    h.el("span", &[("class", "corpus")], corpus).raw("</nav><main>");
    h.0.push_str(&body.0);
    h.raw("</main><script src=\"/static/explorer.js\"></script></body></html>");
    h.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_links_encoded() {
        let evil = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> </svg> 'x' &";
        let mut h = Html::new();
        h.el("td", &[("title", evil)], evil);
        let s = h.into_string();
        assert!(!s.contains("<script") && !s.contains("<img") && !s.contains("</svg") && !s.contains("\"><"), "{s}");
        assert!(s.contains("&lt;script&gt;") && s.contains("&quot;&gt;&lt;img") && s.contains("&#39;x&#39; &amp;"));
        let l = Link::to("/document").with("id", "javascript:alert(1)").with("q", "a b&c=d/é");
        assert_eq!(l.url(), "/document?id=javascript%3Aalert%281%29&q=a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(Link::to("/").with("q", "").url(), "/", "empty values are left out");
    }
}
