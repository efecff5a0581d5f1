"""Intent of a reply's new text: which keyword it opens with, if any, and whether it is clean.

A waiver is a legal release, so this module errs towards ``ambiguous`` (staff look, and the
sender is asked to answer with the keyword alone) and never towards a yes:

- the keyword must open the new text; a greeting line ("Hi Dana,") may come first;
- case, spacing and punctuation do not matter ("i agree.", "I AGREE!");
- a negation is never a yes ("I do not agree", "I don't accept", "I disagree");
- a hedge, condition or question is ``ambiguous`` ("before I agree…", "I agree, but…",
  "Agreed?", "I agree if…");
- a keyword elsewhere in the new text, or two different keywords, is ``ambiguous``;
- no keyword at all is ``none`` (quoted text never reaches this module).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from parsers.line_shapes import (
    BLOCK_KINDS,
    COURTESY_IDIOMS,
    Kind,
    Sender,
    drop_format_characters,
    drop_points,
    is_addressee_line,
    is_courtesy,
    is_courtesy_line,
    is_greeting_line,
    is_name_line,
    is_self_introduction,
    is_sign_off_line,
    line_kind,
)
from parsers.quote_patterns import SIGN_OFF
from parsers.word_classes import UNSPACED, words_of


class Intent(StrEnum):
    AGREE = "agree"
    OBJECT = "object"
    ACCEPT = "accept"
    DECLINE = "decline"
    CANCEL = "cancel"
    NONE = "none"
    AMBIGUOUS = "ambiguous"


# The keyword of each intent, and the word forms that mention it without saying it cleanly.
KEYWORDS: dict[Intent, str] = {
    Intent.AGREE: "agree",
    Intent.OBJECT: "object",
    Intent.ACCEPT: "accept",
    Intent.DECLINE: "decline",
    Intent.CANCEL: "cancel",
}
_MENTIONS = {
    Intent.AGREE: r"(?:dis)?agree(?:s|d|ing|ment)?",
    Intent.OBJECT: r"object(?:s|ed|ing|ion)?",
    Intent.ACCEPT: r"accept(?:s|ed|ing|ance)?",
    Intent.DECLINE: r"declin(?:e|es|ed|ing)",
    Intent.CANCEL: r"cancel(?:s|led|ed|ling|ing|lation)?",
}
# (bounded by letters of the keyword's own alphabet: "はCANCELで" glued to Japanese mentions it)
_MENTION = {intent: re.compile(rf"(?<![a-z0-9]){form}(?![a-z0-9])") for intent, form in _MENTIONS.items()}
# The bare keyword, for "two keywords in one reply": "a 24-month agreement" in an objection's
# reason is not a second keyword, "I agree" is.
# (nor the start of a word in a language written in Latin letters: Romanian "nu acceptăm" is "we
# do not accept", in the reason of a decline)
_KEYWORD = {intent: re.compile(rf"(?<![a-z0-9]){keyword}(?![a-z0-9\u00c0-\u024f])") for intent, keyword in KEYWORDS.items()}

# What may stand before the keyword: "I", "we", "yes", "ok", "please" (for cancel), "hereby".
# (spaces only before punctuation: "\s*[,.!:;-]*\s*" split "yes" and 30,000 spaces every way, 75 s)
# ("Yes, I agree" and "Ok fine. I agree" do not open with the keyword: a reader who asked for
# the keyword alone cannot tell a yes from a "yes, but" the writer began to type)
_LEAD = r"(?:(?:hi|hello)(?:\s*[,.!:;-]+)?\s*)?"
# ("I-AGREE", and the keyword in quotes: "\"I AGREE\"", «I AGREE»: as the notice wrote it)
_SUBJECT = r"[\"“”„«»]?(?:(?:i|we)(?:\s+|-)(?:hereby\s+|herewith\s+)?)?"
_PLEASE = r"(?:please\s+)?"
_CLEAN = {
    intent: re.compile(
        rf"^{_LEAD}{_PLEASE if intent is Intent.CANCEL else ''}{_SUBJECT}{keyword}\b(?P<rest>.*)$",
        re.DOTALL,
    )
    for intent, keyword in KEYWORDS.items()
}

_GREETING_WORDS = (
    r"(?:hi|hello|hey|dear|(?:good )?(?:morning|afternoon|evening)|good day|greetings|hallo|guten tag|"
    r"liebe[rs]?|sehr geehrte[rs]?|bonjour|salut|hola|buenos días|buenas tardes|estimad[oa]s?|"
    r"ciao|buongiorno|gentile|goedemorgen|goedemiddag|beste|olá|ola|bom dia|boa tarde|prezad[oa]s?|"
    r"dzień dobry|witam|szanown[iy]|hej|god morgon|здравствуйте|добрый день|привет)\b"
)
# A greeting line is a greeting and a name, nothing more ("Hi Dana,", "Dear Sir or Madam,"):
# "Hey, not signing." is a sentence, not a greeting.
_GREETING = re.compile(rf"^{_GREETING_WORDS}(?:[ ,]+[\w.'-]+){{0,4}}\s*[,!.:]?$")
# "Hi Dana, I agree": a greeting that ends with a comma on the keyword's own line.
_GREETING_PREFIX = re.compile(rf"^{_GREETING_WORDS}[^,\n.!?]{{0,40}},\s*")
# After a clean keyword, these turn it into something other than a plain yes or no. The
# keyword is English, the words around it are often not: negations and conditions in the ten
# languages of the quote patterns.
_NEGATION = re.compile(
    r"\b(?:not|no|never|don'?t|do not|doesn'?t|does not|didn'?t|did not|can'?t|cannot|can not|"
    r"won'?t|will not|wouldn'?t|would not|shouldn'?t|should not|couldn'?t|could not|refuse|"
    r"unable|neither|nor|isn'?t|aren'?t|hasn'?t|has not|haven'?t|have not|wasn'?t|was not|weren'?t|"
    r"needn'?t|nope|nah|nein|nej|nee|"
    r"nicht|kein|keine|nie|niemals|pas|jamais|non|nunca|nada|niet|geen|nooit|não|nie|nigdy|"
    r"inte|aldrig|ej|не|нет|никогда)\b"
)
_HEDGE = re.compile(
    r"\b(?:but|however|except|unless|if|provided|providing|once|after|before|when|until|only|"
    r"subject to|conditional|condition|conditions|pending|assuming|partly|partially|mostly|"
    r"most|some|in principle|generally|maybe|perhaps|possibly|might|think|probably|although|"
    r"though|whether|clarify|confirm|"
    r"aber|jedoch|allerdings|wenn|falls|sofern|vorausgesetzt|sobald|nachdem|bevor|außer|nur|"
    r"mais|si|sauf|pourvu|condition|après|avant|seulement|"
    r"pero|siempre que|salvo|excepto|después|antes|solo|sólo|"
    r"ma|però|purché|tranne|dopo|prima|soltanto|se|"
    r"maar|echter|mits|tenzij|als|indien|zodra|nadat|alleen|"
    r"mas|porém|desde que|contanto|exceto|depois|apenas|"
    r"ale|jednak|jeśli|jeżeli|pod warunkiem|chyba że|po|przed|tylko|"
    r"men|dock|om|förutsatt|utom|efter|innan|endast|bara|"
    r"но|однако|если|при условии|кроме|после|до|только|"
    # Czech, Finnish and Turkish, whose sign-offs are cut off as signature (not their short
    # words that are also first names: "Jen", "Jos", "Ama")
    r"pokud|jestliže|pouze|kromě|podmín\w*|vasta|kunhan|ellei|paitsi|mutta|ehdolla|ehdo\w*|"
    r"fakat|ancak|sadece|yalnızca|eğer|şartıyla|koşuluyla|sonra|"
    r"hvis|forudsat|forutsatt|dersom|undtagen|unntatt|feltéve|kivéve|εφόσον|cu condiția|cu excepția)\b"
)

_SENTENCE_END = re.compile(r"[.!;\n。]")
# where a courtesy or greeting ends before the keyword on its line: after . ! : , and spaces
# (or a space after a word of a script written without commas after a greeting: "สวัสดีครับ I AGREE")
_BEFORE_KEYWORD = re.compile(r"[.!:,;。！،，：][^\S\n]+(?=\S)|(?<=[\u0e00-\u0e7f\u0900-\u097f])[^\S\n]+(?=\S)|"
                             r"[^\S\n][-–—][^\S\n]+(?=\S)")  # ("Hey team — I AGREE")
# "*I AGREE*", "_CANCEL_", "I ACCEPT", „I AGREE“: plain-text emphasis or quotes around a line
# are no word of it (a run is tried from its first character only: from each, 100 kB of "_"
# took minutes)
_EMPHASIS = re.compile(r"(?m)^[*_\"“„«»”']+(?=\S)|(?<=[^\s*_\"“„«»”'])[*_\"“„«»”']+$|"
                       r"(?<=agree|ccept|bject|cline|ancel)[*_]++(?=[^\S\n]++[-–—:])")  # ("*CANCEL* - La dirección …")


def normalise_for_intent(text: str) -> str:
    """Lower case, compatibility-folded (full-width letters, ligatures), straight quotes."""
    # Format characters (zero-width spaces, direction marks) are invisible to the writer.
    text = drop_points(drop_format_characters(unicodedata.normalize("NFKC", text))).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return text.strip()


# (a Japanese letter opens with the addressee, the honorific, a greeting, who writes, and a thanks)
_MAX_OPENING_LINES = 6


def _drop_greeting(text: str, known: frozenset[str] | None = None) -> str:
    """The text from its first line that is neither a greeting nor a courtesy: "Hi Dana,",
    "Kedves Kollégák!", "Thanks for organising this!", "Sorry for the late reply." may come
    before the keyword (those that name terms may not: "Hello, conditionally:"). ``known``:
    the names our own mail uses, which a greeting may address ("Dear Marlowe Hosting,")."""
    for _ in range(_MAX_OPENING_LINES):
        first, _, rest = text.partition("\n")
        first = first.strip()
        if not rest.strip() or not first or any(p.search(first) for p in _MENTION.values()):
            break
        # (a courtesy the writer's client wrapped at 72: "…, ich war die letzte Woche auf\nFortbildung.")
        following, _, after = rest.partition("\n")
        if following.strip() and after.strip() and not any(p.search(following) for p in _MENTION.values()) \
                and not first.endswith((".", "!", ",", ":")) and is_courtesy_line(f"{first} {following.strip()}"):
            text = after.strip()
            continue
        if not (_greeting(first) or _greeting(_without_names(first, known))
                or is_courtesy_line(first)
                or is_addressee_line(first, rest.lstrip("\n").partition("\n")[0])):
            break
        text = rest.strip()
    prefix = _GREETING_PREFIX.match(text)
    if prefix and _free(prefix.group(0)) and any(p.match(text[prefix.end():]) for p in _CLEAN.values()):
        return text[prefix.end():]
    # "Estimados señores: I DECLINE.", "Ridgeway 团队，您好： I Agree": a greeting before the
    # keyword on its line (not a sentence, not even a courtesy: "We are glad Victor thought of
    # us. I accept.", "thanks for letting us know. I AGREE." do not open with the keyword)
    first = text.partition("\n")[0]
    for cut in _BEFORE_KEYWORD.finditer(first[:200]):
        # (the keyword's emphasis after the greeting too: "Cześć, *I ACCEPT*")
        head, tail = first[:cut.end()], text[cut.end():].lstrip(_MARKS)
        if any(p.match(tail) for p in _CLEAN.values()) and is_greeting_line(head.strip().rstrip("-–—").strip()) \
                and not any(p.search(head) for p in _MENTION.values()):
            return tail
    return text


_MARKS = "*_\"“„«»”'"


def _greeting(line: str) -> bool:
    return bool(_GREETING.match(line) or is_greeting_line(line)) and _free(_LAST_SHORT_WORD.sub("", line))


def _without_names(line: str, known: frozenset[str] | None) -> str:
    """A greeting line without the names our mail uses ("dear marlowe hosting," -> "dear ,"):
    the vendor's name may hold a word of the service. Never a word that denies, hedges or takes
    back, whoever's name it is in."""
    if not known:
        return line
    kept = [w for w in line.split(" ") if w.strip(",.!:;") not in known or _denies_or_hedges(w.strip(",.!:;"))]
    return " ".join(kept)


def _denies_or_hedges(word: str) -> bool:
    """A word that denies, hedges or takes back (not merely one of the service's words)."""
    return bool(_NEGATION.search(word) or _HEDGE.search(word) or _RETRACTION.search(word)
                or any(p.search(word) for p in _MENTION.values()))


# Filipino's honorifics ending a greeting ("Magandang araw po,") are no Polish "po" ("after"),
# which has something after it
_LAST_SHORT_WORD = re.compile(r"\s(?:po|ho)[,!.:]?$")


def _without_introduction(new_text: str, sender: Sender) -> str:
    """The new text without the writer introducing themselves above the keyword in the shape of
    their signature ("Sabine Köhler, Leiterin Vertrieb, Nordlicht Netzwerke GmbH."): their own
    name first, then a title and a company, no word of terms (``is_name_line``)."""
    lines = new_text.split("\n")
    for i in range(min(len(lines), _MAX_OPENING_LINES + 1)):
        line = lines[i]  # (as left by the line above: its wrapped half may be gone)
        bare = line.strip().rstrip(".")
        if not bare:
            continue
        if any(p.search(bare.lower()) for p in _MENTION.values()):
            break
        separator = _INTRO_SEPARATOR.search(bare)  # (a class, not "\s*[,|]\s*": 20,000 spaces read once)
        head = bare[:separator.start()].strip() if separator else bare
        if "," in bare and sender.signs(head) and is_name_line(bare, sender, in_block=True):
            return "\n".join(lines[:i] + lines[i + 1:])
        # "This is James from Castle Rock Computing Ltd. Thanks for the heads-up.": who writes,
        # in words (read with its capitals, which the intent's lower-cased text has lost)
        # (wrapped by the mail client: "je gère l'infogérance de Lefèvre Informatique SARL au sein de Groupe\nGarnier Services SA.")
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if following and not any(p.search(following.lower()) for p in _MENTION.values()) and \
                is_self_introduction(f"{line.strip()} {following}"):
            lines[i] = lines[i + 1] = ""
            continue
        if is_self_introduction(line):
            lines[i] = ""
            continue
        sentences = _INTRO_SENTENCE.split(line.strip())
        kept = [sentence for sentence in sentences if not is_self_introduction(sentence)]
        if len(kept) < len(sentences):
            lines[i] = " ".join(kept)
    return "\n".join(lines)


_INTRO_SEPARATOR = re.compile(r"[,|–—]")
_INTRO_SENTENCE = re.compile(r"(?<=[.!])\s+(?=[^\W\d_])|(?<=[。！])\s*(?=\S)")


def _first_sentence(rest: str) -> str:
    match = _SENTENCE_END.search(rest)
    return rest[: match.start()] if match else rest


def classify_intent(new_text: str, known: frozenset[str] | None = None, sender: Sender | None = None,
                    names: frozenset[str] | None = None) -> Intent:
    """The intent the new text expresses, by the rules in this module's docstring.

    ``known``: the words a yes may name besides the fixed words of what may follow it (the
    company, the people, taken from our quoted mail and the subject; see ``known_words``).
    With it, a yes followed by any other word ("…of all services other than the backup
    server") is ``ambiguous``; without it (None) only the listed conditions are caught.
    ``sender``: whose name and company lines may stand below a yes. ``names``: the names a
    greeting may address (``known`` where not given)."""
    if sender is not None and new_text:
        new_text = _without_introduction(new_text, sender)
    text = _drop_greeting(_EMPHASIS.sub("", _DICTATED_STOP.sub(".", normalise_for_intent(new_text or ""))),
                          known if names is None else names)
    mentioned = [intent for intent, pattern in _MENTION.items() if pattern.search(text)]
    if not mentioned:
        return Intent.NONE
    numbered = _FIRST_POINT.match(text)
    if numbered and any(p.match(text[numbered.end():]) for p in _CLEAN.values()):
        # "1. I DECLINE.\n2. We have no capacity this quarter.": a formal letter's numbered
        # points; their numbers are no words of the answer (what the points say is read as ever)
        text = _POINT_NUMBER.sub("", text)
        new_text = _POINT_NUMBER.sub("", new_text or "")
    for intent, pattern in _CLEAN.items():
        match = pattern.match(text)
        if match:
            return _judge(intent, match.group("rest"), known, _original_rest(new_text, match.group("rest")), sender)
    return Intent.AMBIGUOUS


# A full stop dictated to a phone and written out: "I accept period", "I agree punto", "ponto final"
_DICTATED_STOP = re.compile(r"(?m)(?<=agree|ccept|bject|cline|ancel)[^\S\n]++(?:period|full stop|punto final|punto|"
                            r"point final|point|ponto final|ponto|punkt|точка|nokta|titik|tuldok)[^\S\n]*+$")
_FIRST_POINT = re.compile(r"(?:1[.)]|\(1\))[^\S\n]++")
_POINT_NUMBER = re.compile(r"(?m)^[^\S\n]*+(?:\d{1,2}[.)]|\(\d{1,2}\))[^\S\n]++")


# Fixed phrases that contain a hedge or negation word without hedging or denying.
_IDIOMS = re.compile(r"\b(?:after all|first of all|at all|once again|if possible|if any|"
                     r"no objections?(?: (?:from|on) (?:our|my) (?:side|part)| from (?:us|me))?|no hard feelings|"
                     r"(?:do not|don't) hesitate|no problem|not a problem|no worries|no further questions|"
                     r"nothing (?:else|more|further) (?:is )?(?:needed|required))\b")
# A yes that is then taken back anywhere in the text ("I agree... NOT.", "Actually no").
_RETRACTION = re.compile(r"\b(?:jk|j/k|just kidding|kidding|joke|joking|sarcasm|actually|wait(?=[^\S\n]?[,!.…—–\n-]|[^\S\n]?$)|correction|"
                         r"scratch that|on second thought|nothing|disagree|retract|withdraw)\b")
# What CANCEL may be followed by: the case itself, or a courtesy. "Cancel the partner's admin
# access" is a request to staff, not the end of the transfer.
# (each run of spaces has one place to go: "^\s*…?[\s,.!]*…?[\s.!]*$" split "cancel" and 2,000
# spaces every way, 7 s, cubic; the language is the same)
_DETERMINER = r"(?:the|my|our|this|this whole)"
_CANCELLED = r"(?:transfer request|transfer|request|case|move|migration|it)"
_CANCEL_OBJECT = re.compile(rf"^(?:\s*(?:{_DETERMINER}\s+{_CANCELLED}|{_DETERMINER}(?=\s)|{_CANCELLED}))?[\s,.!]*"
                            r"(?:(?:please|thanks?|thank you)[\s.!]*)?$")
_SEPARATOR_FIRST = re.compile(r"^\s*[-–—:,;(]")
# A reason after a cancel: after a break, or a new sentence (the text is read lower case, so the
# typed capital is gone: a subject pronoun or article in the writer's language opens it)
_CANCEL_REASON = re.compile(r"^\s*[-–—:,;(。]")
# A condition opening what follows a cancel ("CANCEL, if …", "CANCEL - unless …")
_CONDITION_FIRST = re.compile(r"^\s*(?:" + words_of("condition", "condition_short").pattern + r")")


def _new_sentence(typed: str) -> bool:
    """Whether the words after the keyword, as typed, open a new sentence with a capital
    ("CANCEL La direction a décidé …", "Cancel Our director wants …"), not the object of the
    cancel ("Please cancel the old partner's access")."""
    first = typed.strip().split("\n", 1)[0].lstrip(_MARKS + " \t.!")  # ("*CANCEL*. We have found …")
    # (a script without capitals opens a sentence as well as any word: "*CANCEL* 院長と相談の結果、…",
    # "cancel ہم نے موجودہ ایجنسی کے ساتھ رہنے کا فیصلہ کیا ہے۔")
    caseless = first[:1].isalpha() and not first[:1].isupper() and not first[:1].islower()
    return (len(first.split()) > 2 or caseless and len(first) > _MIN_CASELESS_SENTENCE) and (first[:1].isupper() or caseless)


_MIN_CASELESS_SENTENCE = 6


def _original_rest(new_text: str, rest: str) -> str:
    """``rest`` (read lower case) as the writer typed it: the shapes of names need capitals."""
    lines = (new_text or "").strip().split("\n")
    count = rest.count("\n")
    return "\n".join(lines[len(lines) - count - 1:]) if count < len(lines) else rest


def _judge(intent: Intent, rest: str, known: frozenset[str] | None = None, typed: str = "",
           sender: Sender | None = None) -> Intent:
    others = [pattern for other, pattern in _KEYWORD.items() if other is not intent and pattern.search(rest)]
    if others and not (intent in (Intent.OBJECT, Intent.DECLINE) and _only_denied(rest, others)):
        return Intent.AMBIGUOUS
    clause = _first_sentence(rest)
    if "?" in clause:
        return Intent.AMBIGUOUS
    later = rest[len(clause) :]
    plain = _IDIOMS.sub(" ", clause)
    everything_after = COURTESY_IDIOMS.sub(" ", _IDIOMS.sub(" ", _without_notices(rest, typed)))
    if _NEGATION.search(everything_after) or _RETRACTION.search(everything_after):
        # (courtesy lines aside: "Apologies for not replying sooner, I was on holiday." denies nothing)
        everything_after = COURTESY_IDIOMS.sub(" ", _IDIOMS.sub(" ", _stated(_without_notices(rest, typed))))
    if intent in (Intent.AGREE, Intent.ACCEPT):
        # A yes must be unconditional: no "not", no "but" (or "mits", "sofern", …) in its
        # sentence, nothing taken back or denied anywhere after it — and, since no list of
        # conditions is ever complete ("effective 1 March", "save for clause 4", "terms
        # attached"), nothing after it but what it applies to and courtesies.
        if (_NEGATION.search(plain) or _HEDGE.search(plain) or _TAKE_BACK.search(later.strip())
                or _NEGATION.search(everything_after) or _RETRACTION.search(everything_after)
                or not _only_courtesy(intent, rest, known, typed, sender)):
            return Intent.AMBIGUOUS
    elif intent is Intent.CANCEL:
        # "cancel if …", "cancel nothing" are no cancel; neither is "cancel the partner's access"
        # (an object that is not the transfer). A reason after a break is fine: "CANCEL - we stay".
        if not _FRIENDLY_EMOJI.sub("", clause).strip():
            clause = ""  # "CANCEL 👍": a smile, no object
        reason = _CANCEL_REASON.match(clause) or _new_sentence(typed[-len(rest):] if rest.strip() else "")
        said = clause[reason.end():] if isinstance(reason, re.Match) else rest.lstrip()
        said = _DELIBERATION.sub(" ", said).lstrip()
        if reason and _UNSPACED_CONDITION.search(said):
            return Intent.AMBIGUOUS  # ("CANCEL 旧パートナーのアクセスのみ": no capital tells a reason from what is cancelled)
        if reason and _CONDITION_FIRST.match(said) and not is_courtesy_line(said.split("\n", 1)[0]):
            return Intent.AMBIGUOUS  # "CANCEL, falls der Partner bis Freitag nicht unterschreibt": a condition
        if "?" in rest:
            return Intent.AMBIGUOUS  # "CANCEL\nWill we get a refund?": a question staff answer
        if reason:
            # "CANCEL – The board decided to postpone the move until next year", "CANCEL La
            # direction a décidé …": the why of a cancel, like an objection's reason
            plain = ""
        if _NEGATION.search(plain) or _HEDGE.search(plain) or _RETRACTION.search(everything_after):
            return Intent.AMBIGUOUS
        if clause.strip() and not reason and not _CANCEL_OBJECT.match(clause):
            return Intent.AMBIGUOUS
        stated = _DELIBERATION.sub(" ", _IDIOMS.sub(" ", _stated(everything_after)))
        if _CANCEL_TERMS.search(stated) or _CLAUSE_CONDITION.search(stated) or _TAKEN_BACK.search(stated) \
                or _REQUEST.search(stated) or _DEMAND.search(stated):
            # A reason is fine ("the board postponed the move"); a demand, a condition, a
            # doubt or a take-back is not: "CANCEL\nFirst we need a full export of the
            # archive", "CANCEL – nein, doch nicht", "…but let me double-check".
            return Intent.AMBIGUOUS
    # I OBJECT / I DECLINE come with reasons ("we don't take customers there", "runs until
    # March"): those words explain the no, they do not turn it into a yes.
    if _said_again(later, intent):
        return Intent.AMBIGUOUS
    return intent


# (after a break, the spaces up to the word contain no further line break: the last one is
# the break; found or not as before, without scanning each blank line's spaces from each)
_TAKE_BACK = re.compile(
    r"(?:^|[.!;\n][^\S\n]*)(?:but|however|except|unless|only if|provided|on condition|subject to|"
    r"as long as|pending|once|after|before|although|though|that said|on the condition|"
    r"aber|jedoch|allerdings|vorausgesetzt|sofern|falls|wenn|mais|sauf|pourvu|à condition|"
    r"pero|siempre que|salvo|ma|però|purché|maar|echter|mits|tenzij|mas|porém|desde que|"
    r"ale|jednak|pod warunkiem|men|dock|förutsatt|но|однако|при условии)\b"
)


_UNSPACED_CONDITION = re.compile(UNSPACED["condition"])
# How a cancel's reason tells that it was talked over, no condition: "After talking to Dr Murphy,
# we're staying with our current provider", "Après discussion avec le docteur, nous restons …"
_DELIBERATION = re.compile(
    r"\b(?:after (?:talking|speaking|discussing(?: it| this)?|consulting|conferring|checking)(?: it)?(?: over)? (?:with|to)|"
    r"after (?:a |some |an internal |internal )?(?:discussion|conversation|talk|chat|consultation|meeting|review)(?: with)?|"
    r"après (?:discussion|concertation|consultation|réflexion|échange|un échange|une discussion)(?: avec)?|"
    r"après en avoir (?:discuté|parlé)(?: avec)?|tras (?:hablar|consultar(?:lo)?|conversar|una conversación|una reunión)(?: con)?|"
    r"después de (?:hablar|consultar(?:lo)?)(?: con)?|dopo (?:aver (?:parlato|discusso|sentito)|un confronto)(?: con)?|"
    r"nach (?:rücksprache|absprache|einem gespräch|dem gespräch|beratung|interner abstimmung)(?: mit)?|"
    r"na (?:overleg|een gesprek|gesprek)(?: met)?|(?:depois de|após) (?:falar|conversar|consulta|reunião)(?: com)?|"
    r"po (?:rozmowie|konsultacji|naradzie|konzultaci|domluvě|rozhovoru|poradě|konzultácii|dohode|rozhovore|porade|pogovoru)(?: [zs])?|"
    r"efter (?:samtal|samråd|diskussion|att ha pratat|samtale|aftale)(?: med)?|etter (?:samtale|samråd|avtale)(?: med)?|"
    r"keskustel\w* jälkeen|(?:egyeztetés|megbeszélés|konzultáció) után|pasitarę su|pasikalbėję su|"
    r"după (?:discuția|discuţia|consultarea|o discuție)(?: cu)?|nakon (?:razgovora|dogovora|konzultacija)(?: s| sa)?|"
    r"posle razgovora(?: sa)?|μετά από (?:συζήτηση|συνεννόηση)(?: με)?)\b|相談の結果|協議の結果|検討の結果|상의한 결과|논의 결과|商量后|商討後")
# What turns the words after a CANCEL from its reason into terms or a doubt (see _judge).
# (a negation tells the reason's story, "we no longer need to switch"; a bare "no," takes the
# cancel back: "CANCEL – nein, doch nicht", "CANCEL. Bueno, no, seguid")
_CANCEL_TERMS = words_of("doubt", "retraction", "money", "validity", "service")
# A request after a cancel is a demand staff answer, not its reason: "CANCEL\nSlet venligst alle
# vores konfigurationsnoter bagefter." ("please delete all our notes afterwards"); a bare
# "CANCEL, please" is a courtesy
_REQUEST = re.compile(r"\b(?:please|pls|kindly|bitte|venligst|vennligst|por favor|per favore|s'il vous plaît|svp|"
                      # (asking in words: "e vi chiedo di cancellare tutti i dati", "nous vous demandons de …")
                      r"vi chiedo di|le chiedo di|chiedo di|chiediamo di|vi prego di|vi preghiamo di|nous vous demandons de|"
                      r"je vous demande de|les pido que|le pido que|les solicito que|pedimos que|peço que|solicitamos que|"
                      r"wir bitten sie|ich bitte sie|we ask you to|i ask you to|we would ask you to|prosimy o|proszę o|"
                      r"žádáme vás|vi ber er|ber vi er|vi ber dere|vi ber jer|"
                      r"alstublieft|graag|proszę|prosimy|пожалуйста|будь ласка|lütfen|kérem|kérjük|prosím|παρακαλώ|"
                      r"vă rog|vänligen|ystävällisesti)\b(?:[^\S\n]*[,.]?[^\S\n]*(?>\w+)){2}")
# (the demand said as a wish: "Y quiero que eliminen todos nuestros datos", "we want you to delete …")
_WANT = (r"(?:quiero que|queremos que|necesito que|necesitamos que|i want you to|we want you to|i need you to|"
         r"we need you to|je veux que vous|nous voulons que vous|nous souhaitons que vous|ich möchte,? dass|"
         r"wir möchten,? dass|voglio che|vogliamo che|we willen dat u|ik wil dat u|quero que|queremos que|"
         r"chcemy,? żeby|chcę,? żeby)")
# A sentence or clause that tells us to do something, without a please: "And send us a full
# database export before you close the case.", "CANCEL, und schicken Sie uns bis Montag eine
# Bestätigung" (the imperatives of the ``demand`` word class, opening their clause)
_DEMAND = re.compile(r"(?:^|[.!;,\n])[^\S\n]*(?:(?:and|also|but|then|first|und|dann|et|puis|y|luego|e|poi|en|dan|"
                     r"i|oraz|och|og|sen)[^\S\n]+)?(?:" + _WANT + r"[^\S\n]+)?(?:" + words_of("demand").pattern + ")")
# (up to two words before the "no": "or no,", "Bueno, no,"; atomic, so a long word is read once)
# (possessive: a run of spaces is given up as a whole, never space by space for each of the
# negation's many words: a colon and 3,000 tabs took 1.7 s)
_TAKEN_BACK = re.compile(r"(?:^|[.!;,:\n–—-])[^\S\n]*+(?:(?>\w+)[^\S\n]*+,?[^\S\n]*+){0,2}(?:" + words_of("negation").pattern
                         + r")[^\S\n]*+(?:[,.!–—-]|$)")
# (a condition opens its clause: "…, ha az új szolgáltató nem tud", "Nejdřív potřebujeme …";
# inside a reason the same words tell its story: "postponed the move until next year")
# (and the short "if"s: Spanish "si", Hungarian "ha", Swedish "om", Croatian "ako"; not "se", which
# is Italian "if" but Spanish "itself": "Se ha cancelado la fusión" is a reason)
_CLAUSE_CONDITION = re.compile(r"(?:^|[.!;,:\n–—-])[^\S\n]*(?:" + words_of("condition").pattern
                               + r"|\b(?:si|ha|om|ako|če|jos|ef|hvis|dacă|eğer|αν)\b)")


def _stated(text: str) -> str:
    """``text`` without its courtesy lines ("Falls noch etwas fehlt, melden Sie sich gern.")."""
    return "\n".join(line for line in text.split("\n") if line.strip() and not is_courtesy_line(line.strip()))


def _only_denied(rest: str, keywords: list[re.Pattern]) -> bool:
    """Every other keyword after a no is itself denied, by a negation right before it: "I
    OBJECT. We do not agree with point 4" (but not "Never mind, I accept")."""
    for keyword in keywords:
        for found in keyword.finditer(rest):
            before = rest[max(0, found.start() - 40):found.start()]
            if not _DENIED_BEFORE.search(before):
                return False
    return True


_DENIED_BEFORE = re.compile(r"\b(?:not|never|don't|doesn't|didn't|can't|cannot|won't|wouldn't|nicht|pas|no longer)"
                            r"(?:\s+\w+){0,2}\s+$")


def _said_again(later: str, intent: Intent) -> bool:
    """The keyword mentioned again, other than as a bare repeat ("I agree. I AGREE!")."""
    for sentence in _SENTENCE_END.split(later):
        if _KEYWORD[intent].search(sentence):
            match = _CLEAN[intent].match(sentence.strip())
            if not match or match.group("rest").strip(" ,!"):
                return True
    return False


# -- what may follow a yes ----------------------------------------------------------------------

# Words that must not appear in the free parts of a yes (a company name, what a thanks is for).
_FORBIDDEN_EXTRA = re.compile(
    r"\b(?:exclud\w*|reserv\w*|protest|partial\w*|part|half|portion|some|certain|selected|effective|valid|"
    r"from|as of|starting|attached|attach\w*|enclos\w*|forward\w*|addendum|condition\w*|caveat\w*|proviso|"
    r"amend\w*|modif\w*|chang\w*|revis\w*|discuss\w*|call|meeting|question\w*|invoice\w*|pay\w*|owe\w*|"
    r"owing|debt\w*|outstanding|apart|save|except\w*|upon|receipt|until|till|as long|p\.?s|none|nothing|"
    r"nobody|no one|colleague\w*|below|see|later|tomorrow|next|date\w*|\d+|only|mail domain|mail service|"
    r"mailbox\w*|website|web|hosting|phase|first|now|time|being|sake|argument|client|customer|lawyer|"
    r"who|which|approv\w*|pending|tbc|tbd|trial|tentativ\w*|temporar\w*|provisional\w*|revoc\w*|revok\w*|"
    r"expir\w*|month\w*|week\w*|year\w*|days?|prejudice|duress|contest\w*|court|legal\w*|fee\w*|cost\w*|"
    r"charg\w*|euro\w*|dollar\w*|pound\w*|"
    r"\w*vorbehalt\w*|réserve|condizion\w*|voorwaarde\w*|warunk\w*|o ile|villkor\w*|condiç\w*|услови\w*|"
    r"оговорк\w*)\b")
_WORDS = r"[\w&.'’/-]+(?:\s+[\w&.'’/-]+){0,11}"
_OBJECTS = {
    Intent.AGREE: r"(?:above|waiver|release|transfer|terms|request|document|it|this|that|everything|all|"
                  r"statement|letter|proposal|move|change of (?:partner|provider))",
    Intent.ACCEPT: r"(?:transfer|client|customer|request|case|account|it|this|that|move|migration|"
                   r"service|above|contract|mandate|assignment|takeover|job)",
}
_ADVERB = r"(?:fully|completely|entirely|absolutely|wholeheartedly|herewith|hereby|formally)"
# (the spaces after an adverb or "to" are taken whole: "(?:ADV\s*)?(?:to|with)?\s*(?:the|…)?\s*"
# split "I agree fully" and 2,000 spaces every way, 25 s, cubic)
_CONTINUATION = {
    intent: re.compile(
        rf"(?:{_ADVERB}\s*(?!\s))?"
        rf"(?:(?:to|with)?\s*(?!\s)(?:the|this|your|that|these|our|its)?\s*{objects}(?:\s+{objects})?"
        rf"(?:\s+(?:and|&)\s+(?:the\s+)?{objects}(?:\s+{objects})?)?"
        rf"(?:\s+(?:of|for)\s+(?P<of>{_WORDS}))?)?"
        rf"(?:\s*(?:as (?:written|sent|stated|above)))?"
        rf"(?:\s*on behalf of\s+(?P<party>{_WORDS}))?"
        rf"(?:\s*for (?:our|my) part)?"
        rf"(?:\s*{_ADVERB})?"
    )
    for intent, objects in _OBJECTS.items()
}
# What may stand after a yes, clause by clause: a positive list. No list of conditions is ever
# complete, so an unlisted remark sends the yes to staff rather than risk a release nobody gave.
# (a name, not a time or a condition: "looking forward to working with Woodgrove from April")
_NAME_WORD = r"(?!(?:from|as|starting|until|till|after|once|in|on|at|by|when|if|next|only|but|not|pending|\d)\b)[\w&.'’-]+"
_WHO = rf"(?:me|us|him|her|them|you|the client|the customer|{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})"
_WHEN = r"(?:today|tomorrow|this week|next week|shortly|soon|asap|as soon as possible|right away)"
_PHONE = r"[+(]?\d[\d ()./-]{5,}"
_COURTESY = re.compile("|".join([
    r"(?:many |big |a big |huge )?thanks?(?: you)?(?: very much| so much| a lot| again| in advance| all| everyone| kindly)?"
    r"(?: (?:for|to) (?P<for>[\w&.'’/ -]{1,80}))?",
    r"thx|ty|ta|cheers|much appreciated|appreciated|thank you kindly",
    r"(?:please )?(?:go ahead|proceed)(?: with (?:the |this )?(?:transfer|it|this|move|handover))?",
    r"(?:please |could you )?confirm(?: receipt| once done| when done| once (?:it is|it's) done)?",
    r"(?:please |just )?let (?:me|us) know(?: if you need anything(?: else)?(?: from (?:me|us))?)?",
    r"if you need anything(?: else)?(?: from (?:me|us))?",
    r"(?:please )?(?:do not|don't) hesitate to (?:call|contact|reach|ring|email|e-mail) (?:me|us)"
    rf"(?: (?:on|at) {_PHONE})?(?: if you need anything(?: else)?)?",
    rf"(?:please )?feel free to (?:call|contact|reach out to|ring|email|e-mail) (?:me|us)(?: (?:on|at) {_PHONE})?"
    r"(?: if you need anything(?: else)?)?",
    r"no objections?(?: (?:from|on) (?:our|my) (?:side|part)| from (?:us|me))?|no hard feelings|"
    r"no problem(?: at all)?|no worries|all good|sounds good|all the best|best wishes|best of luck|"
    rf"good luck(?: to {_WHO})?(?: with (?:the )?(?:move|transfer|migration|new provider|new partner))?",
    r"have a (?:nice|good|great|lovely) (?:day|weekend|evening|week)",
    rf"welcome aboard(?: {_WHO})?|(?:it was|it's been|it has been) a pleasure(?: working with {_WHO})?",
    rf"(?:(?:we are |we're |i am |i'm )?looking forward|(?:we |i )?look forward) to working with {_WHO}",
    rf"(?:we are |we're |i am |i'm )?happy to (?:help|take {_WHO} on(?: board)?)",
    r"sorry for the (?:delay|late reply|late answer|slow reply)|sad to see them go",
    r"(?:please )?(?:send|forward|share) (?:me |us )?(?:over )?(?:the |your )?(?:admin )?"
    r"(?:details|credentials|next steps|checklist|documents?|paperwork|confirmation|information|access)"
    r"(?: when (?:you can|ready|possible|convenient))?",
    rf"(?:we will|we'll|i will|i'll) (?:contact|call|reach out to|get in touch with|be in touch with|email) {_WHO}"
    rf"(?: {_WHEN})?(?: to (?:schedule|arrange|plan|start) (?:the )?(?:onboarding|handover|migration|transfer|next steps))?",
    r"(?:we will|we'll) remove our (?:admin )?access(?: after the handover| once the transfer is (?:done|complete))?",
    r"signed(?: for and)?(?: on behalf of (?P<signed>[\w&.'’/ -]{1,60}))?|confirmed|done|ok|okay|yes|sure|great|"
    r"perfect|fine|agreed|accepted",
    r"(?:kind |best |warm )?regards|sincerely|greetings|br",
    r"(?:waiver )?(?:version\s?|v\s?(?=\d))[\w.]{1,10}",  # "I agree to the waiver (version v1)"
    # the yes said again in the writer's own language
    r"(?:wir sind|ich bin) (?:damit |mit (?:der|dem|den) \w+ )?einverstanden|einverstanden|"
    r"(?:nous sommes|je suis) d'accord|d'accord|(?:estamos|estoy) de acuerdo|de acuerdo|"
    r"(?:siamo|sono) d'accordo|d'accordo|(?:wij gaan|ik ga) akkoord|akkoord|concordamos|concordo|"
    r"zgadzam(?:y)? się|(?:vi|jag) godkänner|(?:мы )?согласны|(?:я )?согласен|(?:я )?согласна",
]))
# (skin tones too: "🙏🏽", "👍🏿")
_FRIENDLY_EMOJI = re.compile("[\U0001F44D\U0001F642\U0001F60A\U0001F600\u2705\u2714\U0001F44C\U0001F64F\ufe0f"
                             "\U0001F3FB-\U0001F3FF\U0001F91D\U0001F64C]+"
                             r"|(?<!\S)(?:[:;]-?[)D]|\^\^|\^_\^)(?!\S)")
_AND_COURTESY = re.compile(r"(?:and|&)\s+(\S.*)")
_SAME_LINE_SIGN_OFF_WORDS = 2


def _signs_off(clause: str) -> bool:
    """A short sign-off alone: "lg", "mfg", "BR" after the keyword on its line."""
    words = clause.strip(" ,.!").split()
    return 0 < len(words) <= _SAME_LINE_SIGN_OFF_WORDS and is_sign_off_line(" ".join(words))
_CJK_AFTER_SPACE = re.compile(r"[^\S\n]+[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ABBREVIATION = re.compile(r"\b(co|inc|ltd|corp|no|nr|dr|mr|mrs|ms|jr|sr|st|bros|e\.g|i\.e)\.(?=\s)")
# (a run of punctuation is a break from its first character only: tried from every one of its
# characters, "I agree" and 100 kB of dots took 96 s to split)
# (" /" opens an initials signature: "I ACCEPT /rv")
# (the scripts written without spaces end a clause with their own marks, or start one after a
# space: "I AGREE ご対応ありがとうございます。")
_CLAUSE_BREAK = re.compile(r"(?<![.!;,:()])[.!;,:()]+(?=\s|$)|[;!()]|\s[-–—]+\s|^[-–—]+\s|\s[-–—]+$|(?:^|\s)/(?=\w)|"
                           r"[。！？、，；：]+|\s(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])")


def _pattern_words(*patterns: re.Pattern) -> frozenset[str]:
    """The literal words of regular expressions (what their fixed alternatives say)."""
    words: set[str] = set()
    for pattern in patterns:
        source = _without_lookarounds(pattern.pattern)
        source = re.sub(r"\\[a-zA-Z]|\{\d*,?\d*\}|\?P<\w+>", " ", source)
        for match in re.finditer(r"([^\W\d_]+)(\?)?", source.lower()):
            word = match.group(1)
            words.update((word, word[:-1]) if match.group(2) else (word,))  # "objections?"
    return frozenset(w for w in words if len(w) > 1)


def _without_lookarounds(source: str) -> str:
    """A pattern's source without its (?!…), (?=…), (?<!…), (?<=…) groups: the words they
    name are the ones the pattern refuses."""
    out, i = [], 0
    while i < len(source):
        if source.startswith(("(?!", "(?=", "(?<!", "(?<="), i) and (i == 0 or source[i - 1] != "\\"):
            depth, j = 0, i
            while j < len(source):
                if source[j] == "\\":
                    j += 2
                    continue
                depth += source[j] == "("
                depth -= source[j] == ")"
                j += 1
                if depth == 0:
                    break
            i = j
            continue
        out.append(source[i])
        i += 1
    return "".join(out)


# What a yes and its courtesies may say without naming anything: the fixed words of the
# patterns above, articles and possessives, company forms.
_VOCABULARY = _pattern_words(_COURTESY, *_CONTINUATION.values(), *_CLEAN.values(), SIGN_OFF, _FRIENDLY_EMOJI) | {
    "a", "i", "we", "the", "an", "all", "our", "their", "its", "his", "her", "your", "my", "and", "of", "for",
    "on", "behalf", "to", "with", "s", "ltd", "llc", "inc", "gmbh", "ag", "sa", "bv", "nv", "plc", "kg", "co",
    "corp", "limited", "group", "srl", "sas", "sarl", "ab", "as", "oy", "aps", "spa", "pty", "lp", "llp", "team",
    # what thanks are usually for ("thanks for handling this so smoothly")
    "help", "handling", "organising", "organizing", "arranging", "coordinating", "smoothly", "quickly",
    "swiftly", "so", "much", "very", "this", "that", "it", "everything", "patience", "support", "cooperation",
    "understanding", "business", "trust", "working", "together", "letting", "us", "me", "know", "heads", "up",
    "notice", "information", "update", "reminder", "message", "mail", "email", "reaching", "out", "getting",
    "in", "touch", "contacting", "informing", "good", "partnership", "collaboration", "service", "effort",
    "kind", "words", "opportunity", "hard", "work",
    # (the sender's own company, masked: see line_shapes.mask_names)
    "name",
    # what "wir sind mit der … einverstanden" names
    "übergabe", "übertragung", "wechsel", "freigabe", "verzicht", "verzichtserklärung", "vorgehen"}
_WORD = re.compile(r"[^\W\d_]+")


def _unknown_words(text: str, known: frozenset[str]) -> list[str]:
    return [w for w in _WORD.findall(text) if len(w) > 1 and w not in _VOCABULARY and w not in known]


def known_words(*texts: str, names: str = "") -> frozenset[str]:
    """Words a yes may name: every word of ``names`` (the sender's name and address) and the
    capitalised words of ``texts`` (our quoted mail and the subject: the company, people)."""
    words = {w for w in _WORD.findall(normalise_for_intent(names))}
    for text in texts:
        words.update(w.lower() for w in _WORD.findall(text or "") if w[:1].isupper())
    return frozenset(normalise_for_intent(w) for w in words)


def _free(words: str | None, extra: re.Pattern | None = None) -> bool:
    """Free words (a greeting, a company, what the thanks is for) that add no condition,
    denial or keyword; ``extra`` names the other words that must not appear."""
    if not words:
        return True
    return not (_NEGATION.search(words) or _HEDGE.search(words) or _RETRACTION.search(words)
                or (extra or _FORBIDDEN_EXTRA).search(words) or any(p.search(words) for p in _MENTION.values()))


def _only_courtesy(intent: Intent, rest: str, known: frozenset[str] | None = None, typed: str = "",
                   sender: Sender | None = None) -> bool:
    """After a clean yes: in its own clause only what it applies to ("to the waiver", "on
    behalf of Partner Ltd") — with ``known``, no word there that is neither its own nor known;
    after it, only courtesies and the lines of a signature (by their shape, ``line_shapes``)."""
    lines = [line.strip() for line in rest.split("\n")]
    typed_lines = [line.strip() for line in typed.split("\n")] if typed.count("\n") == rest.count("\n") else lines
    if known is not None and _unknown_words(lines[0], known) and \
            not _courtesy_clauses(rest.split("\n", 1)[0].rstrip(), intent) and not _signs_off(lines[0]):
        return False
    in_block = False
    wrapped = set()
    for i, line in enumerate(lines):
        if not line or i in wrapped:
            continue
        kind = line_kind(typed_lines[i], sender or Sender(), in_block) if i > 0 else None
        in_block = kind in BLOCK_KINDS
        if kind in _BELOW_A_YES:
            continue  # "Mark Ellison", "Bright Falls IT", "Sent from my iPhone", "-Lev."
        if kind is Kind.COURTESY:
            continue  # "Melden Sie sich gern, falls Sie noch etwas brauchen.", "PS: Schönes Wochenende!"
        if kind is Kind.STATEMENT:
            # a courtesy its mail client wrapped: "…it was a pleasure working\nwith them." (as
            # typed: an introduction is read by its capitals), over two lines or three
            if i + 2 < len(lines) and lines[i + 1] and lines[i + 2] and \
                    _wrapped_courtesy(f"{typed_lines[i]} {typed_lines[i + 1]}", typed_lines[i + 2]):
                wrapped.update((i + 1, i + 2))
                continue
            if i + 1 < len(lines) and _wrapped_courtesy(typed_lines[i], typed_lines[i + 1]):
                wrapped.add(i + 1)
                continue
            if i > 1 and _wrapped_courtesy(typed_lines[i - 1], typed_lines[i]):
                continue
        line = _ABBREVIATION.sub(r"\1", line)  # "Partner IT GmbH & Co. KG" is one clause
        line = _FRIENDLY_EMOJI.sub(" , ", line).strip()  # "I AGREE 👍", "I AGREE :) Fijn weekend." (a clause ends)
        if i == 0 and _CJK_AFTER_SPACE.match(rest):
            line = " " + line  # (the space before "ご対応ありがとうございます" ends the yes's clause)
        clauses = [c.strip(" '\"*_") for c in _CLAUSE_BREAK.split(line)]
        if i == 0 and clauses:
            clauses[-1] = clauses[-1].rstrip(" -–—")  # "I AGREE -": a dash with nothing after it
        for k, clause in enumerate(clauses):
            if not clause:
                continue
            if i == 0 and k == 0:
                match = _CONTINUATION[intent].fullmatch(clause)
                if match and _free(match.group("of")) and _free(match.group("party")):
                    continue
                joined = _AND_COURTESY.match(clause)
                if joined and is_courtesy(joined.group(1)):
                    continue  # "I agree and wish them well"
                if _signs_off(clause):
                    continue  # "i accept lg": a phone's sign-off on the keyword's line
                return False
            again = _CLEAN[intent].match(clause)
            if again and not again.group("rest").strip(" ,!"):
                continue  # "I agree. I AGREE!"
            courtesy = _COURTESY.fullmatch(clause)
            if (courtesy and _free(courtesy.group("for")) and _free(courtesy.group("signed"))
                    and not (known is not None and _unknown_words(clause, known))):
                continue
            if is_sign_off_line(clause) or (k > 0 or i > 0) and is_courtesy(clause):
                continue
            if k > 1 and is_courtesy(f"{clauses[k - 1]}, {clause}"):
                continue  # "apologies, this slipped through": a courtesy goes on after its comma
            if sender is not None and sender.signs(clause):
                continue  # "I AGREE - Rachel", "I ACCEPT /rv"
            return False
    return True


def _without_notices(rest: str, typed: str) -> str:
    """``rest`` without the lines that are legal notices: "if you are not the intended
    recipient" denies nothing about the yes above it."""
    lines = rest.split("\n")
    typed_lines = typed.split("\n") if typed.count("\n") == rest.count("\n") else lines
    return "\n".join(line for line, as_typed in zip(lines, typed_lines, strict=True)
                     if not line.strip() or line_kind(as_typed.strip()) is not Kind.BOILERPLATE)


def _wrapped_courtesy(line: str, following: str) -> bool:
    return bool(line and following) and not line.endswith((".", "!", "?", "。", "！")) and \
        is_courtesy_line(f"{line} {following}")


# Lines that may stand below a yes whatever their words: the shapes of a signature, and notices
# (a notice that sets terms, "this mail binds nobody", is no BOILERPLATE: see is_boilerplate).
_BELOW_A_YES = frozenset({Kind.NAME, Kind.CONTACT, Kind.SENT_FROM, Kind.SIGN_OFF, Kind.BLANK, Kind.BOILERPLATE})


def _courtesy_clauses(line: str, intent: Intent) -> bool:
    """Whether the words of the yes's own line past its first clause are courtesies only:
    "I agree, thanks for sending this over." (the known-words check is for what the yes
    applies to, not for the thanks after it)."""
    line = _FRIENDLY_EMOJI.sub(" , ", _ABBREVIATION.sub(r"\1", line))  # ("I AGREE :-) Bonne chance …")
    clauses = [c.strip(" '\"*_") for c in _CLAUSE_BREAK.split(line)]
    first = _CONTINUATION[intent].fullmatch(clauses[0]) if clauses else None
    joined = _AND_COURTESY.match(clauses[0]) if clauses else None
    if not (joined and is_courtesy(joined.group(1))) and (not first or _unknown_words(clauses[0], frozenset())):
        return False
    previous = ""
    for clause in clauses[1:]:
        if clause and not (is_courtesy(clause) or previous and is_courtesy(f"{previous}, {clause}")):
            return False
        previous = clause or previous
    return True


# -- around the new text -------------------------------------------------------------------------

# Words that set terms when they stand in the subject of a yes or in the lines cut off as the
# quote's attribution ("Re: Waiver request - only after invoice 2291 is paid", "I AGREE\nOn
# receipt of the final payment\nOn 03/03/2026, X wrote:"). Not the short foreign words that
# attributions themselves use ("om", "po", "se").
_TERMS = re.compile(
    r"\b(?:once|after|until|till|unless|if|provided|providing|only|subject to|condition\w*|pending|"
    r"provisional\w*|tentativ\w*|preliminar\w*|pay\w*|paid|invoice\w*|settle\w*|owe\w*|owing|outstanding|"
    r"receipt|approv\w*|valid\w*|expir\w*|revoc\w*|revok\w*|except\w*|exclud\w*|reserv\w*|but|however|"
    r"not|never|no|vote|board|lawyer\w*|legal|prejudice|protest|partial\w*|in principle|effective|"
    r"contingent|temporar\w*|interim|admission|subject|hvis|forudsat|forutsatt|dersom|feltéve|kivéve|"
    r"εφόσον|μόνο|υπό|numai|doar|dacă|pokud|pouze|podmín\w*|kun|"
    r"nur|sobald|nachdem|vorausgesetzt|sofern|falls|bezahl\w*|zahlung\w*|rechnung\w*|vorbehalt\w*|nicht|"
    r"seulement|après|paiement|facture|réserve|sauf|"
    r"solo|sólo|después|pago|factura|salvo|soltanto|dopo|pagamento|fattura|tranne|"
    r"alleen|zodra|nadat|betaling|factuur|tenzij|apenas|depois|fatura|exceto|"
    r"tylko|płatnoś\w*|faktur\w*|chyba|endast|efter|betalning|utom|"
    r"только|после|оплат\w*|счет(?!овод)\w*|счёт\w*|кроме)\b")


_MONEY_OR_VALIDITY = words_of("money", "validity")


def adds_terms(text: str) -> bool:
    """Whether a subject or an attribution sets terms of its own (see ``_TERMS``). Addresses and
    host names are no words: "transfer@halvorsen-cloud.no" says no "no"."""
    text = _ADDRESS_OR_HOST.sub(" ", normalise_for_intent(text or ""))
    return bool(text.strip()) and bool(_TERMS.search(text) or _MONEY_OR_VALIDITY.search(text))


# (from the start of a token only, each part up to its dot: one way to read a host name)
_ADDRESS_OR_HOST = re.compile(r"(?<![\w.@-])(?:[\w.+'-]{1,64}@)?(?:[\w-]{1,63}\.)+[a-z]{2,24}(?![\w-])")

