#!/bin/sh
# Runs once, when the postgres container initialises its data directory (docker-entrypoint-initdb.d):
# the two roles of README "Database roles and row-level security".
#   kohtaamo_owner  owns the database and its schema; the migrations run as it (not a superuser)
#   kohtaamo_app    the API's login; owns nothing; the migrations grant it rows only
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_pw="$KOHTAAMO_OWNER_PASSWORD" -v app_pw="$KOHTAAMO_APP_PASSWORD" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE kohtaamo_owner LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS PASSWORD :'owner_pw';
CREATE ROLE kohtaamo_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS PASSWORD :'app_pw';
ALTER DATABASE :"db" OWNER TO kohtaamo_owner;
ALTER SCHEMA public OWNER TO kohtaamo_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
