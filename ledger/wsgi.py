"""WSGI entry point for production servers (gunicorn ledger.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from ledger.settings import refuse_to_serve_with_the_development_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ledger.settings")

application = get_wsgi_application()
refuse_to_serve_with_the_development_key()
