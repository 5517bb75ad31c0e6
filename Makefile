# The two promises of the README:
#   make demo   sets everything up and builds the demo site into site/
#   make test   runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The demo content describes a fixed moment, so the first build always shows
# an open incident, an upcoming maintenance and full uptime bars.
DEMO_NOW ?= 2026-11-22T15:00:00Z

.PHONY: setup demo serve test bench bench-small clean

$(BIN)/statusgen: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup: $(BIN)/statusgen

demo: setup
	$(BIN)/statusgen build --now $(DEMO_NOW)
	@echo "Demo site built in site/. Preview it with: make serve"

serve: setup
	$(BIN)/statusgen serve

test: setup node_modules/.package-lock.json
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/bench_build.py

# CI runs the benchmark at a small size so it keeps working; figures are printed, never asserted.
bench-small: setup
	$(BIN)/python bench/bench_build.py 20 200 --repeat 1

clean:
	rm -rf $(VENV) site node_modules .pytest_cache
