"""Plots of nazar results (matplotlib, installed with ``pip install nazar[plot]``)."""

from __future__ import annotations

import math
from typing import Any


def _rows(flags: Any) -> list[dict[str, Any]]:
    if hasattr(flags, "_report"):  # a FlagResult: every product, flagged or not
        return list(flags._report.records(all=True))
    if hasattr(flags, "records"):
        return list(flags.records)
    if hasattr(flags, "to_dicts"):  # polars
        return flags.to_dicts()
    if hasattr(flags, "to_dict"):  # pandas
        return flags.to_dict("records")
    if hasattr(flags, "to_pylist"):  # pyarrow
        return flags.to_pylist()
    return list(flags)


def funnel(flags: Any, ax: Any = None, label: int = 20) -> Any:
    """Draw comment rate against sales, with binomial control limits.

    ``flags`` is a :class:`nazar.FlagResult` (every product is drawn, whether
    or not it was run with ``all=True``) or a frame of its rows. Control
    limits at about 95 % and 99.8 % are drawn around the sales-weighted mean
    rate; flagged products are red and the ``label`` most significant are
    labelled with their id. Returns the
    matplotlib Axes.
    """
    import matplotlib.pyplot as plt

    rows = [r for r in _rows(flags) if r.get("sales") not in (None, "") and float(r["sales"]) > 0]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 5))
    if not rows:
        ax.set_title("no products with sales")
        return ax
    sales = [float(r["sales"]) for r in rows]
    rates = [float(r["comments"]) / s for r, s in zip(rows, sales, strict=True)]
    mean = sum(float(r["comments"]) for r in rows) / sum(sales)
    flagged = [bool(r.get("flags")) for r in rows]
    ax.scatter(
        [s for s, f in zip(sales, flagged, strict=True) if not f],
        [x for x, f in zip(rates, flagged, strict=True) if not f],
        s=8,
        alpha=0.4,
        color="#777",
        label="products",
    )
    ax.scatter(
        [s for s, f in zip(sales, flagged, strict=True) if f],
        [x for x, f in zip(rates, flagged, strict=True) if f],
        s=24,
        color="#c0392b",
        label="flagged",
    )
    xs = sorted(set(sales))
    for z, style in ((1.96, "--"), (3.09, ":")):
        hi = [mean + z * math.sqrt(mean * (1 - mean) / n) for n in xs]
        lo = [max(0.0, mean - z * math.sqrt(mean * (1 - mean) / n)) for n in xs]
        ax.plot(xs, hi, style, color="#2c3e50", linewidth=1)
        ax.plot(xs, lo, style, color="#2c3e50", linewidth=1)
    ax.axhline(mean, color="#2c3e50", linewidth=1)
    ranked = sorted(
        (r for r in rows if r.get("flags")),
        key=lambda r: min(float(r.get("comment_q") or 1), float(r.get("contradiction_q") or 1)),
    )
    for r in ranked[:label]:
        ax.annotate(
            str(r["product_id"]),
            (float(r["sales"]), float(r["comments"]) / float(r["sales"])),
            fontsize=7,
        )
    ax.set_xscale("log")
    ax.set_xlabel("sales")
    ax.set_ylabel("comments per sale")
    ax.set_title("comment rate against sales (95 % and 99.8 % limits)")
    ax.legend(loc="upper right")
    return ax
