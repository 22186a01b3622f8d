# The two commands a newcomer needs: `make demo` and `make test`.
# Everything else (the venv, maturin, pytest, the Python extension) is set up
# by these targets on a fresh machine.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CARGO ?= cargo
# Where cargo puts the binary: target/, or $CARGO_TARGET_DIR when it is set.
NAZAR := $(or $(CARGO_TARGET_DIR),target)/release/nazar

.PHONY: help demo test test-rust test-huge test-python lint fmt python-dev bench fuzz-seed fuzz clean

help:
	@echo "make demo   - run nazar on the bundled data"
	@echo "make test   - every Rust and Python test, plus fmt/clippy/ruff"
	@echo "make bench  - criterion benchmarks and the peer comparisons"
	@echo "make fuzz   - every cargo-fuzz target for FUZZ_SECONDS (see README, Fuzzing)"

$(VENV)/.ready: python/requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r python/requirements-dev.txt
	touch $@

# Builds the extension in release mode into .venv (editable install).
python-dev: $(VENV)/.ready
	cd python && VIRTUAL_ENV=$(abspath $(VENV)) $(abspath $(VENV))/bin/maturin develop --release --quiet

$(NAZAR): $(shell find core/src core/lexicons -type f 2>/dev/null) core/Cargo.toml Cargo.toml
	$(CARGO) build --release -p nazar --bin nazar

demo: $(NAZAR)
	@mkdir -p out
	@echo "== 1. nazar normalize: messy comments from fixtures/comments/seed_like.txt (first 8) =="
	@head -n 8 fixtures/comments/seed_like.txt | $(NAZAR) normalize --format compare
	@echo
	@echo "== 2. nazar flag on Olist (Portuguese reviews + order items as sales) =="
	@echo "   first 5 products, most significant first (every product with --all; flagged ones first):"
	@$(NAZAR) flag --comments fixtures/olist/comments.csv --sales fixtures/olist/sales.csv \
		--all --output out/olist-flags.csv --report out/olist-report.html
	@head -n 6 out/olist-flags.csv | cut -d, -f1-4,7-9,12-14
	@echo "   every product: out/olist-flags.csv; report: out/olist-report.html"
	@echo
	@echo "== 3. nazar flag on Amazon Fine Food reviews (no sales file: contradiction rate only) =="
	@$(NAZAR) flag --comments fixtures/amazon/comments.csv --output out/amazon-flags.csv \
		--report out/amazon-report.html
	@cut -d, -f1,4,9-15 out/amazon-flags.csv
	@echo "   report: out/amazon-report.html"

test: lint test-rust test-python

test-rust: test-huge
	$(CARGO) test --workspace --exclude nazar-python
	$(CARGO) test -p nazar --features hf --test hf
	$(CARGO) test -p nazar --features hf --lib hf::

# The 50 MB comment, the million-line input and the 100,000-term lexicon:
# too slow in a debug build, so ignored there and run here in release.
test-huge:
	$(CARGO) test --release -p nazar --test huge -- --ignored

test-python: python-dev
	$(PY) -m pytest -q python/tests

lint: $(VENV)/.ready
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(CARGO) clippy -p nazar -p nazar-benches --all-targets --features nazar/hf,nazar-benches/hf -- -D warnings
	$(VENV)/bin/ruff check python benches fixtures
	$(VENV)/bin/ruff format --check python benches fixtures

fmt: $(VENV)/.ready
	$(CARGO) fmt --all
	$(VENV)/bin/ruff format python benches fixtures

BENCH_VENV := .venv-bench

$(BENCH_VENV)/.ready: benches/peers/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r benches/peers/requirements.txt
	touch $@

# Criterion benchmarks, then the peer comparisons and the polarity evaluation
# (the evaluation needs the public data in ../shared/data).
bench: $(BENCH_VENV)/.ready $(NAZAR)
	$(CARGO) bench -p nazar-benches --features hf
	cd python && VIRTUAL_ENV=$(abspath $(BENCH_VENV)) $(abspath $(BENCH_VENV))/bin/maturin develop --release --quiet
	$(BENCH_VENV)/bin/python benches/peers/normalize_vs_hazm.py
	$(BENCH_VENV)/bin/python benches/peers/tag_vs_flashtext.py
	$(BENCH_VENV)/bin/python benches/peers/python_overhead.py
	$(BENCH_VENV)/bin/python benches/peers/spark_tag.py
	-$(BENCH_VENV)/bin/python benches/eval_polarity.py --half test --out out/eval
	$(CARGO) test --release -p nazar --test huge lexicon -- --ignored --nocapture
	$(PYTHON) benches/stream_rss.py --size-mb $(STREAM_MB) --nazar $(NAZAR)

# Peak RSS of `nazar tag` and `nazar flag` on a generated comments file of
# STREAM_MB megabytes (written to a temporary directory, then deleted).
STREAM_MB ?= 5000

# Fuzzing (cargo-fuzz; needs nightly features: RUSTC_BOOTSTRAP=1 lets the
# stable toolchain build it). Corpora and crashes stay in fuzz/, uncommitted;
# copy a crash worth keeping to fixtures/regressions/<target>/.
FUZZ_TARGETS := normalize lexicon tag tag_csv flag_csv
FUZZ_SECONDS ?= 300

fuzz-seed:
	fuzz/seed.sh

fuzz: fuzz-seed
	cd fuzz && for t in $(FUZZ_TARGETS); do \
		RUSTC_BOOTSTRAP=1 cargo fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=10 || exit 1; \
	done

clean:
	$(CARGO) clean
	rm -rf $(VENV) $(BENCH_VENV)
