#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on the configured URLs; on a Debian machine with them
# installed locally, starts them if they are down. Elsewhere it says how (docker compose up -d postgres redis).
set -euo pipefail

# the owner's URL when there is one: the app role may not exist before the first migration
DATABASE_URL=${DATABASE_OWNER_URL:-${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kohtaamo}}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}

pg_up() { pg_isready -q -d "$DATABASE_URL" 2>/dev/null || node -e "
  const { Client } = require('pg'); const u = new URL(process.argv[1]); u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 2000 });
  c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1));" "$DATABASE_URL"; }
redis_up() { node -e "
  const net = require('net'); const u = new URL(process.argv[1]);
  const s = net.connect(Number(u.port || 6379), u.hostname, () => s.write('PING\r\n'));
  s.on('data', d => process.exit(String(d).startsWith('+PONG') || String(d).startsWith('-NOAUTH') ? 0 : 1));
  s.on('error', () => process.exit(1)); setTimeout(() => process.exit(1), 2000);" "$REDIS_URL"; }

wait_for() { # name check
  for _ in $(seq 1 30); do "$2" && return 0; sleep 1; done
  echo "services: $1 did not come up" >&2; return 1
}

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    echo "services: starting PostgreSQL $version" >&2
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    wait_for PostgreSQL pg_up
  else
    echo "services: PostgreSQL does not answer at $DATABASE_URL; start it (docker compose up -d postgres) or set DATABASE_URL" >&2
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "services: starting Redis" >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port "$(node -e "console.log(new URL(process.argv[1]).port || 6379)" "$REDIS_URL")" --save "" --appendonly no
    wait_for Redis redis_up
  else
    echo "services: Redis does not answer at $REDIS_URL; start it (docker compose up -d redis) or set REDIS_URL" >&2
    exit 1
  fi
fi
