"""One IMAP connection, the way the watcher needs it (imapclient underneath, blocking).

Connects with ssl / starttls / none, logs in, creates missing folders, selects the watched
folder, lists what waits there, fetches with BODY.PEEK[] (never \\Seen: other clients set it),
moves a message (MOVE, else COPY + \\Deleted + UID EXPUNGE, RFC 6851 / RFC 4315), and waits
for news with IDLE (RFC 2177) or by polling. Every failure becomes an ``ImapError`` whose
message is one line an operator can act on.
"""

from __future__ import annotations

import contextlib
import re
import selectors
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError


class ImapError(Exception):
    """The mailbox cannot be used right now; ``fatal`` when retrying will not help."""

    def __init__(self, message: str, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    security: str  # ssl | starttls | none
    username: str
    password: str
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    quarantine_folder: str = "Quarantine"
    sent_folder: str = ""
    timeout: float = 60.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def describe(exc: BaseException, settings: ImapSettings) -> ImapError:
    """A one-line, actionable message for a connection-level failure."""
    where = settings.where
    if isinstance(exc, ImapError):
        return exc
    if isinstance(exc, LoginError):
        return ImapError(f"IMAP login to {where} as {settings.username} failed: {_text(exc)}", fatal=True)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ImapError(f"IMAP TLS certificate of {where} not trusted: {exc.verify_message}", fatal=True)
    if isinstance(exc, ssl.SSLError):
        hint = ' (is security = "ssl" right for this port? try "starttls" or the other port)'
        return ImapError(f"IMAP TLS handshake with {where} failed: {exc.reason or exc}{hint}", fatal=True)
    if isinstance(exc, socket.gaierror):
        return ImapError(f"IMAP host {settings.host!r} not found: {exc.strerror}", fatal=True)
    if isinstance(exc, ConnectionRefusedError):
        return ImapError(f"IMAP server {where} refused the connection (not running, or wrong port)")
    if isinstance(exc, TimeoutError | socket.timeout):
        return ImapError(f"IMAP server {where} did not answer in time")
    if isinstance(exc, OSError):
        return ImapError(f"IMAP connection to {where} failed: {exc.strerror or exc}")
    return ImapError(f"IMAP error with {where}: {_text(exc)}")


def _pending(file, sock: socket.socket) -> bool:
    """Whether bytes wait to be read, in imaplib's read buffer, in TLS's (which no select sees)
    or on the socket; never blocks (a peek on a non-blocking socket returns what is there: b""
    for nothing, and at EOF)."""
    timeout = sock.gettimeout()
    sock.setblocking(False)
    try:
        return bool(file.peek(1))
    except ssl.SSLWantReadError:  # TLS says "nothing yet" this way, not with EAGAIN
        return False
    finally:
        sock.settimeout(timeout)


def _readable(sock: socket.socket, timeout: float) -> bool:
    """Whether the socket has something to read (data or EOF) within ``timeout`` seconds."""
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_READ)
        return bool(selector.select(timeout))


_NEWS = re.compile(rb"\* \d+ (?:EXISTS|RECENT)\b", re.IGNORECASE)


def _text(exc: BaseException) -> str:
    text = str(exc)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return " ".join(text.split())[:300]


class Mailbox:
    """A logged-in connection with the watched folder selected."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self.client: IMAPClient | None = None
        self.uidvalidity: int | None = None
        self.can_idle = False
        self.can_move = False
        self.can_uidplus = False

    # -- connecting --------------------------------------------------------------------------

    def open(self) -> Mailbox:
        s = self.settings
        try:
            context = ssl.create_default_context()
            client = IMAPClient(s.host, port=s.port, ssl=s.security == "ssl", ssl_context=context,
                                timeout=s.timeout)
            self.client = client
            if s.security == "starttls":
                client.starttls(context)
            sock = client.socket()
            # imaplib writes a literal and its CRLF separately; without NODELAY some servers
            # stall for the delayed ACK on every APPEND.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.login(s.username, s.password)
            self.can_idle = client.has_capability("IDLE")
            self.can_move = client.has_capability("MOVE")
            self.can_uidplus = client.has_capability("UIDPLUS")
            for folder in filter(None, (s.processed_folder, s.quarantine_folder, s.sent_folder)):
                self._ensure_folder(folder)
            info = client.select_folder(s.folder)
            self.uidvalidity = int(info[b"UIDVALIDITY"])
        except Exception as exc:
            self.close()
            raise describe(exc, s) from exc
        return self

    def close(self, graceful: bool = True) -> None:
        """Log out; after an error just drop the socket (a LOGOUT sent into a broken or still
        idling session would wait for an answer that never comes)."""
        client, self.client = self.client, None
        if client is None:
            return
        if graceful:
            try:
                client.logout()
                return
            except Exception:
                pass
        with contextlib.suppress(Exception):
            client.shutdown()

    # -- messages ----------------------------------------------------------------------------

    def waiting(self) -> list[int]:
        """UIDs in the watched folder, oldest first (processed mail has been moved out)."""
        self.news()  # what was announced before this search is covered by it
        uids = self.client.search("ALL")
        return sorted(int(u) for u in uids)

    def news(self) -> bool:
        """Whether the server announced new mail (EXISTS) in the answer to any command since the
        last call. Those announcements come once: one that arrives with a SEARCH or MOVE answer
        is not repeated when IDLE starts, so it must not be lost (imaplib keeps them)."""
        untagged = self.client._imap.untagged_responses
        return bool(untagged.pop("EXISTS", None)) | bool(untagged.pop("RECENT", None))

    def fetch(self, uid: int) -> bytes | None:
        """The raw message, without setting \\Seen; None if it has gone meanwhile."""
        data = self.client.fetch([uid], ["BODY.PEEK[]"])
        item = data.get(uid)
        return bytes(item[b"BODY[]"]) if item and b"BODY[]" in item else None

    def move(self, uid: int, folder: str) -> None:
        if self.can_move:
            self.client.move([uid], folder)
            return
        self.client.copy([uid], folder)
        self.client.add_flags([uid], [b"\\Deleted"])
        if self.can_uidplus:
            self.client.uid_expunge([uid])
        else:
            self.client.expunge()

    def append(self, folder: str, raw: bytes) -> None:
        self._ensure_folder(folder)
        self.client.append(folder, raw, flags=[b"\\Seen"])

    def _ensure_folder(self, folder: str) -> None:
        """Create ``folder`` when missing. Several instances starting together race for it:
        the server's "already exists" answer to the loser is success."""
        if self.client.folder_exists(folder):
            return
        try:
            self.client.create_folder(folder)
        except IMAPClient.Error:
            if not self.client.folder_exists(folder):
                raise

    # -- waiting -----------------------------------------------------------------------------

    def wait(self, seconds: float, stop: Callable[[], bool], poll_interval: float) -> None:
        """Return when new mail may have arrived, ``seconds`` passed, or ``stop()`` is true.

        IDLE is ended and re-issued at least every ``seconds`` (servers drop an IDLE after 30
        minutes, RFC 2177). Without IDLE the folder is polled with NOOP.
        """
        if self.news():
            return  # mail arrived while we were busy: look again before waiting
        if not self.can_idle:
            until = time.monotonic() + min(seconds, poll_interval)
            while not stop() and time.monotonic() < until:
                time.sleep(min(0.5, max(0.0, until - time.monotonic())))
            self.client.noop()
            return
        deadline = time.monotonic() + seconds
        self.client.idle()
        while not stop() and time.monotonic() < deadline:
            lines = self._idle_lines(timeout=min(1.0, max(0.05, deadline - time.monotonic())))
            if any(_NEWS.match(line) for line in lines):
                break
        self.client.idle_done()

    def _idle_lines(self, timeout: float) -> list[bytes]:
        """The lines the server sent while idling, each read whole up to its CRLF; waits at most
        ``timeout`` seconds for the first one.

        Not imapclient's ``idle_check``: it reads from a non-blocking socket, so a line that comes
        in two TCP segments (pymap, the demo's server, writes "* 1 FETCH " and the rest apart;
        any server or network may split a line) is cut where the first segment ends, and imaplib
        aborts the connection: "socket error: unterminated line: b'* 1 FETCH '" (imapclient
        issue #519). It also swallows EOF and misses lines already in imaplib's buffer (and the
        MSG_PEEK check for EOF this replaces is refused by a TLS socket: a ValueError every quiet
        second). Here only the wait for the first byte uses the timeout; a line, once begun, is
        read blocking (with the connection's timeout) to its end. Lines are matched, not parsed.
        """
        imap = self.client._imap
        sock = self.client.socket()
        lines: list[bytes] = []
        while _pending(imap.file, sock) or (not lines and _readable(sock, timeout)):
            try:
                lines.append(imap._get_line())
            except IMAPClient.AbortError as exc:
                if "EOF" in str(exc):  # a server that went away must not leave us idling on a dead connection
                    raise ImapError(f"IMAP server {self.settings.where} closed the connection") from exc
                raise
        return lines


__all__ = ["ImapError", "ImapSettings", "Mailbox", "IMAPClientError", "describe"]
