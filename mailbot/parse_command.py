"""``mailbot parse FILE [--json]``: what the bot understands from one mail; changes nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from mailbot.config import Config
from mailbot.errors import CommandError
from parsers.reading import MailReading, ReaderSettings

# Larger files are still parsed, but this is far beyond any mail a server would accept.
MAX_FILE_BYTES = 200 * 1024 * 1024


def reader_settings(config: Config) -> ReaderSettings:
    secret, _ = config.secret()
    return ReaderSettings(
        mailbox=config.mailbox.address,
        name=config.mailbox.name,
        secret=secret,
        trusted_authserv_ids=config.security.trusted_authserv_ids,
    )


def read_mail_file(path: str) -> bytes:
    file = Path(path)
    try:
        if file.is_dir():
            raise CommandError(f"{path} is a directory, not a mail file")
        if file.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB: not a mail")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except PermissionError:
        raise CommandError(f"{path}: permission denied") from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise CommandError(f"{path} is empty: there is no mail to parse")
    return raw


def run_parse(path: str, config: Config, as_json: bool, out: TextIO) -> int:
    from mailbot.pipeline.reader import BoundedReader, ReaderCrashed, ReadingTimeout

    raw = read_mail_file(path)
    # The same time limit as the pipeline: a crafted mail must not hang the operator's terminal.
    reader = BoundedReader(reader_settings(config), config.limits.read_seconds)
    try:
        reading = reader.read(raw)
    except (ReadingTimeout, ReaderCrashed) as exc:
        raise CommandError(f"{path}: {exc}") from None
    finally:
        reader.close()
    message = reading.message
    if not message.headers or not (message.from_addr or message.message_id or message.subject):
        print(f"mailbot: {path} does not look like an e-mail (no From, Message-ID or Subject could be "
              "read); showing what could be read", file=sys.stderr)
    elif message.defects:
        print(f"mailbot: {path} is damaged ({len(message.defects)} defect(s)); showing what could be read",
              file=sys.stderr)
    if as_json:
        json.dump(reading.as_json(), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(render_text(reading))
    return 0


def render_text(reading: MailReading) -> str:
    data = reading.as_json()
    lines = []

    def row(label: str, value) -> None:
        lines.append(f"{label + ':':<16}{value}")

    row("Message-ID", data["message_id"] or "(none)")
    sender = data["from"] or "(unreadable)"
    row("From", f"{data['from_name']} <{sender}>" if data["from_name"] else sender)
    row("To", ", ".join(data["to"]) or "(none)")
    if data["cc"]:
        row("Cc", ", ".join(data["cc"]))
    row("Subject", data["subject"] or "(none)")
    row("Date", data["date"] or "(none)")
    row("Kind", f"{data['classification']} ({data['classification_reason']})")
    if data["bounce_recipients"]:
        row("Failed", ", ".join(data["bounce_recipients"]))
    if data["reference"]:
        row("Reference", data["reference"])
    elif data["reference_invalid"]:
        row("Reference", f"{data['reference_invalid']} has a bad check character (mistyped?)")
    else:
        row("Reference", "(none)")
    token = data["reply_token"]
    if token:
        verdict = "valid signature" if token["valid"] else "INVALID signature"
        row("Reply address", f"{token['reference']} as {token['role']} ({verdict})")
    row("Threading", ", ".join(data["references"] or data["in_reply_to"]) or "(new thread)")
    auth = data["authentication"]
    if auth["authserv_id"]:
        verdicts = ", ".join(f"{k}={v}" for k, v in auth["results"].items()) or "no verdicts"
        row("Authenticated", f"{'yes' if auth['passed'] else 'no'} ({auth['authserv_id']}: {verdicts})")
    row("Intent", f"{data['intent']} ({data['intent_reason']})" if data.get("intent_reason") else data["intent"])
    for command in data["commands"]:
        text = "#" + " ".join([command["name"], *command["args"]])
        text += f" - {command['reason']}" if command.get("reason") else ""  # (the why, or a note)
        row("Command", text + (f"  <- {command['error']}" if command.get("error") else ""))
    for key, value in data["form"].items():
        row("Form", f"{key} = {value}")
    for attachment in data["attachments"]:
        row("Attachment", f"{attachment['name']} ({attachment['size']} bytes)")
    for defect in data["defects"]:
        row("Defect", defect)
    lines.append("New text:" + ("  (from the HTML part)" if data["text_from_html"] else ""))
    text = data["reply_text"]
    lines.extend(f"  | {line}" for line in text.split("\n")) if text else lines.append("  (empty)")
    return "\n".join(lines) + "\n"
