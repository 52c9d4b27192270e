# cybergraph — `make run` and `make test` are all a new user needs (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP  := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: help run test virtuoso chromium lint fmt fmt-check namespace bench bench-serve bench-10m fuzz clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)  ## set up .venv, build the graph, print what it holds with a timeline, answer one question
	$(BIN)/cybergraph build
	$(BIN)/cybergraph summary
	$(BIN)/cybergraph query culture-of-cybersecurity-resolutions --format table

test: $(TEST_STAMP) virtuoso chromium  ## set up .venv with the test tools and run lint, the import contract and the whole suite
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# Virtuoso Open Source 7 (Debian package virtuoso-opensource), for the tests of the published dump in a store
# other than Oxigraph: installed when missing and run as root; otherwise those tests are skipped with a
# reason (under CI=true they fail instead).
virtuoso:  ## install Virtuoso (Debian package virtuoso-opensource) for its tests, when run as root
	@if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource \
	  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource; }; \
	else echo "note: Virtuoso is not installed (apt-get install -y virtuoso-opensource, as root):" \
	  "its tests will be skipped"; fi

# Debian's chromium, for the browser tests of the pages (driven by Playwright through /usr/bin/chromium;
# never `playwright install`): installed when missing and run as root; otherwise those tests are skipped
# with a reason (under CI=true they fail instead).
chromium:  ## install Chromium (Debian package chromium) for the browser tests, when run as root
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
	  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }; \
	else echo "note: Chromium is not installed (apt-get install -y chromium, as root):" \
	  "the browser tests will be skipped"; fi

lint: $(TEST_STAMP)  ## ruff lint and format check, the import contract, mypy --strict
	$(BIN)/ruff check src tests bench fuzz
	$(BIN)/lint-imports
	$(BIN)/ruff format --check src tests bench fuzz
	$(BIN)/mypy

fmt: $(RUN_STAMP)  ## rewrite ontology/, shapes/ and data/ Turtle in canonical form
	$(BIN)/cybergraph fmt

fmt-check: $(RUN_STAMP)  ## fail if a committed Turtle file is not canonical
	$(BIN)/cybergraph fmt --check

namespace: $(RUN_STAMP)  ## regenerate src/cybergraph/rdf/vocab.py from the ontology
	$(BIN)/python -m cybergraph.rdf.vocabgen

BENCH_SIZES ?= project,10k,100k,1m
BENCH_CAP   ?= 300
# The rdflib path (b) is not run at 1M: each of its operations parses the million triples again (over a
# minute and 1.7 GB each), and at 100k it is already 25-240x slower than cybergraph.
BENCH_WAYS  ?= abc,1m:ac

bench: $(RUN_STAMP)  ## benchmark against rdflib and raw pyoxigraph (generates bench/data/ if missing) -> bench/RESULTS.md, bench/SITE.md
	$(BIN)/python bench/compare.py --sizes $(BENCH_SIZES) --cap $(BENCH_CAP) --ways $(BENCH_WAYS)
	$(BIN)/python bench/site.py --synthetic 100000

SERVE_CLIENTS ?= 1,8,32
SERVE_ROUNDS  ?= 3

bench-serve: $(TEST_STAMP)  ## latency and throughput of `cybergraph serve`'s /sparql against `oxigraph serve` -> bench/SERVE.md
	$(BIN)/python bench/serve.py --clients $(SERVE_CLIENTS) --rounds $(SERVE_ROUNDS)

bench-10m: $(RUN_STAMP)  ## the build at 10M synthetic triples (about 12 GB), then the dump, its bulk load and the catalogue in Virtuoso 7: time and peak memory -> bench/RESULTS.md
	$(BIN)/python bench/compare.py --sizes 10m --build-only --ways ac --cap 7200 --virtuoso-cap 1800

FUZZ_SECONDS ?= 600
FUZZ_SEED    ?= 1

fuzz: $(TEST_STAMP)  ## fuzz validate and query with hostile input for FUZZ_SECONDS (findings kept as regression tests)
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	$(BIN)/python -m fuzz.cli --seconds $$(( $(FUZZ_SECONDS) / 2 )) --seed $(FUZZ_SEED)
	mkdir -p .cache/fuzz-corpus
	$(BIN)/python fuzz/parsers.py -max_total_time=$$(( $(FUZZ_SECONDS) / 2 )) -seed=$(FUZZ_SEED) .cache/fuzz-corpus

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .cache
