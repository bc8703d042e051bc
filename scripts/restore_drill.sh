#!/usr/bin/env bash
# Restore drill: back up a PostgreSQL database with pg_dump, restore it into a fresh database,
# and prove the copy is whole by comparing the exact row count of every table.
#
#   scripts/restore_drill.sh [DATABASE_URL]        (default: $DATABASE_URL)
#   KEEP_RESTORED=1 scripts/restore_drill.sh ...   keep the restored copy for inspection
#   BACKUP_DIR=/backups scripts/restore_drill.sh   keep the dump file there (default: a temp dir)
#
# Exit status 0 only when every table has the same number of rows in both databases.
set -euo pipefail

SOURCE_URL="${1:-${DATABASE_URL:-}}"
if [[ "$SOURCE_URL" != postgres://* && "$SOURCE_URL" != postgresql://* ]]; then
  echo "restore_drill: give a postgres:// URL (argument or DATABASE_URL)" >&2
  exit 2
fi

# postgres://user@host:port/name?opts -> base (without name) + name
SOURCE_DB="${SOURCE_URL##*/}"; SOURCE_DB="${SOURCE_DB%%\?*}"
BASE_URL="${SOURCE_URL%/*}"
STAMP="$(date +%Y%m%d%H%M%S)"
TARGET_DB="${SOURCE_DB}_restore_${STAMP}"
TARGET_URL="${BASE_URL}/${TARGET_DB}"
WORK_DIR="${BACKUP_DIR:-$(mktemp -d)}"
DUMP="${WORK_DIR}/${SOURCE_DB}-${STAMP}.dump"

cleanup() {
  if [ -z "${KEEP_RESTORED:-}" ]; then
    psql "${BASE_URL}/postgres" -qAtc "DROP DATABASE IF EXISTS \"${TARGET_DB}\"" >/dev/null 2>&1 || true
  fi
  if [ -z "${BACKUP_DIR:-}" ]; then rm -rf "$WORK_DIR"; fi
}
trap cleanup EXIT

# Exact counts (not the planner's estimates) of every table in the public schema, sorted.
COUNT_SQL="SELECT format('SELECT %L, count(*) FROM %I.%I', tablename, schemaname, tablename)
           FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename \gexec"
counts() { psql "$1" -qAt -F ' ' -v ON_ERROR_STOP=1 <<<"$COUNT_SQL" | sort; }

echo "restore_drill: dumping ${SOURCE_DB}"
pg_dump --format=custom --no-owner --no-privileges --file="$DUMP" "$SOURCE_URL"
echo "restore_drill: dump is $(du -h "$DUMP" | cut -f1); restoring into ${TARGET_DB}"
psql "${BASE_URL}/postgres" -qAtc "CREATE DATABASE \"${TARGET_DB}\"" >/dev/null
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$TARGET_URL" "$DUMP"

SOURCE_COUNTS="$(counts "$SOURCE_URL")"
TARGET_COUNTS="$(counts "$TARGET_URL")"
TABLES="$(wc -l <<<"$SOURCE_COUNTS")"
ROWS="$(awk '{s += $2} END {print s + 0}' <<<"$SOURCE_COUNTS")"
if [ "$SOURCE_COUNTS" != "$TARGET_COUNTS" ]; then
  echo "restore_drill: FAILED, row counts differ (table source restored):" >&2
  join -a1 -a2 -e missing -o 0,1.2,2.2 <(echo "$SOURCE_COUNTS") <(echo "$TARGET_COUNTS") | awk '$2 != $3' >&2
  exit 1
fi
echo "restore_drill: OK, ${TABLES} tables and ${ROWS} rows identical in ${SOURCE_DB} and ${TARGET_DB}"
