"""Conversions between the caller's data (pandas, polars, pyarrow) and Arrow.

Batch calls accept a ``list[str]``, a pyarrow Array or ChunkedArray, a pandas
Series or a polars Series, and answer in the same kind: the Rust side reads
and writes Arrow, these helpers move the answer back to the caller's library.
"""

from __future__ import annotations

from typing import Any


def kind_of(obj: Any) -> str:
    """``list``, ``pandas``, ``polars`` or ``arrow`` (anything else with a capsule)."""
    if isinstance(obj, (list, tuple)):
        return "list"
    module = type(obj).__module__.split(".")[0]
    if module == "pandas":
        return "pandas"
    if module == "polars":
        return "polars"
    if hasattr(obj, "__arrow_c_stream__") or hasattr(obj, "__arrow_c_array__"):
        return "arrow"
    raise TypeError(
        "texts: expected a list of str, a pyarrow Array/ChunkedArray, a pandas Series "
        f"or a polars Series, got {type(obj).__name__}"
    )


def as_arrow(obj: Any, kind: str) -> Any:
    """An object exporting the Arrow PyCapsule interface for ``obj``."""
    if kind == "pandas":
        import pyarrow as pa

        if obj.__class__.__name__ != "Series":
            raise TypeError(f"texts: expected a pandas Series, got {type(obj).__name__}")
        return pa.array(obj, from_pandas=True)
    if kind == "polars":
        if obj.__class__.__name__ != "Series":
            raise TypeError(f"texts: expected a polars Series, got {type(obj).__name__}")
        return obj.to_arrow()
    return obj


def like(kind: str, table: Any, original: Any) -> Any:
    """The pyarrow ``table`` as the caller's kind of data frame."""
    if kind == "pandas":
        frame = table.to_pandas()
        frame.index = original.index
        return frame
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


def flat_like(kind: str, table: Any, original: Any) -> Any:
    """The one-row-per-match ``table`` as the caller's kind; for pandas the
    ``index`` column holds the input's index label of each match's comment."""
    if kind == "pandas":
        frame = table.to_pandas()
        frame.insert(1, "index", original.index.take(frame["row"].to_numpy()))
        return frame
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


def column_like(kind: str, table: Any, original: Any) -> Any:
    """The single column of ``table`` as the caller's kind of series/array."""
    if kind == "pandas":
        series = table.column(0).to_pandas()
        series.index = original.index
        series.name = getattr(original, "name", None)
        return series
    if kind == "polars":
        import polars as pl

        return pl.from_arrow(table.column(0)).alias(getattr(original, "name", "") or "")
    return table.column(0)
