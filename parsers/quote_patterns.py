"""The words mail clients write around quoted history and signatures, per language.

Data only, kept apart from the algorithm in ``reply_text`` so that a new language or client is
one line here. Languages: English, German, French, Spanish, Italian, Dutch, Portuguese,
Polish, Swedish, Russian, plus Danish/Norwegian/Czech/Finnish/Turkish where a line
or two catches their clients' usual words.
"""

from __future__ import annotations

import re
from functools import lru_cache

# "On <date>, <name> wrote:" and its translations. Matched against up to three joined lines,
# because clients wrap long attribution lines. The verb may end the line ("… wrote:") or come
# before the name ("Am … schrieb Max <max@…>:").
_OPENERS = r"(?:on|am|le|el|il giorno|il|op|em|no dia|w dniu|dnia|den|dne|в|den|la|în|στις)"
_VERBS = (
    r"(?:wrote|writes|has written|schrieb|hat geschrieben|a écrit|escribió|ha escrito|ha scritto|scrisse|"
    r"schreef|heeft .{1,80} geschreven|escreveu|napisał\(a\)|napisała|napisał|pisze|skrev|"
    r"napsal\(a\)|napsal|написал\(а\)|написала|написал|пишет|kirjoitti|yazdı|írta|ezt írta|skrev följande|"
    r"ha escrit|va escriure|schreef het volgende|a scris|έγραψε|написав|napísal\(a\)|napísal|kirjutas|"
    r"je napisao/la|je napisala/o|napisao/la|je napisao|je napisala|napisao|napisala|je napisal\(a\)|rašė|rakstīja|"
    r"כתב/ה|כתבה|כתב|كتب|пише|написав\(ла\)|"
    r"写道|寫道|이\(가\) 쓴 글|님이 작성|작성|쓴 글|が書きました|は書きました|書きました|のメール|からのメール|menulis|ने लिखा|"
    # (more languages: Armenian, Georgian, Bengali, Tamil, Urdu/Persian, Mongolian, Kazakh, Albanian,
    # Welsh, Irish, Maltese, Afrikaans, Filipino, Macedonian/Serbian)
    r"գրել է|დაწერა|লিখেছেন|எழுதியது|எழுதினார்|نے لکھا|نوشت|бичсэн|бичжээ|жазды|shkroi|ysgrifennodd|scríobh|"
    r"kiteb|het geskryf|geskryf|sumulat|напиша|написао је|написала је|"
    r"hat am .{1,60}? geschrieben|aliandika|đã viết|เขียนว่า|skrifaði|va escriure|idatzi zuen|написа|napisal|napísal|kirjoitti|rakstīja|"
    # Horde: "Quoting X <x@y>:", "Zitat von X <x@y>:"
    r"quoting|zitat von|citando|citazione di|citation de|cytuję|citaat van|цитирую|"
    # The Bat!: "W Twoim liście datowanym … można przeczytać:", "… вы писали:"
    r"można przeczytać|вы писали|ви писали|sie schrieben|vous avez écrit|escribiste|hai scritto|jste napsal\(a\))"
)
# The shapes of an attribution line (after any leading ">", "*", "_", "=", "-" and spaces):
#   ---- On …, X wrote ----                (Zoho)              opener … verb, dashes
#   On …, X wrote:                                              opener … verb … colon
#   25.11.2026, 9:00, X <x@y> написал(а):                      address or time … verb, colon
#   2026/11/25 X <x@y>                                          date … <address>, maybe a colon
# ``is_attribution`` reads them; the windows ("within 300 characters") are those the single
# regular expression had, which tried every address and every verb against each other and
# took 18 s for a mail of 160 lines of 600 "@" (checked against that expression in
# tests/unit/test_linear_reading.py).
_ATTRIBUTION_PREFIX = re.compile(r"[\s>*_=-]*")
_KNOWN_LINES = 4096
# (Zoho: "---- Am …, schrieb X <x@y> ----", dashes after the name; Fastmail: "On …, X wrote"
# without a colon, when it holds a date)
_OPENED_ATTRIBUTION = re.compile(rf"{_OPENERS}\b.{{0,300}}?{_VERBS}(?:\s*-{{2,}}|.{{0,200}}?(?::|\s-{{2,}}))\s*$",
                                 re.IGNORECASE)
_OPENER_AT = re.compile(rf"(?:{_OPENERS})\b", re.IGNORECASE)
_VERB_AT_END = re.compile(rf"(?=(?:{_VERBS})\Z)", re.IGNORECASE)  # (found with endpos: where a verb ends)
_LONGEST_VERB = len("heeft  geschreven") + 80
_ADDRESS_OR_TIME = re.compile(r"(?=(@|\d:\d\d))")
# (year first, or day first with a time: "15.03.2023, 09:36, "X" <x@y>:" from Yandex)
_DATE_FIRST = re.compile(r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\s|\d{1,2}[/.-]\d{1,2}[/.-]\d{4},?\s+\d{1,2}:\d{2}")


@lru_cache(maxsize=_KNOWN_LINES)
def is_attribution(line: str) -> bool:
    """An "On …, X wrote:" line (or up to three lines joined) in one of the shapes above."""
    line = line.replace("：", ":").replace("։", ":")  # (Chinese and Armenian clients' own colons)
    end = line.rstrip()
    start = _ATTRIBUTION_PREFIX.match(line).end()
    if end.endswith("."):
        # ("02.11.2026 17:48, X <x@y> գրել է.": a full stop for the colon, where an address
        # stands before the verb that ends the line)
        return "@" in end and _address_then_verb(line, start, end[:-1] + ":")
    if not end.endswith((":", "-", ">")):
        return False  # every shape ends so
    return (bool(_OPENED_ATTRIBUTION.match(line, start)) or _address_then_verb(line, start, end)
            or _dated_address(line, start, end) or bool(_MUTT.match(line)) or _dated_bare_address(line, start)
            or bool(_ADDRESS_VERB_DATE.match(line, start)) or bool(_VERB_THEN_ADDRESS.match(line, start)))


# "X <x@y> kirjoitti 24.07.2024 klo 11.07:" (Finnish: the verb, then the date), and Arabic's
# "في الجمعة، 10 مايو 2024 16:57، كتب X <x@y>:" (the verb before the name): an address, a
# verb and a date or time, in an order the other shapes do not read.
_ADDRESS_VERB_DATE = re.compile(
    r"[^<>\n]{0,120}<[^<>\s@]{1,64}@[^<>\s]{1,255}>\s{1,3}(?:kirjoitti|wrote|schrieb|skrev|írta|napsal|napisał)"
    r"\s{1,3}\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:\s{1,3}(?:klo|kl\.?|um|at|o|u|в)\s{0,3})?\s{0,3}\d{1,2}[.:]\d{2}\s*:\s*$",
    re.IGNORECASE)
_VERB_THEN_ADDRESS = re.compile(
    r"[^<>\n:]{0,80}\d[^<>\n:]{0,60}(?:\d:\d\d)?[^<>\n:]{0,20}(?:كتب|כתב|כתבה)\s{1,3}[^<>\n]{0,80}"
    r"<[^<>\s@]{1,64}@[^<>\s]{1,255}>\s*:\s*$")


# Mutt's default: "* Fernhill transfer desk <transfer@fernhill.example> [2025-03-05 17:44 +0100]:"
_MUTT = re.compile(r"\s*\*\s[^<>\n]{0,120}<[^<>\s@]+@[^<>\s]+>\s\[[^\[\]\n]{4,60}\]:\s*$")


@lru_cache(maxsize=_KNOWN_LINES)
def is_attribution_without_colon(line: str) -> bool:
    """"On Thu, 12 Sep 2024, at 11:33, X wrote": an opener, a digit, and the verb ending the
    line (found from the end, once: no window is tried against another)."""
    if len(line) > 600 or "\n" in line:
        return False
    start = _ATTRIBUTION_PREFIX.match(line).end()
    if not _OPENER_AT.match(line, start):
        return False
    end = line.rstrip()
    for verb in _VERB_AT_END.finditer(end, max(start, len(end) - _LONGEST_VERB)):
        before = end[verb.start() - 1] if verb.start() else " "
        if not before.isalnum() and _DIGIT.search(end, start, verb.start()):
            return True
    return False


def _address_then_verb(line: str, start: int, end: str) -> bool:
    r"""``.{0,300}?(?:@|\d:\d\d).{0,300}?VERB\s*:\s*$`` from ``start``: a verb just before the
    closing colon, an address or a time before it, at most 300 characters from the start and
    at most 300 before the verb. Each verb that ends there is tried once, against the
    addresses and times of one window."""
    if not end.endswith(":"):
        return False
    verb_end = len(end[:-1].rstrip())
    for verb in _VERB_AT_END.finditer(line, max(start, verb_end - _LONGEST_VERB), verb_end):
        if "\n" in line[start: verb.start()]:
            continue  # ("." is not a line break)
        for found in _ADDRESS_OR_TIME.finditer(line, max(start, verb.start() - 304), verb.start()):
            if found.start() - start <= 300 and verb.start() - found.start() - len(found.group(1)) <= 300:
                return True
    return False


# A date opening the line (digits, or a day and a month's name), then a time, then at the end
# a bare address and the colon.
_LEADING_DATE = re.compile(r"(?:[^\W\d_]{2,12}\.?,?\s+)?(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|"
                           r"\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+\d{4}|[^\W\d_]{3,12}\.?\s+\d{1,2},?\s+\d{4}),?\s+"
                           r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?\b")
_BARE_ADDRESS_END = re.compile(r"(?<![^\s<(])<?[^\s<>@()]{1,64}@[^\s<>@()]{1,255}>?\s*:\s*$")


def _dated_bare_address(line: str, start: int) -> bool:
    """"17.01.2025, 10:52 von transfer@x.example:": a date and a time first, an address and a
    colon last, at most a few words between."""
    date = _LEADING_DATE.match(line, start)
    if not date:
        return False
    address = _BARE_ADDRESS_END.search(line, date.end())
    return bool(address) and address.start() - date.end() <= _BETWEEN_DATE_AND_ADDRESS and \
        "\n" not in line[date.end():address.start()]


_BETWEEN_DATE_AND_ADDRESS = 80


def _dated_address(line: str, start: int, end: str) -> bool:
    r"""``\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\s.{0,200}<[^>]+@[^>]+>\s*:?\s*$`` from ``start``. The ">"
    closes the line, so the "<" is one after the ">" before it, and the first such one holds
    the most: only it is tried."""
    date = _DATE_FIRST.match(line, start)
    if not date:
        return False
    closed = end[:-1].rstrip() if end.endswith(":") else end
    if not closed.endswith(">"):
        return False
    close = len(closed) - 1
    opening = line.find("<", max(line.rfind(">", 0, close) + 1, date.end()), close)
    return (opening >= 0 and opening - date.end() <= 200 and "\n" not in line[date.end(): opening]
            and "@" in line[opening + 2: close - 1])


# How the first line of a wrapped attribution begins: an opener ("On", "Am", "Le") or a date.
ATTRIBUTION_OPENING = re.compile(rf"^[\s>*_=-]*(?![\s>*_=-])(?:{_OPENERS}\b|\d|[^\W\d_]{{2,3}}\.?,?\s+\d)",
                                 re.IGNORECASE)
# Any line ending in "wrote:" and friends: attribution only when quoted lines follow it.
# Gmail in some languages writes no verb at all: "ср, 25 нояб. 2026 г. в 09:00, X <x@y>:".
# (no letter right before the verb: "21:41写道：" glues it to the time)
_WEAK_VERB = re.compile(rf"\s*(?!\s).{{0,300}}?(?<![^\W\d]){_VERBS}(?:.{{0,120}}?:|\s*-{{2,}})\s*$", re.IGNORECASE)
# "<x@y>:", or "<x@y>" and a few words before the colon: the verb (and maybe the date) in a
# language the lists do not know ("… <x@y> ysgrifennodd:", "X <x@y> 於 2025年5月5日 寫道：")
# (words split by spaces, each taken whole: one way to read a line, tried once; a time's colon
# "上午2:35" is inside a word)
_TAIL_WORD = r"(?:[^\s<>.!?:]|:(?=\d))++"
_ADDRESS_COLON = re.compile(rf"<\s*[^<>\s@]+@[^<>\s@]+\s*>(?:\s*{_TAIL_WORD}(?:\s+{_TAIL_WORD}){{0,5}})?\s*:\s*$")
_DIGIT = re.compile(r"\d")


# FairEmail and others: "23.05.2025 12:37, Harborline transfer desk:" (a date, a time, a name)
_DATE_TIME_NAME = re.compile(r"\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?,?\s+[^\n:]{1,80}:\s*$")


@lru_cache(maxsize=_KNOWN_LINES)
def is_weak_attribution(line: str) -> bool:
    r"""A verb ending the line ("… wrote:", "… wrote ----"), or a digit and then, closing the
    line, "<address>:" or "<address> a few words:" (``[^<\n]{0,300}?\d[^<\n]{0,300}?<…>…:``):
    the "<" is the first one, so only the digits within 300 characters of both it and the start
    count. Weak: it counts only above quoted lines."""
    line = line.replace("：", ":")
    end = line.rstrip()
    if end.endswith(".") and "@" in end:
        return is_attribution(line)  # (a full stop for the colon: see is_attribution)
    if not end.endswith((":", "-")):
        return False
    start = len(line) - len(line.lstrip())
    if _WEAK_VERB.match(line) or (len(line) < 200 and _DATE_TIME_NAME.match(line)) or _MUTT.match(line) or \
            _dated_bare_address(line, start):
        return True
    opening = line.find("<", start)
    if opening < 0 or "\n" in line[start:opening] or not _ADDRESS_COLON.match(line, opening):
        return False
    return bool(_DIGIT.search(line, max(start, opening - 301), min(opening, start + 301)))


# Lotus/HCL Notes writes the old mail's header as loose lines: the sender with its address,
# the date on the next line, then labels on lines of their own ("An", "Kopie", "Thema").
NOTES_SENDER = re.compile(r"^\s*\S.{0,150}<[^<>@\s]+@[^<>\s]+>\s*$|^\s*[^\s@]+@[^\s@]+\s*$")
NOTES_DATE = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?\s*$", re.IGNORECASE)
NOTES_LABEL = re.compile(r"^\s*(?!\s)(?:to|an|à|a|para|aan|do|till|кому|cc|kopie|copie|kopia|bcc|subject|thema|betreff|"
                         r"objet|asunto|oggetto|onderwerp|assunto|temat|ämne|тема|please respond to|"
                         r"bitte antworten an)\s*(?::\s*)?$", re.IGNORECASE)

# "-----Original Message-----" and forwarding banners: everything below is history.
_ORIGINAL = [
    "original message", "original-nachricht", "ursprüngliche nachricht", "message d'origine",
    "message d’origine", "mensaje original", "messaggio originale", "oorspronkelijk bericht",
    "origineel bericht", "mensagem original", "wiadomość oryginalna", "oryginalna wiadomość",
    "ursprungligt meddelande", "originalmeddelande", "исходное сообщение", "оригинальное сообщение",
    "oprindelig meddelelse", "opprinnelig melding", "původní zpráva", "původní e-mail", "originalnachricht",
    "eredeti üzenet", "alkuperäinen viesti", "orijinal ileti", "元のメッセージ", "原始邮件", "mensaje original",
    "message original", "ursprungligt mejl", "原始郵件", "原始邮件", "원본 메시지", "원래 메시지", "исходно съобщение",
    "izvorna poruka", "izvorna poruka", "původní zpráva", "pôvodná správa", "הודעה מקורית", "الرسالة الأصلية",
    "tin nhắn gốc", "pesan asli", "оригінальне повідомлення",
]
_FORWARDED = [
    "forwarded message", "forwarded e-?mail", "begin forwarded message", "weitergeleitete nachricht",
    "anfang der weitergeleiteten (?:e-mail|nachricht)", "message transféré", "début du message réexpédié",
    "début du message transféré", "mensaje reenviado", "inicio del mensaje reenviado",
    "messaggio inoltrato", "inizio messaggio inoltrato", "doorgestuurd bericht",
    "begin doorgestuurd bericht", "mensagem encaminhada", "início da mensagem reencaminhada",
    "mensagem reencaminhada", "wiadomość przekazana", "przekazana wiadomość",
    "vidarebefordrat meddelande", "vidarebefordrat mejl", "пересылаемое сообщение",
    "пересланное сообщение", "начало переадресованного сообщения", "videresendt meddelelse",
    "videresendt melding",
]
# Notes heads a forwarded mail with who forwarded it, and when: "----- Forwarded by Katrin
# Müller/Bayerische on 04.01.2027 05:13 -----"
_FORWARDED_BY = ["forwarded by", "weitergeleitet von", "transféré par", "reenviado por", "inoltrato da",
                 "doorgestuurd door", "encaminhado por", "przekazane przez", "vidarebefordrat av",
                 "videresendt av", "videresendt af", "välitetty", "přeposláno", "továbbította", "переслано"]
# The heading of a mail forwarded by somebody: whoever it names, it is no mail of ours
FORWARDED_BY = re.compile(r"^[^\S\n]*+-{3,}[^\S\n]*+(?:" + "|".join(_FORWARDED_BY) + r")[^\S\n]", re.IGNORECASE)
SEPARATOR = re.compile(
    r"^\s*(?!\s)(?:[-=_*]{2,}(?![-=_*])\s*(?!\s))?(?:" + "|".join(_ORIGINAL + _FORWARDED)
    + r")\s*(?::\s*)?(?:[-=_*]{2,}\s*)?$|"
    r"^[^\S\n]*+-{3,}[^\S\n]*+(?:" + "|".join(_FORWARDED_BY) + r")[^\S\n][^\n]{1,160}?-{3,}[^\S\n]*$",
    re.IGNORECASE,
)
# "Re:", "AW:", "SV:", "Fwd:", "Re[2]:" … that clients put before a subject they answer.
REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|aw|sv|vs|fw|fwd|wg|tr|rv|r|antw)\s*(?:\[\d+\]\s*)?:\s*)+", re.IGNORECASE)
UNDERSCORE_LINE = re.compile(r"^\s*_{10,}\s*$")
# GroupWise heads the old mail with ">>> Name <addr> 20.01.2025 15:31 >>>", unquoted below it.
GROUPWISE_HEADER = re.compile(r"^>>>[ \t]+[^\n>]{0,200}?@[^\n>]{0,200}>[^\n>]{0,80}?[ \t]>>>[ \t]*$")

# Outlook-style header blocks ("From: … / Sent: … / To: … / Subject: …"), per language.
_FROM = ["from", "von", "de", "da", "van", "od", "från", "от", "fra", "od kogo", "от кого", "expéditeur",
         "dari", "nork", "frá", "kutoka", "saatja", "siuntėjas", "sūtītājs", "pošiljatelj", "người gửi", "จาก", "प्रेषक",
         "feladó", "lähettäjä", "kimden", "差出人", "发件人", "寄件者", "gönderen", "afzender", "remitente", "mittente",
         "de la", "από", "від", "보낸 사람", "보낸사람", "발신", "발신자", "מאת", "من", "šalje", "pošiljatelj", "saatja", "nuo"]
_OTHER = [
    "sent", "date", "to", "cc", "bcc", "subject", "reply-to",
    "gesendet", "datum", "an", "betreff", "kopie", "antwort an",
    "envoyé", "envoyé le", "date", "à", "objet", "cc", "répondre à",
    "enviado", "enviado el", "fecha", "para", "asunto", "cco", "responder a",
    "inviato", "data", "a", "oggetto", "ccn",
    "verzonden", "aan", "onderwerp", "kopie", "antwoord aan",
    "enviada em", "enviado em", "enviada", "assunto",
    "wysłano", "wysłane", "do", "temat", "dw", "kopia",
    "skickat", "till", "ämne", "kopia",
    "отправлено", "дата", "кому", "тема", "копия",
    "sendt", "til", "emne", "odesláno", "komu", "předmět",
    "elküldve", "küldve", "címzett", "tárgy", "másolat", "dátum",
    "lähetetty", "vastaanottaja", "aihe", "kopio", "päivämäärä",
    "gönderildi", "kime", "konu", "bilgi", "tarih",
    "送信日時", "宛先", "件名", "日付", "发送时间", "收件人", "主题", "日期", "抄送",
    "寄件日期", "收件者", "主旨", "副本", "傳送時間", "发送日期",
    "trimis", "către", "subiect", "στάλθηκε", "προς", "θέμα", "κοιν", "надіслано", "кому", "тема",
    "보낸 날짜", "받는 사람", "제목", "참조", "נשלח", "אל", "נושא", "עותק", "תאריך", "تم الإرسال", "إلى", "الموضوع",
    "نسخة", "التاريخ", "poslano", "prima", "predmet", "kopija", "primatelj",
    "kepada", "tanggal", "subjek", "dikirim", "noiz", "nori", "gaia", "sent", "til", "efni", "dagsetning",
    "изпратено", "до", "относно", "gửi", "tới", "chủ đề", "ถึง", "เรื่อง", "วันที่", "प्रति", "विषय", "भेजा गया",
    "imetumwa", "kwa", "mada", "tarehe", "nakala",
    "saadetud", "saaja", "teema", "išsiųsta", "kam", "tema", "nosūtīts", "kam", "temats", "poslano", "zadeva",
]


def _label(words: list[str]) -> str:
    alternatives = sorted({re.escape(w) for w in words}, key=len, reverse=True)
    return r"^\s*(?!\s)[*]?(?:" + "|".join(alternatives) + r")\s?[*]?\s?[:：]\s?[*]?"


# (a sender, not a date: "From: 1 April 2026 / To: 31 March 2027" is a period the writer typed;
# Latvian "No:" only with an address: "No: we do not agree" is the writer's)
HEADER_FROM = re.compile(_label(_FROM) + r"\s*[^\s\d]|^\s*no\s?:\s?[^\n<>]{0,80}<[^<>@\s]+@[^<>\s]+>", re.IGNORECASE)
HEADER_ANY = re.compile(_label(_FROM + _OTHER), re.IGNORECASE)
# The same labels without their colon, as some clients' HTML sets them in bold cells ("<b>Von</b>
# "X" <x@y>"): a header only in a block of them (see reply_text._is_bare_label_block)
BARE_LABEL_FROM = re.compile(r"^\s*(?:" + "|".join(sorted({re.escape(w) for w in _FROM}, key=len, reverse=True))
                             + r")\s+\S[^\n]{0,200}@", re.IGNORECASE)
# (the first word of every label: a line whose first word is none is no label line, found
# without running the pattern's alternation over it)
LABEL_FIRST_WORDS = frozenset(w.split()[0].lower() for w in _FROM + _OTHER)
BARE_LABEL_ANY = re.compile(r"^\s*(?:" + "|".join(sorted({re.escape(w) for w in _FROM + _OTHER}, key=len, reverse=True))
                            + r")\s+\S", re.IGNORECASE)

# Signatures: the RFC 3676 delimiter, and the lines phones and apps add.
SIGNATURE_DELIMITER = re.compile(r"^(?:--|—|__)\s*$")
_SENT_FROM = [
    r"sent from my \w+", r"sent from (?:my )?(?:iphone|ipad|android|samsung|mobile|blackberry)",
    r"sent from (?:yahoo mail|mail for windows|outlook|proton ?mail|gmail)(?: (?:on|for) (?:android|iphone|ipad|ios))?",
    r"sent with proton ?mail(?: secure email)?",
    r"get outlook for (?:ios|android)", r"sent via .{1,40}", r"sent using .{1,40}",
    r"(?:tapped|typed|written) (?:on|from|with) (?:my |a )?(?:phone|mobile|iphone|ipad|tablet|smartphone|android)",
    r"von meinem .{1,40} gesendet", r"gesendet von meinem \S+", r"gesendet mit .{1,40}",
    r"envoyé de mon \S+", r"envoyé depuis mon \S+", r"obtenir outlook pour (?:ios|android)",
    r"enviado desde mi \S+", r"enviado desde \S+", r"obtener outlook para (?:ios|android)",
    r"inviato da(?:l mio)? \S+", r"scarica outlook per (?:ios|android)",
    r"verzonden (?:met|vanaf) (?:mijn )?\S+", r"outlook voor (?:ios|android) downloaden",
    r"enviado do meu \S+", r"enviado (?:a partir )?do \S+", r"obter o outlook para (?:ios|android)",
    r"wysłane z (?:mojego )?\S+", r"pobierz outlook dla (?:ios|android)",
    r"skickat från min \S+", r"skickades från min \S+", r"hämta outlook för (?:ios|android)",
    r"отправлено с (?:моего )?\S+", r"отправлено из \S+", r"скачайте outlook для (?:ios|android)",
]
# Apps often glue a link to the line: "Get Outlook for iOS<https://aka.ms/o0ukef>".
SENT_FROM = re.compile(r"^\s*(?!\s)(?:" + "|".join(_SENT_FROM) + r")\s*(?:\.\s*)?(?:<?https?://\S*>?\s*)?$",
                       re.IGNORECASE)

# Closing salutations: a sign-off block ("Best regards,\nBob\nACME IT\n+1 555 …") is
# signature, not reply, when it ends the text.
_SIGN_OFF = [
    r"(?:(?:best|kind|kindest|warm|warmest|many|with|sincere)\s*)?regards", r"best(?: wishes)?", r"cheers", r"thanks?(?: you)?(?: again| so much| a lot| heaps| a million)?",
    r"many thanks", r"thx", r"sincerely(?: yours)?", r"yours(?: sincerely| truly| faithfully)?",
    r"all the best", r"greetings", r"take care", r"rgds", r"br",
    r"mit freundlichen grüßen", r"mit freundlichen gruessen", r"(?:(?:viele|beste|liebe) ?)?grüße", r"viele grüsse",
    r"freundliche grüße", r"gruß", r"lg", r"mfg", r"danke", r"vielen dank",
    # (Swiss spelling: "Freundliche Grüsse", "Liebe Grüsse")
    r"(?:mit )?freundlichen? grüsse?n?", r"(?:(?:viele|beste|liebe|herzliche) ?)?grüsse", r"gruss",
    r"cordialement", r"bien cordialement", r"bien à vous", r"salutations", r"merci(?: beaucoup)?",
    r"amicalement", r"sincères salutations",
    r"saludos(?: cordiales)?", r"un saludo", r"atentamente", r"gracias", r"muchas gracias",
    r"cordiali saluti", r"distinti saluti", r"saluti", r"un cordiale saluto", r"grazie(?: mille)?", r"un saluto",
    r"met vriendelijke groet(?:en)?", r"vriendelijke groet(?:en)?", r"groet(?:en|jes)?", r"bedankt", r"mvg",
    r"atenciosamente", r"cumprimentos", r"abraços?", r"obrigad[oa]",
    r"pozdrawiam(?: serdecznie)?", r"z poważaniem", r"dziękuję", r"pozdrowienia",
    r"med vänliga hälsningar", r"vänliga hälsningar", r"hälsningar", r"mvh", r"tack",
    r"с уважением", r"спасибо", r"всего доброго", r"всего наилучшего",
    r"s pozdravem", r"(?:ystävällisin )?terveisin", r"saygılarımla", r"iyi çalışmalar",
    # more closings seen in the wild
    r"un abrazo", r"abrazos", r"besos", r"un cordial saludo", r"belle journée",
    r"bonne journée", r"bonne soirée", r"très cordialement", r"bien amicalement", r"à bientôt", r"bises",
    r"buona giornata", r"buona serata", r"a presto", r"cari saluti", r"vg", r"bg", r"danke und gruß",
    r"danke und grüße", r"danke(?: und)? viele grüße", r"schöne grüße", r"herzliche grüße",
    r"bis bald", r"bis dann", r"hartelijke groet(?:en)?", r"met hartelijke groet(?:en)?",
    r"(?:med )?venn?lig(?:e|st)? hilsen?", r"hilsen", r"vh", r"parhain terveisin", r"t\.",
    r"üdv", r"üdvözlettel", r"tisztelettel", r"üdvözlet", r"teşekkürler", r"saygılar", r"iyi günler",
    r"srdečně", r"s přátelským pozdravem", r"z pozdrowieniami", r"serdecznie pozdrawiam",
    r"с наилучшими пожеланиями", r"um abraço", r"com os melhores cumprimentos",
    r"(?:以上、?)?よろしくお願い(?:いた|申し上げ)?(?:し)?ます。?", r"取り急ぎ(?:ご)?(?:連絡|返信|用件のみ)まで。?",
    # (set S: Persian, Arabic, Czech and Mexican closings)
    r"با احترام", r"با تشکر", r"با سپاس", r"شكرا(?:ً)? وتحياتي", r"díky a zdravím", r"s přáním pěkného dne",
    r"quedo a (?:sus|tus) órdenes", r"何卒よろしくお願い(?:いた|申し上げ)?(?:し)?ます。?",
    r"宜しくお願い(?:いた)?します。?", r"此致敬礼", r"谢谢", r"thanks and regards", r"thanks & regards",
    r"regards and thanks", r"with thanks", r"many thanks and best wishes", r"speak soon", r"talk soon", r"kr",
    r"tack på förhand", r"ευχαριστώ", r"muchas gracias y un saludo", r"gracias y un saludo",
    r"s úctou", r"se srdečným pozdravem", r"cu stimă", r"cu stima", r"toate cele bune", r"o zi bună", r"numai bine",
    r"με φιλικούς χαιρετισμούς", r"με εκτίμηση", r"με τιμή", r"φιλικά", r"de bedste hilsner", r"bedste hilsner",
    r"beste hilsen", r"serdeczne pozdrowienia", r"mit besten grüßen", r"besten gruß", r"merci et bonne journée",
    r"salutations distinguées", r"saudações", r"melhores cumprimentos",
    r"baráti üdvözlettel", r"kiitos ja terveisin", r"bästa hälsningar",
    r"with best wishes", r"cdlt", r"bien cdlt", r"cordt", r"bàv", r"slts", r"(?:muchas )?gracias y (?:un )?saludos?",
    # greetings from a place: "Schöne Grüße aus dem Süden", "Greetings from sunny Lisbon"
    r"(?:(?:schöne|viele|liebe|beste|herzliche|sonnige) )?grüße aus (?:dem |der |den )?\w+(?:[ -]\w+)?",
    r"(?:(?:kind|warm|best|many) )?(?:regards|greetings|wishes) from (?:sunny |rainy |snowy )?(?:the )?\w+(?: \w+)?",
    r"(?:un )?saludos? (?:cordiales )?desde \w+(?: \w+)?", r"saluti da \w+(?: \w+)?",
    r"(?:hartelijke |vriendelijke )?groet(?:en|jes) uit \w+(?: \w+)?", r"salutations (?:de|depuis) \w+(?: \w+)?",
    r"hälsningar från \w+", r"hilsner? fra \w+", r"pozdrowienia z \w+",
    # Nordic, Slavic, Baltic, Turkish, Hebrew, Arabic, Chinese, Korean and Japanese closings
    r"ha det (?:gott|bra)", r"ha en (?:fin|trevlig) dag", r"med vänlig hälsning", r"vänlig hälsning",
    r"z wyrazami szacunku", r"łączę pozdrowienia", r"saygılarımızla", r"sevgiler",
    r"iyi çalışmalar dilerim", r"s pozdravom", r"s priateľským pozdravom", r"pekný deň",
    r"hezký den", r"pěkný den", r"s poštovanjem", r"srdačan pozdrav", r"srdačno",
    r"lijep pozdrav", r"lep pozdrav", r"lp", r"pozdrav", r"pozdrawiam", r"з повагою",
    r"з найкращими побажаннями", r"дякую", r"всего хорошего",
    r"ar cieņu", r"pagarbiai", r"lugupidamisega", r"parimate soovidega",
    r"merci d'avance et cordialement", r"merci d'avance", r"merci et cordialement", r"cordialement vôtre",
    r"grazie e buona giornata", r"grazie e cordiali saluti", r"un caro saluto", r"gracias y saludos",
    r"saludos cordiales", r"obrigado e cumprimentos", r"vriendelijke groeten", r"groetjes",
    r"בכבוד רב", r"בברכה", r"תודה(?: רבה)?", r"להתראות", r"مع خالص التحية", r"مع التحية", r"مع أطيب التحيات",
    r"تحياتي", r"مع تحياتي", r"وتفضلوا بقبول فائق الاحترام(?: والتقدير)?", r"شكرا", r"شكراً", r"شكرًا",
    r"此致", r"敬礼", r"此致\s*敬礼", r"謝謝", r"祝好", r"顺祝商祺", r"敬具", r"草々",
    r"(?:敬祝|顺颂|順頌|顺祝|順祝|祝)\s*(?:商祺|时祺|時祺|近安|安好)", r"zdraví", r"zdravím", r"ďakujem a zdravím",
    r"yst\. ?terv\.?", r"abs\.?", r"bjs\.?", r"всього найкращого", r"з найкращими побажаннями",
    r"salam hormat", r"yang benar", r"sekian(?:,? terima kasih)?", r"잘 부탁드립니다", r"잘 부탁드려요",
    r"수고하세요", r"감사합니다", r"고맙습니다", r"감사드립니다", r"좋은 하루 (?:되세요|보내세요)",
    r"köszönettel", r"köszönöm", r"děkuji a zdravím", r"děkuji", r"ďakujem", r"cu respect", r"cu drag",
    r"o zi frumoasă", r"cordialmente", r"un saludo cordial", r"met groet", r"hartelijke groeten",
    r"tervitades", r"heade soovidega", r"parimat", r"ar labiem vēlējumiem", r"sveicieni", r"su pagarba",
    r"geros dienos", r"s spoštovanjem", r"prijazen pozdrav", r"с поштовањем", r"поздрав", r"срдачан поздрав", r"срдачно", r"срдачни поздрави",
    r"поздрави", r"с уважение", r"kveðja", r"bestu kveðjur", r"með kveðju", r"kær kveðja", r"salutacions",
    r"atentament", r"cordialment", r"agur bero bat", r"adeitasunez", r"ondo izan", r"trân trọng", r"thân ái",
    r"thân mến", r"salam", r"hormat kami", r"hormat saya", r"salam hangat", r"terima kasih", r"सादर",
    r"धन्यवाद", r"शुभकामनाओं सहित", r"ขอแสดงความนับถือ", r"ขอบคุณครับ", r"ขอบคุณค่ะ",
    r"meilleures salutations", r"geriausi linkėjimai", r"una abraçada", r"quedo atent[oa]", r"quedo a la espera",
    r"хубав ден", r"gr\.?", r"hälsning", r"med venlig hilsen", r"venlig hilsen",
    r"(?:warmest|warm|kindest|sincere) wishes", r"visu labu", r"hvala in lep pozdrav",
    r"pozdrawiam i miłego dnia", r"s pozdravem a přáním hezkého dne", r"s pozdravom a prianím pekného dňa", r"(?:schöne|viele|liebe|beste) grüße aus \w+",
    r"cảm ơn", r"moltes gràcies", r"gràcies", r"hvala", r"ďakujem a prajem pekný deň", r"dank je wel",
    r"danke und viele grüße", r"grazie mille e buona giornata",
    r"att\.?", r"atte\.?", r"kolay gelsin", r"iyi çalışmalar dileriz", r"wako", r"kwa heri", r"salamu",
    r"asante", r"wasalaam", r"ma'a salama", r"ከሰላምታ ጋር", r"ከሰላምታ",
    r"(?:reciban|reciba) (?:un )?(?:cordial|afectuoso) saludo", r"un cordial saludo", r"cordiales saludos",
    # (French letters' formal closing: "Veuillez agréer, Madame, Monsieur, l'expression de nos salutations distinguées.")
    r"(?:veuillez |je vous prie d'|nous vous prions d')agréer,? (?:(?:madame|monsieur|maître|cher confrère|chère consœur|"
    r"chère madame|cher monsieur)(?:,? (?:madame|monsieur))?,? )?(?:l'expression de |l'assurance de )?(?:nos|mes) "
    r"(?:salutations|sentiments|meilleures salutations)(?: (?:distinguées|les meilleurs|respectueuses|dévoués|les plus distingués))?",
    r"recevez,? (?:madame,? monsieur,? )?(?:nos|mes) (?:salutations|sincères salutations)(?: distinguées)?",
    r"su geriausiais linkėjimais", r"su pagarba", r"pagarbiai",
    # (set X: Hindi and Nepali "yours sincerely", Chinese "敬上", Khmer and Sinhala closings)
    r"भवदीय", r"भवदीया", r"आपका", r"आपकी", r"敬上", r"謹上", r"順頌商祺", r"顺颂商祺", r"ដោយក្តីគោរព", r"ដោយសេចក្តីគោរព",
    r"සුභ පැතුම්", r"මෙයට විශ්වාසී", r"ස්තූතියි", r"සුභ පැතුම් සමඟ",
    # (set N's languages)
    r"cofion(?: cynnes| gorau)?", r"le meas", r"(?:le )?(?:gach )?dea-ghuí", r"slán(?: go fóill)?", r"go raibh (?:míle )?maith agat", r"hörmətlə", r"со почит", r"с почит", r"с уважением",
    r"հարգանքով", r"პატივისცემით", r"শুভেচ্ছান্তে", r"অভিনন্দন সহ", r"அன்புடன்", r"நன்றியுடன்", r"نیک تمناؤں کے ساتھ",
    r"(?:met )?vriendelike groete", r"groete", r"me respekt", r"me nderime", r"salamat po", r"taus-pusong",
    r"хүндэтгэсэн", r"құрметпен", r"с поштовање", r"со почит", r"srdačan pozdrav", r"sveikinimai",
    r"kveðjur?", r"bestu kveðjur", r"saħħa", r"dejjem tiegħek",
    # (set O: Finnish, Polish and Italian short forms; greetings from a place, "Schöne Grüße aus Köln")
    r"kiittäen", r"kiitoksin", r"pozdr", r"grazie e saluti", r"grazie e a presto",
    r"(?:schöne|viele|liebe|beste|herzliche|sonnige) grüße aus \S{1,40}",
    # (set AA: French "Cdt", Afrikaans "mooi bly", Punjabi and Gujarati "with respect", "yours faithfully")
    r"cdt", r"mooi bly", r"ਸਤਿਕਾਰ ਸਹਿਤ", r"ਧੰਨਵਾਦ ਸਹਿਤ", r"આપનો વિશ્વાસુ", r"આભાર સહ",
    # (set AB: Nynorsk, Māori, Samoan and Fijian closings)
    r"venleg helsing", r"ngā mihi(?: nui)?", r"nga mihi(?: nui)?", r"manuia", r"ia manuia",
]
# A bare name (and maybe title/company/phone) closing a mail without a salutation: "Bob",
# "Rob Young\nPinecrest IT". Checked only on the last lines, after other text.
NAME_LINE = re.compile(r"^(?=.*[a-zà-ÿа-я])(?!(?i:.*\b(?:agree|object|accept|decline|cancel|not|no|never|nope|"
                       r"kidding|jk|joke|nicht|nein|pas|non|niet|nie|nej|нет|не)\b))\s*(?:[A-ZÀ-ÞĀ-ŽА-ЯΑ-Ω][\w'’.-]*|[A-ZÀ-ÞА-Я]\.)(?:\s+(?:[A-ZÀ-ÞĀ-ŽА-ЯΑ-Ω&][\w'’.&-]*|van|de|der|von|da|di|du|la|le|y)){0,3}\s*$")
# (each run of spaces has one place to go: "regards  /  regards" must not be split in every
# way before the match fails, which took 37 s for "regards  /  " eight times and a letter)
# One closing, taken whole: the first entry that reads up to a break (punctuation, a slash or
# bar, a dash, the end), and no other after it (an atomic group: two entries that read the same
# words, like "kind regards" and "(?:kind\s*)?regards", must not give a failing line of many
# closings two ways to split at each one; "best" in "beste hilsen" reads up to no break).
_ONE_SIGN_OFF = (r"(?>(?:" + "|".join(_SIGN_OFF) + r")(?=\s*(?:[,.!:،，。！/|\-–—]|$)))"
                 r"(?:\s*[,.!:،，。！]+)?")
# "Mit freundlichen Grüßen / Kind regards": bilingual sign-offs joined by a slash or bar.
# (and closings one after the other as sentences: "감사합니다. 좋은 하루 되세요.")
SIGN_OFF = re.compile(rf"^\s*(?!\s){_ONE_SIGN_OFF}(?:(?:\s*[/|]\s*|(?<=[.!。！])[^\S\n]+){_ONE_SIGN_OFF})*"
                      rf"\s*(?:[-–—]\s*(?P<tail>\w.{{0,40}}))?$",
                      re.IGNORECASE)
# A rule that ends a mail's text and opens an earlier one ("-----", "_____", "=====")
RULE_LINE = re.compile(r"^(?:-{3,}|_{5,}|={5,}|[-—–]{4,}\s*$)")  # (and a rule of mixed dashes: "—-—-—-—")
# "P.S. …" under a signature is still the writer speaking.
# (and the Spanish "P.D.", posdata)
POSTSCRIPT = re.compile(r"^\s*(?:p\.?\s?p?\.?\s?s|p\.\s?d)\.?(?:\s|:|$)", re.IGNORECASE)

# Confidentiality notices and company registers: their "not" and "only" are boilerplate.
DISCLAIMER = re.compile(
    r"\b(?:confidential\w*|intended (?:solely )?(?:only )?for|intended recipient\w*|disclaimer\w*|privileged|"
    r"virus\w*|vertraulich\w*|empfänger\w*|destinataire\w*|destinatario\w*|destinatário\w*|adresat\w*|"
    r"mottagare\w*|получател\w*|amtsgericht|registergericht|handelsregister|geschäftsführer\w*|"
    r"registered (?:in|office)|company (?:no|number|registration)|vat|ust-?id\w*|umweltschutz|environment|"
    r"please consider|print)\b", re.IGNORECASE)
# One line of signature details: a phone, an address, a link, a title, a company, or several
# of them joined by bars or bullets ("Tom Baker | Smith IT Ltd", "Hauptstr. 1 | 80331 München").
# Atomic groups and parts that neither start nor end with a space: a line of many bars must
# not make the matcher try every way to split it (a mail is read before anything else runs).
_DETAIL_PART = (r"(?>(?:(?:tel|phone|mobile|mob|fax|m|t)\.?:?\s*[+(\d][\d()./+-]*(?: [\d()./+-]+)*"
                r"|(?:e|e-?mail|w|web)\s*:\s*\S+|[+()\d][\d()./-]*(?: [\d()./-]+)*|[^\s|•·]+@[^\s|•·]+"
                r"|https?://[^\s|•·]+|www\.[^\s|•·]+|[\w&.,'’()/-](?:[\w&.,'’() /-]{0,58}[\w&.,'’()/-])?)"
                r"(?=\s*(?:[|•·]|$)))")
_DETAILS_MAX = 160
# (not a sentence: "Two separate contracts. Please confirm." is the writer speaking)
_SIGNATURE_DETAILS = re.compile(rf"^\s*{_DETAIL_PART}(?:\s*[|•·]\s*{_DETAIL_PART})*\s*$", re.IGNORECASE)
_SENTENCE = re.compile(r"[?!]\s*$|\.\s+\w[^\n]*\.\s*$")


def signature_details(line: str) -> bool:
    """One line of signature details (not a sentence: "Two separate contracts. Please confirm.")."""
    return len(line) <= _DETAILS_MAX and not _SENTENCE.search(line) and bool(_SIGNATURE_DETAILS.match(line))
