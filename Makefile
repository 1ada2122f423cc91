# Every target that needs Python bootstraps .venv first, so on a fresh machine
# `make figures` and `make test` are the only two commands a newcomer types.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BROWSER_STAMP := $(VENV)/.installed-browser

RAW        ?= data/raw
PROCESSED  ?= data/processed
FIGURES    ?= reports/figures
# `make figures LAYOUT=report`: the figures 16 cm wide for an A4 portrait report, into FIGURES/report;
# `LAYOUT=slides`: 29.21 cm wide for a 16:9 slide, into FIGURES/slides (README)
LAYOUT     ?=
# A sheet of sentences coded by people kept with the transcripts corrects the shares (docs/statistics.md)
VALIDATION ?= $(shell test -f "$(RAW)/validation-sample.tsv" && echo "$(RAW)/validation-sample.tsv")
# A coded sheet whose sentences take the people's codes (README, "Your team's corrections win")
OVERRIDES  ?=
NOTEBOOKS  := $(sort $(wildcard notebooks/*.ipynb))
# `make notebooks RAW=other/folder` runs the notebooks on other transcripts and writes them, their tables and
# figures under RUN, never over the committed notebooks, data/processed or reports/figures; the General Debate
# notebook (05) does not read RAW and is left out of such a run.
OTHER_RAW  := $(filter-out data/raw,$(RAW))
RUN        ?= reports/runs/$(notdir $(abspath $(RAW)))
NB_OUT     := $(if $(OTHER_RAW),$(RUN)/notebooks,notebooks)
NB_RUN     := $(if $(OTHER_RAW),$(filter-out notebooks/05-general-debate.ipynb,$(NOTEBOOKS)),$(NOTEBOOKS))
NB_PROCESSED := $(if $(OTHER_RAW),$(if $(filter-out data/processed,$(PROCESSED)),$(PROCESSED),$(RUN)/processed),$(PROCESSED))
NB_FIGURES := $(if $(OTHER_RAW),$(if $(filter-out reports/figures,$(FIGURES)),$(FIGURES),$(RUN)/figures),$(FIGURES))
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

help: ## Show this help
	@echo "Targets (run from the repository root):"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: RAW=$(RAW) PROCESSED=$(PROCESSED) FIGURES=$(FIGURES) LAYOUT=$(LAYOUT) VALIDATION=$(VALIDATION) OVERRIDES=$(OVERRIDES)"

$(STAMP): pyproject.toml constraints.txt
	@echo "Installing the project's environment into $(VENV) (first run, or after pyproject.toml changed: a few minutes)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

$(BROWSER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev,browser]"
	@touch $(BROWSER_STAMP)

venv: $(STAMP) ## Create or update the project environment in .venv

figures: $(STAMP) ## Run the whole pipeline on RAW and write figures to FIGURES
	$(BIN)/python -m analysis clean   --raw "$(RAW)" --out "$(PROCESSED)"
	$(BIN)/python -m analysis themes  --processed "$(PROCESSED)" $(if $(VALIDATION),--validation "$(VALIDATION)") $(if $(OVERRIDES),--overrides "$(OVERRIDES)")
	$(BIN)/python -m analysis figures --processed "$(PROCESSED)" --out "$(FIGURES)$(if $(LAYOUT),/$(LAYOUT))" $(if $(LAYOUT),--layout "$(LAYOUT)")

test: $(STAMP) ## Unit tests, then strict nbval on every notebook
	$(BIN)/python -m pytest -q tests
	$(BIN)/python -m pytest -q --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider $(NOTEBOOKS)

unit: $(STAMP) ## Unit tests only
	$(BIN)/python -m pytest -q tests

test-browser: $(BROWSER_STAMP) ## Every notebook in JupyterLab in headless Chromium (Run All; screenshots in reports/screenshots)
	$(BIN)/python -m pytest -q -s -p no:cacheprovider tests/browser

notebooks: $(STAMP) ## Re-execute the notebooks in place (RAW=... runs them on other transcripts into RUN=reports/runs/<folder>)
	$(BIN)/python tools/run_notebooks.py --out "$(NB_OUT)" \
	  $(if $(OTHER_RAW),-p RAW "$$(realpath -m "$(RAW)")") \
	  $(if $(filter-out data/processed,$(NB_PROCESSED)),-p PROCESSED "$$(realpath -m "$(NB_PROCESSED)")") \
	  $(if $(filter-out reports/figures,$(NB_FIGURES)),-p FIGURES "$$(realpath -m "$(NB_FIGURES)")") \
	  $(NB_RUN)

report: $(STAMP) ## Export the executed notebooks to HTML under reports/
	$(BIN)/python -m jupyter nbconvert --to html --template-file tools/nbconvert/report.html.j2 --output-dir reports $(NOTEBOOKS)

lab: $(STAMP) ## Open JupyterLab in the project environment
	$(BIN)/python -m jupyter lab notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

validate: $(STAMP) ## Agreement of the theme coder with the coded dev set of ../shared, or with GOLD=sheet.tsv
	$(BIN)/python -m analysis validate $(if $(GOLD),--gold "$(GOLD)")

bench: $(STAMP) ## Benchmarks against the bare spaCy pipeline (needs ../shared)
	$(BIN)/python benchmarks/bench_pipeline.py

lint: $(STAMP) ## Ruff's checks and format over the package, tests, benchmarks and tools (CI runs it)
	$(BIN)/python -m ruff check src tests benchmarks tools
	$(BIN)/python -m ruff format --check src tests benchmarks tools

clean: ## Remove processed data, caches and the environment (raw data is never touched)
	rm -rf $(PROCESSED)/* $(PROCESSED)/.cache $(VENV) .pytest_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	@touch $(PROCESSED)/.gitkeep

.PHONY: help venv figures test unit test-browser notebooks report lab validate bench lint clean
