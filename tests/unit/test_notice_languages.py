"""Notices in each party's language: complete catalogs, translations that fit their messages,
subjects and forms our reader still reads, keywords English in every language, English as the
fallback for anything a language lacks."""

from __future__ import annotations

import re

import pytest

from mailbot.app import App
from mailbot.config import ConfigError, config_from_dict
from mailbot.domain.intake import LABELS
from mailbot.languages import choose, mail_language
from mailbot.preflight import translation_notes
from mailbot.previews import preview_context
from parsers.commands import parse_commands
from parsers.confirm import says_go_ahead
from parsers.form import FIELDS, parse_form
from parsers.reading import ReaderSettings, read_mail
from parsers.waiver_quote import edited_waiver
from replies import i18n

APP = App(config_from_dict({}))
NAMES = APP.renderer.names()
LANGUAGES = [code for code in APP.renderer.languages() if code != "en"]
SUPPORTED = APP.renderer.languages()
NONE_WORD = {"de": "keine", "fr": "aucun", "es": "ninguno", "nl": "geen", "it": "nessuno"}


def render(name: str, language: str):
    return APP.renderer.render(name, preview_context(APP, name, language), language)


def reading(subject: str, body: str):
    raw = f"From: bob@partner.example\r\nSubject: {subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}"
    return read_mail(raw.replace("\n", "\r\n").replace("\r\r", "\r").encode(), ReaderSettings("transfer@example.com", b"s"))


def test_the_notices_are_written_in_six_languages():
    assert set(SUPPORTED) == {"en", "de", "fr", "es", "nl", "it"}
    assert i18n.catalog("en") is None and i18n.text("en", "Hello,") == "Hello,"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation_that_fits_it(language):
    assert i18n.missing(language, APP.renderer.messages()) == []
    assert i18n.broken(language) == []
    assert translation_notes(APP) == []


def test_the_form_labels_are_in_the_catalogs():
    code = {message for _, message in i18n.code_messages()}
    assert set(LABELS.values()) <= code


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", NAMES)
def test_every_notice_renders_and_a_yes_under_its_subject_stays_a_yes(language, name):
    rendered = render(name, language)
    assert rendered.subject and "\n" not in rendered.subject
    assert f'<html lang="{language}">' in rendered.html
    assert str(reading(f"Re: {rendered.subject}", "I AGREE\n").intent) == "agree", rendered.subject


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_keywords_stay_english_and_a_quoted_translation_never_answers(language):
    waiver = render("waiver_request", language)
    assert "I AGREE" in waiver.text and "I OBJECT" in waiver.text
    assert "<strong>I AGREE</strong>" in waiver.html
    assert "I ACCEPT" in render("acceptance_request", language).text
    assert "CANCEL" in render("acknowledgement", language).text
    quoted = "\n".join(f"> {line}" for line in waiver.text.splitlines())
    for answer, intent in (("I AGREE", "agree"), ("I OBJECT, wait for our invoice", "object")):
        body = f"{answer}\n\nOn Wed, 25 Nov 2026 at 09:00, Transfer desk <transfer@example.com> wrote:\n{quoted}\n"
        assert str(reading(f"Re: {waiver.subject}", body).intent) == intent
    assert str(reading(f"Re: {waiver.subject}", f"Thanks, noted.\n\n{quoted}\n").intent) == "none"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_translated_form_is_read_back_and_says_how_to_choose_retail(language):
    values = {"company": "Acme Widgets LLC", "contact_name": "Dana Smith", "contact_phone": "+1 555 0100",
              "domains": "acme.example", "old_partner_email": "p@partner.example",
              "old_partner_name": "Bob Miller", "old_partner_phone": "+1 555 0199",
              "new_provider_email": "n@provider.example", "new_provider_name": "Priya Raman",
              "new_provider_phone": "+1 555 0142", "reason": "gone"}
    labels = {field: i18n.text(language, LABELS[field]) for field in FIELDS}
    assert all(label != LABELS[field] for field, label in labels.items() if field != "reason" or language != "en")
    form = "\n".join(f"{labels[field]}: {values[field]}" for field in FIELDS)
    assert parse_form(form) == values
    assert parse_form("", "\n".join(f"> {line}" for line in form.splitlines())) == values
    none = NONE_WORD[language]
    assert parse_form(f"{labels['new_provider_email']}: {none}")["new_provider_email"] == "none"
    assert none in render("acknowledgement", language).text  # the form's note names the word


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_confirmation_each_language_suggests_is_a_yes(language):
    sentence = i18n.text(language, 'Before we write to your current partner on your behalf, please\nconfirm these '
                                   'details: reply to this mail (a short "Yes, please go ahead" is enough), or\n'
                                   'correct anything that is wrong in your reply. Nobody else has been contacted yet.')
    suggested = re.search(r"[„«‘\"]\s*([^“»’\"]+?)\s*[“»’\"]", sentence).group(1)
    assert says_go_ahead(suggested), suggested


def test_dates_are_written_as_each_language_writes_them():
    from datetime import UTC, datetime

    from mailbot.notices import plain_time

    due = datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert plain_time(due, "America/Chicago") == "Tuesday 1 December 2026, 09:00 (America/Chicago)"
    assert plain_time(due, "America/Chicago", "de") == "Dienstag, 1. Dezember 2026, 09:00 (America/Chicago)"
    assert plain_time(due, "America/Chicago", "fr") == "mardi 1 décembre 2026, 09:00 (America/Chicago)"
    assert plain_time(due, "America/Chicago", "es") == "martes, 1 de diciembre de 2026, 09:00 (America/Chicago)"
    assert plain_time(due, "Europe/Amsterdam", "nl") == "dinsdag 1 december 2026, 16:00 (Europe/Amsterdam)"
    assert plain_time(due, "Europe/Rome", "it") == "martedì 1 dicembre 2026, 16:00 (Europe/Rome)"


def test_the_waiver_has_a_text_per_language_and_falls_back_to_english():
    context = {"company": "Acme", "domains": "a.example", "partner_email": "p@x.example",
               "reference": "XFER-4KZG3A1", "vendor": "Example", "retail": False}
    text, language = APP.renderer.render_waiver_in("v2", context, "de")
    assert language == "de" and text.startswith("VERZICHTS- UND FREIGABEERKLÄRUNG (Fassung v2)")
    assert 'Kunde: "Acme" (Domänen: "a.example")' in text
    text, language = APP.renderer.render_waiver_in("v1", context, "fr")  # v1 was never translated
    assert language == "en" and text.startswith("WAIVER AND RELEASE (version v1)")
    # A translated waiver quoted under a yes is not taken for an edited English one (its heading is
    # its own), nor is the English one edited by its translation.
    for code in LANGUAGES:
        quoted = APP.renderer.render_waiver("v2", context, code)
        assert "WAIVER AND RELEASE" not in quoted
        assert edited_waiver("\n".join(f"> {line}" for line in quoted.splitlines())) is None


def test_a_missing_translation_goes_out_in_english_and_check_config_says_so(tmp_path):
    (tmp_path / "nudge.txt.j2").write_text(
        "Subject: {% trans %}Reminder{% endtrans %}\n\n{% trans %}Hello,{% endtrans %}\n\n"
        "{% trans %}A sentence nobody translated yet.{% endtrans %}\n")
    app = App(config_from_dict({"notices": {"templates": str(tmp_path), "waiver_version": "v1"}}))
    rendered = app.renderer.render("nudge", preview_context(app, "nudge", "de"), "de")
    assert rendered.text.startswith("Guten Tag,\n\nA sentence nobody translated yet.")
    notes = translation_notes(app)
    assert any(note.startswith("[notices] de: 2 message(s) without a translation go out in English: "
                               "'A sentence nobody translated yet.'") for note in notes), notes
    assert "[notices] waiver_version v1: no text in fr (waivers/v1.fr.txt.j2): the English waiver goes out" in notes


def test_a_translation_that_does_not_fit_goes_out_in_english(monkeypatch):
    monkeypatch.setattr(i18n, "translated", lambda language, message, context=None: "Hallo %(unknown)s,")
    rendered = APP.renderer.render("status", preview_context(APP, "status", "de"), "de")
    assert "Hello Dana Smith," in rendered.text


def test_the_language_a_mail_shows():
    assert mail_language("de-CH, en", "Hello, please go ahead.", SUPPORTED) == ("de", "header")
    assert mail_language("pt-BR", "Hallo, bitte übernehmen Sie unseren Dienst ab nächster Woche.",
                         SUPPORTED) == ("de", "text")
    assert mail_language(None, "Nous avons encore des factures impayées avec ce client.", SUPPORTED) == ("fr", "text")
    # a keyword, a name or a thank-you says nothing; Portuguese is not taken for Spanish
    for text in ("I AGREE", "I ACCEPT\n\nPriya\nNewProvider Inc.", "Danke!", "#set language partner fr"):
        assert mail_language(None, text, SUPPORTED) is None, text
    assert mail_language(None, "Olá, ainda temos faturas em aberto com este cliente e queremos falar.",
                         SUPPORTED) is None
    assert choose("pt", "de", SUPPORTED) == "de" and choose(None, "xx", SUPPORTED) == "en"


def test_staff_set_a_language_with_a_command():
    assert [c.args for c in parse_commands("#set language partner fr.\n#set language de-CH")] == [
        ("language", "partner", "fr"), ("language", "de")]
    assert parse_commands("#set language partner")[0].error.startswith("usage: ")


def test_the_default_language_must_be_one_the_notices_are_written_in():
    assert config_from_dict({"notices": {"language": "de"}}).notices.language == "de"
    with pytest.raises(ConfigError, match=r"\[notices\] language 'pt'"):
        config_from_dict({"notices": {"language": "pt"}})


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_a_yes_over_a_translated_waiver_edited_inside_the_quote_is_not_a_yes(code):
    """A partner may edit the waiver it was sent in its own language: the clause it changed is
    found as it is in the English one."""
    from parsers.reading import read_mail
    from tests.conftest import SETTINGS

    context = {"company": "Acme", "domains": "a.example", "partner_email": "p@x.example",
               "reference": "XFER-4KZG3A1", "vendor": "Example", "retail": False}
    quoted = APP.renderer.render_waiver("v2", context, code)
    lines = quoted.splitlines()
    fourth = next(i for i, line in enumerate(lines) if line.startswith("4. "))
    edited = [*lines[:fourth], "4. Open invoices must be paid in full before the transfer.",
              *[line for line in lines[fourth + 1:] if not line.startswith("   ")]]

    def reply(waiver_lines: list[str]) -> bytes:
        return ("From: p@x.example\r\nTo: transfer@example.com\r\nSubject: Re: [XFER-4KZG3A1] waiver\r\n"
                "Message-ID: <w1@x.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI AGREE\r\n\r\n"
                "On Tue, 3 Mar 2026 at 09:00, Example transfer desk <transfer@example.com> wrote:\r\n"
                + "\r\n".join("> " + line for line in waiver_lines) + "\r\n").encode()

    assert edited_waiver("\n".join("> " + line for line in edited)) == "v2"
    assert str(read_mail(reply(lines), SETTINGS).intent) == "agree"
    assert str(read_mail(reply(edited), SETTINGS).intent) == "ambiguous"
