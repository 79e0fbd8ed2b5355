# Private Chat: `make run` starts a chat, `make test` runs every test.

BUILD    ?= debug
BIN      := .build/$(BUILD)
GATEWAYS ?= 3
PYTHON   ?= python3
VENV     := .venv
PYTEST   := $(VENV)/bin/python -m pytest

.PHONY: help build web web-dev completions man install uninstall run chat cluster test test-swift test-web test-fuzz test-system test-containers fuzz chaos bench bench-instructions soak format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## Build chat-gateway, chat-relay and chat (BUILD=release for an optimized build)
	swift build -c $(BUILD) --quiet

web: ## Build the web GUI into web/dist (esbuild and React from npm, or Debian's esbuild node-react node-react-dom)
	cd web && node scripts/build.mjs

web-dev: ## Rebuild the web GUI on every change and serve it on http://localhost:5173 (Ctrl-C stops it)
	cd web && exec node scripts/build.mjs --watch

# Where make completions and make man put what make install copies, laid out as PREFIX/share.
SHARE ?= .build/share

completions: build ## Shell completions of chat, chat-gateway and chat-relay for bash, zsh and fish, into .build/share/
	scripts/completions.sh $(BIN) $(SHARE) chat chat-gateway chat-relay

man: ## Manual pages chat(1), chat-gateway(1), chat-relay(1) into .build/share/man/man1, by swift-argument-parser's plugin (it builds every product, as BUILD says)
	scripts/man-pages.sh $(BUILD) $(SHARE)/man/man1 chat chat-gateway chat-relay

# make install copies a release build unless BUILD is given (BUILD=debug), as make soak runs one.
PREFIX ?= /usr/local
INSTALL_BUILD := $(if $(filter file,$(origin BUILD)),release,$(BUILD))

install: ## Install the commands, web GUI, completions, man pages and systemd units under PREFIX=/usr/local (DESTDIR= too); builds nothing: first make build web man completions BUILD=release
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) BIN=.build/$(INSTALL_BUILD) SHARE=$(SHARE) scripts/install.sh install

uninstall: ## Remove what make install installed under PREFIX (and DESTDIR); /etc/private-chat and /var/lib/private-chat stay
	PREFIX=$(PREFIX) DESTDIR=$(DESTDIR) scripts/install.sh uninstall

run: build web ## Start a complete chat: the GUI at http://localhost:8000/, clients at ws://localhost:8000/ws
	$(BIN)/chat-gateway $(ARGS)

chat: build ## Chat from this terminal (asks for the server and your name; ARGS="URL --name NAME" to skip)
	$(BIN)/chat $(ARGS)

cluster: build ## Start a relay and GATEWAYS gateways (default 3) on loopback; Ctrl-C stops them all
	BIN=$(BIN) scripts/cluster.sh $(GATEWAYS)

test: test-swift test-web test-fuzz test-system ## Run every test: Swift, JavaScript, a short fuzz run, then the system tests (processes, terminals, browsers)

test-swift: ## Swift Testing suites (unit tests and in-process gateway/relay tests)
	swift test

test-web: ## JavaScript unit tests (node --test) of the GUI's protocol code and state, on the shared fixtures
	cd web && node --test test/

test-fuzz: ## Fuzz the envelope and client-frame decoders for 20 s (libFuzzer + AddressSanitizer)
	scripts/fuzz.sh 20

fuzz: ## Fuzz the decoders for longer: SECONDS=600 (default 300); crashes land in artifacts/fuzz/
	scripts/fuzz.sh $(or $(SECONDS),300)

test-system: build web $(VENV)/.installed ## Real relays, gateways, terminal clients and browsers on loopback
	CHAT_BIN_DIR=$(CURDIR)/$(BIN) $(PYTEST) Tests/SystemTests

chaos: build $(VENV)/.installed ## Clients chat while gateways are killed; checks nothing is lost, repeated or reordered (ARGS="--seconds 120 --seed 7 --relay-failover")
	CHAT_BIN_DIR=$(CURDIR)/$(BIN) $(VENV)/bin/python Tests/SystemTests/chaos.py $(ARGS)

$(VENV)/.installed: Tests/SystemTests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/SystemTests/requirements.txt
	touch $@

test-containers: $(VENV)/.installed ## docker compose up --scale gateway=3 for real (podman's Docker API), tested through port 8000
	CHAT_BIN_DIR=$(CURDIR)/.build/release scripts/container-test.sh

bench: $(VENV)/.bench-installed ## Benchmark against the seed's FastAPI and Node's ws, servers pinned to CPU 0 (ARGS="--quick"; bench/README.md)
	swift build -c release --quiet --product chat-gateway
	swift build -c release --quiet --product chat-relay
	swift build -c release --quiet --product chat-bench
	$(PYTHON) bench/run.py --bin .build/release --python $(VENV)/bin/python $(ARGS)

bench-instructions: ## The relay's instructions per message under valgrind's callgrind: machine-independent, for comparing builds (ARGS="--batch 32")
	swift build -c release --quiet --product chat-relay
	swift build -c release --quiet --product chat-bench
	$(PYTHON) bench/instructions/relay_instructions.py --bin .build/release $(ARGS)

$(VENV)/.bench-installed: bench/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	touch $@

# The soak runs release builds, as make bench does, unless BUILD is given (BUILD=debug).
SOAK_BUILD := $(if $(filter file,$(origin BUILD)),release,$(BUILD))

soak: ## A relay and 2 gateways under steady load, RSS and fds sampled: SECONDS=600 (default), BUILD=debug; fails on growth (artifacts/soak/)
	swift build -c $(SOAK_BUILD) --quiet --product chat-gateway
	swift build -c $(SOAK_BUILD) --quiet --product chat-relay
	swift build -c $(SOAK_BUILD) --quiet --product chat-bench
	$(PYTHON) bench/soak.py --bin .build/$(SOAK_BUILD) --seconds $(or $(SECONDS),600) $(ARGS)

format: ## Format the Swift sources with swift-format
	swift format -i -r Package.swift Services Shared Tests bench

clean: ## Remove build output
	rm -rf .build $(VENV)
