"""ASGI entry point for production servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from ledger.settings import refuse_to_serve_with_the_development_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")

application = get_asgi_application()
refuse_to_serve_with_the_development_key()
