"""The classes set X missed at its first reading, each a whole mail through ``read_mail``.

Set X answers a hotel-software vendor, from hotel managers, front desks and the IT contractors
who look after hotels in Southern Europe, Africa, the Middle East and Asia. It had no false
signing; its ordinary answers went to staff mostly for one shape: two labelled phones on one
signature line ("T: +86 898 1692 6924 M: +86 898 4290 7590"). Then: a ticket system's note under
the name, hotels' taglines for their guests ("Book direct and save 10%"), "Reservations" in titles
and phone labels, a hotel's name in two scripts, addresses by a landmark, courtesies and closings in
Khmer, Sinhala, Albanian, Montenegrin, Hindi and Chinese, an apology for a full house, a firm
introducing itself as the new provider "from now on", names in scripts without capitals over
their contact details, and a Swahili negative that read "Haiyun" as "not".
"""

from __future__ import annotations

import pytest

from tests.unit.test_careful_reading_j import OUR_QUOTE, WAIVER_QUOTE
from tests.unit.test_careful_reading_w import intent, text

SIGNATURE = "Faith Njeri\nIT Support\nDiani Palms Resort Group IT Service Desk\n{line}\nwww.dianipalms.co.ke"


@pytest.mark.parametrize("line", [
    "T: +86 898 1692 6924 M: +86 898 4290 7590",
    "Tel: +44 1736 551 684  Fax: +44 1736 551 685",
    "T: +44 1736 551 684 M: +44 1736 786 472 www.kernowit.co.uk",
    "Reservations: +30 22420 12345",
    "[Ticket #77623] Replies to this message are added to the ticket.",
    "Book direct and save 10%",
    "¡Reserva directo y obtén upgrade!",
    "공식 홈페이지 예약 10% 할인",
    "三亚海韵度假酒店 / Sanya Haiyun Resort",
    "200 m sur del Banco Nacional, Tamarindo, Guanacaste",
    "Consultor de canais de reserva",
    "Kia ora from Queenstown",
])
def test_a_hotels_signature_line_under_a_yes_sets_no_terms(line):
    assert intent("Hello,\n\nI AGREE\n\nKind regards,\n" + SIGNATURE.format(line=line)) == "agree"


@pytest.mark.parametrize("line", [
    "T: +44 1736 551 684 only after payment",
    "[Ticket #77623] Replies are added to the ticket only after payment.",
    "Book direct and pay the invoice first",
    "Save 10% if you sign after payment",
    "I reserve the right to object",
])
def test_a_signature_line_that_states_terms_is_the_writers(line):
    assert intent("Hello,\n\nI AGREE\n\nKind regards,\n" + SIGNATURE.format(line=line)) == "ambiguous"


@pytest.mark.parametrize("body", [
    "Exmos. Senhores,\n\nI Accept\n\nVotos de uma excelente semana.",
    "Dobar dan,\n\nI ACCEPT\n\nSrećni praznici!",
    "I AGREE\n\nFaleminderit për njoftimin. Gëzuar festat!",
    "Merhaba,\n\ni ACCEPT!\n\nYardımlarınız için teşekkür ederiz. Bodrum'dan selamlar!",
    "ជំរាបសួរ\n\nI accept.\n\nអរគុណ",
    "හිතවත් මහත්මයාණෙනි,\n\nI ACCEPT\n\nදැනුම් දීමට ස්තූතියි.",
    "Dear Sir/Madam,\n\ni ACCEPT!\n\nThanks for sorting this out. Greetings from sunny Zanzibar!",
    "Hoteliq 담당자님께,\n\n답장이 늦어 죄송합니다. 이번 주 내내 만실이었습니다.\n\nI ACCEPT",
    "Boa tarde,\n\nI accept.\n\nDesculpem só responder agora, estive de folga uns dias.",
    "வணக்கம்,\n\nI AGREE 👍\n\nதாமதமான பதிலுக்கு மன்னிக்கவும், விடுதி வாரம் முழுவதும் நிரம்பியிருந்தது.",
])
def test_hospitality_courtesies_around_a_yes_sign(body):
    assert intent(body + "\n\nSofia") in ("agree", "accept")


@pytest.mark.parametrize("closing", [
    "Greetings from April onwards",  # (a closing "from" a place: a time is no place)
    "Kind regards from the archive team",
])
def test_a_closing_from_a_time_or_a_part_of_the_service_is_no_closing(closing):
    assert intent(f"Hello,\n\nI AGREE\n\n{closing}\n\nSofia") == "ambiguous"


@pytest.mark.parametrize("introduction", [
    "Nous sommes Atlas Systèmes SARL AU et reprenons le suivi de l'Riad Dar Zitoun.",
    "Somos Baleares Sistemas, S.L. y a partir de ahora daremos soporte al Hotel Cala Blanca.",
    "Escrevo em nome da gerência do Lodge Ponta do Ouro.",
    "Jeju Badaview Hotel 총지배인입니다.",
])
def test_a_firm_introducing_itself_above_the_keyword_is_a_courtesy(introduction):
    assert intent(f"Bonjour,\n\n{introduction}\n\nI ACCEPT\n\nMerci") == "accept"


@pytest.mark.parametrize("introduction", [
    "Nous sommes Atlas SARL et reprenons le suivi après paiement.",
    "We are Acme Ltd and keep the backups.",
    "Somos Baleares Sistemas, S.L. y daremos soporte al Hotel Cala Blanca hasta marzo.",
])
def test_a_firm_introduction_that_states_terms_is_no_courtesy(introduction):
    assert intent(f"Bonjour,\n\n{introduction}\n\nI ACCEPT\n\nMerci") == "ambiguous"


def test_a_hotel_named_haiyun_is_no_swahili_not():
    sender = "Sanya Haiyun Resort <it@haiyunresort.cn>"
    assert intent("您好，\n\nI AGREE\n\n谢谢", sender=sender) == "agree"


def test_a_swahili_negative_still_denies():
    assert intent("Habari,\n\nI AGREE\n\nHatukubali kuhamisha barua pepe.\n\nAsha") == "ambiguous"


def test_a_condition_typed_into_our_quoted_waiver_in_croatian_is_not_signed():
    raw = "Pozdrav,\n\nI AGREE\n\nPozdrav,\nMarija" + WAIVER_QUOTE.format(
        comment="> Pod uvjetom da se prijelaz obavi izvan sezone.")
    assert intent(raw) == "ambiguous"


@pytest.mark.parametrize("line", [
    "Y quiero que eliminen todos nuestros datos de sus sistemas.",
    "We want you to delete all our data.",
])
def test_a_cancel_with_a_demand_said_as_a_wish_goes_to_staff(line):
    assert intent(f"Hola,\n\nCANCEL.\n{line}\n\nMuchas gracias por la gestión.") == "ambiguous"


def test_a_cancel_with_a_wish_as_its_reason_still_cancels():
    assert intent("Hi,\n\nCANCEL\n\nWe want to stay with our current provider.\n\nDana") == "cancel"


@pytest.mark.parametrize("body, new_text", [
    ("I ACCEPT\n\n서연 이\nIT Support\n(주)탐라호텔시스템\nT: +82 64-926-6001 M: +82 64-747-7028\nwww.tamnahs.co.kr", "I ACCEPT"),
    ("I Accept\n\nनेहा गुप्ता\nIT Support\nMewar Infotech Pvt. Ltd.\nT: +91 294 070 2196 M: +91 294 140 9047", "I Accept"),
    ("I DECLINE\n\nចាន់ ស្រីពៅ\nChannel Manager Consultant\nSiem Reap IT Co., Ltd.\nT: +855 12 076 576", "I DECLINE"),
    ("I Agree!\n\nभवदीय,\nराम श्रेष्ठ\nIT Support\nPokhara Tech Pvt. Ltd.", "I Agree!"),
    ("I AGREE 👍\n謝謝通知。\n\n敬上\n志明陳\nIT Support\n南台灣資訊有限公司", "I AGREE 👍\n謝謝通知。"),
    ("감사합니다.\n박\nJeju Badaview Hotel Front Office\nTel. +82 64-199-3029", ""),
])
def test_the_new_text_ends_above_a_name_in_any_script(body, new_text):
    assert text(body + OUR_QUOTE) == new_text


def test_a_courtesy_in_thai_is_no_name():
    body = "สวัสดีครับ\n\nรับทราบค่ะ ขอบคุณค่ะ\n\nนภา ศรีสุข\nIT Support\nบริษัท อันดามัน ไอที จำกัด\nT: +66 76 248 823"
    assert text(body + OUR_QUOTE) == "สวัสดีครับ\n\nรับทราบค่ะ ขอบคุณค่ะ"
