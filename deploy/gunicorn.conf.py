"""gunicorn for the platform: `gunicorn -c deploy/gunicorn.conf.py config.wsgi` (systemd, compose and k8s start it
so). Every value can be changed from the environment."""

import multiprocessing
import os
import shutil
from pathlib import Path

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads: a request waiting on PostgreSQL, Redis or Kaspi does not hold a whole process.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: a slow leak never reaches the OOM killer.
max_requests = 2000
max_requests_jitter = 200
# Only nginx (or the ingress) in front may say the request was HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log on stdout as JSON with the request id nginx set (X-Request-ID) and the time taken, in microseconds.
accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "request_id": "%({x-request-id}o)s", "method": "%(m)s", "path": "%(U)s", '
    '"query": "%(q)s", "status": %(s)s, "bytes": %(B)s, "duration_us": %(D)s, "remote": "%(h)s", '
    '"user_agent": "%(a)s"}'
)
errorlog = "-"

# Prometheus across the workers (django-prometheus): each process writes its metrics under PROMETHEUS_MULTIPROC_DIR
# and /metrics adds them up. The folder is emptied on start and a dead worker's files are let go.
metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")


def on_starting(server):
    if metrics_dir:
        shutil.rmtree(metrics_dir, ignore_errors=True)
        Path(metrics_dir).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if metrics_dir:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
