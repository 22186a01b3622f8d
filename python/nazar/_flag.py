"""``flag_products``: the flagging job over pandas, polars or pyarrow tables."""

from __future__ import annotations

import html
import io
import os
import re
import sys
import warnings
from typing import Any

from ._errors import InputError
from ._nazar import Tagger, _flag_csv, _FlagReport

# The columns ``flag_products`` reads; any other column stays behind, so
# that one CSV cannot hold (nested columns, a tags column) is no obstacle.
_COMMENT_COLUMNS = ("product_id", "text", "comment_id", "rating", "created_at", "lang")
_SALES_COLUMNS = ("product_id", "sales", "category", "period")


def _csv_bytes(frame: Any, arg: str, columns: tuple[str, ...]) -> tuple[bytes, str]:
    """The ``columns`` of ``frame`` that it has, as CSV bytes (header
    included), and the kind of frame it was."""
    module = type(frame).__module__.split(".")[0]
    name = type(frame).__name__

    def read(names: Any) -> list[int]:
        # By position, as the reader finds columns: in any case, spaces
        # trimmed; a name twice stays twice, for the reader to name.
        return [i for i, c in enumerate(names) if str(c).strip().lower() in columns]

    pd, pl = sys.modules.get("pandas"), sys.modules.get("polars")
    if pd is not None and isinstance(frame, pd.DataFrame):
        out = frame.iloc[:, read(frame.columns)]
        # With "\r\n" as line ending, a field holding a lone "\r" is quoted
        # (pandas quotes only fields holding the line ending's characters).
        csv = out.to_csv(index=False, lineterminator="\r\n")
        return csv.encode("utf-8"), "pandas"
    if pl is not None and isinstance(frame, pl.DataFrame):
        out = frame.select([frame.columns[i] for i in read(frame.columns)])
        return out.write_csv().encode("utf-8"), "polars"
    if module in ("pandas", "polars"):
        hint = " (call .collect() first)" if name == "LazyFrame" else ""
        raise TypeError(
            f"{arg}: expected a pandas, polars or pyarrow table, got {module} {name}{hint}"
        )
    if module == "pyarrow" or hasattr(frame, "__arrow_c_stream__"):
        import pyarrow as pa
        import pyarrow.csv as pacsv

        if not isinstance(frame, (pa.Table, pa.RecordBatch)):
            if not hasattr(frame, "__arrow_c_stream__") or isinstance(frame, pa.ChunkedArray):
                raise TypeError(
                    f"{arg}: expected a pandas, polars or pyarrow table, got {module} {name}"
                )
            frame = pa.table(frame)
        out = frame.select(read(frame.column_names))
        sink = io.BytesIO()
        pacsv.write_csv(out, sink)
        return sink.getvalue(), "arrow"
    raise TypeError(f"{arg}: expected a pandas, polars or pyarrow table, got {name}")


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
        self.warnings: list[str] = list(report.warnings()) + _join_warnings(self.summary)
        self.frame = self._to_frame()

    def _to_frame(self) -> Any:
        # Typed by column, not inferred from the rows: an empty answer has
        # the schema of a full one (and concatenates with it).
        kinds = dict(zip(self.columns, _FlagReport.column_kinds(), strict=True))
        if self._kind == "pandas":
            import pandas as pd

            frame = pd.DataFrame.from_records(self.records, columns=self.columns)
            # pandas' nullable types: a column keeps its type when it holds
            # missing values (sales of a product without a sales row) and
            # when the frame is empty.
            dtypes = {"string": "string", "int": "Int64", "float": "float64", "bool": "boolean"}
            return frame.astype({c: dtypes[k] for c, k in kinds.items()})
        if self._kind == "polars":
            import polars as pl

            types = {"string": pl.Utf8, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean}
            schema = {c: types[k] for c, k in kinds.items()}
            return pl.DataFrame(self.records, schema=schema)
        import pyarrow as pa

        to = {"string": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
        schema = pa.schema([(c, to[k]) for c, k in kinds.items()])
        return pa.Table.from_pylist(self.records, schema=schema)

    def html(self, title: str | None = None) -> str:
        """The self-contained HTML report; comment text is escaped."""
        return self._report.html(title)

    def write_report(self, path: str | os.PathLike[str], title: str | None = None) -> None:
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
        # The report is a whole page, with its own style and script: in a
        # sandboxed frame they cannot restyle or script the notebook.
        page = html.escape(self.html(), quote=True)
        return (
            f'<iframe srcdoc="{page}" sandbox="allow-scripts" title="nazar flag report" '
            'style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
        )


def _join_warnings(s: dict[str, Any]) -> list[str]:
    """What went wrong joining the comments to the sales, which the CLI
    prints as notes and a notebook user would not see in ``summary``."""
    out = []
    if s["sales_rows"] > 0 and s["comments_without_sales_row"] > 0:
        out.append(
            f"{s['comments_without_sales_row']} of {s['comments']} comments (on "
            f"{s['keys_without_sales_row']} products) have no row in the sales table, so "
            "their products' comment rate is not tested; check that product_id is written "
            "the same way in both tables (1 and '001' differ, and so do 1 and '1.0')"
        )
    if s["comments_period_guessed"] > 0:
        out.append(
            f"{s['comments_period_guessed']} comments were placed in their product's "
            "earliest sales period for lack of a usable created_at (periods and created_at "
            "are read as ISO dates from their start: 2018-11-23, 2018-11-23 09:00:00 and "
            "'2018-11-23 black friday' work, epoch seconds and dd/mm/yyyy do not)"
        )
    return out


def _warn(result: FlagResult) -> FlagResult:
    """Issues the result's warnings at the caller of the public function."""
    for message in result.warnings:
        warnings.warn(f"nazar: {message}", UserWarning, stacklevel=3)
    return result


def _index_label(message: str, comments: Any, sales: Any) -> Any:
    """The pandas index label of the row an error names, if it names one."""
    found = re.match(r"(comments|sales), row (\d+)\b", message)
    if found is None:
        return None
    frame = comments if found.group(1) == "comments" else sales
    row = int(found.group(2))
    index = getattr(frame, "index", None)
    if type(frame).__module__.split(".")[0] != "pandas" or not 1 <= row <= len(index):
        return None
    label = index[row - 1]
    # A numpy scalar as the plain Python value it holds (20, not np.int64(20)).
    return label.item() if hasattr(label, "item") else label


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

    ``evidence`` lists ``comment_id`` values, ``;``-separated. A comment
    without one (no such column, or an empty value) is named by its row
    number counted from 1, as the CLI and Spark name it and as errors count
    rows: ``"5"`` is ``iloc[4]``. To get your own ids, pass them:
    ``comments.assign(comment_id=comments.index)``. Only the columns named
    above are read: others may hold anything.
    """
    comments_csv, kind = _csv_bytes(comments, "comments", _COMMENT_COLUMNS)
    sales_csv = None if sales is None else _csv_bytes(sales, "sales", _SALES_COLUMNS)[0]
    try:
        report = _flag_csv(comments_csv, sales_csv, fdr=fdr, tagger=tagger, lang=lang)
    except InputError as e:
        if re.match(r"(comments|sales), row \d+\b", str(e)):
            e.add_note(
                "Rows count from 1, as in a file without its header: "
                "row 1 is the table's first row (iloc[0] in pandas)."
            )
        label = _index_label(str(e), comments, sales)
        if label is not None:
            e.add_note(f"That row's index label is {label!r}.")
        raise
    return _warn(FlagResult(report, kind, all))
