# The project installs as an application into its own virtual environment: two of its
# top-level packages (parsers, scheduler) share names with unrelated PyPI packages.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test demo lint bench messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

demo: $(STAMP)
	# At a terminal the demo ends with the staff console up (Ctrl-C stops it); in a script it exits.
	$(BIN)/mailbot demo $$([ -t 0 ] && echo --web)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The notices' messages into replies/locale/notices.pot, then into each language's .po (new
# messages come in untranslated, changed ones fuzzy: both go out in English until translated;
# 'mailbot check-config' lists them). The .po files are compiled when the bot loads them.
messages: $(STAMP)
	$(BIN)/pybabel extract -F replies/babel.cfg -k N_ -k Np_:1c,2 --no-wrap --sort-by-file \
		--project "transfer@ mailbot" --copyright-holder "transfer@ mailbot" -c "Translators:" \
		-o replies/locale/notices.pot .
	$(BIN)/pybabel update -i replies/locale/notices.pot -d replies/locale -D notices --no-wrap

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
