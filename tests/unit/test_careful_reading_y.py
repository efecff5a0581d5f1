"""The classes set Y missed at its first reading, each a whole mail through ``read_mail``.

Set Y answers a vendor of practice software for law firms, notaries and accountants, in forty
languages. It had no false signing; its ordinary answers went to staff under a law firm's
signature: a privilege notice ("may be subject to legal professional privilege"), a lawyer's title
in lower case ("адв.", "r. pr.", "mr.", "lic. iur."), a register line beside the bar that admits
its lawyers ("Reg. No. …; Legal Practice Council"), Luxembourg's "S.à r.l.", a Russian
"Коллегия адвокатов «…»", an avenue named after a date ("Av. 18 de Julio 1234"); a lawyer's
apology that they were in court, an assistant writing for a partner who is at a hearing, an IT
provider introducing itself by the firms it looks after, and a cancel whose reason follows
"*CANCEL*." on the same line. Made safe in the same round: a cancel with a request in words
("e vi chiedo di cancellare tutti i dati dello studio"), which read as a notice's "please delete".
"""

from __future__ import annotations

import pytest

from tests.unit.test_careful_reading_j import OUR_QUOTE
from tests.unit.test_careful_reading_w import intent, text


@pytest.mark.parametrize("signature", [
    "адв. Мария Иванова\nАдвокатско дружество Иванова\nСофия",
    "r. pr. Katarzyna Lewandowska\nKancelaria Lewandowska Sp.k.\nWarszawa",
    "mr. Sanne de Vries\nDe Vries Advocaten\nUtrecht",
    "lic. iur. Ursula Meier\nMeier Rechtsanwälte AG\nZürich",
    "Marie Weber\nWeber IT-Service S.à r.l.\nLuxembourg",
    "Claire Dubois\nCabinet Dubois\nBCE 0532729; Barreau de Bruxelles",
    "Thabo Nkosi\nNkosi Attorneys Inc.\nReg. No. 2009/935204/21; Legal Practice Council",
    "Luca Bianchi\nStudio Legale Bianchi\nP.IVA 091382940; Ordine degli Avvocati di Milano",
    "адв. Ольга Попова\nКоллегия адвокатов «Попова и партнёры»\nМосква",
    "Martín Pérez\nEstudio Pérez\nAv. 18 de Julio 1234, Montevideo",
    "z up. Grzegorz Szymański\nKancelaria Szymański\nKraków",
    "Sarah Thompson\nThompson LLP\n\nThis message is confidential and may be subject to legal professional privilege. "
    "If received in error, please delete it and notify the sender.",
    "Алексей Соколов\nАдвокатское бюро Соколов\n\nДанное сообщение конфиденциально и может содержать сведения, "
    "составляющие адвокатскую тайну. Если вы не являетесь адресатом, сообщите отправителю и удалите его.",
])
def test_a_law_firms_signature_under_a_yes_sets_no_terms(signature):
    assert intent(f"Hello,\n\nI AGREE\n\nKind regards,\n{signature}") == "agree"


@pytest.mark.parametrize("line", [
    "This message is confidential and subject to payment of invoice 22.",
    "Reg. No. 2009/935204/21; Legal Practice Council only after payment",
])
def test_a_notice_or_register_line_that_states_terms_is_the_writers(line):
    assert intent(f"Hello,\n\nI AGREE\n\nKind regards,\nSarah Thompson\nThompson LLP\n{line}") == "ambiguous"


@pytest.mark.parametrize("opening", [
    "Maître,",
    "Salam sejahtera,\n\nMaaf atas kelewatan, saya berada di mahkamah.",
    "محترم جناب،\n\nتاخیر کے لیے معذرت، میں عدالت میں تھا۔",
    "Stimate doamne și domni,\n\nNe cerem scuze pentru întârziere, am avut închiderea de lună.",
    "Sehr geehrte Damen und Herren,\n\nIch schreibe i.A. von Herrn Dr. Brandt, der heute bei Gericht ist.",
    "Estimados señores:\n\nLes escribo en nombre del Lic. Herrera, que hoy está en audiencia.",
    "Hi there,\n\nI look after the systems of several small practices, Bennett LLP among them.",
    "Hello,\n\nI am the office manager at Ling IT Solutions Pte. Ltd. and look after the IT side for our partners.",
])
def test_a_lawyers_opening_before_a_yes_is_a_courtesy(opening):
    assert intent(f"{opening}\n\nI ACCEPT\n\nSarah") == "accept"


def test_looking_after_practices_until_a_date_is_no_introduction():
    assert intent("Hi,\n\nI look after the systems of several small practices until March.\n\nI ACCEPT") == "ambiguous"


@pytest.mark.parametrize("body", [
    "Hi,\n\n*CANCEL*. We have found a solution with our present IT partner.",
    "مرحبا،\n\n*CANCEL*. قرر الشركاء البقاء مع المزود الحالي. شكراً لمساعدتكم.",
])
def test_a_reason_after_an_emphasised_cancel_and_its_full_stop_cancels(body):
    assert intent(body + "\n\nDana") == "cancel"


@pytest.mark.parametrize("body", [
    "CANCEL, e vi chiedo di cancellare tutti i dati dello studio e di confermarlo per iscritto.\n\nGrazie mille.",
    "CANCEL. The partner's access too.",
    "CANCEL, nous vous demandons de supprimer toutes les données du cabinet.",
])
def test_a_cancel_with_a_request_in_words_goes_to_staff(body):
    assert intent(body + "\n\nDana") == "ambiguous"


@pytest.mark.parametrize("body, new_text", [
    ("I ACCEPT\n\nVeuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.\n\nMe Claire Dubois",
     "I ACCEPT"),
    ("I AGREE\n\nReciban un cordial saludo,\nMartín Pérez", "I AGREE"),
    ("I Agree. Ačiū už pagalbą.\n\nSu geriausiais linkėjimais,\nTomas", "I Agree. Ačiū už pagalbą."),
    ("I ACCEPT\n\nHave a good week.\n\nWei Ling\nLing IT Solutions Pte. Ltd.", "I ACCEPT\n\nHave a good week."),
])
def test_the_new_text_ends_at_a_formal_closing(body, new_text):
    assert text(body + OUR_QUOTE) == new_text


def test_a_ticket_systems_rule_of_mixed_dashes_ends_its_text():
    body = "Your request has been received.\n\n—-—-—-—\nReply above this line.\n"
    assert text(body) == "Your request has been received."
