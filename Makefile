# Two commands for a fresh machine (Python 3.11 and make):
#   make book   set up .venv and build the HTML book into _build/html
#   make test   set up .venv with the dev tools and run every test
# Everything the project needs is installed by these targets; nothing by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
# nbgrader shells out to `alembic`, `jupyter`, ...: the venv's bin must come first on PATH.
export PATH := $(BIN):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# One BLAS thread per process for the book build and the tests: they run pages, kernels and pytest
# workers side by side on few cores, where BLAS threads oversubscribe and thrash (measured: 2.9 s
# vs 147 s for one training). The benchmarks choose their own threads (see benchmarks/README.md).
ONE_THREAD := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP     := $(VENV)/.dev-installed
SYSTEM_STAMP  := $(VENV)/.system-installed
GRADING_STAMP := $(VENV)/.grading-system-installed

.PHONY: help setup setup-dev setup-grading book book-clean test test-fast bench release collect autograde feedback export report clean student-edition

help:
	@echo "make book    build the HTML book into _build/html"
	@echo "make test    run every test (sets up the venv, system packages and the book first)"
	@echo "make bench   run the benchmarks in benchmarks/"
	@echo "make release regenerate exercises/ from solutions/ with nbgrader"
	@echo "make setup-grading  only what grading needs (Python runtime + bubblewrap; no browser, no torch)"
	@echo "make autograde      grade what changed in grading/submitted/ (ARGS=--all: everything)"

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Debian packages for the grading sandbox (bubblewrap) and the browser tests (chromium).
$(SYSTEM_STAMP): scripts/setup-system.sh | $(VENV)/bin/python
	bash scripts/setup-system.sh
	touch $@

# Only the grading sandbox's packages (bubblewrap, setpriv): what an instructor who grades needs.
$(GRADING_STAMP): scripts/setup-system.sh | $(VENV)/bin/python
	bash scripts/setup-system.sh --grading
	touch $@

setup: $(RUNTIME_STAMP)
setup-dev: $(DEV_STAMP) $(SYSTEM_STAMP)
setup-grading: $(RUNTIME_STAMP) $(GRADING_STAMP)

book: $(RUNTIME_STAMP)
	$(ONE_THREAD) $(BIN)/python scripts/build_book.py
	@echo "The book is in $(CURDIR)/_build/html/index.html"

# A clean, forced build: every page executed again, no cache.
book-clean: $(RUNTIME_STAMP)
	$(ONE_THREAD) $(BIN)/python scripts/build_book.py --clean

test: setup-dev
	$(ONE_THREAD) $(BIN)/python scripts/build_book.py --clean
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 --durations=20 tests

test-fast: setup-dev
	$(ONE_THREAD) $(BIN)/python -m pytest -n 2 tests -m "not browser and not grading"

# Each prints timings and ratios against a peer run in the same process; none asserts a speed.
bench: setup-dev
	$(BIN)/python benchmarks/bench_training.py
	$(BIN)/python benchmarks/bench_grading.py --students 20
	$(BIN)/python benchmarks/bench_book.py

# Instructor workflow (see book/instructor-guide.md); each wraps `python -m course <step>`.
release: $(RUNTIME_STAMP)
	$(BIN)/python -m course release

collect: $(RUNTIME_STAMP)
	$(BIN)/python -m course collect $(SUBMISSIONS)

# Grades only the submissions that changed since they were last graded; `make autograde ARGS=--all`
# grades everything again. Needs the runtime and bubblewrap only, never the dev set-up.
autograde: $(RUNTIME_STAMP) $(GRADING_STAMP)
	$(BIN)/python -m course autograde $(ARGS)

feedback: $(RUNTIME_STAMP)
	$(BIN)/python -m course feedback

export: $(RUNTIME_STAMP)
	$(BIN)/python -m course export

report: $(RUNTIME_STAMP)
	$(BIN)/python -m course report

# The public student repository (allow-listed, leak-scanned): _build/student-edition/ (PUBLISHING.md).
student-edition: $(RUNTIME_STAMP)
	$(BIN)/python scripts/student_edition.py --check

clean:
	rm -rf _build .pytest_cache book/_static/vendor node_modules
