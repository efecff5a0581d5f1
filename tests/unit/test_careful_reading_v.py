"""The classes set V missed at its first reading, each a whole mail through ``read_mail``.

Set V answers an e-commerce platform, from shop owners, web agencies and freelance developers in
Latin America, Africa, the Middle East and Asia, mostly on phones. Its two false signings: a
question in Thai, which needs no "?" ("ใครเป็นคนต่ออายุ SSL ครับ", who renews the SSL?), read as a
name line of a script without capitals; and a condition in Persian typed into our quoted waiver
("[مریم]: I AGREE به شرط تسویه فاکتور معوق."), whose words no list held. Ordinary answers went
to staff where the writer introduced themselves before the keyword ("Saya Siti dari PT …",
"Je suis Mehdi, de …, la nouvelle agence de …"), dictated the full stop ("I accept period"),
greeted with "Qué tal" or "Namaste", thanked with a skin-toned "🙏🏽", wanted "to wait" as a
cancel's reason, apologised for Ramadan's rush, or signed with a slogan under the links.
"""

from __future__ import annotations

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS
from tests.unit.test_careful_reading import mail
from tests.unit.test_careful_reading_j import OUR_QUOTE
from tests.unit.test_careful_reading_u import SPANISH_QUOTE

CLIENT = "Dana Whitfield <dana@acme-widgets.example>"


def reading(body: str, **kwargs):
    return read_mail(mail(body, **kwargs), SETTINGS)


def intent(body: str, **kwargs) -> str:
    return str(reading(body, **kwargs).intent)


@pytest.mark.parametrize("question", [
    "ใครเป็นคนต่ออายุ SSL ครับ",  # (who renews the SSL?)
    "SSL 证书续费谁来负责吗",
    "SSLの更新は誰がしますか",
    "آیا گواهی SSL را شما تمدید می‌کنید",
    "क्या SSL आप रिन्यू करेंगे",
])
def test_a_question_without_a_question_mark_is_no_courtesy(question):
    assert intent(f"สวัสดีครับ\n\nI AGREE.\n{question}" + OUR_QUOTE) == "ambiguous"


def test_a_thanks_in_thai_still_stands():
    assert intent("สวัสดีครับ\n\nI AGREE.\nขอบคุณครับ" + OUR_QUOTE) == "agree"


@pytest.mark.parametrize("typed", [
    "> [مریم]: I AGREE به شرط تسویه فاکتور معوق.\n",  # (Persian: on condition the overdue invoice is settled)
    "> I ACCEPT ክፍያው ከተፈጸመ በኋላ ብቻ\n",  # (Amharic, in words no list holds: only after the payment)
])
def test_a_keyword_typed_into_our_notice_with_words_after_it_is_not_signed(typed):
    body = "Hola,\n\nI ACCEPT.\n\nSaludos cordiales,\nJosé Luis Ramírez"
    assert intent(body + SPANISH_QUOTE.format(typed=typed)) == "ambiguous"


@pytest.mark.parametrize("body", [
    "Selamat siang,\n\nSaya Siti dari PT Solusi Web Nusantara.\n\nI accept.",
    "Salut,\n\nJe suis Mehdi, de Atlas Studio Web SARL, la nouvelle agence de Fromagerie du Marais SAS.\n\nI ACCEPT!",
    "Bom dia,\n\nSou João, da Faísca Marketing Digital Ltda., a nova agência da Loja Cajuína ME.\nI ACCEPT.",
    "Hey there,\n\nI'm Wei, head of delivery at Northwind Agency LLC.\n\nI DECLINE!",
    "Hola equipo de Mercadia,\n\nSoy Paola, la desarrolladora que mantenía el sitio de Tienda Lupita S.A. de C.V.\n"
    "I AGREE!",
    "Salut,\n\nIci Julien, de Agence Lumen SAS ; nous gérions la boutique de Épicerie Fine Baobab SARL.\n\nI AGREE.",
    "Namaste,\n\nMain Rahul, DigiKaro Solutions LLP se; Sharma Sweets & Namkeen ka store hum hi manage karte the.\n\n"
    "I agree.",
    "I accept period",
    "I agree ponto final",
    "I ACCEPT 🙏🏽",
    "Qué tal,\n\nI ACCEPT",
    "مرحباً،\n\nأعتذر عن التأخير، كنا في موسم رمضان والضغط كبير.\n\nI Agree",
    "محترم،\n\nI AGREE\n\nان کے ساتھ کام کر کے خوشی ہوئی۔",
])
def test_set_vs_ordinary_answers_stand(body):
    assert intent(body + OUR_QUOTE) in ("agree", "accept", "decline")


@pytest.mark.parametrize("body", [
    "I'm Wei, the new agency for Acme, until payment.\n\nI ACCEPT",
    "Soy Paola, la desarrolladora que mantenía el sitio de Tienda Lupita hasta marzo.\n\nI AGREE",
    # (capitals make no condition a name)
    "I AGREE\n\nThis is Wei from Smith IT; we have looked after Acme Until Payment.",
    "I AGREE\n\nThis is Wei from Smith IT; we have looked after Acme Except Backups.",
    "I agree period of 3 months",
    "Qué tal, solo con pago,\n\nI ACCEPT",
    "I AGREE\n\nأعتذر عن التأخير، فقط بعد الدفع.",
])
def test_the_same_shapes_with_terms_go_to_staff(body):
    assert intent(body + OUR_QUOTE) == "ambiguous"


@pytest.mark.parametrize("body, expected", [
    ("Good day,\n\nCANCEL. My partner wants to wait until after the festive season.", "cancel"),
    ("CANCEL. We are closing the online store for now.", "cancel"),
    ("CANCEL. Wait, no.", "ambiguous"),
    ("CANCEL\nwait\nBob", "ambiguous"),
])
def test_wanting_to_wait_is_a_reason_and_wait_alone_takes_back(body, expected):
    assert intent(body + OUR_QUOTE, sender=CLIENT) == expected


@pytest.mark.parametrize("tagline, expected", [
    ("Your growth, our code.", "agree"),
    ("Siga a gente no Instagram @emporioserraazul", "agree"),
    ("Mailboxes stay with us.", "ambiguous"),
    ("Admin access to Smith IT", "ambiguous"),
    ("Draft", "ambiguous"),
    ("Unofficial copy", "ambiguous"),
])
def test_a_slogan_under_the_companys_links_is_its_own(tagline, expected):
    body = (f"I AGREE\n\nBest regards,\nThabo Nkosi\nDirector | Thistle & Byte Ltd\nTel/WhatsApp: +234 80596 1906\n"
            f"www.thistlebyte.example\n{tagline}")
    assert intent(body + OUR_QUOTE) == expected


def test_a_ticket_systems_footer_under_a_rule_is_no_new_text():
    body = ("Dear customer,\n\nWe have received your request and created ticket 41887.\n\n-----\n"
            "Bayanihan Web Solutions Inc. Support Team\nhttps://support.bayanihan.example/tickets/41887\n"
            "Please do not remove the ticket number from the subject.")
    assert reading(body).as_json()["reply_text"] == \
        "Dear customer,\n\nWe have received your request and created ticket 41887."
