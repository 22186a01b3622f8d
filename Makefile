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
NAZAR := target/release/nazar

.PHONY: help demo test test-rust test-python lint fmt python-dev bench clean

help:
	@echo "make demo   - run nazar on the bundled data"
	@echo "make test   - every Rust and Python test, plus fmt/clippy/ruff"
	@echo "make bench  - criterion benchmarks and the peer comparisons"

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
	@echo "== nazar normalize: the seed-like comments in fixtures/comments/seed_like.txt =="
	$(NAZAR) normalize --format compare fixtures/comments/seed_like.txt

test: lint test-rust test-python

test-rust:
	$(CARGO) test --workspace --exclude nazar-python

test-python: python-dev
	$(PY) -m pytest -q python/tests

lint: $(VENV)/.ready
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	$(VENV)/bin/ruff check python benches fixtures
	$(VENV)/bin/ruff format --check python benches fixtures

fmt: $(VENV)/.ready
	$(CARGO) fmt --all
	$(VENV)/bin/ruff format python benches fixtures

bench: python-dev
	$(CARGO) bench -p nazar-benches
	$(PY) -m pip install --quiet -r benches/peers/requirements.txt
	$(PY) benches/peers/normalize_vs_hazm.py

clean:
	$(CARGO) clean
	rm -rf $(VENV)
