.PHONY: run test vendor bench

run:  ## Start Samhandling with demo data on SQLite (http://127.0.0.1:$${PORT:-8000})
	@scripts/run.sh

test:  ## Lint, checks and the whole test suite on PostgreSQL, then a smoke test of make run
	@scripts/test.sh

vendor:  ## Refresh the vendored FKUI CSS, htmx and axe-core from npm
	@scripts/vendor.sh

bench:  ## Run the benchmarks and write bench/results/
	@scripts/bootstrap.sh dev && .venv/bin/python bench/run.py
