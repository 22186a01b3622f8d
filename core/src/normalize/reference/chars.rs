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
/// not diacritics, not punctuation).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}')
}

/// Harakat, tanwin, superscript alef and the Quranic annotation marks: all
/// are dropped because customers use them inconsistently and they never
/// change which word is meant in a comment.
#[inline]
pub fn is_arabic_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
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
pub fn unify_persian_letter(c: char) -> char {
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
/// `پائیز`/`پاییز`, `آب`/`اب`).
#[inline]
pub fn fold_arabic_variant(c: char) -> char {
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
/// combining marks, general punctuation and emoji. Lets the common text skip
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
