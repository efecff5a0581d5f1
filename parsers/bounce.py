"""Delivery status notifications: is this a bounce, and which recipients failed.

flufl.bounce (Mailman's detectors: RFC 3464 DSNs plus the Postfix, Exim, Exchange, qmail, …
formats) finds the failed recipients; the shape of the mail (multipart/report, a null or
mailer-daemon sender, the usual subjects) says whether it is a bounce at all, so that a
delayed-delivery notice or an unusual NDR is still never answered.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from email.message import Message

from flufl.bounce import all_failures

_SUBJECTS = re.compile(
    r"^\s*(?:undeliver(?:ed|able)|undelivered mail|delivery status notification|"
    r"delivery (?:has )?failed|delivery failure|failure notice|mail delivery failed|"
    r"returned mail|mail delivery (?:failure|system)|non[- ]?delivery|delivery notification|"
    r"warning: could not send|delayed mail|unzustellbar|nicht zustellbar|"
    r"non remis|non distribuable|échec de la remise|no se puede entregar|no entregado|"
    r"non recapitabile|onbestelbaar|não (?:foi possível )?entreg|niedostarczon|"
    r"kan inte levereras|olevererbart|не доставлено|недоставлен)",
    re.IGNORECASE,
)
# flufl.bounce logs every detector it runs at INFO, which would flood the daemon's log.
logging.getLogger("flufl.bounce").setLevel(logging.WARNING)

_DAEMON = re.compile(r"^(?:mailer-daemon|postmaster|mail-daemon|mail\.delivery\.system)@", re.I)


@dataclass(frozen=True)
class BounceInfo:
    is_bounce: bool
    failed: list[str] = field(default_factory=list)  # bare lower-case addresses
    delayed: list[str] = field(default_factory=list)
    # The Message-IDs of the mail the report is about (from its returned message or headers):
    # a report acts only when one of them is a mail we sent, since anyone can write a report.
    original_message_ids: list[str] = field(default_factory=list)


def read_bounce(message: Message | None, sender: str | None, subject: str,
                content_type: str, return_path: str | None) -> BounceInfo:
    """Whether the mail is a delivery report, and for whom delivery failed."""
    report = content_type == "multipart/report" and _report_type(message) in ("delivery-status", "")
    daemon = bool(sender and _DAEMON.match(sender))
    # A null return path alone is not enough: RFC 3834 auto-replies use it too.
    null_sender = return_path is not None and return_path.strip() in ("<>", "")
    looks_like = bool(_SUBJECTS.match(subject or ""))
    if not (report or daemon or looks_like):
        return BounceInfo(False)
    temporary, permanent = _scan(message)
    if not (report or daemon or null_sender or temporary or permanent):
        return BounceInfo(False)  # only a subject that looks like a bounce
    return BounceInfo(True, sorted(permanent), sorted(temporary - permanent), original_message_ids(message))


_MAX_PARTS = 50
_MAX_TEXT = 200_000  # characters of a returned text part looked at for quoted headers


def original_message_ids(message: Message | None) -> list[str]:
    """The Message-ID of the returned mail: the header of a message/rfc822 part, of a
    text/rfc822-headers part (RFC 3464), or a "Message-ID:" line quoted in the report's text
    (qmail, some Exchange reports). Never the report's own Message-ID."""
    if message is None:
        return []
    found: dict[str, None] = {}
    try:
        parts = [p for _, p in zip(range(_MAX_PARTS), message.walk(), strict=False)]
    except Exception:
        return []
    # (a single-part report is scanned in its body; its own headers are never looked at)
    for part in parts[1:] if message.is_multipart() else parts:
        try:
            ctype = part.get_content_type()
            if ctype == "message/rfc822":
                inner = part.get_payload()
                inner = inner[0] if isinstance(inner, list) and inner else inner
                if isinstance(inner, Message):
                    _add(found, str(inner.get("Message-ID", "")))
            elif ctype == "text/rfc822-headers" or part.get_content_maintype() == "text":
                text = part.get_payload(decode=True) or b""
                for line in text[:_MAX_TEXT].decode("utf-8", "replace").splitlines():
                    if line.lstrip()[:11].lower() == "message-id:":
                        _add(found, line.lstrip()[11:])
        except Exception:  # a damaged part says nothing; the others may
            continue
    return list(found)


def _add(found: dict[str, None], value: str) -> None:
    start = value.find("<")
    end = value.find(">", start + 1)
    if start >= 0 and end > start + 1 and end - start < 900:
        found.setdefault("".join(value[start:end + 1].split()), None)


def _report_type(message: Message | None) -> str:
    try:
        return (message.get_param("report-type") or "").lower() if message is not None else ""
    except Exception:
        return ""


def _scan(message: Message | None) -> tuple[set[str], set[str]]:
    if message is None:
        return set(), set()
    try:
        temporary, permanent = all_failures(message)
    except Exception:
        return set(), set()
    return _addresses(temporary), _addresses(permanent)


def _addresses(found) -> set[str]:
    out = set()
    for item in found:
        text = item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
        text = text.strip().strip("<>").lower()
        if "@" in text:
            out.add(text)
    return out
