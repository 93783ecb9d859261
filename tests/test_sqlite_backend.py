"""The project's SQLite backend (ledger/sqlite3/base.py) converts placeholders as Django's does."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's own"),
]


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def test_a_statement_run_again_is_converted_the_same_way():
    from ledger.sqlite3.base import _qmark_style

    hits = _qmark_style.cache_info().hits
    # The second run takes the remembered conversion: still "?" for %s, "%" for %%.
    for value in ("first", "second"):
        assert run("SELECT %s || '%%', '%%s'", [value]) == (f"{value}%", "%s")
    assert _qmark_style.cache_info().hits > hits


def test_named_parameters_are_not_taken_for_the_remembered_positional_form():
    assert run("SELECT %s", [1]) == (1,)
    assert run("SELECT %(a)s, %(b)s", {"a": 2, "b": 3}) == (2, 3)
    assert run("SELECT %s", [4]) == (4,)


def test_many_variables_fit_in_one_statement():
    # Django's own default would refuse past 999.
    count = 5000
    assert connection.features.max_query_params >= count
    rows = ", ".join(["(%s)"] * count)
    assert run(f"SELECT sum(column1) FROM (VALUES {rows})", [1] * count) == (count,)
