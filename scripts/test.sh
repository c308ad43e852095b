#!/usr/bin/env bash
# `npm test`: every test of Kohtaamo, against real PostgreSQL, Redis, mediasoup and Chromium.
# Sets up what it needs first (starts local PostgreSQL/Redis if they are down, builds the mediasoup
# worker once and caches it), then type-checks, lints and runs the unit, database, service and end-to-end tiers.
# Exits non-zero if anything fails. Extra arguments go to jest (e.g. `npm test -- test/api`).
set -euo pipefail
cd "$(dirname "$0")/.."

export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export TEST_DATABASE_ADMIN_URL=${TEST_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
# Each test file makes its own database as this (owner) role and migrates it; the migrations create the
# app role kohtaamo_app, as which the tests then start the API (test/support/api.ts).
export DATABASE_OWNER_URL=${DATABASE_OWNER_URL:-$TEST_DATABASE_ADMIN_URL}

step() { printf '\n== %s\n' "$*"; }

step "services"
bash scripts/services.sh

if [ -z "${MEDIASOUP_WORKER_BIN:-}" ] && [ -x scripts/mediasoup-worker.sh ]; then
  step "mediasoup worker (built once, then cached)"
  MEDIASOUP_WORKER_BIN=$(bash scripts/mediasoup-worker.sh | tail -1)
  export MEDIASOUP_WORKER_BIN
fi

step "typecheck"
npm run --silent typecheck

step "lint"
npm run --silent lint

step "build (the start-up tests run the compiled API)"
npm run --silent build

step "jest: unit, db, service, e2e"
npx jest --ci --passWithNoTests=false "$@"
