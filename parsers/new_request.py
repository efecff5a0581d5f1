"""Whether a new mail is a request for a transfer, or a word about one under way.

A client with an open case who writes anew without its reference ("Any news on our Exchange
move?") is asking about that case, and the mail threads to it. A mail that carries the intake
form again, or says it wants another transfer ("we also need a second transfer for our
subsidiary"), is a new request and opens a case of its own. Only the sender's own words count:
the new text and the subject.

Word lists and patterns without nested repeats: linear on any input.
"""

from __future__ import annotations

import re

# Answers only a request carries (a signature holds a name, a phone, even a company: those
# alone do not make a request; three answers of any kind do).
REQUEST_FIELDS = ("domains", "old_partner_email", "new_provider_email", "old_partner_name", "old_partner_phone",
                  "new_provider_name", "new_provider_phone")
MIN_FIELDS = 3

# "Another transfer" in the languages the intake form is read in: an adjective of "other,
# second, new, further" before a noun of "transfer, request, case". ("a new request", not "our
# new request": that one is the request under way.)
_ANOTHER = (
    r"(?:another|a\s+second|a\s+separate|a\s+further|an\s+additional|a\s+new|one\s+more)\s+"
    r"(?:transfer|move|migration|request|case|service)",
    r"(?:second|separate|additional|further)\s+(?:transfer|migration|request|case)",
    r"(?:noch\s+(?:einen|eine|ein)|(?:einen|eine|ein)\s+(?:weiteren|weitere|weiteres|zweiten|zweite|neuen|neue|neues)|"
    r"weiteren|weitere|zweiten|zweite)\s+(?:transfer|wechsel|umzug|übertragung|antrag|auftrag|anfrage|fall)",
    r"(?:un|une)\s+(?:autre|nouveau|nouvelle|second|seconde|deuxième)\s+(?:transfert|demande|dossier|migration)",
    r"(?:otra|otro|una\s+nueva|un\s+nuevo|una\s+segunda|un\s+segundo)\s+"
    r"(?:transferencia|solicitud|traslado|migración|caso)",
    r"(?:un\s+altro|un'altra|un\s+nuovo|una\s+nuova|un\s+secondo|una\s+seconda)\s+"
    r"(?:trasferimento|richiesta|pratica|migrazione)",
    r"(?:nog\s+een|een\s+andere|een\s+nieuwe|een\s+tweede)\s+(?:overdracht|overstap|aanvraag|verhuizing|migratie)",
    r"(?:outra|outro|uma\s+nova|um\s+novo|uma\s+segunda|um\s+segundo)\s+"
    r"(?:transferência|solicitação|pedido|migração)",
    r"(?:kolejn|inn|drug|now)[a-ząęóśćńłźż]{0,3}\s+(?:transfer|przeniesieni|wniosek|wniosk|zgłoszeni|zleceni)",
    r"(?:en\s+annan|en\s+ny|en\s+andra|ytterligare\s+en|ett\s+annat|ett\s+nytt)\s+"
    r"(?:flytt|överföring|begäran|ärende|migrering)",
    r"(?:ещё|еще|другой|другую|новый|новую|второй|вторую)\s+(?:один\s+|одну\s+)?"
    r"(?:перенос|перевод|заявк|запрос|миграци)",
)
_ANOTHER_RE = re.compile(r"(?<![\w'])(?:" + "|".join(_ANOTHER) + ")", re.IGNORECASE)
# A denial just before it: "this is not a new request", "keine neue Anfrage", "pas une autre demande".
_NEGATION = {"not", "no", "isn't", "don't", "doesn't", "didn't", "never", "without", "nicht", "kein", "keine",
             "keinen", "pas", "non", "niet", "geen", "inte", "ej", "nie", "не", "não", "nem"}
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def is_new_request(form: dict[str, str], text: str, subject: str = "") -> bool:
    """Whether the mail asks for a transfer (anew) rather than about one under way."""
    if any(form.get(field) for field in REQUEST_FIELDS) or len(form) >= MIN_FIELDS:
        return True
    return wants_another_transfer(subject) or wants_another_transfer(text)


def wants_another_transfer(text: str) -> bool:
    """"We need another transfer", "ein weiterer Umzug", "une nouvelle demande" …, not denied."""
    text = (text or "")[:20_000]
    for match in _ANOTHER_RE.finditer(text):
        before = _WORD.findall(text[max(0, match.start() - 40):match.start()].lower())[-3:]
        if not _NEGATION.intersection(before):
            return True
    return False
