import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True
    )


def test_the_app_server_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run("import npsportal.wsgi", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_checks_run_without_a_secret_key_so_a_newcomer_can_use_them():
    result = run(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check'])",
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="npsportal.settings",
    )
    assert result.returncode == 0, result.stderr


def test_behind_pgbouncer_streamed_exports_use_no_server_side_cursor():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "npsportal.settings", "DEBUG": "true"}
    assert run(code, **env, DATABASE_BEHIND_PGBOUNCER="true").stdout.strip() == "True"
    assert run(code, **env).stdout.strip() == "False"
