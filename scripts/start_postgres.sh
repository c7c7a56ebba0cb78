#!/usr/bin/env bash
# Start the local PostgreSQL 15 cluster and create the reviewer test role and database.
# Prints the URL to export, e.g.:
#   export REVIEWER_TEST_POSTGRES_URL=$(scripts/start_postgres.sh)
# Idempotent: running it again reuses the cluster, the role and the database.
set -euo pipefail

VERSION="${PG_VERSION:-15}"
CLUSTER="${PG_CLUSTER:-main}"
ROLE="${REVIEWER_PG_ROLE:-reviewer}"
PASSWORD="${REVIEWER_PG_PASSWORD:-reviewer}"
DATABASE="${REVIEWER_PG_DATABASE:-reviewer_test}"

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -n -u postgres "$@"; fi
}

if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {found=1} END {exit !found}'; then
  if [ "$(id -u)" = 0 ]; then pg_createcluster "$VERSION" "$CLUSTER" >&2; else sudo -n pg_createcluster "$VERSION" "$CLUSTER" >&2; fi
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c && $4=="online" {found=1} END {exit !found}'; then
  if [ "$(id -u)" = 0 ]; then pg_ctlcluster "$VERSION" "$CLUSTER" start >&2; else sudo -n pg_ctlcluster "$VERSION" "$CLUSTER" start >&2; fi
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"

for _ in $(seq 1 30); do
  as_postgres pg_isready -q -p "$PORT" && break
  sleep 1
done

as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 -d postgres >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD' CREATEDB;
  END IF;
END \$\$;
SQL
if ! as_postgres psql -p "$PORT" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" -d postgres | grep -q 1; then
  as_postgres createdb -p "$PORT" -O "$ROLE" "$DATABASE" >&2
fi

echo "postgresql+psycopg://$ROLE:$PASSWORD@localhost:$PORT/$DATABASE"
