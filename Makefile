# The two commands a fresh clone needs: `make run` and `make test`.
# Both create .venv when missing and reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8501

.PHONY: run test lint bench fidelity fuzz leaks clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sketchfirst needs Python 3.11 or newer (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

NODE_STAMP := tests/js/node_modules/.installed

# mermaid's own parser (run under Node) checks exported Mermaid; skipped where npm is absent.
$(NODE_STAMP): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/js --ignore-scripts --no-audit --no-fund --loglevel=error && touch $(NODE_STAMP); \
	else echo "npm not found: the mermaid-js parse check will be skipped"; fi

test: $(STAMP) $(NODE_STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .

bench: $(STAMP)
	$(PY) benchmarks/pipeline.py
	$(PY) benchmarks/app_rerun.py
	$(PY) benchmarks/critique_cost.py
	$(PY) benchmarks/critique_stream.py
	$(PY) benchmarks/store.py

# How faithfully real-world diagrams are read: tests/fidelity/corpus scored against its answer keys (docs/FIDELITY.md).
fidelity: $(STAMP)
	$(PY) benchmarks/fidelity.py --details

fuzz: $(STAMP)
	SKETCHFIRST_FUZZ_EXAMPLES=20000 $(PY) -m pytest -m slow tests/safety/test_fuzz.py tests/safety/test_crash_safety.py \
		-p no:cacheprovider -s --hypothesis-show-statistics

# Every test fails on what it leaks (sockets, files, pipes, processes); this also says where each leak was opened.
leaks: $(STAMP)
	SKETCHFIRST_TRACE_LEAKS=25 $(PY) -m pytest -m "not browser" -W error::ResourceWarning -p no:cacheprovider

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
