"""
Django's SQLite backend, told how many variables this SQLite takes per statement.

Django 5.2 assumes SQLite's old compile-time default of 999, so `bulk_create`
of a claim (16 columns) sends 62 rows a statement. SQLite has allowed 32,766
since 3.32 (2020), and the limit can be read from the connection: with it, an
import of 100,000 claims sends a few hundred statements instead of thousands.
Django 6.0 reads the limit the same way.
"""

import sqlite3

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.features.max_query_params = connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return connection
