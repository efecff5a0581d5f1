"""Out-of-office answers known by their words, for responders that send no header saying so.

Many vacation responders (a hand-made Outlook rule, a webmail "away" message, a phone's
auto-reply) write no ``Auto-Submitted`` or ``X-Autoreply`` header and answer with our own
subject ("Re: [XFER-…] Waiver request"). Read as a person's mail, such an answer reaches
staff as a party's message and, from a client in intake, sends the form again: one more
mail to the responder, which answers again.

No maintained library reads this (on PyPI the packages named autoresponder or autoreply send
answers or set Outlook's; none recognises one), hence the table below: the ways people say
"I am away" in the opening lines of an out-of-office note, language by language.

A real answer must never be taken for one: a mail is an out-of-office only when it answers a
mail, its new text opens with such a sentence, and it carries nothing a person answers with:
no keyword anywhere, no command or form field, no yes (``carries_an_answer``), no question.
The caller (``parsers.reading``) checks what needs the whole reading. Only the new text is
read: our quoted mail is never the writer's.

Every pattern is a list of fixed phrases; a gap between the writer and the state ("Ich bin
bis einschließlich 14.06. nicht im Büro") is one bounded run of any characters (``.{0,60}?``),
never a repeat inside a repeat, and the text read is cut to its opening first: linear on any
input.
"""

from __future__ import annotations

import re
import unicodedata

# How much of the new text is its opening: the away sentence comes first, after at most a
# greeting and a thanks ("Vielen Dank für Ihre Nachricht. Ich bin …").
OPENING_LINES = 4
OPENING_CHARS = 400
# A longer new text is a person writing (an auto-reply is a few sentences, in two languages
# at most): "I am out of the office until Monday, but here is what you asked …".
MAX_CHARS = 1200

_GAP = r".{0,60}?"  # the date or the words between the writer and where they are

# language -> phrases (lower case, NFKC-folded, straight apostrophes, one space between words).
# Languages written with spaces are matched at a word's start; the others (Chinese, Japanese,
# Korean) anywhere in the opening.
AWAY_PHRASES: dict[str, tuple[str, ...]] = {
    "en": (
        r"(?:i am|i'm|i will be|i'll be|i shall be) (?:currently |now |presently )?(?:out of (?:the )?office|"
        r"out of the country|away from (?:the |my )?(?:office|desk|e-?mails?)|"
        r"on (?:annual |parental |maternity |paternity |sick |medical |study )?leave|"
        r"on (?:vacation|holidays?)|away (?:until|till|on|from|this|next)|"
        r"travel+ing (?:this|until|till|on|with|and|for)|off (?:work|until|till))",
        r"(?:currently )?out of (?:the )?office (?:until|till|from|through|with|and)",
        r"this is an? (?:automatic|automated|auto-generated|auto)[- ]?(?:reply|response|message)",
        r"(?:limited|no) access to (?:my )?e-?mails?",
        r"your (?:e-?mail|message) will not be (?:forwarded|read)",
    ),
    "de": (
        rf"ich bin {_GAP}(?:nicht im büro|nicht erreichbar|im urlaub|in urlaub|abwesend|au(?:ß|ss)er haus|"
        r"auf (?:dienstreise|geschäftsreise)|in elternzeit|wieder im büro|wieder erreichbar)",
        r"dies ist eine automatische (?:antwort|nachricht|abwesenheitsnotiz)",
        r"(?:ihre|deine) (?:e-?mail|nachricht) wird nicht weitergeleitet",
        r"(?:keinen|nur eingeschränkten|eingeschränkten) zugriff auf (?:meine )?e-?mails?",
    ),
    "fr": (
        rf"je (?:suis|serai) {_GAP}(?:absent|en congés?|en vacances|hors du bureau|en déplacement|"
        r"en dehors du bureau)",
        r"ceci est (?:un message|une réponse) automatique",
        r"votre (?:message|courriel|e-?mail|mail) ne sera pas (?:transféré|lu)",
    ),
    "es": (
        rf"(?:estoy|estaré|estare) {_GAP}(?:fuera de (?:la )?oficina|de vacaciones|ausente|de viaje|de baja|"
        r"fuera hasta)",
        r"(?:esta es una respuesta|este es un mensaje) automátic[oa]",
        r"su (?:correo|mensaje) no será reenviado",
    ),
    "it": (
        rf"(?:sono|sarò|saro) {_GAP}(?:fuori (?:ufficio|sede)|in ferie|in vacanza|assente|in trasferta)",
        r"(?:questa è una risposta|questo è un messaggio) automatic[oa]",
    ),
    "nl": (
        rf"ik ben {_GAP}(?:afwezig|met vakantie|op vakantie|niet op kantoor|niet aanwezig|buiten kantoor|"
        r"op pad|met verlof|niet bereikbaar)",
        r"dit is een automatisch (?:antwoord|bericht)",
        r"(?:uw|je) (?:e-?mail|bericht) wordt niet doorgestuurd",
    ),
    "pt": (
        rf"(?:estou|estarei) {_GAP}(?:ausente|fora do escritório|de férias|em férias|fora até)",
        r"esta é uma resposta automática",
    ),
    "sv": (
        rf"jag är {_GAP}(?:på semester|ledig|inte på kontoret|tjänstledig|föräldraledig|på tjänsteresa|bortrest)",
        r"jag har semester",
    ),
    "da": (
        rf"jeg er {_GAP}(?:på ferie|på barsel|ikke på kontoret|fraværende|ude af huset|ikke til stede)",
        r"jeg holder ferie",
    ),
    "no": (
        rf"jeg er {_GAP}(?:på ferie|ikke på kontoret|fraværende|på reise|ute av kontoret|i permisjon|bortreist)",
        r"jeg har ferie",
    ),
    "pl": (
        rf"jestem {_GAP}(?:na urlopie|poza biurem|nieobecn[ya]|w delegacji|na zwolnieniu)",
        r"(?:to jest )?automatyczna odpowiedź",
    ),
    # Further languages met in the corpus.
    "fi": (r"olen (?:lomalla|poissa toimistolta|vuosilomalla)",),
    "cs": (rf"jsem {_GAP}(?:mimo kancelář|na dovolené)",),
    "hu": (r"szabadságon vagyok", r"irodán kívül vagyok"),
    "ro": (r"sunt în concediu",),
    "et": (r"olen puhkusel",),
    "lt": (r"atostogauju", r"nesu biure"),
    "tr": (r"izindeyim", r"ofis dışındayım"),
    "el": (r"θα απουσιάζω", r"βρίσκομαι εκτός γραφείου"),
    "ru": (r"я в отпуске", r"я вне офиса", r"нет на месте"),
    "ar": (r"خارج المكتب",),
    "he": (r"מחוץ למשרד",),
    "sw": (r"nje ya ofisi",),
}
UNSPACED_PHRASES: dict[str, tuple[str, ...]] = {
    "zh": (r"休假", r"不在办公室"),
    "ja": (r"不在にしております", r"休暇をいただいて", r"休暇のため"),
    "ko": (r"휴가 중",),
    "th": (r"ไม่อยู่สำนักงาน",),
}

# (folded like the text: NFKC writes Thai's sara am as two characters)
_AWAY = re.compile(unicodedata.normalize(
    "NFKC",
    r"(?<!\w)(?:" + "|".join(p for phrases in AWAY_PHRASES.values() for p in phrases) + ")"
    + "|" + "|".join(p for phrases in UNSPACED_PHRASES.values() for p in phrases)))


# Words that answer one of our requests ("please confirm these details"): a note that says
# one of them besides "I am away" is a person's answer, read as one. (Not "tak" or "si": the
# Danish thanks and the French "if" open many out-of-office notes.)
_ANSWER = re.compile(
    r"(?<!\w)(?:yes|yep|yeah|ok|okay|confirm\w*|correct|go ahead|proceed|approved?|"
    r"ja|jawohl|bestätig\w*|korrekt|richtig|einverstanden|oui|d'accord|correcte|"
    r"sí|sì|correcto|correcta|corretto|confermo|confermato|klopt|akkoord|bevestig\w*|sim|correto|"
    r"potwierdzam|zgadza się|stämmer|bekräft\w*|bekræft\w*|bekreft\w*)(?!\w)"
)


def carries_an_answer(new_text: str) -> bool:
    """Whether the new text says yes to something besides being away ("I am out of the
    office next week. Yes, all correct, go ahead."): a confirmation is never swallowed."""
    folded = unicodedata.normalize("NFKC", (new_text or "")[:MAX_CHARS]).lower().replace("\u2019", "'")
    return _ANSWER.search(folded) is not None


def opening(text: str) -> str:
    """The first lines of ``text``, folded the way the phrases are written."""
    lines = [line.strip() for line in (text or "")[:OPENING_CHARS * 4].split("\n") if line.strip()]
    head = " ".join(" ".join(lines[:OPENING_LINES]).split())[:OPENING_CHARS]
    return unicodedata.normalize("NFKC", head).lower().replace("\u2019", "'")


def away_sentence(new_text: str) -> str | None:
    """The away sentence that opens ``new_text`` (a reply's new text), or None.

    A question is never an out-of-office note (a responder asks nothing), nor is a long text."""
    if len(new_text or "") > MAX_CHARS or "?" in (new_text or ""):
        return None
    head = opening(new_text)
    match = _AWAY.search(head)
    return head[match.start():match.start() + 80] if match else None
