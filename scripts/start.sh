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
# Staff sign in through an OpenID Connect provider. Unless one is configured (OIDC_ISSUER), the development
# IdP (scripts/dev-idp.mjs) runs here, lists the demo county's people and signs one in with one click; the
# API verifies its tokens exactly as it would the county's.
if [ -z "${OIDC_ISSUER:-}" ] && [ "$NODE_ENV" != production ]; then
  export IDP_PORT=${IDP_PORT:-4400}
  export OIDC_ISSUER=http://localhost:$IDP_PORT OIDC_AUDIENCE=kohtaamo OIDC_JWKS_URL=http://localhost:$IDP_PORT/jwks
  export IDP_WEB_ORIGINS=${IDP_WEB_ORIGINS:-$PUBLIC_URL,http://127.0.0.1:$WEB_PORT}
  export IDP_KEY_FILE=${IDP_KEY_FILE:-.cache/dev-idp-key.json}
  start_dev_idp=1
fi

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
if [ -n "${start_dev_idp:-}" ]; then
  node scripts/dev-idp.mjs > >(sed 's/^/kohtaamo: /' >&2) 2> >(grep -v 'oidc-provider WARNING' >&2) &
  pids+=($!)
fi
node dist/apps/api/src/main.js &
pids+=($!)
SFU_API_URL=${SFU_API_URL:-http://127.0.0.1:$PORT} node dist/apps/sfu/src/main.js &
pids+=($!)
npx vite --config apps/web/vite.config.ts --host 127.0.0.1 --port "$WEB_PORT" --strictPort --logLevel warn &
pids+=($!)

say "staff app $PUBLIC_URL (sign in: the development IdP at ${OIDC_ISSUER} lists the demo people, e.g. Terhi Mäkelä, neuvola nurse)"
say "API http://localhost:$PORT/api/docs · video $PUBLIC_URL/join · SFU http://localhost:$SFU_PORT · mail .cache/mail · Ctrl-C stops"
# Stop everything when any part stops, and report it.
wait -n "${pids[@]}"
status=$?
say "a component stopped (exit $status); stopping the rest"
exit "$status"
