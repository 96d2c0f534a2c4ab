"""WSGI entry point for any WSGI server: opens (and migrates) the register named by TIPREG_DB first."""

from django.core.wsgi import get_wsgi_application

from tipreg.store import setup

setup()
application = get_wsgi_application()
