"""Sample data for ``mailbot templates preview``: every value any notice may use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mailbot.notices import plain_time
from parsers.form import FIELDS

SAMPLE_FORM = {
    "company": "Acme Widgets LLC", "contact_name": "Dana Smith", "contact_phone": "+1 555 0100",
    "domains": "acme-widgets.example", "old_partner_email": "support@oldpartner.example",
    "new_provider_email": "sales@newprovider.example", "reason": "our partner closed down",
    "old_partner_name": "Bob Miller", "old_partner_phone": "+1 555 0199",
    "new_provider_name": "Priya Raman", "new_provider_phone": "",
}


def preview_context(app, name: str, language: str = "en") -> dict:
    """The sample values, with what code writes (dates, labels, the status) in ``language``."""
    from mailbot.domain.intake import LABELS

    tz = app.config.sla.timezone
    due = datetime(2026, 11, 30, 15, tzinfo=UTC)
    dues = {m: plain_time(due + timedelta(days=i), tz, language)
            for i, m in enumerate(("intake", "waiver", "acceptance", "transfer", "followup"))}
    recipient = {"role": "client", "name": "Dana Smith", "email": "dana@acme-widgets.example"}
    extra = {
        "reference": "XFER-4KZG3A1", "company": SAMPLE_FORM["company"], "client_name": "Dana Smith",
        "client_email": "dana@acme-widgets.example", "partner_email": SAMPLE_FORM["old_partner_email"],
        "provider_email": SAMPLE_FORM["new_provider_email"], "status": "waiting",
        "status_text": "waiting for the partner's waiver and the new provider's acceptance",
        "form": dict(SAMPLE_FORM), "form_rows": [{"label": LABELS[f], "value": SAMPLE_FORM[f]} for f in FIELDS],
        "missing": ["contact_phone"], "problems": [],
        "due": dues, "due_ahead": dues,
        "milestone_rows": [{"name": "waiver", "state": "pending", "due": plain_time(due, tz)}],
        "results": [{"command": "#override waiver", "error": None}, {"command": "#compelte", "error": "unknown command #compelte"}],
        "text": "We still have an open invoice with this client.", "provider": "sales@newprovider.example",
        "words": "I DECLINE - we are not taking new clients this year.", "overdue": False,
        "noted": ["Contact phone"], "asked": ["Current partner e-mail"],
        "by": "client", "role": "old_partner", "failed": ["support@oldpartner.example"],
        "paused": [{"milestone": "waiver", "remaining": "13 h 30 min"}],
        "summary": "A party answered for another party", "detail": "I AGREE is for the current partner to say; sales@newprovider.example is the new provider",
        "sender": "eve@elsewhere.example", "their_subject": "Re: [XFER-4KZG3A1] Waiver request",
        "their_message_id": "<abc@elsewhere.example>", "excerpt": "I AGREE",
        "detail_reference": "XFER-4KZG3A2", "limit": "25 MB", "milestone": "waiver",
        "meant_role": "old_partner", "meant_email": SAMPLE_FORM["old_partner_email"],
        "milestone_due": plain_time(due, tz), "owner": "old_partner", "owner_email": SAMPLE_FORM["old_partner_email"],
        "ask": "we are waiting for your answer to the waiver.", "keyword": "I AGREE",
        "open_cases": [{"reference": "XFER-4KZG3A1", "status": "waiting", "company": "Acme Widgets LLC",
                        "next": "waiver due " + plain_time(due, tz), "breached": []}],
        "today": "Monday 30 November 2026", "report_url": "http://127.0.0.1:8025/report", "note": "", "error": "550 5.1.1 User unknown",
        "folder": "Quarantine", "inbound_id": 42, "attempts": 3, "confirm": name == "acknowledgement",
        "link": "http://127.0.0.1:8025/login/Zm9vYmFy.5f3c", "minutes": 15,
        "target": "XFER-4KZG3A2", "leftovers": ["Contact phone: +1 555 0100 (missing on XFER-4KZG3A2)"],
        "partner_name": SAMPLE_FORM["old_partner_name"], "partner_phone": SAMPLE_FORM["old_partner_phone"],
        "said": "I AGREE", "per_hour": 30, "proof": "its signed reply address",
    }
    evidence = {"words": "I AGREE.\n\nBob Miller\nOld Partner IT", "from": SAMPLE_FORM["old_partner_email"],
                "message_id": "<r7.support@mail.oldpartner.example>", "date": "Wed, 25 Nov 2026 10:30:00 -0600",
                "proof": "its signed reply address", "authentication_results": None, "raw_sha256": "9f2c" * 16}
    extra.update(evidence=evidence, waiver_evidence=evidence)
    if language != "en":
        extra.update(milestone_due_at=due, ask="we are waiting for your answer to the waiver request.",
                     keyword="I AGREE (or I OBJECT)")  # (the words a reminder takes, as the sweep gives them)
    context = app.notices.context(None, recipient, extra, language=language)
    if name == "waiver_request":
        context["waiver_text"] = app.renderer.render_waiver(app.config.notices.waiver_version, {
            "company": SAMPLE_FORM["company"], "domains": SAMPLE_FORM["domains"],
            "partner_email": SAMPLE_FORM["old_partner_email"], "reference": "XFER-4KZG3A1",
            "vendor": app.config.mailbox.vendor, "retail": False}, language)
    return context
