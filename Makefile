# mllens — the two commands: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install demo bench clean lock

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11) and "mllens needs Python 3.11+")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Two stamps: `make run` installs what running needs; `make test` (and lint, bench) the dev
# extras on top (pytest, Playwright, schemathesis, ruff).
$(VENV)/.installed-run: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-dev

# Embedded default: SQLite in ./var, tasks run in-process, DEBUG on.
run: export DEBUG ?= true
# Links in mails (printed in the terminal) point where this serves.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed-run
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_lenses
	$(PY) manage.py demo_user --url http://$(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

test: export SECRET_KEY ?= mllens-test-suite-secret-key-not-for-production
test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmarks (README, "Performance"): PostgreSQL and Redis, in a database of their own that is
# created and dropped (its name must contain "bench"). BENCH_DURATION: seconds per load level.
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mllens_bench
bench: export REDIS_URL ?= redis://127.0.0.1:6379/8
bench: export SECRET_KEY ?= mllens-bench-only-secret-key-for-a-throwaway-database
bench: $(VENV)/.installed-dev
	$(PY) -m bench.run $(BENCH_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rewrites constraints.txt from the current environment (after changing pyproject.toml).
lock: $(VENV)/.installed-dev
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > constraints.txt

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
