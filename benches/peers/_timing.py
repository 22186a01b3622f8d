"""What the peer-comparison scripts share: where the repository is, and how to time a job."""

from __future__ import annotations

import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def best_time(fn, repeat: int) -> float:
    """The fastest of `repeat` runs of `fn`, the usual way to time a deterministic job."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best
