"""The production stack: compose file against the compose specification, deploy checks."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_is_valid_against_the_compose_specification():
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    result = subprocess.run(
        [exe, "--builtin-schema", "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_the_five_services_with_health_checks_and_restart_policies():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "web", "worker", "beat"}
    for name, service in services.items():  # YAML merge keys already folded x-app in
        assert "healthcheck" in service, name
        assert service.get("restart") == "unless-stopped", name
    assert any(v.startswith("pgdata:") for v in services["postgres"]["volumes"])


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-1234567890",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "ALLOWED_HOSTS": "portal.example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _compose_app_env() -> dict[str, str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return {k: str(v) for k, v in compose["services"]["web"]["environment"].items()}


def test_compose_runs_the_portal_https_only_with_hsts_and_secure_cookies():
    env = _compose_app_env()
    assert env["DEBUG"] == "false" and env["SECURE_SSL_REDIRECT"] == "true"
    assert int(env["SECURE_HSTS_SECONDS"]) >= 31536000
    assert env["SESSION_COOKIE_SECURE"] == env["CSRF_COOKIE_SECURE"] == "true"


def test_the_compose_environment_passes_check_deploy():
    """The settings the stack really runs with (plus the secrets from .env) pass every deploy check."""
    env = {
        **os.environ, **_compose_app_env(),
        "SECRET_KEY": "y" * 20 + "production-secret-key-with-enough-entropy-0987654321",
        "ALLOWED_HOSTS": "portal.example.gov.cn",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
    }
    env.pop("REDIS_URL", None)  # `check` needs no broker; the compose value names a host that is not here
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_restore_drill_script_is_executable_and_valid_bash():
    script = ROOT / "scripts" / "restore_drill.sh"
    assert os.access(script, os.X_OK)
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True, check=False).returncode == 0


def test_compose_trusts_exactly_the_reverse_proxy_for_client_addresses():
    assert _compose_app_env()["TRUSTED_PROXY_COUNT"] == "1"


def test_gunicorn_workers_freeze_what_they_loaded_before_their_first_request():
    """gunicorn.conf.py (read by every gunicorn started from the project folder, the Dockerfile's
    included): the worker loads every app's URLs, then freezes its objects out of the collector's
    reach, so a full collection no longer walks the 260,000 objects of a loaded portal."""
    import gc
    import runpy

    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert gc.get_freeze_count() == 0
    try:
        config["post_worker_init"](worker=None)
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
    # Django, the portal's apps and their URLs: far more than the few thousand a bare interpreter holds.
    assert frozen > 100_000
