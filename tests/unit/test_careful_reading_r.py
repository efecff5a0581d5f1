"""The classes set R missed at its first reading, each a whole mail through ``read_mail``.

Set R answers an Irish vendor, mostly from Ireland, the UK, Australia, India and South Africa.
Its ordinary yeses went to staff where the reader did not know a regulator's line under a UK
solicitor's name, a warning that bank details never change by mail, a certification line, an
acknowledgement of country, a law firm's name, an introduction that says whom the writer will
be the contact for, a courtesy with a typo or a mail client's wrapping, a greeting that names
the vendor. A condition typed in capitals into our quoted notice had read as a name; a word of
another language that starts like a keyword ("acceptăm") had read as a second keyword.
"""

from __future__ import annotations

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS
from tests.unit.test_careful_reading import mail
from tests.unit.test_careful_reading_j import OUR_QUOTE, WAIVER_QUOTE


def reading(raw: bytes):
    return read_mail(raw, SETTINGS)


def intent(body: str, **kwargs) -> str:
    return str(reading(mail(body, **kwargs)).intent)


# -- a condition shouted into our quoted notice ----------------------------------------------------

@pytest.mark.parametrize("comment", [
    "> SOLO CUANDO SE PAGUE LA FACTURA 2861 (3.915 € + IVA).",
    "> UNIQUEMENT APRÈS RÈGLEMENT DE LA FACTURE 3520 (860,50 €).",
    "> ONLY AFTER INVOICE 2861 IS PAID IN FULL.",
])
def test_a_condition_typed_in_capitals_into_our_quote_is_no_name(comment):
    raw = mail("I AGREE\n\nSergio Pérez" + WAIVER_QUOTE.format(comment=comment))
    assert str(reading(raw).intent) == "ambiguous"


# -- signature lines a careful reader passes over -------------------------------------------------

SOLICITOR = "\n\nRhys Hughes\nManaging Director\nHartley & Finch Solicitors\n45 King Street, Manchester M2 4LQ\n"


@pytest.mark.parametrize("line", [
    "Authorised and regulated by the Solicitors Regulation Authority (SRA No. 612345)",
    "Authorised and regulated by the Financial Conduct Authority (FRN 123456)",
    "IMPORTANT: We will never change our bank details by email. Please call us to verify before making any payment.",
    "SOC 2 Type II compliant",
    "We acknowledge the Traditional Custodians of the land on which we work and pay our respects to "
    "Elders past and present.",
    "Sede legale: Via Roma 15, Monza – Codice SDI: M5UXCR1",
    "This e-mail is subject to our e-mail disclaimer, available at https://www.umhlangaweb.example/disclaimer. "
    "POPIA: we process personal information in line with the Protection of Personal Information Act 4 of 2013.",
])
def test_a_regulator_certification_or_warning_line_under_the_name_lets_a_yes_sign(line):
    assert intent("I ACCEPT\n\nRegards," + SOLICITOR + line + OUR_QUOTE) == "accept"


@pytest.mark.parametrize("line", [
    "We will never change our bank details, so pay invoice 2291 before we sign.",
    "Our solicitors must approve the release before it is valid.",
    "SOC 2 compliant only until the archive has moved.",
])
def test_the_same_words_setting_terms_under_the_name_go_to_staff(line):
    assert intent("I ACCEPT\n\nRegards," + SOLICITOR + line + OUR_QUOTE) == "ambiguous"


@pytest.mark.parametrize("company", ["Hartley & Finch Solicitors", "Cabinet Avocat Ionescu", "Kanzlei Berger"])
def test_a_law_firms_name_is_a_name(company):
    assert intent(f"I AGREE\n\nMaria Popescu\n{company}\n+40 21 310 4455" + OUR_QUOTE) == "agree"


def test_a_notice_in_chinese_is_read_by_its_characters_but_a_data_statement_is_not_one():
    assert intent("I AGREE.\n\n祝一切顺利。\n\n本邮件可能包含保密信息，如误收请通知发件人并删除。" + OUR_QUOTE) == "agree"
    assert intent("I ACCEPT\n\n隔離データは30日後に削除いたします。" + OUR_QUOTE) == "ambiguous"


# -- courtesies and introductions -----------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "I AGREE\n\nThanks for lookign after this.",
    "*I AGREE*\n\nIt's been a pleasure looking after Shannonside IT Solutions Ltd.",
    "I accept.\n\nApologies for not coming back sooner, we were short-staffed with the flu going around the office.",
    "I agree.\n\nApologies for not replying sooner, I was on holiday.",
    "Cancel.\n\nSorry it took a while to get back to you, I was on a training course all week.",
    "I ACCEPT.\n\nJammer vir die laat antwoord, ek was met verlof.",
    "Bonjour,\n\nI ACCEPT\n\nJe vous remercie pour la prise en charge.",
    "Boa tarde,\n\nI agree\n\nAgradeço desde já.",
    "A chara,\n\nI AGREE.\n\nGuímid gach rath ar Cló Iar-Chonnacht Teo.",
    "I ACCEPT!\n\nSoy Marta Pérez, Técnico de soporte de Clínica Dental Sonrisa S.L., y seré el contacto para "
    "Asesoría Navarro y Ruiz S.L.P.",
    "Hi team,\n\nI accept.\n\nMy name is Amelia Jenkins; I run the onboarding team at Hartley & Moss LLP.",
    "I Accept\n\nI'm Brittany Garcia, President at Keller & Stone, P.C., and I'll be the main contact for "
    "Blue Ridge Networks LLC on our side.",
    "*I AGREE*\n\nMegan Botha here from Highveld Managed Services CC - I look after Protea Logistics (Pty) Ltd "
    "and a handful of other customers.",
    # (wrapped by the mail client over two and three lines)
    "I ACCEPT.\n\nIk ben Ruud Bakker, Directeur bij Polder ICT B.V. en straks het\n"
    "aanspreekpunt voor Bakkerij Smit B.V.\n\nBedankt voor het regelen.",
    "I AGREE\n\nI'm Megan Pillay, IT Manager at Highveld Managed Services CC; we've\n"
    "looked after Umhlanga Web Design (Pty) Ltd's e-mail and website for the\nlast few years.",
])
def test_set_rs_ordinary_answers_stand(body):
    assert intent(body + OUR_QUOTE) in ("agree", "accept", "cancel")


@pytest.mark.parametrize("body", [
    "I AGREE\n\nThanks for looking after this after the invoice is paid.",
    "I agree.\n\nSorry it took a while, the backup stays with us.",
    "I accept.\n\nMy name is Amelia Jenkins; I run the backup at Hartley & Moss until March.",
    "I AGREE\n\nI'm Eoin O'Brien, Practice Manager at Fitzgerald & Daly; we will run the hosting until March.",
])
def test_what_only_looks_like_those_courtesies_goes_to_staff(body):
    assert intent(body + OUR_QUOTE) == "ambiguous"


def test_a_greeting_may_name_the_vendor_our_mail_names():
    quote = ("\n\nOn Tue, 3 Mar 2026 at 09:00, Marlowe Hosting <transfer@example.com> wrote:\n"
             "> Hello,\n> Marlowe Hosting has opened case XFER-4KZG3A1. Reply I ACCEPT or I DECLINE.\n")
    assert intent("Dear Marlowe Hosting,\n\nI ACCEPT\n\nThanks a million for the help with this." + quote) == "accept"
    assert intent("Dear Marlowe Hosting, not yet,\n\nI ACCEPT" + quote) == "ambiguous"


def test_a_reason_in_another_language_is_no_second_keyword():
    body = "Stimate domn,\n\nI DECLINE - Momentan nu acceptăm clienți noi de găzduire.\n\nVă mulțumesc pentru ajutor."
    assert intent(body + OUR_QUOTE) == "decline"
    assert intent("I DECLINE. Actually, I accept." + OUR_QUOTE) == "ambiguous"


# -- new text -------------------------------------------------------------------------------------

@pytest.mark.parametrize("notice", [
    "CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended "
    "recipient(s) and may contain confidential and privileged information.",
    "本邮件可能包含保密信息，如误收请通知发件人并删除。",
    "Ai sensi del Regolamento UE 2016/679 (GDPR), le informazioni contenute in questo messaggio sono riservate e a "
    "uso esclusivo del destinatario.",
])
def test_a_notice_ending_the_text_is_no_new_text(notice):
    result = reading(mail("I AGREE :)\n\n" + notice + OUR_QUOTE)).as_json()
    assert result["reply_text"] == "I AGREE :)"
    assert result["intent"] == "agree"


def test_a_ticket_systems_quoted_conversation_is_history():
    body = ("Hi there,\n\nYour request (#63563) has been received.\n\n"
            "----------------------------------------------\n\n"
            "Marlowe Transfers, 11 Dec 2026, 09:28 GMT\n\nHello,\n\nPlease reply with I ACCEPT (or I DECLINE).\n")
    result = reading(mail(body)).as_json()
    assert result["reply_text"] == "Hi there,\n\nYour request (#63563) has been received."
