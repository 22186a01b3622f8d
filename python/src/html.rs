//! HTML rendering for Jupyter: the comment with matched spans highlighted.
//! Every piece of comment text is escaped; only nazar's own markup is raw.

use nazar::CommentTags;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One comment with its evidence wrapped in `<mark>`, coloured by polarity.
pub fn tags_html(text: &str, tags: &CommentTags) -> String {
    let dir = if tags.lang == nazar::Lang::Fa {
        "rtl"
    } else {
        "ltr"
    };
    let mut body = String::new();
    let mut at = 0;
    for m in &tags.matches {
        if m.byte_start < at || m.byte_end > text.len() {
            continue;
        }
        body.push_str(&escape(&text[at..m.byte_start]));
        let title = format!(
            "{}{} ({})",
            if m.negated { "negated " } else { "" },
            m.category,
            m.polarity.as_str()
        );
        body.push_str(&format!(
            "<mark class=\"nazar-{}\" title=\"{}\" style=\"background:{}\">{}</mark>",
            crate::tag::polarity_class(m.polarity),
            escape(&title),
            if m.polarity == nazar::Polarity::Positive {
                "#c8f7c5"
            } else {
                "#f7c5c5"
            },
            escape(&text[m.byte_start..m.byte_end])
        ));
        at = m.byte_end;
    }
    body.push_str(&escape(&text[at..]));
    format!(
        "<div class=\"nazar-tags\"><div dir=\"{dir}\" style=\"font-size:1.05em\">{body}</div>\
         <div style=\"color:#666;font-size:.85em\">{} · {} · score {:.2}</div></div>",
        tags.lang,
        tags.label.as_str(),
        tags.score
    )
}
