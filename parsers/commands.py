"""Staff ``#commands``: lines of the new text that start with ``#`` and a command name.

Only the new text is read (a command in quoted text never acts). Each command is returned with
its arguments; an unknown name or wrong arguments comes back with ``error`` set, so staff can
be told what was not understood instead of it being silently ignored.

Staff type commands as they write mail: ``#complete.``, ``#extend waiver 2 days``,
``#override waiver - partner confirmed by phone``, ``#cancel because the client withdrew``.
Trailing punctuation is no argument, durations may be spelled out, and the words after a
command (after a dash, a colon or "because", or simply following it) are its ``reason``: the
why of ``#cancel`` and ``#override`` (required, see ``REASON_REQUIRED``; ``decide`` refuses
them without one), a note on ``#complete``, ``#reopen`` and ``#extend``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.form import clean_value
from parsers.reference import parse_reference

MILESTONES = ("intake", "waiver", "acceptance", "transfer", "followup")
_DURATION = re.compile(r"^\d+(?:\.\d+)?\s*[dhm]$", re.IGNORECASE)
# "#extend waiver 2d", "… by 2 days", "… 1 business day", "… 3 hours - partner on leave".
_EXTEND = re.compile(r"^(?P<milestone>[a-z]+)\s+(?:(?:by|for)\s+)?(?P<amount>\d+(?:\.\d+)?)\s*"
                     r"(?P<unit>(?:business|working)\s+days?|days?|d|hours?|hrs?|h|minutes?|mins?|m)\b"
                     r"(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
# What may stand between a command and its reason: "- ", ": ", "(", "because ", "reason: ".
# (One character or word per repetition: nothing to backtrack over.)
_REASON_LEAD = re.compile(r"^(?:[\s\-\u2013\u2014:;,.!?(]|because\b|reason\s*:)*", re.IGNORECASE)
# Closing punctuation after a one-word argument ("#override waiver.", "#set provider none!").
_CLOSING = ".,;:!?"
# Commands whose reason is required: a legal override and the end of a case say why.
REASON_REQUIRED = ("cancel", "override")
# The arguments are the rest of the line without its closing stars, underscores and spaces
# (cut off in _args: the lazy "(?P<args>.*?)[*_]*\s*$" tried the end at every character, each
# time running to the line's end, 75 s for "#note" and 100 kB of "*_").
_LINE = re.compile(r"^\s*[*_]*[#＃](?P<space>\s*)(?P<name>[a-z][a-z_-]*)\b(?P<args>.*)$", re.IGNORECASE)
# (the domain split at its first dot after the first character: "[^@\s<>]+\.[^@\s<>]+$" tried
# every dot, 16 s for "a@" and 50,000 "b.")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>][^@\s<>.]*\.[^@\s<>]+$")
# Longest #extend: beyond a year is a typo, and far beyond it overflows any calendar.
_MAX_EXTEND_MINUTES = 366 * 24 * 60
_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}
# Form fields staff may fill in for a client stuck in intake (#set <word> <text>).
SET_TEXT_FIELDS = {"company": "company", "name": "contact_name", "phone": "contact_phone",
                   "domains": "domains", "reason": "reason"}

# name -> (usage, validator of the argument list returning an error or None)
USAGE = {
    "complete": "#complete [- note]",
    "cancel": "#cancel - <reason>",
    "reopen": "#reopen [- note]",
    "status": "#status",
    "override": "#override waiver|intake - <reason>",
    "extend": "#extend <milestone> <duration: 2 days, 3 hours, 90 minutes, 1 business day or 2d; "
              "at most a year> [- note]",
    "set": "#set partner|provider <email|none>, #set client <email>, #set language "
           "[client|partner|provider] <language code>, or during intake #set company|name|phone|domains|reason <text>",
    "note": "#note <text>",
    "merge": "#merge XFER-… (sent on the duplicate: it is folded into that open case) [- note]",
}


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]
    error: str | None = None
    reason: str = ""  # the words after the arguments: why (#cancel, #override) or a note

    def as_dict(self) -> dict:
        data: dict = {"name": self.name, "args": list(self.args)}
        if self.reason:
            data["reason"] = self.reason
        if self.error:
            data["error"] = self.error
        return data


def parse_commands(new_text: str) -> list[Command]:
    """Every ``#command`` line in the new text, in order."""
    commands = []
    for line in (new_text or "").split("\n"):
        match = _LINE.match(line)
        # "# note …" with a space is a command only when the word is one of ours (a line such
        # as "# Summary" is a heading); "#foo" is a command we did not understand, and says so.
        if match and (not match.group("space") or match.group("name").lower() in USAGE):
            commands.append(_command(match.group("name").lower(), _args(match).strip()))
    return commands


def _args(match: re.Match) -> str:
    r"""What follows the command name, less the "[*_]*\s*" that closes the line (bold or
    italic markers a client adds around the line)."""
    return match.group("args").rstrip().rstrip("*_")


def _command(name: str, rest: str) -> Command:
    if name not in USAGE:
        return Command(name, tuple(rest.split()), f"unknown command #{name}")
    if name == "note":
        return Command(name, (rest,) if rest else (), None if rest else f"usage: {USAGE[name]}")
    if name in ("complete", "cancel", "reopen", "status"):
        return Command(name, (), reason=_reason(rest) if name != "status" else "")
    if name == "override":
        word = re.match(r"[a-z]*", rest, re.IGNORECASE).group(0)
        if word.lower() not in ("waiver", "intake"):
            return Command(name, tuple(rest.split()), f"usage: {USAGE[name]}")
        return Command(name, (word.lower(),), reason=_reason(rest[len(word):]))
    if name == "extend":
        return _extend(rest)
    if name == "merge":
        return _merge(rest)
    word, _, value = rest.partition(" ")
    if name == "set" and word.lower() == "language":
        return _set_language(value)
    if name == "set" and word.lower() in SET_TEXT_FIELDS:
        cleaned = clean_value(SET_TEXT_FIELDS[word.lower()], value)  # as the client's form would read it
        if not cleaned:
            reason = f" (no domain names in {value.strip()!r})" if word.lower() == "domains" and value.strip() else ""
            return Command(name, (word.lower(), value), f"usage: {USAGE[name]}{reason}")
        return Command(name, (word.lower(), cleaned))
    args = tuple(rest.rstrip(_CLOSING).split())
    error = _check(name, args)
    if error is not None:
        return Command(name, args, f"usage: {USAGE[name]}" + (f" ({error})" if error else ""))
    return Command(name, _normalised(args))


def _reason(text: str) -> str:
    """The reason or note after a command, less the dash, colon or "because" before it and the
    brackets around it: "- partner confirmed by phone" reads as "partner confirmed by phone"."""
    reason = _REASON_LEAD.sub("", text, count=1).strip()
    if reason.endswith(")") and "(" not in reason:
        reason = reason[:-1].rstrip()
    return reason if any(c.isalnum() for c in reason) else ""


def _extend(rest: str) -> Command:
    """``#extend <milestone> <duration> [note]``, the duration as staff write it ("2 days",
    "1 business day", "3 hours", "90 minutes", "2d"), read as the short form (``2d``, ``3h``)."""
    match = _EXTEND.match(rest.strip())
    if match is None:
        args = tuple(rest.rstrip(_CLOSING).split())
        if args and args[0].lower() not in MILESTONES:
            error = f"unknown milestone {args[0]!r}"
        else:
            error = f"bad duration {' '.join(args[1:])!r}" if len(args) > 1 else ""  # "soon", "2 weeks"
        return Command("extend", args, f"usage: {USAGE['extend']}" + (f" ({error})" if error else ""))
    unit = match.group("unit").lower()
    short = "d" if unit.startswith(("business", "working")) else unit[0]  # (a "d" is a business day)
    args = (match.group("milestone").lower(), f"{match.group('amount')}{short}")
    error = _check("extend", args)
    if error is not None:
        return Command("extend", args, f"usage: {USAGE['extend']}" + (f" ({error})" if error else ""))
    return Command("extend", args, reason=_reason(match.group("rest")))


def _merge(rest: str) -> Command:
    """``#merge XFER-… [- note]`` (also "into XFER-…", "[XFER-…]"): the case the command is sent
    on is a duplicate of the one named. A reference with a wrong check character is refused,
    never guessed."""
    match = re.match(r"(?:into\s+)?\[?(?P<ref>[^\s\]]+)\]?(?P<rest>.*)$", rest, re.IGNORECASE | re.DOTALL)
    ref = parse_reference(match.group("ref").rstrip(_CLOSING)) if match else None
    if ref is None:
        return Command("merge", tuple(rest.split()), f"usage: {USAGE['merge']}")
    if not ref.valid:
        return Command("merge", (ref.reference,),
                       f"usage: {USAGE['merge']} ({ref.reference} has a wrong check character)")
    return Command("merge", (ref.reference,), reason=_reason(match.group("rest")))


# "#set language partner fr": whose language (every party's without a role), and a language code
# as a Content-Language header gives it ("de", "fr-CH"; the region is dropped).
LANGUAGE_ROLES = ("client", "partner", "provider")
_LANGUAGE_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$")


def _set_language(rest: str) -> Command:
    """``#set language [client|partner|provider] <code>`` -> args ("language", [role,] code)."""
    words = rest.rstrip(_CLOSING).lower().split()
    if words and words[0] in LANGUAGE_ROLES:
        role, words = [words[0]], words[1:]
    else:
        role = []
    code = _LANGUAGE_CODE.match(words[0]) if len(words) == 1 else None
    if code is None:
        return Command("set", ("language", *role, *words), f"usage: {USAGE['set']}")
    return Command("set", ("language", *role, code.group(1)))


def _normalised(args: tuple[str, ...]) -> tuple[str, ...]:
    """Lower case, e-mail brackets removed: ``Partner <X@Y.example>`` reads as ``x@y.example``."""
    return tuple(arg.strip("<>").lower().replace("mailto:", "") for arg in args)


def _check(name: str, args: tuple[str, ...]) -> str | None:
    """None when the arguments fit; otherwise a short reason (maybe empty)."""
    if name == "extend":
        if len(args) != 2:
            return ""
        if args[0].lower() not in MILESTONES:
            return f"unknown milestone {args[0]!r}"
        if not _DURATION.match(args[1]):
            return f"bad duration {args[1]!r}"
        minutes = float(args[1][:-1].strip()) * _MINUTES[args[1][-1].lower()]
        return None if minutes <= _MAX_EXTEND_MINUTES else f"{args[1]!r} is more than a year"
    if name == "set":
        if len(args) != 2 or args[0].lower() not in ("partner", "provider", "client"):
            return ""
        value = args[1].strip("<>").lower().replace("mailto:", "")
        if value == "none" and args[0].lower() == "provider":
            return None
        return None if _EMAIL.match(value) else f"not an e-mail address: {args[1]!r}"
    return None
