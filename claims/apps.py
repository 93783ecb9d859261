from django.apps import AppConfig
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


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
    from claims.search import (
        SEARCH_TABLE,
        ensure_search_triggers,
        refill_search_index,
        search_index_is_current,
    )

    connection = connections[using]
    if SEARCH_TABLE not in connection.introspection.table_names():
        return
    if not search_index_is_current(connection):
        # Migrated back to before the index had grams: that code's own
        # migrate recreates its triggers.
        return
    with transaction.atomic(using=using):
        ensure_search_triggers(connection)
        if connection.vendor == "sqlite" and _runs_claims_migrations(plan, sender):
            refill_search_index(connection)


def register_search_functions(sender, connection, **kwargs):
    """On each new SQLite connection: the functions its search triggers call."""
    from claims.search import register_sqlite_functions

    if connection.vendor == "sqlite":
        register_sqlite_functions(connection)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims")

    def ready(self):
        from claims import checks  # noqa: F401 (registers the system checks)

        connection_created.connect(register_search_functions)
        pre_migrate.connect(drop_search_triggers, sender=self)
        post_migrate.connect(restore_search_triggers, sender=self)
