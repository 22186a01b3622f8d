"""Per-category term counts of the default lexicons, for core/lexicons/NOTES.md.

Each cell is the number of terms of a category in one language and, in
parentheses, how many of them occur literally (a whole-word match of the
term's key in the match key of a first-half comment of that language's
evaluation files); `stems.*` and `patterns.*` entries are noted beside.

    python benches/lexicon_counts.py [--data ../shared/data]

Needs the `nazar` Python module (`make python-dev`).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nazar
from eval_polarity import ROOT, first_half, load

LANGS = ("en", "pt", "fa")


def first_half_keys(data: Path, normalizers: dict) -> dict[str, str]:
    """Language -> the match keys of its first-half comments, one per line."""
    texts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for lang, examples in load(data, first_half).values():
        texts[lang].extend(e.text for e in examples)
    return {
        lang: "\n".join(normalizers[lang].key(t) for t in lines) for lang, lines in texts.items()
    }


def attested(key: str, corpus: str) -> bool:
    return re.search(rf"(?<![\w']){re.escape(key)}(?![\w'])", corpus) is not None


def cell(category: dict, lang: str, normalizer, corpus: str) -> tuple[str, int, int]:
    terms = category["terms"].get(lang, [])
    found = sum(attested(normalizer.key(t), corpus) for t in terms)
    text = f"{len(terms)} ({found})"
    for kind in ("stems", "patterns"):
        n = len(category[kind].get(lang, []))
        if n:
            text += f" +{n} {kind[:-1]}"
    return text, len(terms), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"data directory {args.data} not found (the public files named in SOURCES)")
    normalizers = {lang: nazar.Normalizer(lang=lang) for lang in LANGS}
    corpora = first_half_keys(args.data, normalizers)
    totals = {lang: [0, 0] for lang in LANGS}
    print("| category | polarity | aspect | en | pt | fa |")
    print("|---|---|---|---|---|---|")
    emoji = []
    for category in nazar.Lexicon.default().categories():
        if category["terms"].get("any"):
            emoji.append(f"- `{category['name']}`: {len(category['terms']['any'])} emoji")
        cells = []
        for lang in LANGS:
            text, n, found = cell(category, lang, normalizers[lang], corpora[lang])
            totals[lang][0] += n
            totals[lang][1] += found
            cells.append(text)
        if not any(category[k].get(lang) for k in ("terms", "stems", "patterns") for lang in LANGS):
            continue
        print(
            f"| {category['name']} | {category['polarity']} | {category['aspect']} | "
            + " | ".join(cells)
            + " |"
        )
    total = " | ".join(f"{n} ({found})" for n, found in totals.values())
    print(f"| **total** | | | {total} |")
    print()
    print("\n".join(emoji))


if __name__ == "__main__":
    main()
