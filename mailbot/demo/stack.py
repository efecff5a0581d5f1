"""A throwaway mail stack on loopback for the demo: pymap (IMAP, in memory) + aiosmtpd (SMTP).

Pure Python, nothing installed beyond the project's dependencies, no root. Both servers run on
one asyncio loop in a background thread. SMTP accepts mail for the demo users (plus addressing
included: ``transfer+token@`` lands in ``transfer@``'s INBOX) and appends it through pymap's
session API, so IMAP IDLE clients are told at once. It is a thin server: the real-server test
tier uses Dovecot and Postfix.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import socket
import threading
from argparse import ArgumentParser, Namespace
from contextlib import AsyncExitStack
from datetime import UTC, datetime

from aiosmtpd.smtp import SMTP as SMTPProtocol
from aiosmtpd.smtp import AuthResult, LoginPassword

log = logging.getLogger("mailbot.demo.stack")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoMailStack:
    """``with DemoMailStack({"transfer@example.test": "pw", …}) as stack: stack.imap_port …``"""

    def __init__(self, users: dict[str, str], domain: str) -> None:
        self.users = {u.lower(): p for u, p in users.items()}
        self.domain = domain
        self.delivered = 0
        self._prepare()

    def _prepare(self) -> None:
        self.imap_port = free_port()
        self.smtp_port = free_port()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="demo-mail-stack", daemon=True)
        self._ready = threading.Event()
        self._stopping: asyncio.Event | None = None
        self._error: BaseException | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> DemoMailStack:
        for attempt in range(3):
            self._thread.start()
            self._ready.wait(15)
            if not self._error:
                return self
            # A port found free a moment ago can be taken meanwhile (by any outgoing
            # connection's ephemeral port): try fresh ports before giving up.
            if not (isinstance(self._error, OSError) and self._error.errno == errno.EADDRINUSE) or attempt == 2:
                raise RuntimeError(f"demo mail stack failed to start: {self._error}") from self._error
            self._thread.join(10)
            self._prepare()
        raise AssertionError("unreachable")

    def __exit__(self, *exc) -> None:
        if self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to the thread that waits for readiness
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        from pymap.backend.dict import DictBackend
        from pymap.backend.dict import Identity as DictIdentity
        from pymap.imap import IMAPService
        from pymap.user import Passwords, UserMetadata
        from pysasl.hashing import Cleartext

        self._stopping = asyncio.Event()
        parser = ArgumentParser()
        IMAPService.add_arguments(parser)
        args: Namespace = parser.parse_args(["--host", "127.0.0.1", "--port", str(self.imap_port), "--no-tls"])
        args.debug = False
        args.demo_data = False
        args.demo_user = "demo"
        args.demo_password = "demo-not-used"
        backend, config = await DictBackend.init(args, invalid_user_sleep=0.0, hash_context=Cleartext())
        config.apply_context()
        self._backend, self._config = backend, config
        passwords = Passwords(config)
        for user, password in self.users.items():
            identity = DictIdentity(user, backend.login, None, frozenset())
            await identity.set(UserMetadata(config, user, password=await passwords.hash_password(password)))
            async with identity.new_session() as session:
                for folder in ("Sent",):
                    with contextlib.suppress(Exception):
                        await session.create_mailbox(folder)
        async with AsyncExitStack() as stack:
            await backend.start(stack)
            await IMAPService(backend, config).start(stack)
            server = await self._loop.create_server(self._smtp_factory, "127.0.0.1", self.smtp_port)
            stack.push_async_callback(self._close_server, server)
            self._ready.set()
            await self._stopping.wait()

    @staticmethod
    async def _close_server(server) -> None:
        server.close()
        await server.wait_closed()

    # -- SMTP --------------------------------------------------------------------------------

    def _smtp_factory(self):
        return SMTPProtocol(_Handler(self), authenticator=self._authenticate, auth_require_tls=False,
                            hostname="mx.demo.test", ident="demo mail stack")

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            user = auth_data.login.decode().lower()
            if self.users.get(user) == auth_data.password.decode():
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    def mailbox_of(self, address: str) -> str | None:
        local, _, domain = address.lower().partition("@")
        user = f"{local.split('+', 1)[0]}@{domain}"
        return user if user in self.users else None

    async def deliver(self, recipient: str, raw: bytes) -> None:
        from pymap.backend.dict import Identity as DictIdentity
        from pymap.parsing.message import AppendMessage

        user = self.mailbox_of(recipient)
        identity = DictIdentity(user, self._backend.login, None, frozenset())
        async with identity.new_session() as session:
            await session.append_messages("INBOX", [AppendMessage(raw, datetime.now(UTC))])
        self.delivered += 1


class _Handler:
    def __init__(self, stack: DemoMailStack) -> None:
        self.stack = stack

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stack.mailbox_of(address) is None:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        stamp = f"Received: from {session.host_name or 'localhost'} by mx.demo.test; " \
                f"{datetime.now(UTC):%a, %d %b %Y %H:%M:%S +0000}\r\n".encode()
        for recipient in envelope.rcpt_tos:
            await self.stack.deliver(recipient, b"Delivered-To: " + recipient.encode() + b"\r\n" + stamp + raw)
        return "250 2.0.0 delivered"
