"""Peak memory of `nazar tag` and `nazar flag` on a generated comments file.

Writes a comments CSV of about SIZE megabytes (real-looking comments in
the three languages over a fixed set of products) and a sales CSV to a
temporary directory, runs both commands under `/usr/bin/time -v`, prints
elapsed time and peak RSS, and deletes the files. Run at two sizes: a
streaming reader keeps the peak RSS flat as the input grows.

    python3 benches/stream_rss.py --size-mb 5000 [--nazar target/release/nazar]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PRODUCTS = 20_000
TEXTS = [
    "Não chegou meu produto, péssimo",
    "Produto ótimo, chegou antes do prazo, recomendo",
    "veio quebrado,\nnão recomendo",
    "Great taste, my kids love it",
    "This is fake, not what the listing shows!",
    "خیلی خوب بود، ممنون",
    "اصل نبود، تقلبی بود",
    "کیفیت معمولی ولی قیمت مناسب",
]

QUOTED = ['"' + t.replace('"', '""') + '"' for t in TEXTS]


def write_inputs(directory: Path, size_mb: int) -> tuple[Path, Path]:
    comments = directory / "comments.csv"
    sales = directory / "sales.csv"
    with sales.open("w") as f:
        f.write("product_id,sales,category\n")
        for p in range(PRODUCTS):
            f.write(f"p{p},{50 + p % 400},cat{p % 25}\n")
    target = size_mb << 20
    written = 0
    row = 0
    with comments.open("w", buffering=1 << 20) as f:
        f.write("comment_id,product_id,text,rating\n")
        while written < target:
            block = []
            for _ in range(10_000):
                text = QUOTED[row % len(QUOTED)]
                block.append(f"c{row},p{row * 7919 % PRODUCTS},{text},{1 + row % 5}\n")
                row += 1
            chunk = "".join(block)
            f.write(chunk)
            written += len(chunk.encode())
    return comments, sales


def measure(label: str, cmd: list[str]) -> None:
    proc = subprocess.run(
        ["/usr/bin/time", "-v", *cmd],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        sys.exit(f"{label} failed ({proc.returncode}):\n{proc.stderr}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", proc.stderr)
    summary = [
        line for line in proc.stderr.splitlines() if line.startswith("nazar:") and " read" in line
    ]
    print(
        f"  {label:<5} peak RSS {int(rss.group(1)) / 1024:8.1f} MB   "
        f"wall {wall.group(1):>8}   {summary[-1] if summary else ''}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, nargs="+", default=[5000])
    parser.add_argument("--nazar", default="target/release/nazar")
    parser.add_argument("--tmp", default=None, help="directory for the generated files")
    args = parser.parse_args()
    if not shutil.which("/usr/bin/time"):
        sys.exit("needs /usr/bin/time (GNU time)")
    for size in args.size_mb:
        with tempfile.TemporaryDirectory(prefix="nazar-stream-", dir=args.tmp) as d:
            comments, sales = write_inputs(Path(d), size)
            actual = comments.stat().st_size / (1 << 20)
            print(f"comments file of {actual:.0f} MB, {PRODUCTS} products:", flush=True)
            measure("tag", [args.nazar, "tag", str(comments)])
            measure(
                "flag",
                [
                    args.nazar,
                    "flag",
                    "--comments",
                    str(comments),
                    "--sales",
                    str(sales),
                    "--output",
                    str(Path(d) / "flags.csv"),
                ],
            )


if __name__ == "__main__":
    main()
