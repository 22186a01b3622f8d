"""nazar on Apache Spark: tag and flag comments across a cluster.

Install with the ``spark`` extra (``pip install nazar[spark]``); every
executor needs the ``nazar`` wheel installed too (see the README, "Spark").

``tag_comments`` adds the tagging columns to a DataFrame with
``DataFrame.mapInArrow``: each Python worker builds the tagger once (it is
shipped pickled with the task and cached per process by its pickled state),
then tags one Arrow batch at a time in Rust.

``flag_products`` runs the flagging job of ``nazar flag`` and
``nazar.flag_products``: each partition tags its comments and folds them into
partial per-product statistics, the partials are merged (a commutative
monoid, so the result does not depend on partitioning or order), and the
driver fits the baseline and scores. The answer equals the single-machine one
on the same data.

The sales table is read on the driver: it has a few rows per product (and
period), the same order of size as the merged statistics the driver holds to
score anyway. The periods each product was sold in (needed to place comments
in periods) are broadcast to the workers.
"""

from __future__ import annotations

import io
import math
import pickle
import re
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

from ._errors import InputError, LexiconError
from ._flag import FlagResult, _csv_bytes, _warn
from ._nazar import (
    Lexicon,
    Tagger,
    _FlagReport,
    _merge_stats,
    _partial_stats,
    _Periods,
    _read_sales,
    _score_stats,
)

__all__ = [
    "FLAG_SCHEMA",
    "MATCH_TYPE",
    "SparkFlagResult",
    "flag_products",
    "tag_comments",
    "tag_schema",
]

#: One match, as ``Tagger.tag_batch`` gives it; ``start``/``end`` are
#: character offsets into the text (end exclusive).
MATCH_TYPE = T.StructType(
    [
        T.StructField("category", T.StringType(), False),
        T.StructField("aspect", T.StringType(), False),
        T.StructField("polarity", T.StringType(), False),
        T.StructField("contradiction", T.BooleanType(), False),
        T.StructField("negated", T.BooleanType(), False),
        T.StructField("term", T.StringType(), False),
        T.StructField("start", T.IntegerType(), False),
        T.StructField("end", T.IntegerType(), False),
    ]
)

_TAG_COLUMNS = ("lang", "label", "score", "contradiction", "matches")


def tag_schema(prefix: str = "") -> T.StructType:
    """The columns ``tag_comments`` adds (each null where the text is null)::

    lang          string   "fa", "en" or "pt"
    label         string   "positive", "negative", "mixed" or "neutral"
    score         double   polarity score
    contradiction boolean  has a non-negated contradiction match
    matches       array<struct<category, aspect, polarity: string,
                               contradiction, negated: boolean,
                               term: string, start, end: int>>
    """
    return T.StructType(
        [
            T.StructField(prefix + "lang", T.StringType(), True),
            T.StructField(prefix + "label", T.StringType(), True),
            T.StructField(prefix + "score", T.DoubleType(), True),
            T.StructField(prefix + "contradiction", T.BooleanType(), True),
            T.StructField(prefix + "matches", T.ArrayType(MATCH_TYPE, False), True),
        ]
    )


# Taggers built in this Python worker, by pickled state: a worker process
# runs many tasks (spark.python.worker.reuse), and building the tagger (the
# lexicon's automata) costs far more than tagging one Arrow batch.
_TAGGERS: dict[bytes, Tagger] = {}
# Period indexes, by their JSON, for the same reason.
_PERIODS: dict[bytes, _Periods] = {}
# Taggers this process built (not found in the cache), for the tests.
_BUILT = {"taggers": 0}


def _cached_tagger(state: bytes) -> Tagger:
    tagger = _TAGGERS.get(state)
    if tagger is None:
        tagger = _TAGGERS[state] = pickle.loads(state)
        _BUILT["taggers"] += 1
    return tagger


def _cached_periods(state: bytes | None) -> _Periods | None:
    if state is None:
        return None
    periods = _PERIODS.get(state)
    if periods is None:
        periods = _PERIODS[state] = _Periods.from_bytes(state)
    return periods


def _make_tagger(tagger: Tagger | None, lexicon: Lexicon | None, lang: str | None) -> Tagger:
    if tagger is not None:
        if lexicon is not None or lang is not None:
            raise ValueError("give either tagger or lexicon/lang, not both")
        return tagger
    return Tagger(lexicon=lexicon, lang=lang)


def _arrow_types(schema: T.StructType) -> list[pa.DataType]:
    from pyspark.sql.pandas.types import to_arrow_type

    return [to_arrow_type(f.dataType) for f in schema.fields]


def tag_comments(
    df: DataFrame,
    text_col: str = "text",
    lexicon: Lexicon | None = None,
    *,
    lang: str | None = None,
    tagger: Tagger | None = None,
    prefix: str = "",
) -> DataFrame:
    """``df`` with the tagging columns of :func:`tag_schema` added.

    Tags ``text_col`` with a :class:`nazar.Tagger` built from ``lexicon``
    (the bundled lexicons by default) and ``lang`` (``None`` detects the
    language per comment), or with ``tagger`` itself. Rows keep their order
    and every column; a null text gives null tagging columns (no matches).
    ``prefix`` is put before the new column names, to avoid clashes.
    """
    if text_col not in df.columns:
        raise ValueError(f"text_col: no column {text_col!r} in {df.columns}")
    if not isinstance(df.schema[text_col].dataType, T.StringType):
        raise TypeError(f"text_col: {text_col!r} is {df.schema[text_col].dataType}, not a string")
    added = tag_schema(prefix)
    clash = [f.name for f in added.fields if f.name in df.columns]
    if clash:
        raise ValueError(f"columns {clash} already exist; pass prefix= to rename the new ones")
    state = pickle.dumps(_make_tagger(tagger, lexicon, lang))
    out_schema = T.StructType(df.schema.fields + added.fields)
    added_types = _arrow_types(added)
    names = [f.name for f in out_schema.fields]
    position = df.columns.index(text_col)

    def tag_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        tagger = _cached_tagger(state)
        for batch in batches:
            texts = batch.column(position)
            if texts.type != pa.string():
                texts = texts.cast(pa.string())
            # One thread: Spark's task slots are the parallelism.
            tags = tagger.tag_batch(texts, n_threads=1)
            arrays = [
                tags.column(name).combine_chunks().cast(ty)
                for name, ty in zip(_TAG_COLUMNS, added_types, strict=True)
            ]
            yield pa.RecordBatch.from_arrays(list(batch.columns) + arrays, names=names)

    return df.mapInArrow(tag_batches, out_schema)


#: The columns of ``nazar flag`` (``nazar.flag_products``) as Spark types.
_STRING_COLUMNS = {
    "product_id",
    "category",
    "flags",
    "direction",
    "evidence",
    "period",
    "comment_prior",
    "contradiction_prior",
    "contradiction_terms",
}
_LONG_COLUMNS = {
    "sales",
    "comments",
    "contradiction_comments",
    "positive",
    "negative",
    "mixed",
    "neutral",
    "empty_comments",
    "ratings",
}


def _spark_type(column: str) -> T.DataType:
    if column in _STRING_COLUMNS:
        return T.StringType()
    if column in _LONG_COLUMNS:
        return T.LongType()
    if column == "has_sales_row":
        return T.BooleanType()
    return T.DoubleType()


FLAG_SCHEMA = T.StructType(
    [T.StructField(c, _spark_type(c), c != "product_id") for c in _FlagReport.columns()]
)

_COMMENT_COLUMNS = ("comment_id", "product_id", "text", "rating", "created_at", "lang")
_SALES_COLUMNS = ("product_id", "sales", "category", "period")


class SparkFlagResult(FlagResult):
    """A :class:`nazar.FlagResult` whose ``frame`` is a Spark DataFrame
    (schema :data:`FLAG_SCHEMA`); ``records``, ``summary`` and the HTML report
    are those of the single-machine job."""

    def __init__(self, report: _FlagReport, spark: SparkSession, all: bool) -> None:
        self._spark = spark
        super().__init__(report, "spark", all)

    def _to_frame(self) -> DataFrame:
        doubles = [c for c in self.columns if isinstance(_spark_type(c), T.DoubleType)]
        rows = []
        for r in self.records:
            row = dict(r)
            for c in doubles:
                if row[c] is not None:
                    row[c] = float(row[c])
            rows.append(tuple(row[c] for c in self.columns))
        return self._spark.createDataFrame(rows, schema=FLAG_SCHEMA)


def _as_strings(df: DataFrame, known: tuple[str, ...]) -> DataFrame:
    """The known columns of ``df`` as strings, the way a CSV file has them."""
    return df.select([F.col(c).cast("string").alias(c) for c in known if c in df.columns])


def _collect_arrow(df: DataFrame) -> pa.Table:
    if hasattr(df, "toArrow"):  # pyspark >= 4
        return df.toArrow()
    batches = df._collect_as_arrow()  # pyspark 3.5
    if not batches:
        return pa.table({c: pa.array([], pa.string()) for c in df.columns})
    return pa.Table.from_batches(batches)


def _table_csv(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pacsv.write_csv(table, sink)
    return sink.getvalue()


def _sales_csv(sales: Any) -> bytes:
    if isinstance(sales, DataFrame):
        return _table_csv(_collect_arrow(_as_strings(sales, _SALES_COLUMNS)))
    return _csv_bytes(sales, "sales", _SALES_COLUMNS)[0]


_WORKER_ERROR = re.compile(r"(?:nazar\.)?(InputError|LexiconError): (.+)")


def _reraise(e: Exception) -> None:
    """A worker's ``nazar.InputError`` (or ``LexiconError``) reaches the
    driver inside Spark's ``PythonException``; raise it again as itself,
    naming the row."""
    found = _WORKER_ERROR.search(str(e))
    if found:
        cls = InputError if found.group(1) == "InputError" else LexiconError
        raise cls(found.group(2).strip()) from e
    raise e


_COUNT_SCHEMA = T.StructType(
    [T.StructField("p", T.LongType(), False), T.StructField("n", T.LongType(), False)]
)


def _count_rows(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    from pyspark import TaskContext

    n = sum(b.num_rows for b in batches)
    partition = TaskContext.get().partitionId()
    yield pa.RecordBatch.from_arrays(
        [pa.array([partition], pa.int64()), pa.array([n], pa.int64())], names=["p", "n"]
    )


def _row_offsets(df: DataFrame) -> dict[int, int]:
    """Rows before each partition, for numbering rows as in the whole table.

    Counted by a ``mapInArrow`` over the same plan as the stats pass, so the
    partitions are the same ones (a JVM-side ``groupBy(spark_partition_id())``
    is planned differently and may split a local relation otherwise)."""
    sizes = {r["p"]: r["n"] for r in df.mapInArrow(_count_rows, _COUNT_SCHEMA).collect()}
    offsets, total = {}, 0
    for p in sorted(sizes):
        offsets[p] = total
        total += sizes[p]
    return offsets


# Partitions above which partials are merged on the executors first.
_TREE_MERGE_ABOVE = 64

_STATS_SCHEMA = T.StructType([T.StructField("stats", T.BinaryType(), False)])


def _one_partial(data: bytes) -> pa.RecordBatch:
    return pa.RecordBatch.from_arrays([pa.array([data], pa.binary())], names=["stats"])


def _merge_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    parts = [b for batch in batches for b in batch.column(0).to_pylist()]
    if parts:
        yield _one_partial(_merge_stats(parts))


def flag_products(
    comments_df: DataFrame,
    sales_df: Any = None,
    *,
    fdr: float = 0.05,
    all: bool = False,
    tagger: Tagger | None = None,
    lang: str | None = None,
) -> SparkFlagResult:
    """Flag products whose comment rate or contradiction rate is unusual,
    on Spark; the same job, options and answer as :func:`nazar.flag_products`.

    ``comments_df`` has ``product_id`` and ``text`` (optional ``comment_id``,
    ``rating``, ``created_at``, ``lang``; other columns are ignored; values
    are read as their string form, as from a CSV file). ``sales_df`` (a Spark
    DataFrame, or a pandas/polars/pyarrow table) has ``product_id`` and
    ``sales`` (optional ``category``, ``period``), or is ``None`` to test only
    the contradiction rate; it is collected to the driver.

    Without a ``comment_id`` column (or where it is empty), comments are named
    by their row number in the DataFrame, as the CLI does for a file: that
    numbering follows Spark's partition order, which is stable for a file
    source but not after a shuffle; give ``comment_id`` for anything else.
    Numbering costs a pass to count each partition's rows. Bad input raises
    :class:`nazar.InputError` naming the row (and, with ``comment_id``, the
    Spark partition) and the column.
    """
    spark = comments_df.sparkSession
    missing = [c for c in ("product_id", "text") if c not in comments_df.columns]
    if missing:
        raise InputError(f"comments: missing required column(s) {missing}")
    tagger_state = pickle.dumps(_make_tagger(tagger, None, lang))
    sales = None if sales_df is None else _read_sales(_sales_csv(sales_df))
    periods = None if sales is None else sales.periods()
    periods_state = None if periods is None else periods.to_bytes()
    periods_bc = None if periods_state is None else spark.sparkContext.broadcast(periods_state)

    comments = _as_strings(comments_df, _COMMENT_COLUMNS)
    # Comments without an id are named by their row number in the whole
    # table (as the CLI does), which needs each partition's first row.
    blank_ids = "comment_id" not in comments.columns or (
        comments.filter(F.col("comment_id").isNull() | F.col("comment_id").rlike(r"^\s*$"))
        .limit(1)
        .count()
        > 0
    )
    offsets = _row_offsets(comments) if blank_ids else None

    def partial_stats(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from pyspark import TaskContext

        partition = TaskContext.get().partitionId()
        tagger = _cached_tagger(tagger_state)
        periods = _cached_periods(None if periods_bc is None else periods_bc.value)
        if offsets is None:
            row, name = 0, f"comments (Spark partition {partition})"
        else:
            row, name = offsets[partition], "comments"
        parts = []
        for batch in batches:
            if batch.num_rows == 0:
                continue
            csv = _table_csv(pa.Table.from_batches([batch]))
            parts.append(
                _partial_stats(
                    csv,
                    periods,
                    tagger,
                    lang=lang,
                    row_offset=row,
                    name=name,
                    n_threads=1,
                )
            )
            row += batch.num_rows
        if parts:
            yield _one_partial(parts[0] if len(parts) == 1 else _merge_stats(parts))

    partials = comments.mapInArrow(partial_stats, _STATS_SCHEMA)
    # treeReduce-style: with many partitions, merge in a second stage so
    # the driver receives about sqrt(n) partials rather than n.
    n = comments.rdd.getNumPartitions()
    if n > _TREE_MERGE_ABOVE:
        partials = partials.repartition(math.isqrt(n)).mapInArrow(_merge_batches, _STATS_SCHEMA)
    try:
        collected = [bytes(r["stats"]) for r in partials.collect()]
    except Exception as e:  # noqa: BLE001 (re-raised, as InputError when it is one)
        _reraise(e)
        raise
    finally:
        if periods_bc is not None:
            periods_bc.unpersist()
    report = _score_stats(collected, sales, fdr=fdr)
    return _warn(SparkFlagResult(report, spark, all))
