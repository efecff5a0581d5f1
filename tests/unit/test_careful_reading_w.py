"""The classes set W missed at its first reading, each a whole mail through ``read_mail``.

Set W answers a vendor of practice software for clinics, dental practices, pharmacies and care
homes in Central and Eastern Europe, the Nordics, Southern Europe, Japan, Korea and China. Its
false signing: a condition in Japanese typed behind ">" into our quoted waiver, whose one token
held a number, so the comparison with our notice took the whole sentence for a value. Ordinary
answers went to staff where a technician introduced themselves by their work and the practice
they look after ("Ich bin Techniker bei … und betreue die Praxis seit 2019"), where a
receptionist wrote for the doctor, who was with a patient ("Scrivo per conto di Dott. …, in
questo momento impegnato/a con i pazienti"), under a hospital gateway's framed note, over a
signature with lower-case academic titles ("dr. med. dent. Nagy Gábor"), opening hours or a
company register, after an apology for a course or the flu season, or with a cancel's reason
that the matter was talked over ("After talking to Dr Murphy, we're staying …").
"""

from __future__ import annotations

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS
from tests.unit.test_careful_reading import mail
from tests.unit.test_careful_reading_j import OUR_QUOTE, WAIVER_QUOTE


def reading(body: str, **kwargs):
    return read_mail(mail(body, **kwargs), SETTINGS)


def intent(body: str, **kwargs) -> str:
    return str(reading(body, **kwargs).intent)


def text(body: str, **kwargs) -> str:
    return reading(body, **kwargs).reply.text


# -- a condition typed into our quoted notice, in a script without spaces ---------------------------

@pytest.mark.parametrize("typed", [
    "> ただし、請求書No.2026-118（¥128,000）のお支払いが完了していることが条件です。",
    "> 前提是编号2026-118的发票（¥8,600.00）先结清。",
    "> At our standard pricing of EUR 3.50 per mailbox and month.",
])
def test_a_condition_typed_into_our_quoted_waiver_is_not_signed(typed):
    raw = "いつもお世話になっております。\n\n*I AGREE*\n\n敬具\n鈴木由美" + WAIVER_QUOTE.format(comment=typed)
    assert intent(raw) == "ambiguous"


def test_our_quoted_waiver_untouched_under_a_japanese_yes_signs():
    raw = "いつもお世話になっております。\n\n*I AGREE*\n\n敬具\n鈴木由美" + WAIVER_QUOTE.format(comment=">")
    assert intent(raw) == "agree"


# -- greetings and courtesies --------------------------------------------------------------------

@pytest.mark.parametrize("opening", [
    "Αξιότιμε κύριε,",
    "拝啓　時下ますますご清栄のこととお慶び申し上げます。",
    "敬啟者：",
    "Stimate domn,\n\nNe cerem scuze pentru întârziere, am fost în concediu.",
    "Tere,\n\nvabandan hilinenud vastuse pärast.",
    "السادة الكرام،\n\nنعتذر عن التأخر في الرد.",
    "Grüezi miteinander,\n\nBitte entschuldigen Sie, dass ich mich erst jetzt melde; Ihre Mail war im Spam-Ordner gelandet.",
    "Hallo zusammen,\n\nSorry für die Verzögerung – bei uns war wegen der Grippewelle die Hölle los.",
    "Hej,\n\nFörlåt dröjsmålet – vi har haft influensa på hela mottagningen.",
    "안녕하십니까,\n\n답장이 늦어 죄송합니다. 학회 일정으로 자리를 비웠습니다.",
    "Dzień dobry,\n\nPrzepraszam, że dopiero teraz – mieliśmy awarię serwera w przychodni.",
    "Hei,\n\nBeklager sent svar, har vært på hytta uten dekning.",
    # (a courtesy hard-wrapped at 72 by a text client)
    "Sehr geehrtes Team von Praxilia,\n\nEntschuldigen Sie bitte die späte Antwort, ich war die letzte Woche auf\nFortbildung.",
])
def test_a_greeting_or_an_apology_with_its_reason_before_a_yes_signs(opening):
    assert intent(f"{opening}\n\nI AGREE.\n\nS pozdravem\nMark Ellison") == "agree"


@pytest.mark.parametrize("after", [
    "Danke für die Info und die gute Zusammenarbeit in den letzten Jahren. 🙂",
    "Tack för ett gott samarbete genom åren.",
    "これまでのご協力に感謝申し上げます。\n\n寒さ厳しき折、どうぞご自愛ください。",
])
def test_thanks_for_the_years_and_seasonal_care_after_a_yes_sign(after):
    assert intent(f"Hallo,\n\nI ACCEPT\n\n{after}\n\nMark") == "accept"


# -- who writes: a technician by their work, a receptionist for the doctor -------------------------

@pytest.mark.parametrize("introduction", [
    "Ich bin Techniker bei MediNet IT-Service GmbH und betreue die Praxis seit 2019.",
    "Jsem technik ve firmě NemoNet a.s. a ordinaci spravujeme od roku 2018.",
    "Sono il tecnico di MediSoft Servizi S.r.l. e seguiamo lo studio dal 2018.",
    "I'm the support engineer at Practice Tech Solutions Ltd and we've looked after the practice since 2015.",
    "Je suis technicien chez MédiSoft Services SARL, nous suivons le cabinet depuis 2016.",
    "Jag jobbar som tekniker på MedIT Norden AB och har hand om kliniken.",
    "Jestem serwisantem w firmie MedSerwis Sp. z o.o., opiekujemy się gabinetem od 2017 r.",
    "Radim kao tehničar u tvrtki MedInfo d.o.o.",
    "Ég er tæknimaður hjá MedTækni ehf.",
    "أنا مهندس الدعم في الخليج لتقنية المعلومات الطبية ذ.م.م ونتولى صيانة أنظمة العيادة.",
    "株式会社医療情報システムズ サポート部の者です。同院の保守を担当しております。",
    "(주)메디넷솔루션 기술지원팀입니다. 해당 의원의 유지보수를 담당하고 있습니다.",
    "Ich schreibe im Auftrag von Dr. med. Andrea Berger (gerade in der Ordination).",
    "Scrivo per conto di Dott. Farm. Alessandro Romano, in questo momento impegnato/a con i pazienti.",
    "Je vous écris de la part de Dr Isabelle Dubois, actuellement en consultation.",
    "Les escribo en nombre de Dr. Carlos Fernández, que está en consulta.",
    "Píšem v mene MDDr. Katarína Baláž (práve ordinuje).",
    "Γράφω εκ μέρους του ιατρείου (Δρ. Μαρία Παπαδοπούλου).",
    "Kirjutan dr. Margus Saar nimel.",
    "Vă scriu în numele Dr. Ioana Ionescu.",
    "I am writing on behalf of Dr. Aoife Byrne.",
    "김지현치과의사을 대신하여 접수실에서 연락드립니다.",
    "我代黃志明醫師回覆，醫師正在看診。",
])
def test_an_introduction_above_the_keyword_is_a_courtesy(introduction):
    assert intent(f"Guten Tag,\n\n{introduction}\n\nCANCEL\n\nMark Ellison") == "cancel"


@pytest.mark.parametrize("introduction", [
    # (capitals make no name of a statement)
    "Jsem Jana Nováková a Zálohy Zůstávají U Nás.",
    "Olen Mikko Virtanen ja Varmuuskopiot Jäävät Meille.",
    "Jag heter Anna Lindqvist och Servern Stannar Hos Oss.",
    "jestem Anna i Bez Archiwum.",
    # (looking after the practice with a term in it)
    "Ich bin Techniker bei MediNet GmbH und betreue die Praxis erst nach Zahlung.",
    "Jsem technik ve firmě NemoNet a.s. a ordinaci spravujeme do roku 2028.",
    "Sono il tecnico di MediSoft S.r.l. e seguiamo lo studio solo fino a marzo.",
    "Ich schreibe im Auftrag von Dr. med. Berger (nur bis Zahlung).",
    "バックアップの保守を担当しております。",
    "백업 서버의 유지보수를 담당하고 있습니다.",
    "我代黃志明醫師回覆，但需先付款。",
])
def test_an_introduction_that_states_terms_is_no_courtesy(introduction):
    assert intent(f"Hallo,\n\n{introduction}\n\nI AGREE\n\nMark Ellison") == "ambiguous"


# -- what a hospital gateway writes above the text -------------------------------------------------

@pytest.mark.parametrize("banner", [
    "*** ACHTUNG: Diese Nachricht wurde über das Mail-Gateway des Klinikverbunds versandt. "
    "Sie kann vertrauliche Gesundheitsdaten enthalten. ***",
    "[EXTERNAL SENDER NOTICE - NHS-approved secure gateway] This message may contain confidential "
    "patient information.",
    "*** Tato zpráva byla odeslána přes zabezpečenou bránu nemocnice a může obsahovat citlivé údaje pacientů. ***",
    "*** Detta meddelande har skickats via regionens säkra e-postgateway och kan innehålla patientuppgifter. ***",
])
def test_a_secure_gateways_framed_note_above_a_yes_is_not_the_writers(banner):
    assert intent(f"{banner}\n\nHallo zusammen,\n\nI ACCEPT\n\nMark") == "accept"


@pytest.mark.parametrize("banner", [
    "*** Confidential patient information: the backups stay with us. ***",
    "[Secure gateway] This message is confidential until the invoice is paid.",
])
def test_a_framed_note_that_states_terms_is_the_writers(banner):
    assert intent(f"{banner}\n\nHallo zusammen,\n\nI ACCEPT\n\nMark") == "ambiguous"


# -- a practice's signature ----------------------------------------------------------------------

@pytest.mark.parametrize("signature", [
    "dr stom. Jelena Marković\nStomatološka ordinacija Marković\nBeograd",
    "dr. med. dent. Nagy Gábor\nDr. Nagy Fogászati Rendelő Kft.\nBudapest",
    "mgr farm. Tomasz Wójcik\nApteka Pod Orłem\nKraków",
    "James Borg\nMedisys IT Ltd\nRegistered in England and Wales No. 08123456. GDC No. 123456",
    "Isabelle Dubois\nCabinet Dubois\nHoraires : lun–ven 8h30–12h / 14h–19h",
    "黃志明\n志明牙醫診所\n門診時間：週一至週六 9:00-12:00、14:30-17:30、18:30-21:00",
    "v z. Peter Vargová\nMDDr. Katarína Baláž\nBratislava",
    "για Νίκος Παπαδόπουλος\nΔρ. Μαρία Παπαδοπούλου\nΑθήνα",
    "Enviat des del meu iPhone",
])
def test_a_practice_signature_under_a_yes_sets_no_terms(signature):
    assert intent(f"Hello,\n\nI AGREE\n\n{signature}") == "agree"


def test_a_lower_case_word_inside_a_company_name_is_still_a_name():
    sender = "Lékárna U Zlatého lva s.r.o. <e.svoboda@lekarna-zlateho.cz>"
    assert intent("Dobrý den,\n\nI AGREE\n\nMUDr. Eva Svoboda", sender=sender) == "agree"


def test_opening_hours_that_state_terms_are_a_statement():
    assert intent("Hello,\n\nI AGREE\n\nMark Ellison\nOpening hours: 9-17 except backups") == "ambiguous"


# -- a cancel's reason ---------------------------------------------------------------------------

@pytest.mark.parametrize("reason", [
    "After talking to Dr Murphy, we're staying with our current provider.",
    "Après discussion avec le docteur, nous restons chez notre prestataire actuel.",
    "Tras hablar con la doctora, nos quedamos con el proveedor actual.",
])
def test_a_cancel_whose_reason_says_it_was_talked_over_cancels(reason):
    assert intent(f"Hi,\n\nCANCEL\n\n{reason}\n\nDana") == "cancel"


@pytest.mark.parametrize("line", [
    "*CANCEL* 院長と相談の結果、現在の業者のままといたします。",
    "*CANCEL* Tras hablar con la doctora, nos quedamos con el proveedor actual.",
    "محترم،\n\ncancel ہم نے موجودہ ایجنسی کے ساتھ رہنے کا فیصلہ کیا ہے۔",
])
def test_a_reason_on_the_keywords_line_in_a_script_without_capitals_cancels(line):
    assert intent(f"{line}\n\nDana") == "cancel"


@pytest.mark.parametrize("line", [
    "CANCEL 旧パートナーのアクセスのみ",
    "CANCEL バックアップを削除してください",
    "CANCEL\n\nAfter the holidays.",
    "*CANCEL* Bitte löschen Sie außerdem umgehend alle Kopien unserer Patientendaten und bestätigen Sie uns das "
    "schriftlich.",
])
def test_a_cancel_with_a_condition_or_a_demand_goes_to_staff(line):
    assert intent(f"Hi,\n\n{line}\n\nDana") == "ambiguous"


# -- where the new text ends ----------------------------------------------------------------------

@pytest.mark.parametrize("body, new_text", [
    ("*CANCEL*\n\nHerzlichen Dank für Ihre Geduld. :)\n\ni.A. Florian Hofer\n\nDr. med. Corinne Fischer\n"
     "Physiotherapie am Stadtpark OG\nWien\nTel. +43 1 001 80 21\nOrdinationszeiten: Mo–Fr 8–12 Uhr, Di & Do 15–18 Uhr",
     "*CANCEL*\n\nHerzlichen Dank für Ihre Geduld. :)"),
    ("CANCEL.\n\n김지현 원장\n\n연세가정의학과의원\n서울특별시 강남구\nTel. 02-063-2989\n진료시간 평일 09:00~18:00 / 토 09:00~13:00",
     "CANCEL."),
    ("I Agree.\n\n감사합니다. 좋은 하루 되세요.\n\n(주)메디넷솔루션\n기술지원팀 김지현 과장\nTel. 02-481-4005", "I Agree."),
    ("I DECLINE!\n\n有限会社クリニックサポート大阪\n\nシステムサポート部\n田中由美\n東京都港区\nTel. 06-0769-1185",
     "I DECLINE!"),
    ("CANCEL\n\nFreundliche Grüsse\nDr. med. Wolfgang Schneider\nPraxis Schneider\nZürich", "CANCEL"),
])
def test_the_new_text_ends_above_a_practice_signature(body, new_text):
    assert text(body + OUR_QUOTE) == new_text


def test_a_japanese_clients_attribution_opens_the_quote():
    body = ("I DECLINE!\n\n田中由美\n\nPraxilia - Partnerwechsel 様 (2027/01/05 00:07) のメール:\n"
            "> Hello,\n>\n> a friendly reminder about case XFER-262WMC6.\n")
    assert text(body) == "I DECLINE!"
