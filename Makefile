# Two entry points (see README): `make report` and `make test`.
# Both create a virtual environment in .venv on first use and install kosieval into it.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: report report-en test lint bench clean

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=64" wheel
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

report: $(BIN)/.installed
	$(BIN)/kosieval example -o $(OUT)/kosieval-beispielbericht.pdf

report-en: $(BIN)/.installed
	$(BIN)/kosieval example --lang en -o $(OUT)/kosieval-example-report.pdf

test: $(BIN)/.installed
	$(BIN)/python -m pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check kosieval tests benchmarks surveys notebooks docs .ci
	$(BIN)/lint-imports

bench: $(BIN)/.installed
	$(BIN)/python benchmarks/cold_example.py
	$(BIN)/python benchmarks/survey_import.py
	$(BIN)/python benchmarks/stats_vs_peers.py
	$(BIN)/python benchmarks/coding_corpus.py
	$(BIN)/python benchmarks/report_build.py
	$(BIN)/python benchmarks/many_cities.py

clean:
	rm -rf $(OUT) build dist *.egg-info .pytest_cache .ruff_cache
