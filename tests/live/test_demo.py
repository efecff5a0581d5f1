"""The embedded demo: a whole transfer over real IMAP and SMTP (pymap + aiosmtpd on loopback).

``mailbot demo`` is run as a newcomer runs it (a process of its own, its stdout and stderr read
apart) where what it prints or leaves behind is the point; in-process where a Config is passed.
Its temporary folder is made under a TMPDIR of the test's own, so "nothing left behind" is a
look at an empty folder.
"""

from __future__ import annotations

import io
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from mailbot.config import load_config
from mailbot.demo.run import run_demo

EVENTS = ("opened", "intake_complete", "waiver_signed", "provider_accepted", "transfer_started", "completed")
ROOT = Path(__file__).resolve().parents[2]
# Ctrl-C as at a terminal, even when the test runner was started with SIGINT ignored (a background
# job of a script is), which the child would inherit.
LAUNCH = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
          "from mailbot.cli import main; sys.exit(main(sys.argv[1:]))")


def _demo(tmp: Path, *args: str) -> subprocess.Popen:
    tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"}
    env.pop("MAILBOT_CONFIG", None)
    return subprocess.Popen([sys.executable, "-c", LAUNCH, "demo", *args], cwd=tmp, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_line(process: subprocess.Popen, text: str, timeout: float = 60) -> str:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return "".join(seen)
    process.kill()
    raise AssertionError(f"{text!r} never came; the demo said:\n{''.join(seen)}{process.stderr.read()}")


def _ends_with_next_steps(stdout: str, web: bool = False) -> None:
    tail = stdout.rstrip("\n").split("\n")
    steps = tail[tail.index("Next:") + 1:] if "Next:" in tail else []
    assert steps and tail[-len(steps) - 1] == "Next:", f"the output does not end with the next steps:\n{stdout}"
    commands = [line.split("#")[0].strip() for line in steps]
    assert ("mailbot demo --web" in commands) is not web
    assert "cp config.example.toml mailbot.toml" in commands
    assert commands[-1] == "mailbot check-config --connect"
    assert len(steps) <= 4


def _left_behind(tmp: Path) -> list[Path]:
    """What the demo left in its TMPDIR (multiprocessing's pymp-* folder of the test process
    itself, for the in-process runs, is not the demo's)."""
    return [p for p in tmp.iterdir() if not p.name.startswith("pymp-")]


def _folder_named_in(stdout: str) -> Path:
    match = re.search(r"database in (\S+) \(removed when the demo ends\)", stdout)
    assert match, stdout
    return Path(match[1])


def test_the_demo_completes_a_transfer_leaves_nothing_behind_and_says_what_next(tmp_path):
    process = _demo(tmp_path / "tmp")
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stdout + stderr
    for event in EVENTS:
        assert event in stdout
    assert "XFER-" in stdout and "completed" in stdout.split("The case")[1]
    # The IMAP watcher never lost its connection: no "unterminated line" (imapclient #519 against
    # pymap, see tests/unit/test_imap_idle.py), nor any other warning.
    assert "unterminated" not in stdout + stderr
    assert "WARNING" not in stderr, stderr
    folder = _folder_named_in(stdout)
    assert folder.parent == tmp_path / "tmp" and not folder.exists()
    assert _left_behind(tmp_path / "tmp") == []
    _ends_with_next_steps(stdout)


def test_a_demo_that_fails_removes_its_folder_too(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = io.StringIO()
    assert run_demo(out=out, timeout=0.5) == 1
    assert "demo did not complete within" in out.getvalue()
    assert not _folder_named_in(out.getvalue()).exists()
    assert _left_behind(tmp_path) == []


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_stopping_the_demo_halfway_removes_its_folder(tmp_path, stop):
    process = _demo(tmp_path / "tmp")
    # (after the case opened: the daemon's first sweep, at its start, is over by then)
    seen = _wait_for_line(process, " opened ")
    process.send_signal(stop)
    stdout, stderr = process.communicate(timeout=60)
    stdout = seen + stdout
    assert process.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr, stderr
    assert stdout.rstrip().endswith("is removed"), stdout
    assert _left_behind(tmp_path / "tmp") == []


def test_ctrl_c_at_the_console_removes_the_folder_and_says_what_next(tmp_path):
    process = _demo(tmp_path / "tmp", "--web")
    seen = _wait_for_line(process, "Ctrl-C stops the demo.")
    assert _left_behind(tmp_path / "tmp") != []  # the database is there while the console is up
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    stdout = seen + stdout
    assert process.returncode == 0, stdout + stderr
    assert "unterminated" not in stdout + stderr
    assert _left_behind(tmp_path / "tmp") == []
    _ends_with_next_steps(stdout, web=True)


def test_the_demo_honours_the_config_files_mailbox_sla_and_notices_and_nothing_else(tmp_path, monkeypatch, caplog):
    """``mailbot demo --config FILE`` (the CLI passes the Config it loaded): the notices, calendar
    and mailbox of the file, on the demo's own servers, database, secret and staff."""
    database = tmp_path / "live.db"
    file = tmp_path / "mailbot.toml"
    file.write_text(f"""
[mailbox]
address = "moves@acme-security.test"
name = "Acme Moves"
vendor = "Acme Security"
[imap]
host = "imap.nowhere.invalid"
[smtp]
host = "smtp.nowhere.invalid"
[database]
url = "sqlite:///{database}"
[security]
staff = ["boss@acme-security.test"]
require_authenticated_sender = true
trusted_authserv_ids = ["mx.acme-security.test"]
[sla]
timezone = "Europe/Berlin"
[notices]
waiver_version = "v1"
""", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    out = io.StringIO()
    with caplog.at_level(logging.WARNING):
        assert run_demo(out=out, timeout=60, config=load_config(str(file))) == 0, out.getvalue()
    text = out.getvalue()
    assert f"using [mailbox], [sla], [notices] from {file}" in text
    assert "writes to moves@acme-security.test" in text  # [mailbox]
    assert "(times in Europe/Berlin)" in text  # [sla]
    assert "waiver: signed, version v1" in text  # [notices]
    assert "completed by ops@vendor.test" in text  # the demo's staff, not the file's
    assert not database.exists()  # the demo's own database
    assert _left_behind(tmp_path / "tmp") == []
    assert "unterminated" not in caplog.text
    assert text.rstrip("\n").split("\n")[-1].split("#")[0].strip() == f"mailbot check-config --connect --config {file}"
