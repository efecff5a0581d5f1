"""``mailbot run`` refuses to start with one clear line when the servers cannot be used."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mailbot.demo.stack import DemoMailStack, free_port

USERS = {"transfer@example.test": "right-password"}


@pytest.fixture(scope="module")
def stack():
    with DemoMailStack(USERS, "example.test") as running:
        yield running


def run(tmp_path, imap_port, smtp_port, password="right-password", security="none", host="127.0.0.1",
        secret='secret = "x"'):
    config = tmp_path / "mailbot.toml"
    config.write_text(f"""
[mailbox]
address = "transfer@example.test"
[imap]
host = "{host}"
port = {imap_port}
security = "{security}"
username = "transfer@example.test"
password = "{password}"
timeout_seconds = 5
[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
username = ""
[database]
url = "sqlite:///{tmp_path / 'm.db'}"
[security]
{secret}
""")
    result = subprocess.run([sys.executable, "-m", "mailbot", "run", "--config", str(config)],
                            capture_output=True, text=True, timeout=60)
    lines = [line for line in result.stderr.splitlines() if line.startswith("mailbot:")]
    return result.returncode, lines, result.stderr


def test_wrong_password(tmp_path, stack):
    code, lines, err = run(tmp_path, stack.imap_port, stack.smtp_port, password="wrong")
    assert code == 1 and len(lines) == 1 and "IMAP login" in lines[0] and "failed" in lines[0], err
    assert "Traceback" not in err


def test_nothing_listening(tmp_path, stack):
    code, lines, err = run(tmp_path, free_port(), stack.smtp_port)
    assert code == 1 and "refused the connection" in lines[0], err


def test_unknown_host(tmp_path, stack):
    code, lines, err = run(tmp_path, 993, stack.smtp_port, host="imap.invalid")
    assert code == 1 and "not found" in lines[0], err


def test_tls_on_a_plain_port(tmp_path, stack):
    code, lines, err = run(tmp_path, stack.imap_port, stack.smtp_port, security="ssl")
    assert code == 1 and "TLS" in lines[0], err


def test_no_secret(tmp_path, stack):
    code, lines, err = run(tmp_path, stack.imap_port, stack.smtp_port, secret="")
    assert code == 1 and "MAILBOT_SECRET" in lines[0], err
