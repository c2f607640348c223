# depeche — one non-recursive Makefile. Every output goes under $(BUILD).
#   make            build build/bin/depeche-{fetch,clean,split,tag,sink} and depeche
#   make test       unit + integration tests, plain and ASan/UBSan builds
#   make run        install missing packages, build, run the pipeline on samples/
#   make bench      optimised build, benchmark table (scripts/bench), then the
#                   render time of depeche serve on 100 000 articles (scripts/bench-serve)
#   make asan       the sanitizer build alone (build/asan)
#   make model      retrain the tagger's model (data/model/)
#   make fuzz       the fuzz targets, longer than in make test
#   make eval       sentence, entity, extraction and story scores on ../shared/eval (EVAL=DIR)

BUILD   ?= build
SAN     ?=
PKGS    := libzmq libczmq libprotobuf-c libpcre2-8 zlib libxml-2.0 jansson \
           libutf8proc sqlite3 libmicrohttpd
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wpointer-arith -Wundef -Wvla
OPT     ?= -O2 -g
ifeq ($(SAN),1)
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
# The test build also carries test-only triggers (poison articles, a slow
# stage); the release build in build/ never does.
CPPFLAGS += -DDP_TEST_HOOKS
endif
# Recursive (=) on purpose: pkg-config runs only when compiling, so that
# `make run` can install the packages before anything asks for them.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) check)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
CHECK_LIBS = $(shell pkg-config --libs check)
CPPFLAGS += -Iinclude -Istages -I$(BUILD)/gen -D_GNU_SOURCE
CFLAGS_ALL = -std=c11 $(WARN) $(OPT) $(CPPFLAGS) $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
LDFLAGS_ALL = $(OPT) $(LDFLAGS)

STAGES  := fetch clean split tag sink
GEN_C   := $(BUILD)/gen/article.pb-c.c
GEN_H   := $(BUILD)/gen/article.pb-c.h
LIB_SRC := $(filter-out %/main.c,$(wildcard stages/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/article.pb-c.o
LIB     := $(BUILD)/libdepeche.a
# Every stages/<name>/main.c is a binary depeche-<name> (the five stages and
# tools such as tag-train); stages/depeche/main.c is `depeche` itself.
BINS    := $(patsubst stages/%/main.c,$(BUILD)/bin/depeche-%,\
             $(filter-out stages/depeche/main.c,$(wildcard stages/*/main.c))) \
           $(BUILD)/bin/depeche
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test unit integration run bench asan clean deps eval fuzz model install
.DEFAULT_GOAL := all
.SECONDARY:

all: $(BINS) $(UNIT)

$(GEN_C) $(GEN_H): proto/article.proto
	@mkdir -p $(BUILD)/gen
	@echo "  PROTO $<"
	@protoc-c --proto_path=proto --c_out=$(BUILD)/gen $<

# HTML's named character references, from Python's html.entities, for clean.
$(BUILD)/gen/html_refs.h: scripts/gen-html-refs
	@mkdir -p $(BUILD)/gen
	@echo "  GEN   $@"
	@scripts/gen-html-refs $@

$(BUILD)/obj/stages/clean/refs.o: $(BUILD)/gen/html_refs.h

# The tagger's decoder (tagm.c) is tag's hot loop: -O3 in the default
# build too. At -O2 GCC 12 leaves it ~40 % more instructions (the sums'
# and prefetches' loops not unrolled, fewer vectors). An OPT given on the
# command line (make bench) overrides this.
$(BUILD)/obj/stages/tag/tagm.o: OPT += -O3

$(BUILD)/obj/gen/article.pb-c.o: $(GEN_C)
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj/%.o: %.c $(GEN_H)
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@echo "  AR    $@"
	@ar rcs $@ $^

$(BUILD)/bin/depeche-%: $(BUILD)/obj/stages/%/main.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD    $@"
	@$(CC) $(LDFLAGS_ALL) $< $(LIB) $(PKG_LIBS) -lm -o $@

$(BUILD)/bin/depeche: $(BUILD)/obj/stages/depeche/main.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD    $@"
	@$(CC) $(LDFLAGS_ALL) $< $(LIB) $(PKG_LIBS) -lm -o $@

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD    $@"
	@$(CC) $(LDFLAGS_ALL) $< $(LIB) $(PKG_LIBS) $(CHECK_LIBS) -lm -o $@

deps:
	@scripts/install-deps

asan:
	$(MAKE) BUILD=build/asan SAN=1 all

# The README's test command. Builds both flavours, runs every test, ends
# with "N passed, N failed".
test: deps
	@$(MAKE) --no-print-directory -j2 all
	@$(MAKE) --no-print-directory -j2 BUILD=$(BUILD)/asan SAN=1 all
	@scripts/run-tests $(BUILD) $(BUILD)/asan

unit: all
	@scripts/run-tests --unit-only $(BUILD)

run: deps
	@$(MAKE) --no-print-directory -j2 all
	@scripts/run-pipeline

bench: deps
	$(MAKE) BUILD=build/bench OPT="-O3 -march=native -g -DNDEBUG" all
	@scripts/bench build/bench
	@scripts/bench-tag-lang build/bench $(EVAL)
	@scripts/bench-serve build/bench

# Fuzz every parser longer than make test does (FUZZ_ARGS="--libfuzzer 60"
# with clang installed).
fuzz: asan
	@scripts/fuzz $(FUZZ_ARGS)

# Retrain the tagger's model (scripts/train-model; data from ../shared/eval
# by default, EVAL=DIR for another copy).
model: all
	@scripts/train-model $(EVAL)
	@scripts/train-model --lang en $(EVAL)

# Quality on the public evaluation data (path as EVAL=..., default ../shared/eval).
EVAL ?= ../shared/eval
eval: all
	@scripts/eval-split $(EVAL)/sbd
	@scripts/eval-tag $(EVAL)/ner
	@scripts/eval-tag-en $(EVAL)/ner
	@scripts/eval-clean $(EVAL)
	@scripts/eval-clean-text $(EVAL)
	@scripts/eval-clean-layouts $(EVAL)
	@scripts/eval-clean-layouts --lang en $(EVAL)
	@scripts/eval-stories $(EVAL)/stories

# Installs the release binaries and the data they read (dp_data_path looks in
# <bindir>/../share/depeche). DESTDIR for packaging.
PREFIX ?= /usr/local
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/depeche \
	    $(DESTDIR)$(PREFIX)/share/doc/depeche \
	    $(DESTDIR)$(PREFIX)/share/doc/depeche/docs
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	cp -R data/. $(DESTDIR)$(PREFIX)/share/depeche/
	install -m 644 README.md $(DESTDIR)$(PREFIX)/share/doc/depeche/
	install -m 644 docs/*.md docs/serve.png $(DESTDIR)$(PREFIX)/share/doc/depeche/docs/

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
