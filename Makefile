# Private Chat: `make run` starts a chat, `make test` runs every test.

BUILD    ?= debug
BIN      := .build/$(BUILD)
GATEWAYS ?= 3
PYTHON   ?= python3
VENV     := .venv
PYTEST   := $(VENV)/bin/python -m pytest

.PHONY: help build run chat cluster test test-swift test-system format clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## Build chat-gateway, chat-relay and chat (BUILD=release for an optimized build)
	swift build -c $(BUILD) --quiet

run: build ## Start a complete chat on ws://localhost:8000/ws (one gateway, embedded relay)
	$(BIN)/chat-gateway $(ARGS)

chat: build ## Chat from this terminal (asks for the server and your name; ARGS="URL --name NAME" to skip)
	$(BIN)/chat $(ARGS)

cluster: build ## Start a relay and GATEWAYS gateways (default 3) on loopback; Ctrl-C stops them all
	BIN=$(BIN) scripts/cluster.sh $(GATEWAYS)

test: test-swift test-system ## Run every test: Swift unit and in-process tests, then the system tests

test-swift: ## Swift Testing suites (unit tests and in-process gateway/relay tests)
	swift test

test-system: build $(VENV)/.installed ## Real relay and gateways on loopback, driven by WebSocket clients
	CHAT_BIN_DIR=$(CURDIR)/$(BIN) $(PYTEST) Tests/SystemTests

$(VENV)/.installed: Tests/SystemTests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r Tests/SystemTests/requirements.txt
	touch $@

format: ## Format the Swift sources with swift-format
	swift format -i -r Package.swift Services Shared Tests

clean: ## Remove build output
	rm -rf .build $(VENV)
