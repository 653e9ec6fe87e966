"""Settings for the Celery worker process that test_celery_worker.py starts: the test settings, with
Celery talking to the real broker instead of running tasks in place."""

from config.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
