"""CACHE_URL / REDIS_URL choose the page cache; DATABASE_REPLICA_URL adds a read replica."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.test_settings import environment  # noqa: F401  (the settings loader fixture)

SCALE_VARIABLES = ["CACHE_URL", "REDIS_URL", "DATABASE_REPLICA_URL"]


@pytest.fixture
def load(environment, monkeypatch):  # noqa: F811
    for name in SCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return environment


def test_it_caches_in_local_memory_without_a_cache_url(load):
    cache = load()["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_it_shares_a_redis_cache_named_by_redis_url(load):
    cache = load(REDIS_URL="redis://cache.internal:6379/2")["CACHES"]["default"]
    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/2"


def test_cache_url_wins_over_redis_url(load):
    cache = load(CACHE_URL="dummy://", REDIS_URL="redis://cache.internal:6379/2")["CACHES"]
    assert cache["default"]["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"


@pytest.mark.parametrize(
    "name, value", [("CACHE_URL", "memcached://cache:11211"), ("REDIS_URL", "cache.internal:6379")]
)
def test_it_refuses_a_cache_url_it_cannot_use_naming_the_variable(load, name, value):
    with pytest.raises(ImproperlyConfigured, match=f"{name}='{value}' is not a cache URL"):
        load(**{name: value})


def test_it_has_no_replica_unless_one_is_named(load):
    assert set(load()["DATABASES"]) == {"default"}


def test_it_reads_public_pages_from_the_replica_it_is_given(load):
    settings = load(
        DATABASE_URL="postgres://desk@primary.internal:5432/ledger",
        DATABASE_REPLICA_URL="postgres://reader@replica.internal:5432/ledger",
    )
    replica = settings["DATABASES"]["replica"]
    assert (replica["HOST"], replica["USER"]) == ("replica.internal", "reader")
    # Tests read the primary through the replica's name: there is no second database.
    assert replica["TEST"] == {"MIRROR": "default"}
    assert settings["DATABASE_ROUTERS"] == ["claims.routers.PublicReadsFromReplica"]


def test_it_refuses_a_replica_url_it_cannot_use_naming_the_variable(load):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL"):
        load(DATABASE_REPLICA_URL="mysql://reader@replica.internal/ledger")
