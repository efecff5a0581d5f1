"""Serving the console with uvicorn: alone (``mailbot web``) or inside ``mailbot run``.

Alone, the console writes sign-in links and notices into the outbox; a running daemon (or
``mailbot send-pending``) sends them. Inside the daemon, the console shares its loop and wakes
its sender, and ``/healthz`` reports the watcher's own connection.
"""

from __future__ import annotations

import asyncio
import logging

import uvicorn

from mailbot.app import App
from mailbot.config import ConfigError, parse_listen
from mailbot.errors import CommandError
from mailbot.web.app import Console

log = logging.getLogger("mailbot.web")

DEFAULT_LISTEN = "127.0.0.1:8025"


def server(console: Console, listen: str) -> uvicorn.Server:
    host, port = parse_listen(listen)
    # log_config=None: uvicorn's lines go through our handler and [logging] format, not its own.
    config = uvicorn.Config(console, host=host, port=port, log_level="warning", access_log=False,
                            proxy_headers=False, server_header=False, lifespan="off", log_config=None)
    return uvicorn.Server(config)


async def serve_until(console: Console, listen: str, stop: asyncio.Event) -> None:
    """Serve until ``stop`` is set (the daemon's shutdown)."""
    web = server(console, listen)
    task = asyncio.create_task(web.serve())
    await asyncio.sleep(0)
    log.info("console at %s (listening on %s)", console.app.config.web.base_url, listen)
    await stop.wait()
    web.should_exit = True
    await task


def run_web(app: App, listen: str | None, debug: bool = False) -> int:
    """The ``mailbot web`` entry point: Ctrl-C stops it."""
    from mailbot.logs import configure_logging

    _, origin = app.config.secret()
    if origin == "default":
        raise CommandError(f"no secret to sign sign-in links and sessions: set ${app.config.security.secret_env} "
                           "(the same value as the daemon's)")
    configure_logging(app.config.logging, debug)
    if listen:
        try:
            parse_listen(listen)
        except ConfigError:
            raise CommandError(f"--listen {listen!r} must look like 127.0.0.1:8025") from None
    listen = listen or app.config.web.listen or DEFAULT_LISTEN
    app.sessions  # noqa: B018 - open (and for SQLite migrate) the database before serving
    web = server(Console(app), listen)
    print(f"console: {app.config.web.base_url} (listening on {listen}); Ctrl-C stops it", flush=True)
    try:
        web.run()
    except SystemExit as exc:  # uvicorn exits when it cannot bind
        raise CommandError(f"cannot listen on {listen} (is it in use?)") from exc
    return 0
