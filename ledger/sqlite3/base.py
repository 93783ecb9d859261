"""
Django's SQLite backend, told how many variables this SQLite takes per
statement, and converting each statement's placeholders once.

Django 5.2 assumes SQLite's old compile-time default of 999, so `bulk_create`
of a claim (16 columns) sends 62 rows a statement. SQLite has allowed 32,766
since 3.32 (2020), and the limit can be read from the connection: with it, an
import of 100,000 claims sends a few hundred statements instead of thousands.
Django 6.0 reads the limit the same way.

Django rewrites every statement's `%s` placeholders to sqlite3's `?` with a
regular expression, on every run. An import's multi-row INSERTs are some
tens of thousands of placeholders long and run hundreds of times: the rewrite
took 2 s of an import of 100,000 claims, with the interpreter's lock held
(`python -m bench import`). The same text always rewrites the same way, so
the rewrite is remembered, for as many statements as sqlite3 itself keeps
prepared.
"""

import functools
import sqlite3

from django.db.backends.sqlite3 import base


@functools.lru_cache(maxsize=128)
def _qmark_style(query):
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class SQLiteCursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark_style(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.features.max_query_params = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return connection

    def create_cursor(self, name=None):
        return self.connection.cursor(factory=SQLiteCursorWrapper)
