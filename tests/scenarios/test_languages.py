"""Each party reads our mail in its own language: German, French and Spanish parties through
whole mails (``mailbot ingest``, ``mailbot sweep``), the keywords English in every language."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile

from tests.scenarios.desk import CLIENT, PARTNER, PROVIDER, STAFF, STAFF_PASS, open_case

GERMAN_REQUEST = f"""Guten Tag,

unser bisheriger Partner antwortet seit Wochen nicht mehr. Bitte übernehmen Sie den Wechsel
unseres Dienstes, die Angaben stehen unten.

Firma: Müller Werkzeuge GmbH
Ansprechpartner: Dana Schmidt
Telefon: +49 89 1234567
Domänen: mueller-werkzeuge.example
Aktueller Partner E-Mail: {PARTNER}
Neuer Anbieter E-Mail: {PROVIDER}
Grund: Der Partner antwortet nicht mehr

Viele Grüße
Dana Schmidt
"""

# What a German reader sees, and must not see, in every notice to the German client.
ENGLISH_WORDS = ("Hello", "Kind regards", "thank you", "Please", "transfer request", "case ")


def sweep(desk, now: str) -> None:
    code, out = desk.run("sweep", "--now", now)
    assert code == 0, out


def body(sent) -> str:
    """The text part as a reader follows it: translated paragraphs are wrapped like the English."""
    return re.sub(r"[ \t\n]+", " ", sent.row["text"]).strip()  # (a French no-break space stays one)


def lines(sent) -> str:
    return sent.row["text"]


def html(sent) -> str:
    return sent.message.get_body(("html",)).get_content()


def assert_german(sent) -> None:
    text = body(sent)
    assert "Mit freundlichen Grüßen" in text and "Vorgang" in text, text
    assert not any(word in text for word in ENGLISH_WORDS), text
    assert '<html lang="de">' in html(sent)


def test_a_german_request_gets_german_notices_end_to_end(desk):
    opened = desk.ingest(desk.new_mail(CLIENT, "Wechsel unseres Dienstes", GERMAN_REQUEST, name="Dana Schmidt"))
    assert opened["outcome"] == "CaseOpened"
    ref = opened["reference"]
    assert desk.case(ref)["languages"]["client"] == {"language": "de", "source": "text"}

    ack = desk.last_to(CLIENT, "acknowledgement")
    assert ack.row["subject"] == f"[{ref}] Ihr Wechselauftrag für Müller Werkzeuge GmbH"
    assert_german(ack)
    text = body(ack)
    assert f"vielen Dank: Für den Wechsel Ihres Dienstes (Müller Werkzeuge GmbH) haben wir den Vorgang {ref} eröffnet." in text
    assert "bestätigen Sie bitte diese Angaben" in text and "„Ja, bitte fortfahren“" in text
    # the form in German, with the labels our reader takes back
    assert "\nFirma: Müller Werkzeuge GmbH\n" in lines(ack) and f"\nAktueller Partner E-Mail: {PARTNER}\n" in lines(ack)
    # the keyword stays English, and the notice says so in German
    assert "antworten Sie nur mit dem englischen Wort CANCEL." in text

    # The client confirms in German, quoting the German form: the reader understands it.
    confirmed = desk.ingest(desk.reply(ack, CLIENT, "Ja, bitte fortfahren.\n\nDana Schmidt"))
    assert confirmed["outcome"] == "FormUpdated"
    complete = desk.last_to(CLIENT, "intake_complete")
    assert_german(complete)
    assert f"Wir haben {PARTNER} gebeten, die Freigabe (Verzichtserklärung) zu unterzeichnen, und {PROVIDER}, " \
           "den Wechsel anzunehmen." in body(complete)
    # The partner and the provider wrote nothing yet: they read the default, English.
    waiver = desk.last_to(PARTNER, "waiver_request")
    assert "WAIVER AND RELEASE (version v2)" in body(waiver) and "reply with I AGREE" in body(waiver)
    assert desk.case(ref)["waiver"]["language"] == "en"

    assert desk.ingest(desk.reply(waiver, PARTNER, "I AGREE"))["outcome"] == "WaiverSigned"
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    assert desk.ingest(desk.reply(acceptance, PROVIDER, "I ACCEPT"))["outcome"] == "ProviderAccepted"
    started = desk.last_to(CLIENT, "transfer_started")
    assert started.row["subject"] == f"Re: [{ref}] Ihr Wechselauftrag für Müller Werkzeuge GmbH"
    assert_german(started)
    # dates as a German reader writes them (Wednesday 25 November + 2 business days, Thanksgiving off)
    assert "wir rechnen mit dem Abschluss bis Montag, 30. November 2026, 09:00 (America/Chicago)" in body(started)

    checklist = desk.last_to(STAFF, "staff_checklist")
    assert "Credentials" in body(checklist)  # staff read English
    assert desk.ingest(desk.reply(checklist, STAFF, "#complete"))["outcome"] == "StaffCommands"
    completion = desk.last_to(CLIENT, "completion")
    assert_german(completion)
    assert f"{PROVIDER} ist ab jetzt Ihr Anbieter. In 30 Tagen fragen wir nach, ob alles in Ordnung ist." in body(completion)
    assert "is now yours" in body(desk.last_to(PROVIDER, "completion"))  # the provider: English

    sweep(desk, "2026-12-28T10:00:00-06:00")
    followup = desk.last_to(CLIENT, "followup")
    assert followup.row["subject"] == f"Re: [{ref}] Ihr Wechselauftrag für Müller Werkzeuge GmbH"  # (its thread)
    assert_german(followup)
    assert "vor 30 Tagen haben wir Ihren Dienst umgezogen" in body(followup)


def test_the_content_language_header_comes_before_the_words(desk):
    mail = desk.new_mail(CLIENT, "Moving our service", "Hello,\n\nplease move our hosted service to a new "
                         "provider; our partner no longer answers.\n\nCompany: Acme Widgets LLC\n")
    # (a mail client writes it with the other headers; EmailMessage.set_content would drop it)
    ref = desk.ingest(b"Content-Language: de-DE, en\n" + mail)["reference"]
    assert desk.case(ref)["languages"]["client"] == {"language": "de", "source": "header"}
    form = desk.last_to(CLIENT, "acknowledgement")
    assert form.row["subject"] == f"[{ref}] Ihr Wechselauftrag für Acme Widgets LLC"
    # the missing details are asked for under the German labels, by a German date
    assert "\nAnsprechpartner: \n" in lines(form) and "\nAktueller Partner E-Mail: \n" in lines(form)
    assert "Wir benötigen diese Angaben bis Montag, 30. November 2026, 09:00 (America/Chicago)." in body(form)


def waiver_block(text: str, heading: str) -> str:
    """The waiver as the request's text part carries it (from its heading to its last clause)."""
    start = text.index(heading)
    rows = text[start:].splitlines(keepends=True)
    end = next(i for i, line in enumerate(rows) if line.startswith("4. "))
    while end + 1 < len(rows) and rows[end + 1].startswith("   "):
        end += 1
    return "".join(rows[:end + 1])


def test_staff_set_a_partners_language_and_the_french_waiver_is_signed(desk, tmp_path):
    ref = open_case(desk)
    english = desk.last_to(PARTNER, "waiver_request")
    english_sha = desk.case(ref)["waiver"]["text_sha256"]

    result = desk.ingest(desk.reply(english, STAFF, "#set language partner fr", to_address="transfer@example.com",
                                    extra_headers=STAFF_PASS))
    assert result["outcome"] == "StaffCommands"
    case = desk.case(ref)
    assert case["languages"]["old_partner"] == {"language": "fr", "source": "staff"}
    assert case["languages"]["client"]["source"] != "staff"  # only the partner's changed

    request = desk.last_to(PARTNER, "waiver_request")
    assert request.row["id"] != english.row["id"]  # sent again, in French
    text = body(request)
    assert request.row["subject"] == f"Re: [{ref}] Waiver request: Acme Widgets LLC is moving"  # (its thread)
    assert "RENONCIATION ET DÉCHARGE (version v2)" in text and "WAIVER AND RELEASE" not in text
    assert "Le partenaire actuel libère le service du client au profit de Example Security" in text
    assert "Comment répondre (en répondant à ce message\u00a0; le mot-clé tel quel, en anglais)\u00a0:" in text
    assert "pour signer la renonciation, commencez votre réponse par I AGREE\u00a0;" in text
    assert "répondez I OBJECT en nous expliquant pourquoi" in text
    assert "Cordialement," in text and "Kind regards" not in text
    # the SHA-256 recorded is that of the French text, recorded with its language
    case = desk.case(ref)
    french = waiver_block(lines(request), "RENONCIATION ET DÉCHARGE")
    assert case["waiver"]["language"] == "fr"
    assert case["waiver"]["text_sha256"] == hashlib.sha256(french.encode()).hexdigest() != english_sha

    # What staff set stays, whatever the partner's next mail is written in.
    note = "Thanks, we will read it this week and come back to you before the deadline."
    assert desk.ingest(desk.reply(request, PARTNER, note))["outcome"] == "PartyMessage"
    assert desk.case(ref)["languages"]["old_partner"] == {"language": "fr", "source": "staff"}

    assert desk.ingest(desk.reply(request, PARTNER, "I AGREE"))["outcome"] == "WaiverSigned"
    case = desk.case(ref)
    assert case["waiver"]["signed"] and case["waiver"]["language"] == "fr"
    receipt = desk.last_to(PARTNER, "waiver_signed_receipt")
    assert "Merci\u00a0: votre signature de la renonciation pour Acme Widgets LLC" in body(receipt)
    assert receipt.row["subject"].startswith("Re: [")  # (the partner's thread)
    # The evidence bundle finds the French text by its recorded hash in the request as sent.
    bundle = tmp_path / "bundle.zip"
    code, out = desk.run("evidence", ref, "-o", str(bundle))
    assert code == 0, out
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("waiver.txt").decode() == french
    assert manifest["waiver"]["text_matches"] is True


def test_a_partner_who_objects_in_french_reads_french_from_then_on(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    objection = ("I OBJECT\n\nNous avons encore plusieurs factures impayées avec ce client et nous ne "
                 "signerons rien avant leur règlement complet.\n\nCordialement,\nMarc Dubois")
    assert desk.ingest(desk.reply(waiver, PARTNER, objection))["outcome"] == "WaiverObjected"
    assert desk.case(ref)["languages"]["old_partner"] == {"language": "fr", "source": "text"}
    receipt = desk.last_to(PARTNER, "objection_receipt")
    assert "Nous avons bien reçu votre objection à la renonciation pour Acme Widgets LLC" in body(receipt)
    assert "Si vous changez d'avis, répondez I AGREE (tel quel, en anglais)." in body(receipt)
    assert "raised an objection" in body(desk.last_to(CLIENT, "dispute_client"))  # the client: English

    # Staff settle it and give the same partner address again: the waiver goes out again, in French.
    desk.ingest(desk.reply(waiver, STAFF, f"#set partner {PARTNER}", to_address="transfer@example.com",
                           extra_headers=STAFF_PASS))
    request = desk.last_to(PARTNER, "waiver_request")
    assert "RENONCIATION ET DÉCHARGE (version v2)" in body(request)
    case = desk.case(ref)
    assert case["status"] == "waiting" and case["waiver"]["language"] == "fr"
    assert case["waiver"]["text_sha256"] == hashlib.sha256(
        waiver_block(lines(request), "RENONCIATION ET DÉCHARGE").encode()).hexdigest()
    assert desk.ingest(desk.reply(request, PARTNER, "I AGREE"))["outcome"] == "WaiverSigned"


def test_a_partner_writing_spanish_gets_spanish_reminders(desk):
    ref = open_case(desk)  # Wednesday 25 November 2026, 09:00: the waiver is due Tuesday 09:00
    waiver = desk.last_to(PARTNER, "waiver_request")
    question = ("Hola:\n\n¿Podrían explicarnos qué pasará con las facturas pendientes de este cliente "
                "antes de firmar?\n\nGracias,\nCarmen Ruiz")
    assert desk.ingest(desk.reply(waiver, PARTNER, question))["outcome"] == "PartyMessage"
    assert desk.case(ref)["languages"]["old_partner"] == {"language": "es", "source": "text"}

    sweep(desk, "2026-11-27T13:30:00-06:00")  # half-way through the waiver's three business days
    nudge = desk.last_to(PARTNER, "nudge")
    # (a reminder keeps the subject of the partner's thread, which our first mail set in English)
    assert nudge.row["subject"] == f"Re: [{ref}] Waiver request: Acme Widgets LLC is moving"
    text = body(nudge)
    assert lines(nudge).startswith("Hola:\n\nUn amable recordatorio sobre el caso")
    assert "(Acme Widgets LLC): esperamos su respuesta a nuestra solicitud de renuncia." in text
    assert "El plazo vence el martes, 1 de diciembre de 2026, 09:00 (America/Chicago)." in text
    assert "Responda a este correo empezando con I AGREE (o I OBJECT), tal cual y en inglés." in text
    assert "Saludos cordiales," in text and "reminder" not in text.lower()
    # the provider wrote nothing: its reminder is English
    assert "a friendly reminder about case" in body(desk.last_to(PROVIDER, "nudge"))

    sweep(desk, "2026-12-21T10:00:00-06:00")  # long after the deadline: the last reminder, in the past tense
    late = desk.last_to(PARTNER, "nudge")
    assert "El plazo vencía el martes, 1 de diciembre de 2026, 09:00 (America/Chicago): responda en cuanto pueda." \
           in body(late)
    assert "waiver" in body(desk.last_to(STAFF, "escalation")).lower()  # staff: English


def test_a_stranger_is_answered_in_the_language_of_their_mail(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    # a colleague of the partner answers the partner's request from their own address
    colleague = "jemand@oldpartner.example"
    result = desk.ingest(desk.reply(waiver, colleague, "I AGREE\n\nIch antworte für meinen Kollegen, der diese "
                                    "Woche im Urlaub ist.\n\nMit freundlichen Grüßen\nJürgen Weber"))
    assert result["outcome"] in ("ForgedReplyAddress", "NotAParty", "Ambiguous"), result
    answer = desk.last_to(colleague)
    assert body(answer).startswith("Guten Tag,") and "Mit freundlichen Grüßen" in body(answer), body(answer)
    assert f"Vorgang {ref}" in body(answer) and "Kind regards" not in body(answer)
    # a stranger is no party: nothing is kept, and the partner still reads English
    assert desk.case(ref)["languages"]["old_partner"]["language"] is None


def test_a_language_we_do_not_write_is_refused_and_a_mail_in_one_keeps_the_default(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, STAFF, "#set language partner pt", to_address="transfer@example.com",
                           extra_headers=STAFF_PASS))
    refused = desk.last_to(STAFF)
    assert "no notices are written in 'pt'" in body(refused)
    portuguese = ("Olá,\n\nainda temos faturas em aberto com este cliente. Podem explicar-nos o que acontece "
                  "com elas antes de assinarmos?\n\nObrigado,\nJoão")
    desk.ingest(desk.reply(waiver, PARTNER, portuguese))
    # Portuguese is no language of ours (and is not taken for Spanish): the partner keeps English.
    assert desk.case(ref)["languages"]["old_partner"]["language"] in (None, "en")


def test_a_form_problem_is_told_in_the_clients_language(desk):
    """What is wrong with a German client's form is said in German too, its value as written."""
    opened = desk.ingest(desk.new_mail(CLIENT, "Wechsel unseres Dienstes",
                                       GERMAN_REQUEST.replace("+49 89 1234567", "ruf mich an"), name="Dana Schmidt"))
    text = body(desk.last_to(CLIENT, "acknowledgement"))
    assert opened["outcome"] == "CaseOpened"
    assert "— 'ruf mich an' ist keine Telefonnummer (nur Ziffern, Leerzeichen und + ( ) - /)" in text, text
    assert "is not a phone number" not in text
