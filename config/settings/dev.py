"""Local development: DEBUG on unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
# `make run` serves the demo with DEBUG off (the sites' own 404 and 500 pages, not Django's debug pages):
# WhiteNoise then serves the static files straight from the app folders and config.urls the uploads.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
# The local demo (`make run`) opens the admin with the printed password alone; set
# MFA_REQUIRED_FOR_STAFF=1 to try the authenticator-app step locally.
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=False)
