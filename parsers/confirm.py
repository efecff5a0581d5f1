"""Whether a client's answer to "please confirm these details" says: yes, go ahead.

A request can be written in anybody's name, so the partner and the provider are written to
only once the client has answered from their own mailbox. The answer must say yes: "I never
asked for this" from the real client must not set the transfer going. So it is read as
strictly as a keyword: after greetings and thanks, a yes word opens the new text, and nothing
in it negates, hedges, corrects or asks. Anything else goes to staff and the client is asked
again; form answers in the reply are read separately (they count as the client's answer).

Word lists, no patterns with nested repeats: linear on any input.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
MAX_WORDS = 40  # a longer answer is a message for staff, not a yes

# A greeting ("Hi Maria," on its own line or before a comma) is dropped with the name in it.
_GREETINGS = {"hi", "hello", "hey", "dear", "good", "hallo", "liebe", "lieber", "bonjour", "hola", "ciao",
              "buongiorno", "beste", "olá", "hej", "morning", "afternoon", "evening"}
# What may come before the yes: thanks.
_COURTESY = {"thanks", "thank", "you", "many", "great", "danke", "vielen", "merci", "gracias", "grazie",
             "dank", "je", "wel", "obrigado", "obrigada"}
# A yes that opens the answer (single words, or the first word of a phrase below).
_YES = {
    "yes", "yep", "yeah", "ok", "okay", "confirm", "confirmed", "confirming", "correct", "agreed", "proceed",
    "perfect", "fine", "sure", "absolutely", "approved", "ja", "jawohl", "oui", "sí", "si", "sì", "sim",
    "da", "tak", "bestätigt", "bestätige", "korrekt", "richtig", "stimmt", "genau", "correcto", "correcta",
    "confirmado", "confirmo", "corretto", "confermo", "confermato", "klopt", "akkoord", "bevestigd",
}
_YES_PHRASES = (
    ("i", "confirm"), ("we", "confirm"), ("i", "agree"), ("we", "agree"), ("go", "ahead"), ("please", "go"),
    ("please", "proceed"), ("that", "is", "correct"), ("that's", "correct"), ("that's", "right"),
    ("all", "correct"), ("all", "good"), ("looks", "good"), ("sounds", "good"), ("d'accord",), ("c'est", "correct"),
    ("je", "confirme"), ("nous", "confirmons"), ("ich", "bestätige"), ("wir", "bestätigen"), ("alles", "korrekt"),
    ("alles", "richtig"), ("ist", "korrekt"), ("es", "correcto"), ("está", "bien"),
)
# Anything that takes the yes back, makes it conditional or says something is wrong.
_NOT = {
    "no", "not", "never", "nope", "nah", "wrong", "incorrect", "mistake", "mistaken", "error", "false", "fake",
    "but", "however", "except", "unless", "if", "only", "wait", "hold", "stop", "cancel", "don't", "didn't",
    "isn't", "wasn't", "aren't", "can't", "cannot", "won't", "shouldn't", "who", "what", "why", "which",
    "scam", "spam", "phishing", "fraud", "unknown", "nicht", "nein", "kein", "keine", "falsch", "fehler",
    "aber", "nur", "wenn", "warten", "pas", "non", "faux", "erreur", "mais", "sauf", "nunca", "incorrecto",
    "pero", "niet", "geen", "fout", "maar", "mits", "niente", "sbagliato", "ma", "não", "errado",
}


def _drop_greeting(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    first = lines[0]
    head, comma, tail = first.partition(",")
    head_words = _WORD.findall(head)
    if head_words and head_words[0] in _GREETINGS and len(head_words) <= 4:
        lines[0] = tail if comma else ""
    return "\n".join(lines)


def denies(text: str) -> bool:
    """Whether ``text`` (a client's answer, its form lines removed) says no, or that something
    is wrong: "I did not ask for a transfer" next to a phone number typed into the form is no
    confirmation of the request."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    return "?" in folded[:4000] or any(word in _NOT or word.endswith("n't") for word in _WORD.findall(folded[:4000]))


def says_go_ahead(text: str) -> bool:
    """Whether ``text`` (the new text of a reply, quotes and signature removed) confirms."""
    if "?" in text:
        return False
    folded = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    words = _WORD.findall(_drop_greeting(folded[:4000]))
    if not words or len(words) > MAX_WORDS:
        return False
    if any(word in _NOT or word.endswith("n't") for word in words):
        return False
    start = 0
    while start < len(words) and words[start] in _COURTESY:
        start += 1
    rest = tuple(words[start:])
    if not rest:
        return False
    return rest[0] in _YES or any(rest[:len(phrase)] == phrase for phrase in _YES_PHRASES)
