"""Outbound headers, byte for byte: threading must survive every client (Outlook included)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from replies.message import Envelope, HeaderError, build_message, make_message_id, thread_references
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
