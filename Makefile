# Loket. `make run` starts it with demo data; `make test` runs every test.
GO       ?= go
BIN      := bin/loket
DEMO_DB  ?= loket-demo.db
ADDR     ?= 127.0.0.1:8080
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
# The Go toolchain of every target: go1.27.3, which the go command fetches
# through the module proxy itself (go.mod names it too). Go 1.26.8's standard
# library has advisories fixed only later; `make GOTOOLCHAIN=local` uses the
# installed Go instead.
export GOTOOLCHAIN ?= go1.27.3
# VULNDB is the Go vulnerability database snapshot govulncheck reads offline:
# the golang.org/x/vulndb module at this version, fetched through the module
# proxy (README "Tests" says how to move it on).
VULNDB   ?= golang.org/x/vulndb@v0.0.0-20261105234957-e22db6528018
AXE      := server/e2e/node_modules/axe-core/axe.min.js
ECE      := server/notify/webpush/interop/node_modules/http_ece/ece.js

.PHONY: build run test check audit e2e-deps bench clean

build:
	$(GO) build -ldflags "-X loket/server/cli.Version=$(VERSION)" -o $(BIN) ./cmd/loket

run: build
	./$(BIN) serve -demo -data $(DEMO_DB) -addr $(ADDR)

# check: formatting and vet, before any test runs.
check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

# audit: govulncheck over every package against the pinned database; a
# called advisory fails (exit 3).
audit:
	$(GO) mod download $(VULNDB)
	$(GO) tool govulncheck -db file://$$($(GO) env GOMODCACHE)/$(VULNDB)/data/osv ./...

# e2e-deps: axe-core for the browser tests' accessibility checks, and the
# independent Web Push implementations (web-push, http_ece) the push tests
# check Loket's encryption against.
e2e-deps: $(AXE) $(ECE)
$(AXE): server/e2e/package.json server/e2e/package-lock.json
	npm ci --prefix server/e2e --no-audit --no-fund --loglevel=error
	@touch $@
$(ECE): server/notify/webpush/interop/package.json server/notify/webpush/interop/package-lock.json
	npm ci --prefix server/notify/webpush/interop --no-audit --no-fund --loglevel=error
	@touch $@

# The browser suite takes about 5 minutes on a quiet machine; the timeout
# leaves room for a busy one, under the 30 minutes CI allows.
test: check e2e-deps
	$(GO) test -count=1 -timeout 25m ./...

# bench: the whole server under load on this machine, on bbolt and on a
# throwaway PostgreSQL cluster (durable), each scenario on both one after
# the other, BENCH_RUNS times; see docs/benchmarks.md and docs/scaling.md.
BENCH_RUNS ?= 3
bench: build
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql; }
	@mkdir -p docs
	$(GO) run ./cmd/loket-bench -loket $(BIN) -runs $(BENCH_RUNS) -md docs/benchmarks.md

clean:
	rm -rf bin server/e2e/node_modules server/notify/webpush/interop/node_modules
