# Every target sets itself up: a fresh machine needs only python3 (and, for the
# browser tests, root for apt-get to install Debian's chromium and a CJK font).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help site serve test check report supervision bench fuzz docs screenshots browser-deps clean

help:
	@echo "make site    建立环境并构建演示网站到 site/"
	@echo "make serve   建立环境并在 http://127.0.0.1:8000 预览（修改后自动刷新）"
	@echo "make test    建立环境并运行全部测试"
	@echo "make check   检查 content/ 下全部信息"
	@echo "make report  公开时效与年报统计"
	@echo "make supervision  生成公开工作监督页到 supervision-site/（内部材料，不进入公开网站）"
	@echo "make bench   性能基准（N=条数，CONTENT=目录）"
	@echo "make fuzz    模糊测试：N 个变异信息（默认 10000）检查、构建并扫描（FUZZ_SEED=种子）"

$(STAMP): requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

site: $(STAMP)
	$(PY) -m mkdocs build --strict

serve: $(STAMP)
	$(PY) -m mkdocs serve --livereload

check: $(STAMP)
	$(PY) -m generator check

report: $(STAMP)
	$(PY) -m generator report

# Oversight figures for 市政府办: a page of its own, never part of site/.
supervision: $(STAMP)
	$(PY) -m generator supervision --out supervision-site

# Everything generated from categories.yml that is committed: the guide's reference pages,
# the front-matter JSON Schema for editors, and CODEOWNERS.
docs: $(STAMP)
	$(PY) -m generator docs
	$(PY) -m generator schema
	$(PY) -m generator codeowners

# Debian's chromium for the browser tests and a CJK font so that Chinese
# renders in screenshots. Nothing downloads a browser build of its own.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v npm >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    pkgs="chromium fonts-noto-cjk"; command -v npm >/dev/null || pkgs="$$pkgs nodejs npm"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs >/dev/null; \
	  else echo "browser tests need: sudo apt-get install chromium fonts-noto-cjk nodejs npm"; fi; \
	fi

# Node packages pinned in package-lock.json (npm registry): axe-core for the accessibility tests,
# decap-cms (vendored into /admin/ when the form editor is enabled) and decap-server for its browser test.
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# Pictures of the form editor for docs/guide.md (docs/images/cms-*.png), taken with headless Chromium.
screenshots: $(STAMP) browser-deps $(NODE_STAMP)
	$(PY) tests/cms_screenshots.py

test: $(STAMP) browser-deps $(NODE_STAMP)
	$(PY) -m pytest -q -p no:cacheprovider

# Mutants of valid items through check, build and an active-content scan, 1,000 per build (tests/fuzzing.py).
# Prints the figures and exits non-zero unless tracebacks, hangs, unbuildable and findings are all 0.
fuzz: $(STAMP)
	$(PY) tests/fuzzing.py --cases $(or $(N),10000) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED))

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $(BENCH_STAMP)

# BENCH_ARGS passes more options, e.g. BENCH_ARGS="--rebuild --skip-plain".
bench: $(BENCH_STAMP)
	$(PY) -m bench $(if $(N),--items $(N)) $(if $(CONTENT),--content $(CONTENT)) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) site .site-old-* .site-build-* .cache node_modules supervision-site
