#!/bin/sh
# Rebuilds the old ledgers that tests/test_migrations_frozen.py migrates
# forward: a database made by the code of REVISION (2b1fda0 by default),
# migrated, with the seed loaded and a few edits made through the workflow,
# dumped as plain SQL for SQLite and for PostgreSQL. The checkpoints it
# prints at the end go into the test's CHECKPOINTS.
#
#   tests/data/make_old_ledgers.sh [REVISION]
#
# Needs the sqlite3 and pg_dump commands and a PostgreSQL server at $PGSERVER
# (postgres://postgres@127.0.0.1:5432 by default) where it may create and
# drop the database ledger_old_build.
set -eu

REVISION=${1:-2b1fda0}
DATA=$(cd "$(dirname "$0")" && pwd)
PYTHON=$(cd "$DATA/../.." && pwd)/.venv/bin/python
PGSERVER=${PGSERVER:-postgres://postgres@127.0.0.1:5432}
WORK=$(mktemp -d)
trap 'git -C "$DATA" worktree remove --force "$WORK/code"; rm -rf "$WORK"' EXIT

git -C "$DATA" worktree add --detach "$WORK/code" "$REVISION"
cd "$WORK/code"
# The worktree's code, not the checkout's the venv was installed from.
export PYTHONPATH="$WORK/code" DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=localhost
export DJANGO_SECRET_KEY=a-secret-for-making-the-old-ledgers-only-0123456789-abcdefghij

EDITS=$(cat <<'PYTHON'
from django.contrib.auth.models import Group, User

from claims.models import Claim, Speaker, Topic
from claims.roles import EDITORS

erin = User.objects.create_user("erin", first_name="Erin", is_staff=True)
erin.groups.add(Group.objects.get(name=EDITORS))
erin = User.objects.get(pk=erin.pk)  # permissions are cached per instance

published = Claim.objects.get(slug="closure-driven-by-national-security-law")
published.rate("mostly_true", reason="Checked against the office's own statement.", by=erin,
               summary="Amnesty said the law made its work impossible.")

draft = Claim.objects.get(slug="amnesty-hong-kong-office-shuts-october-31")
draft.rate("true", reason="The office confirmed the date.", by=erin,
           summary="The office closed on 31 October 2021.")
draft.publish(by=erin)
draft.set_topics([*draft.topics.all(), Topic.objects.get(slug="civil-society")],
                 reason="Also about civil society.", by=erin)

speaker = Speaker.objects.order_by("pk").first()
speaker.description = "Amnesty International's Hong Kong office"
speaker.save_recorded(reason="A fuller description.", by=erin)
PYTHON
)

build() {
    DATABASE_URL=$1 "$PYTHON" manage.py migrate -v0
    DATABASE_URL=$1 "$PYTHON" manage.py load_seed
    DATABASE_URL=$1 "$PYTHON" manage.py shell -c "$EDITS"
    DATABASE_URL=$1 "$PYTHON" manage.py verify_ledger
}

build "sqlite:///$WORK/ledger.sqlite3"
sqlite3 "$WORK/ledger.sqlite3" .dump > "$DATA/ledger-at-$REVISION.sqlite.sql"

psql "$PGSERVER/postgres" -qc "DROP DATABASE IF EXISTS ledger_old_build" -c "CREATE DATABASE ledger_old_build"
build "$PGSERVER/ledger_old_build"
# INSERTs rather than COPY, and without psql's \restrict lines, so the test
# can restore it through psycopg without a psql of the same version.
pg_dump --no-owner --no-privileges --no-comments --inserts "$PGSERVER/ledger_old_build" \
    | grep -v '^\\\(un\)\?restrict ' > "$DATA/ledger-at-$REVISION.postgresql.sql"
psql "$PGSERVER/postgres" -qc "DROP DATABASE ledger_old_build"
