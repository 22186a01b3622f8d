"""Conversions between the caller's data (pandas, polars, pyarrow) and Arrow.

Batch calls accept a ``list[str]``, a pyarrow Array or ChunkedArray, a pandas
Series or a polars Series, and answer in the same kind: the Rust side reads
and writes Arrow, these helpers move the answer back to the caller's library.
"""

from __future__ import annotations

import math
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


def missing_as_none(texts: Any) -> list | None:
    """``texts`` with its missing values (NaN, ``pd.NA``, ``NaT``: what
    ``series.tolist()`` holds for a null) as ``None``; ``None`` when some
    item is neither a string nor missing."""
    out = []
    for value in texts:
        if value is None or isinstance(value, str):
            out.append(value)
        elif (isinstance(value, float) and math.isnan(value)) or type(value).__name__ in (
            "NAType",
            "NaTType",
        ):
            out.append(None)
        else:
            return None
    return out


def as_arrow(obj: Any, kind: str) -> Any:
    """An object exporting the Arrow PyCapsule interface for ``obj``: strings,
    with a categorical column decoded and a column of nothing but nulls
    (which pandas reads as ``float64``) as null strings."""
    if kind == "pandas":
        if obj.__class__.__name__ != "Series":
            raise TypeError(f"texts: expected a pandas Series, got {type(obj).__name__}")
        return _decoded(_pandas_strings(obj))
    if kind == "polars":
        if obj.__class__.__name__ != "Series":
            raise TypeError(f"texts: expected a polars Series, got {type(obj).__name__}")
        return _decoded(obj.to_arrow())
    if hasattr(obj, "type") and hasattr(obj, "cast"):  # a pyarrow array
        return _decoded(obj)
    return obj


def _pandas_strings(series: Any) -> Any:
    import pyarrow as pa

    if series.isna().all():  # empty, or nothing but missing values
        return pa.nulls(len(series), type=pa.string())
    try:
        return pa.array(series, from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid, UnicodeEncodeError):
        # Name the first value that is neither a string nor missing, or a
        # string that UTF-8 cannot hold.
        for label, value in series.items():
            if isinstance(value, str):
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise TypeError(
                        f"texts: the value at index {label!r} is a str with a lone surrogate, "
                        'which is not valid Unicode (read with errors="surrogateescape"?)'
                    ) from None
            elif not _is_missing(value):
                raise TypeError(
                    f"texts: expected strings (or None); the value at index {label!r} "
                    f"is {type(value).__name__} {value!r}"
                ) from None
        raise


def _is_missing(value: Any) -> bool:
    """None, NaN, pd.NA or NaT; a list or other container is not missing."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _decoded(array: Any) -> Any:
    """A dictionary-encoded (categorical) string array as plain strings."""
    import pyarrow as pa

    if pa.types.is_dictionary(array.type):
        return array.cast(array.type.value_type)
    return array


def like(kind: str, table: Any, original: Any) -> Any:
    """The pyarrow ``table`` as the caller's kind of data frame."""
    if kind == "pandas":
        import pandas as pd
        import pyarrow as pa

        # A null comment has a null `contradiction`: pandas' nullable
        # boolean keeps the column boolean (numpy's bool cannot hold it, and
        # an object column does not mask), and a mask treats NA as False.
        frame = table.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)
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
