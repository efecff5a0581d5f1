"""The classes sets J to N missed at their first reading, each a whole mail through ``read_mail``.

A CANCEL ends the client's transfer, so it is judged like a yes: a condition set anywhere the
client wrote (the subject, a P.S., an attachment, a take-back) sends it to staff, while its
reason stays the client's own business. An objection typed inside the quote of our waiver is
not hidden by a client that cuts the mail at its "Original Message" line. Ordinary yeses sign:
a Japanese thanks on the keyword's line, an apology that says why it is late, an Australian
register line under the name, a Proton answer typed under the quote. New text as a person
sees it: Gmail's "*I ACCEPT*" is its rendering of bold.
"""

from __future__ import annotations

import json

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS
from tests.unit.test_careful_reading import mail

CLIENT = "Dana Whitfield <dana@acme-widgets.example>"
CASE_SUBJECT = "Re: [XFER-4KZG3A1] Your transfer request for Acme Widgets"
OUR_QUOTE = ("\n\nOn Tue, 3 Mar 2026 at 09:00, Example transfer desk <transfer@example.com> wrote:\n"
             "> Hello Dana,\n> we have opened case XFER-4KZG3A1. To stop it, reply CANCEL.\n")


def reading(raw: bytes):
    return read_mail(raw, SETTINGS)


def cancel(body: str, **kwargs) -> str:
    kwargs.setdefault("sender", CLIENT)
    kwargs.setdefault("subject", CASE_SUBJECT)
    return str(reading(mail(body, **kwargs)).intent)


# -- a CANCEL is read like a yes ----------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "CANCEL" + OUR_QUOTE,
    "CANCEL\n\nThe board has put the move on hold until next year.\n\nDana" + OUR_QUOTE,
    "Cancel. We have decided to stay with our current partner after all." + OUR_QUOTE,
    "CANCEL\nWir bleiben doch bei unserem bisherigen Dienstleister.\nMelden Sie sich gern, falls noch etwas fehlt."
    + OUR_QUOTE,
    "CANCEL\n\nDana Whitfield\nmanažérka pre klientov\nAcme Widgets s.r.o." + OUR_QUOTE,
])
def test_a_cancel_with_its_reason_or_a_signature_cancels(body):
    assert cancel(body) == "cancel"


@pytest.mark.parametrize("body", [
    "CANCEL – nein, doch nicht, erst mal weiterlaufen lassen." + OUR_QUOTE,
    "CANCEL. Bueno, no, seguid de momento." + OUR_QUOTE,
    "CANCEL, ha az új szolgáltató nem tud március előtt kezdeni." + OUR_QUOTE,
    "CANCEL\nNejdřív potřebujeme kompletní export poštovního archivu." + OUR_QUOTE,
    "CANCEL\nMen bara om partnern inte har skrivit under." + OUR_QUOTE,
    "CANCEL\nI think that's everything, but let me double-check with my colleague." + OUR_QUOTE,
    "CANCEL\n\nRegards,\nDana\n\nP.S. Only if the partner has not signed yet." + OUR_QUOTE,
])
def test_a_cancel_with_a_condition_a_doubt_or_a_take_back_goes_to_staff(body):
    assert cancel(body) == "ambiguous"


def test_a_condition_in_the_subject_or_an_attachment_stops_a_cancel():
    assert cancel("CANCEL" + OUR_QUOTE, subject=CASE_SUBJECT + " - only if the provider declines") == "ambiguous"
    note = ('Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename="conditions.txt"'
            "\r\n\r\nCancel only if the partner keeps the archive.\r\n")
    assert cancel("CANCEL" + OUR_QUOTE, parts=[note]) == "ambiguous"


def test_a_subject_may_repeat_the_cancel_but_not_name_another_answer():
    assert cancel("CANCEL" + OUR_QUOTE, subject="Cancel XFER-4KZG3A1") == "cancel"
    assert cancel("CANCEL" + OUR_QUOTE, subject="I AGREE - " + CASE_SUBJECT) == "ambiguous"


# -- conditions inside the quote ------------------------------------------------------------------

WAIVER_QUOTE = (
    "\n\n------- Original Message -------\n"
    "On Tuesday, April 14th, 2026 at 15:14, Example transfer desk <transfer@example.com> wrote:\n\n"
    "> WAIVER AND RELEASE (version v2)\n>\n"
    "> 4. Open invoices between the partner and the client are not affected by this release and are\n"
    ">    settled between them; they do not hold up the transfer.\n\n"
    "{comment}\n\n"
    ">\n> How to answer (please reply to this mail):\n"
    ">   - to sign the waiver, reply with I AGREE as the first words of your reply;\n")


@pytest.mark.parametrize("comment", [
    "Não exatamente: a nota NF 4487/2026 precisa ser paga antes da troca.",
    "Not quite: invoice INV-2026-0175 has to be paid before the switch.",
])
def test_an_objection_typed_inside_our_quoted_waiver_is_not_a_yes(comment):
    raw = mail("I AGREE\n\nAtenciosamente,\nSérgio Almeida" + WAIVER_QUOTE.format(comment=comment))
    result = reading(raw)
    assert str(result.intent) == "ambiguous"
    assert "inside the quoted mail" in result.intent_reason


def test_a_yes_over_our_untouched_quote_signs():
    raw = mail("I AGREE\n\nAtenciosamente,\nSérgio Almeida" + WAIVER_QUOTE.format(comment=">"))
    assert str(reading(raw).intent) == "agree"


# -- ordinary yeses -----------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "I AGREE ご対応ありがとうございます。",
    "I AGREE 谢谢！",
    "Estimados señores:\n\nPerdón por contestar tan tarde, he estado de viaje.\n\nI AGREE",
    "I AGREE\n\nMark Ellison\nBright Falls IT Pty Ltd\n"
    "ABN 10 982 474 908 | Liability limited by a scheme approved under Professional Standards Legislation",
    "I AGREE\n\nZdraví\nMark Ellison\nsprávce sítě, Bright Falls IT a.s.",
    "I AGREE\n\nÜdvözlettel\nMark Ellison\nügyfélkapcsolati menedzser",
])
def test_an_ordinary_yes_signs(body):
    assert str(reading(mail(body + "\n" + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("body", [
    "I AGREE. I tak kończymy z hostingiem z końcem roku.",  # Polish "tak" is no Danish thanks
    "I AGREE 但し、請求書の支払い後。",
    "I AGREE 移行は来月から",
])
def test_a_statement_after_the_yes_in_any_language_goes_to_staff(body):
    assert str(reading(mail(body + "\n" + OUR_QUOTE)).intent) == "ambiguous"


def test_a_proton_answer_typed_under_the_quote_is_the_new_text():
    body = ("------- Original Message -------\n"
            "On Monday, April 13th, 2026 at 16:10, Example transfer desk <transfer@example.com> wrote:\n\n"
            "> Hello,\n> please answer the waiver for case XFER-4KZG3A1 with I AGREE.\n>\n"
            "> Kind regards,\n> Example transfer desk\n\n"
            "I AGREE\n\nMany thanks,\nSiobhan Fairbanks\nTechnical Director\n")
    result = reading(mail(body))
    assert (str(result.intent), result.reply.text.strip()) == ("agree", "I AGREE")


def test_a_forward_under_the_separator_is_still_no_new_text():
    body = ("---------- Forwarded message ---------\nFrom: Somebody <someone@elsewhere.example>\n"
            "Date: Mon, 13 Apr 2026 at 16:10\nSubject: waiver\n\nI AGREE\n")
    assert str(reading(mail(body)).intent) == "none"


def test_gmail_bold_is_no_asterisk_of_the_new_text_but_typed_asterisks_stay():
    bold = mail("*I ACCEPT*\n\nThanks!" + OUR_QUOTE, html="<div><b>I ACCEPT</b></div><div>Thanks!</div>")
    assert json.loads(json.dumps(reading(bold).as_json()))["reply_text"].split("\n")[0] == "I ACCEPT"
    typed = mail("*I ACCEPT*" + OUR_QUOTE, html="<div>*I ACCEPT*</div>")
    assert reading(typed).reply.text.split("\n")[0] == "*I ACCEPT*"


def test_zimbras_quoted_header_block_over_an_unquoted_body_is_history():
    body = ("Salve,\ncancel. La direzione ha sospeso il cambio.\n\nChiara Colombo\n\n"
            "> From: \"Example transfer desk\" <transfer@example.com>\n> To: \"Chiara\" <chiara@acme.example>\n"
            "> Sent: Monday, June 24, 2024 09:59:00 AM\n> Subject: [XFER-4KZG3A1] Your transfer request\n"
            "Hello Chiara,\n\nthank you: we have opened case XFER-4KZG3A1. To stop it, reply CANCEL.\n")
    result = reading(mail(body, sender="Chiara Colombo <chiara@acme.example>", subject=CASE_SUBJECT))
    assert "we have opened case" not in result.reply.text
    assert str(result.intent) == "cancel"


# -- set K's first read ----------------------------------------------------------------------------

def test_an_explanation_before_the_keyword_is_no_greeting():
    # "Po" (Polish "after") is no greeting word, and a greeting opens with its word
    for body in ("Po rozmowie z klientem dziś rano: I AGREE.", "After speaking with the client: I AGREE."):
        assert str(reading(mail(body + OUR_QUOTE)).intent) == "ambiguous"
    for body in ("Dzień dobry: I AGREE.", "To whom it may concern, I AGREE.",
                 "Lakemont 移管窓口\nご担当者様\n\nI AGREE"):
        assert str(reading(mail(body + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("body", [
    "I ACCEPT\n\nCordialement,\nCamille Roux\nGérante\nRoux Informatique\n5 bis, avenue Jean-Jaurès, 44000 Nantes",
    "수고 많으십니다. (주)한빛시스템 박민수입니다.\n\nI ACCEPT",
    "안녕하세요, 누리네트웍스 주식회사 김지연입니다.\n\nI ACCEPT",
    "I ACCEPT\n\n감사합니다.\n박민수\n환경을 위해 인쇄 전 한 번 더 생각해 주세요.",
    "Mi scuso, la vostra prima mail era finita nello spam.\n\nI ACCEPT",
])
def test_set_ks_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE, subject="Re: [XFER-4KZG3A1] Transfer of Acme Widgets to you")).intent) \
        == "accept"


@pytest.mark.parametrize("body", [
    "백업은 유지입니다.\n\nI ACCEPT",  # a statement shaped like an introduction, without a company form
    "Sorry for the delay, we were busy until payment arrives.\n\nI ACCEPT",
    "Gültig bis 5, Mai 2026\n\nI ACCEPT",
])
def test_what_only_looks_like_an_introduction_an_excuse_or_an_address_is_no_courtesy(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "ambiguous"


UNMARKED_OURS = ("From:\tExample transfer desk <transfer@example.com>\nTo:\tSøren <soren@holm.example>\n"
                 "Date:\t16.02.2026 14:38\nSubject:\t[XFER-4KZG3A1] Transfer of Acme Widgets to you\n\n"
                 "Hello,\n\nAcme Widgets has named you as their new provider. Case XFER-4KZG3A1.\n"
                 "To take the client over, reply with I ACCEPT as the first words of your reply.\n\n"
                 "Kind regards,\nExample transfer desk\n\n"
                 "Where case XFER-4KZG3A1 stands (a read-only page; to answer, reply to this mail):\n"
                 "https://transfer.example.com/status/3PnYZhDBY7fkOOLnuwXyjc\n\n")


def test_an_answer_typed_under_our_unmarked_quote_is_the_new_text():
    result = reading(mail(UNMARKED_OURS + "I ACCEPT\n\nHilsen\nSøren\n"))
    assert (str(result.intent), result.reply.text.strip()) == ("accept", "I ACCEPT")
    assert str(reading(mail(UNMARKED_OURS + "I ACCEPT, once the invoice is paid.\n\nSøren\n")).intent) == "ambiguous"


@pytest.mark.parametrize("body", [
    "月末までに完了しない場合はCANCELでお願いします。",  # the keyword glued to Japanese is still mentioned
    "各位好，\n\nCANCEL。算了，还是继续吧。",
])
def test_a_cancel_glued_to_words_or_taken_back_in_chinese_goes_to_staff(body):
    assert cancel(body + OUR_QUOTE) == "ambiguous"


@pytest.mark.parametrize("closing", ["敬祝 商祺", "順頌 時祺", "Zdraví", "좋은 하루 되세요."])
def test_a_closing_formula_is_no_new_text(closing):
    result = reading(mail(f"I ACCEPT\n\n{closing}\n林 怡君\n" + OUR_QUOTE))
    assert (str(result.intent), result.reply.text.strip()) == ("accept", "I ACCEPT")


# -- set L's first read ----------------------------------------------------------------------------

def quoted_by(attribution: str, body: str = "I AGREE") -> bytes:
    return mail(f"{body}\n\n{attribution}\n> Hello,\n> please answer the waiver for case XFER-4KZG3A1.\n")


@pytest.mark.parametrize("attribution", [
    "пн, 8 лип. 2024 р. о 18:09 Example transfer desk пише:",
    "في الجمعة، 10 مايو 2024 16:57، كتب Example transfer desk <transfer@example.com>:",
    "Example transfer desk <transfer@example.com> kirjoitti 24.07.2024 klo 11.07:",
    "pon, 8. tra 2024. u 07:24 Example transfer desk <transfer@example.com> je napisao/la:",
])
def test_attributions_in_more_languages_and_orders_head_our_quote(attribution):
    result = reading(quoted_by(attribution))
    assert (str(result.intent), result.reply.text.strip()) == ("agree", "I AGREE")


def test_header_blocks_without_colons_or_in_traditional_chinese_are_history():
    bare = ("I AGREE\n\nGesendet Mo., 18. März 2024 um 04:07\nVon \"Example transfer desk\" <transfer@example.com>\n"
            "An someone@web.example\nBetreff [XFER-4KZG3A1] Bitte um Verzichtserklärung\n\nGuten Tag,\n\nbitte antworten Sie.\n")
    zh = ("I Accept.\n\n-----原始郵件-----\n寄件者: Example transfer desk <transfer@example.com>\n"
          "寄件日期: 2024年07月15日 週一 21:41\n收件者: someone@qq.example\n主旨: [XFER-4KZG3A1] Transfer of Acme\n\n"
          "Hello,\n\nplease reply with I ACCEPT or I DECLINE.\n")
    for raw, keyword in ((mail(bare), "I AGREE"), (mail(zh), "I Accept.")):
        result = reading(raw)
        assert result.reply.text.strip() == keyword and str(result.intent) in ("agree", "accept")


def test_a_naver_separator_over_a_quote_of_our_waiver_is_our_mail():
    body = ("I AGREE\n\n김\n\n-----Original Message-----\n\n> Hello,\n>\n> Acme has asked Example to move their hosted service.\n"
            "> Case XFER-4KZG3A1.\n>\n> Current partner: \"hyunwookim@naver.example\"\n> Case: XFER-4KZG3A1\n")
    assert str(reading(mail(body)).intent) == "agree"


@pytest.mark.parametrize("body", [
    "בוקר טוב,\n\nI AGREE.",
    "Здрасти,\n\nI AGREE",
    "Boa tarde, tudo bem?\n\nI AGREE",
    "صباح الخير،\n\nعذراً على التأخير، وصلت رسالتكم إلى مجلد الرسائل غير المرغوب فيها.\n\nI AGREE!",
    "Привіт,\n\nВибачте за пізню відповідь, я був у відпустці.\n\nI AGREE",
    "Hallo,\n\nEntschuldigen Sie die späte Antwort, ich war bis gestern im Urlaub.\n\nI AGREE",
    "Kính gửi quý công ty,\n\nTôi là Phạm Tuấn từ Công ty CP Công nghệ Biển Đông.\n\nI AGREE",
    "お世話になっております。\n有限会社北斗情報技術 カスタマーサポート部の鈴木でございます。\n\nI AGREE",
    "您好，\n敝姓張，是新竹網通科技有限公司客戶服務部的窗口。\n\nI AGREE",
    "안녕하십니까. 서울네트웍스 주식회사 고객지원팀 김 영업 담당입니다.\n\nI AGREE",
    "I AGREE\n\nАлексей Фёдоров\nМенеджер\nООО «Волга Хостинг»\n\nЭто сообщение проверено антивирусом Kaspersky.",
    "I AGREE\n\nMartin Lukáč\nPovažská informatika\n\nPred vytlačením tohto e-mailu myslite na životné prostredie.",
    "I AGREE\n\nJan Nowak\nWisła Hosting sp. j.",
    "I AGREE\n\nИван Петров\nБалкан Нет ООД",
])
def test_set_ls_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("body", [
    "Sorry, I was away, only for the main domain.\n\nI AGREE",
    "Sorry, I cannot do this before June.\n\nI AGREE",
    "I AGREE\n\nMark\nThe virus in the archive stays with us.",
    "I AGREE\n\nMark\nScanned by Avast, valid only after payment.",
])
def test_an_excuse_or_a_scan_notice_cannot_carry_terms(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "ambiguous"


@pytest.mark.parametrize("body, intent", [
    ("Oi,\n\nCANCEL No fim vamos ficar com nosso parceiro atual.", "cancel"),
    ("Hei! CANCEL. Oppkjøpet ble avlyst, så vi trenger ikke bytte.", "cancel"),
    ("CANCEL - or no, please continue.", "ambiguous"),
    ("God dag,\n\nCANCEL.\n\nMed mindre dere rekker det før fredag.", "ambiguous"),
    ("CANCEL\n\nSlet venligst alle vores konfigurationsnoter bagefter.", "ambiguous"),
    ("Exmos. Senhores,\n\nCANCEL. Aliás, esperem: talvez retomemos isto no próximo trimestre.", "ambiguous"),
    ("CANCEL. Se ha cancelado la fusión.", "cancel"),
])
def test_a_cancels_reason_may_say_no_but_not_take_it_back_or_ask_for_more(body, intent):
    assert cancel(body + OUR_QUOTE) == intent


def test_a_doubt_in_the_subject_is_no_yes():
    subject = "Re: [XFER-4KZG3A1] Waiver request: Acme is moving – Szerintem rendben van, de még egyeztetek"
    assert str(reading(mail("I AGREE" + OUR_QUOTE, subject=subject)).intent) == "ambiguous"


def test_words_typed_between_our_unmarked_header_block_and_our_greeting_are_the_writers():
    body = ("Hallo,\n\nCANCEL\n\nLG\nAnja\n\n\nGesendet: Mo., 22. Juli 2024 um 16:14\n"
            "Von: \"Example transfer desk\" <transfer@example.com>\nAn: anja@web.example\n"
            "Betreff: [XFER-4KZG3A1] Ihr Wechselauftrag\n\n"
            "Bzw. warten Sie bitte noch – eventuell machen wir im nächsten Quartal doch weiter.\n\n\n"
            "Guten Tag Anja,\n\nvielen Dank: wir haben den Vorgang XFER-4KZG3A1 eröffnet.\n")
    assert cancel(body) == "ambiguous"
    assert cancel(body.replace("Bzw. warten Sie bitte noch – eventuell machen wir im nächsten Quartal doch weiter.\n\n\n", "")) \
        == "cancel"


# -- set M's first read ----------------------------------------------------------------------------

def test_a_boundary_folded_inside_its_quotes_still_finds_the_parts():
    raw = (b"From: Ines <ines@atlantico.example>\r\nTo: transfer@example.com\r\n"
           b"Subject: RE: [XFER-4KZG3A1] Waiver request\r\nMessage-ID: <n1@atlantico.example>\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/alternative; boundary="=_alternative\r\n A1A2727F89013761_="\r\n\r\n'
           b"--=_alternative A1A2727F89013761_=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nI AGREE\r\n\r\nInes\r\n"
           b"--=_alternative A1A2727F89013761_=--\r\n")
    result = reading(raw)
    assert (str(result.intent), result.reply.text.strip()) == ("agree", "I AGREE")


@pytest.mark.parametrize("body", [
    "いつもお世話になっております。\n株式会社ミナトシステムズの佐藤 美咲です。\n\nI Accept\n\nお手数をおかけしますが、ご確認ください。",
    "नमस्ते, देरी के लिए माफ़ी, ईमेल स्पैम फ़ोल्डर में चला गया था।\n\nI ACCEPT",
    "با سلام و احترام، ببخشید که دیر جواب دادم، در سفر بودم.\n\nI accept.",
    "I ACCEPT\n\nTerveisin\nMatti\njärjestelmäasiantuntija",
    "I accept!\n\nआपका दिन शुभ हो।",
])
def test_set_ms_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE, subject="Re: [XFER-4KZG3A1] Transfer of Acme to you")).intent) == "accept"


def test_a_name_with_its_particles_is_a_name():
    for sender in ("Hafiz bin Osman <hafiz@kinabalu.example>", "प्रिया शर्मा | गंगा नेटवर्क्स प्राइवेट लिमिटेड <priya@ganga.example>"):
        assert str(reading(mail("I AGREE" + OUR_QUOTE, sender=sender)).intent) == "agree"


def test_a_lithuanian_condition_after_a_cancel_goes_to_staff():
    assert cancel("Laba diena,\n\nCANCEL\nBet tik jei grąžinsite kovo mokestį." + OUR_QUOTE) == "ambiguous"


def test_persian_keeps_its_joiners_and_a_keyword_loses_them():
    result = reading(mail("I agree, اما فقط پس از تسویه صورت\u200cحساب\u200cهای معوق." + OUR_QUOTE))
    assert "صورت\u200cحساب" in result.reply.text and str(result.intent) == "ambiguous"
    assert str(reading(mail("I AG\u200cREE" + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("closing", ["Salam hormat,", "Yang benar,", "잘 부탁드립니다."])
def test_more_closings_end_the_new_text(closing):
    result = reading(mail(f"I ACCEPT\n\n{closing}\nHafiz bin Osman\n" + OUR_QUOTE))
    assert result.reply.text.strip() == "I ACCEPT"


# -- set N's first read ----------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    '"I AGREE"', "I-AGREE :-)", "«I AGREE»",
    "I agree! Diolch yn fawr.", "I AGREE. Фала многу.", "Ndugu, I agree! Asante sana.",
    "Hörmətli həmkarlar,\n\nI AGREE!", "Эрхэм хамтрагчид аа,\n\nI AGREE!",
    "Bore da,\n\nMae’n ddrwg gen i am yr oedi, roeddwn i ar wyliau.\n\nI AGREE.",
    "Sehr geehrte Damen und Herren,\nMark Ellison, Leiter Vertrieb, Bright Falls IT GmbH.\nI AGREE.\nVielen Dank für die Abwicklung.",
    "I AGREE\n\nMark Ellison\n14 Carver Street, Sheffield S1 4FS",
])
def test_set_ns_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("sender", ["Rhys ap Gwynfor <rhys@gwynfor.example>", "ლევან ჯაფარიძე <levan@hostarn.example>"])
def test_welsh_and_georgian_names_are_names(sender):
    assert str(reading(mail("I AGREE" + OUR_QUOTE, sender=sender)).intent) == "agree"


@pytest.mark.parametrize("body, subject", [
    ('"I AGREE" but only after payment', None),
    ("Mark Ellison, only after payment.\n\nI AGREE", None),
    ("I AGREE", "Re: [XFER-4KZG3A1] Waiver request - იმ პირობით, რომ ჩვენი ბოლო ინვოისი გადახდილი იქნება"),
    ("I AGREE\n\nMark\nThe carve-out stays with us.", None),
])
def test_a_quoted_keyword_an_introduction_or_a_georgian_subject_still_carry_terms(body, subject):
    kwargs = {"subject": subject} if subject else {}
    assert str(reading(mail(body + OUR_QUOTE, **kwargs)).intent) == "ambiguous"


# -- set N's remaining classes ---------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "প্রিয় সহকর্মী,\n\nI agree!",  # (a greeting word that ends in a mark, no word character)
    "அன்புடையீர்,\n\nI AGREE",
    "Բարև ձեզ,\n\nI AGREE",  # (its "և" is folded to "եւ")
    "Dia duit,\n\nI AGREE",
    "A chara,\n\nGabh mo leithscéal as an moill, bhí mé ar saoire.\n\nI AGREE",  # (Irish "an" is no French year)
    "নমস্কার,\n\nদেরিতে উত্তর দেওয়ার জন্য দুঃখিত, আমি অফিসের কাজে বাইরে ছিলাম।\n\nI AGREE",
    "I AGREE\n\n-- \nஅருண் குமார்\nராஜன் டெக் பிரைவேட் லிமிடெட்",
    "I AGREE\n\nСрдачан поздрав,\nМарко Јовановић\nЈовановић ИТ д.о.о.",
    "I AGREE\n\n-- \nՏիգրան Սարգսյան\nԱրարատ Հոսթինգ ՍՊԸ",
    "I AGREE\n\nლევან ჯაფარიძე\nშპს ქართული ჰოსტინგი",
    "I AGREE\n\nБат-Эрдэнэ\nАлтай Дата ХХК",
])
def test_set_ns_remaining_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("attribution", [
    "13.11.2026 08:32, Example transfer desk <transfer@example.com> գրել է.",
    "13.11.2026 08:32, Example transfer desk <transfer@example.com> գրել է:",
    "Op 05.11.2026 14:27 het Example transfer desk <transfer@example.com> geskryf:",
])
def test_attributions_in_more_languages_and_with_a_full_stop_end_the_new_text(attribution):
    body = f"I AGREE\n\n-- \nՏիգրան Սարգսյան\n\n{attribution}\n> Hello,\n> we have opened case XFER-4KZG3A1.\n"
    read = reading(mail(body))
    assert str(read.intent) == "agree" and read.reply.text == "I AGREE"


def test_a_statement_ending_in_a_full_stop_is_no_attribution():
    assert str(reading(mail("I AGREE\n\nAt 10:00 the archive stays with us as Bob wrote.\n" + OUR_QUOTE)).intent) \
        == "ambiguous"


def test_a_filipino_greeting_ending_in_po_above_a_cancel():
    assert cancel("Magandang araw po,\n\nCancel! Salamat po sa tulong." + OUR_QUOTE) == "cancel"
    assert cancel("Dzień dobry, po płatności,\n\nCANCEL" + OUR_QUOTE) == "ambiguous"  # (Polish "after payment")


def test_every_word_of_the_patterns_can_match_folded_text():
    """The reader folds text (NFKC) before most patterns: a word whose folded form differs
    ("ชำระ", Thai "pay", "բարև") never matched unless its folded form is listed too."""
    import importlib
    import re
    import unicodedata

    from bench.hostile_inputs import PARSER_MODULES

    unmatched = []
    for short in PARSER_MODULES:
        for key, value in vars(importlib.import_module(f"parsers.{short}")).items():
            if not isinstance(value, re.Pattern) or not isinstance(value.pattern, str):
                continue
            for word in re.findall(r"[^\W\d_][\w\u0300-\u036f\u0900-\u0dff\u0e00-\u0e7f]*", value.pattern):
                folded = unicodedata.normalize("NFKC", word)
                if folded != word and folded not in value.pattern:
                    unmatched.append(f"parsers.{short}.{key}: {word}")
    assert not unmatched, unmatched


# -- set O's first read: its false signings ----------------------------------------------------------

@pytest.mark.parametrize("subject", [
    "RES: [XFER-4KZG3A1] Your transfer request for Transportadora Ribeiro Ltda. - ou pausar?",
    "Re: [XFER-4KZG3A1] Transfer of ร้านเบเกอรี่ทองดี to you - มีเงื่อนไข",
    "Re: [XFER-4KZG3A1] Recordatorio: su respuesta vence el 2026-11-05 17:00 CET / con condiciones",
])
def test_a_question_or_a_thai_condition_added_to_the_subject(subject):
    assert cancel("CANCEL" + OUR_QUOTE, subject=subject) == "ambiguous"
    assert str(reading(mail("I AGREE" + OUR_QUOTE, subject=subject)).intent) == "ambiguous"


@pytest.mark.parametrize("line", [
    "Die Mailarchive vor 2020 bitte löschen und nicht übernehmen.",  # (not a notice: it deletes no mail)
    "Mailarchieven van vóór 2020 graag verwijderen in plaats van overzetten.",
    "Men ikke før 01-02-2027.",
])
def test_compound_service_words_and_danish_before_set_terms(line):
    assert str(reading(mail(f"I AGREE\n\n{line}" + OUR_QUOTE)).intent) == "ambiguous"


# -- set O's first read: ordinary answers --------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Good afternoon,\n\nThis is James from Castle Rock Computing Ltd. Thanks for the heads-up.\n\nI AGREE",
    "Hej Corvex,\n\nAnders Bergström här, Lindqvist Data & Nät AB.\n\nI AGREE!\n\nTrevlig helg.",
    "Buongiorno,\n\nsono il referente di TecnoNet Romagna S.r.l.s. per Cantina Lombardi S.a.s.\n\nI AGREE",
    "Здравствуйте, Corvex.\n\nпишу от имени ООО «Улыбка» (стоматология).\nСпасибо, что предупредили.\n\nI AGREE",
    "Hi Corvex team,\n\nSorry for the slow reply, I was on annual leave until yesterday.\n\nI AGREE",
    "Bonjour Madame, Monsieur, pardon pour le retard, j'étais en congés jusqu'à hier.\n\nI AGREE",
    "Перепрошую за пізню відповідь - лист потрапив у спам.\n\nI AGREE",
    "Sorry für die Verspätung – wir hatten diese Woche einen größeren Serverausfall bei einem Kunden.\n\nI AGREE",
    "Hallo,\n\nI AGREE :) Fijn weekend.", "I AGREE 🙂\n\nAbraço a todos.",
    "Buenas tardes,\nLes agradezco la notificación.\n\nI AGREE", "السادة الكرام،\n\nI AGREE",
])
def test_set_os_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("body", [
    "This is James from Castle Rock, only after payment.\n\nI AGREE",
    "This is Only After Payment Ltd.\n\nI AGREE",
    "Sorry, we had an outage - the backup stays with us.\n\nI AGREE",
    "I AGREE :) only after payment",
    "I AGREE 🙂 but keep the archive",
])
def test_introductions_excuses_and_smileys_still_carry_terms(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "ambiguous"


@pytest.mark.parametrize("body, sender", [
    ("I agree!\n\nHannah T.", "Hannah Thompson <hannah.thompson@pinewood-networks.example>"),
    ("I agree.\n\nKiittäen,\nMatti", CLIENT), ("I agree.\n\nPozdr.\nJan", CLIENT),
    ("I agree.\n\nGrazie e saluti,\nLuca", CLIENT), ("I agree.\n\nSchöne Grüße aus Köln\nAnna", CLIENT),
    ("I agree.\n\nGửi từ iPhone của tôi", CLIENT),
])
def test_set_os_signatures_end_the_new_text(body, sender):
    assert reading(mail(body + OUR_QUOTE, sender=sender)).reply.text == body.split("\n\n")[0]


# -- set P's first read -------------------------------------------------------------------------------

@pytest.mark.parametrize("subject", [
    "Re: [XFER-4KZG3A1] Wechsel von Autohaus Pohl GmbH zu Ihnen – Wir können frühestens ab 01.02. starten",
    "ODP: [XFER-4KZG3A1] Transfer of Kancelaria Prawna Jankowski sp. k. to you // Według naszego cennika: 14 zł",
])
def test_a_statement_added_behind_our_subject(subject):
    assert str(reading(mail("I AGREE" + OUR_QUOTE, subject=subject)).intent) == "ambiguous"


@pytest.mark.parametrize("body", ["CANCEL。抱歉，请忽略，继续迁移。", "CANCEL. Undskyld, glem det, fortsæt bare.",
                                  "CANCEL，并请退还开通费。", "CANCEL. Sorry, forget it."])
def test_a_cancel_taken_back_or_with_a_refund_in_more_languages(body):
    assert cancel(body + OUR_QUOTE) == "ambiguous"


@pytest.mark.parametrize("body", [
    "Madame, Monsieur,\n\nI AGREE ^^", "فريق Corvanta المحترم،\n\nCANCEL!\nشكراً على المساعدة.",
    "Toutes mes excuses pour cette réponse tardive, votre message était dans les indésirables.\n\nI AGREE",
    "Hei Corvanta,\n\nDette er Eirik Johansen fra Fjord IT ASA. Takk for beskjeden.\n\nI AGREE",
    "فريق Corvanta المحترم،\n\nنشكركم على الإشعار.\n\nI AGREE.",
])
def test_set_ps_ordinary_answers(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) in ("agree", "cancel")


def test_our_footer_in_spanish_below_our_quoted_mail_is_ours():
    body = ("Buenos días,\n\nCANCEL\n\n-----Mensaje original-----\nDe: Example transfer desk <transfer@example.com>\n"
            "Asunto: [XFER-4KZG3A1] Su solicitud\n\nHola Dana,\nhemos abierto el caso XFER-4KZG3A1.\n\n"
            "Saludos cordiales,\nExample transfer desk\n\n"
            "Este correo lo ha escrito nuestro sistema de traspasos; las respuestas llegan a nuestro equipo.\n")
    assert cancel(body) == "cancel"


def test_a_date_our_notice_writes_in_spanish_is_no_typed_condition():
    from tests.unit.test_notice_quote import TODAYS_NOTICE, reply_quoting, with_typed
    notice = with_typed(TODAYS_NOTICE, "").replace("Please answer by 20 December 2026.",
                                                  "Please answer by miércoles, 2 de diciembre de 2026, 17:00 (CET).")
    assert str(reading(reply_quoting(notice)).intent) == "accept"


# -- sets O and P, second round: introductions that say whom the writer looks after, excuses of
# busy work, pleasure to work with the client, emphasis after a greeting ----------------------------

@pytest.mark.parametrize("body", [
    "Hi all,\n\nMy name is Rachel Carver; I handle the Westbrook Physio account at Bluewater IT Pty Ltd.\n\nI AGREE",
    "This is Rachel from Ironbridge Digital Ltd; we have looked after Maple Street Dental Group for the last "
    "few years.\n\nI AGREE",
    "Szia,\n\nMolnár Attila vagyok a Pannon IT Szolgáltató Kft. részéről; évek óta mi kezeljük a(z) Kiss Fuvarozó "
    "Kft. ügyfelet.\n\nI AGREE.\n\nSok sikert az átálláshoz!",
    "Hola equipo, soy Sergio Navarro, de Soluciones Informáticas Levante S.L.; llevamos varios años gestionando "
    "Transportes Ruiz e Hijos S.A.\n\nI AGREE",
    "Apologies for the slow response, we've been flat out with a server migration.\n\nI AGREE.",
    "您好，\n\n我是新竹網路系統股份有限公司的王冠宇。 謝謝通知。\n\nI AGREE.\n\n祝一切順利。",
    "Cześć, *I AGREE*",
    "I AGREE\n\nEncantados de trabajar con Bodegas Ortega S.A. de C.V.",
    "I AGREE\nNe bucurăm să colaborăm cu Brutăria Gheorghe S.R.L.\n\nNumai bine,\nAndrei",
    "I AGREE\n\nWe look forward to working with Bodegas Ortega S.A. de C.V.",
])
def test_sets_op_second_round_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("body", [
    # (what the writer looks after must be the client, and nothing else may be said of it)
    "This is Rachel from Ironbridge Digital Ltd; we have looked after the backups of Maple Street Dental Group."
    "\n\nI AGREE",
    "This is Rachel from Ironbridge Digital Ltd; we will look after Maple Street Dental Group until March.\n\nI AGREE",
    "This is Rachel from Ironbridge Digital Ltd; we keep the archive of Maple Street Dental Group.\n\nI AGREE",
    "Sorry for the delay, we've been busy with a migration, only the main domain.\n\nI AGREE",
    "I AGREE\n\nWe are happy to keep the archive.",
    "I AGREE. I tak kończymy z hostingiem z końcem roku.",
    "Cześć, *I AGREE* only for the main domain",
])
def test_introductions_and_courtesies_that_set_terms_still_go_to_staff(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "ambiguous"


@pytest.mark.parametrize("body, new_text", [
    ("Привіт,\n\nI accept.\n\nГарного дня!\nБогдан", "Привіт,\n\nI accept."),
    ("I AGREE\n\nGrazie e buon lavoro\nБогдан", "I AGREE"),
    # (a wish as the whole answer stays the answer; a wish before a real closing stays text)
    ("Гарного дня!\nБогдан", "Гарного дня!"),
    ("I AGREE\n\nSchönen Tag noch!\n\nViele Grüße\nБогдан", "I AGREE\n\nSchönen Tag noch!"),
])
def test_a_wish_right_above_the_writers_name_closes_the_mail(body, new_text):
    sender = "Богдан Ткаченко <bogdan@kyiv-it.example>"
    assert reading(mail(body + OUR_QUOTE, sender=sender)).reply.text == new_text


# -- set Q: a gateway's warning above the answer, a bot at a .no address --------------------------------

@pytest.mark.parametrize("banner", [
    "CAUTION: This email originated from outside of the organization. Do not\nclick links or open attachments "
    "unless you recognize the sender and know\nthe content is safe.",
    "VARNING: Detta e-postmeddelande kommer från en extern avsändare. Klicka inte på länkar eller öppna bilagor "
    "om du inte känner igen avsändaren.",
    "LET OP: Deze e-mail is afkomstig van buiten de organisatie. Klik niet op links en open geen bijlagen tenzij "
    "u de afzender kent.",
    "OBS: Denne e-posten kommer fra en ekstern avsender. Ikke klikk på lenker eller åpne vedlegg med mindre du "
    "kjenner avsenderen.",
    "تنبيه: هذه الرسالة من خارج المؤسسة. لا تنقر على الروابط أو تفتح المرفقات\nما لم تتعرف على المرسل.",
    "[EXTERNAL] This message came from outside your organisation.",
])
def test_a_gateways_warning_above_the_answer_is_not_the_writers(banner):
    result = reading(mail(f"{banner}\n\nHello transfer desk,\n\nI AGREE" + OUR_QUOTE))
    assert (str(result.intent), result.reply.text) == ("agree", "Hello transfer desk,\n\nI AGREE")


@pytest.mark.parametrize("banner", [
    "CAUTION: This email originated from outside of the organization. Valid only once invoice 2291 is paid.",
    "WARNING: external sender. We only agree for the main domain, not the archive, and we want 500 EUR.",
    "CAUTION: external. I OBJECT to clause 4.",
])
def test_a_warning_that_sets_terms_is_the_writers(banner):
    assert str(reading(mail(f"{banner}\n\nI AGREE" + OUR_QUOTE)).intent) == "ambiguous"


def test_a_bot_at_a_no_address_is_no_no():
    # (".no" is Norway's, and the attribution naming our address says no "no")
    from parsers.reading import ReaderSettings

    settings = ReaderSettings(mailbox="transfer@halvorsen-cloud.no", secret=b"s", name="Halvorsen transfer desk")
    body = ("I AGREE\n\nOn Tue, 1 Dec 2026 at 16:16, Halvorsen transfer desk <transfer@halvorsen-cloud.no> wrote:\n"
            "> Please reply I AGREE to sign the waiver.\n")
    assert str(read_mail(mail(body), settings).intent) == "agree"


@pytest.mark.parametrize("body", [
    # ("hra", a register's abbreviation, inside "uhradená": no notice word)
    "I AGREE\n\nS pozdravom,\nMichal\n\nFaktúra FA20266808 (4 120,00 €) musí byť pred prechodom uhradená.",
    "I AGREE\n\nİyi çalışmalar,\nSelin\n\n31.12.2026 tarihine kadar yönetici erişimine ihtiyacımız var.",
])
def test_set_q_conditions_under_the_sign_off(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "ambiguous"


@pytest.mark.parametrize("line", ["NIPC 500 315 053 · Capital social 5 000 €", "P.IVA 03456780969 - Cap. soc. € 10.000 i.v."])
def test_a_company_register_line_with_its_capital_is_no_statement(line):
    assert str(reading(mail("I AGREE\n\nCumprimentos,\nAna Costa\n" + line + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("body", [
    "Good afternoon,\n\nTom here from Blue Anchor IT Ltd.\n\nI AGREE",
    "Dear Halvorsen team,\n\nMy name is Priya Morgan, I'm the account manager for Riverside Accountancy Ltd at "
    "Fenwick Tech Ltd.\n\nI AGREE.",
    "Hallo,\n\nIk ben Jeroen Mulder van Brabant Cloud BV, wij verzorgen de ICT van Tandartspraktijk De Vries.\n\nI AGREE",
    "I AGREE\n\nWe've enjoyed working with Ashdown Veterinary Group over the years; wish them well from us.",
    "Здравствуйте!\n\nI AGREE\n\nС наступающим Новым годом!",
    "Good afternoon,\n\nI AGREE\n\nSad to see them go, but it was a pleasure.",
    "Ζητώ συγγνώμη για την αργοπορία – το μήνυμά σας είχε πάει στα ανεπιθύμητα.\n\nI AGREE",
])
def test_set_q_ordinary_yeses_sign(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "agree"


@pytest.mark.parametrize("body", [
    "This is Tom from Blue Anchor IT Ltd, we keep the backups of Riverside Dental.\n\nI AGREE",
    "Ik ben Jeroen Mulder van Brabant Cloud BV, wij verzorgen de ICT van De Vries tot maart.\n\nI AGREE",
    "I AGREE\n\nSad to see them go, but we keep the archive.",
    "I AGREE\n\nMerry Christmas, the invoice is still open.",
])
def test_set_q_courtesies_that_set_terms_still_go_to_staff(body):
    assert str(reading(mail(body + OUR_QUOTE)).intent) == "ambiguous"


# The recipient's gateway marks our own notice when it arrives: its warning heads the quote.
_NOTICE = "Hello Dana,\nwe have opened case XFER-4KZG3A1. To stop it, reply CANCEL."
_WARNING = ("CAUTION: This email originated from outside of the organization. Do not click links or open "
            "attachments unless you recognize the sender and know the content is safe.")


@pytest.mark.parametrize("warning, intent", [
    (_WARNING, "agree"),
    ("CAUTION: This email originated from outside of the organization. Only the main domain moves.", "ambiguous"),
])
def test_a_gateways_warning_at_the_top_of_our_quoted_notice(warning, intent):
    from parsers.reading import against_what_we_sent

    quote = "\n".join("> " + line for line in f"{warning}\n\n{_NOTICE}".split("\n"))
    raw = mail(f"I AGREE\n\nOn Tue, 3 Mar 2026 at 09:00, Example transfer desk <transfer@example.com> wrote:\n{quote}\n")
    result = reading(raw)
    assert str(against_what_we_sent(result, [_NOTICE]).intent) == intent


@pytest.mark.parametrize("line, kind", [
    ("カスタマーサポート課 課長 高橋 拓也", "name"),
    ("情報システム部 部長 渡辺 大輔", "name"),
    ("Счетоводна къща Баланс ООД", "name"),  # ("счетоводна", accounting, is no bill)
    ("バックアップは 来月まで 保持します 課長", "statement"),
    ("Оплата счета до 1 марта", "statement"),
])
def test_set_q_signature_lines(line, kind):
    from parsers.line_shapes import Sender, is_name_line, line_kind

    got = "name" if is_name_line(line, Sender(), in_block=True) or str(line_kind(line, Sender())) == "name" \
        else "statement"
    assert got == kind


@pytest.mark.parametrize("body, sender, new_text", [
    ("I ACCEPT\n-AS\n\nAnja Seidel\nVertriebsinnendienst\nITeam Hansa GmbH", "Anja Seidel <aseidel44@gmx.at>",
     "I ACCEPT"),
    ("Daniel O'Connor\nService Delivery Manager\nHarbour IT Solutions Ltd\nT: +44 20 7946 0683",
     "Daniel O'Connor <doconnor@harbourit.example>", ""),
])
def test_initials_above_the_signature_and_a_name_with_an_apostrophe_are_signatures(body, sender, new_text):
    assert reading(mail(body + OUR_QUOTE, sender=sender)).reply.text == new_text
