# Each target sets up .venv itself, so a fresh clone needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8000

.PHONY: install run test lint clean bench

# The translations' compiled catalogues, built from the committed .po files
# (and again when one changes) by polib, in pure Python, so a fresh clone
# needs no GNU gettext; they are not committed (.gitignore). docs/i18n.md.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

# The default goal: the venv and the compiled translations, so a deploy that
# runs plain `make` serves Chinese too (without the .mo Django falls back to
# English without a word; claims.W003 warns of it).
install: $(INSTALLED) $(MESSAGES)

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ledger needs Python 3.11 or newer; run make with PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	@touch $@

locale/%.mo: locale/%.po $(INSTALLED)
	$(BIN)/python -c 'import sys, polib; polib.pofile(sys.argv[1]).save_as_mofile(sys.argv[2])' $< $@

# DJANGO_DEBUG defaults to on here only: runserver then serves the static files,
# and the development secret key is allowed (make run creates no secret).
run: export DJANGO_DEBUG ?= 1
run: $(INSTALLED) $(MESSAGES)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	@echo
	@echo "  The ledger is at http://127.0.0.1:$(PORT)/ (the admin at /admin/)."
	@echo "  To make an admin user: $(BIN)/python manage.py createsuperuser"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(INSTALLED) $(MESSAGES)
	$(BIN)/pytest $(PYTEST_ARGS)

# BENCH_ARGS="--claims 10000 --speakers 500 --sources 2000" for a quicker run.
# SITE_BENCH_ARGS="--claims 1000000 --keep" for the public site's benchmarks
# (pages, search, served: bench/site.py) at a million claims.
bench: $(INSTALLED) $(MESSAGES)
	$(BIN)/python -m bench import $(BENCH_ARGS)
	$(BIN)/python -m bench site $(SITE_BENCH_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles $(MESSAGES)
