# The two commands a fresh clone needs: `make run` and `make test`.
# Both create .venv when missing and reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test lint bench fuzz clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sketchfirst needs Python 3.11 or newer (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) benchmarks/pipeline.py
	$(PY) benchmarks/app_rerun.py
	$(PY) benchmarks/critique_cost.py

fuzz: $(STAMP)
	SKETCHFIRST_FUZZ_EXAMPLES=20000 $(PY) -m pytest -m slow tests/test_fuzz.py tests/test_crash_safety.py \
		-p no:cacheprovider -s --hypothesis-show-statistics

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
