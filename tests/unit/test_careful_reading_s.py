"""The classes set S missed at its first reading, each a whole mail through ``read_mail``.

Set S answers a Norwegian-Indian vendor, in the languages less common in Western Europe. Its
ordinary answers went to staff where a smile followed a thanks ("Liels paldies … 🙂"), where the
season's wishes or the pleasure of working together came in a language the reader had few words
of, where the writer said whom they handle for the client in one sentence (or wrapped it over two
lines), where a Philippine register line, a Czech "spol. s r.o." or an Arabic "ش.م.م" stood in the
signature. One false signing was caught by luck only: a condition typed into an unmarked Arabic
Outlook quote, whose "Sent" label the reader did not know. Three CANCELs with a demand or a
take-back cancelled.
"""

from __future__ import annotations

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS
from tests.unit.test_careful_reading import mail
from tests.unit.test_careful_reading_j import OUR_QUOTE


def intent(body: str, **kwargs) -> str:
    return str(read_mail(mail(body, **kwargs), SETTINGS).intent)


# -- courtesies -------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Labdien, cienījamie kolēģi!\n\n*I ACCEPT*\n\nLiels paldies par palīdzību. 🙂\nPriecīgus Ziemassvētkus! 😊",
    "Tere,\n\nI ACCEPT\n\nSuur tänu abi eest. :-)\nHäid pühi!",
    "Hej,\n\ni accept\n\nTak for beskeden. :-)\nGlædelig jul!",
    "Hi team,\n\nI Accept\n\nAll the best for the new year! 🙏\nThank you for the clear instructions. 🙏",
    "Jó napot!\n\nI AGREE.\n\nKellemes ünnepeket!\nÖröm volt a(z) Kovács és Társa Bt. céggel dolgozni. :-)",
    "God morgen,\n\nI agree\n\nDet har vært hyggelig å jobbe med Haugen IT AS.",
    "Sayın yetkili,\n\nI AGREE\n\nBoğaziçi Bulut Hizmetleri A.Ş. ile çalışmak bizim için keyifliydi. 🙏",
    "Dobrý den,\n\nI AGREE\n\nSe Vltava Cloud s.r.o. se nám spolupracovalo dobře.",
    "Sehr geehrte Damen und Herren,\n\n*I AGREE*\n\nDie Zusammenarbeit mit Krüger & Partner Systemhaus GmbH & Co. KG "
    "hat immer Spaß gemacht.",
    "Estimados:\n\nI AGREE!\n\nMuchas gracias por su apoyo.\nFue un placer atender a Grupo Méndez Tecnología S. de R.L. de C.V. :)",
    "İyi günler,\n\nI AGREE!\n\nYeni yılınız kutlu olsun! :-)\nYardımınız için çok teşekkür ederim. 😊",
    "تحية طيبة وبعد،\n\nI ACCEPT\n\nكل عام وأنتم بخير. :-)\nنشكركم على حسن التعاون.",
    "お世話になっております。\n\nI agree\n\n長年クラウドワークス東京様をご支援できて嬉しく思います。 😊\n良いお年をお迎えください。 :-)",
    "Dear Sir or Madam,\n\nSorry for the delay - our quarter-end kept me busy.\n\nI ACCEPT.",
    "Lugupeetud SK Datasenter,\n\nVabandust viivituse pärast, meil oli aastalõpu kiire aeg.\n\nI AGREE.",
    "Tuan/Puan,\n\nCancel\n\nSemoga urusan dipermudahkan.",
])
def test_set_ss_courtesies_stand_beside_an_answer(body):
    assert intent(body + OUR_QUOTE) in ("agree", "accept", "cancel")


@pytest.mark.parametrize("body", [
    "I AGREE\n\nAll the best for the new year, once the invoice is paid. 🙏",
    "I ACCEPT\n\nDet har vært hyggelig å jobbe med Haugen IT AS, men backupen blir hos oss.",
    "I AGREE\n\nSorry for the delay - our quarter-end kept the backups with us.",
    "I AGREE 🙂\n\nKeep the archive until March. 😊",
])
def test_a_smile_or_a_wish_does_not_carry_a_condition_past(body):
    assert intent(body + OUR_QUOTE) == "ambiguous"


# -- introductions ------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Hej, jag ansvarar för driften av Lindqvist IT AB hos Skärgårdsdata AB.\n\nI Accept\n\nTack för informationen.",
    "Gentili signori,\n\nseguo l'assistenza di Russo Informatica S.r.l. per conto di Bianchi Sistemi S.p.A.\n\ni accept",
    "Kære SK Datasenter, jeg står for driften af Holm & Jørgensen A/S hos Madsen IT ApS.\n\ni object",
    "Dengan hormat, saya kepala tim support PT Awan Data Indonesia Tbk, CV Wijaya Komputer adalah klien kami.\n\n"
    "i object",
    "Bonjour,\n\nje gère l'infogérance de Lefèvre Informatique SARL au sein de Groupe\nGarnier Services SA.\n\nI ACCEPT",
    "Beste,\n\nik ben accountmanager bij Van der Berg & Zn. V.O.F. en beheer Jansen\nAutomatisering B.V.\n\ni decline",
])
def test_who_the_writer_is_for_the_client_in_one_sentence_is_an_introduction(body):
    assert intent(body + OUR_QUOTE) in ("accept", "object", "decline")


@pytest.mark.parametrize("body", [
    "Hej med jer,\n\nI accept\n\nHvem står for DNS-ændringen?",
    "I ACCEPT\n\njag ansvarar för driften av Lindqvist IT AB till den 31 mars.",
    "I AGREE\n\nJe gère l'infogérance de Lefèvre Informatique SARL, sauf les sauvegardes.",
])
def test_a_question_or_a_term_in_the_same_words_is_no_introduction(body):
    assert intent(body + OUR_QUOTE) == "ambiguous"


# -- signature lines ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "SEC Reg. No. CS201521000 | TIN 958-154-734-000",
    "Horák Systémy, spol. s r.o.",
    "ISO 27001 en NEN 7510 gecertificeerd",
    "الخليج للحوسبة السحابية ش.م.م",
    "Šiame laiške gali būti konfidenciali informacija. Jei gavote jį per klaidą, praneškite siuntėjui.",
    "این پیام محرمانه است و فقط برای گیرنده ارسال شده است.",
])
def test_a_register_line_a_company_form_or_a_notice_under_the_name_lets_a_yes_sign(line):
    assert intent(f"I AGREE\n\nSalamat,\nMaria Santos\nAccount Manager\n{line}" + OUR_QUOTE) == "agree"


# -- a CANCEL with a demand or a take-back -----------------------------------------------------------

@pytest.mark.parametrize("body", [
    "CANCEL\n\nAnd send us a full database export before you close the case.",
    "Olá, boa tarde!\n\nCancel\n\nOpa, desconsiderem, preciso ver com o financeiro antes.",
])
def test_a_cancel_with_a_demand_or_a_take_back_goes_to_staff(body):
    assert intent(body + OUR_QUOTE, sender="Dana Whitfield <dana@acme-widgets.example>") == "ambiguous"


def test_a_cancel_with_its_reason_after_emphasis_cancels():
    body = "*CANCEL* - La dirección detuvo el proyecto." + OUR_QUOTE
    assert intent(body, sender="Dana Whitfield <dana@acme-widgets.example>") == "cancel"


# -- typed into an unmarked quote whose heading's labels the reader partly knows ---------------------

def test_a_condition_typed_into_an_arabic_outlook_quote_is_not_signed():
    quote = ("\n\n________________________________\n"
             "من: Example transfer desk <transfer@example.com>\n"
             "تاريخ الإرسال: Friday, December 4, 2026 5:11 PM\n"
             "إلى: خالد المنصوري <k.almansouri@gulfcloud.example>\n"
             "الموضوع: Waiver request: Acme Widgets is moving [XFER-4KZG3A1]\n\n"
             "Hello,\n\nAcme Widgets has asked Example to move their hosted service away from you. Case XFER-4KZG3A1.\n\n"
             "WAIVER AND RELEASE (version v2)\n\n"
             "4. Open invoices between the partner and the client are not affected by this release and are\n"
             "   settled between them; they do not hold up the transfer.\n\n"
             "I AGREE, بشرط سداد الفاتورة رقم 25281 بمبلغ 15,750.00 ريال قبل 4 يناير 2027\n\n"
             "How to answer (please reply to this mail):\n"
             "  - to sign the waiver, reply with I AGREE as the first words of your reply;\n")
    assert intent("I AGREE\n\nشكراً على التوضيح." + quote) == "ambiguous"


# -- new text ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("closing", ["以上、よろしくお願い申し上げます。", "取り急ぎご連絡まで。", "با احترام،",
                                     "Quedo a sus órdenes.", "S přáním pěkného dne"])
def test_closings_in_more_languages_end_the_new_text(closing):
    result = read_mail(mail(f"I AGREE\n\n{closing}\nMaria Santos" + OUR_QUOTE), SETTINGS).as_json()
    assert result["reply_text"] == "I AGREE"


def test_a_ps_under_the_name_block_is_read_but_is_no_new_text():
    body = ("I AGREE\n\nMatteo Colombo\nAccount Manager\nColombo Consulting S.r.l.s.\n"
            "Corso Vittorio Emanuele II 80, 10121 Torino\nT: +39 02 8765 6578\nwww.colombo-consulting.example\n\n"
            "P.S. purché ci resti l'accesso in lettura ai backup.")
    result = read_mail(mail(body + OUR_QUOTE), SETTINGS).as_json()
    assert result["reply_text"] == "I AGREE"
    assert result["intent"] == "ambiguous"
