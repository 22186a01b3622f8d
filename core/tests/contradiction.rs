//! Contradiction keywords on hand-written comments: does the tagger find
//! that an item is fake, not as described or the wrong one, in the ways
//! customers write it, and does it keep quiet on near-misses (a doubt, a
//! question, a fake bought elsewhere, the buyer's own mistake)?
//!
//! `fixtures/contradiction/<lang>.tsv` holds `text<TAB>yes|no` per line
//! (yes: the comment says the item contradicts its listing). The floors
//! below are what the default lexicons reach today; a change that loses a
//! detection or adds a false alarm fails here and lists the lines.

use std::path::PathBuf;

use nazar::{Lang, Tagger};

/// (language, least detections of the `yes` lines, most false alarms on
/// the `no` lines).
const FLOORS: [(Lang, usize, usize); 3] = [(Lang::En, 47, 0), (Lang::Pt, 63, 1), (Lang::Fa, 48, 0)];

#[test]
fn contradictions_are_found_and_near_misses_are_not() {
    let tagger = Tagger::default();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fixtures/contradiction");
    let mut failures = Vec::new();
    for (lang, least_found, most_false) in FLOORS {
        let path = dir.join(format!("{}.tsv", lang.code()));
        let text = std::fs::read_to_string(&path).expect("fixture");
        let (mut found, mut false_alarms, mut wrong) = (0, 0, Vec::new());
        for (i, line) in text.lines().enumerate() {
            let (comment, want) = line
                .split_once('\t')
                .unwrap_or_else(|| panic!("{}:{}: no tab", path.display(), i + 1));
            let want = match want {
                "yes" => true,
                "no" => false,
                other => panic!("{}:{}: {other:?} is not yes or no", path.display(), i + 1),
            };
            let got = tagger.tag_as(comment, Some(lang)).has_contradiction();
            found += usize::from(want && got);
            false_alarms += usize::from(!want && got);
            if want != got {
                wrong.push(format!(
                    "  {}: {comment}",
                    if want { "missed" } else { "false alarm" }
                ));
            }
        }
        if found < least_found || false_alarms > most_false {
            failures.push(format!(
                "{}: {found} found (at least {least_found}), {false_alarms} false alarms (at most \
                 {most_false}):\n{}",
                lang.code(),
                wrong.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
