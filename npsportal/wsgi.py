import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npsportal.settings")
application = get_wsgi_application()
# Refuse to serve at all without a secret key, rather than fail on the first request that signs.
settings.SECRET_KEY  # noqa: B018
