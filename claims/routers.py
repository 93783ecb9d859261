"""
Public reads from a read replica, everything else from the primary.

With DATABASE_REPLICA_URL set (ledger/settings.py adds the "replica" alias),
the public pages, feeds, sitemap and API, which are anonymous and read-only,
read from the replica while they run (`reading_public`, entered by
claims/caching.py's `public`). The admin, imports, management commands and
every write use the primary: the desk must read what it has just saved, and
the workflow's row locks are on the primary. A replica lags its primary by
whatever replication takes (milliseconds when it streams): a correction shows
on the public pages once it has reached the replica they read.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"

# A context variable, not a thread-local: each thread and each asyncio task
# sees its own value.
_public_reads = ContextVar("public_reads", default=False)


@contextmanager
def reading_public():
    """Reads inside this block go to the replica, when there is one."""
    token = _public_reads.set(True)
    try:
        yield
    finally:
        _public_reads.reset(token)


class PublicReadsFromReplica:
    def db_for_read(self, model, **hints):
        if _public_reads.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica gets the schema by replication.
        return db != REPLICA
