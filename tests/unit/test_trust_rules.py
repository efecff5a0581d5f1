"""The pieces of the trust chain on their own: the proof table and its documentation, the
strict From reading, the client's confirmation, what may enter the waiver, where a bounce
comes from."""

from __future__ import annotations

import email
from pathlib import Path

import pytest

from mailbot.domain.authorise import PERMISSIONS
from mailbot.domain.intake import form_problems, value_problem
from parsers.addresses import read_from
from parsers.bounce import original_message_ids
from parsers.confirm import says_go_ahead
from parsers.form import parse_form
from parsers.raw_headers import quick_message_id

DOCS = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_the_documented_table_is_the_table_the_code_uses():
    rows = {tuple(cell.strip() for cell in line.strip("|").split("|"))
            for line in DOCS.read_text(encoding="utf-8").splitlines() if line.startswith("| ")}
    for permission in PERMISSIONS:
        assert (permission.action, permission.who, permission.proof) in rows, permission.action


@pytest.mark.parametrize("header, address", [
    ("Dana Smith <dana@acme.example>", "dana@acme.example"),
    ("John Q. Public <jqp@x.example>", "jqp@x.example"),
    ('"Müller, Hans" <h@x.example>', "h@x.example"),
    ("=?utf-8?q?M=C3=BCller?= <h@x.example>", "h@x.example"),
    ("j@x.example (John)", "j@x.example"),
    ("<J@X.Example>", "j@x.example"),
    ("Hans <hans@bücher.example>", "hans@xn--bcher-kva.example"),
])
def test_ordinary_from_headers(header, address):
    assert read_from([header])[1] == address


@pytest.mark.parametrize("header", [
    "eve@evil.example ((x) <ops@example.com>)",  # an address inside a comment
    '"unclosed <ops@example.com>',
    "(\\) <partner@oldpartner.example>",
    "ops@example.com <eve@evil.example>",  # an unquoted name that is an address
    "Eve <eve@evil.example>, Ops <ops@example.com>",
    "Smith, John <j@x.example>",
    "Ops <ops@example.com",
    "=?utf-8?q?ops=40example=2Ecom?=",  # an encoded word is never an address
    "<@route:ops@example.com>",
    "x" * 3000 + " <a@b.example>",
])
def test_from_headers_that_read_two_ways_have_no_sender(header):
    assert isinstance(read_from([header]), str)


def test_two_from_headers_have_no_sender():
    assert isinstance(read_from(["a@x.example", "b@y.example"]), str)


@pytest.mark.parametrize("text", [
    "Yes, that is all correct. Please go ahead.", "Hi Maria,\n\nyes, go ahead. Thanks!", "OK", "Confirmed.",
    "Thanks! Yes please go ahead", "Looks good, please proceed.", "Ja, bitte.", "Oui, c'est correct.",
])
def test_a_client_saying_go_ahead(text):
    assert says_go_ahead(text)


@pytest.mark.parametrize("text", [
    "I never asked for this", "Who are you?", "No, the partner is wrong.", "Yes but the partner is wrong",
    "What is this", "Hello,\nThis was not me.", "Please stop", "", "Nein, das stimmt nicht.",
    "Yes " + "and more words " * 20,
])
def test_anything_else_is_no_confirmation(text):
    assert not says_go_ahead(text)


@pytest.mark.parametrize("company", [
    "Acme Widgets LLC", "O'Brien & Söhne GmbH & Co. KG", "3M Deutschland GmbH", "Yahoo! Inc.", "AT&T",
    "株式会社トヨタ", "1&1 Internet SE", "7-Eleven",
])
def test_company_names(company):
    assert value_problem("company", company) is None


@pytest.mark.parametrize("company", [
    "Acme LLC. 5. The current partner also waives every claim for unpaid invoices of the client",
    "Acme LLC; 5. The partner waives all claims", "Acme LLC (see http://attacker.example)",
    "{{ config }}", "Acme <img src=x>", "Acme § 4 applies", "Acme " + "Widgets " * 12,
    "Acme (Partner Waives All Open Invoices) LLC", "Acme LLC, which hereby releases all claims",
])
def test_what_is_no_company_name(company):
    assert value_problem("company", company)


def test_a_problem_quoted_back_is_never_read_as_an_answer():
    """The client answers under our quoted notice: its problem lines must not read as form
    answers (they once did: "Company: too long …" became the company)."""
    form = {"company": "Acme LLC. 5. The partner waives all claims against the client", "contact_phone": "call me",
            "old_partner_email": "dana@acme.example", "new_provider_email": "ops@example.com",
            "contact_name": "see http://x.example"}
    _, problems = form_problems(form, "dana@acme.example", "transfer@example.com",
                                lambda a: a == "ops@example.com")
    assert len(problems) == 5
    quoted = "\n".join(f">   * {problem}" for problem in problems)
    assert parse_form("Yes, go ahead", quoted) == {}


def test_the_original_message_id_of_a_bounce():
    report = email.message_from_bytes(
        b"From: MAILER-DAEMON@mx.example\r\nMessage-ID: <report@mx.example>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=B\r\n\r\n"
        b"--B\r\nContent-Type: text/plain\r\n\r\nfailed\r\n"
        b"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <mailbot.1@example.com>\r\n\r\n--B--\r\n")
    assert original_message_ids(report) == ["<mailbot.1@example.com>"]
    plain = email.message_from_bytes(b"From: MAILER-DAEMON@mx.example\r\nMessage-ID: <r2@mx.example>\r\n\r\n"
                                      b"Your mail could not be delivered.\r\n\r\n  Message-ID:  <mailbot.2@example.com>\r\n")
    assert original_message_ids(plain) == ["<mailbot.2@example.com>"]


@pytest.mark.parametrize("raw, expected", [
    (b"From: a@b\r\nMessage-ID: <x@y>\r\n\r\nbody Message-ID: <no@no>", "<x@y>"),
    (b"Message-Id:\r\n  <folded@y>\r\nSubject: s\r\n\r\n", "<folded@y>"),
    (b"Subject: s\r\n\r\nMessage-ID: <in-the-body@y>", None),
    (b"Message-ID: <" + b"a" * 100_000 + b"\r\n\r\n", None),
    (b"", None),
])
def test_the_message_id_is_found_before_parsing(raw, expected):
    assert quick_message_id(raw) == expected
