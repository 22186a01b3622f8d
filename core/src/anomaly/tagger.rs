//! The tagging step, injected: flagging needs each comment's
//! [`CommentTags`] but does not care which tagger produced them, so the
//! pipeline takes any [`CommentTagger`] — the real `Tagger`, a closure over
//! it, or a test double.

use crate::lang::Lang;
use crate::tag::CommentTags;

/// Something that tags one comment. Implemented for every
/// `Fn(&str, Option<Lang>) -> CommentTags + Sync`, so a closure will do:
///
/// ```
/// use nazar::anomaly::CommentTagger;
/// use nazar::{CommentTags, Label, Lang};
///
/// let tagger = |_text: &str, lang: Option<Lang>| CommentTags {
///     lang: lang.unwrap_or(Lang::En),
///     label: Label::Neutral,
///     score: 0.0,
///     matches: vec![],
/// };
/// assert_eq!(tagger.tag_comment("ok", None).label, Label::Neutral);
/// ```
///
/// `Sync` because comments are tagged in parallel batches.
pub trait CommentTagger: Sync {
    /// Tags `text`, read as `lang` when given (detected otherwise).
    fn tag_comment(&self, text: &str, lang: Option<Lang>) -> CommentTags;
}

impl<F> CommentTagger for F
where
    F: Fn(&str, Option<Lang>) -> CommentTags + Sync,
{
    fn tag_comment(&self, text: &str, lang: Option<Lang>) -> CommentTags {
        self(text, lang)
    }
}

/// The lexicon tagger, the one the flagging job uses.
impl CommentTagger for crate::tag::Tagger {
    fn tag_comment(&self, text: &str, lang: Option<Lang>) -> CommentTags {
        self.tag_as(text, lang)
    }
}

/// A tagger that finds nothing (every comment `neutral`, language still
/// detected), for tests of the comment-rate path on its own.
#[cfg(test)]
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NoTagger;

#[cfg(test)]
impl CommentTagger for NoTagger {
    fn tag_comment(&self, text: &str, lang: Option<Lang>) -> CommentTags {
        CommentTags {
            lang: lang.unwrap_or_else(|| crate::lang::detect(text, Lang::En)),
            label: crate::tag::Label::Neutral,
            score: 0.0,
            matches: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_tagger_finds_nothing_but_the_language() {
        let t = NoTagger.tag_comment("Não chegou o produto, péssimo", None);
        assert_eq!((t.label, t.matches.len()), (crate::tag::Label::Neutral, 0));
        assert_eq!(t.lang, Lang::Pt);
        assert_eq!(NoTagger.tag_comment("x", Some(Lang::Fa)).lang, Lang::Fa);
    }
}
