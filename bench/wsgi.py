"""The ledger's WSGI application with the trivial view of bench/urls.py, for bench/served.py."""

from django.conf import settings

from ledger.wsgi import application

settings.ROOT_URLCONF = "bench.urls"

__all__ = ["application"]
