"""The console against a real store: a desk on SQLite, cases made by real mails through the
pipeline, and the console served by Starlette's test client (or, for the browser tier, by
uvicorn on a loopback port)."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from starlette.testclient import TestClient

from mailbot.app import App
from mailbot.config import load_config
from mailbot.web.app import Console
from tests.scenarios.desk import PARTNER, PROVIDER, STAFF, Desk, open_case

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
LINK = re.compile(r"http://127\.0\.0\.1:8025(/login/[A-Za-z0-9_\-]+\.[0-9a-f]+)")
STATUS_LINK = re.compile(r"http://127\.0\.0\.1:8025(/status/[^\s\"<>]+)")
# A desk whose web pages are served: every notice to a party carries its status link.
WEB_PAGES_SERVED = '\n[web]\nstatus_links = "on"\n'


class Clock:
    """The console's time, set by the test (the desk's mails carry their own)."""

    def __init__(self, now: str) -> None:
        self.now = datetime.fromisoformat(now)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def desk(tmp_path):
    desk = Desk(tmp_path, extra_config=WEB_PAGES_SERVED)
    # The database exists before the first mail, as under a running daemon: the console's
    # tests read the outbox (a read command, which never creates one) before anything is sent.
    assert desk.run("db", "upgrade")[0] == 0
    return desk


@pytest.fixture
def clock(desk):
    return Clock(desk.now)


@pytest.fixture
def console(desk, clock):
    app = App(load_config(str(desk.config)))
    return Console(app, clock=clock)


@pytest.fixture
def client(console):
    with TestClient(console, follow_redirects=False) as c:
        yield c


def csrf(client: TestClient, path: str = "/login") -> str:
    page = client.get(path, follow_redirects=True)
    return CSRF.search(page.text).group(1)


def sign_in_link(desk: Desk, address: str = STAFF) -> str | None:
    """The path of the newest sign-in link mailed to ``address`` (from the outbox's bytes)."""
    mails = desk.sent_to(address, "sign_in")
    if not mails:
        return None
    return LINK.search(mails[-1].message.get_body(("plain",)).get_content()).group(1)


def sign_in(client: TestClient, desk: Desk, address: str = STAFF) -> None:
    answer = client.post("/login", data={"email": address, "csrf_token": csrf(client)})
    assert answer.status_code == 200, answer.text
    landed = client.get(sign_in_link(desk, address))
    assert landed.status_code == 303 and landed.headers["location"] == "/", landed.text


def _request(desk: Desk, address: str, template: str, reference: str):
    found = [s for s in desk.sent_to(address, template) if s.row["reference"] == reference]
    assert found, f"no {template} to {address} on {reference}"
    return found[-1]


def status_links(sent) -> tuple[list[str], list[str]]:
    """The status links in a sent mail's text part and in its HTML part (as a browser reads them)."""
    text = sent.message.get_body(("plain",)).get_content()
    html = sent.message.get_body(("html",)).get_content().replace("&amp;", "&")
    return STATUS_LINK.findall(text), STATUS_LINK.findall(html)


def status_link_of(desk: Desk, address: str, reference: str) -> str:
    """The path of the status link in the newest mail to ``address`` on ``reference``."""
    mails = [s for s in desk.sent_to(address) if s.row["reference"] == reference]
    assert mails, f"nothing sent to {address}"
    in_text, in_html = status_links(mails[-1])
    assert len(in_text) == 1 and in_html == in_text, (in_text, in_html)
    return in_text[0]


def partner_answers(desk: Desk, reference: str, words: str) -> dict:
    """The partner answers the waiver request of ``reference`` (from its mail client)."""
    return desk.ingest(desk.reply(_request(desk, PARTNER, "waiver_request", reference), PARTNER, words))


def provider_answers(desk: Desk, reference: str, words: str) -> dict:
    return desk.ingest(desk.reply(_request(desk, PROVIDER, "acceptance_request", reference), PROVIDER, words))


__all__ = ["open_case", "sign_in", "csrf", "partner_answers", "provider_answers", "sign_in_link",
           "status_link_of", "status_links"]
