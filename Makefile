# standpoint: the two commands of the README are `make demo` and `make test`.
# Both run the set-up first (pinned downloads, cached in ~/.cache/standpoint) and leave
# the release binary at target/release/standpoint.

SHARED ?= ../shared
BIN := target/release/standpoint
CARGO ?= cargo

.PHONY: setup build demo test eval-dev gum-gold bench bench-compare corpus clean-out

setup:
	bash scripts/setup.sh

build: setup
	$(CARGO) build --release

# The main job on the bundled sample corpus.
demo: build
	$(BIN) analyze datasets/sample --out out/sample
	@echo "report: out/sample/report.md"

# The whole test suite (release profile: one build serves the demo and the tests).
test: setup
	$(CARGO) test --release

# GUM Wikinews attribution converted to the labelled-data format (not committed).
gum-gold: target/gum-news-gold.jsonl
target/gum-news-gold.jsonl: scripts/gum_to_gold.py
	mkdir -p target
	python3 scripts/gum_to_gold.py --gum $(SHARED)/datasets/gum_news_attribution --out $@

# Every dev set, from the shared path: real news (main yardstick), GUM news, and the
# project's own labelled articles. Never trained on.
eval-dev: build gum-gold
	@echo "== news-quotes dev (real news) =="
	$(BIN) evaluate --gold $(SHARED)/datasets/news-quotes/dev.jsonl
	@echo "== GUM Wikinews (quotes and speakers only) =="
	$(BIN) evaluate --gold target/gum-news-gold.jsonl
	@echo "== sample corpus, labelled for the project (incl. the seed article) =="
	$(BIN) evaluate --gold datasets/labelled/sample-gold.jsonl
	@if [ -f datasets/labelled/written-news.jsonl ]; then \
	  echo "== written-news, labelled for the project =="; \
	  $(BIN) evaluate --gold datasets/labelled/written-news.jsonl; fi

bench: setup
	$(CARGO) bench

clean-out:
	rm -rf out
