"""How much the Python batch path costs over the Rust CLI, and how far ahead of
the pure-Python peers it is, on the same corpus.

Times (best of --repeat) for tagging the corpus of each language with:
- the CLI: `nazar tag --lines --lang L` on the corpus file (process start and
  JSON output included, so this is a generous baseline);
- Python `Tagger.tag_batch` on a list of str and on a pyarrow array;
- hazm's Normalizer (Persian) and flashtext (same term list) for scale.

    python benches/peers/python_overhead.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

import nazar
import pyarrow as pa
from _timing import ROOT, best_time


def run(lang: str, binary: Path, repeat: int) -> None:
    path = ROOT / "fixtures" / "corpus" / f"{lang}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    mb = sum(len(x.encode()) for x in lines) / 1e6
    tagger = nazar.Tagger(lang=lang)
    array = pa.array(lines)
    command = [str(binary), "tag", "--lines", "--lang", lang, str(path)]

    def cli() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    t_cli = best_time(cli, repeat)
    t_list = best_time(lambda: tagger.tag_batch(lines), repeat)
    t_arrow = best_time(lambda: tagger.tag_batch(array), repeat)
    print(f"[{lang}] {len(lines)} comments, {mb:.2f} MB")
    print(f"  nazar tag CLI:              {t_cli:7.3f} s  {mb / t_cli:7.2f} MB/s")
    print(f"  Tagger.tag_batch(list):     {t_list:7.3f} s  {t_list / t_cli:5.2f}x the CLI")
    print(f"  Tagger.tag_batch(pa.array): {t_arrow:7.3f} s  {t_arrow / t_cli:5.2f}x the CLI")
    try:
        from flashtext import KeywordProcessor
    except ImportError:
        print("  (flashtext not installed)")
    else:
        kp = KeywordProcessor()
        for c in tagger.lexicon.categories():
            for term in c["terms"].get(lang, []):
                kp.add_keyword(term, c["name"])
        t_flash = best_time(lambda: [kp.extract_keywords(x) for x in lines], repeat)
        print(f"  flashtext (1 core):         {t_flash:7.3f} s  nazar {t_flash / t_list:5.1f}x")
    if lang == "fa":
        try:
            from hazm import Normalizer
        except ImportError:
            print("  (hazm not installed)")
        else:
            hz = Normalizer()
            t_hazm = best_time(lambda: [hz.normalize(x) for x in lines], repeat)
            print(f"  hazm normalize only:        {t_hazm:7.3f} s  nazar {t_hazm / t_list:5.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nazar", type=Path, default=ROOT / "target" / "release" / "nazar")
    args = parser.parse_args()
    for lang in ("fa", "en", "pt"):
        run(lang, args.nazar, args.repeat)


if __name__ == "__main__":
    main()
