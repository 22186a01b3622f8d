from typing import Any

def funnel(flags: Any, ax: Any = None, label: int = 20) -> Any:
    """Draw comment rate against sales, with binomial control limits."""
