"""Reading one mail within a time limit: in a worker process that is killed when it overruns.

Every pattern the reader uses is meant to be linear on any input (tests/unit/
test_linear_reading.py tries each with its own pieces repeated), but a reader that takes
minutes on one crafted mail would freeze the daemon, and a mail read before it is recorded
would be read again after every restart. So the pipeline records the raw mail first and then
reads it here: a persistent worker process (forked from a small fork server, so a new one
costs milliseconds) gets the bytes and returns the reading; when it does not answer within
``seconds`` it is killed, a fresh one takes its place, and ``ReadingTimeout`` tells the
pipeline the mail failed (it is retried, then quarantined, like any failing mail).

``seconds = 0`` reads in the calling process (for debugging a reader with pdb).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import sys
import time
from multiprocessing.connection import Connection

from parsers.reading import MailReading, ReaderSettings, read_mail

log = logging.getLogger("mailbot.reader")

# Fault injection for the tests: the worker takes longer than any limit, on every mail
# ("slow-read") or on mails that contain a marker ("slow-read:POISON").
FAULT_ENV = "MAILBOT_FAULT"
SLOW_READ = "slow-read"


def _fault_slows(raw: bytes) -> bool:
    fault = os.environ.get(FAULT_ENV, "")
    if fault == SLOW_READ:
        return True
    return fault.startswith(SLOW_READ + ":") and fault[len(SLOW_READ) + 1:].encode() in raw


class ReadingTimeout(Exception):
    """The mail was not read within the time limit; the worker was killed."""


class ReaderCrashed(Exception):
    """The worker process died while reading the mail."""


def _context():
    # A fork server: workers are forked from a clean single-threaded process, never from the
    # daemon itself (forking a process with threads can copy a lock held by another thread).
    # The server imports the main script and the reader once, so a new worker starts at once.
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if getattr(getattr(main, "__spec__", None), "name", None) is None and path and not os.path.isfile(path):
        # A program read from stdin has no file the fork server could import: fork directly.
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "parsers.reading"])
    return context


def _serve(connection: Connection, settings: ReaderSettings) -> None:
    """The worker: read mails until the other end closes."""
    # Ctrl-C at a terminal reaches the whole process group: the daemon stops, and stops this
    # worker by closing the pipe; the worker itself has nothing to say about it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            raw, slow = connection.recv()
        except (EOFError, OSError):
            return
        if slow:
            time.sleep(3600)
        try:
            reading: MailReading | BaseException = read_mail(raw, settings)
        except BaseException as exc:  # read_mail never raises; if it does, say so, keep serving
            reading = RuntimeError(f"{type(exc).__name__}: {exc}")
        try:
            connection.send(reading)
        except Exception as exc:  # a reading that cannot be pickled is a bug worth seeing
            connection.send(RuntimeError(f"reading could not be returned: {type(exc).__name__}: {exc}"))


class BoundedReader:
    """``read(raw)`` -> MailReading, or ReadingTimeout after ``seconds``."""

    def __init__(self, settings: ReaderSettings, seconds: float) -> None:
        self.settings = settings
        self.seconds = seconds
        self._process = None
        self._connection: Connection | None = None

    def read(self, raw: bytes) -> MailReading:
        slow = _fault_slows(raw)
        if self.seconds <= 0:
            if slow:
                raise ReadingTimeout("reading took longer than the limit (fault injection)")
            return read_mail(raw, self.settings)
        connection = self._worker()
        started = time.monotonic()
        try:
            connection.send((raw, slow))
            if not connection.poll(self.seconds):
                self._kill()
                raise ReadingTimeout(f"reading the mail took longer than {self.seconds:g} s; the reader was stopped")
            reading = connection.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._kill()
            raise ReaderCrashed(f"the reading process died ({type(exc).__name__})") from None
        if isinstance(reading, BaseException):
            raise reading
        elapsed = time.monotonic() - started
        if elapsed > self.seconds / 2:
            log.warning("reading a %s-byte mail took %.1f s (limit %g s)", len(raw), elapsed, self.seconds)
        return reading

    def _worker(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._connection is not None:
            return self._connection
        self._kill()
        context = _context()
        ours, theirs = context.Pipe()
        process = context.Process(target=_serve, args=(theirs, self.settings), name="mailbot-reader", daemon=True)
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        return ours

    def _kill(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        self._process, self._connection = None, None

    def close(self) -> None:
        """Stop the worker (it also stops by itself when this reader's end of the pipe closes)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            self._process.join(2)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(2)
            self._process = None

    def __del__(self) -> None:  # a reader dropped without close() must not leave its worker
        with contextlib.suppress(Exception):
            self.close()
