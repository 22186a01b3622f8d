"""The daily flagging job on Spark: tag the comments, flag the products.

    spark-submit python/examples/spark_flag.py COMMENTS SALES OUT [--fdr 0.05]

COMMENTS and SALES are CSV or Parquet paths (files, directories or globs;
by extension, ``.parquet`` or ``.csv``; SALES may be ``-`` for none) with the
columns of ``nazar flag`` (README, Command line). OUT receives

* ``OUT/tagged/``: the comments with the tagging columns, prefixed ``tag_`` (Parquet);
* ``OUT/flags/``: one row per product with the ``nazar flag`` columns (CSV,
  one file, most significant first);
* ``OUT/report.html``: the self-contained HTML report.

Locally, ``python python/examples/spark_flag.py fixtures/olist/comments.csv
fixtures/olist/sales.csv out/spark`` runs it on ``local[*]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from nazar import spark as nspark
from pyspark.sql import DataFrame, SparkSession


def read(spark: SparkSession, path: str) -> DataFrame:
    if path.rstrip("/").endswith(".parquet"):
        return spark.read.parquet(path)
    # Every column as a string, quotes doubled inside quoted fields, texts
    # spanning lines: the CSV dialect `nazar flag` reads.
    return (
        spark.read.option("header", True)
        .option("multiLine", True)
        .option("escape", '"')
        .option("inferSchema", False)
        .csv(path)
    )


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("comments")
    ap.add_argument("sales", help="sales path, or - for none")
    ap.add_argument("out")
    ap.add_argument("--fdr", type=float, default=0.05)
    ap.add_argument("--partitions", type=int, default=0, help="repartition comments first")
    ap.add_argument("--all", action="store_true", help="write every product, not only flagged")
    args = ap.parse_args(argv)

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.appName("nazar-daily-flag").getOrCreate()
    started = time.perf_counter()
    comments = read(spark, args.comments)
    if args.partitions:
        comments = comments.repartition(args.partitions)
    sales = None if args.sales == "-" else read(spark, args.sales)

    # The input may have a `lang` column of its own: the tags get a prefix.
    tagged = nspark.tag_comments(comments, prefix="tag_")
    tagged.write.mode("overwrite").parquet(os.path.join(args.out, "tagged"))

    result = nspark.flag_products(comments, sales, fdr=args.fdr, all=args.all)
    result.frame.coalesce(1).write.mode("overwrite").option("header", True).csv(
        os.path.join(args.out, "flags")
    )
    os.makedirs(args.out, exist_ok=True)
    result.write_report(os.path.join(args.out, "report.html"), title="nazar daily flags")
    print(f"{result!r} in {time.perf_counter() - started:.1f} s -> {args.out}")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
