//! HTML rendering for Jupyter: the comment with matched spans highlighted by
//! the same code as the `nazar flag` report, so every piece of comment text
//! is escaped there and only nazar's own markup is raw.

use nazar::report::{escape_html, highlight};
use nazar::CommentTags;

/// Colours for the report's `<mark class="pos|neg">`, scoped to the output
/// cell (a notebook has no report stylesheet).
const STYLE: &str = "<style>.nazar-tags mark.pos{background:#c8f7c5}\
.nazar-tags mark.neg{background:#f7c5c5}\
.nazar-tags mark.contra{outline:1px solid #b00}</style>";

/// One comment with its evidence wrapped in `<mark>`, coloured by polarity.
pub fn tags_html(text: &str, tags: &CommentTags) -> String {
    let dir = if tags.lang == nazar::Lang::Fa {
        "rtl"
    } else {
        "ltr"
    };
    format!(
        "{STYLE}<div class=\"nazar-tags\"><div dir=\"{dir}\" style=\"font-size:1.05em\">{}</div>\
         <div style=\"color:#666;font-size:.85em\">{} · {} · score {:.2}</div></div>",
        highlight(text, &tags.matches),
        escape_html(&tags.lang.to_string()),
        tags.label.as_str(),
        tags.score
    )
}
