//! From nazar's offset map to the steps of `NormalizedString::transform`.
//!
//! nazar maps every output character to a byte *range* of its input (a letter
//! that absorbed the diacritics and kashida after it, a squeezed run, a whole
//! abbreviation). A `NormalizedString` is coarser: `transform` reads the new
//! text as a sequence of steps, each either *consuming* the next input
//! character (change `0`, or `-n` to also drop the `n` input characters after
//! it) or *inserted* (change `1`), and every output character inherits the
//! alignment of exactly one input character: the one it consumed or, when
//! inserted, the last one passed. A token's offsets then run from the start
//! of its first character's source to the end of its last one's.
//!
//! So each output character is given one *anchor* inside its nazar range:
//! - a range covering one input character anchors to it (`ي` → `ی`, digits);
//! - a range covering a letter and the marks nazar deleted after it
//!   (diacritics, kashida, ZWNJ, bidi marks) anchors to the letter, the
//!   convention of `tokenizers`' own normalizers (`StripAccents`): a token
//!   that ends on that letter leaves the trailing marks out;
//! - a squeezed run (`خیلیییی` → `خیلی`) anchors to the first repeat when the
//!   character starts a word and to the last one otherwise, so a whole-word
//!   token spans the run as written;
//! - several output characters sharing one range (`vc` → `voce`, `don't` →
//!   `do not`, a ligature) are matched to the input characters they spell by
//!   a longest common subsequence (`n`→`n`, `t`→`t`, so `not` maps to `n't`);
//!   the first and last output characters take the first and last input
//!   characters (so `voce` maps to `vc`), the rest are inserted;
//! - characters nazar inserted (`شبکههای` → `شبکه‌های`, a space after a
//!   comma) are inserted and share the alignment of the input character
//!   before the next anchor.
//!
//! Input characters between two anchors are dropped by the step of the
//! first one. So the characters an expansion inserted after its only input
//! character (`q` → `que`) share the alignment of what nazar dropped right
//! after it without giving it to a neighbour (the space in `q ,`): the
//! transform cannot express anything else.
//!
//! The plan is a pure function of the two texts and the map, tested here
//! without `tokenizers`; `tests/hf.rs` checks it on generated text.

use crate::normalize::chars::{
    eastern_digit_value, fold_arabic_variant, fold_latin_accent, is_alphanumeric,
    is_arabic_diacritic, is_invisible, is_latin_combining, unify_persian_letter, KASHIDA, ZWJ,
    ZWNJ, ZWSP,
};
use crate::normalize::Alignment;

/// Longest common subsequence tables larger than this are not built: the
/// characters of such a group (never seen in real text) are inserted after
/// the first one.
const MAX_LCS_CELLS: usize = 4096;

/// The arguments of `NormalizedString::transform`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// One step per output character: the character and its change.
    pub steps: Vec<(char, isize)>,
    /// Input characters dropped before the first step.
    pub initial_offset: usize,
}

/// One output character: the character and the input characters `lo..hi`
/// its nazar range covers (`lo == hi` for an inserted character).
#[derive(Debug, Clone, Copy)]
struct Out {
    c: char,
    lo: usize,
    hi: usize,
}

/// The steps that turn `input` into `output`, where `align` maps byte ranges
/// of `output` to byte ranges of `input`.
pub(crate) fn plan(input: &str, output: &str, align: &Alignment) -> Plan {
    let starts: Vec<usize> = input.char_indices().map(|(i, _)| i).collect();
    let chars: Vec<char> = input.chars().collect();
    let outs: Vec<Out> = output
        .char_indices()
        .map(|(at, c)| {
            let r = align.to_original(at..at + c.len_utf8());
            let lo = starts.partition_point(|&s| s < r.start);
            let hi = starts.partition_point(|&s| s < r.end).max(lo);
            Out { c, lo, hi }
        })
        .collect();
    let anchors = anchors(&outs, &chars);
    sequence(&outs, &anchors, chars.len())
}

/// The input character each output character should consume, if any.
fn anchors(outs: &[Out], chars: &[char]) -> Vec<Option<usize>> {
    let mut anchors = vec![None; outs.len()];
    let mut g = 0;
    while g < outs.len() {
        let (lo, hi) = (outs[g].lo, outs[g].hi);
        let mut end = g + 1;
        while end < outs.len() && outs[end].lo == lo && outs[end].hi == hi {
            end += 1;
        }
        if lo < hi {
            if end - g == 1 {
                let starts_word = g == 0 || !is_alphanumeric(outs[g - 1].c);
                anchors[g] = Some(single_anchor(&chars[lo..hi], starts_word) + lo);
            } else {
                let group: Vec<char> = outs[g..end].iter().map(|o| o.c).collect();
                for (k, a) in match_group(&group, &chars[lo..hi]).into_iter().enumerate() {
                    anchors[g + k] = a.map(|a| a + lo);
                }
            }
        }
        g = end;
    }
    // An inserted character shares the alignment of the input character
    // just before the next anchor. When the next range overlaps or touches
    // the inserted one's (a ligature's letters, then a squeezed run), pull
    // that anchor back to where the inserted range ends so the character
    // before it is still inside.
    let mut following: Option<usize> = None;
    for j in (0..outs.len()).rev() {
        let Some(n) = following.filter(|_| anchors[j].is_none()) else {
            if anchors[j].is_some() {
                following = Some(j);
            }
            continue;
        };
        let (lo, hi) = (outs[j].lo, outs[j].hi);
        if lo < hi && anchors[n].is_some_and(|k| k > hi) && outs[n].lo <= hi && hi < outs[n].hi {
            anchors[n] = Some(hi);
        }
    }
    anchors
}

/// The anchor of one output character among the input characters `span` of
/// its range: its first letter when it starts a word, else its last letter;
/// marks only when the range holds nothing else.
fn single_anchor(span: &[char], starts_word: bool) -> usize {
    let mut letters = span.iter().enumerate().filter(|(_, &c)| !is_mark(c));
    let pick = if starts_word {
        letters.next()
    } else {
        letters.next_back()
    };
    pick.map_or(0, |(i, _)| i)
}

/// Matches the output characters of one group to the input characters of
/// their shared range: `result[k]` is the input index output `k` consumes.
/// The first output character always consumes the first input character of
/// the range, so the group never borrows its start from a neighbour.
fn match_group(out: &[char], input: &[char]) -> Vec<Option<usize>> {
    let mut result = vec![None; out.len()];
    if out.len() * input.len() <= MAX_LCS_CELLS {
        // lcs[i][j]: longest common subsequence of out[i..] and input[j..].
        let w = input.len() + 1;
        let mut lcs = vec![0u16; (out.len() + 1) * w];
        for i in (0..out.len()).rev() {
            for j in (0..input.len()).rev() {
                lcs[i * w + j] = if same_letter(out[i], input[j]) {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < out.len() && j < input.len() {
            if same_letter(out[i], input[j]) && lcs[i * w + j] == lcs[(i + 1) * w + j + 1] + 1 {
                result[i] = Some(j);
                i += 1;
                j += 1;
            } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
    }
    if result[0] != Some(0) {
        for r in result.iter_mut() {
            if *r == Some(0) {
                *r = None;
            }
        }
        result[0] = Some(0);
    }
    // The last output character consumes the last input character, so that
    // the characters inserted before it stay inside the range: an inserted
    // character shares the alignment of the input character before the next
    // anchor, which after a group would be whatever nazar dropped after it.
    let (last, end) = (out.len() - 1, input.len() - 1);
    if last > 0 && end > 0 && result[last].is_none() {
        for r in result.iter_mut() {
            if *r == Some(end) {
                *r = None;
            }
        }
        result[last] = Some(end);
    }
    result
}

/// Whether output character `o` spells input character `i` after nazar's
/// folds (case, Latin accents, Arabic letter variants, digits).
fn same_letter(o: char, i: char) -> bool {
    o == i || fold(o) == fold(i)
}

fn fold(c: char) -> char {
    if let Some(d) = eastern_digit_value(c) {
        return char::from_digit(d, 10).unwrap_or(c);
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    fold_arabic_variant(unify_persian_letter(fold_latin_accent(lower)))
}

/// Characters nazar drops when they stand next to a letter: they never make
/// a good anchor.
fn is_mark(c: char) -> bool {
    is_arabic_diacritic(c)
        || c == KASHIDA
        || is_invisible(c)
        || matches!(c, ZWNJ | ZWJ | ZWSP)
        || is_latin_combining(c)
        || c.is_whitespace()
        || is_other_combining(c)
}

/// Variation selectors and the combining blocks beyond U+0300–U+036F.
fn is_other_combining(c: char) -> bool {
    matches!(c,
        '\u{FE00}'..='\u{FE0F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Turns anchors into transform steps. Anchors that would go backwards and
/// find no free character left in their range become insertions, so the
/// plan is always valid.
fn sequence(outs: &[Out], anchors: &[Option<usize>], n_input: usize) -> Plan {
    let mut plan = Plan {
        steps: Vec::with_capacity(outs.len()),
        initial_offset: 0,
    };
    // First input character not yet consumed or dropped.
    let mut next = 0;
    // The step that drops the input characters skipped before the next anchor.
    let mut last_consuming: Option<usize> = None;
    let drop = |plan: &mut Plan, last: Option<usize>, n: usize| {
        if n == 0 {
            return;
        }
        match last {
            Some(k) => plan.steps[k].1 -= n as isize,
            None => plan.initial_offset += n,
        }
    };
    for (out, anchor) in outs.iter().zip(anchors) {
        // An anchor taken by an earlier character (ranges that overlap, as
        // when nazar widens the last letter of a ligature over a dropped
        // ZWJ) falls back to the next free character of the range.
        let anchor = match *anchor {
            Some(k) if k < next && next < out.hi => Some(next),
            a => a,
        };
        match anchor {
            Some(k) if k >= next && k < n_input => {
                drop(&mut plan, last_consuming, k - next);
                last_consuming = Some(plan.steps.len());
                plan.steps.push((out.c, 0));
                next = k + 1;
            }
            _ => plan.steps.push((out.c, 1)),
        }
    }
    if !plan.steps.is_empty() {
        drop(&mut plan, last_consuming, n_input - next);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Lang, Normalizer};

    /// Replays a plan the way `NormalizedString::transform` does and returns,
    /// for each output character, the input text it is aligned to.
    fn replay(input: &str, plan: &Plan) -> Vec<String> {
        let chars: Vec<char> = input.chars().collect();
        let mut at = plan.initial_offset;
        let mut out = Vec::new();
        for &(_, change) in &plan.steps {
            if change > 0 {
                out.push(match at.checked_sub(1) {
                    Some(p) => chars[p].to_string(),
                    None => String::new(),
                });
            } else {
                out.push(chars[at].to_string());
                at += 1 + (-change) as usize;
            }
        }
        assert!(at <= chars.len(), "plan consumes past the input");
        out
    }

    struct Case {
        name: &'static str,
        input: &'static str,
        lang: Lang,
        key: bool,
        output: &'static str,
        /// The input character each output character is aligned to.
        sources: &'static [&'static str],
    }

    const CASES: &[Case] = &[
        Case {
            name: "replaced letters and digits",
            input: "كي ۱۲",
            lang: Lang::Fa,
            key: false,
            output: "کی 12",
            sources: &["ك", "ي", " ", "۱", "۲"],
        },
        Case {
            name: "deleted diacritic and kashida",
            input: "خوبِ عــالی",
            lang: Lang::Fa,
            key: false,
            output: "خوب عالی",
            sources: &["خ", "و", "ب", " ", "ع", "ا", "ل", "ی"],
        },
        Case {
            name: "deleted leading bidi mark",
            input: "\u{200E}سلام",
            lang: Lang::Fa,
            key: false,
            output: "سلام",
            sources: &["س", "ل", "ا", "م"],
        },
        Case {
            name: "deleted ZWNJ in the key",
            input: "می‌خواهم",
            lang: Lang::Fa,
            key: true,
            output: "میخواهم",
            sources: &["م", "ی", "خ", "و", "ا", "ه", "م"],
        },
        Case {
            name: "space turned ZWNJ, then dropped in the key",
            input: "می خواهم",
            lang: Lang::Fa,
            key: true,
            output: "میخواهم",
            sources: &["م", "ی", "خ", "و", "ا", "ه", "م"],
        },
        Case {
            name: "space turned ZWNJ in the display form",
            input: "می خواهم",
            lang: Lang::Fa,
            key: false,
            output: "می\u{200C}خواهم",
            sources: &["م", "ی", " ", "خ", "و", "ا", "ه", "م"],
        },
        Case {
            name: "inserted ZWNJ in a glued plural",
            input: "شبکههای",
            lang: Lang::Fa,
            key: false,
            output: "شبکه\u{200C}های",
            sources: &["ش", "ب", "ک", "ه", "ه", "ه", "ا", "ی"],
        },
        Case {
            name: "inserted space after punctuation",
            input: "عالی،خوب",
            lang: Lang::Fa,
            key: false,
            output: "عالی، خوب",
            sources: &["ع", "ا", "ل", "ی", "،", "،", "خ", "و", "ب"],
        },
        Case {
            name: "squeezed word-final run anchors to its last repeat",
            input: "خیلیییی",
            lang: Lang::Fa,
            key: false,
            output: "خیلی",
            sources: &["خ", "ی", "ل", "ی"],
        },
        Case {
            name: "expanded abbreviation",
            input: "vc é",
            lang: Lang::Pt,
            key: true,
            output: "voce e",
            sources: &["v", "v", "v", "c", " ", "é"],
        },
        Case {
            name: "split contraction",
            input: "don't",
            lang: Lang::En,
            key: true,
            output: "do not",
            sources: &["d", "o", "o", "n", "'", "t"],
        },
        Case {
            name: "presentation-form ligature",
            input: "\u{FEFB}",
            lang: Lang::Fa,
            key: false,
            output: "لا",
            sources: &["\u{FEFB}", "\u{FEFB}"],
        },
    ];

    /// Found by the property tests in `tests/hf.rs`.
    const REGRESSIONS: &[Case] = &[
        Case {
            name: "ligature whose last letter nazar widened over a dropped ZWJ",
            input: "\u{FDF2}\u{200D}",
            lang: Lang::Fa,
            key: false,
            output: "الله",
            sources: &["\u{FDF2}", "\u{FDF2}", "\u{FDF2}", "\u{200D}"],
        },
        Case {
            name: "ligature whose last letter squeezes the run after it",
            input: "\u{FDF2}هة",
            lang: Lang::Fa,
            key: false,
            output: "الله",
            sources: &["\u{FDF2}", "\u{FDF2}", "\u{FDF2}", "ه"],
        },
        Case {
            // The limit of `transform`: the tail of an expansion shares the
            // alignment of what nazar dropped right after it.
            name: "expansion before a dropped space",
            input: "q , bom",
            lang: Lang::Pt,
            key: true,
            output: "que, bom",
            sources: &["q", " ", " ", ",", " ", "b", "o", "m"],
        },
    ];

    #[test]
    fn regressions() {
        run(REGRESSIONS);
    }

    #[test]
    fn cases() {
        run(CASES);
    }

    fn run(cases: &[Case]) {
        let n = Normalizer::default();
        for case in cases {
            let out = n.normalize_as(case.input, case.lang);
            let (text, align) = if case.key {
                (out.key(), out.key_alignment())
            } else {
                (out.display(), out.display_alignment())
            };
            assert_eq!(text, case.output, "{}: output", case.name);
            let plan = plan(case.input, text, align);
            let spelled: String = plan.steps.iter().map(|s| s.0).collect();
            assert_eq!(
                spelled, case.output,
                "{}: steps spell the output",
                case.name
            );
            assert_eq!(replay(case.input, &plan), case.sources, "{}", case.name);
        }
    }

    #[test]
    fn squeezed_word_final_run_anchors_to_its_last_repeat() {
        let n = Normalizer::default();
        let out = n.normalize_as("خیلیییی", Lang::Fa);
        let plan = plan_for(&out);
        // خ ی ل consume the first three characters; ل drops the first three
        // repeats so that the last ی consumes the last one.
        let steps = vec![('خ', 0), ('ی', 0), ('ل', -3), ('ی', 0)];
        assert_eq!(
            plan,
            Plan {
                steps,
                initial_offset: 0
            }
        );
    }

    #[test]
    fn squeezed_word_start_anchors_to_first_repeat() {
        let outs = [
            Out {
                c: 'ا',
                lo: 0,
                hi: 3,
            },
            Out {
                c: 'ب',
                lo: 3,
                hi: 4,
            },
        ];
        let a = anchors(&outs, &['ا', 'ا', 'ا', 'ب']);
        assert_eq!(a, vec![Some(0), Some(3)]);
    }

    #[test]
    fn empty_output_and_input() {
        let n = Normalizer::default();
        let out = n.normalize("\u{200E}\u{064E}");
        assert_eq!(out.display(), "");
        let plan = plan("\u{200E}\u{064E}", out.display(), out.display_alignment());
        assert!(plan.steps.is_empty());
        let out = n.normalize("");
        assert_eq!(plan_for(&out), Plan::default());
    }

    fn plan_for(out: &crate::Normalized<'_>) -> Plan {
        plan(out.original(), out.display(), out.display_alignment())
    }

    #[test]
    fn group_without_common_letters_anchors_its_first_character() {
        assert_eq!(
            match_group(&['x', 'y'], &['a', 'b']),
            vec![Some(0), Some(1)]
        );
        // `y` spells input 0 but `x` must own the start of the range.
        assert_eq!(match_group(&['x', 'y'], &['y']), vec![Some(0), None]);
    }

    #[test]
    fn group_ends_on_its_last_input_character() {
        // `voce` from `vc`: `e` takes `c` from `c`, which is inserted.
        let got = match_group(&['v', 'o', 'c', 'e'], &['v', 'c']);
        assert_eq!(got, vec![Some(0), None, None, Some(1)]);
        let got = match_group(&['d', 'o', ' ', 'n', 'o', 't'], &['d', 'o', 'n', '\'', 't']);
        assert_eq!(got, vec![Some(0), Some(1), None, Some(2), None, Some(4)]);
    }
}
