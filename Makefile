# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: constraints dictionaries install run index test lint typecheck eval fit bench chromium clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# The German–English dictionary (Ding, GPL-2+) comes from Debian, like chromium below.
dictionaries:
	test -f /usr/share/trans/de-en || { $(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q trans-de-en; }

install: $(STAMP) dictionaries

# Transitive packages are pinned too: the encoders' last decimal places (and so an answer at the
# abstention threshold) moved between installs of the same direct pins. Rewrite after changing a pin.
constraints:
	{ sed -n '1,2p' constraints.txt; $(BIN)/pip freeze --exclude-editable | sed 's/+cpu$$//'; } > constraints.tmp
	mv constraints.tmp constraints.txt

index: install
	$(BIN)/qa index seeds

run: index
	$(BIN)/qa serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

# The browser tests drive Debian's chromium; install it when it is missing (never `playwright install`).
# WenQuanYi Micro Hei (Apache-2.0 / GPL-3 with font exception, 5 MB) lets the screenshots show Chinese.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
chromium:
	{ command -v chromium && test -d /usr/share/fonts/truetype/wqy; } >/dev/null 2>&1 || { $(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium fonts-wqy-microhei; }

test: install lint typecheck chromium
	$(BIN)/pytest -q
	QA_HOME=.qa-gate $(BIN)/qa index seeds --rebuild
	QA_HOME=.qa-gate $(BIN)/qa eval --suite all --mode hybrid --gate --no-report

# Refreshes the committed report in newsqa/eval/ (plain `qa eval` writes ./eval-report/).
eval: install
	$(BIN)/qa eval --suite all --mode all --out newsqa/eval

# Refit what is fitted (tuning splits only); see eval/README.md.
fit: install
	$(BIN)/python -m newsqa.eval.sweep fusion
	$(BIN)/python -m newsqa.eval.fit_rerank
	$(BIN)/python -m newsqa.eval.fit_reader
	$(BIN)/python -m newsqa.eval.fit_short

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf .qa .qa-gate .pytest_cache .mypy_cache .ruff_cache
