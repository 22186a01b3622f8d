"""Normalize the same Persian corpus with hazm and with nazar, in one run.

Prints both throughputs (MB/s of UTF-8 input) and their ratio. hazm is single
threaded, so nazar is measured both on one core (a plain loop of single
calls, Python overhead included) and with its batch call on all cores.

    python benches/peers/normalize_vs_hazm.py [--corpus fixtures/corpus/fa.txt] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import nazar
from _timing import ROOT, best_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT / "fixtures/corpus/fa.txt")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    lines = args.corpus.read_text(encoding="utf-8").splitlines()
    megabytes = sum(len(line.encode("utf-8")) for line in lines) / 1e6

    from hazm import Normalizer as HazmNormalizer

    hazm = HazmNormalizer()
    ours = nazar.Normalizer(lang="fa")

    t_hazm = best_time(lambda: [hazm.normalize(line) for line in lines], args.repeat)
    t_one = best_time(lambda: [ours.normalize(line) for line in lines], args.repeat)
    t_keys = best_time(
        lambda: [(ours.normalize(line), ours.key(line)) for line in lines], args.repeat
    )
    t_batch = best_time(lambda: ours.normalize_batch(lines), args.repeat)

    cores = os.cpu_count() or 1
    print(f"corpus: {args.corpus.name}, {len(lines)} comments, {megabytes:.2f} MB")
    print(f"hazm Normalizer.normalize (1 core):       {megabytes / t_hazm:8.2f} MB/s")
    print(f"nazar normalize, loop (1 core):            {megabytes / t_one:8.2f} MB/s")
    print(f"nazar normalize + key, loop (1 core):      {megabytes / t_keys:8.2f} MB/s")
    print(f"nazar normalize_batch ({cores} cores):           {megabytes / t_batch:8.2f} MB/s")
    print(f"ratio nazar/hazm, one core:                {t_hazm / t_one:8.1f}x")
    print(f"ratio nazar/hazm, batch:                   {t_hazm / t_batch:8.1f}x")


if __name__ == "__main__":
    main()
