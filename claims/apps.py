from django.apps import AppConfig
from django.db import connections, transaction
from django.db.models.signals import post_migrate, pre_migrate


def _runs_claims_migrations(plan, sender):
    return any(migration.app_label == sender.label for migration, _backwards in plan or ())


def drop_search_triggers(sender, using, plan=None, **kwargs):
    """
    Before a migrate that runs claims migrations, take the SQLite search
    triggers out of the way: they would stop a migration that rebuilds the
    claims table (claims/search.py says why).
    """
    from claims.search import drop_search_triggers

    if _runs_claims_migrations(plan, sender):
        drop_search_triggers(connections[using])


def restore_search_triggers(sender, using, plan=None, **kwargs):
    """
    After every migrate: recreate the triggers (SQLite also drops a table's own
    triggers when it rebuilds the table), and after claims migrations on
    SQLite, where they were gone, refill the index: the migrations may have
    changed rows meanwhile.
    """
    from claims.search import SEARCH_TABLE, ensure_search_triggers, refill_search_index

    connection = connections[using]
    if SEARCH_TABLE not in connection.introspection.table_names():
        return
    with transaction.atomic(using=using):
        ensure_search_triggers(connection)
        if connection.vendor == "sqlite" and _runs_claims_migrations(plan, sender):
            refill_search_index(connection)


def create_last_change_function(sender, using, **kwargs):
    """After every migrate: the function that tells pages what changed last (claims/caching.py)."""
    from claims.caching import ensure_last_change_function

    ensure_last_change_function(connections[using])


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        from claims import checks  # noqa: F401 (registers the system checks)

        pre_migrate.connect(drop_search_triggers, sender=self)
        post_migrate.connect(restore_search_triggers, sender=self)
        post_migrate.connect(create_last_change_function, sender=self)
