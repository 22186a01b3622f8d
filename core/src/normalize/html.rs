//! HTML left in comments by the web forms and scrapers they came through:
//! `<br />` between paragraphs, `<a href="...">` around a link, `&amp;`,
//! `&quot;`, `&eacute;`, `&#8230;`.
//!
//! [`markup_at`] recognizes one piece of markup where the text has a `<` or
//! an `&`, and says what the display form writes for it: a line break for a
//! tag that breaks the line (`<br>`, `<p>`, `</div>`, ...), nothing for an
//! inline tag (`<b>`, `</a>`, `<span class="x">`), the character an entity
//! stands for. Anything else is text: `a < b`, `<3`, `AT&T`, `&foo;` and
//! unknown tags stay as written.
//!
//! An entity is never decoded into new markup: `&amp;` and `&lt;` are left
//! as written when what follows them would then read as an entity or a tag
//! (`&amp;lt;`, `&lt;br>`). Markup that the other steps of the display pass
//! make out of text (`<\u{200D}br>` once the joiner goes) is read by the
//! display pass's settle step, so that normalizing a display form again
//! changes nothing. `&zwj;` is dropped: a joiner written as an entity joins
//! no emoji.

/// What the display form writes for a piece of markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Markup {
    /// An inline tag: nothing.
    Drop,
    /// A tag that breaks the line: a line break (a space, as every line
    /// break is in the display form).
    Break,
    /// An entity: the character it stands for.
    Char(char),
}

/// Tags that start a new line when a browser renders them.
const BREAK_TAGS: &[&str] = &[
    "blockquote",
    "br",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Tags that format text without breaking it.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "img", "mark", "s", "small",
    "span", "strike", "strong", "sub", "sup", "tt", "u",
];

/// Named entities, sorted by name: the five of XML, the space, the Latin-1
/// letters of Portuguese and its neighbours, typographic punctuation, and
/// the zero-width joiners of Persian web text.
const ENTITIES: &[(&str, char)] = &[
    ("AElig", 'Æ'),
    ("Aacute", 'Á'),
    ("Acirc", 'Â'),
    ("Agrave", 'À'),
    ("Aring", 'Å'),
    ("Atilde", 'Ã'),
    ("Auml", 'Ä'),
    ("Ccedil", 'Ç'),
    ("Eacute", 'É'),
    ("Ecirc", 'Ê'),
    ("Egrave", 'È'),
    ("Euml", 'Ë'),
    ("Iacute", 'Í'),
    ("Icirc", 'Î'),
    ("Igrave", 'Ì'),
    ("Iuml", 'Ï'),
    ("Ntilde", 'Ñ'),
    ("Oacute", 'Ó'),
    ("Ocirc", 'Ô'),
    ("Ograve", 'Ò'),
    ("Oslash", 'Ø'),
    ("Otilde", 'Õ'),
    ("Ouml", 'Ö'),
    ("Uacute", 'Ú'),
    ("Ucirc", 'Û'),
    ("Ugrave", 'Ù'),
    ("Uuml", 'Ü'),
    ("Yacute", 'Ý'),
    ("aacute", 'á'),
    ("acirc", 'â'),
    ("aelig", 'æ'),
    ("agrave", 'à'),
    ("amp", '&'),
    ("apos", '\''),
    ("aring", 'å'),
    ("atilde", 'ã'),
    ("auml", 'ä'),
    ("bdquo", '„'),
    ("bull", '•'),
    ("ccedil", 'ç'),
    ("cent", '¢'),
    ("copy", '©'),
    ("deg", '°'),
    ("divide", '÷'),
    ("eacute", 'é'),
    ("ecirc", 'ê'),
    ("egrave", 'è'),
    ("euml", 'ë'),
    ("euro", '€'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("gt", '>'),
    ("hellip", '…'),
    ("iacute", 'í'),
    ("icirc", 'î'),
    ("iexcl", '¡'),
    ("igrave", 'ì'),
    ("iquest", '¿'),
    ("iuml", 'ï'),
    ("laquo", '«'),
    ("ldquo", '“'),
    ("lrm", '\u{200E}'),
    ("lsquo", '‘'),
    ("lt", '<'),
    ("mdash", '—'),
    ("middot", '·'),
    ("nbsp", '\u{00A0}'),
    ("ndash", '–'),
    ("ntilde", 'ñ'),
    ("oacute", 'ó'),
    ("ocirc", 'ô'),
    ("ograve", 'ò'),
    ("ordf", 'ª'),
    ("ordm", 'º'),
    ("oslash", 'ø'),
    ("otilde", 'õ'),
    ("ouml", 'ö'),
    ("para", '¶'),
    ("plusmn", '±'),
    ("pound", '£'),
    ("quot", '"'),
    ("raquo", '»'),
    ("rdquo", '”'),
    ("reg", '®'),
    ("rlm", '\u{200F}'),
    ("rsquo", '’'),
    ("sbquo", '‚'),
    ("sect", '§'),
    ("shy", '\u{00AD}'),
    ("szlig", 'ß'),
    ("times", '×'),
    ("trade", '™'),
    ("uacute", 'ú'),
    ("ucirc", 'û'),
    ("ugrave", 'ù'),
    ("uuml", 'ü'),
    ("yacute", 'ý'),
    ("yen", '¥'),
    ("yuml", 'ÿ'),
    ("zwj", '\u{200D}'),
    ("zwnj", '\u{200C}'),
];

/// How far a tag may run, attributes included, before its `>`: a long link
/// fits, a stray `<` in a long comment does not swallow it.
const MAX_TAG: usize = 1024;

/// The markup that starts at byte `at` of `text` (a `<` or an `&`), and its
/// length in bytes; `None` when the text there is text.
pub(crate) fn markup_at(text: &str, at: usize) -> Option<(Markup, usize)> {
    let rest = text.get(at..)?;
    match rest.as_bytes().first()? {
        b'<' => tag(rest),
        b'&' => entity(rest),
        _ => None,
    }
}

/// Whether the text between two words breaks the line: a line break
/// character or, when `html` is on, a tag that breaks the line or an entity
/// for a line break (`&#10;`).
pub(crate) fn breaks_line(gap: &str, html: bool) -> bool {
    first_break(gap, html, &Stops::LINE_BREAKS).is_some()
}

/// Whether `text` may break a line anywhere: it has a line break character
/// or, when `html` is on, a `<` or a numeric reference `&#` (no named entity
/// stands for a line break). Reads the bytes with `memchr`, so that the many
/// comments of one line skip looking between every two words.
pub(crate) fn may_break_lines(text: &str, html: bool) -> bool {
    let bytes = text.as_bytes();
    let ascii = if html {
        memchr::memchr3(b'\n', b'\r', b'<', bytes).or_else(|| memchr::memmem::find(bytes, b"&#"))
    } else {
        memchr::memchr2(b'\n', b'\r', bytes)
    };
    // NEL is C2 85; the line and paragraph separators are E2 80 A8 and A9.
    ascii.is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|i| {
            matches!(bytes[i + 1..], [0x85, ..] | [0x80, 0xA8 | 0xA9, ..])
                && (bytes[i] == 0xC2) == (bytes[i + 1] == 0x85)
        })
}

/// The characters that end a line: LF, CR, NEL and the Unicode line and
/// paragraph separators.
const LINE_BREAKS: [char; 5] = ['\n', '\r', '\u{0085}', '\u{2028}', '\u{2029}'];

/// A set of characters that [`first_break`] stops at, line breaks always
/// among them, built so that the scan reads bytes: an ASCII member is a
/// bit, a two-byte member a bit of its lead byte's row (Persian `؟` shares
/// its lead byte with half the Arabic letters), and only a character whose
/// lead byte a longer member shares is decoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stops {
    /// Whether each ASCII character is a member (a table: shifting a
    /// `u128` costs several instructions a byte).
    ascii: [bool; 128],
    /// Bit `c & 0x3F` of row `b & 0x1F` for each two-byte member `b c`.
    two: [u64; 32],
    /// Bit `b - 0xE0` for the lead byte `b` of each longer member.
    leads: u32,
    /// The members past ASCII.
    wide: &'static [char],
}

/// What ends a sentence, besides a line break: a full stop, question or
/// exclamation mark (Persian `؟` too), an ellipsis.
pub(crate) const SENTENCE_END_CHARS: &[char] = &['.', '!', '?', '؟', '…'];

/// [`SENTENCE_END_CHARS`] and the line breaks.
pub(crate) const SENTENCE_ENDS: Stops = Stops::with(SENTENCE_END_CHARS);

impl Stops {
    /// The line breaks alone.
    pub(crate) const LINE_BREAKS: Stops = Stops::with(&[]);

    /// The line breaks and `chars`, which must list their characters past
    /// ASCII after their ASCII ones (checked at compile time).
    pub(crate) const fn with(chars: &'static [char]) -> Stops {
        let mut stops = Stops {
            ascii: [false; 128],
            two: [0; 32],
            leads: 0,
            wide: &[],
        };
        let mut i = 0;
        while i < LINE_BREAKS.len() + chars.len() {
            let c = if i < LINE_BREAKS.len() {
                LINE_BREAKS[i]
            } else {
                chars[i - LINE_BREAKS.len()]
            };
            let code = c as u32;
            if code < 0x80 {
                assert!(stops.wide.is_empty(), "ASCII stops come first");
                stops.ascii[code as usize] = true;
            } else {
                if code < 0x800 {
                    stops.two[(code >> 6) as usize & 0x1F] |= 1 << (code & 0x3F);
                } else if code < 0x1_0000 {
                    stops.leads |= 1 << (code >> 12);
                } else {
                    stops.leads |= 1 << (0x10 | (code >> 18));
                }
                if i >= LINE_BREAKS.len() && stops.wide.is_empty() {
                    stops.wide = chars.split_at(i - LINE_BREAKS.len()).1;
                }
            }
            i += 1;
        }
        stops
    }

    /// Whether `c` is a member.
    pub(crate) fn contains(&self, c: char) -> bool {
        let code = c as u32;
        if code < 0x80 {
            self.ascii[code as usize]
        } else {
            LINE_BREAKS.contains(&c) || self.wide.contains(&c)
        }
    }

    /// The first member in `text`, as a byte offset.
    fn find(&self, text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            match b {
                0..0x80 => {
                    if self.ascii[usize::from(b)] {
                        return Some(i);
                    }
                    i += 1;
                }
                0xC0..0xE0 => {
                    // `text` is UTF-8: a lead byte has its continuation.
                    let c = bytes[i + 1];
                    if (self.two[usize::from(b & 0x1F)] >> (c & 0x3F)) & 1 != 0 {
                        return Some(i);
                    }
                    i += 2;
                }
                0xE0.. if self.leads & (1 << (b - 0xE0)) != 0 => {
                    if text[i..].chars().next().is_some_and(|c| self.contains(c)) {
                        return Some(i);
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        None
    }
}

/// The byte where `text` first has a member of `stops` (which always holds
/// the line breaks). With `html` on, characters inside markup are not read
/// (the `.` of a link ends no sentence), a tag that breaks the line counts
/// as a line break, and an entity stands for its character.
pub(crate) fn first_break(text: &str, html: bool, stops: &Stops) -> Option<usize> {
    if !html || memchr::memchr2(b'<', b'&', text.as_bytes()).is_none() {
        return stops.find(text);
    }
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        let markup = (c == '<' || c == '&').then(|| markup_at(text, i)).flatten();
        match markup {
            Some((Markup::Break, _)) => return Some(i),
            Some((Markup::Char(c), _)) if stops.contains(c) => return Some(i),
            Some((_, len)) => i += len,
            None if stops.contains(c) => return Some(i),
            None => i += c.len_utf8(),
        }
    }
    None
}

fn tag(rest: &str) -> Option<(Markup, usize)> {
    let bytes = rest.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = 1 + usize::from(closing);
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || name_len > 10 || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
    let kind = if BREAK_TAGS.contains(&name.as_str()) {
        Markup::Break
    } else if INLINE_TAGS.contains(&name.as_str()) {
        Markup::Drop
    } else {
        return None;
    };
    let after = name_start + name_len;
    match bytes.get(after) {
        Some(b'>' | b'/') => {}
        Some(b) if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    // Up to the first `>`, with no `<` before it; a closing tag has nothing
    // but white space there.
    let close = bytes[after..]
        .iter()
        .take(MAX_TAG)
        .position(|&b| b == b'>' || b == b'<')?;
    let end = after + close;
    if bytes[end] != b'>' {
        return None;
    }
    if closing && !bytes[after..end].iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some((kind, end + 1))
}

/// The character a named entity stands for: by its exact name, or else by
/// its name in lower case (`&AMP;`, `&NBSP;`, `&Zwnj;`, as careless
/// scrapers and old pages write them). Without the second lookup the key,
/// which lower-cases, would decode on a second pass what the display form
/// left as written.
fn named(body: &str) -> Option<char> {
    let find = |name: &str| {
        ENTITIES
            .binary_search_by(|(n, _)| (*n).cmp(name))
            .ok()
            .map(|i| ENTITIES[i].1)
    };
    find(body).or_else(|| {
        let lower = body.to_ascii_lowercase();
        (lower != body).then(|| find(&lower)).flatten()
    })
}

fn entity(rest: &str) -> Option<(Markup, usize)> {
    let bytes = rest.as_bytes();
    let semi = bytes.iter().take(12).position(|&b| b == b';')?;
    let body = &rest[1..semi];
    let c = if let Some(number) = body.strip_prefix('#') {
        let value = match number.strip_prefix(['x', 'X']) {
            Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            _ if number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok()?,
            _ => return None,
        };
        char::from_u32(value).filter(|&c| decodable(c))?
    } else {
        named(body)?
    };
    let len = semi + 1;
    // `&amp;` or `&lt;` decoded before what would then read as markup.
    let makes_markup = match c {
        '&' => {
            let after = &rest[len..];
            let name = after
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                .count();
            name > 0 && after.as_bytes().get(name) == Some(&b';')
        }
        '<' => rest[len..]
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'/'),
        _ => false,
    };
    if makes_markup {
        return None;
    }
    Some((
        if c == '\u{200D}' {
            Markup::Drop
        } else {
            Markup::Char(c)
        },
        len,
    ))
}

/// Whether a numeric reference is decoded: to a character that is NFC on
/// its own and joins nothing before it (no combining mark, no presentation
/// form, no control character), so that the display form it goes into stays
/// NFC and normalizes to itself.
fn decodable(c: char) -> bool {
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    let control = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    !control
        && canonical_combining_class(c) == 0
        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
        && !super::chars::is_presentation_form(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The byte scan stops where a scan of the characters would.
        #[test]
        fn stops_find_the_first_member(text in "(\\PC|[.!?؟…\n\r\u{85}\u{2028}\u{2029}ابپ؛،é])*") {
            for stops in [&SENTENCE_ENDS, &Stops::LINE_BREAKS] {
                let want = text.find(|c| stops.contains(c));
                prop_assert_eq!(stops.find(&text), want);
            }
        }
    }

    #[test]
    fn stops_hold_their_members_and_the_line_breaks_only() {
        for c in [
            '.', '!', '?', '؟', '…', '\n', '\r', '\u{85}', '\u{2028}', '\u{2029}',
        ] {
            assert!(SENTENCE_ENDS.contains(c), "{c:?}");
        }
        for c in [
            'a', ',', 'ب', '؛', '\u{2027}', '\u{86}', 'é', '😀', '\0', '\u{7F}',
        ] {
            assert!(!SENTENCE_ENDS.contains(c), "{c:?}");
        }
        assert!(!Stops::LINE_BREAKS.contains('.'));
        // `؟` shares its lead byte with half the Arabic letters.
        assert_eq!(SENTENCE_ENDS.find("خوبه؟"), Some(8));
        assert_eq!(Stops::LINE_BREAKS.find("خوبه؟"), None);
    }

    #[test]
    fn entity_table_is_sorted_and_decodable() {
        assert!(ENTITIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(ENTITIES.iter().all(|&(_, c)| decodable(c)));
    }

    #[test]
    fn recognizes_tags_and_entities() {
        let cases: &[(&str, Option<(Markup, usize)>)] = &[
            ("<br />x", Some((Markup::Break, 6))),
            ("<br>", Some((Markup::Break, 4))),
            ("<BR/>", Some((Markup::Break, 5))),
            ("</p>", Some((Markup::Break, 4))),
            ("<p class=\"x\">", Some((Markup::Break, 13))),
            ("<a href=\"http://x.y/?a=1&b=2\">", Some((Markup::Drop, 30))),
            ("</a >", Some((Markup::Drop, 5))),
            ("<span class=\"tiny\">", Some((Markup::Drop, 19))),
            ("&amp;", Some((Markup::Char('&'), 5))),
            ("&quot;x", Some((Markup::Char('"'), 6))),
            ("&ntilde;", Some((Markup::Char('ñ'), 8))),
            ("&#8230;", Some((Markup::Char('…'), 7))),
            ("&#x27;", Some((Markup::Char('\''), 6))),
            ("&zwnj;", Some((Markup::Char('\u{200C}'), 6))),
            ("&zwj;", Some((Markup::Drop, 5))),
            // Text, not markup.
            ("<3", None),
            ("< br>", None),
            ("<brr>", None),
            ("<b", None),
            ("<b x <i>", None),
            ("</a href>", None),
            ("<unknown>", None),
            ("&T", None),
            ("&foo;", None),
            // Names in the wrong case are read by their lower case; the
            // exact name wins where case matters.
            ("&AMP;", Some((Markup::Char('&'), 5))),
            ("&NBSP;", Some((Markup::Char('\u{A0}'), 6))),
            ("&Ntilde;", Some((Markup::Char('Ñ'), 8))),
            ("&NTILDE;", Some((Markup::Char('ñ'), 8))),
            ("&Foo;", None),
            ("&#0;", None),
            ("&#769;", None),
            ("&#65263;", None),
            ("&#x;", None),
            ("&#1x;", None),
            ("&#99999999999;", None),
            // Decoding would make new markup.
            ("&amp;lt;", None),
            ("&amp;#60;", None),
            ("&lt;br>", None),
            ("&lt;/b>", None),
        ];
        for &(text, want) in cases {
            assert_eq!(markup_at(text, 0), want, "{text:?}");
        }
        assert_eq!(markup_at("&amp;T", 0), Some((Markup::Char('&'), 5)));
        assert_eq!(markup_at("&lt;3", 0), Some((Markup::Char('<'), 4)));
        assert_eq!(markup_at("a<br>", 1), Some((Markup::Break, 4)));
    }

    fn first_break_of(text: &str, html: bool) -> Option<usize> {
        first_break(text, html, &Stops::LINE_BREAKS)
    }

    #[test]
    fn may_break_lines_finds_every_line_break() {
        for c in ['\n', '\r', '\u{0085}', '\u{2028}', '\u{2029}'] {
            let text = format!("aé’{c}b");
            assert!(may_break_lines(&text, false), "{c:?}");
            assert_eq!(first_break_of(&text, false), Some(6), "{c:?}");
        }
        assert!(!may_break_lines("a’b é… \u{2027}\u{00A0}", true));
        assert!(may_break_lines("a<br>b", true));
        assert!(!may_break_lines("a<br>b", false));
        // Every text that breaks a line says it may.
        for text in ["x<p>y", "x\ny", "<br/>"] {
            assert!(may_break_lines(text, true) || !breaks_line(text, true));
        }
    }

    #[test]
    fn line_breaks() {
        assert!(breaks_line(" \n ", false));
        assert!(breaks_line("\u{2029}", false));
        assert!(breaks_line(" <br /> ", true));
        assert!(!breaks_line(" <br /> ", false));
        assert!(!breaks_line(" </b> ", true));
        assert!(!breaks_line(" < ", true));
        assert_eq!(first_break_of("ab<b>c<br>d\n", true), Some(6));
        assert_eq!(first_break_of("ab<b>c<br>d\n", false), Some(11));
        assert_eq!(first_break_of("a\nb<br>", true), Some(1));
        assert_eq!(first_break_of("abc", true), None);
        assert!(breaks_line(" &#13;&#10; ", true));
        assert!(!breaks_line(" &#13;&#10; ", false));
        assert!(may_break_lines("a&#10;b", true));
        const FULL_STOP: Stops = Stops::with(&['.']);
        let sentence = |t: &str| first_break(t, true, &FULL_STOP);
        assert_eq!(
            sentence("<a href=\"http://x.com\">Great</a> product."),
            Some(40)
        );
        assert_eq!(sentence("Great&#46; more"), Some(5));
        assert_eq!(sentence("Great<br>more."), Some(5));
        assert_eq!(first_break("a.b", false, &FULL_STOP), Some(1));
    }
}
