"""The configs in deploy/ agree with the settings: every Celery queue has a worker, beat runs once, every pod has
resources and probes where it serves, nginx's cache skips the session cookie Django sets; gunicorn's hooks run."""

import importlib.util
from pathlib import Path

import yaml
from django.conf import settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def queues_of(command):
    return set(command[command.index("-Q") + 1].split(","))


def k8s_documents():
    return [doc for path in sorted((DEPLOY / "k8s").glob("*.yaml")) for doc in yaml.safe_load_all(path.read_text())]


def routed_queues():
    return {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_kubernetes_runs_a_worker_for_every_queue_and_one_beat():
    deployments = {doc["metadata"]["name"]: doc for doc in k8s_documents() if doc["kind"] == "Deployment"}
    assert {"web", "beat", "worker-default", "worker-payments", "worker-imports"} <= set(deployments)
    consumed = set()
    for name, doc in deployments.items():
        container = doc["spec"]["template"]["spec"]["containers"][0]
        if name.startswith("worker-"):
            consumed |= queues_of(container["command"])
        if name != "celery-exporter":
            assert container["resources"]["requests"] and container["resources"]["limits"]["memory"], name
    assert consumed == routed_queues() == {"default", "notifications", "imports", "payments"}
    assert (
        deployments["beat"]["spec"]["replicas"] == 1 and deployments["beat"]["spec"]["strategy"]["type"] == "Recreate"
    )
    web = deployments["web"]["spec"]["template"]["spec"]["containers"][0]
    assert web["readinessProbe"]["httpGet"]["path"] == web["livenessProbe"]["httpGet"]["path"] == "/health/"
    kinds = {doc["kind"] for doc in k8s_documents()}
    assert {"Service", "Ingress", "HorizontalPodAutoscaler", "ConfigMap"} <= kinds


def test_compose_starts_the_whole_stack_with_a_worker_on_every_queue():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "worker", "beat", "nginx", "postgres", "pgbouncer", "redis", "broker", "minio"} <= set(services)
    assert queues_of(services["worker"]["command"].split()) == routed_queues()
    assert "/health/" in " ".join(services["web"]["healthcheck"]["test"])


def test_nginx_never_caches_for_a_visitor_with_a_session_and_purges_only_from_localhost():
    conf = (DEPLOY / "nginx" / "platform.conf").read_text()
    assert f"{settings.SESSION_COOKIE_NAME}=" in conf
    assert "proxy_no_cache $platform_has_session" in conf and "proxy_cache_bypass $platform_has_session" in conf
    purge = conf[conf.index("listen 127.0.0.1:8080") :]
    assert "allow 127.0.0.1;" in purge and "deny all;" in purge and "proxy_cache_purge platform" in purge
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in conf and "X-Request-ID $request_id" in conf


def test_gunicorn_config_loads_and_keeps_prometheus_files_per_worker(tmp_path, monkeypatch):
    metrics = tmp_path / "metrics"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(metrics))
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    spec = importlib.util.spec_from_file_location("gunicorn_conf", DEPLOY / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert (conf.workers, conf.worker_class, conf.threads) == (3, "gthread", 4)
    (tmp_path / "metrics").mkdir()
    (metrics / "stale.db").write_text("")
    conf.on_starting(server=None)
    assert metrics.is_dir() and not any(metrics.iterdir())
    (metrics / "gauge_liveall_123.db").write_text("")
    conf.child_exit(server=None, worker=type("Worker", (), {"pid": 123})())
    assert not (metrics / "gauge_liveall_123.db").exists()
