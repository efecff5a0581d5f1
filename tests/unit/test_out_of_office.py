"""Out-of-office notes known by their words (parsers.out_of_office), as ``read_mail`` reads them."""

from __future__ import annotations

import time

import pytest

from parsers.out_of_office import _AWAY, away_sentence
from parsers.reading import read_mail
from tests.conftest import SETTINGS


def reading(text: str, subject: str = "Re: [XFER-4KZG3A1] Waiver request"):
    raw = (f"From: Bob <bob@partner.example>\r\nTo: transfer@example.com\r\nSubject: {subject}\r\n"
           f"Message-ID: <x@partner.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n")
    return read_mail(raw.encode(), SETTINGS)


NOTES = [
    "Thank you for your email. I am out of the office until Monday 7 December with limited access to email.",
    "Ich bin bis einschließlich 4.12. nicht im Büro. In dringenden Fällen wenden Sie sich an info@partner.example.",
    "Bonjour,\n\nJe suis absent(e) du bureau jusqu'au 7 décembre inclus.",
    "Gracias por su mensaje. Estoy fuera de la oficina hasta el 7 de diciembre.",
    "Grazie per il messaggio. Sono fuori ufficio fino al 7 dicembre.",
    "Bedankt voor uw bericht. Ik ben afwezig tot en met 7 december.",
    "Obrigado pela mensagem. Estou ausente até 7 de dezembro.",
    "Tack för ditt mejl. Jag är på semester till och med 7 december.",
    "Tak for din mail. Jeg er på ferie til og med 7. december.",
    "Takk for e-posten. Jeg er på ferie til og med 7. desember.",
    "Dziękuję za wiadomość. Jestem na urlopie do 7 grudnia.",
]


@pytest.mark.parametrize("text", NOTES, ids=lambda t: t[:30])
def test_an_away_note_in_many_languages_is_an_auto_reply(text):
    read = reading(text)
    assert str(read.classification.kind) == "auto_reply" and str(read.intent) == "none"
    assert read.classification.reason.startswith("out-of-office text")


@pytest.mark.parametrize("text", [
    "I AGREE.\n\nSorry for the late reply, I am on holiday this week.",  # a signing
    "I am out of the office until Monday, but I AGREE.",  # unclear: staff decide
    "I am out of the office next week. Yes, all the details are correct, please go ahead.",
    "I am out of the office next week. Can you tell me where the case stands?",
    "Ich bin bis Montag im Urlaub.\nCompany: Acme Widgets LLC",  # a form answer
    "Thanks for the update, we will look at it next week.",
    # only the new text counts: a colleague's out-of-office quoted under a request
    "Please send the waiver as a PDF as well.\n\nOn Mon, 23 Nov 2026 at 09:00, Alice <alice@partner.example> wrote:\n"
    "> I am out of the office until Monday 30 November.\n",
])
def test_what_answers_anything_is_read_as_a_persons_mail(text):
    assert str(reading(text).classification.kind) == "normal"


def test_a_mail_that_answers_none_of_ours_is_a_person_writing_first():
    """A responder never writes first: a new mail (no Re:, no threading headers) is read."""
    text = "I'm on holiday until Monday 30 November. Please start moving our services to the new provider."
    assert str(reading(text, subject="Moving our services").classification.kind) == "normal"
    assert str(reading(text, subject="RE: Moving our services").classification.kind) == "auto_reply"


def test_linear_on_hostile_input():
    for text in ("ich bin " * 20_000, "i am " * 30_000, "je suis absen" * 10_000, "a" * 200_000):
        start = time.perf_counter()
        away_sentence(text[:1100])  # (a longer text is no out-of-office at all)
        _AWAY.search(text)  # the pattern itself, without the cut to the opening
        assert time.perf_counter() - start < 1.0
