// Words for the property generators that exercise HTML reading and the ZWNJ
// decisions it can disturb: tags, entities (one for a combining mark, one for
// a Persian letter that glues a word after a ZWNJ), and the pieces a dropped
// tag can bring together. An expression, included by
// core/tests/normalize_props.rs and core/src/normalize/reference/mod.rs.
&[
    "<br />",
    "<br>",
    "<b>",
    "</B>",
    "<a href=\"x\">",
    "</a>",
    "<p",
    ">",
    "&amp;",
    "&AMP;",
    "&NBSP;",
    "&Ntilde;",
    "&amp;lt;",
    "&lt;",
    "&lt;br>",
    "&nbsp;",
    "&ntilde;",
    "&zwnj;",
    "&zwj;",
    "&#8230;",
    "&#769;",
    "&#1776;",
    "&#1740;",
    "ی",
    "م",
    "&#x2764;",
    "&",
    ";",
    "lt",
    "amp",
]
