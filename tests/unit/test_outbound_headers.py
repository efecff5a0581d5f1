"""Outbound headers, byte for byte: threading must survive every client (Outlook included)."""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.parser import BytesParser
from email.utils import parseaddr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replies.message import (
    Envelope,
    HeaderError,
    build_message,
    clean_text,
    make_message_id,
    thread_references,
)
from replies.render import RenderedNotice

NOTICE = RenderedNotice("ignored", "Hello,\n\nthe text.\n", "<p>Hello</p>")
LONG_ID = "<" + "CAF" + "x" * 180 + "@mail.gmail.example>"


def head(raw: bytes) -> list[bytes]:
    return raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def envelope(**changes) -> Envelope:
    values = dict(from_addr="transfer@example.com", from_name="Transfer desk", to=("dana@acme.example",),
                  subject="Re: [XFER-4KZG3A1] Grüße aus Köln", message_id="<mailbot.0123abcd@example.com>",
                  date=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
                  reply_to="transfer+xfer-4kzg3a1.client.abcdefgh12345678@example.com",
                  in_reply_to=LONG_ID, references=("<root@mail.acme.example>", LONG_ID),
                  case_reference="XFER-4KZG3A1")
    values.update(changes)
    return Envelope(**values)


def test_threading_headers_are_plain_and_folded_only_between_ids():
    lines = head(build_message(envelope(), NOTICE))
    assert b"Message-ID: <mailbot.0123abcd@example.com>" in lines
    assert b"In-Reply-To: " + LONG_ID.encode() in lines
    i = lines.index(b"References: <root@mail.acme.example>")
    assert lines[i + 1] == b" " + LONG_ID.encode()
    assert not any(b"=?" in line for line in lines if line.startswith((b"Message-ID", b"In-Reply-To", b"References", b" <")))
    assert all(len(line) <= 998 for line in lines)


def test_the_other_headers_a_robot_mail_needs():
    lines = head(build_message(envelope(), NOTICE))
    assert b"Auto-Submitted: auto-generated" in lines
    assert b"X-Auto-Response-Suppress: All" in lines
    assert b"X-Mailbot-Case: XFER-4KZG3A1" in lines
    assert b"Reply-To: transfer+xfer-4kzg3a1.client.abcdefgh12345678@example.com" in lines
    assert b"Date: Wed, 25 Nov 2026 15:00:00 +0000" in lines
    assert b"From: Transfer desk <transfer@example.com>" in lines
    subject = next(line for line in lines if line.startswith(b"Subject:"))
    assert subject.startswith(b"Subject: Re: [XFER-4KZG3A1] =?utf-8?")  # the tag stays readable


def test_no_header_injection_through_names_or_subjects():
    raw = build_message(envelope(subject="Hi\r\nBcc: victim@example.net", from_name="Desk\nBcc: x@y.example"), NOTICE)
    lines = head(raw)
    assert not any(line.lower().startswith(b"bcc") for line in lines)
    with pytest.raises(HeaderError):
        build_message(envelope(to=("dana@acme.example\r\nBcc: x@y.example",)), NOTICE)
    with pytest.raises(HeaderError):
        build_message(envelope(in_reply_to="<a@b>\r\nBcc: x@y.example"), NOTICE)


def test_long_threads_keep_the_root_and_the_latest():
    ids = [f"<m{i}@x.example>" for i in range(30)] + ["not an id", "<m3@x.example>"]
    kept = thread_references(ids)
    assert kept[0] == "<m0@x.example>" and kept[-1] == "<m29@x.example>" and len(kept) == 10


def test_our_message_ids_are_unique_and_recognisable():
    ids = {make_message_id("example.com") for _ in range(1000)}
    assert len(ids) == 1000 and all(i.startswith("<mailbot.") and i.endswith("@example.com>") for i in ids)


def test_international_addresses():
    raw = build_message(envelope(to=("dana@bücher.example",)), NOTICE)
    assert b"To: dana@xn--bcher-kva.example" in head(raw)
    with pytest.raises(HeaderError, match="SMTPUTF8"):
        build_message(envelope(to=("dänä@acme.example",)), NOTICE)


# -- by the book: RFC 2047 line lengths, folding, IDNA 2008, addresses ------------------------
# Every check reads the bytes build_message returns, parsed as a strict reader would.

LONG_NAME = ("Überweisungsstelle für Kundenumzüge der Beispiel-Sicherheitsdienste GmbH & Co. KG, "
             "Abteilung Partnerwechsel")  # longer than a line: folded, never cut
SUBJECTS = [
    "Grüße aus Köln",
    # one long run of non-ASCII words right after "Subject: " (once an 81-character line)
    "Überweisungsgebühren für Kundenumzüge äöü ÄÖÜ ß éèê",
    "Re: [XFER-4KZG3A1] " + "Umzug der Dienste für Müller & Söhne, " * 6,
    "移転のお願い" * 12,  # no spaces at all
    "Plain ASCII but looks encoded =?utf-8?q?gotcha?= still plain",
]
NAMES = ["Transfer desk", "Überweisungsstelle für Kundenumzüge äöü", LONG_NAME, "Desk \"Ops\" (Köln)",
         "Ops team of Example Security, Inc. " * 3]


def display_name(raw: bytes) -> str:
    """The From display name as RFC 2047 s6.2 reads it: the space between two encoded-words
    is not text. (The stdlib's modern parser keeps it in address headers before CPython
    gh-128110; mail clients drop it, and so does its older decoder used here.)"""
    value = BytesParser(policy=email.policy.compat32).parsebytes(raw)["From"].replace("\r\n", "")
    return str(make_header(decode_header(parseaddr(value)[0])))


def strictly_parsed(raw: bytes):
    message = BytesParser(policy=email.policy.strict).parsebytes(raw)
    for name in ("From", "To", "Subject", "Reply-To"):
        assert not message[name].defects, (name, message[name].defects)
    return message


def assert_line_lengths(raw: bytes) -> None:
    for line in head(raw):
        if b"=?" in line:
            assert len(line) <= 76, line  # RFC 2047 s2
        elif not line.startswith((b"In-Reply-To:", b"References:", b" <")):  # msg-ids cannot fold
            assert len(line) <= 78, line  # RFC 5322 s2.1.1


@pytest.mark.parametrize("subject", SUBJECTS)
@pytest.mark.parametrize("name", NAMES)
def test_encoded_words_stay_on_lines_of_76_and_read_back_exactly(subject, name):
    raw = build_message(envelope(subject=subject, from_name=name), NOTICE)
    assert_line_lengths(raw)
    message = strictly_parsed(raw)
    assert message["Subject"] == " ".join(subject.split())
    assert display_name(raw) == " ".join(name.split())  # the whole name, not cut at 78
    assert message["From"].addresses[0].addr_spec == "transfer@example.com"


def test_a_long_display_name_is_folded_not_cut():
    lines = head(build_message(envelope(from_name=LONG_NAME), NOTICE))
    start = next(i for i, line in enumerate(lines) if line.startswith(b"From: "))
    assert lines[start + 1].startswith(b" ") and lines[start + 2].startswith(b" ")  # three lines
    assert lines[start + 2].endswith(b"Partnerwechsel <transfer@example.com>")


@given(subject=st.text(max_size=120), name=st.text(max_size=120))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_subject_and_name_fold_within_the_limits_and_read_back(subject, name):
    raw = build_message(envelope(subject=subject, from_name=name), NOTICE)
    if all(len(word) <= 60 for word in (subject + " " + name).split()):
        assert_line_lengths(raw)  # (only a longer ASCII word may stand alone on a longer line)
    for line in head(raw):
        assert len(line) <= 998 and (b"=?" not in line or len(line) <= 76), line
    message = strictly_parsed(raw)
    assert message["Subject"] == clean_text(subject, 250)
    assert display_name(raw) == clean_text(name, None)


def test_domains_go_out_in_idna_2008():
    raw = build_message(envelope(to=("dana@faß.de", "ops@ＢÜCHER。example"), cc=("x@straße.example",)), NOTICE)
    lines = head(raw)
    # IDNA 2003 (the stdlib codec) would write fass.de: somebody else's domain
    assert b"To: dana@xn--fa-hia.de, ops@xn--bcher-kva.example" in lines
    assert b"Cc: x@xn--strae-oqa.example" in lines
    assert strictly_parsed(raw)["To"].addresses[0].domain == "xn--fa-hia.de"


@pytest.mark.parametrize("address", ["dana@☃️.example", "dana@bücher..example", "dana@-bücher.example"])
def test_a_domain_idna_2008_cannot_write_is_refused_in_words(address):
    with pytest.raises(HeaderError, match="not a valid international domain name"):
        build_message(envelope(to=(address,)), NOTICE)


@pytest.mark.parametrize("address", ["dana\x00@acme.example", "dana@acme.example\x00", "dana@[192.0.2.1]",
                                     "da\\na@acme.example", "dana@acme\\.example", "[dana]@acme.example",
                                     "dana\x1b@acme.example"])
def test_addresses_with_nul_brackets_or_backslashes_are_refused(address):
    with pytest.raises(HeaderError, match="not a deliverable address"):
        build_message(envelope(to=(address,)), NOTICE)
    with pytest.raises(HeaderError):
        build_message(envelope(reply_to=address), NOTICE)
