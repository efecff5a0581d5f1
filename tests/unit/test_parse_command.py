"""``mailbot parse`` on bad input: a clear message and exit 0 or 1, never a traceback."""

from __future__ import annotations

import json
import os

import pytest

from mailbot.cli import main


def run(capsys, *args):
    code = main(["parse", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_missing_file(capsys, tmp_path):
    code, out, err = run(capsys, str(tmp_path / "nope.eml"))
    assert code == 1 and "no such file" in err and "Traceback" not in err


def test_empty_file(capsys, tmp_path):
    (tmp_path / "empty.eml").write_bytes(b"")
    code, _, err = run(capsys, str(tmp_path / "empty.eml"))
    assert code == 1 and "is empty" in err and len(err.splitlines()) == 1


def test_random_bytes(capsys, tmp_path):
    (tmp_path / "random.eml").write_bytes(os.urandom(5000))
    code, out, err = run(capsys, str(tmp_path / "random.eml"), "--json")
    assert code == 0 and "does not look like an e-mail" in err
    assert json.loads(out)["classification"] == "normal"


def test_broken_mime(capsys, tmp_path):
    broken = (b"From: a@b.example\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n"
              b"--zz\r\nContent-Type: text/plain\r\n\r\nI AGREE\r\n--zz\r\nContent-Type: application/pdf\r\n"
              b"Content-Transfer-Encoding: base64\r\n\r\nJVBER")
    (tmp_path / "broken.eml").write_bytes(broken)
    code, out, err = run(capsys, str(tmp_path / "broken.eml"))
    assert code == 0 and "damaged" in err and "Intent:" in out


def test_a_directory_and_bad_usage(capsys, tmp_path):
    code, _, err = run(capsys, str(tmp_path))
    assert code == 1 and "directory" in err
    with pytest.raises(SystemExit) as exc:
        main(["parse"])
    assert exc.value.code == 2


def test_a_command_shows_its_reason(capsys, tmp_path):
    mail = (b"From: ops@example.com\r\nTo: transfer@example.com\r\nSubject: [XFER-7K2P9QM] waiver\r\n"
            b"Message-ID: <c1@example.com>\r\n\r\n#override waiver - partner confirmed by phone\r\n#complete.\r\n")
    (tmp_path / "command.eml").write_bytes(mail)
    code, out, _ = run(capsys, str(tmp_path / "command.eml"), "--json")
    assert code == 0
    assert json.loads(out)["commands"] == [
        {"name": "override", "args": ["waiver"], "reason": "partner confirmed by phone"},
        {"name": "complete", "args": []}]
    code, out, _ = run(capsys, str(tmp_path / "command.eml"))
    assert code == 0 and "#override waiver - partner confirmed by phone" in out
