# The two commands of the README:
#   make demo  - set up, build the model from corpus/ (no model hub), scan the shipped documents, export the report
#   make test  - set up and run the whole test suite
# `sudo make system-deps` installs the Debian tools reviewer calls (OCR, .doc conversion, PostgreSQL for tests).

VENV ?= .venv
PY := $(VENV)/bin/python
REVIEWER := $(VENV)/bin/reviewer
DEMO_DEPARTMENT ?= Sở Tư pháp (demo)

.PHONY: setup system-deps model demo test lint bench app

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# torch first and pinned, so pip takes the CPU build and never a multi-GB CUDA one.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test,ray]'
	touch $@

system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie antiword \
	  libreoffice-writer-nogui poppler-utils postgresql chromium fonts-dejavu-core >/dev/null

model: setup
	$(REVIEWER) build-base
	# train unless the model folder loads and matches the code (its body is not in git)
	$(PY) -c "from reviewer.classify import load_classifier; load_classifier()" 2>/dev/null || $(REVIEWER) train

demo: model
	$(REVIEWER) scan corpus/documents --department "$(DEMO_DEPARTMENT)" --reclassify
	mkdir -p out
	$(REVIEWER) export --format docx --out out/bao-cao-ra-soat.docx
	$(REVIEWER) export --format xlsx --out out/bao-cao-ra-soat.xlsx
	$(PY) -m reviewer.ui.demo
	@echo "Report: out/bao-cao-ra-soat.docx — review desk: make app (sign in with an account printed above)"

test: setup
	$(PY) -m pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check reviewer tests bench streamlit_app.py

bench: setup
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

app: setup
	$(VENV)/bin/streamlit run streamlit_app.py
