# One-word commands: `make run` serves the dashboard, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := $(or $(PROGRAMME_DB),data/programme.duckdb)
PORT ?= 8501
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
# Chinese and Arabic glyphs for Chromium (the browser tests) and Kaleido (PNG/SVG exports).
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
ARABIC_FONT := /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf
FONTS := $(CJK_FONT) $(ARABIC_FONT)

# `make serve`: this many Streamlit processes behind nginx (default: one per core).
REPLICAS ?= $(shell nproc)

.PHONY: run serve test test-fast lint build validate bench loadtest export-parquet catalogues \
	catalogues-check clean

run: $(DB) $(FONTS)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

# The same address as `make run`, served by $(REPLICAS) processes on 127.0.0.1 behind nginx,
# under supervisor (config, logs and the shared cookie secret in .serve/). Ctrl-C stops all.
serve: $(DB) $(NGINX)
	$(BIN)/python -m serve --replicas $(REPLICAS) --port $(PORT)

test: $(VENV)/.installed-test $(CHROMIUM) $(NGINX) $(FONTS)
	$(BIN)/python -m pytest

# Everything but the Playwright browser tests and the wheel build (markers: pyproject.toml).
# Chromium is still needed: the PNG/SVG export tests draw through Kaleido, which drives it.
test-fast: $(VENV)/.installed-test $(CHROMIUM) $(FONTS)
	$(BIN)/python -m pytest -m "not browser and not slow"

# Speed, as ratios to two floor pages (bare, and bare + filters) measured in the same interleaved
# rounds (writes bench/results.json; README "Performance"); then the server's CPU per first visit
# of each page, against the bare page's.
bench: $(VENV)/.installed-test $(CHROMIUM) $(FONTS)
	$(BIN)/python -m bench
	$(BIN)/python -m bench.server_cpu

# One entry point, bench/loadtest/: the room (100, then 200 viewers from one address arriving
# within 20 s) served by `make serve` with 1 and then 2 processes, side by side
# (bench/loadtest-room-*.json); 50 protocol-level sessions for 2 minutes while the database is
# rebuilt 20 times, on 1 and on 2 processes (bench/loadtest-results-n*.json); then 3 browser
# sessions as a smoke check.
loadtest: $(VENV)/.installed-test $(CHROMIUM) $(NGINX)
	$(BIN)/python -m bench.loadtest --burst 100/20 --processes 1,2; room=$$?; \
	$(BIN)/python -m bench.loadtest --burst 200/20 --processes 1,2; \
	$(BIN)/python -m bench.loadtest --processes 1,2; protocol=$$?; \
	$(BIN)/python -m bench.loadtest --browser --smoke --sessions 3 --seconds 30 --rebuilds 3 \
		--settle-seconds 30 --single-rounds 1 --out bench/loadtest-browser-smoke.json \
		&& exit $$((room || protocol))

# Every table as Parquet under build/parquet, for replicas reading object storage.
export-parquet: $(DB)
	$(BIN)/python -m loaders.parquet_export --db $(DB) --out build/parquet

# Translations (README, "Languages"): re-extract the template from the code and merge new
# messages into each language's .po, which a translator then completes (the tests fail until
# every message is translated). The .po files are compiled in memory when the app starts.
LOCALES := dashboard/locales
catalogues: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k N_plural:1,2 -c "Translators:" --sort-by-file --no-wrap \
		--project programme-dashboard -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) --no-wrap --ignore-obsolete

# Babel's own checks and each catalogue's translated share, without writing any .mo file.
catalogues-check: $(VENV)/.installed
	for code in ar es fr ru zh; do \
		$(BIN)/pybabel compile --statistics -l $$code \
			-i $(LOCALES)/$$code/LC_MESSAGES/messages.po -o /dev/null || exit 1; done

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

validate: $(VENV)/.installed
	$(BIN)/python -m loaders validate

build: $(DB)

# Rebuilt when missing or older than any data file, loader or the schema.
$(DB): $(VENV)/.installed $(wildcard data/*.csv) $(wildcard loaders/*.py) loaders/schema.sql
	$(BIN)/python -m loaders build --db $(DB)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Browser tests drive Debian's Chromium; Playwright's own browser download is never used.
$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Debian's Noto fonts: without them Chinese and Arabic exports draw empty boxes.
$(CJK_FONT):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk

$(ARABIC_FONT):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core

# The reverse-proxy test starts Debian's nginx with deploy/nginx.conf (its own prefix and port).
$(NGINX):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx

clean:
	rm -rf $(VENV) data/programme.duckdb data/programme.duckdb.wal
