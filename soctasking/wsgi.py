"""The WSGI entry point the production server loads."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "soctasking.settings")
application = get_wsgi_application()
