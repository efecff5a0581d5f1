"""Operator truth: an out-of-office known by its words is never answered, and neither it nor
the rate limit ever swallows a party's real answer."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.scenarios.desk import CLIENT, PARTNER, STAFF, Desk, open_case


def unchanged_part(desk: Desk, ref: str) -> dict:
    """What a mail that acts would change: the status, the milestones, the parties, the waiver."""
    case = desk.case(ref)
    return {key: case[key] for key in ("status", "milestones", "parties", "waiver", "form")}


def later(desk: Desk, minutes: int) -> str:
    return (datetime.fromisoformat(desk.now) + timedelta(minutes=minutes)).isoformat()


# Out-of-office notes as responders write them: no Auto-Submitted or X-Autoreply header, our
# subject with "Re:", and the note above our quoted mail.
AWAY_NOTES = {
    "es": "Gracias por su mensaje.\n\nEstoy fuera de la oficina hasta el 7 de diciembre, sin acceso al correo. "
          "Para asuntos urgentes, contacte con soporte@oldpartner.example.\n\nCarmen Ruiz",
    "nl": "Beste afzender,\n\nIk ben afwezig tot en met 4 december en lees mijn e-mail niet. Voor dringende zaken "
          "kunt u mailen naar support@oldpartner.example.\n\nMet vriendelijke groet,\nJeroen de Vries",
    "de": "Vielen Dank für Ihre Nachricht. Ich bin bis einschließlich 4.12. nicht im Büro und habe keinen "
          "Zugriff auf meine E-Mails.",
}


@pytest.mark.parametrize("language", sorted(AWAY_NOTES))
def test_an_out_of_office_without_headers_is_not_answered_and_changes_nothing(desk, language):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    before, sent = unchanged_part(desk, ref), len(desk.outbox())
    result = desk.ingest(desk.reply(waiver, PARTNER, AWAY_NOTES[language], style="outlook"))
    assert result["outcome"] == "AutoReply" and result["reference"] == ref
    assert result["notices"] == [] and len(desk.outbox()) == sent  # nobody is written to
    assert unchanged_part(desk, ref) == before
    # staff see on the case why the partner is silent
    away = [e for e in desk.case(ref)["events"] if e["kind"] == "auto_reply"]
    assert len(away) == 1 and away[0]["actor"] == "old_partner"


def test_a_clients_responder_no_longer_gets_the_form_again(desk):
    """Read as a person's mail, a client's out-of-office during intake sent the form again,
    and the responder answered that too."""
    open_case(desk, form="Company: Acme Widgets LLC")
    form = desk.last_to(CLIENT)
    sent = len(desk.sent_to(CLIENT))
    note = "Hola,\n\nEstoy de vacaciones hasta el 2 de diciembre. Responderé a su correo a mi regreso."
    assert desk.ingest(desk.reply(form, CLIENT, note))["outcome"] == "AutoReply"
    assert len(desk.sent_to(CLIENT)) == sent and desk.sent_to(STAFF, "party_message_staff") == []


def test_a_keyword_answer_with_an_away_note_is_still_a_signing(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    result = desk.ingest(desk.reply(waiver, PARTNER, "I AGREE.\n\nSorry for the late reply, I am on holiday this week."))
    assert result["outcome"] == "WaiverSigned"
    assert desk.case(ref)["milestones"]["waiver"]["state"] == "done"


def test_an_away_note_before_the_keyword_still_reaches_staff(desk):
    """Not a clean yes (staff decide), but never dropped as an out-of-office."""
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    result = desk.ingest(desk.reply(waiver, PARTNER, "I am out of the office until Monday, but I AGREE."))
    assert result["outcome"] == "Ambiguous" and result["reference"] == ref
    assert desk.sent_to(PARTNER, "reject_ambiguous")


def test_a_request_written_while_away_opens_a_case(desk):
    """A responder never writes first: a new mail that opens with an away sentence is a person."""
    mail = desk.new_mail(CLIENT, "Moving our services",
                         "Hello,\n\nI am out of the office until Monday, so please start moving our services "
                         "to the new provider without me.\n\nDana")
    assert desk.ingest(mail)["outcome"] == "CaseOpened"
    assert desk.last_to(CLIENT, "acknowledgement")


# -- the rate limit never swallows an answer ---------------------------------------------------

LIMITED = "\n[limits]\nmails_per_sender_per_hour = 3\n"


def flood(desk: Desk, waiver, count: int = 3) -> None:
    """The partner's ticket system answers our waiver request again and again."""
    for i in range(count):
        desk.ingest(desk.reply(waiver, PARTNER, f"Update {i}: your message was added to our ticket 4711."),
                    now=later(desk, i))


def test_a_partners_keyword_beyond_the_hourly_limit_reaches_staff_once(tmp_path, database_url):
    desk = Desk(tmp_path, extra_config=LIMITED, database_url=database_url)
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    flood(desk, waiver)
    before, to_partner = unchanged_part(desk, ref), len(desk.sent_to(PARTNER))

    signed = desk.ingest(desk.reply(waiver, PARTNER, "I AGREE\n\nBob Miller\nOld Partner IT"), now=later(desk, 5))
    assert signed["outcome"] == "RateLimited" and signed["reference"] == ref
    held = desk.sent_to(STAFF, "held_answer_staff")
    assert len(held) == 1
    text = held[0].row["text"]
    assert ref in held[0].row["subject"] and "current partner" in held[0].row["subject"]
    assert PARTNER in text and "    I AGREE" in text and "did not change" in text
    assert unchanged_part(desk, ref) == before  # the keyword did not act
    assert len(desk.sent_to(PARTNER)) == to_partner  # nor was the flood answered

    again = desk.ingest(desk.reply(waiver, PARTNER, "I AGREE!!"), now=later(desk, 20))
    assert again["outcome"] == "RateLimited"
    assert len(desk.sent_to(STAFF, "held_answer_staff")) == 1  # one notice per case and address an hour
    assert unchanged_part(desk, ref) == before

    # as staff ask: sent again once the hour is over, it signs
    assert desk.ingest(desk.reply(waiver, PARTNER, "I AGREE"), now=later(desk, 90))["outcome"] == "WaiverSigned"


def test_a_limited_mail_without_a_keyword_stays_silent(tmp_path, database_url):
    desk = Desk(tmp_path, extra_config=LIMITED, database_url=database_url)
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    flood(desk, waiver, count=4)
    assert desk.sent_to(STAFF, "held_answer_staff") == []
