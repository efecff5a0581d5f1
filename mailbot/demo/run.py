"""``mailbot demo``: a whole transfer, live, on a throwaway mail stack, in under a minute.

Starts the pure-Python mail stack on loopback, runs the real daemon against it over IMAP and
SMTP, and plays the client, the old partner, the new provider and staff at their mail clients:
each reads the bot's mail from their own mailbox and answers it as Gmail or Outlook would. The
case's timeline is printed as it happens; the exit status is 0 when the case is completed. The
temporary folder (the database) is removed when the demo ends, whichever way it ends.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import shlex
import shutil
import signal
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import replace as with_values
from pathlib import Path
from typing import TextIO

from sqlalchemy import select

from mailbot.app import App
from mailbot.config import Config, config_from_dict
from mailbot.daemon import Daemon
from mailbot.demo.actors import Person
from mailbot.demo.stack import DemoMailStack
from mailbot.store.models import Case, Event
from mailbot.store.uow import UnitOfWork
from mailbot.views import case_json, case_text

MAILBOX = "transfer@vendor.test"
PEOPLE = {
    "client": ("dana@acme-widgets.test", "Dana Smith"),
    "old_partner": ("bob@oldpartner.test", "Bob Miller"),
    "new_provider": ("sales@newprovider.test", "Priya Shah"),
    "staff": ("ops@vendor.test", "Olivia (transfer desk)"),
}
REQUEST = """Hello,

our IT partner OldPartner has stopped answering us, and we would like to move our
e-mail security service to NewProvider. Can you help?

Dana Smith
Acme Widgets LLC"""


# The sections of an operator's config file the demo honours (``mailbot demo --config FILE``, or
# $MAILBOT_CONFIG / ./mailbot.toml, as every command finds its file). Honoured rather than
# refused: a newcomer who passes a file expects it to matter, and the demo is the safe place to
# see their own mailbox name, vendor, notice wording, waiver and business calendar at work
# before going live. The rest of the file is not used: the mail servers, database, secret and
# staff are the demo's own throwaway ones (the file's [security] could require authenticated
# mail no demo person can send, its [database] must never receive demo cases), and the demo
# says so in its first lines.
HONOURED = ("mailbox", "sla", "notices")


def _config(stack: DemoMailStack, folder: Path, password: str, settings: Config | None = None) -> Config:
    address = settings.mailbox.address if settings else MAILBOX
    loopback = {"host": "127.0.0.1", "security": "none", "username": address, "password": password}
    config = config_from_dict({
        "mailbox": {"address": MAILBOX, "name": "Transfer desk", "vendor": "Example Security"},
        "imap": {**loopback, "port": stack.imap_port, "poll_seconds": 1},
        "smtp": {**loopback, "port": stack.smtp_port},
        "database": {"url": f"sqlite:///{folder / 'demo.db'}"},
        "security": {"secret": secrets.token_hex(16), "staff": [PEOPLE["staff"][0]]},
        # Deadlines are not part of the demo: a calendar that is always open keeps them sane.
        "sla": {"holidays": "", "work_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "work_hours": "00:00-24:00"},
    }, source="demo")
    if settings is None:
        return config
    return with_values(config, **{name: getattr(settings, name) for name in HONOURED},
                       source=f"demo, with {settings.source}'s [{'], ['.join(HONOURED)}]")


class Timeline:
    """Prints the case's events as they are committed."""

    def __init__(self, app: App, out: TextIO) -> None:
        self.app, self.out = app, out
        self.last_id = 0
        self.started = time.monotonic()
        self.reference: str | None = None

    def poll(self) -> str | None:
        with UnitOfWork(self.app.sessions) as uow:
            rows = uow.session.execute(
                select(Event.id, Event.actor, Event.kind, Event.detail, Case.reference)
                .join(Case, Case.id == Event.case_id).where(Event.id > self.last_id).order_by(Event.id)).all()
            status = uow.session.scalar(select(Case.status).order_by(Case.id).limit(1))
        for event_id, actor, kind, detail, reference in rows:
            self.last_id = event_id
            self.reference = reference
            print(f"  {time.monotonic() - self.started:6.2f}s  {reference}  {actor:<12} {kind:<18} "
                  f"{detail[:70]}", file=self.out, flush=True)
        return status


PACE = 0.4  # seconds between the people's actions, so that a reader can follow


def say(out: TextIO, text: str) -> None:
    time.sleep(PACE)
    print(f"\n{text}", file=out, flush=True)


def play(people: dict[str, Person], out: TextIO, mailbox: str = MAILBOX) -> None:
    client, partner, provider, staff = (people[r] for r in ("client", "old_partner", "new_provider", "staff"))

    say(out, f"{client.name} writes to {mailbox} without any details:")
    client.write(mailbox, "Moving away from our IT partner", REQUEST)

    ack = client.wait_for(lambda m: "Company:" in m.get_body(("plain",)).get_content())
    say(out, f"{client.name} gets the acknowledgement ({ack['Subject']}) and fills in the quoted form:")
    filled = ack.get_body(("plain",)).get_content()
    answers = {
        "Company:": "Acme Widgets LLC", "Contact name:": "Dana Smith", "Contact phone:": "+1 555 0100",
        "Domains:": "acme-widgets.test", "Current partner e-mail:": partner.address,
        'New provider e-mail (or "none" for retail):': provider.address,
        "Reason for the transfer:": "our partner stopped answering",
    }
    lines = []
    for line in filled.split("\n"):
        for label, value in answers.items():
            if line.strip() == label or line.strip().startswith(label) and not line.strip()[len(label):].strip():
                line = f"{label} {value}"
        lines.append(line)
    ack.get_body(("plain",)).set_content("\n".join(lines))
    client.reply(ack, "Here are our details, thank you!")

    waiver = partner.wait_for(lambda m: "I AGREE" in m.get_body(("plain",)).get_content())
    say(out, f"{partner.name} (old partner) gets the waiver request and answers from Outlook: I AGREE")
    partner.reply(waiver, "I AGREE\n\nBest regards,\nBob Miller\nOldPartner IT", style="outlook")

    request = provider.wait_for(lambda m: "I ACCEPT" in m.get_body(("plain",)).get_content())
    say(out, f"{provider.name} (new provider) gets the acceptance request and answers: I accept.")
    provider.reply(request, "I accept. Looking forward to working with Acme.\n\nPriya")

    checklist = staff.wait_for(lambda m: "#complete" in m.get_body(("plain",)).get_content())
    say(out, f"{staff.name} gets the transfer checklist, moves the service, and answers it: #complete")
    # (the answer goes to the checklist's Reply-To, an address for staff only: a From header
    # alone never runs a staff command)
    staff.reply(checklist, "#complete\n\nDomains moved, credentials reset.")

    partner.wait_for(lambda m: "what could we" in m.get_body(("plain",)).get_content().lower())
    client.wait_for(lambda m: "complete" in (m["Subject"] or "").lower()
                    or "is complete" in m.get_body(("plain",)).get_content())
    say(out, "Every party has been told; the old partner got the after-action question.")


def _free_listen(preferred: int = 8025) -> str:
    """127.0.0.1:8025 when it is free, else any free loopback port."""
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{sock.getsockname()[1]}"


def serve_console(app: App, daemon: Daemon, loop, out: TextIO) -> None:
    """The daemon serves the console (``[web] listen`` is set): print a sign-in link for the
    demo's staff member and wait for Ctrl-C."""
    from datetime import UTC, datetime

    from mailbot.web.auth import SignIn

    web = app.config.web
    link = SignIn(app, web.base_url, web.login_minutes, web.session_hours).issue(PEOPLE["staff"][0],
                                                                                datetime.now(UTC))
    loop.call_soon_threadsafe(daemon.sender.wake.set)
    try:
        # (inside the try: a Ctrl-C the moment the line is out is the console's end, not an interruption)
        print(f"\nThe staff console is up at {web.base_url}\n"
              f"Sign in as {PEOPLE['staff'][0]} with this one-time link (valid {web.login_minutes} "
              f"minutes; it was also mailed to that address):\n\n    {link}\n\nCtrl-C stops the demo.",
              file=out, flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        print("\nstopping the demo", file=out, flush=True)


def next_steps(settings: Config | None, web: bool) -> str:
    """What to run after the demo (the console, then going live), as lines to paste into a shell."""
    steps = []
    if not web:
        steps.append(("mailbot demo --web", "the same transfer, then the staff console on it"))
    if settings is None:
        steps.append(("cp config.example.toml mailbot.toml", "to go live: your mailbox, its servers, your staff"))
    steps.append(("mailbot check-config --connect" + (f" --config {shlex.quote(settings.source)}" if settings else ""),
                  "every check `mailbot run` makes, with a login to both servers"))
    width = max(len(command) for command, _ in steps)
    return "\nNext:\n" + "".join(f"  {command:<{width}}  # {why}\n" for command, why in steps)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run_demo(out: TextIO | None = None, timeout: float = 60.0, web: bool = False,
             config: Config | None = None) -> int:
    """The whole demo. ``config``: the operator's configuration as the command line found it;
    its [mailbox], [sla] and [notices] are used (see HONOURED), unless it is the embedded
    defaults."""
    out = out or sys.stdout
    settings = config if config is not None and config.source != Config().source else None
    warnings.filterwarnings("ignore", module="aiosmtpd")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("mail.log").setLevel(logging.ERROR)  # aiosmtpd's deprecation chatter
    # SIGTERM (kill, timeout, a closed terminal's supervisor) ends the demo as Ctrl-C does: cleanly.
    previous = signal.signal(signal.SIGTERM, _interrupt) if threading.current_thread() is threading.main_thread() \
        else None
    folder = Path(tempfile.mkdtemp(prefix="mailbot-demo-"))
    try:
        status = _run(folder, out, timeout, web, settings)
    except KeyboardInterrupt:
        status = 130
    finally:
        # Whatever happened (a failure, Ctrl-C): the daemon has stopped by now; leave nothing behind.
        shutil.rmtree(folder, ignore_errors=True)
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if status == 130:
        print(f"\ndemo interrupted; its temporary folder {folder} is removed", file=out, flush=True)
    if status == 0:
        out.write(next_steps(settings, web))
        out.flush()
    return status


def _run(folder: Path, out: TextIO, timeout: float, web: bool, settings: Config | None) -> int:
    password = secrets.token_hex(8)
    mailbox = settings.mailbox.address if settings else MAILBOX
    users = {mailbox: password, **{address: secrets.token_hex(8) for address, _ in PEOPLE.values()}}
    started = time.monotonic()
    with DemoMailStack(users, mailbox.rpartition("@")[2]) as stack:
        print(f"mail stack up on 127.0.0.1 (IMAP {stack.imap_port}, SMTP {stack.smtp_port}); database in "
              f"{folder} (removed when the demo ends)", file=out)
        if settings is not None:
            print(f"using [{'], ['.join(HONOURED)}] from {settings.source}; the mail servers, database, secret "
                  "and staff are the demo's own", file=out)
        config = _config(stack, folder, password, settings)
        if web:
            listen = _free_listen()
            config = with_values(config, web=with_values(config.web, listen=listen, base_url=f"http://{listen}",
                                                         login_minutes=60))
        app = App(config)
        daemon = Daemon.build(app)
        loop = asyncio.new_event_loop()
        stop = asyncio.Event()
        failure: list[BaseException] = []
        done = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(daemon.preflight())
                loop.run_until_complete(daemon.serve(stop))
            except BaseException as exc:  # the daemon could not start: say so instead of waiting
                failure.append(exc)
                done.set()

        thread = threading.Thread(target=serve, name="daemon", daemon=True)
        thread.start()
        try:
            return _watch(app, daemon, loop, stack, users, out, timeout, web, mailbox, started, failure, done)
        finally:
            loop.call_soon_threadsafe(stop.set)
            thread.join(20)


def _watch(app: App, daemon: Daemon, loop, stack: DemoMailStack, users: dict[str, str], out: TextIO,
           timeout: float, web: bool, mailbox: str, started: float, failure: list[BaseException],
           done: threading.Event) -> int:
    people = {role: Person(address, users[address], name, "127.0.0.1", stack.imap_port, "127.0.0.1",
                           stack.smtp_port) for role, (address, name) in PEOPLE.items()}
    timeline = Timeline(app, out)

    def actors() -> None:
        try:
            play(people, out, mailbox)
        except BaseException as exc:
            failure.append(exc)
        finally:
            done.set()

    threading.Thread(target=actors, name="people", daemon=True).start()
    print("\nTimeline (seconds since start, case, actor, event):", file=out, flush=True)
    status = None
    while time.monotonic() - started < timeout:
        status = timeline.poll()
        if done.is_set() and not failure and status == "completed":
            break
        if failure:
            break
        time.sleep(0.1)
    timeline.poll()
    if failure:
        print(f"\ndemo failed: {failure[0]}", file=out)
        return 1
    if status != "completed":
        print(f"\ndemo did not complete within {timeout:.0f} s (case status: {status})", file=out)
        return 1
    with UnitOfWork(app.sessions) as uow:
        case = uow.session.scalars(select(Case)).first()
        summary = case_text(case_json(uow.session, case), app.config.sla.timezone)
    print(f"\nThe case, as `mailbot case {timeline.reference}` shows it:\n", file=out)
    out.write(summary)
    print(f"\nCompleted in {time.monotonic() - started:.1f} s.", file=out, flush=True)
    if web:
        serve_console(app, daemon, loop, out)
    return 0
