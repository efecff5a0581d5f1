"""IDLE against a server that sends a response line in pieces (mailbot/mail/imap.py).

TCP is a byte stream: a server (pymap, the demo's, does) or the network may deliver one IMAP line
in two segments. imapclient's ``idle_check`` read the first piece from a non-blocking socket and
imaplib aborted: "socket error: unterminated line: b'* 1 FETCH '" (imapclient issue #519), which
showed in about one demo run in five as a reconnect warning. A scripted server here writes the
pieces apart with a pause between them, so the split happens on every run.
"""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
import time

import pytest

from mailbot.mail.imap import ImapError, ImapSettings, Mailbox

PAUSE = 0.15  # between the pieces of a line: long enough that they are two reads for the client


class ScriptedImapServer:
    """Just enough IMAP for ``Mailbox.open`` and one IDLE; while idling it plays ``pieces``
    (each written on its own, ``PAUSE`` apart), then answers DONE, or closes when ``hang_up``.
    ``with_continuation`` goes out in the same write as the IDLE continuation."""

    def __init__(self, pieces: list[bytes], hang_up: bool = False, with_continuation: bytes = b"",
                 tls: ssl.SSLContext | None = None) -> None:
        self.pieces, self.hang_up, self.with_continuation, self.tls = pieces, hang_up, with_continuation, tls
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.commands: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.tls is not None:
            conn = self.tls.wrap_socket(conn, server_side=True)  # each piece: a TLS record of its own
        reader = conn.makefile("rb")
        conn.sendall(b"* OK [CAPABILITY IMAP4rev1 IDLE] scripted server ready\r\n")
        with conn, reader:
            for line in reader:
                tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
                command = rest.split(b" ", 1)[0].upper()
                self.commands.append(command)
                if command == b"CAPABILITY":
                    conn.sendall(b"* CAPABILITY IMAP4rev1 IDLE\r\n" + tag + b" OK done\r\n")
                elif command == b"LOGIN":
                    conn.sendall(tag + b" OK [CAPABILITY IMAP4rev1 IDLE] logged in\r\n")
                elif command == b"SELECT":
                    conn.sendall(b"* 1 EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] ok\r\n"
                                 b"* OK [UIDNEXT 2] ok\r\n" + tag + b" OK [READ-WRITE] selected\r\n")
                elif command == b"IDLE":
                    conn.sendall(b"+ idling\r\n" + self.with_continuation)
                    for piece in self.pieces:
                        time.sleep(PAUSE)
                        conn.sendall(piece)
                    if self.hang_up:
                        return
                    assert reader.readline().strip().upper() == b"DONE"
                    conn.sendall(tag + b" OK IDLE terminated\r\n")
                elif command == b"LOGOUT":
                    conn.sendall(b"* BYE bye\r\n" + tag + b" OK done\r\n")
                    return
                else:
                    conn.sendall(tag + b" BAD unexpected\r\n")

    def close(self) -> None:
        self.listener.close()
        self.thread.join(5)


def _mailbox(server: ScriptedImapServer, security: str = "none") -> Mailbox:
    settings = ImapSettings(host="127.0.0.1", port=server.port, security=security, username="transfer@example.test",
                            password="pw", processed_folder="", quarantine_folder="", timeout=5)
    return Mailbox(settings).open()


def _wait(mailbox: Mailbox, seconds: float = 10) -> float:
    mailbox.news()  # the SELECT's EXISTS has been seen (the watcher's search does this)
    started = time.monotonic()
    mailbox.wait(seconds, stop=lambda: False, poll_interval=1)
    return time.monotonic() - started


@pytest.mark.parametrize("pieces", [
    # pymap's own split, then the news
    [b"* 1 FETCH ", b"(FLAGS (\\Recent))\r\n", b"* 2 EXISTS\r\n"],
    # the line complete but its CRLF apart (also seen from pymap), then the news
    [b"* 1 FETCH (FLAGS (\\Recent))", b"\r\n* 2 EXISTS\r\n"],
    # the news itself split
    [b"* 2 EXI", b"STS\r\n"],
], ids=["fetch-split", "crlf-apart", "exists-split"])
def test_a_line_in_two_segments_is_read_whole_and_its_news_wakes_the_watcher(pieces):
    server = ScriptedImapServer(pieces)
    mailbox = _mailbox(server)
    try:
        took = _wait(mailbox)  # before the fix: ImapError "... unterminated line: b'* 1 FETCH '"
        assert took < 5, "the EXISTS was missed: wait() ran to its end"
        assert server.commands[-1] == b"IDLE"
        mailbox.close()  # still in step with the server: DONE answered, LOGOUT answered
        server.thread.join(5)
        assert server.commands[-1] == b"LOGOUT"
    finally:
        server.close()


def test_news_that_came_with_the_idle_continuation_is_not_left_in_the_buffer():
    """'* 2 EXISTS' in the same segment as '+ idling' lands in imaplib's read buffer, where waiting
    on the socket never sees it: it must still end the wait at once."""
    server = ScriptedImapServer([], with_continuation=b"* 2 EXISTS\r\n")
    mailbox = _mailbox(server)
    try:
        assert _wait(mailbox) < 5
        mailbox.close()
    finally:
        server.close()


@pytest.fixture
def tls(tmp_path, monkeypatch) -> ssl.SSLContext:
    """A server context with a throwaway certificate for 127.0.0.1, which the client trusts."""
    if not shutil.which("openssl"):
        pytest.skip("no openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    default_context = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: default_context(cafile=str(cert)))
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    return server


def test_over_tls_a_split_line_and_news_already_decrypted_are_read_too(tls):
    """With TLS, "nothing yet" is SSLWantReadError, not EAGAIN, and decrypted bytes wait in the
    TLS layer where no select sees them."""
    server = ScriptedImapServer([b"* 1 FETCH ", b"(FLAGS (\\Recent))\r\n* 2 EXISTS\r\n"], tls=tls)
    mailbox = _mailbox(server, security="ssl")
    try:
        assert _wait(mailbox) < 5
        mailbox.close()
        server.thread.join(5)
        assert server.commands[-1] == b"LOGOUT"
    finally:
        server.close()


def test_over_tls_a_quiet_idle_is_no_error(tls):
    """Before: each quiet second of IDLE over TLS (security = "ssl", the default, or "starttls")
    ended in ValueError "non-zero flags not allowed in calls to recv() on SSLSocket" (the EOF
    check peeked with MSG_PEEK), and the watcher reconnected."""
    server = ScriptedImapServer([], tls=tls)
    mailbox = _mailbox(server, security="ssl")
    try:
        took = _wait(mailbox, seconds=2.5)
        assert 2.4 < took < 5
        mailbox.close()
        server.thread.join(5)
        assert server.commands[-1] == b"LOGOUT"
    finally:
        server.close()


def test_a_server_that_hangs_up_while_we_idle_is_an_imap_error():
    server = ScriptedImapServer([b"* OK still here\r\n"], hang_up=True)
    mailbox = _mailbox(server)
    try:
        with pytest.raises(ImapError, match="closed the connection"):
            _wait(mailbox)
    finally:
        mailbox.close(graceful=False)
        server.close()
