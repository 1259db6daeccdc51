# perfcli — the few targets people run. Only Python 3.11+ is needed; everything else installs itself.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench bench-small templates lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

test: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

bench-small: $(STAMP)
	$(BIN)/python -m benchmarks.run --small

templates: $(STAMP)
	$(BIN)/python scripts/build_templates.py
	$(BIN)/python scripts/build_letter_templates.py

lint: $(STAMP)
	$(BIN)/ruff check perfcli clerk tests scripts benchmarks
	$(BIN)/ruff format --check perfcli clerk tests scripts benchmarks
	$(BIN)/mypy

clean:
	rm -rf out build *.egg-info .pytest_cache
