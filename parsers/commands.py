"""Staff ``#commands``: lines of the new text that start with ``#`` and a command name.

Only the new text is read (a command in quoted text never acts). Each command is returned with
its arguments; an unknown name or wrong arguments comes back with ``error`` set, so staff can
be told what was not understood instead of it being silently ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.form import clean_value

MILESTONES = ("intake", "waiver", "acceptance", "transfer", "followup")
_DURATION = re.compile(r"^\d+(?:\.\d+)?\s*[dhm]$", re.IGNORECASE)
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
    "complete": "#complete",
    "cancel": "#cancel",
    "reopen": "#reopen",
    "status": "#status",
    "override": "#override waiver|intake",
    "extend": "#extend <milestone> <duration, e.g. 2d, 4h, 90m; at most a year>",
    "set": "#set partner|provider <email|none>, or during intake #set company|name|phone|domains|reason <text>",
    "note": "#note <text>",
}


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]
    error: str | None = None

    def as_dict(self) -> dict:
        data: dict = {"name": self.name, "args": list(self.args)}
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
    word, _, value = rest.partition(" ")
    if name == "set" and word.lower() in SET_TEXT_FIELDS:
        cleaned = clean_value(SET_TEXT_FIELDS[word.lower()], value)  # as the client's form would read it
        if not cleaned:
            reason = f" (no domain names in {value.strip()!r})" if word.lower() == "domains" and value.strip() else ""
            return Command(name, (word.lower(), value), f"usage: {USAGE[name]}{reason}")
        return Command(name, (word.lower(), cleaned))
    args = tuple(rest.split())
    error = _check(name, args)
    if error is not None:
        return Command(name, args, f"usage: {USAGE[name]}" + (f" ({error})" if error else ""))
    return Command(name, _normalised(args))


def _normalised(args: tuple[str, ...]) -> tuple[str, ...]:
    """Lower case, e-mail brackets removed: ``Partner <X@Y.example>`` reads as ``x@y.example``."""
    return tuple(arg.strip("<>").lower().replace("mailto:", "") for arg in args)


def _check(name: str, args: tuple[str, ...]) -> str | None:
    """None when the arguments fit; otherwise a short reason (maybe empty)."""
    if name in ("complete", "cancel", "reopen", "status"):
        return None if not args else "no arguments expected"
    if name == "override":
        return None if len(args) == 1 and args[0].lower() in ("waiver", "intake") else ""
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
        if len(args) != 2 or args[0].lower() not in ("partner", "provider"):
            return ""
        value = args[1].strip("<>").lower().replace("mailto:", "")
        if value == "none" and args[0].lower() == "provider":
            return None
        return None if _EMAIL.match(value) else f"not an e-mail address: {args[1]!r}"
    return None
