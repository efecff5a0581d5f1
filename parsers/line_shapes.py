"""What a line around a yes is, by its shape: signature, courtesy, or a clause that states something.

A careful reader does not need a list of every company, title or street to see that
"Mark Ellison / Bright Falls IT / +44 20 7946 0000" is a signature and "The backup server stays
with Smith IT." is not: names, titles, companies and addresses are short runs of capitalised
words, numbers and a few small connecting words; phones, mail addresses and links have their own
shapes; legal boilerplate talks about confidentiality and recipients. A sentence has lower-case
words that carry meaning. Courtesies are short clauses that open with thanks, a greeting, an
apology or good wishes.

Each check also asks ``word_classes``: a name-shaped line that still carries a condition word
("Vorbehalt Zahlungseingang", "Minus The Archive") is a statement.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from itertools import permutations

from parsers.quote_patterns import DISCLAIMER, POSTSCRIPT, SENT_FROM, SIGN_OFF, SIGNATURE_DELIMITER
from parsers.word_classes import CLASSES, COURTESY_WORDS, FREE_WORD_CLASSES, words_of


class Kind(StrEnum):
    BLANK = "blank"
    SIGN_OFF = "sign-off"
    SENT_FROM = "sent-from"
    NAME = "name"  # a name, role, company or address: short, capitalised
    CONTACT = "contact"  # phone, mail address, link, register number
    BOILERPLATE = "boilerplate"
    COURTESY = "courtesy"
    STATEMENT = "statement"


# Lines under which a title or company in lower case is read as one.
BLOCK_KINDS = frozenset({Kind.SIGN_OFF, Kind.NAME, Kind.CONTACT})


_KNOWN_SENDERS = 1024
_MAX_PERMUTED_NAMES = 4


@dataclass(frozen=True)
class Sender:
    """The words of the sender's display name and address: a line of them is a name."""

    words: frozenset[str] = frozenset()
    domain_letters: tuple[str, ...] = ()  # "brightfallsit" for mark@brightfalls-it.example
    initials: frozenset[str] = frozenset()  # "ub", "u.b." for Ursula Becker

    def signs(self, text: str) -> bool:
        """Whether ``text`` is the writer's name, a part of it, or their initials ("Rachel",
        "/rv", "J.K.", "-Lev.")."""
        bare = fold(text).strip(" \t-–—~/.,*_")
        if not bare or len(bare) > 60:
            return False
        letters = re.sub(r"[\s.]", "", bare)
        if letters in self.initials:
            return True
        words = [w for w in re.split(r"[^\w]+", bare) if w]
        # (a name and an initial: "Hannah T.", "Lena N.")
        return bool(words) and any(len(w) > 1 for w in words) and all(
            w in self.words or len(w) == 1 and any(known.startswith(w) for known in self.words) for w in words)

    @classmethod
    @lru_cache(maxsize=_KNOWN_SENDERS)  # (a writer's mail is read by several checks)
    def of(cls, name: str | None, address: str | None) -> Sender:
        text = f"{name or ''} {address or ''}".lower()
        domain = fold((address or "").rpartition("@")[2])
        labels = domain.split(".")[:-1] or [domain]  # without the top-level domain
        letters = tuple(re.sub(r"[^\w]|_", "", label) for label in labels if len(label) > 2)
        names = [w for w in re.split(r"[^\w]+|_", fold(name or "")) if w]
        initials = {names[0][0] + names[-1][0], names[0][0] + names[1][0]} if len(names) > 1 else set()
        if 1 < len(names) <= _MAX_PERMUTED_NAMES:
            # in any order: the family name comes first in Vietnamese, Chinese, Hungarian
            # ("Phạm Thu Minh" signs "/mpt")
            initials |= {"".join(order) for order in permutations(w[0] for w in names)}
        return cls(frozenset(w for w in re.split(r"[^\w]+|_", fold(text)) if len(w) > 1), letters,
                   frozenset(i for i in initials if len(i) > 1))

    def is_company(self, line: str) -> bool:
        """"Bright Falls IT" for brightfalls-it.example, "NetzWerk Nord GmbH" for netzwerknord.de:
        the sender's domain in words, maybe with a company form."""
        letters = re.sub(r"[^\w]|_", "", _COMPANY_FORM_WORDS.sub("", fold(line)))
        return len(letters) >= 4 and any(letters == label for label in self.domain_letters)


# Invisible format characters (zero-width spaces, direction marks): every code point of Unicode
# category Cf, found by one pattern (it scans in C; a translate table looks up every character)
def _ranges(points: list[int]) -> str:
    """A character class of ``points`` as ranges (a class of single characters is scanned
    slowly)."""
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in runs)


_FORMAT_CHARACTER = re.compile(
    "[" + _ranges([c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]) + "]")


_POINTS = re.compile("[\u064b-\u065f\u0670\u0591-\u05c7]")


def drop_points(text: str) -> str:
    """Without Arabic vowel marks and Hebrew points: "مرحباً" is "مرحبا" to the word lists."""
    return _POINTS.sub("", text) if _POINTS.search(text) else text


def drop_format_characters(text: str) -> str:
    return _FORMAT_CHARACTER.sub("", text) if _FORMAT_CHARACTER.search(text) else text


def fold(text: str) -> str:
    """Lower case, compatibility-folded, without invisible format characters, straight quotes."""
    if text.isascii():
        return text.lower().replace("`", "'")  # (the common case, without a pass per character)
    text = drop_format_characters(unicodedata.normalize("NFKC", text))
    text = drop_points(text)
    # ("İyi günler": the Turkish capital İ lowers to "i" and a combining dot)
    return text.lower().replace("i\u0307", "i").replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")


# How many recent lines' readings are kept (pure functions of the line, asked again for the
# same signature and notice lines mail after mail)
_KNOWN_LINES = 4096
_CONDITION_WORDS = words_of(*CLASSES)
_FREE_CONDITION_WORDS = words_of(*FREE_WORD_CLASSES)


@lru_cache(maxsize=_KNOWN_LINES)  # (a signature's lines come back with every mail of its writer)
def states_terms(text: str) -> bool:
    """Whether ``text`` holds a word of any class that changes a yes."""
    return bool(_CONDITION_WORDS.search(fold(text)))


# -- sent from my phone -------------------------------------------------------------------------

# "Sent from my iPhone", "Envoyé sans fil par mon terminal mobile BlackBerry sur le réseau de
# Bell.", "iPhone'umdan gönderildi", "iPhoneから送信": a verb of sending and a device or app.
_SENT_VERB = re.compile(
    r"\b(?:sent|envoyé|enviado|enviada|inviato|verstuurd|verzonden|gesendet|sendt|skickat|skickad|wysłane|"
    r"wysłano|отправлено|lähetetty|odesláno|odoslané|poslano|elküldve|küldve|trimis|gönderildi|get|obtenir|"
    r"obtener|scarica|hämta|pobierz|скачайте|herunterladen|downloaden|beziehen|descargar|scaricare|baixar|"
    r"ladda ner|hent|lataa|stáhnout|letöltése|descarcă|λήψη|скачать|indir|εστάλη|στάλθηκε|надіслано|"
    r"poslano|poslané|wysłane|gesendet|verstuurd|edinin|alın|gönderilmiştir|stáhněte|získejte|hanki|"
    r"téléchargez|télécharger|ottieni|scarica|obtén|descarga|scarica|pobierz|ladda|last ned|hent|saadetud|được gửi|dikirim|sent frá|poslano|"
    r"изпратено|išsiųsta|nosūtīts|enviat|poslato|послато|bidalia|skaffa|tải|unduh|dapatkan|i-download|kunin|dihantar|gửi từ)\b|받기|다운로드|ส่งจาก|से भेजा|"
    r"送信|发送|發送|入手|보냄|보낸|مرسل|رسلت|נשלח|ارسال شده")
_DEVICE = re.compile(
    r"iphone|ipad|android|samsung|galaxy|blackberry|outlook|gmail|yahoo|typeapp|mailbox|proton|spark|"
    r"k-9|htc|wiko|huawei|xiaomi|pixel|nokia|motorola|sony|lg|oneplus|oppo|mobile|smartphone|"
    r"tablet|phone|device|terminal|handy|téléphone|teléfono|telefono|telefoon|telefon|телефон|"
    r"appareil|dispositivo|apparaat|gerät|mail|app|aquamail|bluemail|edison|airmail|newton|fairemail|"
    r"superhuman|hey|zoho|gmx|web\.de|t-online|mail\.ru|yandex|seznam|orange|icloud|windows|ios|iphon|"
    r"почт|мобильн|яндекс|айфон|смартфон|планшет|em client|"
    r"携帯|スマートフォン|手机")
_MAX_SENT_FROM = 120


_ON_A_DEVICE = re.compile(r"\b(?:no|na|em|nel|nella|sur|su|on|auf|op|på|w|v|ve|в|на)\s+(?=(?:" + _DEVICE.pattern + r"))")


@lru_cache(maxsize=_KNOWN_LINES)
def is_sent_from(line: str) -> bool:
    """A "sent from my phone" line in any language (the device or app names it)."""
    text = fold(line.strip())
    if not text or len(text) > _MAX_SENT_FROM:
        return False
    if SENT_FROM.match(line):
        return True
    text = re.sub(r"<?https?://\S*>?", " ", text)
    return bool(_SENT_VERB.search(text) and _DEVICE.search(text) and not states_terms(_without_device(text)))


def _without_device(text: str) -> str:
    # "Envoyé sans fil" is "sent wirelessly", not "without": the device words and that idiom
    # are not terms, and neither is the "on" before a device ("Enviado do Yahoo Mail no
    # Android": Portuguese "no" is "on the").
    text = _ON_A_DEVICE.sub(" ", text.replace("sans fil", " ").replace("stáhněte si", " "))
    return _DEVICE.sub(" ", text)


# -- names, roles, companies, addresses ------------------------------------------------------------

# Small words that stand between the capitalised words of names, titles, companies and
# addresses ("Head of IT", "3 place du Marché", "Váci út 76.", "Vesterbrogade 58, 2. tv").
_CONNECTOR_WORDS = """
of and & for the at in on by to a an en de del della dei di da do dos das du des la le les l' d' van von der den
het ten ter y e et und u i og och og am im an zu zum zur auf bei och på af av til und e.v. al el lo
bin binti binte bt bte ibn bint a/l a/p ap ab ferch verch ní nic mac ua
place rue avenue av av. bd boulevard chemin allée impasse quai cours route via viale piazza piazzale corso
largo calle avenida plaza paseo carrer rua travessa praça straße strasse str str. weg gasse platz ring
allee damm út utca u. tér krt. körút cad. cad sok. sk. mah. mahallesi no no. nr nr. ul. ulica al. gatan
vägen gata gade vej veien vei katu tie laan straat plein gracht kade suite floor fl. fl étage piso kat
bldg building unit apt box po p.o. tv th mf st
tel tel. tél tél. tlf tlf. fax mob mob. mobile phone p. p m. m t. t e. e w. w web email e-mail mail cell
direct office skype teams tel.: phone: mobil handy telefon telefono teléfono телефон тел. тел
gsm ph ph. dw wew. int ext ext.
ceo cto cfo coo it ict adm. adm dir. dir vd
associé associée général générale technique commercial commerciale informatique adjoint adjointe délégué
déléguée principal comercial técnico técnica general sistemas informática informático tecnico tecnica
commerciale informatico informatica generale amministratore delegato responsabile ingegnere commerciaal
technisch informatikus rendszergazda ügyvezető igazgató műszaki vezető konsulent teknisk tekniker chef
daglig leder sjef kundeansvarlig senior junior ds. ds from via team z o.o. sp. sp s.c. sp.j. sp.k. spółka
ул. ул д. д офис оф. кв. пр. пр-т г. г стр. корп. пер. наб. ш. пл. б-р nave local planta bajo of. oficina
certified compliant accredited zertifiziert certifié certifiée certificado certificada certificato certificata
gecertificeerd certifierad certificeret sertifioitu certyfikowany
polígono esq. dto. dcha. izq. lda. lda apdo. c/ av. avda. avda lok. lok logo логотип logotipo logotype conj. conj sala andar bloco cj. cj
"""
_CONNECTORS = frozenset(_CONNECTOR_WORDS.split())
# (two sentences: "Backups excluded. Valid until May."; not "Kowalski IT Sp. z o.o.")
_SENTENCE_PUNCT = re.compile(r"[?!;]|[.。]\s+(?=[A-ZÀ-ÖØ-Þ])\S+\s+\S.*[.。]\s*$|[、。！？]")
_WORDISH = re.compile(r"[^\s|•·,/()\[\]\"“”«»]+")
_COMPANY_FORMS = re.compile(r"(?:ltd|inc|co|corp|llc|gmbh|ag|kg|sa|s\.a|bv|b\.v|nv|plc|srl|s\.r\.l|sas|sarl|ab|as|oy|"
                            r"aps|spa|s\.p\.a|pty|lp|llp|kft|zrt|sro|s\.r\.o|a\.s|a\.ş|ltda|s\.l|sl|e\.v|ev|"
                            r"mbh|ohg|ug|e\.k|bt|nyrt|oyj|asa|sp\.j|s\.c|ооо|зао|пао|ao|e\.u|d\.o\.o|j\.d\.o\.o|doo|d\.d|sprl|bvba|"
                            r"srl|s\.l\.u|a/s|oü|uab|sia|eood|ood|тов|фоп|ип|ао|gbr|şti|ltd\.şti|lda|sp\.k|s\.a\.s|"
                            r"s\.a\.r\.l|k\.k|kk|pte|bhd|sdn|ehf|hf|sl|s\.l|slu|sarl|eood|ад|оод|еоод|pt|cv|tbk|jsc|llc|d\.o\.o|"
                            r"בע\"מ|בע״מ|тоо|пп|लिमिटेड|लि|"
                            # (more of the world's forms, as fold() leaves them: Tamil, Bengali, Urdu and
                            # Thai "limited", Serbian and Macedonian Cyrillic, Armenian, Kazakh, Mongolian,
                            # Azerbaijani, Uzbek, Albanian, Greek, Vietnamese, Welsh, Irish, Afrikaans,
                            # French, Italian, Brazilian and Dutch ones the list lacked)
                            r"லிமிடெட்|লিমিটেড|لمیٹڈ|لميتد|จํากัด|д\.о\.о|доо|дооел|а\.д|սպը|բբը|փբը|"
                            r"жшс|ақ|ххк|mmc|asc|mchj|sh\.p\.k|shpk|sh\.a|α\.ε|ε\.π\.ε|ι\.κ\.ε|ικε|ο\.ε|tnhh|cyf|teo|teoranta|bpk|"
                            r"eurl|sasu|sci|snc|s\.n\.c|s\.a\.s|sàrl|eireli|vof|v\.o\.f|cvba|scrl|hb|kb|oyj|s\.coop|s\.e\.n\.c|senc|s\.e\.n\.c\.r\.l|"
                            r"ش\.م\.م|ش\.م\.ع|ذ\.م\.م|ش\.ذ\.م\.م|a\.d|ایٹس|"
                            # (associations and charities: Czech "z.s.", "z.ú.", "o.p.s.", Slovak "o.z.")
                            r"z\.s|z\.ú|o\.p\.s|o\.z)\.?$")
_COMPANY_FORM_WORDS = re.compile(r"\b(?:ltd|inc|co|corp|llc|gmbh|ag|kg|sa|bv|nv|plc|srl|sas|sarl|ab|as|oy|aps|spa|"
                                 r"pty|lp|llp|kft|zrt|sro|ltda|sl|ev|mbh|ohg|ug|limited|group|s\.a|b\.v|s\.r\.l|"
                                 r"s\.p\.a|s\.r\.o|e\.v|e\.u|d\.o\.o|doo|sprl|bvba|lda|oü|uab|sia|ооо|тов|фоп|kk|pte|bhd)\b\.?")
_MAX_NAME_LINE = 90
# Serving unpaid, in brackets beside a role: "Webmaster (ehrenamtlich)", "Ketua (relawan)",
# "(student, volunteer webmaster)" (a club's or charity's officers sign so)
_VOLUNTEER_WORD = (r"(?:volunteer(?:ing)?|honorary|hon\.|unpaid|pro bono|student|retired|ehrenamtlich\w*|freiwillig\w*|"
                   r"bénévole|benevole|voluntari[oa]|voluntári[oa]|volontari[oa]|volontaire|relawan|sukarelawan|"
                   r"dobrovoln\w*|önkéntes|εθελοντής|εθελόντρια|frivillig|vrijwilliger|wolontariusz\w*|"
                   r"волонтер\w*|волонтёр\w*|доброволец|gönüllü|voluntar|volontär|vapaaehtoinen|sjálfboðaliði|"
                   r"مت?طوع\w*|מתנדב\w*|志愿者|義工|ボランティア|자원봉사자)")
_VOLUNTEER = re.compile(r"(?i)\s*\(\s*(?:(?:[^\W\d_]{1,20}\s?,\s?)?" + _VOLUNTEER_WORD +
                        r"(?:\s[^\W\d_]{1,20}){0,2}|[^\W\d_]{1,20}(?:\s[^\W\d_]{1,20})?\s?,\s?" + _VOLUNTEER_WORD + r")\s*\)")
# A name, a dash, and whom it signs for: "Neema Mushi – on behalf of the Headteacher", "Anna Weber
# - i.A. der Schulleitung", "Marie Dubois – pour le Directeur"
_NAME_FOR_WHOM = re.compile(
    r"(?i)^(?P<name>[^\W\d_][^–—-]{1,50}?)\s[–—-]\s(?:on behalf of|for|p\.\s?p\.?|pp|i\.\s?a\.(?:\s(?:von|der|des))?|"
    r"im auftrag (?:von|der|des)|au nom d[eu]|pour|por delegação d[aeo]|em nome d[aeo]|en nombre de(?:l)?|"
    r"por|a nome d[ei](?:l|lla)?|per conto d[ei](?:l|lla)?|namens|w imieniu|za)\s(?:the\s|le\s|la\s|l'|el\s|la\s|o\s|a\s|il\s|der\s|die\s|des\s)?"
    r"(?P<whom>[^\W\d_][^–—]{1,50})$")
_SPACED_FORM = re.compile(r"\bsp\.\s+([jkp])\.", re.IGNORECASE)
# "Weber IT-Service S.à r.l.": Luxembourg's form with a space, one form
_SARL_SPACED = re.compile(r"\bS\.\s?à\s?r\.\s?l\.?(?=\s|$)", re.IGNORECASE)
# "Horák Systémy, spol. s r.o.": the Czech form written with spaces, one form
_SPOL_S_RO = re.compile(r"\bspol\.\s+s\s+r\.\s?o\.?", re.IGNORECASE)
# "Балкан Нет ООД", "Витоша Нет ООД": Bulgarian companies' "Net", capitalised before their form,
# is no Russian "нет" ("no")
_NET = re.compile(r"\bНет\b")
_COMPANY_FORM_ASIDE = re.compile(r"\((?:haftungsbeschränkt|in liquidation|i\.\s?l\.|en liquidation)\)", re.IGNORECASE)
# Company forms written before the name
# A company's name in quotes after its form: "ТОО «Алатау Нет»" (its words are a name, "Нет" no "no")
_QUOTED_NAME = re.compile(r"[«\"“„][^«»\"“”„\n]{1,60}[»\"”“]")
# Pronouns in a name line: "(she/her)", "(they/them)", "(er/ihm)"
_PRONOUNS = re.compile(r"\s*[(\[](?:she|he|they|ze|xe|sie|er|il|elle|iel|ella|él|hen|hän)(?:\s*/\s*[^\W\d_]{1,8}){1,2}[)\]]",
                       re.IGNORECASE)
_COMPANY_FIRST = re.compile(r"(?:công ty|cty|pt|cv|ооо|ooo|тов|тоо|ао|зао|пао|ип|пп|фоп|شركة|مؤسسة|شرکت|חברת|"
                            r"коллегия адвокатов|адвокатское бюро|адвокатская контора|юридическая фирма|нотариальная контора|"
                            r"შპს|სს|жшс|บริษัท)\s|株式会社|有限会社|有限公司|"
                            r"股份有限公司|\(주\)|주식회사")
# (under a name: "المدير العام, شركة الخليج …", a title, then the company)
_DETAIL_COMMA = re.compile(r"\s*[,،]\s+")
_DETAIL_SEPARATOR = re.compile(r"\s+[|•·–—/]\s+")  # (and a name in two scripts: "三亚海韵度假酒店 / Sanya Haiyun Resort")
_MAX_NAME_WORDS = 9
# Academic and professional titles before a name, typed in lower case too ("dr stom.", "lek. dent.",
# "mag. pharm.", "Dipl.-Ing.", "MUDr.", "dott.ssa")
_ACADEMIC_TITLES = re.compile(
    r"^(?:(?:dr|mgr|lek|mag|dipl|ing|mudr|mddr|phdr|pharmdr|judr|rndr|mvdr|paeddr|prim|doc|prof|dott|dott\.ssa|dra|"
    r"med|dent|stom|farm|pharm|vet|univ|habil|dipl\.-ing|dr\.-ing|mr\. sc|dr\. sc|ddr|"
    # (a lawyer's and a notary's: "адв.", "r. pr.", "adw.", "mec.", "mr.", "drs.", "lic. iur.", "Me", "Avv.")
    r"адв|адвокат|r\. ?pr|adw|mec|mr|drs|lic|iur|me|maître|avv|abog|lcdo|lcda|ldo|lda|adv|notar|not|"
    r"ing\. arch|arch|ph\.d|phd|ll\.m|llm|mba)\.?[^\S\n]++)+(?=\S)",
    re.IGNORECASE)


def _name_word(word: str, sender: Sender) -> bool:
    if "@" in word or word.startswith(("www.", "http")):
        return True  # "Mark Sutton <mark@suttonsystems.net>"
    if any(ch.isdigit() for ch in word):
        return True  # house numbers, postcodes, "4F", "No:185"
    bare = word.strip(".,:;'’-–—*_")
    if not bare:
        return True
    low = fold(bare)
    if low in _CONNECTORS or fold(word) in _CONNECTORS or low in sender.words:
        return True
    if _COMPANY_FORMS.match(low):
        return True
    first = next((ch for ch in bare if ch.isalpha()), "")
    if not first:
        return True  # "&", "–"
    if not first.islower() and not first.isupper() or _uncased(bare):
        return True  # scripts without case (Japanese, Arabic, Hebrew, Georgian …)
    return first.isupper()


_MAX_UNCASED_NAME_WORDS = 3
_CJK_TITLE = re.compile(r"部長|課長|係長|主任|社長|室長|所長|取締役|经理|总监|主管|부장|팀장|과장|차장|실장")
_CJK_DEPARTMENT = re.compile(r".{1,20}(?:部|課|室|センター|グループ|チーム|本部|支店|팀|부|실|组|處|处)")


def _department_title_name(words: list[str]) -> bool:
    """"カスタマーサポート課 課長 高橋 拓也": departments, a title, then a name of one or two
    short words, and nothing else."""
    titles = [i for i, w in enumerate(words) if _CJK_TITLE.fullmatch(w)]
    if len(titles) != 1 or not 1 <= len(words) - titles[0] - 1 <= 2:
        return False
    return all(_CJK_DEPARTMENT.fullmatch(w) for w in words[:titles[0]]) and \
        all(len(w) <= 4 for w in words[titles[0] + 1:])


def _uncased(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    # (Georgian is written in Mkhedruli, which Unicode gives a capital form no one writes names in)
    return bool(letters) and not any((ch.islower() or ch.isupper()) and not "\u10d0" <= ch <= "\u10ff"
                                     for ch in letters)


def is_name_line(line: str, sender: Sender = Sender(), in_block: bool = False) -> bool:
    """A name, title, company or address line: short, mostly capitalised words and numbers,
    not a sentence, and no word that sets terms. ``in_block``: the line stands under a name or
    sign-off, where titles in lower case ("Account manager") are read as titles too."""
    text = line.strip().strip("*_")
    text = without_titles(text)  # "dr. med. dent. Nagy Gábor", "mgr farm. Tomasz Wójcik"
    if not text or len(text) > _MAX_NAME_LINE or _SENTENCE_PUNCT.search(text):
        return False
    text = _COMPANY_FORM_ASIDE.sub("", text).strip() or text  # "Schwarzwald Systeme UG (haftungsbeschränkt)"
    text = _PRONOUNS.sub("", text).strip() or text  # "Zawadi (she/her)"
    volunteer = _VOLUNTEER.search(text)
    if volunteer and not _FREE_CONDITION_WORDS.search(fold(volunteer.group(0))) and not _KEYWORDS.search(fold(text)):
        # "Trésorière (bénévole)", "(student, volunteer webmaster)": who serves unpaid
        text = (text[:volunteer.start()] + text[volunteer.end():]).strip()
        if not text:
            return True
    if sender.is_company(text):
        return True
    behalf = _NAME_FOR_WHOM.match(text)
    if behalf and not states_terms(text) and not _KEYWORDS.search(fold(text)) and \
            is_name_line(behalf.group("name"), sender, in_block) and is_name_line(behalf.group("whom"), sender, True):
        return True  # "Ram Adhikari – on behalf of the Headteacher": who signs, and for whom
    if _company_and_tagline(text, sender):
        return True
    if _COMPANY_FIRST.match(fold(text)) and not states_terms(_QUOTED_NAME.sub(" ", text)) and \
            not _KEYWORDS.search(fold(text)):
        return True  # "Công ty Cổ phần Sài Gòn Tech Solutions", "株式会社さくら", "ТОО «Алатау Нет»"
    text = _SPOL_S_RO.sub("s.r.o.", _SARL_SPACED.sub("SARL", text))
    words_typed = _SPACED_FORM.sub(r"sp.\1.", text).split()  # ("Wisła Hosting sp. j.": one form)
    if 1 < len(words_typed) <= _MAX_NAME_WORDS and _COMPANY_FORMS.match(fold(words_typed[-1])) and \
            (all(_uncased(w) or w[:1].isupper() or w[:1].isdigit() for w in words_typed[:-1])
             or in_block and words_typed[0][:1].isupper()
             # (one word in lower case inside a capitalised name: "Lékárna U Zlatého lva s.r.o.")
             or words_typed[0][:1].isupper() and sum(w[:1].islower() for w in words_typed[:-1]) == 1
             and sum(w[:1].isupper() for w in words_typed[:-1]) >= 2) and \
            not states_terms(_NET.sub(" ", text)) and not _KEYWORDS.search(fold(text)):
        # a name in a script without capitals, then its company form: "אורט מערכות מידע בע״מ";
        # in a signature block, a name whose later words are lower case: "Moravské sítě a.s."
        return True
    for separator in (_DETAIL_SEPARATOR, _DETAIL_COMMA) if in_block else (_DETAIL_SEPARATOR,):
        parts = [part for part in separator.split(text) if part.strip()]
        if len(parts) > 1 and is_name_line(parts[0], sender, in_block) and all(
                is_name_line(part, sender, in_block=True) or is_contact_line(part, sender) for part in parts[1:]):
            return True  # "Mette Jørgensen | Teknisk ansvarlig": a name, then its title
    words = _WORDISH.findall(text)
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    if not any(any(ch.isalpha() for ch in w) for w in words):
        return False
    if not all(_name_word(w, sender) for w in words) and not (in_block and _role_or_company(text, words)):
        return False
    if sum(1 for w in words if _uncased(w)) > _MAX_UNCASED_NAME_WORDS and not _department_title_name(text.split()):
        # (no capitals to tell a name from a sentence: "لا يمكن أن يتم النقل قبل …"; a department,
        # a title and a name in Japanese, Chinese or Korean: "カスタマーサポート課 課長 高橋 拓也")
        return False
    if _KEYWORDS.search(fold(text)):
        return False  # "I Decline", "We Agree": an answer, whatever its capitals
    # (a sentence that happens to be capitalised: "Only After Payment", "Minus The Archive";
    # "No. 5" and "No:185" in an address are numbers, not a no; a date is no address:
    # "From: 1 April 2026")
    return not (states_terms(_ROLE_NOUN.sub(" ", fold(_HOUSE_NUMBER.sub(" ", text)))) or _DATE.search(fold(text))
                or mixed_scripts(text))


_MONTHS = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
           r"september|october|november|december|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|"
           r"février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|"
           r"abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)")
_DATE = re.compile(rf"\b\d{{1,2}}\.?\s*{_MONTHS}\b|\b{_MONTHS}\.?\s+\d{{1,4}}\b|\b\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}\b")


def mixed_scripts(text: str) -> bool:
    """A word that mixes Latin with Cyrillic or Greek letters ("pаying" with a Cyrillic а):
    written to look like one word to a person and another to a program."""
    if text.isascii():
        return False  # (most lines: one script, no character to look up)
    for word in _WORD_RE.findall(text):
        if word.isascii():
            continue
        scripts = {_script(ch) for ch in word if ch.isalpha()}
        if len(scripts - {"other"}) > 1:
            return True
    return False


_WORD_RE = re.compile(r"\w+")


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x250:
        return "latin"  # (Basic Latin to Latin Extended-B: no name to look up)
    name = unicodedata.name(ch, "")
    return "latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC") else \
        "greek" if name.startswith("GREEK") else "other"


_MAX_ROLE_WORDS = 6
_MAX_UNNAMED_ROLE_WORDS = 4


def _role_or_company(text: str, words: list[str]) -> bool:
    """"Account manager", "Chargé de clientèle", "Генеральный директор", "datalogic Süd GmbH":
    a title of a few words that opens with a capital, or a name with a company form, whose
    lower-case words name nothing a condition could (no word of any class, service and time
    included: "Minus the archive", "Backup excluded", "Twelve-month term" are statements)."""
    low = fold(text)
    # (the title's own words first: "Ingénieure avant-vente", "After-sales manager")
    if _FREE_CONDITION_WORDS.search(_ROLE_NOUN.sub(" ", low)) or _KEYWORDS.search(low) or text.rstrip().endswith(":") or (
            text.rstrip().endswith(".") and not _INITIAL_END.search(text)):
        return False  # (a sentence ends with a full stop; "ФОП Коваленко А. В." with initials)
    if _PRONOUN.match(low) and not (len(words[0]) > 1 and words[0].isupper()):
        return False  # "I decline", "We keep it": somebody speaking, not a title ("IT manager" is one)
    if _LOWER_ASIDE.search(text):
        return False  # "Brněnské sítě a.s. (jen zubar-kucera.cz)": a remark in brackets
    has_form = any(_COMPANY_FORMS.match(fold(w)) for w in words[1:])
    first = next((ch for ch in words[0] if ch.isalpha()), "")
    role = _ROLE_NOUN.search(low)
    limit = _MAX_ROLE_WORDS if role else _MAX_UNNAMED_ROLE_WORDS
    # (a title may be written in lower case when it names a role: "jednatel", "ügyvezető")
    return has_form or (len(words) <= limit and (first.isupper() or bool(role)))


# What a title names: a role ("Менеджер по работе с клиентами", "Responsable des systèmes
# d'information"). Without one, a title is short: "Account manager" yes, "Please call me first" no.
_ROLE_NOUN = re.compile(
    r"\b(?:manager|director|head|lead|officer|engineer|administrator|admin|consultant|specialist|technician|"
    r"owner|founder|partner|president|executive|coordinator|analyst|architect|developer|support|sales|"
    r"account|assistant|secretary|accountant|advisor|adviser|supervisor|"
    r"leiter\w*|geschäftsführ\w*|berater\w*|techniker\w*|inhaber\w*|vertrieb\w*|referent\w*|sachbearbeiter\w*|"
    r"directeur|directrice|responsable|chargée?|ingénieur\w*|technicien\w*|gérante?|conseill\w*|"
    r"gerente|jef[ea]|técnic[oa]|director[a]?|direttore|direttrice|responsabile|tecnico|amministrat\w*|"
    r"beheerder|adviseur|eigenaar|directeur|medewerker|kierownik|dyrektor|specjalist\w*|prezes|"
    r"chef|ansvarlig|konsult\w*|tekniker|ägare|vd|johtaja|päällikkö|asiantuntija|igazgató|vezető|"
    r"ředitel\w*|vedoucí|technik|specialista|müdür\w*|uzman|sorumlu\w*|διευθυντ\w*|υπεύθυν\w*|"
    r"менеджер\w*|директор\w*|руководител\w*|инженер\w*|специалист\w*|администратор\w*|начальник\w*|"
    r"керівник\w*|фахів\w*|jednatel\w*|ügyvezető|konateľ|prokurist\w*|gérant\w*|socio|soci[oa]|"
    r"toimitusjohtaja|daglig leder|direktør|direktor\w*|ceo|cto|cfo|coo|cio|vadītāj\w*|menadžer\w*|"
    r"menedžer\w*|vadov\w*|juhataja|juht|tehnik\w*|inženir\w*|inženjer\w*|upravitelj\w*|ředitelka|"
    r"yfirmaður|framkvæmdastjóri|kerkari|zuzendari\w*|giám đốc|trưởng phòng|quản lý|manajer|kepala|"
    r"direktur|управител|мениджър|директорка|ingénieure|commerciale?|avant-vente|after-sales|pre-sales|"
    r"presales|\w{0,20}asiantuntija|\w{0,20}päällikkö|\w{0,20}johtaja|адміністратор\w*|"
    # (Nordic compound titles: "partneransvarig", "driftsansvarlig", "IT-chef", "avdelingsleder")
    r"\w{0,20}ansvarig|\w{0,20}ansvarlig|\w{0,20}chef|\w{0,20}sjef|\w{0,20}leder|speciālist\w*|"
    # (cs, sk, hu, pl, tr, el, ro, uk/ru, es/it/pt, nl/de: titles of the service desks that write to us)
    r"správc\w*|manažer\w*|manažér\w*|obchodník\w*|riaditeľ\w*|konzultant\w*|asistent\w*|účetní|"
    r"menedzser\w*|munkatárs\w*|ügyintéző|tanácsadó|mérnök\w*|rendszergazda|asszisztens\w*|"
    r"opiekun\w*|konsultant\w*|inżynier\w*|księgow\w*|danışman\w*|mühendis\w*|yönetici\w*|temsilci\w*|"
    r"σύμβουλ\w*|μηχανικ\w*|inginer\w*|консультант\w*|бухгалтер\w*|асистент\w*|ассистент\w*|"
    r"asesor\w*|consulente|consultor\w*|analista|coordinador\w*|coordinat\w*|ingegner\w*|engenheir\w*|"
    r"gestor\w*|(?:account|project|projekt|kunden|service|office|it-?)manager\w*|"
    r"kundenbetreu\w*|betreuer\w*|assistante?|comptable|développeu\w*|soporte|suporte|supporto|assistenza|gestionnaire|"
    # (a lawyer's title, a law firm's name: "Hartley & Finch Solicitors", "Cabinet Avocat Ionescu")
    r"solicitors?|barristers?|attorneys?(?: at law)?|lawyers?|avocats?|abogad[oa]s?|avvocat[oi]|advocaten|"
    r"advocaat|advoka\w*|rechtsanw\w*|anwaltskanzlei|kanzlei|notar\w*|ügyvéd\w*|"
    # (set W: a practice's people and the technicians who look after practices: "tæknimaður",
    # "serwisant", "Ordinationsassistentin", "zubní lékař", "fogorvos", "recepční")
    r"tæknima\w*|tehničar\w*|serwisant\w*|technik\w*|technič\w*|doctor|doktor\w*|zubař\w*|zubní lékař\w*|"
    r"stomatolog\w*|zahnärzt\w*|zahnarzt|ärzt\w*|arzt|médecin|dentiste|pharmacien\w*|apotheker\w*|farmaceut\w*|"
    r"lékárn\w*|lekarz\w*|lékař\w*|lekár\w*|orvos\w*|fogorvos\w*|odontolog\w*|recepčn\w*|recepcjonist\w*|"
    r"rezeption\w*|ordinationsassistent\w*|arzthelfer\w*|praxismanager\w*|praxisleit\w*|practice manager|"
    r"receptionist\w*|nurse|krankenschwester|pflegedienstleit\w*|infirmi\w*|tandläkare|tannlege|tandlæge|"
    r"hammaslääkäri|zobozdravni\w*|stomatolo\w*|dentist\w*|farmacist\w*|φαρμακοποι\w*|οδοντίατρ\w*|γιατρ\w*)\b|"
    r"部長|課長|主任|担当|经理|总监|主管|부장|팀장|과장|대표|מנהל|مدير")


_INITIAL_END = re.compile(r"(?:^|\s)\w\.\s*$")
_LOWER_ASIDE = re.compile(r"[(\[]\s*[^\W\d_A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
_PRONOUN = re.compile(r"(?:i|we|you|he|she|they|it|ich|wir|je|nous|yo|nosotros|io|noi|ik|wij|jag|vi|jeg|я|мы)\b")


def _company_and_tagline(text: str, sender: Sender) -> bool:
    """"Sutton Systems - small business IT, Asheville NC": the sender's company (its domain in
    words) and a tagline that names no terms."""
    parts = [p.strip() for p in re.split(r"\s[-–—|]\s|,\s", text) if p.strip()]
    if len(parts) < 2 or not any(sender.is_company(p) for p in parts):
        return False
    return not _FREE_CONDITION_WORDS.search(fold(text))


# ("No. 5", "Reg. No. CS2015…", and the French "5 bis", "12 ter": the German "bis", "until", is
# not in an address)
_HOUSE_NUMBER = re.compile(r"\b(?:no|nr|n°)\s*[.:]?\s*(?=[a-z]{0,3}\d)|(?<=\d)\s?(?:bis|ter|quater)\b", re.IGNORECASE)


# -- phones, addresses, links ----------------------------------------------------------------------

_CONTACT_PART = re.compile(
    r"^(?:(?:[^\W\d_][^\W\d_.]{0,11}\.?\s*:?\s*|[\u0900-\u097f]{1,12}\s*:?\s*){0,2}[+(]?\d[\d\s()./+-]{4,}\d(?:\s*(?:ext|x|dw|durchwahl)\.?\s*\d+)?"  # phone
    r"|(?:[a-z-]{1,10}\s*:\s*)?[^\s@]+@[^\s@]+"  # mail
    r"|(?:[^\W\d_][\w-]{0,14}(?: [\w-]{1,14}){0,3}\s*:\s*)?(?:https?://|www\.)\S+"  # link ("Book a meeting: https://…")
    r"|(?:[a-z-]{1,10}\s*:\s*)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/\S*)?"  # bare domain
    r"|[a-zà-ÿ.\s-]{0,30}:?\s*[a-z]{0,4}[\d\s-]{4,}[a-z]?(?:\(\d[\d-]{3,}[a-z]?\))?"  # "CVR 31234567", "HRB 41237", "Y-tunnus 2345678-9", "No. Syarikat: 201501012345 (1134567-X)"
    r"|[\u3040-\u30ff\u3400-\u9fff]{2,24}\s*+[:：]?\s*+[a-z]?\d{6,}"  # "適格請求書発行事業者登録番号 T1234567890123"
    r"|[^\W\d_]{2,12}\.?\s?(?:№|n[ro]\.?)\s?:?\s?[a-z]{0,4}[-\s]?\d{6,}"  # "ДДС № BG819180331", "ЕИК № 205123456"
    r")$")


# "on" a network in the languages whose "in the" is a word of a class elsewhere: Portuguese "no",
# "na" ("Siga a gente no Instagram @loja")
_ON_THE_NETWORK = re.compile(r"(?i)\b(?:no|na|nos|nas)[^\S\n]++(?=(?:instagram|facebook|linkedin|tiktok|twitter|youtube|"
                             r"whatsapp|telegram|x)\b)")


def is_contact_line(line: str, sender: Sender = Sender()) -> bool:
    """Phones, mail addresses, links and register numbers, maybe joined by bars or bullets;
    an address in a script without spaces or capitals ("06236 서울특별시 강남구 테헤란로 152, 12층");
    where to find the company online ("Find us on LinkedIn and Mastodon")."""
    text = line.strip().strip("*_")
    if not text or len(text) > 200:
        return False
    if (_SOCIAL.search(fold(text)) or len(set(_ADDRESS_MARK.findall(text))) > 1 and any(ch.isdigit() for ch in text)) \
            and len(text.split()) <= _MAX_ADDRESS_WORDS and not states_terms(_ON_THE_NETWORK.sub(" ", _LINKS.sub(" ", text))):
        return True
    if _CERTIFICATION.match(fold(text)):
        return True  # "Zertifiziert nach DIN EN ISO 9001:2015", "Certificata ISO 9001:2015 e ISO 45001"
    if _SHARE_CAPITAL.search(text):
        text = _SHARE_CAPITAL.sub(" ", text).strip(" –-") or text  # ("Cap. Soc. € 50.000 i.v. – REA MI-0635865")
    parts = [p.strip() for p in _CONTACT_BREAK.split(text) if p.strip()]
    contact = [bool(_CONTACT_PART.match(fold(p))) or _only_digits_and_marks(p) for p in parts]
    if not any(contact) or not all(c or is_name_line(p, sender) or _BAR_BODY.match(p) and is_name_line(_BAR_BODY.sub("Bar", p))
                                   for c, p in zip(contact, parts, strict=True)):
        return False
    # (a label before a number is no condition: "Geldig vanaf betaling van factuur 2291" is one;
    # Japan's register of invoice issuers names invoices: "適格請求書発行事業者登録番号 T1234567890123")
    return not states_terms(_BAR_BODY.sub(" ", _NUMBER_LABEL.sub(" ", _HOUSE_NUMBER.sub(" ", _LINKS.sub(" ", _INVOICE_REGISTER.sub(" ", text))))))


# A certification by its standard's number: "Zertifiziert nach DIN EN ISO 9001:2015", "ISO 14001 & ISO 45001"
_CERTIFICATION = re.compile(
    r"^(?:(?:zertifiziert|certifi[\w-]*|certificad[ao]s?|certificat[aoe]?|gecertificeerd|certyfikowan\w*|sertifi\w*|"
    r"accredited|akkreditiert)\s+(?:nach\s+|gemäß\s+|according to\s+|to\s+|selon\s+|secondo\s+|según\s+|conforme\s+|"
    r"volgens\s+|zgodnie z\s+|per\s+)?)?(?:din\s+)?(?:en\s+)?iso(?:/iec)?\s?\d{4,5}(?:[-:]\d{1,4})*+"
    r"(?:\s*+(?:,|&|and|und|et|e|y|en|i|og|och)\s*+(?:din\s+)?(?:en\s+)?iso(?:/iec)?\s?\d{4,5}(?:[-:]\d{1,4})*+){0,4}\.?$")
# A company's share capital, beside its register: "Cap. Soc. € 50.000 i.v.", "Stammkapital: 25.000 EUR"
_SHARE_CAPITAL = re.compile(
    r"(?i)\b(?:cap(?:itale)?\.?\s?soc(?:iale)?\.?|share capital|capital social|stammkapital|grundkapital|"
    r"kapitał zakładowy)\s?:?\s?(?:€|eur|chf|£|\$|pln|zł)?\s?\d[\d.,\u00a0 ]{0,15}\d(?:,-)?\s?(?:€|eur|chf|£|pln|zł)?"
    r"(?:\s?(?:i\.\s?v\.|interamente versato|fully paid|vollständig eingezahlt))?")
# Between a line's contact details: a bar or bullet, a run of spaces, a tab, or a space before the next
# one's short label ("T: +86 898 1692 6924 M: +86 898 4290 7590", "… 6924 www.example.cn")
_CONTACT_BREAK = re.compile(r"\s*+[|•·;]\s*+|\s{2,}+|\t|(?<=\d)\s(?=(?:[^\W\d_]{1,5}\.?\s?:\s?\+?\d|www\.|https?://))")


# The bodies that admit lawyers, named beside a register number ("Legal Practice Council", "Barreau
# de Bruxelles"): their "legal" sets no terms
_BAR_BODY = re.compile(r"(?i)\b(?:legal practice council|law society|bar council|bar association|bar standards board|"
                       r"solicitors regulation authority|barreau|ordine degli avvocati|colegio de abogados|"
                       r"ordem dos advogados|rechtsanwaltskammer|izba adwokacka|okręgowa izba radców prawnych|"
                       r"česká advokátní komora|advokátní komora|ügyvédi kamara|orde van advocaten|baro\w*)\b")


# "No." before the register's name: "No. Syarikat: 201501012345 (1134567-X)" (Malaysia's company number)
_NUMBER_LABEL = re.compile(r"(?i)\bno\.\s*+(?=[^\W\d_]{2,12}\s*+[:：]\s*+\d)|№(?=\s?:?\s?[a-z]{0,4}[-\s]?\d)")


_INVOICE_REGISTER = re.compile(r"適格請求書発行事業者登録番号(?=\s*+[:：]?\s*+T?\d)")


_LINKS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_SOCIAL = re.compile(r"\b(?:linkedin|twitter|facebook|instagram|mastodon|xing|youtube|bluesky|tiktok|threads|"
                     r"vkontakte|vk\.com|wechat|weixin|line|kakao\w*)\b")
# The administrative units and street words of addresses in Chinese, Japanese, Korean, Arabic,
# Hebrew ("市", "区", "路", "号", "丁目", "구", "로", "층", "شارع", "רחוב"): two of them and a number
# ("编号" alone is a serial number, not an address).
_ADDRESS_MARK = re.compile(r"[市区區路号號楼樓省県都]|丁目|番地|[시구군로길동층]\b|특별시|광역시|شارع|ص\.ب|طريق|برج|مكتب|"
                           r"مبنى|حي|רחוב|רח'|ת\.ד|"
                           r"ถนน|แขวง|เขต|ตำบล|ตําบล|อำเภอ|อําเภอ|จังหวัด|กรุงเทพ")
_MAX_ADDRESS_WORDS = 10


_ADDRESS_PARTS = re.compile(r"\s*[,，،]\s*")
_MAX_ADDRESS_PARTS = 6
_MAX_ADDRESS_PART_WORDS = 5


# A street word cut short before a name: "вул. Хрещатик", "ul. Długa", "str. Lipscani"
_STREET_ABBREVIATION = re.compile(r"[^\W\d_]{1,5}\.\s*(?=\S)")
# Street words written in lower case before the street's name: "avenue Jean-Jaurès", "rue de la
# Paix", "via Roma", "calle Mayor", "rua Augusta", "ulica Długa" (the name keeps its capital)
_STREET_WORD = re.compile(r"(?:avenue|rue|boulevard|bd|place|allée|impasse|chemin|quai|cours|route|"
                          r"via|viale|piazza|corso|calle|avenida|paseo|plaza|carrer|rua|travessa|largo|praça|"
                          r"ulica|ul|aleja|al|plac|utca|út|tér|strada|bulevardul|calea|ulice|náměstí|třída)\.?\s+"
                          r"(?:(?:de|du|des|la|le|l'|d'|del|della|di|do|da|dos|das)\s+)*(?=[A-ZÀ-ÖØ-Þ0-9])")


def _opens_address_part(part: str) -> bool:
    abbreviation = _STREET_ABBREVIATION.match(part) or _STREET_WORD.match(part)
    if abbreviation:
        part = part[abbreviation.end():]
    return bool(part) and (part[0].isdigit() or part[0].isupper() or _uncased(part.split()[0])
                           or bool(_HOUSE_NUMBER.match(part)) or bool(_UNIT.fullmatch(part)))


# A unit of a building and its number, in lower case: "bureau 2200", "suite 400", "piso 3"
_UNIT = re.compile(r"[^\W\d_]{1,12}\.? ?\d{1,5}[a-z]?")


# A sum with its cents, thousands grouped: "2.115,75", "12 400,00", "1,250.00"
_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+[.,]\d{2}(?![\d.,])")


def is_address_line(line: str) -> bool:
    """A postal address read by its shape, in any language, under a name or sign-off: two to
    six short parts split by commas, each opening with a capital, a digit or a letter of a
    script without capitals, and a number among them ("Ofisi 1204, Jengo la Biashara, Barabara
    ya Sheikh Zayed", "Av. Paulista, 1578, conj. 42"); without a number, names of places
    only ("Dar es Salaam, Tanzania", "دبي، الإمارات العربية المتحدة"). No word of terms, no
    keyword, no date, no sentence."""
    text = line.strip().strip("*_")
    if not text or len(text) > _MAX_NAME_LINE or _SENTENCE_PUNCT.search(text) or text.endswith((".", ":")):
        return False
    if _AMOUNT.search(text):
        return False  # "(ແຕ່ພາຍຫຼັງຊຳລະໃບແຈ້ງໜີ້ 2.115,75 ກີບ ແລ້ວເທົ່ານັ້ນ)": a sum of money is no address
    parts = [part for part in _ADDRESS_PARTS.split(text) if part]
    if not 2 <= len(parts) <= _MAX_ADDRESS_PARTS or any(len(part.split()) > _MAX_ADDRESS_PART_WORDS for part in parts):
        return False
    if not all(_opens_address_part(part) for part in parts):
        return False
    folded = fold(text)
    # (a street named after a month's word is no date: "14 Jan Smuts Ave", "3 May Street")
    if _KEYWORDS.search(folded) or _DATE.search(_STREET_NAMED.sub(" ", folded)) or mixed_scripts(text):
        return False
    if states_terms(_ROLE_NOUN.sub(" ", fold(_HOUSE_NUMBER.sub(" ", text)))):
        return False
    return any(ch.isdigit() for ch in text) or all(len(part.split()) <= 4 for part in parts)


# A house number and a street named by one to three words and its street word, the whole of an
# address's part: what an address's first part is in English-speaking countries
_STREET_NAMED = re.compile(r"(?:^|(?<=, ))\d{1,5}[a-z]? (?:[^\W\d_]++ ){1,3}"
                           r"(?:avenue|ave|street|st|road|rd|drive|dr|lane|ln|boulevard|blvd|way|crescent|cres|"
                           r"close|place|pl|court|ct|terrace|tce|parade|pde|highway|hwy|square|sq)\.?(?=,|$)|"
                           # (Latin America's avenues named after a date: "Av. 18 de Julio 1234", "Avenida 9 de Julio")
                           r"(?:^|(?<=, ))(?:av|avda|avenida|calle|rua|r|praça|plaza|pasaje|paseo)\.? \d{1,2} de "
                           r"[^\W\d_]{3,10}(?= \d| ?,|$)")


def _only_digits_and_marks(text: str) -> bool:
    """"〒108-0014", "+44 (0)20 …": digits and signs, no letters."""
    return any(ch.isdigit() for ch in text) and not any(ch.isalpha() for ch in text)


# -- boilerplate -----------------------------------------------------------------------------------

# What legal notices talk about, in the languages of our sign-offs: every sentence of a notice
# names one of these. A sentence among them that names none ("This consent is void in case of
# litigation.") is the writer speaking.
_BOILERPLATE_WORDS = re.compile(
    r"confidential\w*|intended|recipient\w*|addressee\w*|disclaimer\w*|privileged|virus\w*|malware|"
    r"адресат\w*|отправител\w*|privilege|tajemnic\w*|secret professionnel|berufsgeheimnis|segreto professionale|"
    r"secreto profesional|sigilo profissional|beroepsgeheim|адвокатск\w*|"
    r"antivir\w*|antywirus\w*|антивирус\w*|антивірус\w*|víruskeres\w*|virenschutz\w*|virengepr\w*|antivírus\w*|"
    r"ιούς|ιών|فيروس\w*|الفيروسات|바이러스|ウイルス|病毒|virüs\w*|"
    r"in error|erroneously|notify|delete|destroy|dissemination|distribution|copying|disclos\w*|"
    r"registered|company (?:no|number|registration)|\bvat\b|\btva\b|intracommunautaire|environment|printing|print this|"
    r"\babn\b|\bacn\b|professional standards legislation|"
    # (a regulator's line: "Authorised and regulated by the Solicitors Regulation Authority (SRA
    # No. 612345)"; an Italian register line, "Sede legale: …, Codice SDI: …"; South Africa's
    # POPIA; the warning that bank details never change by mail)
    r"authori[sz]ed and regulated|regulated by|regulation authority|conduct authority|\bsra\b|\bfca\b|\bfrn\b|"
    r"sede legale|sede operativa|codice (?:sdi|fiscale|destinatario)|popia|popi act|"
    r"bank(?:ing)? (?:account )?details|payment fraud|"
    r"registro mercantil|registro (?:delle )?imprese|inscrit[ao] en el registro|"
    r"vertraulich\w*|empfänger\w*|irrtümlich|fehlgeleitet|benachrichtigen|löschen|weitergabe|"
    r"amtsgericht|registergericht|handelsregister|geschäftsführ\w*|ust-?id\w*|steuernummer|sitz der|"
    r"umwelt\w*|ausdrucken|destinataire\w*|confidentiel\w*|erreur|supprimer|siège|"
    r"destinatari[oa]\w*|confidencial\w*|reservad[oa]|borrar|eliminar|riservat\w*|cancellare|"
    r"geadresseerde\w*|vertrouwelijk\w*|verwijderen|bestemd|kvk|adresat\w*|poufn\w*|mottagare\w*|"
    r"konfidentiell\w*|modtager\w*|fortrolig\w*|mottaker\w*|получател\w*|конфиденциальн\w*|"
    r"gizli\w*|alıcı\w*|luottamuksellinen|vastaanottaja\w*|bizalmas\w*|címzett\w*|důvěrn\w*|příjemce|"
    r"luottamuksellis\w*|y-tunnus|konfidentsiaal\w*|adressaa\w*|ekslikult|saatja\w*|kustuta\w*|"
    # (register abbreviations as words: "hra" is in "uhradená", Slovak for "paid")
    r"\b(?:cvr|org\.?\s*nr|kvk|btw|p\.?\s*iva|cif|nif|nip|nipc|cnpj|regon|krs|mwst|hrb|hra|siren|sro|rcs|siret|erro|feil|fejl|"
    r"инн|кпп|огрн)\b|"
    r"print\w*|milieu|miljö\w*|miljø\w*|environnement|ambiente|imprimir|stampare|drukken|tulosta\w*|"
    r"omylem|obdržel\w*|smažte|odesílatel\w*|modtage\w*|slet\w*|afsender\w*|"
    r"destinatário\w*|engano|hatalı|göndericiye|siliniz|yöneliktir|danych osobowych|administratorem|"
    r"důvěrn\w*|adresát\w*|konfidentiel\w*|fortrolig\w*|bizalmas\w*|tévedés\w*|kizárólag|indeholde|"
    r"innehålla|oplysninger|informationen|vertrouwelijk\w*|riservat\w*|confidențial\w*|εμπιστευτικ\w*|"
    r"adressat\w*|absender\w*|vernicht\w*|unerlaubt\w*|unbefugt\w*|expéditeur|remitente|mittente|afzender|"
    r"views expressed|opinions expressed|do not necessarily|personal data|privacy|gdpr|dsgvo|rgpd|"
    r"data protection|datenschutz\w*|protection des données|monitored|recorded|"
    r"traditional (?:custodians|owners)|acknowledge (?:the )?traditional|"
    r"konfidensiel\w*|fortrolig\w*|avsender\w*|slett\w*|poverljiv\w*|primaoc\w*|pošiljaoc\w*|"
    r"obriš\w*|forbidden|trúnaðarmál|viðtakand\w*|sendand\w*|eyð\w*|गोपनीय|प्राप्तकर्ता|प्रेषक|"
    r"dados pessoais|rgpd|lgpd|privacidade|konfidentzial\w*|hartzaile\w*|igorle\w*|ezabatu|naslovnik\w*|"
    r"zaupn\w*|pošiljatelj\w*|izbriš\w*|поверително|адресата|подателя|изтрийте|ความลับ|ผู้รับ|ผู้ส่ง|"
    r"personuppgifter|integritetspolicy|obchodním rejstříku|spisov\w* značk\w*|(?:městsk|krajsk)\w* soud\w*|\bičo\b|\bdič\b|保密|机密|收件人|기밀|수신인|비밀|삭제|수신자|"
    r"landesgericht|handelsgericht|firmenbuch\w*|\bfn\s?\d+|\buid\b|\bzvr\b|єдрпоу|"
    r"utilisation|interdit\w*|indirizzat\w*|esclusivamente|diffusion\w*|vietat\w*|prohibit\w*|strictly|"
    r"unauthori[sz]ed|destinad[oa]|exclusiv\w*|prohibid\w*|verboten|untersagt|"
    r"機密|宛先|誤って|削除|秘密|konfidenciāl\w*|adresāt\w*|sūtītāj\w*|izdzēs\w*|kļūd\w*|παραλήπτ\w*|"
    r"αποστολέα|конфіденційн\w*|одержувач\w*|відправник\w*|destinatar\w*|expeditor\w*|rahasia|penerima|"
    r"pengirim|hapus\w*|bảo mật|người nhận|người gửi|xóa|sulit|kumpidensyal|tatanggap|"
    r"faoi rún|earráid|seoltóir|scrios|konfidencial\w*|klaidą|siuntėj\w*|محرمانه|گیرنده|فرستنده|"
    r"গোপনীয়|প্রেরক|মুছে|適格請求書発行事業者|登録番号|"
    # (the Philippines' register line: "SEC Reg. No. CS201521000 | TIN 958-154-734-000")
    r"sec reg\w*|\btin\b|"
    r"收件者|刪除|删除|寄件者|发件人|發件人|誤傳|误发|سري\w*|المرسل|حذف|بالخطأ|الخطأ|סודי\w*|נמען|הנמען|השולח|בטעות|מחק\w*")
# "Please consider the environment before printing this email", "Think before you print",
# "Bitte denken Sie an die Umwelt, bevor Sie diese E-Mail ausdrucken": a line about printing
# and the environment, whatever its "before".
_PRINT_WORDS = re.compile(
    r"\b(?:print\w*|ausdruck\w*|drucken|imprim\w*|stampa\w*|printen|afdrukken|skriv\w* ut|drukuj\w*|"
    r"wydruk\w*|печат\w*|распечат\w*|tulosta\w*|nyomtat\w*|tisk\w*|vytisk\w*|tlač\w*|vytlač\w*|yazdır\w*|εκτυπ\w*|"
    r"друк\w*|роздрук\w*|ispis\w*|štamp\w*|in ấn|cetak|הדפס\w*|طباعة|"
    r"printe|utskrift|kinyomtat\w*|udskriv\w*|skrive ut|drukowa\w*|imprima\w*)\b|印刷|打印|列印|인쇄|출력")
_PRINT_REASON = re.compile(
    r"\b(?:environment\w*|planet|trees?|paper|think|consider|umwelt\w*|denk\w*|papier|environnement|pensez|"
    r"ambiente|piensa|piense|necesario|nécessaire|necessario|necessary|pense|pensa|milieu|miljö\w*|miljø\w*|tänk|tenk|tænk|środowisk\w*|pomyśl\w*|"
    r"окружающ\w*|природ\w*|ympäristö\w*|környezet\w*|životní|prostředí|çevre\w*|περιβάλλον|medi|ambient|"
    r"penseu|okolje|околна|vides|aplinką|keskkonda|umhverfi\w*|ingurumen\w*|lingkungan|môi trường|prostredi\w*|"
    r"životn\w*|довкілля|okoliš\w*|סביבה|البيئة)\b|環境|环境|環保|环保|환경|"
    r"สิ่งแวดล้อม|पर्यावरण")
_MAX_PRINT_NOTICE_WORDS = 20
# (not after "No." or "Reg." before a number: "registered in England, No. 01234567")
# (nor after the Spanish "vd." and "ud." of "si no es vd. el destinatario")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])(?<!\bno\.)(?<!\bnr\.)(?<!\breg\.)(?<!\bvd\.)(?<!\bud\.)\s+(?!\d)")
# Money and validity in a notice are never boilerplate ("Gilt erst ab Zahlungseingang").
_NEVER_BOILERPLATE = words_of("money", "validity", "retraction", "scope", "legal", "condition", "time")
_PRINT_NEVER = words_of("money", "validity", "retraction", "scope", "legal", "service")
# The writer's own data is the service, not this message: "please delete all of our data from
# your systems" asks for work (a notice deletes "this e-mail", "it", "all copies")
_OUR_DATA = re.compile(r"\b(?:our|my|unsere?[mnrs]?|meine?[mnrs]?|nos|notre|mes|nuestros?|nuestras?|mis|i nostri|"
                       r"nostri|onze|mijn|nossos|nossas|meus|nasze|naszych|våra|vår|vores|våre|наши|наших)\s+"
                       r"(?:\w+\s+)?\w*?(?:data|daten|données|datos|dati|gegevens|dados|dane|danych|uppgifter|"
                       r"oplysninger|opplysninger|данные|records|files|backups?|accounts?|mailbox\w*)\b|"
                       # (all the data: "cancellare tutti i dati dello studio"; a notice deletes all copies)
                       r"\b(?:all (?:the |of the )?|tutti i |alle |toutes les |todos los |todos os |wszystkie )(?:\w+ )?"
                       r"(?:data|daten|données|datos|dati|dados|gegevens|dane|records|files|akten|fichiers|archivos)\b|"
                       r"\b(?:data|daten|données|datos|dati|dados|gegevens)\s+(?:von uns|of ours|from us|de nous|"
                       r"nuestros|nossos|nostri|van ons)\b")


@lru_cache(maxsize=_KNOWN_LINES)  # (a notice comes back with every mail of its company)
def is_boilerplate(paragraph: str) -> bool:
    """A legal notice or company register paragraph: every sentence of it about the notice."""
    text = fold(paragraph)
    if not (_BOILERPLATE_WORDS.search(text) or _PRINT_WORDS.search(text)):
        return False
    sentences = [s for s in _SENTENCE_SPLIT.split(" ".join(text.split())) if any(ch.isalpha() for ch in s)]
    for sentence in sentences:
        if _print_notice(sentence):
            continue
        plain = _boilerplate_idioms(sentence)
        if _NEVER_BOILERPLATE.search(plain) or _OUR_DATA.search(plain):
            return False
        if _SERVICE.search(_PERSONAL_DATA.sub(" ", plain)) and not _ABOUT_THE_MESSAGE.search(sentence):
            return False  # "The virus in the archive stays with us.": the service, not this message
        # A sentence among them about nothing a notice says must name no terms at all
        # ("This consent is void in case of litigation.").
        if not _BOILERPLATE_WORDS.search(sentence) and _FREE_CONDITION_WORDS.search(plain):
            return False
        # A duty laid on something other than this message and its reader is a term, in
        # whatever words of deleting or sharing ("Our internal documentation must be deleted
        # and not shared with anyone." against "you must not copy this e-mail").
        if _OBLIGATION.search(sentence) and not _ABOUT_THE_MESSAGE.search(sentence):
            return False
    return True


_OBLIGATION = re.compile(
    r"\b(?:must|shall|has to|have to|needs? to|is to be|are to be|muss|müssen|soll|sollen|doit|doivent|"
    r"debe|deben|deve|devono|devem|moet|moeten|musi|muszą|ska|skal|må|должн\w*)\b")
_ABOUT_THE_MESSAGE = re.compile(
    r"\b(?:e-?mails?|messages?|communications?|transmission\w*|attach\w*|contents?|information|"
    r"recipients?|addressee\w*|sender|you|your|nachricht\w*|mitteilung\w*|inhalt\w*|informationen|"
    r"empfänger\w*|absender|sie|ihr\w*|courriel\w*|destinataire\w*|expéditeur|vous|votre|mensajes?|correos?|"
    r"información|destinatari[oa]s?|remitente|usted|messaggi[oa]|mittente|bericht\w*|ontvanger\w*|afzender|"
    r"mensage[mn]s?|destinatário\w*|remetente|wiadomo\w*|odbiorc\w*|meddelande\w*|mottagare\w*|besked\w*|"
    r"modtager\w*|сообщени\w*|получател\w*|письм\w*|informazion\w*|informatie|informação|informacj\w*)\b")


def _print_notice(sentence: str) -> bool:
    """"Think before you print": about printing and why not, and nothing about money, scope,
    validity or disputes."""
    return (len(sentence.split()) <= _MAX_PRINT_NOTICE_WORDS and bool(_PRINT_WORDS.search(sentence))
            and bool(_PRINT_REASON.search(sentence)) and not _PRINT_NEVER.search(sentence))


def _boilerplate_idioms(sentence: str) -> str:
    # Words notices use in their own sense: "we accept no liability", "legally privileged",
    # "the company is registered", "keep … confidential".
    sentence = _NOTICE_IF.sub(" ", sentence)  # ("if received in error")
    sentence = _NOTICE_CONSENT.sub(" ", sentence)
    return _NOTICE_WORDS.sub(" ", sentence)


# (compiled once: notices are read for most mails, and the stdlib's pattern cache turns over
# with every multipart boundary the mail parser compiles)
_NOTICE_IF = re.compile(r"場合|경우|如果|ถ้า|หาก|यदि")
_NOTICE_CONSENT = re.compile(
    r"\b(?:without (?:a |the )?(?:prior )?(?:written |express )?(?:consent|permission|approval)|"
    r"tikai|ja|само|ако|samo|soilik|bakarrik|només|hanya|chỉ|aðeins|einungis|ainult|"
    r"tingimusel|jei|tik)\b|เท่านั้น|หาก|ถ้า|केवल|यदि")
_NOTICE_WORDS = re.compile(
    r"\b(?:aviso legal|legal notice|scheme approved under professional standards legislation|legal disclaimer|"
    r"mentions légales|note legali|avviso legale|solicitors regulation authority|sede legale|"
    r"subject to (?:our|the) (?:e-?mail )?disclaimer|"
    # (the warning against payment fraud: "We will never change our bank details by email. Please
    # call us to verify before making any payment.")
    r"(?:will )?never (?:change|alter|amend|ask you to change)\w* (?:our |its |their )?bank(?:ing)? (?:account )?details|"
    r"(?:to verify |and verify )?before (?:making|sending|releasing) (?:any |a )?payments?|"
    # (an acknowledgement of country: "… pay our respects to Elders past and present")
    r"past,? present and emerging|past and present|pay(?:ing)? (?:our|my) respects|"
    r"(?:act|rely) (?:up)?on (?:it|this|them)|queda notificad[oa]s?|"
    # (a law firm's: "may be subject to legal professional privilege")
    r"(?:may be |is )?subject to (?:legal (?:professional )?|attorney-client |solicitor-client |litigation )?privilege|"
    r"(?:if|если|jeśli|si|wenn) (?:you are|вы|pan|vous|sie) (?:not|не|nie|n'êtes pas|nicht)\b|"
    r"n'(?:en )?(?:êtes|etes) pas (?:le |la |l')?(?:bon |seul )?destinataire\w*|"
    r"rechtliche[rn]? hinweis\w*|juridische mededeling|liabilit\w*|liable|legal\w*|keep|kept|retain\w*|remain\w*|"
    r"stay\w*|part|"
    r"accept\w* no|haftung|recht\w*|responsabilit\w*|responsab\w*|if|only|solely|unless|except|"
    r"but|however|wenn|falls|nur|ausschließlich|si|seulement|uniquement|solo|sólo|únicamente|"
    r"alleen|uitsluitend|apenas|somente|tylko|endast|kun|vain|pouze|csak|kizárólag|doar|μόνο|"
    r"только|sadece|yalnızca|from|date|dated|indien|als|falls|se|jeśli|jeżeli|om|hvis|jos|pokud|"
    r"ha|dacă|εάν|αν|если|eğer|mits|dersom|ifall|mikäli|ak|kui|jeigu|če|ef|jika|kalau|nếu|"
    r"mais|kļūdas pēc|якщо|лише|тільки|εφόσον)\b|إذا|إن|فقط|אם|רק")


# -- courtesies -------------------------------------------------------------------------------------

# How courtesies open: thanks, apologies, good wishes, pleasure to work together, greetings.
_COURTESY_HEAD = re.compile(
    r"^(?:(?:we|i)(?:'re|'m|'ve| are| am| have)? (?=look forward|looking forward|glad|happy|pleased|delighted|appreciate|"
    r"apologi[sz]e|thank|enjoyed|wish))?(?:(?:many|big|huge|a big|a huge|and|again|so|oh|also)\s+)?(?:thanks?|thank you|thx|ty|cheers|ta|no worries|let (?:me|us) know|"
    r"appreciate\w*|much appreciated|apolog\w*|sorry|my apologies|pardon|good luck|best of luck|all the best|"
    r"best wishes|wishing|wish|enjoyed|sad to see|welcome|glad|happy|pleased|delighted|great|looking forward|look forward|"
    # (the season's wishes)
    r"merry christmas|happy holidays|happy new year|season's greetings|frohe weihnachten|frohes neues|guten rutsch|"
    r"joyeux noël|bonne année|bonnes fêtes|feliz navidad|feliz año nuevo|felices fiestas|buon natale|buone feste|"
    r"prettige feestdagen|gelukkig nieuwjaar|wesołych świąt|szczęśliwego nowego roku|god jul|gott nytt år|"
    r"glædelig jul|godt nytår|hyvää joulua|с наступающим|с новым годом|с рождеством|з новим роком|з наступаючим|"
    r"веселих свят|mutlu yıllar|boldog karácsony\w*|boldog új évet|veselé vánoce|šťastný nový rok|καλά χριστούγεννα|"
    r"καλή χρονιά|feliz natal|boas festas|feliz ano novo|crăciun fericit|la mulți ani|新年快乐|圣诞快乐|新年快樂|"
    r"明けましておめでとう|よいお年を|새해 복|메리 크리스마스|"
    r"have a (?:nice|good|great|lovely)|enjoy|nice|lovely|pleasure|it was a pleasure|it's been a pleasure|"
    r"kind regards|regards|greetings|hello|hi|hey|dear|good (?:morning|afternoon|evening|day)|"
    r"danke\w*|vielen dank|besten dank|herzlichen dank|entschuldig\w*|sorry|viel erfolg|alles gute|"
    r"wir freuen uns|ich freue mich|gerne|gern|freut mich|schönen tag|schönes wochenende|"
    r"merci|je vous remercie|nous vous remercions|désolée?|pardon|bonne (?:journée|continuation|chance|soirée)|"
    r"au plaisir|ravie?s?|avec plaisir|volontiers|bienvenue|nous nous réjouissons|je me réjouis|ne bucurăm|mă bucur|"
    r"gracias|muchas gracias|perdón|disculp\w*|lo siento|suerte|buen día|un saludo|con gusto|encantad[oa]s?|"
    r"bienvenid[oa]s?|grazie|scusa\w*|buona (?:giornata|fortuna|serata)|con piacere|benvenut[oa]|"
    r"dank|bedankt|hartelijk dank|dank je|dank u|excuses|sorry|succes|veel succes|fijne dag|graag|"
    r"obrigad[oa]|desculp\w*|boa sorte|bom dia|com prazer|bem-vind[oa]|"
    r"dziękuj\w*|dzięki|przepraszam|powodzenia|miłego dnia|"
    r"tack|tusen tack|tak|mange tak|takk|tusen takk|ursäkta|beklager|lycka till|held og lykke|lykke til|"
    r"kiitos|anteeksi|onnea|спасибо|благодар\w*|извин\w*|удачи|teşekkür\w*|sağol\w*|kolay gelsin|iyi çalışmalar|"
    r"köszön\w*|elnézés\w*|sok sikert|děkuj\w*|díky|omlouv\w*|hodně štěstí|"
    r"ありがとう\w*|よろしく\w*|お世話になって\w*|申し訳\w*|谢谢|感谢|多谢|謝謝|感謝|多謝|"
    # (a Japanese letter's seasonal opening, "時下ますますご清栄のこととお慶び申し上げます";
    # Korean wishes for the company's prosperity; Arabic apologies)
    r"お慶び申し上げます|お喜び申し上げます|ご清栄|ご清祥|ご健勝|ご盛栄|ご隆盛|무궁한 발전|발전을 기원|건승을 기원|"
    r"ご自愛|お体を大切に|お身体を大切に|ご多幸|ご発展|ご活躍|お祈り申し上げます|건강하세요|건강 유의|"
    r"نعتذر|أعتذر|اعتذر|عذرا|عذراً|"
    # (set R: Portuguese and Spanish "agradeço", "agradecemos"; Irish and Afrikaans thanks and wishes)
    r"agradeç\w*|agradec\w*|go raibh (?:míle )?maith agat|guím\w*|baie dankie|dankie|"
    # (set S: the season's wishes, thanks and the pleasure of working together in Nordic, Baltic,
    # Central European, Turkish, Arabic, Japanese and Korean; Mexican "Quedo a sus órdenes")
    r"priecīg\w*|häid pühi|head pühad|kellemes ünnep\w*|boldog ünnep\w*|linksm\w*|labai ačiū|yeni yılınız|"
    r"كل عام وأنتم بخير|良いお年を|det har vært (?:hyggelig|en glede|en fornøyelse)|det har været (?:hyggeligt|en fornøjelse)|"
    r"det har varit (?:trevligt|ett nöje)|oli ilo|die zusammenarbeit mit|quedo a (?:sus|tus) órdenes|"
    r"que vaya todo (?:muy )?bien|fue un placer|ha sido un placer|vabandust|vabandame|bonnes fêtes|felices fiestas|"
    r"we kijken ernaar uit|wij kijken ernaar uit|fijne feestdagen|veel succes|sărbători fericite|mersi frumos|a fost o plăcere|"
    r"chúng tôi mong được|ube nosuku oluhle|ngiyabonga|siyabonga|"
    # (set U: the new year's wishes of the Nordic, Baltic, Balkan, Central Asian, South and
    # South-East Asian writers of an ERP vendor's partners)
    r"einen guten start|guten start ins neue jahr|ein gutes neues|gutes neues jahr|godt nytt år|godt nyttår|"
    r"hyvää uutta vuotta|gleðilegt nýtt ár|gleðileg jól|head uut aastat|laimīgu jauno gadu|srećna nova godina|"
    r"sretna nova godina|срећна нова година|šťastný nový rok|жаңа жыл\w*|құтты болсын|selamat tahun baru|"
    r"selamat hari natal|عام سعيد|سنة سعيدة|نیا سال مبارک|नया साल मुबारक|नव वर्ष की शुभकामनाएं)"
    # (a whole word: "ta", British thanks, does not open Swahili "Tafadhali hakikisheni …", "please make sure …")
    r"(?:(?<=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])|(?!\w))")
# What a friendly clause without words may hold: smiles, thanks, good wishes, and punctuation
_SMILES = re.compile("[\U0001F600-\U0001F60E\U0001F642\U0001F60A\U0001F64F\U0001F44D\U0001F44C\U0001F64C"
                          "\U0001F91D\U0001F917\U0001F970\U0001F973\U0001F384\U0001F389\U0001F31F\u2705\u263A"
                          "\u2728\u2764\U0001F499\U0001F49A\U0001F49C\U0001F3FB-\U0001F3FF\ufe0f\u200d\\s:;)\\-=^_.,!*'\"DPp]+")
_MAX_COURTESY_WORDS = 16  # ("Die Zusammenarbeit mit Krüger & Partner Systemhaus GmbH & Co. KG hat …")
# Courtesy words that are other words in another language ("tak": Danish thanks, Polish yes;
# "god", "bun", "zi", "dag", "head"): alone they make only a short clause a courtesy ("Tusind
# tak for hjælpen", "Fijne dag nog").
_WEAK_COURTESY = re.compile(r"tak|takk|dag|god|godt|gode|bun|bună|bun[aă]|zi|jó|bom|boa|bons|bo|head|helg|"
                            r"weekend|szép|iyi|dnia|lab\w*|gero|geros|hyvää|fijne?|goede?|trevlig|fin|ha")
_MAX_WEAK_COURTESY_WORDS = 5
# Free words a courtesy may not carry: any condition class, and the parts of the service.
COURTESY_IDIOMS = re.compile(r"\b(?:have a (?:nice|good|great|lovely) (?:day|week|weekend|evening)|"
                              r"(?:good|great|nice) (?:day|week|weekend)|first of all|after all|at all|once again|no problem|no worries|not a problem|"
                              r"ne bucurăm|mă bucur|no hard feelings|no further questions|"
                              # (greetings from the writer's place: "Greetings from sunny Zanzibar!", "Kia ora from Queenstown")
                              r"(?:(?:warm|warmest|kind|best|sunny|many) )?(?:greetings|regards|wishes|hello|aloha|kia ora|cheers|"
                              r"saludos|cumprimentos|saluti|grüße|grüsse|salutations|groeten|pozdrav\w*) "
                              r"(?:from|desde|de|da|dal|aus|uit|iz|z)(?: (?:sunny|beautiful|rainy|snowy|lovely|the))?|"
                              # (thanks for the years worked together: "in den letzten Jahren", "genom åren")
                              r"in den letzten jahren|über die jahre|all die jahre|(?:over|in) the (?:past|last) (?:few )?years|"
                              r"all these years|through the years|over the years|genom åren|gennem årene|gjennom årene|"
                              r"ces dernières années|au fil des (?:ans|années)|(?:todos )?estos años|in questi anni|negli ultimi anni|"
                              r"de afgelopen jaren|al die jaren|w ostatnich latach|przez te lata|przez wszystkie te lata|"
                              r"v posledních letech|za ta léta|za tie roky|az elmúlt években|viime vuosina|vuosien varrella|"
                              r"ao longo dos anos|nestes anos|în ultimii ani|de-a lungul anilor|tijekom godina|proteklih godina|"
                              r"zadnjih let|pastaraisiais metais|per visus metus|pēdējos gados|visus šos gadus|viimastel aastatel|"
                              r"läbi aastate|undanfarin ár|durant aquests anys|τα τελευταία χρόνια|όλα αυτά τα χρόνια|"
                              r"през годините|през всички тези години|"
                              # (Romanian "we apologise", "we are sorry": its "ne" is "us", no Czech "no";
                              # Estonian "for the late reply": its "pärast" is "for", no "after")
                              r"ne cerem scuze|ne pare rău|ne pare rau|(?:hilinenud |hilise )?vastuse pärast|"
                              r"but it (?:was|has been) a (?:real |great |true )?pleasure|wish them well|"
                              r"if possible|if any|only just|if you need anything|"
                              # ("thanks for looking after this", "it's been a pleasure looking after X",
                              # typed "lookign" too; "merci pour la prise en charge")
                              r"look\w{0,3} after|prise en charge|desde já|de antemão|"
                              # (set S: the season's wishes and thanks the word lists read as terms:
                              # "jul" is July, "year" a time, "pagalbą" Lithuanian help)
                              r"glædelig jul|god jul|gledelig jul|(?:for )?the new year|new year|už pagalbą|"
                              # (set AA: the new year's wishes in more languages: "Meilleurs vœux pour la
                              # nouvelle année !", "Voorspoedige nuwe jaar!")
                              r"(?:pour )?la nouvelle année|bonne année|nuwe jaar|nieuwjaar|nieuw jaar|año nuevo|"
                              r"(?:belle|bonne) fin de semaine|buen fin de semana|feliz fin de semana|"
                              r"anno nuovo|ano novo|nowego roku|nového roku|nového roka|új év\w*|nyttår|nytt år|"
                              r"uusi vuosi|uutta vuotta|новым годом|новим роком|yeni yıl\w*|"
                              r"(?:einen )?guten start ins neue jahr|(?:ein )?gutes neues(?: jahr)?|godt nytt? ?år|"
                              r"quarter-end|year-end|month-end|aastalõpu|hat immer spaß gemacht|fin d'année|going forward|"
                              r"te gaan werken|să lucrăm|on board|"
                              r"if needed|if necessary|if required|(?:from|on) (?:our|my) (?:side|end|part)|"
                              r"from (?:all of us|us all|us|me|everyone|the (?:whole )?team)(?: (?:at|here))?|"
                              r"hear(?:ing)? from you|keep up the good work|wenn nötig|falls nötig|bei bedarf|"
                              r"si besoin|si nécessaire|(?:je |nous )?rest(?:e|ons) à (?:votre|ta) (?:entière )?disposition|"
                              r"si es necesario|se necessario|indien nodig|om det behövs|"
                              # offers of more help: "if you need anything else" in other languages
                              r"(?:falls|wenn) sie (?:noch )?(?:etwas|was|weitere \w+) (?:brauchen|benötigen|haben)|"
                              r"(?:falls|wenn|sollte) (?:noch )?(?:etwas|was) (?:fehlt|fehlen|offen ist|unklar ist)|"
                              r"(?:als|mocht(?:en)?) (?:jullie|u|je) (?:nog )?iets nodig (?:hebben|heeft|hebt)|"
                              r"si vous avez besoin (?:d'autre chose|de quoi que ce soit|de quelque chose|d'aide)|"
                              r"n'hésitez pas|nu ezitați|nu ezitati|μη διστάσετε|"
                              # (Japanese business courtesy: "sorry to trouble you, but please check")
                              r"お手数をおかけしますが|お手数ですが|ご確認(?:の程)?(?:を)?(?:よろしく)?(?:お願い(?:いた)?します|ください)|"
                              r"(?:om|hvis) (?:dere|du|de|i|ni) (?:trenger|mangler|behöver|har brug for) (?:noe|noget|något)(?: mer| mere| mer)?|"
                              r"если (?:что-то|что-нибудь|что) (?:(?:ещё|еще) )?(?:понадобится|нужно)|если (?:у вас )?будут вопросы|"
                              r"kdybyste (?:cokoli|něco) potřebovali|pokud budete (?:cokoli|něco) potřebovat|"
                              r"jeśli (?:będą )?(?:państwo )?(?:czegoś|czegokolwiek) (?:potrzebować|potrzebują)|"
                              r"para lo que necesite(?:n|s)?|si necesit\w{1,4} (?:algo|cualquier cosa)(?: más)?|"
                              r"se (?:avete|ha|hai) bisogno di (?:altro|qualcosa|qualsiasi cosa)|in bocca al lupo|"
                              r"se precisar(?:em)? de (?:algo|alguma coisa|mais alguma coisa)|qualquer coisa|"
                              r"jos (?:tarvitsette|tarvitset) (?:jotain|vielä jotain)|ha (?:bármire|még valamire) szüksége(?:tek)? van|"
                              r"dacă (?:mai )?aveți nevoie de ceva|αν χρειαστείτε (?:κάτι|οτιδήποτε)|"
                              r"(?:bir )?şey (?:gerekirse|lazım olursa)|他に必要なことがあれば|如还需要什么|如有需要|如有任何需要|"
                              r"필요하신 (?:것|사항)이 있으면|אם תצטרכו משהו|إذا احتجتم (?:إلى )?أي شيء"
                              r"(?: else)?|(?:do not|don't) hesitate|kein problem|pas de problème|de rien|"
                              r"de nada|di niente|geen probleem|nếu cần thêm (?:thông tin|gì)|nếu (?:anh|chị|quý vị) cần|"
                              r"jika (?:ada|anda) (?:pertanyaan|memerlukan)|kung may (?:tanong|kailangan)|"
                              # years of working together, looking back: "over the years",
                              # "todos estos años" (a time word that sets no date)
                              r"(?:over|for|during|in|through) (?:all )?(?:the|these|those|many|so many) (?:past |last |many )?years|"
                              r"over the years|all (?:these|those|the) years|(?:durante )?(?:todos )?estos años|"
                              r"(?:in |über )?all(?:e|en)? (?:diese[n]?|den|die) jahre[n]?|seit vielen jahren|"
                              r"(?:pendant )?(?:toutes )?ces (?:dernières )?années|(?:in )?(?:tutti )?questi anni|"
                              r"al (?:die|deze) jaren|(?:durante |ao longo d)?(?:todos )?estes anos|"
                              r"(?:przez )?(?:te )?wszystkie (?:te )?lata|przez lata|(?:under )?alla dessa år|"
                              r"alle (?:disse|de) år(?:ene)?|gennem årene|genom åren|gjennom årene|näiden vuosien|"
                              r"vuosien (?:ajan|varrella)|yıllar boyunca|bunca yıl|(?:za )?(?:všechny )?ty roky|"
                              r"(?:за )?все эти годы|az évek során|(?:în )?(?:toți )?acești ani|de-a lungul anilor|"
                              r"όλα αυτά τα χρόνια)\b")


@lru_cache(maxsize=_KNOWN_LINES)
def is_courtesy(clause: str) -> bool:
    """A short clause of thanks, apology, good wishes or greeting that names no terms:
    "Thanks for sending this over", "apologies, this slipped through", "Wir freuen uns auf die
    Zusammenarbeit mit Physiotherapie am Markt" — not "Thanks for letting us keep the backups"."""
    if len(clause) > _MAX_SHAPED_LINE:
        return False  # (no courtesy is this long; a word list is not run over 100 kB of it)
    text = fold(clause).strip(" \t.,!:;-–—()\"'*_¡¿")
    if not any(ch.isalnum() for ch in text):
        # ("🙂", ":-)", "🙏": a smile after a thanks; not "🙄", which rolls its eyes)
        return not _SMILES.sub("", text)
    if len(text.split()) > _MAX_COURTESY_WORDS or "?" in text or mixed_scripts(text):
        return False
    if any(ch.isdigit() for ch in text):
        return False  # "thanks for paying invoice 2291", "see you on the 3rd"
    if not (_COURTESY_HEAD.match(text) or COURTESY_WORDS.search(text)):
        return False  # a clause the reader cannot place is no courtesy
    if not _COURTESY_HEAD.match(text) and len(text.split()) > _MAX_WEAK_COURTESY_WORDS and \
            all(_WEAK_COURTESY.fullmatch(m.group(0)) for m in COURTESY_WORDS.finditer(text)):
        return False  # "I tak kończymy z hostingiem z końcem roku": Polish "tak" is "so", not Danish thanks
    return not (_FREE_CONDITION_WORDS.search(COURTESY_IDIOMS.sub(" ", text)) or _KEYWORDS.search(text))


# A line of greeting in any language ("Hei,", "Moin,", "Jó napot!", "Dobrý den,",
# "お世話になっております。"): a few words ending in a comma or an exclamation mark, no digit, no
# word that sets terms.
_GREETING_END = re.compile(r"[,!:。！،，：፣]\s*$")
# "Hi Dana", "Grüezi", "안녕하십니까.", "ご担当者様": short greetings typed without a comma
_SHORT_GREETING_END = re.compile(r"[.\w]\s*$")
# Japanese and Korean address someone by name and an honorific: "Ridgeway transfer desk ご担当者様"
_HONORIFIC_END = re.compile(r"(?:様|御中|殿|さん|님|귀하)\s*$")
_MAX_SHORT_GREETING_WORDS = 3
_MAX_GREETING_WORDS = 6  # "Sehr geehrte Damen und Herren,"
_MAX_GREETING_LINE = 120


@lru_cache(maxsize=_KNOWN_LINES)
def is_greeting_line(line: str) -> bool:
    if len(line) > _MAX_GREETING_LINE:
        return False  # (before the question's pattern: its run of spaces is tried from each space)
    text = _HOW_ARE_YOU.sub("", line.strip()).strip() or line.strip()  # "Boa tarde, tudo bem?"
    if not text or len(text) > 40 or any(ch.isdigit() for ch in text):
        return False
    words = fold(text).strip(",!:。！،，：. ").split()
    if not _GREETING_END.search(text) and not _HONORIFIC_END.search(text) and not (
            _SHORT_GREETING_END.search(text) and len(words) <= _MAX_SHORT_GREETING_WORDS
            and _GREETING_WORD.match(" ".join(words))):
        return False
    if not words or len(words) > _MAX_GREETING_WORDS or "?" in text or _ASSENT.match(" ".join(words)):
        return False
    if not (_GREETING_WORD.search(" ".join(words[:_GREETING_OPENING_WORDS])) or _GREETING_WORD.match(" ".join(words))
            or _HONORIFIC_END.search(text)):
        # "Det går bra,", "Részünkről rendben,": an answer begun, not a greeting; nor "Po
        # rozmowie z klientem dziś rano:" ("After a call with the client this morning:"):
        # a greeting opens with its word ("Dear all", "Hello transfer team", "Guten Morgen zusammen")
        return False
    return not _FREE_CONDITION_WORDS.search(" ".join(words)) and not _KEYWORDS.search(" ".join(words))


_KEYWORDS = re.compile(r"\b(?:agree|accept|object|decline|cancel)\w*")
_GREETING_OPENING_WORDS = 2
# The question a greeting asks and nobody answers: "Boa tarde, tudo bem?", "Hi, how are you?"
_HOW_ARE_YOU = re.compile(r"(?i)[,\s]+(?:tudo bem|tudo bom|como vai(?: você)?|como está|how are you|how are things|"
                          r"hope you(?:'re| are) well|wie geht'?s|wie geht es (?:ihnen|dir|euch)|ça va|comment allez-vous|"
                          r"come va|come stai|qué tal|cómo está[s]?|hoe gaat het|jak się masz|как дела|як справи)\s*\?\s*$")
# Greetings and forms of address, in the languages of the corpora
_GREETING_WORD = re.compile(
    r"\b(?:hi|hello|hey|dear|good|morning|afternoon|evening|greetings|team|all|everyone|colleagues|folks|sir|madam|"
    r"hallo|liebe\w*|lieber|sehr|geehrte\w*|moin|servus|grüezi|guten|tag|morgen|abend|zusammen|kollegen|"
    r"bonjour|bonsoir|salut|madame|monsieur|messieurs|chers?|chères?|collègues|équipe|hola|buen\w*|estimad\w*|"
    r"querid\w*|señor\w*|equipo|ciao|buongiorno|buonasera|salve|gentil\w*|egregi\w*|spettabile|cari|"
    r"beste|geachte|goedemorgen|goedemiddag|goedenavond|hoi|olá|bom|boa|prezad\w*|caro|cara|cześć|dzień|"
    r"szanown\w*|witam|witaj\w*|drodzy|hej|hejsan|god|goddag|morgon|hei|heisann|moi|hyvää|terve|dobrý|dobry|zdravím|"
    r"vážen\w*|ahoj|szia|sziasztok|jó|napot|tisztelt|kedves|üdv|bună|buna|stimat\w*|dragi|γεια|αγαπητ\w*|"
    r"καλημέρα|καλησπέρα|κύριοι|κύριε|κυρία|αξιότιμ\w*|здравствуйте|добрый|доброе|привет|уважаем\w*|коллеги|вітаю|добрий|шановн\w*|"
    r"merhaba\w*|sayın|selam|iyi|dobar|poštovan\w*|pozdrav|bok|zdravo|exm\w*|senhor\w*|spett\w*|доброго|ранку|"
    r"hiya|howdy|howzit|g'day|to whom it may concern|a chairde|tuan|puan|sanibonani|sawubona|allô|allo|goeiedag|"
    r"আসসালামু আলাইকুম|hyvä|hyvät|尊敬的|car[oa]s?|colegas|kære|kaere|goddag|"
    r"tere|lugupeetud|labdien|sveiki|cienījam\w*|laba|labas|gerbiam\w*|dober|pozdravljeni|spoštovan\w*|"
    r"zdravo|добър|здравейте|уважаеми|поштовани|добар|sæl|sæll|halló|ágæt\w*|góðan|benvolgut\w*|bon|bona|"
    r"kaixo|egun|arratsalde|chào|kính|xin|halo|selamat|dengan|yth|üdvözl\w*|živjo|zdravím|tere|päevast|"
    r"jambo|habari|salaam|salam|marhaba|ahlan|oi|"
    # (set V: Latin America's "qué tal", "qué onda"; South Asia's "namaste"; the Malay and
    # Indonesian "assalamualaikum"; Amharic "ጤና ይስጥልኝ")
    r"qué tal|que tal|qué onda|namaste|namaskar|assalamualaikum|assalamu alaikum|ጤና ይስጥልኝ|selam|"
    # Filipino, Zulu/Xhosa, Afrikaans, Persian/Urdu, Malay, Maltese, Welsh, Irish, Albanian,
    # Azerbaijani/Uzbek, Kazakh, Mongolian, Macedonian
    r"kumusta|magandang|mabuhay|sawubona|molo|goeie|môre|hallo|dag|salam|dorood|assalomu|"
    # (set N's languages: Albanian, Swahili, Serbian and Macedonian Cyrillic, Mongolian, Kazakh,
    # Azerbaijani, Armenian, Georgian, Bengali, Tamil, Urdu, Filipino, Icelandic, Maltese)
    r"mirëdita|ndugu|добар дан|добро утро|добар ден|эрхэм|сайн байна уу|сәлеметсіз бе|hörmətli|"
    r"բարև|բարեւ|հարգելի|გამარჯობა|მოგესალმებით|ძვირფას\w*|প্রিয়|নমস্কার|அன்புடையீர்|வணக்கம்|محترم|hi po|"
    r"góðan dag|għażiż\w*|ជំរាបសួរ|សួស្តី|හිතවත්|ආයුබෝවන්|maître|maitre|"
    r"sejahtera|bonġu|helo|bore|prynhawn|noswaith|annwyl|dia dhuit|dia duit|a chara|përshëndetje|tungjatjeta|"
    r"i nderuar|e nderuar|сәлеметсіз|сайн|здраво|почитуван\w*|"
    # (set Z's languages: Luxembourgish, Yoruba, Hausa, Igbo, Sotho, Xhosa, Kurdish, Kyrgyz, Tajik,
    # Uzbek, Belarusian, Kinyarwanda, Shona, Malagasy, Haitian, Javanese, Sundanese, Galician)
    r"moien|gudde|léif\w*|léiwen|ẹ n lẹ́ o|ẹ n le o|ẹ kú|ẹ kaaro|ẹ káàárọ̀|bawo|barka|sannu|ndewo|kedu|dumela|dumelang|"
    r"molweni|silav|rojbaş|саламатсызбы|урматтуу|салом|hurmatli|добры|паважан\w*|muraho|mhoro|manao ahoana|"
    r"bonjou|sugeng|wilujeng|bos|boas|ola|goeiemôre|goeiemiddag|goeienaand|jai shri krishna|jay shree krishna|"
    r"ram ram|sat sri akal|"
    # (set AB's languages: Fijian, Samoan, Tongan, Somali, Swahili, Kikuyu, Oromo, Luganda, Esperanto,
    # Cebuano, Romansh, Māori)
    r"bula|talofa|mālō e lelei|malo e lelei|salaan|asalaamu|hamjambo|hujambo|wĩ mwega|wi mwega|nagaa|akkam|"
    r"oli otya|estimataj?|saluton|maayong|allegra|tēnā|tena|"
    r"шановні|добро|hej\w*|moikka|dobré|ráno|kaliméra|שלום|היי|בוקר טוב|ערב טוב|צהריים טובים|здрасти|здравей|"
    r"hallå|hallåj|привіт|привет|مرحبا|السلام|أهلا|صباح الخير|مساء الخير|안녕\w*|こんにちは|お世話|様|御中|"
    # (its end is no \b: "প্রিয়" and "அன்புடையீர்" end in a mark, which is no word character)
    r"您好|你好|各位)(?!\w)|"
    r"నమస్కారం|నమస్తే|ನಮಸ್ಕಾರ|નમસ્તે|નમસ્કાર|જય શ્રી કૃષ્ણ|जय श्री कृष्ण|राम राम|ជម្រាបសួរ|ਸਤ ਸ੍ਰੀ ਅਕਾਲ|ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ|ਨਮਸਤੇ|ສະບາຍດີ|မင်္ဂလာပါ|നമസ്കാരം|ନମସ୍କାର|拝啓|謹啓|前略|敬啟者|敬启者|様|御中|您好|你好|안녕|尊敬的|各位好|님께|담당자|团队|สวัสดี|เรียน|नमस्ते|नमस्कार|आदरणीय|प्रिय|お世話|お疲れ様|"
    r"سلام|درود|آداب|وقت بخیر|تحية طيبة|নমস্কার|வணக்கம்|ሰላም|გამარჯობა|բարև|السادة|الأعزاء|عزيزي|عزيزتي|المحترم|المحترمين|المحترمة|فريق")
# "Yes,", "Ok fine,", "Absolutely!": an answer begun, not a greeting
_ASSENT = re.compile(r"(?:yes|yeah|yep|ok|okay|sure|fine|absolutely|certainly|of course|alright|agreed|ja|jo|oui|"
                     r"sí|si|sì|da|tak|igen|ano|kyllä|evet|ναι|да|так|はい|是|네|כן|نعم)\b")


# -- one line ---------------------------------------------------------------------------------------

_MAX_SHAPED_LINE = 300
# (a run of spaces is tried from its first space only: from every one, 100 kB of spaces took
# minutes)
_COURTESY_BREAK = re.compile(r"(?<=[.!])\s+|(?<!\s)\s+[-–—]\s+")
_DASH_NAME = re.compile(r"^\s*[-–—~/]+\s*(?P<name>\S.{0,40}?)\s*$")


def is_sign_off_line(line: str) -> bool:
    match = SIGN_OFF.match(line)
    return bool(match) and (match.group("tail") is None or is_name_line(match.group("tail"))) \
        and not closing_states_terms(line)


def closing_states_terms(line: str) -> bool:
    """A closing whose words name terms: "Greetings from April onwards" is no greeting from a place."""
    return _PLACE_CLOSING.search(line) is not None and bool(_FREE_CONDITION_WORDS.search(COURTESY_IDIOMS.sub(" ", fold(line))))


_PLACE_CLOSING = re.compile(r"(?i)\b(?:from|aus|de|da|desde|uit|z|iz)\b")


# (a pure function of its arguments, asked again and again for the same lines: a partner's
# signature and notice come back with each of their mails, and one mail's lines are read by
# several checks)
@lru_cache(maxsize=_KNOWN_LINES)
def line_kind(line: str, sender: Sender = Sender(), in_block: bool = False) -> Kind:
    """What one line under or around a yes is."""
    text = line.strip()
    if not text or not any(ch.isalnum() for ch in text):
        return Kind.BLANK  # blank, rules, "--", "***"
    if len(text) > _MAX_SHAPED_LINE:
        # No name, phone or courtesy is this long; a notice pasted as one line may be.
        return Kind.BOILERPLATE if is_boilerplate(text) else Kind.STATEMENT
    if is_sign_off_line(text):
        return Kind.SIGN_OFF
    if is_sent_from(text):
        return Kind.SENT_FROM
    dashed = _DASH_NAME.match(text)
    if dashed and is_name_line(dashed.group("name").rstrip("."), sender):
        return Kind.NAME  # "-Lev.", "—Naomi"
    if sender.signs(text):
        return Kind.NAME  # "J.K.", "ub", "/Nuria", "~花子"
    placeholder = _IMAGE_PLACEHOLDER.match(text)
    if placeholder and (not states_terms(text) or sender.is_company(placeholder.group(1))):
        return Kind.NAME  # "[image: Informatica Lombarda]", "[cid:image001.png@01D9…]": a logo
    postscript = POSTSCRIPT.match(text)
    if postscript:
        # a P.S. is the writer speaking: a statement, unless all it says is a courtesy
        # ("PS: Schönes Wochenende!")
        rest = text[postscript.end():].strip(" .:-")
        return Kind.COURTESY if rest and is_courtesy_line(rest) else Kind.STATEMENT
    behalf = _ON_BEHALF.match(text)
    if behalf and is_name_line(text[behalf.end():].rstrip(",").strip(), sender, True):
        return Kind.NAME  # "p.p. Magnus Solberg, adm. dir.", "i.A. …", "on behalf of Michel Lambert, Directeur"
    if is_contact_line(text, sender) or (in_block and is_address_line(text)):
        return Kind.CONTACT
    if is_name_line(text.rstrip("."), sender) or is_name_line(text, sender, in_block):
        return Kind.NAME
    if is_promotion(text):
        return Kind.BOILERPLATE  # "Book direct and save 10%", "공식 홈페이지 예약 10% 할인": a hotel's tagline for its guests
    landmark = _LANDMARK_ADDRESS.match(text)
    if landmark and not states_terms(text[landmark.end():]):
        return Kind.CONTACT  # "200 m sur del Banco Nacional, Tamarindo, Guanacaste"
    if _TICKET_NOTE.match(text):
        return Kind.BOILERPLATE  # "[Ticket #77623] Replies to this message are added to the ticket."
    if is_opening_hours(text):
        return Kind.CONTACT  # "Horaires : lun–ven 8h30–12h / 14h–19h", "門診時間：週一至週六 9:00-12:00、14:30-17:30"
    parts = _REGISTER_BREAK.split(text)
    if len(parts) > 1 and all(is_contact_line(part, sender) or is_name_line(part.rstrip("."), sender) for part in parts):
        return Kind.CONTACT  # "Registered in England and Wales No. 08123456. GDC No. 123456": two on one line
    folded = fold(text)
    if (DISCLAIMER.search(text) or _PRINT_WORDS.search(folded)
            or _VIRUS_SCAN.search(folded) and len(text.split()) <= _MAX_SCAN_NOTICE_WORDS and not _SERVICE.search(folded)
            or _long_with_notice_words(text, folded)) and is_boilerplate(text):
        return Kind.BOILERPLATE  # a notice, or "think before you print", on a line of its own
    if is_courtesy_line(text):
        return Kind.COURTESY
    return Kind.STATEMENT


def is_promotion(line: str) -> bool:
    """A hotel's or shop's tagline for its guests under the signature: booking direct, a discount
    for it ("Book direct and save 10%", "¡Reserva directo y obtén upgrade!", "公式サイト予約で10%割引"),
    nothing of the transfer's terms."""
    text = fold(line.strip())
    if len(text) > _MAX_PROMOTION or not _PROMO_BOOKING.search(text) or not _PROMO_OFFER.search(text):
        return False
    return not states_terms(_PROMO_OFFER.sub(" ", _PROMO_BOOKING.sub(" ", text)))


_MAX_PROMOTION = 80
_PROMO_BOOKING = re.compile(
    r"\b(?:book(?:ing)?|reserv\w*|buchen|buchung|réserv\w*|prenot\w*|boek\w*|rezerv\w*|rezerw\w*|reserva\w*|"
    r"stay|übernachten|séjour\w*|soggiorn\w*|estancia|hospedagem)\b|예약|予約|预订|預訂|訂房|จอง")
_PROMO_OFFER = re.compile(
    r"\b(?:direct(?:ly)?|directo|direkt|en direct|diretto|direttamente|diretamente|direto|rechtstreeks|"
    r"online|official (?:site|website)|(?:our|the) website|save|saving|discount|off|upgrade|best rate|best price|"
    r"desconto|descuento|rabatt|réduction|remise|sconto|korting|indirim|popust|obtén|obtenga|ganhe|sparen|"
    r"economize|ahorra|risparmia|économisez|and|y|e|et|und|en|get|enjoy|\d{1,2} ?%)(?!\w)|할인|공식 홈페이지|割引|公式サイト|折扣|官网|官網|ส่วนลด")
_LANDMARK_ADDRESS = re.compile(r"(?i)^\d{1,4} ?(?:m|mts|metros|km|varas) (?:al )?(?:norte|sur|este|oeste|noreste|noroeste|"
                               r"sureste|suroeste) (?:de|del) ")


# A ticket system's note under the writer's name: how replies are filed, nothing more
_TICKET_NOTE = re.compile(
    r"(?i)(?:\[(?:ticket|case|request|incident|req|inc|sr)?\s*#?\s*[\w-]{1,20}\]\s*)?(?:(?:all |any )?(?:replies|responses|your reply|"
    r"any reply|a reply) (?:to this (?:message|e-?mail|ticket) )?(?:are|is|will be|gets?) (?:automatically )?"
    r"(?:added|appended|attached|recorded|logged) (?:to|in) (?:the|this|your) (?:ticket|case|request|incident)|"
    r"please (?:keep|do not remove) the (?:ticket|case|request) (?:number|id|reference) in the subject(?: line)?)\.?$")
# A practice's opening hours: a label, then days and times (the days' short words only)
_OPENING_HOURS = re.compile(
    r"(?i)(?:opening hours|office hours|surgery hours|clinic hours|hours|öffnungszeiten|ordinationszeiten|sprechzeiten|"
    r"sprechstunden?|praxiszeiten|horaires?(?: d'ouverture| de consultation)?|horario(?: de atención)?|"
    r"orari[oa](?: di apertura| di ricevimento)?|openingstijden|spreekuur|horário|godziny (?:otwarcia|przyjęć)|"
    r"ordinační hodiny|ordinačné hodiny|rendelési idő|nyitvatartás|vastaanottoajat|aukioloajat|öppettider|"
    r"mottagningstid\w*|åpningstider|åbningstider|ωράριο|работно време|radno vrijeme|ordinacijsko vrijeme|"
    r"delovni čas|lahtiolekuajad|vastuvõtuajad|darba laiks|pieņemšanas laiks|darbo laikas|opnunartími|horari|"
    r"診療時間|門診時間|门诊时间|営業時間|受付時間|진료시간|진료 시간|ساعات العمل|ساعات الدوام)[^\S\n]*[:：]?[^\S\n]*(?=[^\n]*\d)")
_HOURS_WORD = re.compile(r"[^\W\d_]+")
_CJK_DAYS = "週周星期一二三四五六日天至到月火水木金土曜祝休診午前後上下早晚及和"
_MAX_DAY_LETTERS = 4  # ("lun", "ven", "Mo", "Fr", "週一至週六" in two-letter pieces is read as one word: up to 4)
_REGISTER_BREAK = re.compile(r"(?<=\d)\.[^\S\n]++(?=[A-ZÀ-ÖØ-Þ])")


def is_opening_hours(line: str) -> bool:
    """A practice's opening hours: a label, then days and times."""
    hours = _OPENING_HOURS.match(line.strip())
    return bool(hours) and all(len(w) <= _MAX_DAY_LETTERS or not w.strip(_CJK_DAYS)
                               for w in _HOURS_WORD.findall(line.strip()[hours.end():]))


def without_titles(line: str) -> str:
    """``line`` without the academic titles before a name ("dr. med. dent.", "Mag. pharm.")."""
    return _ACADEMIC_TITLES.sub("", line.strip()).strip() or line.strip()


def signs_for(line: str) -> str:
    """``line`` without an assistant's "i.A.", "p.p.", "on behalf of" before the name it signs."""
    behalf = _ON_BEHALF.match(line.strip())
    return line.strip()[behalf.end():] if behalf else line


def is_company_first(line: str) -> bool:
    """A company's name written with its form first ("株式会社メディネット関西", "(주)메디넷솔루션")."""
    return bool(_COMPANY_FIRST.match(fold(line))) and is_name_line(line)


# Who a name signs for: an assistant's "p.p.", "i.A." or "on behalf of" before the director's name
_ON_BEHALF = re.compile(r"(?i)(?:p\.\s?p\.|pp\.?|i\.\s?a\.|i\.\s?v\.|(?:for and )?on behalf of|per pro\.?|"
                        r"på vegne av|på vegne af|på uppdrag av|namens|au nom de|en nombre de|per conto di|"
                        r"a nome di|w imieniu|em nome de|im auftrag (?:von|des|der)?|für|for|pour|per|por|"
                        r"za|z up\.|z upoważnienia|v\.?\s?z\.|u\.?\s?z\.|για|pentru|nimel|vardu|vārdā|за|в\.?\s?з\.|per conto di|p\.\s?o\.|p\.)[^\S\n]++(?=\S)")
_MIN_NOTICE_WORDS = 8  # (a notice in words the short list does not know is a long line)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_CHARACTERS_PER_WORD = 2


def is_notice_paragraph(paragraph: str) -> bool:
    """A paragraph of legal notice: boilerplate (see ``is_boilerplate``) that names at least
    two of a notice's words ("confidential … intended recipient", "保密 … 收件人 … 删除"): not a
    line that only says "delete" ("Slett gjerne alle notatene våre etterpå.")."""
    folded = fold(paragraph)
    first = _SENTENCE_SPLIT.split(" ".join(folded.split()), maxsplit=1)[0]
    # (its first sentence a notice's, no keyword anywhere: "Hey, I Accept … Thanks, Rob The
    # information contained in this message is private …" as an HTML part runs it together is
    # the writer's)
    return bool(_CONFIDENTIAL.search(folded)) and len({m.group(0) for m in _BOILERPLATE_WORDS.finditer(folded)}) >= 2 \
        and bool(_BOILERPLATE_WORDS.search(first)) and not _KEYWORDS.search(folded) \
        and line_kind(paragraph) is Kind.BOILERPLATE


# What a notice is about: confidentiality, the intended recipient, data protection (a bounce's
# "recipient not found" is no notice)
_CONFIDENTIAL = re.compile(
    r"\b(?:confiden\w*|vertraulich\w*|riservat\w*|vertrouwelijk\w*|poufn\w*|důvěrn\w*|konfiden\w*|fortrolig\w*|"
    r"luottamuksellis\w*|bizalmas\w*|εμπιστευτικ\w*|конфиденциальн\w*|конфіденційн\w*|gizli\w*|poverljiv\w*|"
    r"zaupn\w*|поверително|rahasia|bảo mật|kumpidensyal|faoi rún|intended recipient\w*|disclaimer\w*|"
    r"privileged|gdpr|dsgvo|rgpd|lgpd|popia)\b|保密|机密|機密|秘密|기밀|비밀|ความลับ|סודי|سري")


def _long_with_notice_words(text: str, folded: str) -> bool:
    """A line long enough to be a notice, holding a notice's words. The scripts written
    without spaces are counted by their characters, and there it takes two of a notice's words
    ("本邮件可能包含保密信息，如误收请通知发件人并删除。": confidential, recipient, delete; not
    "隔離データは30日後に削除いたします。", which only deletes)."""
    if len(text.split()) >= _MIN_NOTICE_WORDS:
        return bool(_BOILERPLATE_WORDS.search(folded))
    if len(text.split()) + len(_CJK.findall(text)) // _CJK_CHARACTERS_PER_WORD < _MIN_NOTICE_WORDS:
        return False
    return len({m.group(0) for m in _BOILERPLATE_WORDS.finditer(folded)}) >= 2

# "Это сообщение проверено антивирусом Kaspersky.", "Το μήνυμα ελέγχθηκε για ιούς από το Avast.":
# a short line saying the mail was scanned for viruses, in any language
_MAX_SCAN_NOTICE_WORDS = 12
_PERSONAL_DATA = re.compile(r"\b(?:personal data|données personnelles|datos personales|dati personali|"
                            r"personenbezogene(?:n)? daten|dane osobowe|persoonsgegevens|dados pessoais)\b")
_SERVICE = words_of("service")  # ("The virus in the archive stays with us." is no scan notice)
_VIRUS_SCAN = re.compile(r"\b(?:antivir\w*|antywirus\w*|антивирус\w*|антивірус\w*|antivírus\w*|virus\w*|viren\w*|"
                         r"wirus\w*|vírus\w*|virüs\w*|ιούς|ιών|فيروس\w*|الفيروسات|avast|eset|kaspersky|sophos|"
                         r"norton|mcafee|bitdefender)\b|바이러스|ウイルス|病毒")


# What mail clients write where a signature's logo was: "[image: X]", "[cid:…]", "[Logo X]".
_IMAGE_PLACEHOLDER = re.compile(r"\[(?:image|cid|logo|bild|imagen|immagine|afbeelding|obraz|image\d*|"
                                r"изображение|grafik|logotipo|logotyp)\b:?\s*([^\[\]]{0,120})\]$", re.IGNORECASE)


def is_courtesy_line(text: str) -> bool:
    """A line of courtesies, sentence by sentence, or clause by clause where a sentence is long:
    "Please pass on our best wishes to the client, it was a pleasure working with them."."""
    if is_self_introduction(text):
        return True
    text = _ABBREVIATION_DOT.sub(r"\1", text)  # "…the team at Saffron Spice Traders Pvt. Ltd."
    # (a Chinese or Japanese full stop ends a sentence too, where the sentences are not one
    # apology with its reason: "我是…的王冠宇。 謝謝通知。")
    sentences = [part for whole in _FULL_STOP_BREAK.split(text)
                 for part in ([whole] if _courteous(whole) else _CJK_STOP_BREAK.split(whole))]
    # (an apology, then its excuse as a sentence of its own: "답장이 늦어 죄송합니다. 출장 중이었습니다.")
    return all(_courteous(sentence) or k > 0 and _APOLOGY.search(fold(sentences[k - 1])) and _excuse_alone(sentence)
               for k, sentence in enumerate(sentences))


def _excuse_alone(sentence: str) -> bool:
    text = fold(sentence).strip(" .!。！")
    plain = _EXCUSE_IDIOMS.sub(" ", text)
    return _names_an_excuse(text, plain) and len(text.split()) <= _MAX_COURTESY_WORDS and \
        not _NOT_AN_EXCUSE.search(_without_busy_work(plain)) and not _KEYWORDS.search(text) \
        and not any(ch.isdigit() for ch in text)


def _names_an_excuse(text: str, plain: str) -> bool:
    """A cause of delay: spam, travel, holidays, illness, a busy time; or the work that kept
    the writer busy ("our server migration took the whole week"), told with no condition, time
    or scope of the transfer ("the migration can only start after March" is none)."""
    if _EXCUSE.search(text) or _NO_SIGNAL.search(text):
        return True
    return bool(_OUTAGE.search(plain)) and not _FREE_CONDITION_WORDS.search(_SERVICE.sub(" ", plain))


def _without_busy_work(plain: str) -> str:
    """("a big server outage at a customer", "our server migration": what broke or was moved)"""
    return _SERVICE.sub(" ", plain) if _OUTAGE.search(plain) else plain


def _courteous(whole: str) -> bool:
    if ("-" in whole or "–" in whole or "—" in whole) and _apology_and_excuse(whole):
        return True  # (an apology and its reason joined by a dash: "Sorry für die Verspätung – wir hatten …")
    return all(is_courtesy(sentence) or is_self_introduction(sentence) or _apology_and_excuse(sentence)
               or all(is_courtesy(clause) for clause in _CLAUSE_COMMA.split(sentence))
               for sentence in _COURTESY_BREAK.split(whole))


_FULL_STOP_BREAK = re.compile(r"(?<=[.!])\s+")
_CJK_STOP_BREAK = re.compile(r"(?<=[。！])\s*(?=\S)")


def _apology_and_excuse(sentence: str) -> bool:
    """An apology and why the answer is late: "Mi scuso, la vostra prima mail era finita nello
    spam.", "Entschuldigen Sie die späte Antwort, ich war bis gestern im Urlaub." The why names
    a cause of delay (spam, travel, holidays, illness, a busy time) and nothing of the transfer:
    no money, validity, scope, service, dispute, reference or keyword ("Sorry, I was away,
    only for the main domain" is no excuse)."""
    clauses = [c for c in _CLAUSE_COMMA.split(_EXCUSE_DASH.sub(", ", sentence)) if c.strip()]
    while len(clauses) > 2 and (is_greeting_line(clauses[0]) or _FORM_OF_ADDRESS.match(clauses[0])):
        clauses = clauses[1:]  # ("Привіт, вибачте за пізню відповідь, я був у відпустці.", "Bonjour Madame, Monsieur, …")
    if len(clauses) < 2:
        return False
    first = fold(clauses[0])
    plain = COURTESY_IDIOMS.sub(" ", _NOT_SOONER.sub(" ", first))
    if not (_APOLOGY.search(first) and len(first.split()) <= _MAX_APOLOGY_WORDS and not any(ch.isdigit() for ch in first)
            and not _FREE_CONDITION_WORDS.search(plain) and not _KEYWORDS.search(first)):
        return False  # ("Foi mal pelo atraso", "מתנצל על העיכוב": an apology, and nothing else)
    for clause in clauses[1:]:
        text = fold(clause).strip(" .!")
        if not _NOT_SOONER.sub(" ", text).strip(" .!,;"):
            continue  # (the apology's own words: "…, dass ich mich erst jetzt melde; …")
        plain = _EXCUSE_IDIOMS.sub(" ", text)
        if not (is_courtesy(clause) or (_names_an_excuse(text, plain) and len(text.split()) <= _MAX_COURTESY_WORDS
                                        and not _NOT_AN_EXCUSE.search(_without_busy_work(plain))
                                        and not _KEYWORDS.search(text))):
            return False
    return True


_EXCUSE_DASH = re.compile(r"\s[–—-]\s")
_FORM_OF_ADDRESS = re.compile(r"\s*[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s[A-ZÀ-ÖØ-Þ][\w'’-]*)?\s*,\s*$")  # ("Monsieur,")
_MAX_APOLOGY_WORDS = 10
_APOLOGY = re.compile(r"\b(?:sorry|apolog\w*|excuse|pardon|scus\w*|perdón|perdon\w*|disculp\w*|entschuldig\w*|"
                      r"mae'n ddrwg gen i|ddrwg gen i|gabh mo leithscéal|üzr|pasensya|кечіріңіз|уучлаарай|ми е жал|"
                      r"na ndjesë|samahani|jammer|vabandust|vabandame|vabandan|perdão|"
                      r"siento|désolée?s?|excuses|desculp\w*|foi mal|przeprasz\w*|ursäkta|beklager|undskyld|"
                      r"anteeksi|omlouv\w*|elnézést|bocsánat|scuze|извин\w*|вибач\w*|перепрошу\w*|prosz[eę]|"
                      r"xin lỗi|maaf|özür|συγγνώμη|ospravedl\w*|oprost\w*|ispričav\w*|wybacz\w*|förlåt|forlat|undskyld\w*|promiň\w*|prepáč\w*|izvin\w*|afsaki\w*|atsiprašau|atvainoj\w*|pahoittel\w*|bocsás\w*|ζητώ συγγνώμη|disculpeu|perdoe\w*|perdon\w*)\b|"
                      r"すみません|申し訳|抱歉|对不起|對不起|不好意思|죄송|미안|מתנצל\w*|סליחה|عذرا|عذراً|آسف|نعتذر|أعتذر|اعتذر|माफ़ी|माफी|"
                      r"क्षमा|ببخشید|پوزش|عذرخواهی|দুঃখিত|মাফ|மன்னிக்கவும்|معذرت|ბოდიში|ներողություն|Ներողություն")
# "for not replying sooner": a no that is part of the apology
_NOT_SOONER = re.compile(r"\b(?:(?:for )?not (?:replying|answering|responding|getting back|coming back)(?: to you)?(?: sooner| earlier)?|"
                         r"(?:it )?took (?:me |us )?(?:a while|so long|some time|a few days|longer than (?:expected|planned))"
                         r"(?: to (?:get back|come back|reply|respond|answer)(?: to you)?)?|"
                         r"no haber (?:contestado|respondido)(?: antes)?|nicht (?:früher|eher) (?:geantwortet|gemeldet)|"
                         r"de ne pas avoir répondu(?: plus tôt)?|(?:di )?non aver risposto(?: prima)?|"
                         r"viivituse pärast|hilinemise pärast|"
                         r"(?:dass|daß) (?:ich mich|wir uns) erst (?:jetzt|heute) melden?|"
                         r"(?:że )?dopiero teraz(?: odpowiadam| odpisuję| piszę)?|"
                         r"(?:por )?só (?:responder|respondo|responde\w*|escrever|escrevo) agora|só agora|"
                         r"niet eerder (?:gereageerd|geantwoord)|(?:por )?não ter respondido(?: antes)?)\b")
_EXCUSE = re.compile(r"\b(?:spam\w*|junk|indésirables|indesiderat\w*|no deseado|ongewenst\w*|werbung|"
                     r"travel\w*|trip|viaggio|viaje|déplacement|unterwegs|reise|reis|podróż\w*|"
                     r"holiday\w*|vacation|vacanz\w*|vacances|vacaciones|urlaub|ferie\w*|feiertag\w*|vakantie|urlop\w*|"
                     r"відпуст\w*|отпуск\w*|dovolen\w*|szabadság\w*|loma\w*|semester|lomalla|"
                     r"sick|ill|malat\w*|krank|malade|enferm\w*|ziek|chor\w*|busy|occupat\w*|beschäftigt|"
                     r"ocupad\w*|druk|flat out|swamped|snowed under|hectic|slammed|overlooked|übersehen|missed|slipped|verloren|lost|perso|perdido|"
                     r"out of (?:the )?office|away|thư rác|rác|nghỉ phép|công tác|month-end|year-end|"
                     r"cierre contable|semana de cierre|jahresabschluss|monatsabschluss|clôture|gwyliau|wyliau|saoire|"
                     r"ezamiyyət\w*|məzuniyyət\w*|bakasyon|de baja|baja|демалыс\w*|амралт\w*|отпуст\w*|godišnj\w*|"
                     # (set O: leave, congés, Cyrillic spam, an outage that kept the writer busy)
                     r"leave|annual leave|congés|congé|conges|спам\w*|outage|ausfall|\w*ausfall|störung|panne|avería|"
                     r"guasto|storing|awari\w*|výpadek|incident|"
                     # (set R: a short-staffed office, the flu, a course or conference; Afrikaans leave)
                     r"short-staffed|short staffed|understaffed|flu|covid|training|course|conference|seminar|workshop|"
                     r"trade fair|verlof|quarter-end|kiire aeg|kiire|aastalõpu|\w*umzug|caído no spam|caiu no spam|"
                     r"ανεπιθύμητ\w*|nevyžádan\w*|nevyžiadan\w*|levélszemét\w*|roskaposti\w*|neželjen\w*|"
                     r"нежелан\w*|nedorit\w*|šlamšt\w*|rämpspost\w*|brossa|istenmeyen|skräppost\w*|uønsket|"
                     r"søppelpost\w*|niechcian\w*|lixo|"
                     # (set W: a practice's flu season, courses and congresses, holidays in its languages)
                     r"\w*grippe\w*|influens\w*|influenz\w*|chřipk\w*|chrípk\w*|gryp\w*|flunssa\w*|gripe|griep|"
                     r"grip[aăe]|γρίπη|грип\w*|gripas|flensa|fortbildung|weiterbildung|kongress\w*|konferenz\w*|"
                     r"tagung|schulung|congrès|formation|congreso|formación|congresso|formazione|congres|nascholing|"
                     r"konferencj\w*|szkoleni\w*|konferenc\w*|školení|kongres\w*|koulutu\w*|kurs\w*|"
                     r"urlaub\w*|dovolen\w*|urlop\w*|szabadság\w*|semester\w*|ferie\w*|loma\w*|puhkus\w*|atvaļinājum\w*|"
                     r"atostog\w*|fríi|frí|concediu|отпуск\w*|άδεια|διακοπ\w*|vacances|vacaciones|vacanz\w*|vakantie|férias|"
                     r"vacances|dopust\w*|odmor\w*|godišnj\w*|"
                     # (set X: a hotel's full house and high season, a day off)
                     r"fully booked|full house|sold out|high season|peak season|busy season|casa cheia|lotação esgotada|"
                     r"lleno|completos?|temporada alta|alta temporada|ausgebucht|hochsaison|complet|haute saison|"
                     r"pieno|tutto esaurito|alta stagione|volgeboekt|hoogseizoen|sezon|dolu|folga|de folga|día libre|"
                     r"freien? tag\w*|jour de congé|πλήρως|γεμάτο|full|"
                     # (set Y: a lawyer in court or at a hearing; month-end closing)
                     r"in court|at court|hearing|gericht|verhandlung|tribunal|audiencia|juicio|udienza|tribunale|"
                     r"audiência|rechtbank|zitting|sądzie|rozprawie|soudu|jednání|bíróságon|tárgyaláson|mahkemede|"
                     r"duruşma\w*|mahkamah|închiderea de lună|închidere de lună|închiderea lunii|"
                     # (set Z: a school's half-term, exams, enrolment and term start, closed for the holidays)
                     r"half-term|half term|term break|school holidays?|exams?|examinations?|enrol\w*|matrículas?|matriculas?|"
                     r"inscriptions|inscripciones|rentrée|exámenes|esami|examens|prüfungen?|zeugnis\w*|egzamin\w*|"
                     r"schulferien|herbstferien|osterferien|weihnachtsferien|prázdnin\w*|prázdniny|ferias|"
                     r"closed|fermée?s?|geschlossen|cerrad[oa]s?|chius[oa]|gesloten|fechad[oa]s?|"
                     # (set AA: a builder's day on site: a concrete pour, an inspection, the storm)
                     r"concrete pour|on site|site inspection|baustelle|betonage|chantier|obra|cantiere|bouwplaats|"
                     r"budow\w*|inspection|abnahme|storm|sturm|tempête|tormenta|tempesta|unwetter)\b|عدالت|আদালত|法庭|法院|裁判所|법원|จดหมายขยะ|สแปม|만실|満室|客满|客滿|நிரம்பி|"
                     r"学会|研討會|研讨会|研修|학회|세미나|연수|자리를 비웠|工地|验收|驗收|现场|現場|工事現場|현장|インフルエンザ|독감|流感|الإنفلونزا|مؤتمر|"
                     r"ছুটি|ভ্রমণ|বাইরে|অফিসের কাজে|ব্যস্ত|অসুস্থ|விடுமுறை|பயண|வெளியூர்|உடல்நலம்|գործուղում|შვებულება|მივლინება|արձակուրդ|ճանապարհորդ|چھٹی|سفر|"
                     r"رمضان|موسم|الضغط|ضغط العمل|مشغول\w*|العيد|"
                     r"דואר הזבל|זבל|ספאם|غير المرغوب|البريد المزعج|إجازة|迷惑メール|垃圾邮件|垃圾郵件|스팸|휴가|출장|休暇|出張|休假|出差|"
                     r"स्पैम|छुट्टी|यात्रा|اسپم|هرزنامه|سفر|مرخصی")
# (and the work that kept the writer busy: "we've been flat out with a server migration")
_OUTAGE = re.compile(r"\b(?:outage|\w*ausfall|störung|panne|avería|guasto|storing|awari\w*|výpadek|"
                     r"migration|upgrade|rollout|roll-out|cutover|go-live|umstellung|migración|migrazione|\w*umzug|"
                     r"migratie|migracj\w*|migrering|migrac\w*|migrointi|миграци\w*|міграці\w*|geçiş|\w*migration|"
                     r"guast\w*|averí\w*|vyp[aá]d\w*|kimaradás|katkos|nedbrud|strömavbrott|strømbrudd)\b")
# What an excuse never names: the transfer's terms
_NOT_AN_EXCUSE = words_of("money", "validity", "scope", "service", "legal", "reference", "retraction")
# ("your first mail": a first that is no sequence)
_NO_SIGNAL = re.compile(r"\b(?:without|uten|utan|uden|bez|ilman|ohne|sans|sin|senza|sem|zonder) (?:any )?(?:signal|coverage|"
                        r"reception|internet|network|wi-?fi|dekning|täckning|dækning|zasięgu|internetu|signálu|"
                        r"verkkoa|kenttää|netz|empfang|réseau|cobertura|copertura|rete|sinal|bereik)\b")
_EXCUSE_IDIOMS = re.compile(r"\bkept (?:me|us|everyone|the team) (?:busy|occupied|flat out)\b|"
                            # (too busy, as people say it: "não tive mãos a medir"; "half-term" holds no half)
                            r"\b(?:não tive|não tivemos|sem) mãos a medir\b|\bhalf[- ]term\b|\b(?:first|prima|primer|primeira|première|erste|eerste|pierwsz\w*) "
                            r"(?:mail|e-?mail|message|messaggio|correo|mensaje|nachricht|bericht|wiadomoś\w*)\b|"
                            # (away without a phone's signal: "på hytta uten dekning", "bez zasięgu")
                            + _NO_SIGNAL.pattern)


_CLAUSE_COMMA = re.compile(r"(?<=[,;，،])\s*")
# (and the last dot of a dotted company form: "Bodegas Ortega S.A. de C.V.", "S.R.L.", "e.K.")
_ABBREVIATION_DOT = re.compile(r"\b(pvt|ltd|inc|co|corp|dr|mr|mrs|ms|st|sr|jr|bros|av|nr|no|prof|ing|mag|"
                               r"bt|kft|zrt|nyrt|ky|oy|oyj|tbk|bhd|pte|şti|[a-z](?=\. (?:de|en) [a-z]\.)|"
                               r"(?:[^\W\d_]{1,3}\.){1,3}[^\W\d_]{1,3})\.(?=\s|\.|$)", re.IGNORECASE)

def is_addressee_line(line: str, following: str) -> bool:
    """The addressee a Japanese or Korean letter opens with, above the honorific greeting:
    "Ashcombe 移管窓口\nご担当者様": a name line, then a line ending in 様, 御中, 殿 or 님."""
    text = line.strip()
    # (read lower case by intent: its shape, not its capitals: short, no sentence, no terms)
    return bool(_HONORIFIC_END.search(following.strip())) and 0 < len(text) <= _MAX_ADDRESSEE and \
        len(text.split()) <= _MAX_GREETING_WORDS and not _SENTENCE_PUNCT.search(text) and \
        not text.endswith((".", "。", ":", "：")) and not states_terms(text) and not _KEYWORDS.search(fold(text))


_MAX_ADDRESSEE = 60


# Introducing oneself, in Japanese, Korean and Chinese business mail: "株式会社サクラネットワーク
# スの渡辺です。", "한빛시스템의 김민준입니다.", "我是恒通科技的王伟。"
_SELF_INTRODUCTION = re.compile(
    r"^(?:[^。.!?]{1,60}の[^\s。.!?]{1,8}(?:\s[^\s。.!?]{1,8})?(?:です|でございます|と申します)|"
    r"[^\s。.!?]{1,40}\s?[^\s。.!?]{1,12}と申します|"
    r"[^\s.!?]{1,40}의\s?[^\s.!?]{1,12}입니다|(?:我是|敝姓|我姓|本人是|我係)[^。.!?]{1,60}|"
    # "(주)한빛시스템 박민수입니다.", "안녕하세요, 누리네트웍스 주식회사 김지연입니다.", "대전정보기술
    # 고객지원팀 박 시스템 엔지니어입니다.": a company's form or a team names it ("백업은 유지입니다" is a
    # statement)
    r"(?:(?:안녕하세요|안녕하십니까)[,.]?\s)?(?=[^.!?]{0,60}(?:주식회사|\(주\)|㈜|팀\s))[^.!?]{1,80}입니다|"
    # (who writes by their title: "Jeju Badaview Hotel 총지배인입니다.", the general manager)
    r"[^.!?]{1,60}(?:총지배인|지배인|대표이사|대표|매니저|실장|과장|부장|팀장|원장)입니다|"
    # who looks after the practice, in Japanese and Korean: "同院の保守を担当しております。",
    # "해당 의원의 유지보수를 담당하고 있습니다." (the practice, then its upkeep or support, and nothing else)
    r"(?:同院|貴院|当院|該院|医院|クリニック|薬局|病院|歯科医院)(?:様)?の(?:システムの)?(?:保守|サポート|運用|保守管理|保守・運用)(?:業務)?を"
    r"担当(?:して(?:おり|い)ます|させていただいております)|"
    r"(?:해당|귀|저희) ?(?:의원|병원|치과|약국|클리닉)의 (?:유지보수|유지 보수|기술 지원|기술지원|시스템 관리|IT 지원)를 담당하고 있습니다|"
    # writing for the doctor: "김지현치과의사을 대신하여 접수실에서 연락드립니다.", "我代黃志明醫師回覆，醫師正在看診。",
    # "院長に代わりご連絡いたします。"
    r"[^.!?\s]{1,30}(?:을|를|님을|님를) 대신하여 (?:접수실에서 |원무과에서 |데스크에서 )?(?:연락|회신|답장)(?:드립니다|드려요|합니다)|"
    r"我代[^。.!?，,]{1,20}(?:回覆|回复|答覆|答复|回信)(?:[，,](?:醫師|医师|医生|醫生|院長|院长)正在(?:看診|看诊|門診|门诊|看病))?|"
    r"[^。.!?、]{1,20}(?:に代わり|に代わって|の代理で|の代理として)(?:まして)?、?(?:ご連絡|ご返信|返信|ご回答)(?:いたします|申し上げます|します)|"
    # Vietnamese: "Tôi là Phạm Tuấn từ Công ty CP Công nghệ Biển Đông."
    r"(?i:tôi là) [^.!?]{1,60} (?:từ|của|thuộc) [^.!?]{1,80})[。.!！]?$")


def is_self_introduction(line: str) -> bool:
    text = line.strip()
    if _KEYWORDS.search(fold(text)):
        return False
    if _SELF_INTRODUCTION.match(text) or _introduces(text):
        # (the introducing words are no terms: "de la part de" holds a "part")
        return not states_terms(_INTRO_LEAD.sub("", _WITH_PATIENTS.sub("", " ".join(text.split()).rstrip(".!")), count=1))
    if len(text) > _MAX_INTRODUCTION_LENGTH:
        return False
    # "jag ansvarar för driften av Lindqvist IT AB hos Skärgårdsdata AB.", "seguo l'assistenza di
    # Russo Informatica S.r.l. per conto di Bianchi Sistemi S.p.A.": who the writer is for the
    # client in one sentence, the names aside (after a greeting on the same line too)
    greeting, comma, after = text.partition(",")
    for whole in [text] + ([after.strip()] if comma and is_greeting_line(greeting + ",") else []):
        # (a statement, not a question, and its first word one of introducing, whatever its
        # capital: "Hvem står for DNS-ændringen?" asks who handles the DNS)
        first = _CLAUSE_WORD.match(whole)
        if "?" not in whole and first and fold(first.group(0)) in _LOOKING_AFTER and \
                _looks_after_the_client(whole, _MAX_INTRODUCING_SENTENCE):
            return True
    # "This is Rachel from Ironbridge Digital Ltd; we have looked after Maple Street Dental
    # Group for the last few years.": who writes, then that they look after the client
    # (after a semicolon or a comma: "Ik ben Jeroen Mulder van Brabant Cloud BV, wij verzorgen de ICT van …")
    if len(text) > _MAX_INTRODUCTION_LENGTH:
        return False
    for cut, after_cut in [m.span() for m in _INTRO_BREAK.finditer(text)][:_MAX_CLAUSE_BREAKS]:
        head, tail = text[:cut].strip(), text[after_cut:]
        if not _looks_after_the_client(tail):
            continue
        greeting, comma, after = head.partition(",")
        heads = [head] + ([after.strip()] if comma and is_greeting_line(greeting + ",") else [])
        if any((_SELF_INTRODUCTION.match(h) or _introduces(h)) and not states_terms(h) for h in heads):
            return True
    return False


# (and a dash: "Megan here from Highveld Managed Services CC - I look after Protea Logistics")
_CLAUSE_BREAK = re.compile(r"[;,]|\s[-–—]\s")
_MAX_CLAUSE_BREAKS = 6
# (an introduction's two halves joined by "and": "Jag är partneransvarig på X AB och har haft
# hand om Y AB sedan 2019", "Olen X Oy:n IT-päällikkö ja olen hoitanut Y Oy-asiakkuutta")
_INTRO_BREAK = re.compile(r"[;,،]|\s[-–—]\s|\s(?:and|und|och|og|ja|et|y|en|e|i|a|és|ve|и|і)\s|\sو(?=\S)")


_MAX_INTRODUCING_SENTENCE = 30  # (company forms are long: "S.A.P.I. de C.V.")


def _looks_after_the_client(clause: str, limit: int = 16) -> bool:
    """"we have looked after Maple Street Dental Group for the last few years", "klienta
    Pekárna Černý spravujeme několik let": the names aside (their capitals), nothing but the
    words of looking after a client for some time; any other word (a "keep", an "until", a
    "backup") and it is no introduction."""
    clause = _CARE_PHRASE.sub(" sköter ", _without_past_years(_ELISION.sub(" ", clause)))
    words = _CLAUSE_WORD.findall(_SINCE_NOW.sub(" ", _QUOTED_NAME.sub(" ", clause)))
    if not words or len(words) > limit or any(ch.isdigit() for ch in clause):
        return False
    if any(w[:1].isupper() and not w.isupper() and _TIME_WORD.fullmatch(fold(w)) for w in words):
        return False  # (a capital is no name when it is a month or a day: "… look after them from April")
    if _capitalised_terms(clause):
        return False  # ("… we have looked after Acme Until Payment": capitals do not make a condition a name)
    rest = [fold(w) for w in words if not w[:1].isupper()]
    return all(w in _LOOKING_AFTER for w in rest) and any(w in _CARE_VERBS for w in rest)


_CLAUSE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_TIME_WORD = words_of("time")


def _capitalised_terms(clause: str) -> bool:
    """A run of capitalised words that holds a word of a class and is no company's name (it does
    not end with a company form): "Acme Until Payment", "Only After Payment"."""
    for run in _CAPITALISED_RUN.findall(clause):
        words = run.split()
        if _COMPANY_FORMS.match(fold(words[-1])):
            continue  # ("Payment Systems Ltd" is a company)
        if states_terms(run):
            return True
    return False


_CAPITALISED_RUN = re.compile(r"(?<![\w'’&.-])[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω][\w'’&.-]*+(?:[ \t]++[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω][\w'’&.-]*+)*")
# (from today on, which sets no date: "we will be looking after X from now on", "prenderemo in carico X")
_SINCE_NOW = re.compile(r"(?i)\b(?:from now on|in carico|a partir de ahora|a partir de agora|à partir de maintenant|"
                        r"désormais|dorénavant|daqui em diante|de agora em diante|ab sofort|ab jetzt|d'ora in poi|"
                        r"da ora in poi|vanaf nu|od teraz|od nynějška|från och med nu|fra nu af|fra nå av)\b")


# Since when, in the past: "… sedan 2019", "seit 2016", "منذ 2016" (a year that has begun sets
# no date; "until 2027", "from 2027" keep their digits and are no introduction)
_SINCE_YEAR = re.compile(r"(?i)\b(?:since|seit|sedan|siden|depuis|desde|dal|dall'|sinds|od|от|з|vuodesta|óta)[^\S\n]++"
                         r"(?:(?:the[^\S\n]++)?year[^\S\n]++|roku[^\S\n]++)?(?P<year>(?:19|20)\d\d)\b(?:[^\S\n]?r\.)?|"
                         r"\b(?P<year_first>(?:19|20)\d\d)[^\S\n]++(?:óta|alkaen)\b|"
                         r"منذ[^\S\n]++(?:عام[^\S\n]++)?(?P<year_ar>\d{4})|(?P<year_bn>[\d০-৯]{4})[^\S\n]++সাল থেকে")


def _without_past_years(clause: str) -> str:
    """``clause`` without "since 2019" where the year is past ("desde", "od", "alkaen" also say
    "from": "desde 2027" is a date to come, and keeps its digits)."""
    def past(found: re.Match) -> str:
        digits = next(group for group in found.groups() if group)
        year = int("".join(str(unicodedata.digit(ch)) for ch in digits))
        return " " if year < date.today().year else found.group(0)
    return _SINCE_YEAR.sub(past, clause)
# French and Italian elided articles before a name ("le suivi de l'Riad Dar Zitoun", "dell'Hotel Roma")
_ELISION = re.compile(r"(?i)(?<!\w)(?:l|d|dell|all|nell|sull)['’](?=\w)")
# Looking after, in a phrase of several words: Swedish "har haft hand om", "tar hand om"
_CARE_PHRASE = re.compile(r"(?i)\b(?:haft|har|tar|tagit) hand om\b")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Looking after a client, per language: the verbs, then the little words around them
_CARE_VERBS = _word_set("""
looked look looking looks manage managed managing manages handle handled handling handles support supported
manager responsible trách
supporting supports serve served serving serves care maintain maintained maintaining administer administered
betreuen betreut betreuten verwalten verwaltet kümmern gérons gère gérer géré gérée suivons occupons accompagnons
gestionamos gestionando gestionado llevamos atendemos administramos gestiamo seguiamo curiamo gestito seguito
beheren verzorgen ondersteunen beheerd obsługujemy obsługiwaliśmy zarządzamy opiekujemy spravujeme spravovali
staráme kezeljük kezeltük gondozzuk gerimos cuidamos atendemos gerindo gestionăm administrăm ocupăm sköter skött
hanterar förvaltar håndterer håndteret drifter driftet hoidamme ylläpidämme hoitanut hoitaneet hoidan обслуживаем ведём ведем сопровождаем
обслуговуємо ведемо супроводжуємо yönetiyoruz
run runs contact contacto aanspreekpunt ansprechpartner ansprechpartnerin interlocuteur interlocutrice referente
seguo gère gérons ansvarar beheer står llevo atsakingas vadybininkas ejecutivo accountmanager kepala
übernehmen prenderemo carico
gérions gérait gérais maintenait maintenais maintenons atendía atendíamos mantenía manteníamos mantinha cuidava
cuidávamos prowadziliśmy prowadzimy prowadził prowadziła quản manage managed managing maintain maintained built
kelola mengelola kelolaan
betreue betreuen betreut opiekujemy spravujeme spravujem održavamo vzdržujemo üzemeltetjük gondozzuk hooldame
apkalpojam prižiūrime hoidamme hoidan administrăm поддържаме обслужваме υποστηρίζουμε portem gestionem beheren
ondersteunen drifter passer cuidamos atendemos seguimos sjáum نتولى ندير نخدم نعتني
reprenons reprend reprendrons assurons assurerons daremos prestaremos prestamos assumimos asumimos übernehmen
prestataire provider dienstleister proveedor fornitore fornecedor dostawca dodavatel leverancier
""")
_LOOKING_AFTER = _CARE_VERBS | _word_set("""
we i we've i've we're i'm have has had been are am is it them their its our the a an and of at for since over last
customers side on
past few several many some couple years year after take took taking account accounts client clients customer
wir haben seit jahren vielen einigen den die das dem kunden uns um schon
nous avons depuis des plusieurs années ans le la les l client compte de du
nosotros hemos hace desde varios muchos años al a el los cuenta cliente e y
noi abbiamo da anni diversi alcuni il lo cliente per e
wij we hebben al jaren sinds de het klant en van voor
od lat kilku wielu klienta się i
klienta několik let již už od se o a
évek óta mi a az z ügyfelet több éve és
há anos vários do da o cliente conta e
de ani câțiva mulți clientul ne și
vi har i flera år kunden och flere kunden og
мы уже несколько лет много клиента и
yıllardır uzun süredir müşteriyi ve
bên tôi đang phụ cho chúng
be i'll we'll will main primary point team onboarding handful other number
e-mail email website web hosting
seré será el para straks het aanspreekpunt bij
l'assistenza l'assistenza di per conto ako po ang account manager ng sa je l'infogérance l'infogérance au sein
soy ejecutivo cuenta del en llevo soporte jag för driften av hos esu klientų ir už ik ben der van en jeg af
saya tim support adalah klien kami
wir now going forward here record
olen olemme jo vuotta vuosia asiakkuutta asiakasta
boutique site sitio tienda loja sklep store shop magasin cửa hàng lý bên em từ trước tới giờ ka hum hi karte the
que qui hasta ahora agora agencia agence agência agency nouvelle nueva nova new developer développeur développeuse
desarrollador desarrolladora desenvolvedor desenvolvedora freelance independent indépendant indépendante
practice surgery clinic pharmacy office praxis ordination ordinace ordinaci ambulance ambulanciu ambulancia
gabinet gabinetem przychodnię przychodnią apteką kliniken klinikken klinikan mottagningen praksis praksisen
vastaanottoa vastaanoton apteekkia rendelőt rendelőjét patikát ordinacijo ordinaciju ambulantu ljekarnu
cabinetul farmacia clinica клиниката практиката аптеката ιατρείο φαρμακείο kabinetą vaistinę praksi
vastuvõttu apteeki stofuna consultori clínica consultorio studio ambulatorio cabinet officine
praktijk apotheek consultório
suivi soporte support apoio assistência assistance l hotel hôtel hotels lodge resort riad pousada posada albergo
صيانة أنظمة انظمة العيادة الصيدلية المركز منذ دعم
sommes informatique plusieurs études étude dont cabinets notaire notaires systems side partners small practices among
firm firms lawyers attorneys offices several kanzlei kanzleien mehrere despacho despachos varios studi diversi
kancelarii kancelarie kilku IT
independiente who which kami selama ini
et pro firma firmu firmy informatycznie z o s spółki společnost
""")


# Who writes, in the languages written with spaces: "This is James from Castle Rock Computing
# Ltd.", "Anders Bergström här, Lindqvist Data & Nät AB.", "sono Valentina Conti di Colombo
# Servizi IT S.n.c.", "soy Pablo Ortega, de Asesoría Fiscal Martínez.", "пишу от имени ООО
# «Улыбка»": a phrase of introducing, then nothing but names, companies and roles, joined by
# the little words that say which company ("from", "von", "di", "z").
_INTRO_LEAD = re.compile(
    # (writing on someone's behalf first: "I am writing on behalf of Dr. Byrne" is no "I am …")
    r"(?i)^(?:(?:(?:i am |i'm |we are |ich |je |le |les |vi |vos |vă |vam |vám |ti |σας )?(?:writing|schreibe|vous écris|escribo|scrivo|"
    r"escrevo|schrijf|skriver|piszę|píšu|пишу|пишемо|yazıyorum|scriu|pišem|пишем|γράφω|kirjutan|rakstu|rašau|"
    r"skrifa|escric|írok|píšem|píši|píšu)\s+(?:(?:to )?you\s+|ihnen\s+|vám\s+|vam\s+|вам\s+|σας\s+|teile\s+|jums\s+|"
    r"vous\s+|le\s+|les\s+|vi\s+|u\s+|państwu\s+)?)?"
    r"(?:on behalf of|for|im namen (?:von|der|des)|im auftrag (?:von|der|des)|i\.\s?a\.(?: von)?|für|au nom de|pour|"
    r"en nombre del?|a nombre del?|"
    r"a nome di|per|em nome d[aeo]|namens|voor|på vegne av|på vägnar av|för|w imieniu|jménem|v mene|za|"
    r"от имени|від імені|adına|în numele|u ime|у име|в името на|εκ μέρους (?:του|της)(?: ιατρείου| φαρμακείου)?|"
    r"fyrir hönd|en nom de|de la part (?:de|du|d')|"
    r"a nom de)|"
    # (writing from the firm: "Piszę z firmy …", "I'm writing from X Ltd"; never "from" alone: "From April")
    r"(?P<from_firm>(?:i am |i'm |we are )?(?:writing|piszę|píšu|píšem|schreibe|escribo|scrivo|escrevo|schrijf|skriver)\s+"
    r"(?:from|z|ze|aus|desde|dalla|da|uit|från|fra|od)(?:\s+(?:firmy|firmu|der|la))?)|"
    r"this is|my name is|i am|i'm|it's|saya|aku|ici|tu|em là|tôi là|main|les saluda|le saluda|dette er|her er|hier ist|hier spricht|hier|mein name ist|ich bin|je suis|c'est|"
    r"soy|me llamo|le escribe|les escribe|os escribe|sono|mi chiamo|vi scrive|le scrive|sou|aqui é|me chamo|"
    r"quem escreve é|ik ben|mijn naam is|hier is|jag heter|jag är|det är|mitt namn är|jeg hedder|jeg heter|jeg er|"
    r"det er|nazywam się|jestem|z tej strony|píše|píše vám|jmenuji se|jsem|меня зовут|это|на связи|пишет|"
    r"мене звати|це|на зв'язку|пише|adım|sunt|numele meu este|vă scrie|olen|nimeni on|"
    # (set W's languages: Slovak, Hungarian, Slovenian, Croatian and Serbian, Bulgarian, Greek,
    # Estonian, Latvian, Lithuanian, Icelandic, Catalan, Gulf Arabic)
    r"volám sa|som|a nevem|nevem|moje ime je|sem|ja sam|zovem se|ја сам|зовем се|казвам се|аз съм|"
    r"ονομάζομαι|λέγομαι|είμαι (?:ο|η)|είμαι|minu nimi on|mani sauc|esmu|mano vardas yra|mano vardas|esu|"
    r"ég heiti|ég er|sóc (?:la|el|en)|sóc|em dic|معكم|معك|أنا|انا|اسمي|"
    # (a firm introducing itself: "Nous sommes Atlas Systèmes SARL AU et …", "Somos Baleares Sistemas, S.L. y …")
    r"we are|nous sommes|somos|siamo|wir sind|wij zijn|jesteśmy|jsme|sme|vi er|vi är|olemme|biz|"
    # (who the writer is by their work: "Jag jobbar som tekniker på …", "Radim kao tehničar u …")
    r"i work as|jag jobbar som|jag arbetar som|jeg jobber som|jeg arbejder som|ich arbeite als|je travaille comme|"
    r"trabajo como|lavoro come|pracuję jako|pracuji jako|pracujem ako|radim kao|delam kot|работя като|"
    r"lucrez ca|werk als|treballo com|trabalho como|"
    # (set Z: Swahili, Yoruba, Hausa, Zulu, Afrikaans, Luxembourgish, Galician, Filipino)
    r"mimi ni|naitwa|jina langu ni|èmi ni|emi ni|orúkọ mi ni|sunana|ni ne|ngingu|igama lami ngu|ek is|my naam is|"
    r"ech sinn|mäin numm ass|son|ako si|ako po si)\s+")
_INTRO_TAIL = re.compile(r"(?i) (?:here|hier|här|her|aqui|qui|ici|tässä|tady|vagyok|po ito|ito)(?= ?[,.!]|$| (?:a|from|von|van|de|di|fra|från) )")
_INTRO_JOINS = re.compile(
    r" ?(?:[,;،]| (?:from|at|of|with|von|bei|vom|der|de|chez|di|del|della|da|van|bij|från|på|fra|hos|z|ze|"
    r"из|от|з|від|a|en|per|pour|for|för|für|la|le|el|il|lo|the|die|das|des|du|responsable|referente|"
    r"responsabile|cuenta|conta|conto|kunde|klant|cliente|client|részéről|részérő|"
    # (set V: Indonesian, Hindi, Vietnamese and Tagalog "from"; the role the writer had, as an
    # apposition: "…, the new agency for X", "…, la desarrolladora que mantenía el sitio de X")
    r"dari|se|bên|của|ng|sa|head of delivery|head|of|delivery|new|nouvelle|nueva|nova|agency|agence|agencia|"
    r"agência|developer|développeur|développeuse|desarrollador|desarrolladora|desenvolvedor|desenvolvedora|"
    r"freelance|independent|indépendant|indépendante|independiente|que|qui|who|mantenía|maintenait|mantinha|"
    r"built and maintained|maintained|maintains|maintenait|sitio|site|atendía|hasta ahora|"
    r"nouvel|nuevo|novo|a nova|o novo|"
    # (set W's languages: "from", "at", "of the company", and "I am" after a comma: "Anna
    # Kowalska, jestem kierownikiem …", "Eva Gruber, ich bin die Ordinationsassistentin von …")
    r"iz|iš|no|από|από την|από τον|της|του|την|τον|ο|η|hjá|frá|i|és|og|och|ja|und|and|"
    r"firmy|firmě|firme|firmie|firma|společnosti|spoločnosti|tvrtke|tvrtki|podjetja|фирме|фирмата|εταιρείας|"
    r"ve|vo|w|u|v|pri|ved|cégnél|من|في|لدى|"
    # (for the practice: "εκ μέρους του ιατρείου (Δρ. …)", "za ordinaci")
    r"ιατρείου|φαρμακείου|ordinace|ordinacije|gabinetu|praktijk|ordinaci|"
    # (for the hotel's management or owners: "em nome da gerência do Lodge …")
    r"gerência|gerencia|direção|direcção|administração|management|direction|dirección|geschäftsleitung|"
    r"direzione|proprietários|propietarios|owners|propriétaires|eigentümer|eigenaren|"
    r"ich bin|bin|jestem|jsem|som|sem|sam|сам|съм|είμαι|esmu|olen|esu|är|er|sono|sóc|soy|sou|i am|i'm)(?= ))+ ?")
_SPACED_COMPANY_FORM = re.compile(r"(?i)\s(?:sp\. z o\. ?o|spol\. s r\. ?o|s\. r\. o|s\. de r\.l\.(?: de c\.v)?|"
                                  r"s\.a\.(?:p\.i\.)? de c\.v)\.?(?=\s|$)")
_MAX_INTRODUCTION_WORDS = 16
_MAX_INTRODUCTION_LENGTH = 200


def _introduces(text: str) -> bool:
    if len(text) > _MAX_INTRODUCTION_LENGTH:
        return False
    # (single spaces: the joins' pattern then has one way to read a gap, whatever was typed)
    text = " ".join(text.split()).rstrip(".!")
    # (a company form spelt with spaces and a join's word in it is one form: "Sp. z o.o.")
    text = _SPACED_COMPANY_FORM.sub(" Ltd", text)
    # (a receptionist writing for the doctor says where the doctor is: "… im Auftrag von Dr. med.
    # Andrea Berger (gerade in der Ordination)", "…, que está en consulta"; a name in brackets
    # is a name: "εκ μέρους του ιατρείου (Δρ. Μαρία Παπαδοπούλου)")
    text = _WITH_PATIENTS.sub("", text).strip(" ,")
    text = _NAME_IN_BRACKETS.sub(r" , \1", text)
    if len(text.split()) > _MAX_INTRODUCTION_WORDS or any(ch.isdigit() for ch in text):
        return False
    behalf = _BEHALF_AFTER_NAME.match(text)
    if behalf:  # "Kirjutan dr. Margus Saar nimel", "Rašau odontologė X vardu"
        return is_name_line(behalf.group("name") or behalf.group("name2"), in_block=True)
    lead = _INTRO_LEAD.match(text)
    if lead:
        rest = text[lead.end():]
    else:
        tail = _INTRO_TAIL.search(text)
        if not tail:
            return False
        rest = text[:tail.start()] + ", " + text[tail.end():]  # ("Anders Bergström här, Lindqvist Data AB")
    client = _FOR_THIS_CLIENT.search(rest)  # ("… de Atlas Digital SARL pour cet établissement")
    if client and not _FREE_CONDITION_WORDS.search(fold(client.group(0))):
        rest = rest[:client.start()]
    if lead and lead.group("from_firm"):
        # (from a firm, by its legal form, and nothing else: "Writing from April" names no firm)
        words = rest.split()
        return bool(words) and bool(_COMPANY_FORMS.match(fold(words[-1]))) and is_name_line(rest, in_block=True)
    parts = [p.strip() for p in _INTRO_JOINS.split(" " + rest + " ") if p.strip()]
    named = [bool(is_name_line(p, in_block=True) or _QUOTED_NAME.fullmatch(p)) for p in parts]
    if parts and all(named):
        return True
    # The writer's role in small letters, then their company by its legal form: "Sono il titolare
    # di Scuolanet S.r.l.", "I'm one of the directors of Southern Cross Education IT Pty Ltd"
    # (only after "I am" in its languages: "We are keeping the backups of X Ltd" states terms)
    if not lead or fold(lead.group(0)).strip() not in _BEING or sum(not n for n in named) > _MAX_ROLE_PARTS:
        return False
    return any(n and _COMPANY_FORMS.search(fold(p)) for n, p in zip(named, parts, strict=True)) and \
        all(n or _is_role(p) for n, p in zip(named, parts, strict=True))


def _is_role(part: str) -> bool:
    """A few words in small letters that set no terms: a role ("titolare", "chargé de clientèle")."""
    words = part.split()
    # (no English verb in "-ing": "I am handing over the files of X Ltd" tells what is done)
    return 0 < len(words) <= _MAX_ROLE_PART_WORDS and all(w.isalpha() and w.islower() and not w.endswith("ing")
                                                     for w in words) and \
        not _FREE_CONDITION_WORDS.search(fold(part)) and not _KEYWORDS.search(fold(part))


_MAX_ROLE_PART_WORDS = 3
_MAX_ROLE_PARTS = 2
_BEING = frozenset(["i am", "i'm", "ich bin", "je suis", "soy", "sono", "sou", "ik ben", "jag är", "jeg er", "jestem",
                    "jsem", "som", "olen", "sunt", "esmu", "esu", "ég er", "sóc", "mimi ni", "èmi ni", "emi ni",
                    "ek is", "ech sinn", "ako si", "ako po si", "ja sam", "аз съм", "είμαι"])
# "for this school", "pour cet établissement", "für diese Schule zuständig": whom the writer looks
# after, at the end of their introduction
_FOR_THIS_CLIENT = re.compile(
    r"(?i)\s(?:for|pour|per|para|für|voor|dla|pro)\s(?:this|these|cet|cette|ce|ces|questo|questa|quest'|este|esta|"
    r"diese[nmrs]?|deze|dit|tę|ten|tuto|toto|tento)\s?[^\W\d_]+(?:\s(?:zuständig|verantwortlich|responsible))?\s*$")


# Where the doctor is, in an assistant's introduction: busy with patients, in consultation
_WITH_PATIENTS = re.compile(
    r"(?i)(?:,\s*|\s*\(\s*)(?:(?:who is|who's|que está|qui est|che è|der|die|který|která|koji|která je|je|que|qui|che|who)\s+)?"
    r"(?:gerade|derzeit|momentan|currently|right now|at the moment|actuellement|en ce moment|in questo momento|"
    r"ahora|en este momento|neste momento|právě|práve|aktualnie|obecnie|jelenleg|parhaillaan|just nu|"
    r"τώρα|în prezent|trenutno|šiuo metu|pašlaik|praegu)?\s*"
    r"(?:in der (?:ordination|sprechstunde|praxis|behandlung)|bei (?:einem |der |den )?patient\w*|in (?:surgery|clinic)|"
    r"with (?:a )?patients?|seeing patients|en consultation|en consulta|em consulta|in visita|"
    r"impegnat[oa](?:/[ao])? con (?:i |un |una )?pazient[ei]|con (?:i |un )?pazient[ei]|ordinuje|ordinuje\w*|"
    r"(?:pan doktor|paní doktorka|pan doktor / paní doktorka|lékař|lékařka)? ?je (?:právě )?u pacienta|u pacienta|"
    r"przyjmuje pacjentów|z pacjentem|rendel|betegnél|vastaanotolla|potilaan kanssa|på mottagningen|med en patient|"
    r"hos en pasient|på kontoret|bij een patiënt|σε ιατρείο|cu un pacient|kod pacijenta|s pacijentom|"
    r"su pacientu|pie pacienta|patsiendi juures|atendiendo pacientes|com um paciente|"
    # (a lawyer in court: "der heute bei Gericht ist", "que hoy está en audiencia")
    r"(?:heute |hoy |today |aujourd'hui |oggi |dziś |dnes )?(?:ist |está |is |est |è |jest |je )?"
    r"(?:bei gericht|in court|at (?:a |the )?hearing|en audiencia|en el juzgado|au tribunal|en audience|in udienza|"
    r"in tribunale|w sądzie|na rozprawie|u soudu|na jednání|em audiência|no tribunal|op zitting|bij de rechtbank)"
    r"(?: (?:ist|heute|today|hoy))?)\s*\)?\s*$")
_NAME_IN_BRACKETS = re.compile(r"\s*\((\s*[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-ΩΆ-Ώ][^()]{0,59})\)")  # (not a remark: "ООО «Улыбка» (стоматология)")
# "on behalf of" after the name, as these languages write it (Estonian, Lithuanian, Latvian,
# Hungarian, Finnish)
_BEHALF_AFTER_NAME = re.compile(
    r"(?i)^(?:kirjutan|rašau|rakstu|írok|kirjoitan|pišem)\s+(?P<name>[^,]{1,60}?)\s+(?:nimel|vardu|vārdā|nevében|puolesta)$|"
    r"^(?P<name2>[^,]{1,60}?)\s+nevében írok$")
_MAX_UNKNOWN_CLOSING_WORDS = 3


def is_closing_above_name(line: str, following: str, sender: Sender) -> bool:
    """A closing in words no list knows, read by its place: one to three words and a comma,
    right above the writer's own name ("Diolch,\nZawadi Njeri", "E se,\nZawadi"). Nothing
    that holds a digit, a keyword or a word of terms."""
    text = line.strip()
    if not text.endswith((",", "，", "،")) or len(text.split()) > _MAX_UNKNOWN_CLOSING_WORDS or \
            any(ch.isdigit() for ch in text) or not following.strip():
        return False
    folded = fold(text)
    if _KEYWORDS.search(folded) or states_terms(text) or _ASSENT.match(folded):
        return False
    return _signs_below(following, sender)


def _signs_below(following: str, sender: Sender) -> bool:
    return sender.signs(following) or (bool(sender.words) and is_name_line(following.strip(), sender) and
                                       all(w in sender.words for w in re.split(r"[^\w]+", fold(following)) if w))


_MAX_WISH_WORDS = 5


def is_wish_above_name(line: str, following: str, sender: Sender) -> bool:
    """A short good wish or thanks right above the writer's own name, with no other closing:
    it closes the mail ("Гарного дня!\nБогдан", "Grazie e buon lavoro\nElisa")."""
    text = line.strip()
    if not text or len(text.split()) > _MAX_WISH_WORDS or not following.strip() or _ASSENT.match(fold(text)):
        return False
    if text.endswith("."):
        return False  # (a sentence of courtesy, full stop and all: "Bonne journée.", "Have a good week.")
    return is_courtesy(text) and not is_greeting_line(text) and _signs_below(following, sender)


def first_statement(lines: list[str], sender: Sender = Sender()) -> str | None:
    """The first line of ``lines`` (a signature, or what stands below a yes) that states
    something: not a name, contact detail, sign-off, courtesy or paragraph of boilerplate."""
    found = next(statement_lines(lines, sender), None)
    return lines[found].strip() if found is not None else None


def statement_lines(lines: list[str], sender: Sender = Sender()) -> Iterator[int]:
    """The indices of the lines of ``lines`` that state something, in order (see
    ``first_statement``)."""
    paragraphs: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.strip():
            paragraphs[-1].append(i)
        elif paragraphs[-1]:
            paragraphs.append([])
    in_block = False  # (a blank line inside a signature does not end it)
    seen_contact = False
    for paragraph in paragraphs:
        if not paragraph:
            continue
        if len(paragraph) > 1 and is_boilerplate(" ".join(lines[i] for i in paragraph)) and not any(
                POSTSCRIPT.match(lines[i]) for i in paragraph) and line_kind(lines[paragraph[0]], sender) in (
                Kind.BOILERPLATE, Kind.STATEMENT):
            continue  # (a notice, not a signature block that happens to say "delete")
        for position, i in enumerate(paragraph):
            line = lines[i]
            kind = line_kind(line, sender, in_block)
            if kind is Kind.STATEMENT and position + 1 < len(paragraph) and \
                    is_closing_above_name(line, lines[paragraph[position + 1]], sender):
                kind = Kind.SIGN_OFF
            if kind is Kind.STATEMENT and position == 0 and len(paragraph) > 1 and \
                    line_kind(lines[paragraph[1]], sender) is Kind.CONTACT and line_kind(line, sender, True) is Kind.NAME:
                kind = Kind.NAME  # "Giám đốc, Công ty TNHH …" over a phone: a title whose writer left out the name
            if kind is Kind.STATEMENT and is_slogan(line):
                kind = Kind.NAME  # "Prima la sicurezza." under a builder's signature: its motto
            if kind is Kind.STATEMENT and seen_contact and is_tagline(line):
                kind = Kind.NAME  # "Hacemos crecer tu tienda 🚀" under the company's phone and links: its slogan
            if kind is Kind.STATEMENT and (not is_boilerplate(line) or POSTSCRIPT.match(line.strip())):
                yield i  # (a P.S. is the writer speaking, whatever notice words it uses)
            # the "-- " delimiter opens a signature block as a sign-off does
            in_block = kind in BLOCK_KINDS or bool(SIGNATURE_DELIMITER.match(line))
            seen_contact = seen_contact or kind is Kind.CONTACT


_MAX_TAGLINE_WORDS = 6
_ROUND_THE_CLOCK = re.compile(r"\b24/7\b")


# A trade's motto, whatever its words of sequence: "Safety first", "Prima la sicurezza.", "La sécurité
# avant tout.", "Arbeitssicherheit beginnt im Kopf." (a building firm's signature carries one)
_SLOGAN = re.compile(
    r"(?i)^\W*(?:safety (?:comes )?first|safety before everything|(?:arbeits)?sicherheit (?:geht vor|zuerst|first|"
    r"beginnt im kopf|hat vorrang)|prima la sicurezza|la sicurezza prima di tutto|sicurezza prima di tutto|"
    r"la sécurité (?:avant tout|d'abord)|sécurité avant tout|la seguridad (?:ante todo|es primero|primero)|"
    r"primero la seguridad|seguridad ante todo|segurança em primeiro lugar|a segurança (?:vem )?(?:em )?primeiro(?: lugar)?|"
    r"segurança primeiro|veiligheid (?:voorop|eerst|boven alles)|bezpieczeństwo przede wszystkim|"
    r"bezpečnost (?:především|na prvním místě)|önce güvenlik|güvenlik önce gelir|säkerheten först|säkerhet först|"
    r"sikkerhed først|sikkerhet først|turvallisuus ensin|безопасность прежде всего|безпека понад усе)\W*$")


def is_slogan(line: str) -> bool:
    return bool(_SLOGAN.match(line.strip()))


def is_tagline(line: str) -> bool:
    """A company's slogan, as its signature carries under the phone and links ("Your growth, our
    code.", "Shop 24/7 at our online store"): a few words, no digit, no question, and no word of
    any class, the service's parts and times included ("Mailboxes stay with us" is a statement)."""
    text = _ROUND_THE_CLOCK.sub(" ", line.strip())
    words = _CLAUSE_WORD.findall(text)
    if not words or len(words) > _MAX_TAGLINE_WORDS or "?" in text or any(ch.isdigit() for ch in text):
        return False
    folded = fold(text)
    return not (_FREE_CONDITION_WORDS.search(folded) or _KEYWORDS.search(folded) or mixed_scripts(text))


# -- names that hold a word of a class -------------------------------------------------------------

# A proper name of two or more capitalised words: "Oakridge Legal LLP", "Cabinet Durand Avocats".
# (tried only where a word starts, each word taken whole: a run of 100,000 capitals is read
# once, not from each of its letters)
_PROPER_NAME = re.compile(r"(?<![\w'’&.-])[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω][\w'’&.-]*+"
                          r"(?:[ \t]++(?:&[ \t]++)?[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω][\w'’&.-]*+)+")
_LEGAL_WORDS = words_of("legal")
_NEUTRAL = "Name"
_COMPANY_PREFIX = 4


def mask_names(text: str, quoted: str = "", sender: Sender | None = None) -> str:
    """``text`` with the words of disputes ("Legal", "Avocats") taken out of the proper names
    that hold them, where the name is a company's (it ends with a company form) or stands in
    our quoted mail: a law firm's name is no lawsuit. Only those words, only there: "Only After
    Payment" keeps every word, "pending Legal review" is no name. The sender's own company
    (its domain in words: "Bright Falls IT" for brightfalls-it.example) is a name whatever its
    words say ("Falls" is German for "if")."""
    folded = fold(text)
    # (the sender's company is looked for only where the start of its domain's name is)
    company = sender is not None and any(label[:_COMPANY_PREFIX] in folded for label in sender.domain_letters)
    if not (_LEGAL_WORDS.search(folded) or company and _CONDITION_WORDS.search(folded)):
        return text

    def mask(found: re.Match) -> str:
        name = found.group(0)
        words = name.split()
        core = name.rstrip(".")
        if company and sender.is_company(core):
            return _NEUTRAL + name[len(core):]
        if not (_COMPANY_FORMS.match(fold(words[-1])) or (quoted and core in quoted)):
            return name
        return " ".join(_NEUTRAL if _LEGAL_WORDS.fullmatch(fold(w.strip(".,"))) else w for w in words)

    return _PROPER_NAME.sub(mask, text)



# -- a mail gateway's warning -------------------------------------------------------------------------

# Gateways put a warning above what the writer typed ("CAUTION: This email originated from outside
# of the organization. Do not click links …", "[EXTERNAL]"): a label, then that the mail came from
# outside. The gateway's words, not the writer's.
_BANNER_LABEL = re.compile(
    r"\s*(?:(?:mimecast|proofpoint|barracuda|sophos|ironport|hornetsecurity|trend micro|forcepoint|"
    r"cisco(?: secure email)?|exclaimer|codetwo)\s*[:：]|\[\s*(?:external|extern|externe|esterno|externo|ekstern|extern[ăa]|ulkoinen|zewnętrzny|externí|"
    r"külső|harici|внешнее|внешний|зовнішній|εξωτερικό|خارجي|חיצוני|外部|외부)(?:\s+(?:e-?mail|mail|sender|message))?\s*\]|"
    r"(?:caution|warning|external(?: email| sender| message)?|attention|attenzione|avviso|achtung|vorsicht|warnung|"
    r"extern|atención|atencion|aviso|cuidado|avertissement|let op|waarschuwing|varning|obs|advarsel|huomio|"
    r"varoitus|uwaga|ostrzeżenie|pozor|upozornění|figyelem|figyelmeztetés|dikkat|uyarı|внимание|осторожно|увага|"
    r"προσοχή|تنبيه|تحذير|אזהרה|זהירות|注意|警告|주의|경고|atenție|atentie|upozorenje|cảnh báo|peringatan)\s*[:：!])",
    re.IGNORECASE)
_BANNER_OUTSIDE = re.compile(
    r"outside|external\w*|extern\w*|ekstern\w*|estern\w*|extérieur\w*|fuera|buiten|utanför|utenfor|udefra|uden for|"
    r"ulkopuol\w*|ulkoinen|zewnątrz|zewnętrzn\w*|vnější|externí|kívül|külső|dış\w*|harici|вне |внешн\w*|"
    r"зовні|зовнішн\w*|εξωτερ\w*|خارج|חיצוני|מחוץ|外部|組織外|외부|din afara|izvan|vanjsk\w*|bên ngoài|luar",
    re.IGNORECASE)
_MAX_BANNER = 500
_BANNER_TERMS = words_of("money", "validity", "retraction")


def is_external_banner(paragraph: str) -> bool:
    """A gateway's warning that the mail came from outside: its label first, no digit, no
    keyword, no money or validity ("CAUTION: this email is external. Valid only once paid" is
    the writer's). (Stars around it are its frame: "** Mimecast: External sender. … **")"""
    text = " ".join(paragraph.split()).strip("* ")
    if not text or len(text) > _MAX_BANNER:
        return False
    # (or a secure gateway's note, framed, that the mail passed it and may hold patients' data:
    # "*** Tato zpráva byla odeslána přes zabezpečenou bránu nemocnice … ***", "[EXTERNAL SENDER
    # NOTICE - NHS-approved secure gateway] This message may contain confidential patient information.")
    framed = bool(_BANNER_FRAME.match(paragraph)) and bool(_GATEWAY_TOPIC.search(text))
    if not framed and (not _BANNER_LABEL.match(text) or not _BANNER_OUTSIDE.search(text)):
        return False
    folded = fold(_GATEWAY_LABEL.sub(" ", text, count=1) if framed else text)  # (its gateway's name: "NHS-approved")
    if any(ch.isdigit() for ch in text) or _KEYWORDS.search(folded) or _BANNER_TERMS.search(folded):
        return False
    # Every sentence about the warning (the outside, links, attachments, the sender), and no
    # condition but "unless you know the sender": "CAUTION: external. Only the main domain
    # moves." is the writer's.
    sentences = [x for x in re.split(r"(?<=[.!。\]])\s+", _BANNER_LABEL.sub("", text, count=1)) if x.strip()]
    if not all(_BANNER_OUTSIDE.search(x) or _BANNER_TOPIC.search(x) or framed and _GATEWAY_TOPIC.search(x)
               for x in sentences):
        return False
    return not _BANNER_NEVER.search(_BANNER_IDIOMS.sub(" ", folded))


_BANNER_FRAME = re.compile(r"\s*(?:\*{2,}|={2,}|#{2,}|\[)")
_GATEWAY_LABEL = re.compile(r"^\[[^\]]{1,80}\]")
_GATEWAY_TOPIC = re.compile(
    r"gateway|secure|encrypt\w*|confidential\w*|patient\w*|pacient\w*|vertraulich\w*|verschlüssel\w*|"
    r"gesundheits\w*|brán\w*|zabezpečen\w*|důvěrn\w*|citliv\w*|säkra?|säker\w*|krypter\w*|känslig\w*|"
    r"fortrolig\w*|konfidensiel\w*|poufn\w*|bramk\w*|bizalmas\w*|átjáró\w*|luottamuksel\w*|salat\w*|"
    r"riservat\w*|confidencial\w*|confidentiel\w*|sécurisé\w*|passerelle|pasarela|vertrouwelijk\w*|beveiligd\w*|"
    r"εμπιστευτικ\w*|ασφαλ\w*|poverljiv\w*|zaupn\w*|konfidencial\w*|potilas\w*|sjúkling\w*|機密|秘密|患者|보안|환자|"
    r"مشفر|سري|المرضى",
    re.IGNORECASE)


_BANNER_NEVER = words_of("condition", "scope", "service", "retraction")


_BANNER_TOPIC = re.compile(
    r"link|lenk|länk|collegament|enlace|lien|odkaz|linkei|hivatkoz|ссылк|посилан|bağlantı|σύνδεσμ|الروابط|קישור|"
    r"attachment|bilag|vedlegg|bijlage|allegat|adjunt|pièces? jointes?|anhäng|anhang|příloh|liitte|melléklet|вложени|"
    r"ekler|συνημμέν|المرفقات|קבצים|sender|avsändar|avsender|afzender|mittente|remitente|expéditeur|absender|"
    r"odesílatel|lähettäj|feladó|отправител|відправник|gönderen|αποστολέα|المرسل|השולח|click|klick|klik|clic|"
    r"cliccare|phishing|safe|sicher|sûr|seguro|veilig|säker|sikker|inhoud|content|contenu|contenuto|contenido",
    re.IGNORECASE)
# "unless you recognise the sender and know the content is safe", in the languages gateways write
_BANNER_IDIOMS = re.compile(
    r"\bwhile (?:opening|clicking)\b|\bne (?:cliquez|cliquer|ouvrez|ouvrir) pas\b|\bn'ouvrez pas\b|"
    r"\bà moins (?:de|que)\b[^.!。]{0,80}|\b(?:unless|if|se non|se|si no|sauf si|tenzij|om (?:du|ni) inte|med mindre|medmindre|wenn|falls|ma|"
    r"hacsak|jos|pokud|jeśli|eğer|εκτός αν|αν)\b[^.!。]{0,80}?"
    r"(?:sender|mittente|remitente|expéditeur|afzender|avsändar\w*|avsender\w*|afsender\w*|absender\w*|"
    r"odesílatel\w*|nadawc\w*|gönderen\w*|αποστολέα|lähettäj\w*|feladó\w*|safe|sicher|sûr|seguro|veilig)\w*"
    r"(?:[^.!。]{0,60}?(?:safe|sicher|sûr|seguro|veilig|säker|sikker|trygg)\w*)?|ما لم|אלא אם")


def without_banners(text: str) -> str:
    """``text`` without the paragraphs that are a gateway's warning, quoted or not: the
    recipient's gateway marks our own notice so when it arrives ("> CAUTION: This email
    originated from outside …" at the top of the quoted notice)."""
    lines = text.split("\n")
    kept: list[str] = []
    paragraph: list[str] = []
    def close() -> None:
        if paragraph and not is_external_banner(" ".join(p.lstrip("> \t") for p in paragraph)):
            kept.extend(paragraph)
        paragraph.clear()

    for line in lines + [""]:
        if line.lstrip("> \t").strip():
            if paragraph and line.startswith(">") != paragraph[-1].startswith(">"):
                close()  # (the quote starts or ends: "On … wrote:" above "> CAUTION: …")
            paragraph.append(line)
            continue
        close()
        kept.append(line)
    return "\n".join(kept[:-1])
