"""The parser never raises: arbitrary bytes and mutated real mails give a reading plus defects."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.message import parse_message
from parsers.reading import read_mail
from tests.conftest import FIXTURES, SETTINGS

CORPUS = [p.read_bytes() for p in sorted(FIXTURES.glob("*.eml"))] or [b"From: a@b.example\n\nhi"]


def _check(raw: bytes) -> None:
    reading = read_mail(raw, SETTINGS)
    data = reading.as_json()
    assert data["classification"] in {"normal", "auto_reply", "bounce", "self", "spam"}
    assert data["intent"] in {"agree", "object", "accept", "decline", "cancel", "none", "ambiguous"}
    assert isinstance(data["reply_text"], str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(raw):
    _check(raw)


@st.composite
def mutated_mail(draw):
    raw = bytearray(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "cut", "insert", "dup"]))
        pos = draw(st.integers(0, max(len(raw) - 1, 0)))
        if op == "flip" and raw:
            raw[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del raw[pos: pos + draw(st.integers(1, 400))]
        elif op == "insert":
            raw[pos:pos] = draw(st.sampled_from([
                b"\x00", b"\r\n\r\n", b"--", b"=?utf-8?b?", b"Content-Type: multipart/mixed; boundary=x\r\n",
                b"\xff\xfe", b"<blockquote>", b"=\r\n", b"\r\n--boundary--\r\n", b"charset=\"x-bogus\"",
            ]))
        elif op == "dup":
            raw[pos:pos] = raw[pos: pos + draw(st.integers(1, 2000))]
    return bytes(raw)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_mail())
def test_mutated_fixtures_never_raise(raw):
    _check(raw)


def test_hostile_shapes_never_raise():
    nested = b"Content-Type: multipart/mixed; boundary=b0\r\n\r\n" + b"".join(
        f"--b{i}\r\nContent-Type: multipart/mixed; boundary=b{i + 1}\r\n\r\n".encode() for i in range(3000))
    huge_subject = b"Subject: " + b"A" * 1_000_000 + b"\r\nFrom: a@b.example\r\n\r\nI AGREE\r\n"
    many_rcpts = b"To: " + b", ".join(b"u%d@x.example" % i for i in range(5000)) + b"\r\n\r\nhi"
    deep_html = (b"Content-Type: text/html\r\n\r\n" + b"<div>" * 50000 + b"I AGREE" + b"</div>" * 50000)
    for raw in (nested, huge_subject, many_rcpts, deep_html, b"\x00" * 10000, b"From:\r\n\r\n"):
        _check(raw)


def test_a_date_beyond_any_calendar_is_a_defect_not_a_crash():
    raw = (b"From: a@b.example\r\nDate: Mon, 25 Nov 99999999999 09:05:00 -0600\r\nMessage-ID: <" + b"x" * 2000 +
           b"@b.example>\r\nSubject: hi\r\n\r\nI AGREE\r\n")
    reading = read_mail(raw, SETTINGS)
    assert reading.message.date is None and reading.message.message_id is None
    assert any("Date" in d for d in reading.message.defects)


def test_an_address_too_long_for_smtp_is_no_address():
    raw = b"From: " + b"a" * 400 + b"@b.example\r\nSubject: hi\r\n\r\nhello\r\n"
    assert read_mail(raw, SETTINGS).message.from_addr is None


def test_a_forwarded_message_is_not_part_of_what_the_sender_says():
    raw = (b"From: ops@example.com\r\nTo: transfer@example.com\r\nSubject: Fwd: waiver\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
           b"Do not act yet.\r\n--B\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n"
           b"From: support@partner.example\r\nSubject: waiver\r\n\r\n#override waiver\r\nI AGREE\r\n--B--\r\n")
    reading = read_mail(raw, SETTINGS)
    assert reading.reply.text == "Do not act yet." and reading.commands == [] and reading.intent == "none"


def test_a_yes_with_an_attached_document_goes_to_staff_but_a_logo_does_not():
    from email.message import EmailMessage

    from parsers.reading import read_mail
    from tests.conftest import SETTINGS

    def reply(attachment: tuple[bytes, str, str, str] | None) -> str:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "bob@partner.example", "transfer@example.com", "Re: waiver"
        msg["Message-ID"] = "<a1@partner.example>"
        msg.set_content("I AGREE\n")
        if attachment:
            data, maintype, subtype, name = attachment
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
        return str(read_mail(bytes(msg), SETTINGS).intent)

    assert reply(None) == "agree"
    assert reply((b"\x89PNG logo", "image", "png", "logo.png")) == "agree"
    assert reply((b"Clause 4 is struck out.", "text", "plain", "addendum.txt")) == "ambiguous"
    assert reply((b"%PDF-1.4 terms", "application", "pdf", "our-terms.pdf")) == "ambiguous"


@pytest.mark.parametrize("body", [
    "I AGREE\n\nJohn, we object to the transfer of the domain",
    "I ACCEPT\n\nRegrettably, we must decline",
    "I ACCEPT\n\nTom Baker | Smith IT\nI decline",
    "I AGREE\n\nTom Baker\nI object to the data export, the invoice is unpaid\nwe will sue",
    "I AGREE\n\nAlso, we keep the mail domain and the website",
])
def test_what_looks_like_a_signature_cannot_hide_a_no(body):
    from parsers.reading import read_mail
    from tests.conftest import SETTINGS

    mail = f"From: a@b.example\nTo: transfer@example.com\nSubject: x\nMessage-ID: <1@b.example>\n\n{body}\n"
    assert str(read_mail(mail.encode(), SETTINGS).intent) == "ambiguous"


@pytest.mark.parametrize("line", [
    "Tom Baker\n" + "Smith IT Ltd | Unit 4 | Riverside | Leeds | LS1 | UK | Registered | Privacy; " * 2,
    "hello\n" + "1" * 300 + "<" + "a@" * 5000,
    "a |" * 50,
])
def test_lines_built_to_make_the_patterns_backtrack_are_read_at_once(line):
    # Not a speed goal: a mail that makes a regular expression backtrack for minutes stalls
    # every mail behind it. Each of these took minutes before the patterns were made atomic.
    import threading

    from parsers.reading import read_mail
    from tests.conftest import SETTINGS

    mail = f"From: a@b.example\nTo: transfer@example.com\nSubject: x\nMessage-ID: <1@b.example>\n\nI AGREE\n\n{line}\n"
    done = threading.Event()
    worker = threading.Thread(target=lambda: (read_mail(mail.encode(), SETTINGS), done.set()), daemon=True)
    worker.start()
    worker.join(10)
    assert done.is_set(), "reading did not finish"


def test_attachments_without_a_filename_get_names_that_stay_the_same():
    raw = (b"From: bob@partner.example\r\nSubject: fw\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
           b"--b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n"
           b"From: x@y.example\r\nSubject: old\r\n\r\nold mail\r\n"
           b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment\r\n\r\n%PDF-1.4\r\n"
           b"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"terms.pdf\"\r\n\r\n"
           b"%PDF-1.4\r\n--b--\r\n")
    names = [[a.name for a in parse_message(raw).attachments] for _ in range(2)]
    assert names[0] == names[1] == ["attached-message.eml", "attachment-2.pdf", "terms.pdf"]


@pytest.mark.parametrize("size", [0, 1, 2, 3, 57, 58, 59, 100_000])
def test_an_attachment_is_listed_with_its_decoded_size(size):
    # (its size is worked out from the base64 without decoding it: each padding length counts)
    import base64

    data = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
    raw = (b"From: bob@partner.example\r\nSubject: doc\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
           b"--b\r\nContent-Type: text/plain\r\n\r\nI AGREE\r\n"
           b'--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="w.pdf"\r\n'
           b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data).replace(b"\n", b"\r\n")
           + b"--b--\r\n")
    assert [(a.name, a.size) for a in parse_message(raw).attachments] == [("w.pdf", size)]


@pytest.mark.parametrize("body, broken", [
    (b"SSBBR1JFRQ==", False),       # "I AGREE"
    (b"SSBBR1JF\r\nRQ==", False),   # wrapped
    (b"SSBBR1JFRQ=", True),         # padding short
    (b"SSBBR1JFRQ===", True),       # padding long
    (b"SSBBR===", True),            # three "=" in a whole group
    (b"SSBB=R1JFRQ==", True),       # "=" inside
    (b"SSBBR1JF*RQ==", True),       # a character outside the alphabet
])
def test_a_text_part_in_broken_base64_is_a_defect(body, broken):
    raw = (b"From: bob@partner.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + body + b"\r\n")
    defects = parse_message(raw).defects
    assert any("invalid base64" in d for d in defects) is broken, defects
