"""``flag_products``: the flagging job over pandas, polars or pyarrow tables."""

from __future__ import annotations

import io
import warnings
from typing import Any

from ._nazar import InputError, Tagger, _flag_csv, _FlagReport


def _csv_bytes(frame: Any, arg: str) -> tuple[bytes, str]:
    """``frame`` as CSV bytes (header included) and the kind of frame it was."""
    module = type(frame).__module__.split(".")[0]
    if module == "pandas":
        return frame.to_csv(index=False).encode("utf-8"), "pandas"
    if module == "polars":
        return frame.write_csv().encode("utf-8"), "polars"
    if module == "pyarrow":
        import pyarrow.csv as pacsv

        sink = io.BytesIO()
        pacsv.write_csv(frame, sink)
        return sink.getvalue(), "arrow"
    if hasattr(frame, "__arrow_c_stream__"):
        import pyarrow as pa
        import pyarrow.csv as pacsv

        sink = io.BytesIO()
        pacsv.write_csv(pa.table(frame), sink)
        return sink.getvalue(), "arrow"
    raise TypeError(
        f"{arg}: expected a pandas, polars or pyarrow table, got {type(frame).__name__}"
    )


class FlagResult:
    """What ``flag_products`` found.

    ``frame`` holds one row per flagged product (every product with
    ``all=True``) with the ``nazar flag`` columns, in the kind of table the
    comments came in; ``summary`` counts what was read, tested and flagged;
    ``warnings`` says what limits the verdicts (a baseline fitted on too few
    products, a comment id seen twice on a product; each is also issued as
    a ``UserWarning``); ``html()`` is the
    self-contained report, which is also how the result renders in Jupyter.
    """

    def __init__(self, report: _FlagReport, kind: str, all: bool) -> None:
        self._report = report
        self._kind = kind
        self.columns: list[str] = list(_FlagReport.columns())
        self.records: list[dict[str, Any]] = list(report.records(all=all))
        self.summary: dict[str, Any] = dict(report.summary())
        self.warnings: list[str] = list(report.warnings())
        self.frame = self._to_frame()

    def _to_frame(self) -> Any:
        if self._kind == "pandas":
            import pandas as pd

            return pd.DataFrame.from_records(self.records, columns=self.columns)
        if self._kind == "polars":
            import polars as pl

            return pl.DataFrame(self.records, schema=self.columns, infer_schema_length=None)
        import pyarrow as pa

        if not self.records:
            return pa.table({c: pa.array([], type=pa.null()) for c in self.columns})
        return pa.Table.from_pylist(self.records)

    def html(self, title: str | None = None) -> str:
        """The self-contained HTML report; comment text is escaped."""
        return self._report.html(title)

    def write_report(self, path: str, title: str | None = None) -> None:
        """Writes the HTML report to ``path``."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(self.html(title))

    def __len__(self) -> int:
        return len(self.records)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"FlagResult({s['flagged']} flagged of {s['products']} products: "
            f"{s['flagged_high_comment_rate']} high_comment_rate, "
            f"{s['flagged_contradiction']} contradiction)"
        )

    def _repr_html_(self) -> str:
        return self.html()


def _warn(result: FlagResult) -> FlagResult:
    """Issues the result's warnings at the caller of the public function."""
    for message in result.warnings:
        warnings.warn(f"nazar: {message}", UserWarning, stacklevel=3)
    return result


def flag_products(
    comments: Any,
    sales: Any = None,
    *,
    fdr: float = 0.05,
    all: bool = False,
    tagger: Tagger | None = None,
    lang: str | None = None,
) -> FlagResult:
    """Flag products whose comment rate or contradiction rate is unusual.

    ``comments`` is a pandas, polars or pyarrow table with ``product_id`` and
    ``text`` (optional ``comment_id``, ``rating``, ``created_at``, ``lang``);
    ``sales`` one with ``product_id`` and ``sales`` (optional ``category``,
    ``period``), or ``None`` to test only the contradiction rate. A product is
    flagged when its Benjamini-Hochberg q-value is below ``fdr``. Bad input
    raises :class:`nazar.InputError` naming the row and column. The answer's
    ``frame`` is of the same library as ``comments``.
    """
    comments_csv, kind = _csv_bytes(comments, "comments")
    sales_csv = None if sales is None else _csv_bytes(sales, "sales")[0]
    try:
        report = _flag_csv(comments_csv, sales_csv, fdr=fdr, tagger=tagger, lang=lang)
    except InputError as e:
        e.add_note(
            "Rows count from 1, as in a file without its header: "
            "row 1 is the table's first row (iloc[0] in pandas)."
        )
        raise
    return _warn(FlagResult(report, kind, all))
