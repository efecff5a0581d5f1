"""Backups and retention (Step 12): ``mailbot export`` writes cases as JSON lines with their
mails byte for byte, and ``mailbot retention`` empties the raw bytes of long-closed cases'
mails but keeps the waiver's evidence, so the evidence bundle still verifies.

Whole transfers run through ``mailbot ingest``; the outbox is delivered by ``mailbot
send-pending`` to a real SMTP server on loopback (retention only touches mail that was sent).
Each test runs on SQLite and on PostgreSQL (the ``database_url`` fixture).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import socket
import zipfile
from datetime import UTC, datetime

import pytest
from aiosmtpd.controller import Controller

from mailbot.app import App
from mailbot.config import ConfigError, config_from_dict, load_config
from mailbot.evidence import evidence_bundle
from mailbot.retention import EVENT_KIND, daily_job
from mailbot.store.uow import UnitOfWork
from tests.scenarios.desk import FULL_FORM, PARTNER, PROVIDER, STAFF, Desk, open_case
from tests.unit.test_evidence import verify

DAYS = 30
CLOSED_AT = "2026-11-27T10:00:00-06:00"           # when the transfer below is completed
AFTER = "2026-12-28T10:00:00-06:00"               # 31 days (N + 1) after it closed
BEFORE = "2026-12-27T09:59:00-06:00"              # not yet 30 days after it closed
OTHER_CLIENT = "lee@other-co.example"


class Collect:
    """An SMTP server's handler that keeps what it was given."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port
    controller.stop()


def make_desk(tmp_path, database_url, smtp_port, retention: str = f"raw_mail_days = {DAYS}") -> Desk:
    extra = (f'\n[smtp]\nhost = "127.0.0.1"\nport = {smtp_port}\nsecurity = "none"\ncopy_to_mailbox = false\n'
             f"\n[retention]\n{retention}\n")
    return Desk(tmp_path, extra_config=extra, database_url=database_url)


def completed_transfer(desk: Desk) -> tuple[str, bytes]:
    """A whole transfer, signed by the partner, completed by staff at ``CLOSED_AT``; every
    notice delivered. Returns the reference and the mail that signed."""
    ref = open_case(desk)
    desk.now = "2026-11-25T10:30:00-06:00"
    signing = desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE\n\nBob Miller", name="Bob Miller")
    assert desk.ingest(signing)["outcome"] == "WaiverSigned"
    desk.now = "2026-11-25T11:00:00-06:00"
    assert desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I ACCEPT"))["outcome"] \
        == "ProviderAccepted"
    desk.now = CLOSED_AT
    assert desk.ingest(desk.reply(desk.last_to(STAFF, "staff_checklist"), STAFF, "#complete"))["outcome"] \
        == "StaffCommands"
    assert desk.case(ref)["status"] == "completed"
    return ref, signing


def open_other_case(desk: Desk) -> str:
    """A second client's case, still waiting on its partner."""
    desk.now = "2026-11-30T09:00:00-06:00"
    return open_case(desk, FULL_FORM.replace("Acme Widgets LLC", "Other Co"), client=OTHER_CLIENT)


def deliver(desk: Desk) -> None:
    code, out = desk.run("send-pending")
    assert code == 0 and "parked 0" in out, out
    assert not desk.sql("select id from outbound_mails where status <> 'sent'")


def raw_of(desk: Desk, table: str, reference: str) -> dict[int, bytes]:
    return {i: bytes(raw) for i, raw in desk.sql(
        f"select m.id, m.raw from {table} m join cases c on c.id = m.case_id "
        f"where c.reference = '{reference}' order by m.id")}


def export_lines(desk: Desk, *args: str) -> list[dict]:
    out = desk.folder / "export.jsonl"
    code, said = desk.run("export", *args, "-o", str(out))
    assert code == 0, said
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def bundle_of(desk: Desk, reference: str) -> bytes:
    app = App(load_config(str(desk.config)))
    with UnitOfWork(app.sessions) as uow:
        return evidence_bundle(uow.session, reference, datetime(2027, 1, 5, tzinfo=UTC), "America/Chicago",
                               notices=app.notices)


# -- export ------------------------------------------------------------------------------------

def test_the_export_of_one_case_round_trips_its_case_and_every_mail_byte_for_byte(tmp_path, database_url, smtp):
    desk = make_desk(tmp_path, database_url, smtp)
    ref, signing = completed_transfer(desk)
    open_other_case(desk)

    lines = export_lines(desk, "--case", ref.lower())  # (a reference is read in any case)
    assert len(lines) == 1
    line = lines[0]
    assert line["case"] == desk.case(ref)  # exactly what `mailbot case REF --json` gives
    inbound, outbound = raw_of(desk, "inbound_mails", ref), raw_of(desk, "outbound_mails", ref)
    assert [m["id"] for m in line["inbound"]] == list(inbound) and len(inbound) >= 4
    assert [m["id"] for m in line["outbound"]] == list(outbound) and len(outbound) >= 8
    for mail in line["inbound"]:
        raw = base64.b64decode(mail["raw_base64"], validate=True)
        assert raw == inbound[mail["id"]] and hashlib.sha256(raw).hexdigest() == mail["raw_sha256"] == mail["sha256"]
        assert mail["raw_removed"] is False and mail["bytes"] == len(raw)
    for mail in line["outbound"]:
        assert base64.b64decode(mail["raw_base64"], validate=True) == outbound[mail["id"]]
    # the mail that signed, as the partner's client wrote it
    assert signing in [base64.b64decode(m["raw_base64"]) for m in line["inbound"]]
    templates = [m["template"] for m in line["outbound"]]
    assert "waiver_request" in templates and "completion" in templates

    # To standard output, the same line; the report goes beside it, not into the data.
    code, out = desk.run("export", "--case", ref)
    assert code == 0 and [json.loads(text) for text in out.splitlines()] == lines


def test_export_all_gives_one_line_per_case_oldest_first(tmp_path, database_url, smtp):
    desk = make_desk(tmp_path, database_url, smtp)
    first, _ = completed_transfer(desk)
    second = open_other_case(desk)
    lines = export_lines(desk, "--all")
    assert [line["case"]["reference"] for line in lines] == [first, second]
    assert [line["case"] for line in lines] == [desk.case(first), desk.case(second)]
    assert {m["sender"] for m in lines[1]["inbound"]} == {OTHER_CLIENT}  # each case its own mails


def test_export_refuses_an_unknown_case_and_needs_one_of_its_choices(tmp_path, capsys):
    desk = Desk(tmp_path)
    open_case(desk)
    assert desk.run("export", "--case", "XFER-0000000")[0] == 1
    for args in (["export"], ["export", "--all", "--case", "XFER-0000000"]):
        with pytest.raises(SystemExit) as usage:
            desk.run(*args)
        assert usage.value.code == 2


# -- retention ---------------------------------------------------------------------------------

def test_retention_empties_a_long_closed_case_keeps_the_waiver_evidence_and_leaves_open_cases(
        tmp_path, database_url, smtp):
    desk = make_desk(tmp_path, database_url, smtp)
    ref, signing = completed_transfer(desk)
    other = open_other_case(desk)
    deliver(desk)
    inbound, outbound = raw_of(desk, "inbound_mails", ref), raw_of(desk, "outbound_mails", ref)
    everything = desk.sql("select id, raw from inbound_mails union all select -id, raw from outbound_mails")
    signing_id = next(i for i, raw in inbound.items() if raw == signing)
    request_id, = (i for (i,) in desk.sql("select id from outbound_mails where template = 'waiver_request' "
                                            f"and case_id = (select id from cases where reference = '{ref}')"))
    bundle_before = bundle_of(desk, ref)

    # Not yet N days after it closed: nothing to do.
    code, out = desk.run("retention", "--now", BEFORE)
    assert code == 0 and "nothing to remove" in out, out
    # A dry run N + 1 days after says what would go, and changes nothing.
    code, out = desk.run("retention", "--dry-run", "--now", AFTER)
    assert code == 0 and f"{ref} (closed 2026-11-27 10:00 CST): would remove" in out and "dry run" in out, out
    assert f"the signing mail #{signing_id}" in out and f"the waiver request #{request_id}" in out
    assert other not in out
    assert desk.sql("select id, raw from inbound_mails union all select -id, raw from outbound_mails") == everything
    assert EVENT_KIND not in [e["kind"] for e in desk.case(ref)["events"]]

    code, out = desk.run("retention", "--now", AFTER)
    assert code == 0 and f"{ref} (closed 2026-11-27 10:00 CST): removed the raw bytes of " \
                         f"{len(inbound) - 1} inbound and {len(outbound) - 1} outbound mail(s)" in out, out
    after_in, after_out = raw_of(desk, "inbound_mails", ref), raw_of(desk, "outbound_mails", ref)
    # Every raw mail of the closed case is gone, but the signing mail and the waiver request.
    assert {i for i, raw in after_in.items() if raw} == {signing_id} and after_in[signing_id] == signing
    assert {i for i, raw in after_out.items() if raw} == {request_id} and after_out[request_id] == outbound[request_id]
    # The rows, hashes and text stay; the timeline says what was removed and why.
    assert desk.sql(f"select count(*) from inbound_mails where raw_sha256 <> '' and id in ({','.join(map(str, inbound))})") \
        == [(len(inbound),)]
    event = next(e for e in desk.case(ref)["events"] if e["kind"] == EVENT_KIND)
    assert event["actor"] == "system" and event["at"] == "2026-12-28T16:00:00+00:00"
    assert f"{len(inbound) - 1} inbound and {len(outbound) - 1} outbound" in event["detail"]
    assert f"the signing mail #{signing_id}" in event["detail"] and "raw_mail_days" in event["detail"]
    # The open case is untouched, and so is its timeline.
    assert all(raw_of(desk, "inbound_mails", other).values()) and all(raw_of(desk, "outbound_mails", other).values())
    assert EVENT_KIND not in [e["kind"] for e in desk.case(other)["events"]]

    # The evidence bundle still holds what was signed, and every hash verifies.
    bundle = bundle_of(desk, ref)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    manifest = json.loads(archive.read("manifest.json"))
    assert verify(bundle) == [] and manifest["problems"] == [] and manifest["waiver"]["text_matches"] is True
    assert archive.read("signing-mail.eml") == signing
    assert archive.read("waiver-request.eml") == outbound[request_id]
    before = zipfile.ZipFile(io.BytesIO(bundle_before))
    assert archive.read("waiver.txt") == before.read("waiver.txt")

    # The export says which mails lost their bytes; what was kept still round-trips.
    line = export_lines(desk, "--case", ref)[0]
    removed = {m["id"] for m in line["inbound"] if m["raw_removed"]}
    assert removed == set(inbound) - {signing_id}
    kept = next(m for m in line["inbound"] if m["id"] == signing_id)
    assert base64.b64decode(kept["raw_base64"]) == signing

    # Running it again changes nothing and records nothing more.
    code, out = desk.run("retention", "--now", "2027-01-05T10:00:00-06:00")
    assert code == 0 and "nothing to remove" in out
    assert [e["kind"] for e in desk.case(ref)["events"]].count(EVENT_KIND) == 1


def test_without_keep_waiver_evidence_the_signing_mail_goes_too_and_the_bundle_says_so(tmp_path, database_url, smtp):
    desk = make_desk(tmp_path, database_url, smtp,
                     retention=f"raw_mail_days = {DAYS}\nkeep_waiver_evidence = false")
    ref, _ = completed_transfer(desk)
    deliver(desk)
    code, out = desk.run("retention", "--now", AFTER)
    assert code == 0 and "kept" not in out, out
    assert not any(raw_of(desk, "inbound_mails", ref).values()) and not any(raw_of(desk, "outbound_mails", ref).values())
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(bundle_of(desk, ref))).read("manifest.json"))
    assert any("signed" in problem for problem in manifest["problems"]), manifest["problems"]


def test_unsent_mail_of_a_closed_case_keeps_its_bytes(tmp_path, smtp):
    desk = make_desk(tmp_path, f"sqlite:///{tmp_path / 'mailbot.db'}", smtp)
    ref, signing = completed_transfer(desk)  # (nothing delivered: the outbox is all pending)
    outbound = raw_of(desk, "outbound_mails", ref)
    assert outbound and all(outbound.values())
    code, out = desk.run("retention", "--now", AFTER)
    assert code == 0 and "0 outbound mail(s)" in out, out
    assert raw_of(desk, "outbound_mails", ref) == outbound  # the sender still needs them
    assert [raw for raw in raw_of(desk, "inbound_mails", ref).values() if raw] == [signing]


def test_raw_mail_days_zero_keeps_everything_forever(tmp_path, smtp):
    desk = make_desk(tmp_path, f"sqlite:///{tmp_path / 'mailbot.db'}", smtp, retention="raw_mail_days = 0")
    completed_transfer(desk)
    deliver(desk)
    before = desk.sql("select id, raw from inbound_mails union all select -id, raw from outbound_mails")
    code, out = desk.run("retention", "--now", "2036-01-01T00:00:00Z")
    assert code == 0 and "kept forever" in out
    assert desk.sql("select id, raw from inbound_mails union all select -id, raw from outbound_mails") == before


def test_the_daemons_daily_job_removes_once_a_day_whatever_restarts_happen(tmp_path, smtp):
    desk = make_desk(tmp_path, f"sqlite:///{tmp_path / 'mailbot.db'}", smtp)
    ref, _ = completed_transfer(desk)
    deliver(desk)
    app = App(load_config(str(desk.config)))
    clock = lambda: datetime.fromisoformat(AFTER)  # noqa: E731
    # Two instances (or one restarted) on the same day: one pass, one timeline line.
    for _ in range(2):
        daily_job(app.sessions, app.config.retention, app.config.sla.timezone, clock)()
    assert [e["kind"] for e in desk.case(ref)["events"]].count(EVENT_KIND) == 1
    assert desk.sql("select kind, day from daily_notices where kind = 'retention'") == [("retention", "2026-12-28")]


def test_a_negative_raw_mail_days_is_refused_naming_its_key():
    with pytest.raises(ConfigError, match=r"\[retention\] raw_mail_days"):
        config_from_dict({"retention": {"raw_mail_days": -1}})
    assert config_from_dict({}).retention.raw_mail_days == 0  # kept forever unless asked


@pytest.mark.parametrize("days", [0, DAYS])
def test_the_daemon_schedules_retention_only_when_it_is_on(tmp_path, smtp, days):
    from types import SimpleNamespace

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from mailbot.daemon import Daemon

    desk = make_desk(tmp_path, f"sqlite:///{tmp_path / 'mailbot.db'}", smtp, retention=f"raw_mail_days = {days}")
    scheduler = AsyncIOScheduler(timezone="America/Chicago")
    Daemon._retention(SimpleNamespace(app=App(load_config(str(desk.config)))), scheduler)
    job = scheduler.get_job("retention")
    assert (job is not None) == bool(days)
    if job is not None:
        assert job.trigger.interval.total_seconds() == 3600 and job.max_instances == 1
