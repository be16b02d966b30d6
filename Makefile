# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Both create the virtualenv and install what they need; nothing else is needed by hand.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
DEMO_DB ?= .demo/newsprism.db
# The seed articles get a store of their own, so the demo ends with their brief, not the corpus's again.
SEEDS_DB ?= .demo/seeds.db
# The packaged model is loaded from installed files; never reach for a model hub.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
# Spark in local mode binds the loopback address (the batch tests and bench-spark).
export SPARK_LOCAL_IP := 127.0.0.1

.PHONY: demo test bench bench-spark lint install clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,eval,spark]'
	# Distil the ingest's static model now (about a minute, once), not inside the first ingest.
	$(BIN)/newsprism models prepare
	touch $@

install: $(BIN)/.installed

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).lock
	$(BIN)/newsprism --db $(DEMO_DB) ingest examples/fictional-news/articles
	$(BIN)/newsprism --db $(DEMO_DB) stories
	$(BIN)/newsprism --db $(DEMO_DB) brief --top 1
	@if [ -d $(SHARED)/seeds ]; then \
		rm -f $(SEEDS_DB) $(SEEDS_DB)-wal $(SEEDS_DB)-shm $(SEEDS_DB).lock && \
		echo "== the seed articles of $(SHARED)/seeds, in their own store $(SEEDS_DB) ==" && \
		$(BIN)/newsprism --db $(SEEDS_DB) ingest $(SHARED)/seeds && \
		$(BIN)/newsprism --db $(SEEDS_DB) stories && \
		$(BIN)/newsprism --db $(SEEDS_DB) brief --top 1; \
	else echo "($(SHARED)/seeds not found: skipping the real-article part of the demo)"; fi
	@echo "next: .venv/bin/newsprism --db $(DEMO_DB) stories (or: source .venv/bin/activate; newsprism ...)"

test: install
	$(BIN)/python -m pytest

bench: install
	# bench.web and bench.load drive the server with wrk (Debian's), a load generator in C.
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m bench.run

# The Spark batch job in local[1] and local[2] beside the local pipeline, on 20k and 100k articles.
bench-spark: install
	SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON=$(abspath $(BIN)/python) $(BIN)/python -m bench.spark

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	# Types of src/newsprism, with the configuration in pyproject.toml's [tool.mypy].
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .demo .pytest_cache build src/*.egg-info
