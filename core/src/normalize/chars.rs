//! Character classes and one-to-one character maps used by both passes.
//!
//! Kept in one place so that the display pass, the key pass, the language
//! detector and the tokenizer agree on what counts as a Persian letter, a
//! diacritic or an invisible character.

/// Zero-width non-joiner, the Persian "half space".
pub const ZWNJ: char = '\u{200C}';
/// Zero-width joiner, kept only inside emoji sequences.
pub const ZWJ: char = '\u{200D}';
/// Zero-width space, which keyboards often type where a ZWNJ was meant.
pub const ZWSP: char = '\u{200B}';
/// Tatweel (kashida), the Arabic-script stretching character.
pub const KASHIDA: char = '\u{0640}';

/// Letters of the Arabic script as used for Persian and Arabic (not digits,
/// not diacritics, not punctuation): inclusive code point ranges, all below
/// U+0800 (see [`CLASSES`]).
const ARABIC_LETTERS: &[(u32, u32)] = &[
    (0x0620, 0x063F),
    (0x0641, 0x064A),
    (0x066E, 0x066F),
    (0x0671, 0x06D3),
    (0x06D5, 0x06D5),
    (0x06EE, 0x06EF),
    (0x06FA, 0x06FC),
    (0x06FF, 0x06FF),
    (0x0750, 0x077F),
];

/// Harakat, tanwin, superscript alef and the Quranic annotation marks: all
/// are dropped because customers use them inconsistently and they never
/// change which word is meant in a comment.
const ARABIC_DIACRITICS: &[(u32, u32)] = &[
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
];

/// Class bit of [`ARABIC_LETTERS`].
pub const LETTER: u8 = 1;
/// Class bit of [`ARABIC_DIACRITICS`].
pub const DIACRITIC: u8 = 2;
/// Class bit of the letters that [`unify_persian_letter`] or
/// [`fold_arabic_variant`] change; every other letter is the same in the
/// display form and in the key.
pub const FOLDED: u8 = 4;
/// Class bit of ASCII and of [`ARABIC_LETTERS`]: the characters that fold
/// into a match key one to one, without the Unicode case tables. Not `<` and
/// `&`, which may start HTML markup: the fast lanes leave them to the
/// general ones, which read markup.
pub const SIMPLE: u8 = 8;
/// Class bit of the [`SIMPLE`] characters that are word characters of a
/// match key: ASCII letters and digits, the apostrophe and Arabic letters.
pub const KEY_WORD: u8 = 16;
/// Class bit of ASCII white space, which the display form writes as a
/// space.
pub const ASCII_SPACE: u8 = 32;
/// Class bit of the letters that are the same in the display form and in
/// the key: ASCII lower case, and the [`LETTER`]s that are not [`FOLDED`].
pub const KEY_SAME: u8 = 64;

/// The class bits of every code point below U+0800 (ASCII, Latin, Arabic),
/// one byte each: one load answers what chains of range comparisons, each
/// a branch that goes one way for letters and the other for spaces,
/// answered before, on the hottest paths of every text.
static CLASSES: [u8; 0x800] = classes();

const fn classes() -> [u8; 0x800] {
    let mut table = [0u8; 0x800];
    let mut c = 0;
    while c < 0x800 {
        if let Some(ch) = char::from_u32(c) {
            if unify_persian_letter(ch) as u32 != c || fold_arabic_variant(ch) as u32 != c {
                table[c as usize] |= FOLDED;
            }
            // (`<` and `&` may start markup, and the backtick becomes an
            // apostrophe: see `unify_quote`.)
            if ch.is_ascii() && ch != '<' && ch != '&' && ch != '`' {
                table[c as usize] |= SIMPLE;
                if ch.is_ascii_whitespace() {
                    table[c as usize] |= ASCII_SPACE;
                }
                if ch.is_ascii_alphanumeric() || ch == '\'' {
                    table[c as usize] |= KEY_WORD;
                }
            }
        }
        c += 1;
    }
    let lists: [(&[(u32, u32)], u8); 2] = [
        (ARABIC_LETTERS, LETTER | SIMPLE | KEY_WORD),
        (ARABIC_DIACRITICS, DIACRITIC),
    ];
    let mut l = 0;
    while l < lists.len() {
        let (ranges, class) = lists[l];
        let mut r = 0;
        while r < ranges.len() {
            let mut c = ranges[r].0;
            while c <= ranges[r].1 {
                table[c as usize] |= class;
                c += 1;
            }
            r += 1;
        }
        l += 1;
    }
    let mut c = 0;
    while c < 0x800 {
        let t = table[c];
        if t & (LETTER | FOLDED) == LETTER || (c as u8).is_ascii_lowercase() && c < 0x80 {
            table[c] |= KEY_SAME;
        }

        c += 1;
    }
    table
}

/// The class bits of `c`: [`LETTER`], [`DIACRITIC`], [`FOLDED`],
/// [`SIMPLE`], [`KEY_WORD`], [`ASCII_SPACE`], [`KEY_SAME`]. None above
/// U+07FF.
#[inline(always)]
pub fn class(c: char) -> u8 {
    CLASSES.get(c as usize).copied().unwrap_or(0)
}

/// Letters of the Arabic script as used for Persian and Arabic (see
/// [`ARABIC_LETTERS`]).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    class(c) & LETTER != 0
}

/// Arabic diacritics, which are dropped (see [`ARABIC_DIACRITICS`]).
#[inline]
pub fn is_arabic_diacritic(c: char) -> bool {
    class(c) & DIACRITIC != 0
}

/// Arabic presentation forms (A and B): legacy glyph codes that must be
/// folded back to the base letters before anything else can match them.
#[inline]
pub fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

/// Invisible format characters that carry no meaning in a comment and are
/// removed: soft hyphen, bidi marks, embeddings, overrides and isolates,
/// word joiner, the Arabic letter mark and the byte-order mark. (ZWNJ, ZWJ
/// and ZWSP are decided by context and are not in this set.)
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200E}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Characters that take part in emoji sequences: pictographs, dingbats,
/// regional indicators, skin-tone modifiers, keycaps and the emoji
/// variation selector.
#[inline]
pub fn is_emoji_part(c: char) -> bool {
    matches!(c,
        '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{20E3}' | '\u{2122}'
        | '\u{2139}'
        | '\u{2194}'..='\u{21AA}'
        | '\u{231A}'..='\u{23FF}'
        | '\u{24C2}'
        | '\u{25AA}'..='\u{25FE}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2934}'..='\u{2935}'
        | '\u{2B05}'..='\u{2B55}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
        | '\u{FE0F}'
        | '\u{1F000}'..='\u{1FAFF}'
        | '\u{E0020}'..='\u{E007F}')
}

/// Whitespace in the wide sense: everything Unicode calls white space, which
/// includes no-break and ideographic spaces.
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// The digit value of a Persian (U+06F0..) or Arabic-Indic (U+0660..) digit.
#[inline]
pub fn eastern_digit_value(c: char) -> Option<u32> {
    match c {
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        _ => None,
    }
}

/// Unifies the letters that Arabic keyboards produce for Persian ones, which
/// is unambiguous in Persian text and so always done.
#[inline]
pub const fn unify_persian_letter(c: char) -> char {
    match c {
        'ي' | 'ى' | '\u{06CD}' | '\u{06D0}' => 'ی',
        'ك' | '\u{06AA}' => 'ک',
        // U+06BE (heh doachashmee) comes from some keyboards' ه key.
        '\u{06C1}' | '\u{06D5}' | '\u{06BE}' => 'ه',
        _ => c,
    }
}

/// Typographic quotes and apostrophes unified to their ASCII forms. Persian
/// guillemets `«»` are the correct Persian quotes and stay.
#[inline]
pub fn unify_quote(c: char) -> char {
    match c {
        // The acute accent and the backtick stand in for it on some
        // keyboards (`don´t`, `d´água`, `don`t`).
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{00B4}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        _ => c,
    }
}

/// Punctuation that attaches to the word before it: no space before it.
#[inline]
pub fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | '!' | '?' | ';' | ':' | '،' | '؛' | '؟' | '…' | ')' | ']' | '}' | '»'
    )
}

/// Punctuation that attaches to the word after it: no space after it.
#[inline]
pub fn is_opening_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '«')
}

/// Latin letters with an accent folded to their base letter (`ã` → `a`,
/// `ç` → `c`). Only Latin-1 and Latin Extended-A are folded: those are the
/// letters Portuguese, Spanish, French and German customers type.
#[inline]
pub fn fold_latin_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// Arabic-script letters folded together in match keys only: variants that
/// customers use interchangeably for the same word (`مسأله`/`مساله`,
/// `پائیز`/`پاییز`). `آ` is not folded: `آشغال` (garbage) and `اشغال`
/// (occupy) are different words.
#[inline]
pub const fn fold_arabic_variant(c: char) -> char {
    match c {
        'أ' | 'إ' | 'ٱ' => 'ا',
        'ة' | 'ۀ' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ی',
        _ => c,
    }
}

/// The combining diacritical marks block (U+0300–U+036F): the accents of
/// Latin, Greek and Cyrillic letters.
#[inline]
pub fn is_latin_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Letters and digits of any script, answering the common cases (ASCII and
/// Arabic script) without the Unicode tables, which are slow on the hot path.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
        is_arabic_letter(c) || eastern_digit_value(c).is_some()
    } else {
        c.is_alphanumeric()
    }
}

/// Letters of any script, fast for ASCII and the Arabic script.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if ('\u{0600}'..='\u{06FF}').contains(&c) {
        is_arabic_letter(c)
    } else {
        c.is_alphabetic()
    }
}

/// True for characters that are part of a word for boundary purposes:
/// letters, digits, marks and the ZWNJ that joins Persian morphemes.
#[inline]
pub fn is_word_char(c: char) -> bool {
    is_alphanumeric(c) || c == ZWNJ || c == '\'' || is_arabic_diacritic(c)
}

/// True when `c` is certainly NFC-stable on its own and starts a new
/// composition segment: ASCII and Latin-1, the Arabic block except its
/// combining marks, the Arabic Supplement, general punctuation and emoji. Lets the common text skip
/// the full NFC check.
#[inline]
pub fn is_nfc_trivial(c: char) -> bool {
    (c as u32) < 0x300
        || (('\u{0600}'..='\u{06FF}').contains(&c) && !is_arabic_diacritic(c))
        // The Arabic Supplement: letters only, none with a decomposition.
        || ('\u{0750}'..='\u{077F}').contains(&c)
        || ('\u{2000}'..='\u{206F}').contains(&c)
        || ('\u{1F000}'..='\u{1FAFF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_trivial_characters_are_nfc_starters_and_cover_the_fast_lane() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::UnicodeNormalization;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_nfc_trivial(c) {
                assert_eq!(canonical_combining_class(c), 0, "{c:?} combines");
                // U+2000 and U+2001 are NFC-equal to U+2002 and U+2003;
                // all four are spaces to the display pass anyway.
                if !matches!(c, '\u{2000}' | '\u{2001}') {
                    assert_eq!(
                        c.to_string().nfc().collect::<String>(),
                        c.to_string(),
                        "{c:?}"
                    );
                }
            }
            // The display pass copies SIMPLE characters without an NFC
            // check (a fuzz find: U+0756 tripped its debug assertion).
            if class(c) & SIMPLE != 0 {
                assert!(is_nfc_trivial(c), "{c:?} is SIMPLE but not NFC-trivial");
            }
        }
    }

    #[test]
    fn classes_agree_on_persian_text() {
        for c in "پچژگکیابتثجحخدذرزسشصضطظعغفقلمنوهآ".chars() {
            assert!(is_arabic_letter(c), "{c} should be a letter");
            assert!(!is_arabic_diacritic(c));
        }
        for c in "\u{064B}\u{064E}\u{0651}\u{0652}\u{0670}".chars() {
            assert!(is_arabic_diacritic(c));
            assert!(!is_arabic_letter(c));
        }
        assert!(!is_arabic_letter('۵'));
        assert!(!is_arabic_letter(KASHIDA));
    }

    #[test]
    fn digits_and_letters_map() {
        assert_eq!(eastern_digit_value('۷'), Some(7));
        assert_eq!(eastern_digit_value('٣'), Some(3));
        assert_eq!(eastern_digit_value('3'), None);
        assert_eq!(unify_persian_letter('ي'), 'ی');
        assert_eq!(unify_persian_letter('ى'), 'ی');
        assert_eq!(unify_persian_letter('ك'), 'ک');
        assert_eq!(unify_quote('’'), '\'');
        assert_eq!(unify_quote('«'), '«');
        assert_eq!(fold_latin_accent('ã'), 'a');
        assert_eq!(fold_latin_accent('ç'), 'c');
        assert_eq!(fold_arabic_variant('ۀ'), 'ه');
    }
}
