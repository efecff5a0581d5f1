"""The classes set T missed at its first reading, each a whole mail through ``read_mail``.

Set T answers a vendor of small firms' software, from office managers and one-person IT shops
in Canada, Europe, Africa and Asia. Its one false signing was a condition typed in Ukrainian into
an unmarked Notes quote: the reader had no Ukrainian words of condition or payment. Ordinary
answers went to staff where a Zulu, Québec, Flemish or Bengali greeting came first, where an
apology's excuse stood as a sentence of its own, where a French gateway warning said "ne cliquez
pas", where the writer said the new provider takes the client over, and where a Japanese invoice
issuer's register number named invoices.
"""

from __future__ import annotations

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS
from tests.unit.test_careful_reading import mail
from tests.unit.test_careful_reading_j import OUR_QUOTE

CLIENT = "Dana Whitfield <dana@acme-widgets.example>"


def intent(body: str, **kwargs) -> str:
    return str(read_mail(mail(body, **kwargs), SETTINGS).intent)


NOTES_QUOTE = ("\n\n\n\nFrom:        \"Example transfer desk\" <transfer@example.com>\n"
               "To:        helpdesk@melnyk-it.example\nDate:        08.12.2026 18:49\n"
               "Subject:        Waiver request: Acme Widgets is moving [XFER-4KZG3A1]\n\n"
               "Hello,\n\nAcme Widgets has asked Example to move their hosted service away from you. Case XFER-4KZG3A1.\n\n"
               "WAIVER AND RELEASE (version v2)\n\n"
               "4. Open invoices between the partner and the client are not affected by this release and are\n"
               "   settled between them; they do not hold up the transfer.\n\n"
               "How to answer (please reply to this mail):\n"
               "  - to sign the waiver, reply with I AGREE as the first words of your reply;\n"
               "{typed}\n"
               "  - to dispute it, reply with I OBJECT and tell us why; our staff will contact you.\n")


def test_a_condition_typed_in_ukrainian_into_an_unmarked_quote_is_not_signed():
    typed = "За умови, що спершу буде сплачено рахунок на 48 500,00 грн."
    assert intent("I AGREE\n\nГарного дня,\nАндрій Шевченко" + NOTES_QUOTE.format(typed=typed)) == "ambiguous"
    assert intent("I AGREE\n\nГарного дня,\nАндрій Шевченко" + NOTES_QUOTE.format(typed="")) == "agree"


@pytest.mark.parametrize("body", [
    "Sanibonani,\n\nI AGREE",
    "Sanibonani,\n\nI DECLINE. Okwamanje asikwazi ukuthatha amakhasimende amasha.",
    "Allô,\n\nCANCEL. La demande a été envoyée par erreur.",
    "Goeiedag,\n\nCANCEL We blijven toch bij onze huidige partner.",
    "I ACCEPT.\n\nPerdão pelo atraso, o e-mail tinha caído no spam.",
    "Hallo,\n\nI ACCEPT\n\nBitte entschuldigen Sie die Verspätung, wir hatten diese Woche einen Serverumzug.",
    "I ACCEPT.\n\n답장이 늦어 죄송합니다. 출장 중이었습니다. 안내 감사드립니다.",
    "Good morning,\n\nI ACCEPT\n\nAll the best to them going forward.\n\nLooking forward to welcoming Riverside "
    "Animal Clinic, P.C. on board.",
    "Hoi,\n\nI ACCEPT. We kijken ernaar uit om met Bakker & Smit Accountants B.V. te gaan werken.\n\nFijne feestdagen!",
    "Stimate doamne și domni,\n\nI AGREE.\n\nSărbători fericite! Mersi frumos!",
    "I ACCEPT.\n\nIch bin Reto Frei von Brunner IT GmbH; wir übernehmen Zahnarztpraxis Baumann.",
    "ATTENTION : Ce courriel provient de l'extérieur de l'organisation. Ne cliquez pas sur les liens et n'ouvrez "
    "pas les pièces jointes à moins de connaître l'expéditeur.\n\nBonjour,\n\nI AGREE",
])
def test_set_ts_ordinary_answers_stand(body):
    assert intent(body + OUR_QUOTE, sender=CLIENT) in ("agree", "accept", "decline", "cancel")


@pytest.mark.parametrize("body", [
    "Sanibonani, only after payment,\n\nI AGREE",
    "I ACCEPT.\n\n답장이 늦어 죄송합니다. 백업은 저희가 보관합니다.",  # ("we keep the backups")
    "ATTENTION : Ce courriel provient de l'extérieur. Seulement le domaine principal.\n\nI AGREE",
    "I AGREE\n\nLooking forward to welcoming them on board once the invoice is paid.",
    # (a month is no name, whatever its capital)
    "I AGREE\n\nI'm Eoin O'Brien at Fitzgerald & Daly; we will look after them from April.",
    "I AGREE\n\nI'm Eoin O'Brien at Fitzgerald & Daly; we will look after them in March.",
])
def test_the_same_shapes_with_terms_go_to_staff(body):
    assert intent(body + OUR_QUOTE) == "ambiguous"


def test_a_cancel_unless_in_german_goes_to_staff():
    body = "Sehr geehrte Damen und Herren,\n\nCANCEL - Es sei denn, der neue Anbieter kann vor dem 15. Januar starten."
    assert intent(body + OUR_QUOTE, sender=CLIENT) == "ambiguous"


@pytest.mark.parametrize("line", ["適格請求書発行事業者登録番号 T1234567890123",
                                  "Gestionnaire de compte | Solutions TI Gagnon s.e.n.c.",
                                  "এই ই-মেইলটি গোপনীয়। ভুলবশত পেয়ে থাকলে প্রেরককে জানিয়ে মুছে ফেলুন।"])
def test_a_register_number_a_company_form_or_a_notice_under_the_name_lets_a_yes_sign(line):
    assert intent(f"I AGREE\n\nMaria Santos\n{line}" + OUR_QUOTE) == "agree"


def test_a_ticket_systems_footer_is_no_new_text():
    body = ("Hello,\n\nYour request (20267) has been received.\n\n"
            "This email is a service from Harbourline Consulting LLP Support. Delivered by Zendesk [XAOFKH-LBPPZ]")
    assert read_mail(mail(body), SETTINGS).as_json()["reply_text"] == "Hello,\n\nYour request (20267) has been received."


@pytest.mark.parametrize("block", [
    "Giám đốc, Công ty TNHH Giải pháp CNTT Sài Gòn\n+84 28 5555 0147",
    "Managing Director, Harbourline Consulting Ltd\nwww.harbourline.example",
])
def test_a_title_over_a_phone_with_no_name_above_it_lets_a_yes_sign(block):
    assert intent(f"I ACCEPT\n\n{block}\n\nSent from my Galaxy" + OUR_QUOTE) == "accept"


@pytest.mark.parametrize("block", [
    "Backup server stays with Smith IT\n+44 20 7946 0000",
    "Excluding the archive, Smith IT\n+44 20 7946 0000",
    "Only after payment, Harbourline Consulting Ltd\nwww.harbourline.example",
])
def test_a_statement_over_a_phone_still_goes_to_staff(block):
    assert intent(f"I ACCEPT\n\n{block}" + OUR_QUOTE) == "ambiguous"


def test_a_street_named_like_a_month_is_an_address_and_a_date_is_not():
    signature = "\n\nThanks,\nThandi Mokoena\nOffice Manager\n{line}\n+27 11 555 0192"
    assert intent("I AGREE" + signature.format(line="14 Jan Smuts Ave, Rosebank, Johannesburg, 2196") + OUR_QUOTE) == "agree"
    assert intent("I AGREE" + signature.format(line="Until 14 Jan, Rosebank") + OUR_QUOTE) == "ambiguous"
    assert intent("I AGREE" + signature.format(line="Valid to 14 Jan Smuts Ave, Rosebank") + OUR_QUOTE) == "ambiguous"
