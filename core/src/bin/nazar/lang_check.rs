//! A warning when `--lang` names a language most comments are not written
//! in: they are then read with that language's negation and phrases (a
//! Portuguese `não chegou` under `--lang en` is no missing item), and the
//! run itself says nothing.

use nazar::lang::detected;
use nazar::Lang;

/// Comments read against the language given.
pub struct LangCheck {
    given: Lang,
    /// Comments whose words say which language they are in.
    decided: u64,
    /// Of those, the ones in another language than `given`.
    other: u64,
    /// The first of them, shortened, and the language it reads as.
    example: Option<(String, Lang)>,
}

/// Fewer comments in another language than this are no pattern.
const AT_LEAST: u64 = 10;

impl LangCheck {
    /// A check of `--lang`, or `None` when it is `auto`.
    pub fn new(given: Option<Lang>) -> Option<Self> {
        given.map(|given| LangCheck {
            given,
            decided: 0,
            other: 0,
            example: None,
        })
    }

    /// Reads one comment. Only a comment whose language its words decide
    /// counts: `ok` or `10` is in no language.
    pub fn see(&mut self, text: &str) {
        let Some(lang) = detected(text) else {
            return;
        };
        self.decided += 1;
        if lang != self.given {
            self.other += 1;
            if self.example.is_none() {
                let short: String = text.chars().take(60).collect();
                self.example = Some((short, lang));
            }
        }
    }

    /// The warning, when most comments that say their language say
    /// another one than `--lang`.
    pub fn warning(&self) -> Option<String> {
        if self.other < AT_LEAST || self.other * 2 <= self.decided {
            return None;
        }
        let (example, lang) = self.example.as_ref()?;
        Some(format!(
            "--lang {given}, but {} of the {} comments whose words tell their language read as \
             another ({example:?} as {lang}): they are tagged with the negation and phrases of \
             {given}; check --lang, or leave it out to detect each comment's language",
            self.other,
            self.decided,
            given = self.given,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_only_when_most_comments_say_another_language() {
        let mut check = LangCheck::new(Some(Lang::En)).expect("given");
        for _ in 0..12 {
            check.see("Não chegou o produto");
            check.see("ok");
        }
        let w = check.warning().expect("warning");
        assert!(w.starts_with("--lang en, but 12 of the 12 comments"), "{w}");
        assert!(w.contains("(\"Não chegou o produto\" as pt)"), "{w}");
        for _ in 0..12 {
            check.see("It never arrived, not what I ordered");
        }
        assert_eq!(check.warning(), None, "half and half is no pattern");
        let mut few = LangCheck::new(Some(Lang::Fa)).expect("given");
        for _ in 0..9 {
            few.see("great product");
        }
        assert_eq!(few.warning(), None, "nine comments are too few");
        assert!(LangCheck::new(None).is_none());
    }
}
