"""Throughput of nazar.spark.tag_comments against a plain Python UDF.

Both tag the same comments (fixtures/corpus, all three languages, repeated)
in Spark local mode on one and then two cores (``local[1]``, ``local[2]``):

* nazar: ``tag_comments`` (``mapInArrow``, Rust, tagger built once per
  worker), giving language, label, score and matches;
* peer: a row-at-a-time Python UDF with flashtext (as in
  tag_vs_flashtext.py), given every term of nazar's default lexicon mapped to
  its category, returning (category, term, start, end) per match; it does
  less (no normalization, negation, language or label).

The comments are read from a Parquet file and cached first; the output goes
to Spark's ``noop`` sink, so the time is the tagging. Prints comments/s and
the nazar/UDF ratio per core count.

    python benches/peers/spark_tag.py [--comments 200000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile

import nazar
import pyarrow as pa
import pyarrow.parquet as pq
from _timing import ROOT, best_time
from nazar import spark as nspark
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T


def corpus(n: int) -> list[str]:
    lines: list[str] = []
    for lang in ("fa", "en", "pt"):
        text = (ROOT / "fixtures" / "corpus" / f"{lang}.txt").read_text(encoding="utf-8")
        lines += [line for line in text.splitlines() if line]
    return [lines[i % len(lines)] for i in range(n)]


def keyword_pairs() -> list[tuple[str, str]]:
    pairs = []
    for category in nazar.Lexicon.default().categories():
        for terms in category["terms"].values():
            pairs += [(term, category["name"]) for term in terms]
    return pairs


def flashtext_udf(pairs: list[tuple[str, str]]):
    built: dict[str, object] = {}

    def extract(text: str | None):
        if text is None:
            return None
        processor = built.get("p")
        if processor is None:
            from flashtext import KeywordProcessor

            processor = KeywordProcessor(case_sensitive=False)
            for term, category in pairs:
                processor.add_keyword(term, category)
            built["p"] = processor
        return [
            (category, text[start:end], start, end)
            for category, start, end in processor.extract_keywords(text, span_info=True)
        ]

    match = T.StructType(
        [
            T.StructField("category", T.StringType()),
            T.StructField("term", T.StringType()),
            T.StructField("start", T.IntegerType()),
            T.StructField("end", T.IntegerType()),
        ]
    )
    return F.udf(extract, T.ArrayType(match))


def measure(master: str, path: str, n: int, repeat: int, partitions: int) -> tuple[float, float]:
    spark = (
        SparkSession.builder.master(master)
        .appName("nazar-bench-spark-tag")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(partitions))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.read.parquet(path).repartition(partitions).cache()
    assert df.count() == n
    udf = flashtext_udf(keyword_pairs())

    def run_nazar() -> None:
        nspark.tag_comments(df).write.format("noop").mode("overwrite").save()

    def run_udf() -> None:
        df.withColumn("matches", udf("text")).write.format("noop").mode("overwrite").save()

    run_nazar()  # warm up: Python workers started, taggers built
    run_udf()
    t_nazar = best_time(run_nazar, repeat)
    t_udf = best_time(run_udf, repeat)
    df.unpersist()
    spark.stop()
    return n / t_nazar, n / t_udf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=8)
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    texts = corpus(args.comments)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "comments.parquet")
        pq.write_table(pa.table({"id": range(len(texts)), "text": texts}), path)
        print(
            f"[spark_tag] {args.comments} comments ({megabytes:.1f} MB), "
            f"{args.partitions} partitions, best of {args.repeat}"
        )
        for cores in (1, 2):
            fast, slow = measure(
                f"local[{cores}]", path, args.comments, args.repeat, args.partitions
            )
            print(
                f"  local[{cores}]: nazar tag_comments {fast:9.0f} comments/s, "
                f"flashtext Python UDF {slow:9.0f} comments/s, ratio {fast / slow:5.1f}x"
            )


if __name__ == "__main__":
    main()
