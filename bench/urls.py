"""
The ledger's URLs plus the trivial view the page benchmarks compare with: a
constant string through the same middleware, the framework's own ceiling.
"""

from django.http import HttpResponse
from django.urls import path

from ledger.urls import urlpatterns as ledger_urlpatterns


def trivial(request):
    return HttpResponse("Hello from the ledger.", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *ledger_urlpatterns]
