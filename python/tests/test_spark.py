"""nazar.spark on a real Spark in local mode: the same answers as one machine.

Needs Java (17 here); pyspark comes from python/requirements-dev.txt. The
session is started once for the file (``local[2]``, no UI, few shuffle
partitions) and takes some 10 s to come up.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("Spark needs Java: neither `java` on PATH nor JAVA_HOME", allow_module_level=True)

import nazar
import numpy as np
import pandas as pd
import pyarrow as pa
from nazar import spark as nspark
from pyspark.sql import SparkSession

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

# pyspark 4.x warns that it does not fully support pandas 3 yet; the tests
# only use pandas to build input frames.
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)


@pytest.fixture(scope="session")
def spark():
    # Workers must run this interpreter (the one with nazar installed).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("nazar-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", "2g")
        .config("spark.driver.extraJavaOptions", "-Dlog4j2.level=ERROR")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def golden_texts() -> list[str | None]:
    texts: list[str | None] = []
    for lang in ("en", "fa", "pt"):
        texts += (FIXTURES / "golden" / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    # Nulls and empty texts are kept as rows.
    return texts[:50] + [None, ""] + texts[50:] + [None]


def test_tag_comments_equals_tag_batch(spark):
    texts = golden_texts()
    df = spark.createDataFrame(
        pd.DataFrame({"id": range(len(texts)), "text": texts}).astype({"text": object})
    ).repartition(3)
    tagged = nspark.tag_comments(df)
    assert tagged.columns == ["id", "text", "lang", "label", "score", "contradiction", "matches"]
    assert tagged.schema["matches"].dataType.elementType == nspark.MATCH_TYPE
    got = tagged.orderBy("id").toArrow().to_pylist()
    expected = nazar.Tagger().tag_batch(pa.array(texts, pa.string())).to_pylist()
    assert len(got) == len(expected) == len(texts)
    for row, want in zip(got, expected, strict=True):
        assert row["text"] == texts[row["id"]]
        assert {k: row[k] for k in want} == want, row["text"]
    assert sum(1 for r in got if r["matches"]) > 50, "the golden texts have matches"
    nulls = [r for r in got if r["text"] is None]
    assert len(nulls) == 2 and all(r["matches"] is None and r["label"] is None for r in nulls)


def test_tag_comments_with_a_language_and_prefix(spark):
    texts = (FIXTURES / "golden" / "pt.txt").read_text(encoding="utf-8").splitlines()
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "id long, body string")
    tagged = nspark.tag_comments(df, "body", lang="pt", prefix="t_")
    assert tagged.columns[-1] == "t_matches"
    got = tagged.orderBy("id").select("t_label", "t_matches").toArrow().to_pylist()
    expected = nazar.Tagger(lang="pt").tag_batch(pa.array(texts)).to_pylist()
    assert [(r["t_label"], r["t_matches"]) for r in got] == [
        (e["label"], e["matches"]) for e in expected
    ]
    with pytest.raises(ValueError, match="prefix"):
        nspark.tag_comments(tagged, "body", prefix="t_")


def test_the_tagger_is_built_once_per_worker_not_per_batch(spark):
    texts = golden_texts() * 10
    df = spark.createDataFrame([(t,) for t in texts], "text string").repartition(6)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "16")
    try:
        tagged = nspark.tag_comments(df, lexicon=nazar.Lexicon.default())
        # About 60 batches in 6 tasks.
        assert tagged.count() == len(texts) and len(texts) / 16 > 30
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")

    def probe(batches):
        import os

        from nazar import spark as worker_side

        for _ in batches:
            pass
        yield pa.RecordBatch.from_pylist(
            [
                {
                    "pid": os.getpid(),
                    "built": worker_side._BUILT["taggers"],
                    "cached": len(worker_side._TAGGERS),
                }
            ]
        )

    # A later job reuses the idle Python workers (spark.python.worker.reuse),
    # with what they built while tagging.
    report = df.mapInArrow(probe, "pid long, built long, cached long").toArrow().to_pylist()
    assert any(r["built"] > 0 for r in report), report
    # Each distinct tagger was built once per worker, not once per batch.
    assert all(r["built"] == r["cached"] for r in report), report


def assert_same(got: nazar.FlagResult, expected: nazar.FlagResult) -> None:
    assert got.summary == expected.summary
    assert got.columns == expected.columns
    # Every column of every product: p, q, direction, evidence ids, ...
    assert got.records == expected.records


def test_olist_flags_equal_the_single_machine_result(spark):
    comments = read_csv(FIXTURES / "olist" / "comments.csv")
    sales = read_csv(FIXTURES / "olist" / "sales.csv")
    expected = nazar.flag_products(comments, sales, all=True)
    cdf = spark.createDataFrame(comments).repartition(7)
    sdf = spark.createDataFrame(sales).repartition(3)
    got = nspark.flag_products(cdf, sdf, all=True)
    assert_same(got, expected)
    assert got.frame.count() == len(expected.records)
    assert got.frame.schema == nspark.FLAG_SCHEMA
    first = got.frame.first().asDict()
    assert first == {c: expected.records[0][c] for c in got.columns}
    assert got.html() == expected.html()

    # Flagged only; sales given as pandas (read on the driver) works alike.
    flagged = nspark.flag_products(cdf, sales)
    assert flagged.records == nazar.flag_products(comments, sales).records


def test_amazon_flags_equal_the_single_machine_result(spark):
    comments = read_csv(FIXTURES / "amazon" / "comments.csv")
    expected = nazar.flag_products(comments, all=True)
    got = nspark.flag_products(spark.createDataFrame(comments).repartition(5), all=True)
    assert_same(got, expected)
    assert got.summary["flagged_contradiction"] == 3


def test_rows_without_comment_id_are_numbered_as_in_the_whole_table(spark):
    comments = read_csv(FIXTURES / "olist" / "comments.csv").drop(columns="comment_id")
    sales = read_csv(FIXTURES / "olist" / "sales.csv")
    # No shuffle: the partitions are slices of the frame, in order.
    cdf = spark.createDataFrame(comments)
    assert cdf.rdd.getNumPartitions() > 1
    got = nspark.flag_products(cdf, spark.createDataFrame(sales), all=True)
    assert_same(got, nazar.flag_products(comments, sales, all=True))

    # Some ids empty: those comments are named by row number too.
    some = read_csv(FIXTURES / "olist" / "comments.csv")
    some.loc[some.index % 7 == 3, "comment_id"] = ""
    got = nspark.flag_products(spark.createDataFrame(some), sales, all=True)
    assert_same(got, nazar.flag_products(some, sales, all=True))


def test_bad_rows_raise_input_error_naming_the_row(spark):
    comments = read_csv(FIXTURES / "olist" / "comments.csv").drop(columns="comment_id")
    comments.loc[3000, "rating"] = "7"
    cdf = spark.createDataFrame(comments)
    with pytest.raises(nazar.InputError, match=r"row 3001, column rating: rating `7`"):
        nspark.flag_products(cdf)
    with_ids = read_csv(FIXTURES / "olist" / "comments.csv")
    with_ids.loc[10, "product_id"] = ""
    with pytest.raises(
        nazar.InputError, match=r"Spark partition \d+\), row \d+, column product_id"
    ):
        nspark.flag_products(spark.createDataFrame(with_ids).repartition(3))


def synthetic(n_comments: int, seed: int = 20261125) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Comments and sales for 4000 products in 12 categories, some sold in
    two periods, with a few planted anomalies: products that get five times
    the comments of their sales, and products whose comments say "fake"."""
    rng = np.random.default_rng(seed)
    n_products = 4000
    products = np.array([f"p{i:05d}" for i in range(n_products)])
    categories = np.array([f"cat{i % 12}" for i in range(n_products)])
    sales = rng.integers(40, 400, n_products)
    # Comment rate about 30% of sales, five times that for the planted ones.
    weight = sales.astype(float)
    loud = rng.choice(n_products, 15, replace=False)
    weight[loud] *= 5
    product_of = rng.choice(n_products, n_comments, p=weight / weight.sum())
    plain = golden_texts()
    plain = np.array([t for t in plain if t], dtype=object)
    fakes = np.array(
        [
            "This is a fake, not the original brand",
            "Produto falsificado, não é original",
            "counterfeit item, arrived late",
            "Parece réplica, péssimo",
        ],
        dtype=object,
    )
    texts = plain[rng.integers(0, len(plain), n_comments)]
    fake_products = rng.choice(np.setdiff1d(np.arange(n_products), loud), 10, replace=False)
    fake_rate = np.full(n_products, 0.01)
    fake_rate[fake_products] = 0.4
    is_fake = rng.random(n_comments) < fake_rate[product_of]
    texts[is_fake] = fakes[rng.integers(0, len(fakes), int(is_fake.sum()))]
    # Some texts are missing (an empty text is still a comment).
    texts[rng.random(n_comments) < 0.002] = ""
    days = rng.integers(0, 60, n_comments)
    created = pd.to_datetime("2018-10-15") + pd.to_timedelta(days, unit="D")
    ratings = rng.integers(0, 6, n_comments).astype(str)
    ratings[rng.random(n_comments) < 0.1] = ""
    comments = pd.DataFrame(
        {
            # Hex ids: evidence keeps the smallest, whatever the partition.
            "comment_id": [f"{x:016x}" for x in rng.integers(0, 2**62, n_comments)],
            "product_id": products[product_of],
            "text": texts,
            "rating": ratings,
            "created_at": created.strftime("%Y-%m-%d %H:%M:%S"),
        }
    )
    # A quarter of the products sold in two periods (Black Friday apart).
    two = rng.random(n_products) < 0.25
    rows = [
        (p, str(s), c, "2018-10")
        for p, s, c, t in zip(products, sales, categories, two, strict=True)
        if not t
    ]
    for p, s, c in zip(products[two], sales[two], categories[two], strict=True):
        rows += [(p, str(s // 2), c, "2018-10"), (p, str(s - s // 2), c, "2018-11-23")]
    sales_df = pd.DataFrame(rows, columns=["product_id", "sales", "category", "period"])
    return comments, sales_df


def test_synthetic_flags_equal_across_many_partitions(spark, monkeypatch):
    comments, sales = synthetic(200_000)
    expected = nazar.flag_products(comments, sales, all=True)
    assert expected.summary["flagged_high_comment_rate"] >= 10
    assert expected.summary["flagged_contradiction"] >= 5
    assert expected.summary["comments_period_guessed"] == 0
    cdf = spark.createDataFrame(comments).repartition(24).cache()
    # Past the threshold partials are merged in a second Spark stage first.
    monkeypatch.setattr(nspark, "_TREE_MERGE_ABOVE", 8)
    got = nspark.flag_products(cdf, spark.createDataFrame(sales), all=True)
    assert_same(got, expected)
    monkeypatch.undo()
    # A different split (by product: partials do not overlap) gives the same.
    again = nspark.flag_products(cdf.repartition(6, "product_id"), sales, all=True)
    assert again.records == expected.records
    cdf.unpersist()
