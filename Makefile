# citizenkiosk — the two commands a new machine needs are `make run` and `make test`.
# Both install what they need first: Debian packages (scripts/deps.sh) and Go modules (the proxy).

GO      ?= go
export LANG ?= en_US.UTF-8
export CGO_ENABLED = 1
# Tests use Fyne's software driver: no display, no OpenGL build.
TESTTAGS = ci

.PHONY: deps run test bench screenshots lint soak fmt tidy package package-test package-test-quick

deps:
	@bash scripts/deps.sh all
	@$(GO) mod download

## run: the kiosk in demo mode (seeded data, virtual printer, in-process central server)
run: deps
	$(GO) run . --demo $(ARGS)

## test: everything CI checks
test: deps tidy
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l . ; echo "gofmt needed"; exit 1; }
	$(GO) vet -tags $(TESTTAGS) ./...
	# The real (OpenGL) driver must still compile.
	$(GO) build -o /dev/null .
	CITIZENKIOSK_REQUIRE_PCSCD=1 CITIZENKIOSK_REQUIRE_POSTGRES=1 $(GO) test -tags $(TESTTAGS) -race -timeout 30m ./...
	# The .deb (install, units, upgrade, purge) and a cgo-free Windows build under Wine;
	# `make package-test` adds the cage session and the full .exe (see README, "Installing").
	$(MAKE) --no-print-directory package-test-quick

## package: the .deb, the fyne tar.xz and citizenkiosk.exe under dist/, with their sizes
package: deps
	@bash scripts/deps.sh package
	bash scripts/package.sh all

## package-test: every package proved: dpkg install and upgrade, cage session, Wine
package-test: deps
	@bash scripts/deps.sh package
	bash scripts/package-test.sh full

package-test-quick:
	@bash scripts/deps.sh package
	bash scripts/package-test.sh quick

## bench: the figures in docs/BENCHMARKS.md
bench: deps
	bash scripts/bench.sh

## screenshots: every self-service screen in Danish and English, to docs/screenshots
screenshots: deps
	$(GO) run -tags $(TESTTAGS) ./cmd/screenshots -out docs/screenshots

## soak: the long crash and fault runs
soak: deps
	CITIZENKIOSK_SOAK=1 CITIZENKIOSK_REQUIRE_PCSCD=1 CITIZENKIOSK_REQUIRE_POSTGRES=1 $(GO) test -tags $(TESTTAGS) -timeout 120m -run 'Crash|Fault|Soak' ./...

lint: deps tidy
	$(GO) vet -tags $(TESTTAGS) ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags $(TESTTAGS) ./...

## tidy: fail when go.mod or go.sum are not what `go mod tidy` makes them. An untidy module
## is rewritten behind one's back by GOFLAGS=-mod=mod builds; this says so instead.
tidy:
	@$(GO) mod tidy -diff || { echo "go.mod is not tidy: run go mod tidy"; exit 1; }

fmt:
	gofmt -w $$(git ls-files '*.go')
