"""Every notice renders, in text and HTML; values people sent us are data, never template code."""

from __future__ import annotations

import pytest

from mailbot.app import App
from mailbot.config import config_from_dict
from mailbot.domain.outcomes import Reject, all_rejects
from mailbot.previews import preview_context
from parsers.reading import ReaderSettings, read_mail
from replies.render import Renderer, TemplateError

APP = App(config_from_dict({}))
NAMES = APP.renderer.names()


@pytest.mark.parametrize("name", NAMES)
def test_every_notice_renders_text_and_html(name):
    rendered = APP.renderer.render(name, preview_context(APP, name))
    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.text.strip() and rendered.html.lstrip().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name", NAMES)
def test_a_yes_in_answer_to_any_notice_keeps_its_subject_clean(name):
    # A yes whose subject sets terms ("Re: Waiver request - only after invoice 2291 is paid")
    # goes to staff: our own subjects must not read as terms when a partner answers them.
    rendered = APP.renderer.render(name, preview_context(APP, name))
    reply = read_mail(f"From: bob@partner.example\r\nSubject: Re: {rendered.subject}\r\n\r\nI AGREE\r\n".encode(),
                      ReaderSettings("transfer@example.com", b"s"))
    assert str(reply.intent) == "agree", rendered.subject


def test_the_notices_the_product_names_exist():
    required = {"acknowledgement", "form_incomplete", "waiver_request", "acceptance_request",
                "waiver_signed_receipt", "objection_receipt", "acceptance_receipt", "decline_receipt",
                "dispute_staff", "dispute_client", "decline_client", "decline_staff", "staff_checklist",
                "completion", "after_action", "followup", "nudge", "escalation", "digest"}
    assert required <= set(NAMES)


@pytest.mark.parametrize("reject", all_rejects(), ids=lambda c: c.__name__)
def test_every_reject_has_its_notice(reject: type[Reject]):
    assert reject.template in NAMES, f"{reject.__name__} needs templates {reject.template}.txt.j2/.html.j2"


def test_jinja_syntax_and_markup_from_senders_stay_data():
    context = preview_context(APP, "acknowledgement")
    context["company"] = "{{ 7*7 }} {% raise %} <script>alert(1)</script>"
    rendered = APP.renderer.render("acknowledgement", context)
    assert "{{ 7*7 }}" in rendered.text and "49" not in rendered.text
    assert "<script>" not in rendered.html and "&lt;script&gt;" in rendered.html


def test_a_missing_value_fails_loudly():
    with pytest.raises(TemplateError, match="undefined"):
        APP.renderer.render("waiver_request", {"reference": "XFER-4KZG3A1"})


def test_an_override_folder_replaces_a_notice(tmp_path):
    (tmp_path / "nudge.txt.j2").write_text("Subject: Friendly reminder {{ reference }}\n\nPlease answer.\n")
    renderer = Renderer(tmp_path)
    rendered = renderer.render("nudge", preview_context(APP, "nudge"))
    assert rendered.subject == "Friendly reminder XFER-4KZG3A1" and rendered.text == "Please answer.\n"
    assert "waiver_request" in renderer.names()


def test_the_waiver_text_is_versioned():
    text = APP.renderer.render_waiver("v1", {"company": "Acme", "domains": "a.example", "partner_email": "p@x.example",
                                             "reference": "XFER-4KZG3A1", "vendor": "Example", "retail": False})
    assert "version v1" in text
    with pytest.raises(TemplateError, match="no waiver text"):
        APP.renderer.render_waiver("v99", {})
