"""The operator's commands tell the truth (Step 11): read commands never create a database,
check-config fails whenever run would, times are in the SLA timezone with the zone shown,
listings cut nothing and flag what is late, the outbox and the quarantine can be worked from
the command line, and ingest takes folders and standard input with a closing summary."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from mailbot.cli import build_parser, main
from tests.scenarios.desk import CLIENT, FULL_FORM, PARTNER, Desk, open_case, staff_command

PLAIN_CONFIG = """
[mailbox]
address = "transfer@example.com"

[database]
url = "sqlite:///{db}"
{extra}
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def plain_config(tmp_path, db: str, extra: str = "") -> str:
    path = tmp_path / "mailbot.toml"
    path.write_text(PLAIN_CONFIG.format(db=db, extra=extra))
    return str(path)


# -- 1. read commands open an existing database only ----------------------------------------

@pytest.mark.parametrize("command", [["cases"], ["case", "XFER-0000000"], ["outbox"], ["quarantine", "list"],
                                     ["sweep", "--now", "2026-11-25T09:00:00-06:00"], ["send-pending"]])
def test_a_read_command_on_a_missing_database_fails_naming_it_and_creates_nothing(tmp_path, capsys, monkeypatch,
                                                                                   command):
    monkeypatch.setenv("MAILBOT_SECRET", "a-long-random-secret")
    missing = tmp_path / "typo" / "mailbot.db"
    config = plain_config(tmp_path, missing)
    code, out, err = run(capsys, *command, "--config", config)
    assert code == 1 and str(missing) in err and len(err.strip().splitlines()) == 1, err
    assert not missing.exists() and not missing.parent.exists()


def test_explain_and_check_config_create_nothing_and_ingest_creates_the_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MAILBOT_SECRET", "a-long-random-secret")
    database = tmp_path / "data" / "mailbot.db"
    config = plain_config(tmp_path, database)
    (tmp_path / "desk").mkdir()
    mail = tmp_path / "request.eml"
    mail.write_bytes(Desk(tmp_path / "desk").new_mail(CLIENT, "Moving", f"Hello,\n\n{FULL_FORM}\n"))
    assert run(capsys, "explain", str(mail), "--config", config)[0] == 1
    run(capsys, "check-config", "--config", config)
    assert not database.exists() and not database.parent.exists()
    code, out, _ = run(capsys, "ingest", str(mail), "--now", "2026-11-25T09:00:00-06:00", "--config", config)
    assert code == 0 and "CaseOpened" in out and database.exists()


# -- 2. check-config fails whenever run would ------------------------------------------------

def test_check_config_lists_every_problem_run_would_refuse_with_its_key(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MAILBOT_SECRET", raising=False)
    monkeypatch.delenv("MAILBOT_IMAP_PASSWORD", raising=False)
    config = tmp_path / "mailbot.toml"
    config.write_text('[mailbox]\naddress = "transfer@example.com"\n\n[database]\n'
                      'url = "postgresql+psycopg://bot:pw@127.0.0.1:1/mailbot?connect_timeout=2"\n')
    code, out, err = run(capsys, "check-config", "--config", str(config))
    assert code == 1 and "\nOK" not in out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert any("[security] secret_env" in e and "$MAILBOT_SECRET" in e for e in errors), errors
    assert any("[imap] password_env" in e and "$MAILBOT_IMAP_PASSWORD" in e for e in errors), errors
    assert any("[database] url" in e and "cannot connect" in e for e in errors), errors
    assert "3 problem(s)" in err and "would not start" in err


def test_check_config_says_ok_only_when_run_would_start(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MAILBOT_IMAP_PASSWORD", "pw")
    desk = Desk(tmp_path)
    code, out, _ = run(capsys, "check-config", "--config", str(desk.config))
    assert code == 0 and out.rstrip().endswith("OK") and "--connect" in out


def test_check_config_connect_logs_in_to_both_servers(tmp_path, capsys, monkeypatch):
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("MAILBOT_IMAP_PASSWORD", "pw")
    desk = Desk(tmp_path, extra_config=f'\n[imap]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
                                       f'timeout_seconds = 2\n\n[smtp]\nhost = "127.0.0.1"\nport = {port}\n'
                                       'security = "none"\ntimeout_seconds = 2\n')
    code, out, _ = run(capsys, "check-config", "--connect", "--config", str(desk.config))
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert code == 1 and len(errors) == 2, out
    assert errors[0].startswith(f"error: [imap] 127.0.0.1:{port}") and errors[1].startswith(f"error: [smtp] 127.0.0.1:{port}")


# -- 3. no signing with the public development secret ----------------------------------------

@pytest.mark.parametrize("command", [["ingest", "MAIL"], ["sweep"], ["send-pending"]])
def test_commands_that_send_or_sign_refuse_without_a_secret(tmp_path, capsys, monkeypatch, command):
    monkeypatch.delenv("MAILBOT_SECRET", raising=False)
    desk = Desk(tmp_path)
    ref = open_case(desk)
    mail = tmp_path / "mail.eml"
    mail.write_bytes(desk.new_mail(CLIENT, f"[{ref}] news?", "Any news?\n"))
    without_secret = tmp_path / "nosecret.toml"
    without_secret.write_text(desk.config.read_text().replace('secret = "scenario-secret"\n', ""))
    before = desk.sql("select count(*) from inbound_mails, outbound_mails")
    code, _, err = run(capsys, *[str(mail) if a == "MAIL" else a for a in command],
                       "--config", str(without_secret))
    assert code == 1 and "$MAILBOT_SECRET" in err and len(err.strip().splitlines()) == 1
    assert desk.sql("select count(*) from inbound_mails, outbound_mails") == before


# -- 4 and 5. times a person reads, listings that cut nothing --------------------------------

def test_now_without_an_offset_is_refused(tmp_path, capsys):
    desk = Desk(tmp_path)
    code, _, err = run(capsys, "sweep", "--now", "2026-11-25T09:00:00", "--config", str(desk.config))
    assert code == 1 and "no UTC offset" in err


def test_cases_has_a_header_flags_a_breached_deadline_and_cuts_no_client(tmp_path, capsys):
    desk = Desk(tmp_path)
    long_client = "dana.smith.from.the.accounts.department@acme-widgets-international.example"
    ref = open_case(desk, client=long_client)
    code, out, _ = run(capsys, "cases", "--now", "2026-11-26T09:00:00-06:00", "--config", str(desk.config))
    header, row = out.splitlines()
    assert header.split()[:4] == ["REFERENCE", "STATUS", "COMPANY", "CLIENT"] and "(America/Chicago)" in header
    assert long_client in row and "waiver 2026-12-01 09:00 CST" in row and "BREACHED" not in row
    late = run(capsys, "cases", "--now", "2026-12-02T09:00:00-06:00", "--config", str(desk.config))[1]
    assert "BREACHED" in late.splitlines()[1]
    listed = json.loads(run(capsys, "cases", "--json", "--now", "2026-12-02T09:00:00-06:00",
                            "--config", str(desk.config))[1])
    assert listed[0]["reference"] == ref and listed[0]["next_deadline"]["breached"] is True


def test_a_completed_case_shows_its_follow_up_date(tmp_path, capsys):
    desk = Desk(tmp_path)
    ref = open_case(desk, FULL_FORM.replace("sales@newprovider.example", "none"))
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    desk.ingest(staff_command(desk, ref, "#complete"))
    assert desk.case(ref)["status"] == "completed"
    out = run(capsys, "cases", "--all", "--now", "2026-11-25T10:00:00-06:00", "--config", str(desk.config))[1]
    assert re.search(r"followup 2026-12-2\d \d\d:\d\d CST", out.splitlines()[1]), out


def test_case_reads_like_a_person_wrote_it(tmp_path, capsys):
    desk = Desk(tmp_path)
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    long_note = "called the partner " + " ".join(f"point{i}" for i in range(60)) + " END-OF-NOTE"
    desk.ingest(staff_command(desk, ref, f"#note {long_note}"))
    out = run(capsys, "case", ref, "--config", str(desk.config))[1]
    assert "done done" not in out and "None" not in out
    assert "(times in America/Chicago)" in out and re.search(r"waiver\s+done on 2026-11-25 09:00 CST", out)
    for value in ("acme-widgets.example", "+1 555 0100", "our partner stopped answering"):
        assert value in out, value
    assert "END-OF-NOTE" in out  # a long detail is wrapped, never cut
    timeline = out.split("timeline:", 1)[1]
    assert re.search(r"^    2026-11-25 09:00 CST  ", timeline, re.M)


# -- 6. the outbox and the quarantine from the command line ----------------------------------

def test_the_outbox_shows_tries_and_errors_filters_and_retries(tmp_path, capsys):
    desk = Desk(tmp_path)
    ref = open_case(desk)
    other = open_case(desk, client="lee@other-co.example")
    waiver_id = desk.sql("select id from outbound_mails where template = 'waiver_request' order by id")[0][0]
    desk.sql_write(f"update outbound_mails set status = 'parked', attempts = 7, "
                   f"last_error = '550 5.1.1 mailbox unknown' where id = {waiver_id}")
    config = str(desk.config)
    out = run(capsys, "outbox", "--case", ref, "--config", config)[1]
    assert other not in out and ref in out
    assert "7 attempt(s)" in out and "last error: 550 5.1.1 mailbox unknown" in out
    rows = json.loads(run(capsys, "outbox", "--json", "--case", ref, "--config", config)[1])
    parked = next(r for r in rows if r["id"] == waiver_id)
    assert parked["attempts"] == 7 and parked["last_error"] == "550 5.1.1 mailbox unknown"
    assert len(json.loads(run(capsys, "outbox", "--json", "--limit", "2", "--config", config)[1])) == 2
    code, out, _ = run(capsys, "outbox", "retry", str(waiver_id), "--config", config)
    assert code == 0 and f"mail #{waiver_id} queued again" in out
    assert desk.sql(f"select status, attempts from outbound_mails where id = {waiver_id}") == [("pending", 0)]
    assert run(capsys, "outbox", "retry", "--parked", "--config", config)[1].startswith("no parked mail")
    code, _, err = run(capsys, "outbox", "retry", str(waiver_id), "--config", config)
    assert code == 1 and "not parked" in err


def test_send_pending_says_when_mail_waits_for_a_later_try(tmp_path, capsys):
    desk = Desk(tmp_path)
    open_case(desk)
    desk.sql_write("update outbound_mails set next_attempt_at = '2999-01-01 00:00:00.000000'")
    code, out, _ = run(capsys, "send-pending", "--config", str(desk.config))
    assert code == 0 and "sent 0" in out and re.search(r"\d+ mail\(s\) wait for a later try, the first at 2998-12-31", out)


def test_quarantined_mail_is_listed_shown_and_replayed(tmp_path, capsys):
    desk = Desk(tmp_path)
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    inbound = desk.sql("select id from inbound_mails order by id desc")[0][0]
    desk.sql_write(f"update inbound_mails set status = 'quarantined' where id = {inbound}")
    config = str(desk.config)
    listed = run(capsys, "quarantine", "list", "--config", config)[1]
    assert listed.startswith(f"#{inbound}") and PARTNER in listed and "CST" in listed
    shown = run(capsys, "quarantine", "show", str(inbound), "--config", config)[1]
    assert "----- raw mail -----" in shown and "I AGREE" in shown
    assert json.loads(run(capsys, "quarantine", "list", "--json", "--config", config)[1])[0]["id"] == inbound
    code, out, _ = run(capsys, "quarantine", "replay", str(inbound), "--config", config)
    assert code == 0 and f"mail #{inbound} replayed" in out
    assert run(capsys, "quarantine", "list", "--config", config)[1].strip() == "nothing is quarantined"
    assert any(e["kind"] == "quarantine_replay" for e in desk.case(ref)["events"])


# -- 14. ingest a folder and standard input; help everywhere ---------------------------------

def test_ingest_takes_a_folder_and_standard_input_and_sums_up(tmp_path, capsys, monkeypatch):
    desk = Desk(tmp_path)
    folder = tmp_path / "maildir" / "new"
    folder.mkdir(parents=True)
    for i, client in enumerate(["a@one.example", "b@two.example", "c@three.example"]):
        (folder / f"{i}.eml").write_bytes(desk.new_mail(client, "Moving", f"Hello,\n\n{FULL_FORM}\n"))
    (folder / ".hidden").write_bytes(b"not a mail")
    code, out, _ = run(capsys, "ingest", str(tmp_path / "maildir"), "--now", desk.now, "--config", str(desk.config))
    assert code == 0 and out.count("CaseOpened") == 3 + 1  # three lines and the summary
    assert out.splitlines()[-1] == "3 mail(s): 3 CaseOpened"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(desk.new_mail("d@four.example", "Moving",
                                                                                 f"Hello,\n\n{FULL_FORM}\n"))))
    code, out, _ = run(capsys, "ingest", "-", "--now", desk.now, "--config", str(desk.config))
    assert code == 0 and out.startswith("(standard input): CaseOpened")
    assert len(desk.json("cases")) == 4


def test_explain_json_changes_nothing(tmp_path, capsys):
    desk = Desk(tmp_path)
    ref = open_case(desk)
    mail = tmp_path / "agree.eml"
    mail.write_bytes(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    code, out, _ = run(capsys, "explain", str(mail), "--json", "--now", desk.now, "--config", str(desk.config))
    data = json.loads(out)
    assert code == 0 and data["outcome"] == "WaiverSigned" and data["reference"] == ref and data["changed"] is False
    assert desk.case(ref)["waiver"]["signed"] is False


def test_every_command_and_flag_has_help_and_points_only_inside_the_repository(capsys):
    from pathlib import Path

    root = Path(__file__).parents[2]
    parser = build_parser()
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and re.match(r"mailbot \d+\.\d+", capsys.readouterr().out)
    subcommands = next(a for a in parser._actions if a.dest == "command").choices
    texts = []
    for name, sub in subcommands.items():
        for action in sub._actions:
            if action.dest == "help":
                continue
            assert action.help, f"mailbot {name}: {action.option_strings or action.dest} has no help"
            texts.append(action.help)
        texts.append(sub.format_help())
    for text in texts:
        for named in re.findall(r"[\w./-]+\.md\b", text):
            assert (root / named).exists() or any(root.rglob(Path(named).name)), named


# -- a reference typed wrong is named, never looked up --------------------------------------

@pytest.mark.parametrize("command", [["case", "{ref}"], ["evidence", "{ref}", "-o", "{out}"],
                                     ["outbox", "--case", "{ref}"], ["export", "--case", "{ref}"]])
@pytest.mark.parametrize("ref, says", [("nonsense", "'nonsense' is not a case reference"),
                                       ("XFER-AAAAAAA", "XFER-AAAAAAA has a wrong check character")])
def test_a_mistyped_reference_gets_one_line_saying_what_is_wrong(tmp_path, capsys, monkeypatch, command, ref, says):
    monkeypatch.setenv("MAILBOT_SECRET", "a-long-random-secret")
    config = plain_config(tmp_path, tmp_path / "mailbot.db")
    (tmp_path / "desk").mkdir()
    mail = tmp_path / "request.eml"
    mail.write_bytes(Desk(tmp_path / "desk").new_mail(CLIENT, "Moving", f"Hello,\n\n{FULL_FORM}\n"))
    assert run(capsys, "ingest", str(mail), "--now", "2026-11-25T09:00:00-06:00", "--config", config)[0] == 0
    args = [part.format(ref=ref, out=tmp_path / "bundle.zip") for part in command]
    code, out, err = run(capsys, *args, "--config", config)
    assert code == 1 and says in err and len(err.strip().splitlines()) == 1, (out, err)
