# kbench: `make demo` and `make test` do all set-up themselves on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The torch that was tested: the CUDA 13.0 build runs on CPU and lets the cuda backend compile for real.
TORCH_PIN ?= torch==2.14.1
STAMP := $(VENV)/.kbench-installed

.PHONY: setup demo test lint typecheck unit clean bench

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH_PIN)" ninja "pydantic>=2" typer rich pandas
	$(BIN)/python -m pip install -q -e ".[dev,tpu,ray]"
	touch $(STAMP)

demo: setup
	$(BIN)/kbench run --model golden --backend cpu --suite smoke

lint: setup
	$(BIN)/ruff check harness backends tests
	$(BIN)/ruff format --check harness backends tests

typecheck: setup
	$(BIN)/mypy harness backends

unit: setup
	$(BIN)/python -m pytest -q -rs --durations=10

test: lint typecheck unit

# measures kbench itself (cold/warm builds, per-evaluation overhead, timing spread, generation concurrency,
# Ray scaling) and writes results/bench.json; exits 1 when a target is missed. Run it on an idle machine.
bench: setup
	$(BIN)/python tools/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
