# Two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= district

.PHONY: run test install install-dev browser migrate seed bench lint messages clean fuzz

# Re-install only when a requirements file changed.
$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The browser journeys drive Debian's Chromium through Playwright (never `playwright install`).
browser:
	@{ test -x /usr/bin/chromium && fc-list :lang=zh | grep -q . ; } || { \
	  echo "Installing Debian's chromium and a CJK font for the browser tests"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q && \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -q chromium fonts-wqy-microhei; }

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --scale $(SCALE)

run: seed
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# One xdist worker per core, each with its own test database and Celery queue (tests/conftest.py);
# an idle worker steals queued tests, so the few long ones (scope matrix, fuzz) do not end up in one line.
test: install-dev browser
	# A clone gives .po and .mo the same time, and compilemessages skips a .mo not older than its .po.
	find . -path ./.venv -prune -o -name django.po -print | xargs touch
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(BIN)/pytest -n auto --dist worksteal --durations=25

# Schemathesis over the whole OpenAPI schema, FUZZ_EXAMPLES generated requests per operation
# (the normal suite runs the same test with 6). FUZZ_SEED=n explores other inputs.
FUZZ_EXAMPLES ?= 150
fuzz: install-dev
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/security/test_fuzz.py -m fuzz -q -p no:randomly

bench: install-dev
	$(BIN)/python bench/run.py

lint: install-dev
	$(BIN)/ruff check .

# The project catalogue and each app's own (scripts/makemessages.py says which holds what).
messages: install
	$(BIN)/python scripts/makemessages.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

# Issue 9: the city demo on PostgreSQL (BENCH_DATABASE_URL, created and seeded once: long), served by
# gunicorn, each busy page under load from Debian's wrk (bench/load_pages.py lists the pages).
.PHONY: bench-load
bench-load: install-dev
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk for the load benchmark"; \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -q && \
	  $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -q wrk; }
	$(BIN)/python bench/load.py $(BENCH_LOAD_ARGS)
