#!/usr/bin/env bash
# `npm start`: the whole service on local PostgreSQL and Redis: API (with the queue workers inside),
# SFU and web client. Starts PostgreSQL/Redis if they are local and down, builds the mediasoup worker
# once (cached), builds the code, applies migrations (as the owner), loads the demo county into an empty
# database.
# Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_ENV=${NODE_ENV:-development}
# Two roles (README, "Database roles and row-level security"): the migrations run as the owner, the API,
# the workers and the seed as kohtaamo_app, which owns nothing (the migrations create it if missing).
export DATABASE_OWNER_URL=${DATABASE_OWNER_URL:-postgres://postgres@127.0.0.1:5432/kohtaamo}
export DATABASE_URL=${DATABASE_URL:-postgres://kohtaamo_app@127.0.0.1:5432/kohtaamo}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
export PORT=${PORT:-3000}
export SFU_PORT=${SFU_PORT:-4000}
export WEB_PORT=${WEB_PORT:-5173}
export PUBLIC_URL=${PUBLIC_URL:-http://localhost:$WEB_PORT}

# A development secret, made once per checkout and never committed (.cache is ignored).
if [ -z "${JOIN_TOKEN_SECRET:-}" ]; then
  mkdir -p .cache
  [ -s .cache/dev-join-token-secret ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('hex'))" > .cache/dev-join-token-secret
  JOIN_TOKEN_SECRET=$(cat .cache/dev-join-token-secret)
  export JOIN_TOKEN_SECRET
fi

say() { printf 'kohtaamo: %s\n' "$*" >&2; }

bash scripts/services.sh
if [ -z "${MEDIASOUP_WORKER_BIN:-}" ] && [ -x scripts/mediasoup-worker.sh ]; then
  say "mediasoup worker (the first time this builds for about 7 minutes; then it is cached)"
  MEDIASOUP_WORKER_BIN=$(bash scripts/mediasoup-worker.sh | tail -1)
  export MEDIASOUP_WORKER_BIN
fi

say "building"
npm run --silent build
node dist/apps/api/src/cli/migrate.js
node dist/apps/api/src/cli/seed-demo.js --if-empty

pids=()
cleanup() { trap - EXIT INT TERM; for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

# Outside production, mail goes to a local mailbox (.cache/mail) unless SMTP_URL points elsewhere.
if [ -z "${SMTP_URL:-}" ] && [ "$NODE_ENV" != production ]; then
  node scripts/dev-mail.js &
  pids+=($!)
fi
node dist/apps/api/src/main.js &
pids+=($!)
node dist/apps/sfu/src/main.js &
pids+=($!)
npx vite --config apps/web/vite.config.ts --host 127.0.0.1 --port "$WEB_PORT" --strictPort --logLevel warn &
pids+=($!)

say "API http://localhost:$PORT/api/docs · web $PUBLIC_URL/join · SFU http://localhost:$SFU_PORT · mail .cache/mail · Ctrl-C stops"
# Stop everything when any part stops, and report it.
wait -n "${pids[@]}"
status=$?
say "a component stopped (exit $status); stopping the rest"
exit "$status"
