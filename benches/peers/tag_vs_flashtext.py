"""Tag the same corpus with the same term list using flashtext and nazar.

flashtext (a trie keyword extractor) gets every term of nazar's default
lexicon for the language, mapped to its category; nazar tags with the same
lexicon and also normalizes, handles negation and maps evidence spans. Prints
both throughputs (MB/s of UTF-8 input) and their ratio.

    python benches/peers/tag_vs_flashtext.py [--lang fa|en|pt] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os

import nazar
from _timing import ROOT, best_time


def run(lang: str, repeat: int) -> None:
    from flashtext import KeywordProcessor

    lines = (ROOT / "fixtures" / "corpus" / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    megabytes = sum(len(line.encode("utf-8")) for line in lines) / 1e6

    lexicon = nazar.Lexicon.default()
    processor = KeywordProcessor(case_sensitive=False)
    terms = 0
    for category in lexicon.categories():
        for key in (lang, "any"):
            for term in category["terms"].get(key, []):
                processor.add_keyword(term, category["name"])
                terms += 1
    tagger = nazar.Tagger(lexicon, lang=lang)

    t_flash = best_time(lambda: [processor.extract_keywords(line) for line in lines], repeat)
    t_one = best_time(lambda: [tagger.tag(line) for line in lines], repeat)
    t_batch = best_time(lambda: tagger.tag_batch(lines), repeat)
    found_flash = sum(1 for line in lines if processor.extract_keywords(line))
    found_nazar = sum(1 for t in tagger.tag_batch(lines) if t.matches)

    print(f"[{lang}] {len(lines)} comments, {megabytes:.2f} MB, {terms} terms")
    print(f"  flashtext extract_keywords (1 core): {megabytes / t_flash:8.2f} MB/s")
    print(f"  nazar tag, loop (1 core):             {megabytes / t_one:8.2f} MB/s")
    print(f"  nazar tag_batch ({os.cpu_count()} cores):          {megabytes / t_batch:8.2f} MB/s")
    print(f"  ratio nazar/flashtext, one core:      {t_flash / t_one:8.1f}x")
    print(f"  ratio nazar/flashtext, batch:         {t_flash / t_batch:8.1f}x")
    print(f"  comments with a match: flashtext {found_flash}, nazar {found_nazar}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["fa", "en", "pt"], action="append")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    for lang in args.lang or ["fa", "en", "pt"]:
        run(lang, args.repeat)


if __name__ == "__main__":
    main()
