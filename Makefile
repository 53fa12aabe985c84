# Lokadaya: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Two workers on the 2-core machine; WORKERS=0 runs in one process.
WORKERS ?= 2
# The port `make run` serves on; exported so the settings build every link (admin, emails, test
# payments, the Wagtail Site set by seed_demo) on it: `make run PORT=8123`.
PORT ?= 8000
export PORT

.PHONY: install run worker test messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# The H5P player (h5p-standalone, pinned in package-lock.json) from the npm registry, at install time
# only; its install script is not run (the files it needs are in the package's dist/).
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

# The site and its task worker (emails, search indexing, payment settlement, scheduled jobs);
# Ctrl-C stops both.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The task worker alone (production runs it beside the web server, e.g. as a systemd service).
worker: install
	$(PY) manage.py worker

# The tests run with the example third-party plugin (examples/lokadaya-bookdrive) installed beside
# the built-in ones, into build/ (never into the virtualenv): core must pass with a plugin it does
# not know, and the plugin's own tests run too. `make test EXAMPLE_PLUGIN=0` runs without it.
# Without PYTEST_ARGS every test runs; with them, only what they select. The slowest tests are listed.
EXAMPLE_PLUGIN ?= 1
EXAMPLE_SITE := build/example-plugin
ifeq ($(EXAMPLE_PLUGIN),1)
TEST_ENV := PYTHONPATH=$(EXAMPLE_SITE)/site
TEST_PATHS := $(if $(PYTEST_ARGS),,tests plugins $(EXAMPLE_SITE)/site/lokadaya_bookdrive/tests)
else
TEST_ENV :=
TEST_PATHS :=
endif

test: install
ifeq ($(EXAMPLE_PLUGIN),1)
	rm -rf $(EXAMPLE_SITE) && mkdir -p $(EXAMPLE_SITE)
	cp -r examples/lokadaya-bookdrive $(EXAMPLE_SITE)/src
	$(PY) -m pip install --quiet --no-deps --no-build-isolation --no-index --target $(EXAMPLE_SITE)/site $(EXAMPLE_SITE)/src
endif
	$(TEST_ENV) $(PY) -m pytest -n $(WORKERS) --durations=25 $(PYTEST_ARGS) $(TEST_PATHS)

# Re-extract every app's messages and compile them (needs gettext's msgfmt/xgettext).
messages: install
	$(PY) manage.py translations

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles node_modules
