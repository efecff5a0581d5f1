"""The classes set U missed at its first reading, each a whole mail through ``read_mail``.

Set U answers an enterprise ERP vendor, from procurement and legal departments, assistants
answering for a director and shared mailboxes, across Europe, Turkey, the Gulf and Asia. Its one
false signing was a condition typed with ">" into our Spanish notice, whose lines naming the
client's long company name ("… S. de R.L. de C.V.") and people counted as typed too, so the
reader took the whole quote for not ours. Three CANCELs carried a demand ("und schicken Sie uns
…", "please delete all of our data …") and cancelled. Ordinary answers went to staff where a
formal letter numbered its points, an assistant signed "p.p." or "on behalf of" a director, a
Malay name began with "Nur", the apology's excuse was a server migration, a new year's wish
came in Kazakh or German, an introduction joined its halves with "och" or "ja", a Mimecast
banner stood above the answer, and our own subject named a company "del Plata".
"""

from __future__ import annotations

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS
from tests.unit.test_careful_reading import mail
from tests.unit.test_careful_reading_j import OUR_QUOTE

CLIENT = "Dana Whitfield <dana@acme-widgets.example>"


def reading(body: str, **kwargs):
    return read_mail(mail(body, **kwargs), SETTINGS)


def intent(body: str, **kwargs) -> str:
    return str(reading(body, **kwargs).intent)


SPANISH_QUOTE = (
    "\n\nOn 2026-12-23 15:14, Example transfer desk wrote:\n"
    "> Hola:\n>\n"
    "> Logística Integral del Pacífico S. de R.L. de C.V. le ha designado\n"
    "> como nuevo proveedor de su servicio alojado de Example. Caso XFER-4KZG3A1.\n>\n"
    "> Contacto del cliente: María Fernanda López\n"
    "> <maria.fernanda.lopez@logistica-integral.example>, +52 81 5555 6789\n>\n"
    "> Cómo responder (conteste a este correo; la palabra clave tal cual, en\n> inglés):\n"
    ">   - para hacerse cargo del cliente, empiece su respuesta con I ACCEPT;\n"
    "{typed}"
    ">   - si no puede, responda I DECLINE.\n>\n"
    "> Saludos cordiales,\n> Example transfer desk\n")


def test_a_condition_typed_into_our_notice_that_names_a_long_company_is_not_signed():
    typed = ("> I ACCEPT siempre y cuando Logística Integral del Pacífico S. de R.L.\n"
             "> de C.V. liquide primero la factura pendiente.\n")
    body = "Hola,\n\nI ACCEPT.\n\nSaludos cordiales,\nJosé Luis Ramírez"
    assert intent(body + SPANISH_QUOTE.format(typed=typed)) == "ambiguous"
    assert intent(body + SPANISH_QUOTE.format(typed="")) == "accept"


@pytest.mark.parametrize("body", [
    "CANCEL, und schicken Sie uns bis Montag eine Bestätigung für unseren Wirtschaftsprüfer.",
    "CANCEL, und bitte löschen Sie sämtliche Daten von uns und bestätigen Sie das schriftlich.",
    "Dear Team,\n\nCANCEL, and please delete all of our data from your systems and confirm in writing.",
    "CANCEL.\n\nPlease delete all of our data from your systems and confirm in writing.",
    "CANCEL. Envíennos la confirmación por escrito.",
])
def test_a_cancel_with_a_demand_goes_to_staff(body):
    assert intent(body + OUR_QUOTE, sender=CLIENT) == "ambiguous"


@pytest.mark.parametrize("body", [
    "CANCEL - wir bleiben bei unserem Partner.",
    "CANCEL. Nous restons chez notre prestataire actuel.",
    "CANCEL\n\nEl directorio decidió esperar al próximo año.",
])
def test_a_cancel_with_its_reason_still_cancels(body):
    assert intent(body + OUR_QUOTE, sender=CLIENT) == "cancel"


@pytest.mark.parametrize("body, expected", [
    ("Guten Tag,\n\n1. I DECLINE.\n2. Wir haben derzeit leider keine Kapazitäten für weitere Fertigungskunden.",
     "decline"),
    ("1. I OBJECT.\n2. Athi River Steel Ltd still owes us the Q4 support fee.", "object"),
    ("Respected Sir,\n\n1. CANCEL.\n2. The board has put the project on hold.", "cancel"),
    # (the numbers go; what the points say is read as ever)
    ("1. I AGREE.\n2. The archive stays with us.", "ambiguous"),
    ("1. CANCEL.\n2. Please send us the export first.", "ambiguous"),
])
def test_a_formal_letters_numbered_points_are_read_without_their_numbers(body, expected):
    assert intent(body + OUR_QUOTE, sender=CLIENT) == expected


@pytest.mark.parametrize("line", [
    "p.p. Magnus Solberg, adm. dir.",
    "on behalf of Michel Lambert, Directeur des opérations",
    "Namens Pieter van Dijk, directeur,",
    "für Dr. Klaus Fischer, Geschäftsführer",
])
def test_an_assistant_signing_for_a_director_lets_a_yes_sign(line):
    body = f"I AGREE.\n\nHilsen\nOla Nordmann\n{line}\n\nNordlys Systemhus AS\n+47 55 30 12 40"
    assert intent(body + OUR_QUOTE) == "agree"


@pytest.mark.parametrize("line", ["p.p. Smith IT, only after payment", "on behalf of the archive until May"])
def test_a_term_in_the_on_behalf_line_goes_to_staff(line):
    assert intent(f"I AGREE.\n\nHilsen\nOla Nordmann\n{line}" + OUR_QUOTE) == "ambiguous"


def test_a_name_that_is_a_word_of_the_senders_address_is_a_name():
    sender = "Nur Aisyah Binte Rahman <nur.aisyah@merlionerp.example>"
    assert intent("I AGREE" + OUR_QUOTE, sender=sender) == "agree"
    # (the same word as a German "only", with terms after it, is no name)
    assert intent("I AGREE" + OUR_QUOTE, sender="Nur nach Zahlung <nur.aisyah@merlionerp.example>") == "ambiguous"
    assert intent("I AGREE" + OUR_QUOTE, sender="Only After Payment <only.after.payment@merlionerp.example>") \
        == "ambiguous"


@pytest.mark.parametrize("body", [
    "I AGREE\n\nApologies for the delay, our server migration took the whole week.",
    "Hallo zusammen,\n\nI ACCEPT\n\nSorry für die Verzögerung – unsere Freigabe hing über die Feiertage in der "
    "Geschäftsleitung fest.",
    "I ACCEPT\n\nЖаңа жылыңыз құтты болсын!",
    "Moin,\n\nI AGREE.\n\nWir wünschen Rhein-Main Logistik GmbH & Co. KG viel Erfolg mit dem neuen Partner. "
    "Einen guten Start ins neue Jahr!",
    "Hej,\n\nI AGREE.\n\nJag är partneransvarig på Affärssystem Norr AB och har haft hand om Göteborgs "
    "Hamnlogistik AB sedan 2019.",
    "Moi,\n\nI AGREE\n\nOlen Järjestelmätalo Oy:n IT-päällikkö ja olen hoitanut Tampereen Varastopalvelut "
    "Oy-asiakkuutta.",
    "** Mimecast: External sender. Be cautious with links and attachments. **\n\nI AGREE",
    "I AGREE\n\nSoy Pablo Ortega de Asesoría Fiscal Martínez y llevamos la cuenta de Acme desde 2019.",
])
def test_set_us_ordinary_answers_stand(body):
    assert intent(body + OUR_QUOTE) in ("agree", "accept")


@pytest.mark.parametrize("body", [
    "I AGREE\n\nApologies for the delay, the migration can only start after March.",
    "I AGREE\n\nSorry for the delay, the server migration is not until March.",
    "I ACCEPT\n\nEinen guten Start ins neue Jahr, aber erst nach Zahlung!",
    "I AGREE.\n\nJag är partneransvarig på Affärssystem Norr AB och har haft hand om Göteborgs Hamnlogistik AB "
    "till 2027.",
    "I AGREE\n\nI'm Eoin at Fitzgerald & Daly and we will look after Acme until 2027.",
    # ("desde" also says "from": a year to come is a date)
    "I AGREE\n\nSoy Pablo Ortega de Asesoría Fiscal Martínez y llevamos la cuenta de Acme desde 2091.",
    "** Mimecast: External sender. Only the main domain moves. **\n\nI AGREE",
])
def test_the_same_shapes_with_terms_go_to_staff(body):
    assert intent(body + OUR_QUOTE) == "ambiguous"


def test_our_subject_naming_the_companys_name_sets_no_terms():
    quote = ("\n\nOn Tue, 3 Mar 2026 at 09:00, Example transfer desk <transfer@example.com> wrote:\n"
             "> Logística del Plata S.R.L. le ha designado como nuevo proveedor. Caso XFER-4KZG3A1.\n")
    ours = "Re: Traspaso de Logística del Plata S.R.L. a usted [XFER-4KZG3A1]"
    assert intent("Buen día,\n\nI ACCEPT" + quote, subject=ours) == "accept"
    assert intent("Buen día,\n\nI ACCEPT" + quote, subject=ours.replace(" a usted", " a usted, solo con pago previo")) \
        == "ambiguous"


def test_a_forwarded_approval_under_a_notes_rule_is_history():
    body = ("Moin,\n\nCANCEL.\n\nFreundliche Grüße\nStefan Becker\n\n"
            "----- Weitergeleitet von Katrin Müller/Bayerische am 04.01.2027 05:13 -----\n\n"
            "Freigegeben, bitte so beantworten.\n\nKatrin\n")
    read = reading(body + OUR_QUOTE, sender=CLIENT)
    assert str(read.intent) == "cancel"
    assert read.as_json()["reply_text"] == "Moin,\n\nCANCEL."


def test_a_condition_in_a_colleagues_forwarded_approval_goes_to_staff():
    body = ("Moin,\n\nI AGREE.\n\nFreundliche Grüße\nStefan Becker\n\n"
            "----- Weitergeleitet von Katrin Müller/Bayerische am 04.01.2027 05:13 -----\n\n"
            "{note}\n\nKatrin\n")
    assert intent(body.format(note="Freigegeben, bitte so beantworten.") + OUR_QUOTE) == "agree"
    assert intent(body.format(note="Freigegeben, aber nur nach Zahlung der offenen Rechnung.") + OUR_QUOTE) \
        == "ambiguous"


@pytest.mark.parametrize("line", ["No. Syarikat: 201501012345 (1134567-X)", "Vojvodina Pak a.d. – IT Service"])
def test_a_register_number_or_a_company_form_under_the_name_lets_a_yes_sign(line):
    assert intent(f"I ACCEPT\n\nSalam,\nAhmad Faizal\n{line}" + OUR_QUOTE) == "accept"


@pytest.mark.parametrize("body, text", [
    ("Zdravím,\n\nI ACCEPT :)\n\nPetra Svobodová\n\nERP Servis Morava s.r.o. – Sales & Onboarding\n"
     "Hněvkovského 30, 617 00 Brno", "Zdravím,\n\nI ACCEPT :)"),
    ("I OBJECT\n\nД.\n\nСпециалист по закупкам\nООО «СистемИнтегратор Урал»\n"
     "196084, г. Санкт-Петербург, ул. Заставская, д. 33", "I OBJECT"),
    ("I AGREE\n\n高橋 誠\n\n営業推進課\n株式会社システムパートナーズ東海\n〒920-0024 石川県金沢市西念3-1-1", "I AGREE"),
    ("Vážení,\n\nI ACCEPT.\n\nĎakujem za pomoc.\n\nS pozdravom a prianím pekného dňa\nJana Kováčová",
     "Vážení,\n\nI ACCEPT.\n\nĎakujem za pomoc."),
])
def test_a_name_block_read_by_the_shape_of_its_lines_is_no_new_text(body, text):
    assert reading(body + OUR_QUOTE).as_json()["reply_text"] == text


def test_a_reports_labelled_lines_are_no_name_block():
    body = ("Delivery has failed.\n\nError Details\n"
            "Error:    550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\n"
            "Message rejected by:    GV0P278MB4584.eurprd07.prod.outlook.com")
    assert "Message rejected by" in reading(body).as_json()["reply_text"]
