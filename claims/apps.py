from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def restore_search_triggers(using, **kwargs):
    """
    SQLite drops a table's triggers when a migration rebuilds the table (as it
    does to alter a column), which would leave the search index silently stale.
    """
    from claims.search import SEARCH_TABLE, ensure_search_triggers

    connection = connections[using]
    if SEARCH_TABLE in connection.introspection.table_names():
        ensure_search_triggers(connection)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        post_migrate.connect(restore_search_triggers, sender=self)
