"""The evidence bundle (``mailbot evidence``): real cases, built by running real mails through
the pipeline on SQLite, then checked file by file against what was received and sent."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, datetime

import pytest

from mailbot.app import App
from mailbot.cli import main
from mailbot.config import load_config
from mailbot.errors import CommandError
from mailbot.evidence import cut_waiver, evidence_bundle
from mailbot.store.uow import UnitOfWork
from parsers.reference import make_reference
from tests.scenarios.desk import PARTNER, STAFF, STAFF_PASS, Desk, open_case

NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
TZ = "America/Chicago"
SIGNED_FILES = {"manifest.json", "signing-mail.eml", "waiver.txt", "waiver-request.eml", "timeline.txt",
                "case.json"}
OVERRIDDEN_FILES = {"manifest.json", "override.json", "override-mail.eml", "waiver.txt", "waiver-request.eml",
                    "timeline.txt", "case.json"}


@pytest.fixture
def desk(tmp_path):
    return Desk(tmp_path)


def bundle_of(desk: Desk, reference: str, now: datetime = NOW) -> bytes:
    app = App(load_config(str(desk.config)))
    with UnitOfWork(app.sessions) as uow:
        return evidence_bundle(uow.session, reference, now, TZ, notices=app.notices)


def signed_case(desk: Desk) -> tuple[str, bytes]:
    """A case whose partner signed by answering the waiver request; with the signing mail."""
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.now = "2026-11-25T10:30:00-06:00"
    signing = desk.reply(waiver, PARTNER, "I AGREE\n\nBob Miller\nOld Partner IT", name="Bob Miller")
    assert desk.ingest(signing)["outcome"] == "WaiverSigned"
    return ref, signing


def verify(bundle: bytes) -> list[str]:
    """What is wrong with a bundle, the way someone holding only the zip would check it."""
    problems = []
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    names = archive.namelist()
    if "manifest.json" not in names:
        return ["no manifest.json"]
    listed = {f["name"]: f for f in json.loads(archive.read("manifest.json"))["files"]}
    for name in sorted(set(names) - {"manifest.json"} - set(listed)):
        problems.append(f"{name} is in the zip but not in the manifest")
    for name, entry in listed.items():
        if name not in names:
            problems.append(f"{name} is in the manifest but not in the zip")
            continue
        content = archive.read(name)
        if hashlib.sha256(content).hexdigest() != entry["sha256"] or len(content) != entry["bytes"]:
            problems.append(f"{name} does not match its hash")
    return problems


def rebuilt(bundle: bytes, drop: str | None = None, change: str | None = None) -> bytes:
    """The bundle with one file left out or one byte of a file changed (manifest kept)."""
    source = zipfile.ZipFile(io.BytesIO(bundle))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == drop:
                continue
            if name == change:
                content = content[:-2] + bytes([content[-2] ^ 1]) + content[-1:]
            archive.writestr(name, content)
    return out.getvalue()


def test_a_signed_case_bundle_holds_what_was_signed_and_every_hash_verifies(desk):
    ref, signing = signed_case(desk)
    case = desk.case(ref)
    bundle = bundle_of(desk, ref)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    assert set(archive.namelist()) == SIGNED_FILES
    assert archive.namelist()[0] == "manifest.json"
    assert verify(bundle) == []
    manifest = json.loads(archive.read("manifest.json"))
    assert {f["name"] for f in manifest["files"]} == SIGNED_FILES - {"manifest.json"}

    # The mail that signed, byte for byte, and the hash the case recorded when it signed.
    assert archive.read("signing-mail.eml") == signing
    assert hashlib.sha256(signing).hexdigest() == case["waiver"]["evidence"]["raw_sha256"] == manifest["raw_sha256"]

    # The waiver text as sent: its hash is the one recorded on the case, and the request holds it.
    waiver = archive.read("waiver.txt")
    assert waiver.startswith(b"WAIVER AND RELEASE (version v2)") and ref.encode() in waiver
    assert hashlib.sha256(waiver).hexdigest() == case["waiver"]["text_sha256"]
    request_raw, request_text = desk.sql("select raw, text from outbound_mails where template = 'waiver_request'")[0]
    assert archive.read("waiver-request.eml") == bytes(request_raw)
    assert waiver.decode() in request_text

    assert manifest["reference"] == ref and manifest["status"] == "waiting"
    assert manifest["generated_at"] == "2026-11-26T15:00:00+00:00"
    assert manifest["waiver"] == {
        "signed": True, "overridden": False, "version": "v2", "text_sha256": case["waiver"]["text_sha256"],
        "text_matches": True, "text_source": "cut from the waiver_request mail",
        "request_message_id": desk.last_to(PARTNER, "waiver_request").row["message_id"],
        "request_status": "pending", "request_sent_at": None}
    assert manifest["message_id"] == case["waiver"]["evidence"]["message_id"].strip()
    assert manifest["from"] == PARTNER and manifest["date"] == "Wed, 25 Nov 2026 10:30:00 -0600"
    assert manifest["signed_at"] == "2026-11-25T16:30:00+00:00"
    assert manifest["authentication_results"] is None  # the reply carried none
    assert manifest["override"] is None and manifest["problems"] == []
    assert manifest["evidence"]["words"].startswith("I AGREE") and manifest["evidence"]["proof"]

    assert json.loads(archive.read("case.json")) == case
    timeline = archive.read("timeline.txt").decode()
    assert "America/Chicago" in timeline
    signed_line = next(line for line in timeline.splitlines() if "waiver_signed" in line)
    assert signed_line.startswith("2026-11-25 10:30:00 CST (UTC-0600)") and PARTNER in signed_line


def test_the_bundle_is_deterministic_and_changes_nothing(desk):
    ref, _ = signed_case(desk)
    before = (desk.case(ref), desk.sql("select count(*) from outbound_mails"))
    assert bundle_of(desk, ref) == bundle_of(desk, ref)
    assert (desk.case(ref), desk.sql("select count(*) from outbound_mails")) == before


def test_a_dropped_file_or_a_changed_byte_is_caught(desk):
    ref, _ = signed_case(desk)
    bundle = bundle_of(desk, ref)
    for name in SIGNED_FILES - {"manifest.json"}:
        assert verify(rebuilt(bundle, drop=name)) == [f"{name} is in the manifest but not in the zip"]
        assert verify(rebuilt(bundle, change=name)) == [f"{name} does not match its hash"]


def test_the_authentication_results_of_the_signing_mail_are_kept(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    verdict = ("mx.example.com; spf=pass smtp.mailfrom=oldpartner.example; dkim=pass header.d=oldpartner.example; "
               "dmarc=pass header.from=oldpartner.example")
    signing = desk.reply(waiver, PARTNER, "I agree.", extra_headers={"Authentication-Results": verdict})
    assert desk.ingest(signing)["outcome"] == "WaiverSigned"
    archive = zipfile.ZipFile(io.BytesIO(bundle_of(desk, ref)))
    manifest = json.loads(archive.read("manifest.json"))
    assert "dkim=pass header.d=oldpartner.example" in manifest["authentication_results"]
    assert archive.read("signing-mail.eml") == signing


def test_a_forgery_sent_ahead_under_the_same_message_id_is_not_the_signing_mail(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    genuine = desk.reply(waiver, PARTNER, "I AGREE")
    message_id = re.search(rb"^Message-ID: (<[^>]+>)", genuine, re.M).group(1)
    forged = re.sub(rb"^Message-ID: <[^>]+>", b"Message-ID: " + message_id,
                    desk.new_mail("mallory@elsewhere.example", f"Re: [{ref}] waiver", "I AGREE\n"), count=1, flags=re.M)
    message_id = message_id.decode()
    assert desk.ingest(forged)["outcome"] != "WaiverSigned"
    assert desk.ingest(genuine)["outcome"] == "WaiverSigned"
    stored = desk.sql(f"select status from inbound_mails where message_id = '{message_id}'")
    assert len(stored) == 2  # both copies are kept
    archive = zipfile.ZipFile(io.BytesIO(bundle_of(desk, ref)))
    assert archive.read("signing-mail.eml") == genuine


def test_an_overridden_waiver_gives_the_override_and_no_signing_mail(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.now = "2026-11-30T10:00:00-06:00"
    staff_mail = desk.reply(waiver, STAFF, "#override waiver - partner confirmed by phone",
                            to_address="transfer@example.com", extra_headers=STAFF_PASS)
    assert desk.ingest(staff_mail)["outcome"] == "StaffCommands"
    case = desk.case(ref)
    assert case["waiver"]["overridden"]
    bundle = bundle_of(desk, ref)
    archive = zipfile.ZipFile(io.BytesIO(bundle))
    assert set(archive.namelist()) == OVERRIDDEN_FILES
    assert "signing-mail.eml" not in archive.namelist()
    assert verify(bundle) == []
    override = json.loads(archive.read("override.json"))
    assert override == {"overridden_by": STAFF, "message_id": case["waiver"]["evidence"]["message_id"],
                        "at": "2026-11-30T10:00:00-06:00", "reason": "partner confirmed by phone"}  # as recorded
    assert archive.read("override-mail.eml") == staff_mail
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["waiver"]["signed"] is False and manifest["waiver"]["overridden"] is True
    assert manifest["waiver"]["text_matches"] is True
    assert hashlib.sha256(archive.read("waiver.txt")).hexdigest() == case["waiver"]["text_sha256"]
    assert manifest["signed_at"] is None and manifest["message_id"] is None
    assert manifest["override"] == override and manifest["evidence"]["overridden_by"] == STAFF


def test_unknown_references_and_cases_without_evidence_are_command_errors(desk):
    ref = open_case(desk)
    with pytest.raises(CommandError, match="no waiver evidence yet.*status waiting"):
        bundle_of(desk, ref)
    other = make_reference()
    with pytest.raises(CommandError, match=f"^no case {other}$"):
        bundle_of(desk, other)
    with pytest.raises(CommandError, match="not a case reference"):
        bundle_of(desk, "XFER-12")


def test_the_waiver_is_cut_out_exactly_or_not_at_all():
    waiver = "WAIVER\n\n1. Clause one.\n   more of it.\n"
    mail = f"Hello,\n\nplease sign.\n\n{waiver}\n\nHow to answer: I AGREE.\n"
    assert cut_waiver(mail, hashlib.sha256(waiver.encode()).hexdigest()) == waiver
    assert cut_waiver(mail.replace("one", "two"), hashlib.sha256(waiver.encode()).hexdigest()) is None


def test_the_command_writes_the_bundle(desk, capsysbinary):
    ref, signing = signed_case(desk)
    target = desk.folder / "evidence.zip"
    assert main(["evidence", ref.lower(), "-o", str(target), "--config", str(desk.config)]) == 0
    written = target.read_bytes()
    out = capsysbinary.readouterr().out.decode()
    assert out == f"wrote {target} (6 files, sha256 {hashlib.sha256(written).hexdigest()})\n"
    archive = zipfile.ZipFile(io.BytesIO(written))
    assert set(archive.namelist()) == SIGNED_FILES and verify(written) == []
    assert archive.read("signing-mail.eml") == signing

    assert main(["evidence", ref, "-o", "-", "--config", str(desk.config)]) == 0
    streamed = capsysbinary.readouterr()
    assert set(zipfile.ZipFile(io.BytesIO(streamed.out)).namelist()) == SIGNED_FILES
    assert streamed.err.startswith(b"wrote stdout (6 files, sha256 ")


def test_the_command_reports_errors_in_one_line(desk, capsys):
    ref = open_case(desk)
    target = desk.folder / "evidence.zip"
    assert main(["evidence", ref, "-o", str(target), "--config", str(desk.config)]) == 1
    err = capsys.readouterr().err
    assert err == f"mailbot: {ref} has no waiver evidence yet (status waiting): the waiver is neither signed nor overridden\n"
    assert not target.exists()
    with pytest.raises(SystemExit) as usage:
        main(["evidence", ref, "--config", str(desk.config)])
    assert usage.value.code == 2
