"""Evaluate nazar's comment labels against customer ratings, beside VADER and LeIA.

Runs `nazar tag` on the rated comments of the public data sets (Olist for
Portuguese, DeepSentiPers and the Digikala file for Persian, Amazon Fine Food
for English) and prints, per data set: coverage (share of comments with at
least one match), and precision, recall and macro-F1 of the label against the
rating. The default lexicons were written from the FIRST half of each file
(by row order); the scores reported are on the SECOND half, held out.

Gold labels: Olist and Amazon review score 1-2 negative, 4-5 positive (3 and
missing scores are left out); DeepSentiPers polarity sign (0 left out); the
Digikala label "recommend" / "do not recommend" ("not sure" and misaligned
rows left out). A prediction is nazar's label (`mixed` falls back to the sign
of its score; `neutral` is no prediction, which counts against recall); for
VADER and LeIA, compound >= 0.05 positive, <= -0.05 negative, else none.

    python benches/eval_polarity.py [--data ../shared/data] [--nazar target/release/nazar]

Writes fixtures/eval/summary.json and fixtures/eval/summary.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
csv.field_size_limit(sys.maxsize)


@dataclass
class Example:
    id: str
    text: str
    gold: str  # "pos" or "neg"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def second_half(rows: list) -> list:
    return rows[len(rows) // 2 :]


def first_half(rows: list) -> list:
    return rows[: len(rows) // 2]


def join(*parts: str) -> str:
    return ". ".join(p.strip() for p in parts if p and p.strip())


def score_gold(score: str) -> str | None:
    try:
        s = int(float(score))
    except ValueError:
        return None
    return "pos" if s >= 4 else "neg" if s <= 2 else None


def load(data: Path, half) -> dict[str, tuple[str, list[Example]]]:
    """Data set name -> (language, labelled examples of the chosen half)."""
    sets: dict[str, tuple[str, list[Example]]] = {}

    rows = half(read_rows(data / "olist_order_reviews_dataset.csv"))
    ex = [
        Example(
            r["review_id"],
            join(r["review_comment_title"], r["review_comment_message"]),
            g,
        )
        for r in rows
        if (g := score_gold(r["review_score"]))
    ]
    sets["olist (pt)"] = ("pt", [e for e in ex if e.text])

    rows = half(read_rows(data / "amazon_fine_food_reviews_sample.csv"))
    ex = [
        Example(r["Id"], join(r["Summary"], r["Text"]), g)
        for r in rows
        if (g := score_gold(r["Score"]))
    ]
    sets["amazon (en)"] = ("en", ex)

    rows = half(read_rows(data / "deepsentipers_original.csv"))
    ex = []
    for i, r in enumerate(rows):
        try:
            p = int(r["polarity"])
        except ValueError:
            continue
        if p != 0:
            ex.append(Example(str(i), r["text"], "pos" if p > 0 else "neg"))
    sets["deepsentipers (fa)"] = ("fa", ex)

    rows = half(read_rows(data / "digikala_comments_scraped_kimik6.csv"))
    gold_of = {"پیشنهاد می‌کنم": "pos", "پیشنهاد نمی‌کنم": "neg"}
    ex = [
        Example(r[""], r["comments"], gold_of[r["labels"].strip()])
        for r in rows
        if r["labels"].strip() in gold_of
    ]
    sets["digikala (fa)"] = ("fa", ex)
    return sets


def run_nazar(binary: Path, lang: str, examples: list[Example]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "text"])
            for e in examples:
                w.writerow([e.id, e.text])
        out = subprocess.run(
            [str(binary), "tag", "--lang", lang, str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return [json.loads(line) for line in out.splitlines()]


def nazar_prediction(tag: dict) -> str | None:
    label = tag["label"]
    if label == "positive":
        return "pos"
    if label == "negative":
        return "neg"
    if label == "mixed" and tag["score"] != 0:
        return "pos" if tag["score"] > 0 else "neg"
    return None


def vader_like_prediction(compound: float) -> str | None:
    return "pos" if compound >= 0.05 else "neg" if compound <= -0.05 else None


def metrics(gold: list[str], pred: list[str | None]) -> dict[str, float]:
    out: dict[str, float] = {}
    f1s = []
    for c in ("pos", "neg"):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        n_pred = sum(1 for p in pred if p == c)
        n_gold = sum(1 for g in gold if g == c)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[f"precision_{c}"] = round(precision, 4)
        out[f"recall_{c}"] = round(recall, 4)
        out[f"f1_{c}"] = round(f1, 4)
        f1s.append(f1)
    out["macro_f1"] = round(sum(f1s) / len(f1s), 4)
    out["answered"] = round(sum(1 for p in pred if p) / len(pred), 4) if pred else 0.0
    return out


def peer(lang: str):
    """The peer analyser for `lang`, or None where there is none."""
    try:
        if lang == "en":
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            return "VADER", SentimentIntensityAnalyzer()
        if lang == "pt":
            from LeIA import SentimentIntensityAnalyzer

            return "LeIA", SentimentIntensityAnalyzer()
    except ImportError:
        print(f"(peer for {lang} not installed: pip install -r benches/peers/requirements.txt)")
    return None


def evaluate(binary: Path, sets) -> dict:
    results = {}
    for name, (lang, examples) in sets.items():
        tags = run_nazar(binary, lang, examples)
        assert len(tags) == len(examples), f"{name}: {len(tags)} answers for {len(examples)} rows"
        gold = [e.gold for e in examples]
        row = {
            "lang": lang,
            "comments": len(examples),
            "positive": gold.count("pos"),
            "negative": gold.count("neg"),
            "coverage": round(sum(1 for t in tags if t["matches"]) / len(tags), 4),
            "nazar": metrics(gold, [nazar_prediction(t) for t in tags]),
        }
        found = peer(lang)
        if found:
            peer_name, analyser = found
            pred = [
                vader_like_prediction(analyser.polarity_scores(e.text)["compound"])
                for e in examples
            ]
            row["peer"] = {"name": peer_name, **metrics(gold, pred)}
        results[name] = row
    return results


def markdown(results: dict) -> str:
    lines = [
        (
            "| data set | comments (+/−) | coverage | nazar P+ / R+ | nazar P− / R− "
            "| nazar macro-F1 | peer macro-F1 |"
        ),
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        n = r["nazar"]
        p = r.get("peer")
        peer_cell = f"{p['name']} {p['macro_f1']:.2f}" if p else "—"
        lines.append(
            f"| {name} | {r['comments']} ({r['positive']}/{r['negative']}) "
            f"| {r['coverage']:.0%} | {n['precision_pos']:.2f} / {n['recall_pos']:.2f} "
            f"| {n['precision_neg']:.2f} / {n['recall_neg']:.2f} | **{n['macro_f1']:.2f}** "
            f"| {peer_cell} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--nazar", type=Path, default=ROOT / "target" / "release" / "nazar")
    parser.add_argument("--half", choices=["test", "train"], default="test")
    parser.add_argument("--out", type=Path, default=ROOT / "fixtures" / "eval")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"data directory {args.data} not found (the public files named in SOURCES)")
    half = second_half if args.half == "test" else first_half
    results = evaluate(args.nazar, load(args.data, half))
    table = markdown(results)
    print(table)
    if args.half == "test":
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "summary.json").write_text(json.dumps(results, indent=2) + "\n")
        (args.out / "summary.md").write_text(
            "Held-out second halves; produced by `python benches/eval_polarity.py`.\n\n" + table
        )


if __name__ == "__main__":
    main()
