"""Calibration of `nazar flag` on simulated catalogues: false flags and power.

Each catalogue has `--products` ordinary products spread over `--cats`
categories (and `--periods` sales periods), whose true comment rates and
contradiction rates are drawn from Beta priors (mean 5 %, concentration
`--conc`). Nothing in an ordinary catalogue is anomalous, so every flag is a
false discovery, and at FDR 5 % at most about one catalogue in twenty
should have any. With `--plant`, three anomalies are added to the first
category and period: 4 of 4 comments fake (`A44`), 8 of 15 fake (`A815`),
and 5 comments on 10 sales (`A510`). Prints, per binary, the catalogues
with a false flag and how often each anomaly was found.

    python benches/flag_calibration.py --products 5000 --cats 100 [--seeds 20]
        [--periods 2023-10,2023-11] [--conc-spread 1.5] [--plant]
        [--flat-cats 90 --flat-sales 1000] [--nazar target/release/nazar ...]

`--flat-cats N` gives the first N categories no spread at all (every
product's true rates are the mean), and `--flat-sales S` sells their
products 10 to S times, so they have few comments: groups whose own fit
finds no overdispersion (its concentration at the upper bound), beside
the other categories at `--conc`. (The planted anomalies go to the first
category, then one of these.)

Pass `--nazar` several times to compare builds on the same catalogues.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEAN = 0.05


def binomial(rng: random.Random, n: int, p: float) -> int:
    if p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if n < 200:
        return sum(rng.random() < p for _ in range(n))
    # Geometric skips between successes: exact, and fast for small p.
    k, i, log_q = 0, 0, math.log1p(-p)
    while True:
        i += int(math.log(1.0 - rng.random()) / log_q) + 1
        if i > n:
            return k
        k += 1


def catalogue(args: argparse.Namespace, seed: int, out: Path) -> None:
    """Writes `out/comments.csv` and `out/sales.csv`."""
    rng = random.Random(seed)
    periods = args.periods.split(",") if args.periods else [""]
    comments = ["comment_id,product_id,text"]
    sales = ["product_id,sales,category,period"]

    def product(pid: str, n_sales: int, n_comments: int, n_fake: int, cat: str, per: str) -> None:
        texts = ["this is fake"] * n_fake + ["this is fine"] * (n_comments - n_fake)
        rng.shuffle(texts)
        comments.extend(f"{pid}-{i},{pid},{t}" for i, t in enumerate(texts))
        sales.append(f"{pid},{n_sales},{cat},{per}")

    # Each category's own concentration: `--conc` times a factor between
    # e^-s and e^s (log-uniform), so that categories differ in spread.
    spread = args.conc_spread
    concs = [args.conc * math.exp(rng.uniform(-spread, spread)) for _ in range(args.cats)]

    def beta(c: float) -> float:
        return MEAN if math.isinf(c) else rng.betavariate(MEAN * c, (1 - MEAN) * c)

    # The first `--flat-cats` categories have no spread at all (every
    # product's true rates are the mean) and sell at most `--flat-sales`.
    flat = min(args.flat_cats, args.cats)
    concs[:flat] = [math.inf] * flat
    for i in range(args.products):
        most = args.flat_sales if i % args.cats < flat else 10_000
        n_sales = round(math.exp(rng.uniform(math.log(10), math.log(most))))
        c = concs[i % args.cats]
        n_comments = binomial(rng, n_sales, beta(c))
        cat, per = f"c{i % args.cats}", periods[i % len(periods)]
        product(f"p{i}", n_sales, n_comments, binomial(rng, n_comments, beta(c)), cat, per)
    if args.plant:
        for pid, n_sales, n_comments, n_fake in [
            ("A44", 80, 4, 4),
            ("A815", 300, 15, 8),
            ("A510", 10, 5, 0),
        ]:
            product(pid, n_sales, n_comments, n_fake, "c0", periods[0])
    (out / "comments.csv").write_text("\n".join(comments) + "\n", encoding="utf-8")
    (out / "sales.csv").write_text("\n".join(sales) + "\n", encoding="utf-8")


def flags(nazar: Path, out: Path) -> list[tuple[str, str]]:
    run = subprocess.run(
        [
            str(nazar),
            "flag",
            "--lang",
            "en",
            "--comments",
            str(out / "comments.csv"),
            "--sales",
            str(out / "sales.csv"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return [(row["product_id"], row["flags"]) for row in csv.DictReader(io.StringIO(run.stdout))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--cats", type=int, default=1)
    parser.add_argument("--periods", default="")
    parser.add_argument("--conc", type=float, default=20.0, help="concentration of the true rates")
    parser.add_argument(
        "--conc-spread",
        type=float,
        default=0.0,
        help="categories' concentrations vary by a factor up to e^s either way (log-uniform)",
    )
    parser.add_argument(
        "--flat-cats",
        type=int,
        default=0,
        help="the first N categories have no spread: every product's true rates are the mean",
    )
    parser.add_argument(
        "--flat-sales",
        type=int,
        default=10_000,
        help="most sales of a product of those categories (log-uniform from 10), so few comments",
    )
    parser.add_argument("--plant", action="store_true")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--nazar", type=Path, action="append")
    args = parser.parse_args()
    if args.flat_sales < 10:
        parser.error("--flat-sales must be at least 10 (sales run log-uniform from 10)")
    binaries = args.nazar or [ROOT / "target" / "release" / "nazar"]
    false_catalogues = Counter()
    false_flags = Counter()
    found = {b: Counter() for b in binaries}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for seed in range(args.seeds):
            catalogue(args, seed, out)
            for b in binaries:
                got = flags(b, out)
                ordinary = [p for p, _ in got if not p.startswith("A")]
                false_flags[b] += len(ordinary)
                false_catalogues[b] += bool(ordinary)
                found[b].update(p for p, _ in got if p.startswith("A"))
    for b in binaries:
        planted = (
            " ".join(f"{p} {found[b][p]}/{args.seeds}" for p in ("A44", "A815", "A510"))
            if args.plant
            else ""
        )
        print(
            f"{b}: catalogues with a false flag {false_catalogues[b]}/{args.seeds} "
            f"({false_flags[b]} false flags) {planted}"
        )


if __name__ == "__main__":
    main()
