# Lokadaya: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Two workers on the 2-core machine; WORKERS=0 runs in one process.
WORKERS ?= 2

.PHONY: install run test messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest -n $(WORKERS) $(PYTEST_ARGS)

# Re-extract every app's messages and compile them (needs gettext's msgfmt/xgettext).
messages: install
	$(PY) manage.py translations

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
