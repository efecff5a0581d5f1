"""The console in a real browser: Debian's chromium driven by Playwright, against the console
served by uvicorn on a loopback port, over a real store filled by real mails.

Outside CI a machine without the browser skips this tier loudly; under CI that is a failure.
The screenshots of the main pages (docs/console/) are taken here (refreshed with MAILBOT_SCREENSHOTS=1).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import socket
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest

from mailbot.web.serve import server
from tests.scenarios.desk import CLIENT, FULL_FORM, PARTNER, PROVIDER, STAFF
from tests.tiers import one_install_at_a_time, unavailable
from tests.web.conftest import (
    open_case,
    partner_answers,
    provider_answers,
    sign_in_link,
    status_link_of,
)

# The screenshots in docs/console/ are refreshed on request only (MAILBOT_SCREENSHOTS=1 make test,
# which runs the suite on one process: tests/conftest.py): otherwise they go to a temporary folder,
# one per pytest-xdist worker (two tests take "sign-in"), so a test run leaves the tree as it was.
SHOTS = Path(__file__).parents[2] / "docs" / "console" if os.environ.get("MAILBOT_SCREENSHOTS") \
    else Path(tempfile.gettempdir()) / f"mailbot-screenshots-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_console(console):
    """The console on a loopback port, in a thread of its own."""
    port = _free_port()
    web = server(console, f"127.0.0.1:{port}")
    thread = threading.Thread(target=lambda: asyncio.run(web.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not web.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert web.started, "the console did not start"
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(10)


@pytest.fixture
def browser():
    from scripts.browser import Unavailable, ensure_installed, launch

    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable("BROWSER TIER (chromium + Playwright)", exc)
    with sync_playwright() as playwright:
        try:
            with one_install_at_a_time():
                ensure_installed()
            chromium = launch(playwright)
        except (Unavailable, Exception) as exc:  # noqa: B014 - any launch failure is the tier's reason
            unavailable("BROWSER TIER (chromium + Playwright)", exc)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append("dialog: " + dialog.message), dialog.dismiss()))
    page.errors = errors
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base: str, desk) -> None:
    page.goto(base + "/")
    assert page.url.endswith("/login")
    page.get_by_label("Your staff e-mail address").fill(STAFF)
    page.get_by_role("button", name="Mail me a sign-in link").click()
    assert "sign-in link is on its way" in page.locator("#sent").inner_text()
    shot(page, "sign-in")
    page.goto(base + sign_in_link(desk))  # the link as the mail carries it
    assert page.url == base + "/"


def test_staff_work_the_desk_in_a_browser(page, live_console, desk):
    base = live_console
    signed = open_case(desk)
    partner_answers(desk, signed, "I agree, provided invoice 2291 is paid first.")
    overridden = open_case(desk)
    sign_in(page, base, desk)

    # "Needs you": the unclear reply, with its words; staff take it as the partner's signature.
    card = page.locator("article.unclear").filter(has_text=signed)
    assert "invoice 2291 is paid first" in card.inner_text()
    shot(page, "needs-you")
    card.get_by_label("Take it as").select_option("agree")
    card.get_by_label("because").fill("invoice 2291 was paid on 20 November")
    card.get_by_role("button", name="Take as the answer").click()
    assert "taken as I AGREE" in page.locator(".flash").inner_text()
    assert desk.case(signed)["waiver"]["signed"]

    # The provider accepts by mail; staff complete the transfer on the case page.
    provider_answers(desk, signed, "I ACCEPT")
    page.goto(f"{base}/cases/{signed}")
    page.get_by_label("Command").select_option("complete")
    page.get_by_role("button", name="Apply").click()
    assert "#complete: done" in page.locator(".flash").inner_text()
    assert "completed" in page.locator("h1").inner_text()
    shot(page, "case")

    # A waiver overridden with its reason, which the form requires.
    page.goto(f"{base}/cases/{overridden}")
    page.get_by_label("Command").select_option("override waiver")
    page.get_by_role("button", name="Apply").click()
    assert "needs a reason" in page.locator(".flash").inner_text()
    page.get_by_label("Command").select_option("override waiver")
    page.get_by_label("Reason").fill("partner confirmed by phone on 24 November")
    page.get_by_role("button", name="Apply").click()
    assert desk.case(overridden)["waiver"]["overridden"]
    assert "partner confirmed by phone" in page.locator("#timeline").inner_text()

    # The evidence bundle downloads, and every hash in its manifest verifies.
    page.goto(f"{base}/cases/{signed}")
    with page.expect_download() as download:
        page.locator("#evidence-link").click()
    data = Path(download.value.path()).read_bytes()
    bundle = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["reference"] == signed and manifest["files"]
    for entry in manifest["files"]:
        assert hashlib.sha256(bundle.read(entry["name"])).hexdigest() == entry["sha256"], entry["name"]

    page.goto(f"{base}/cases?status=open")
    assert overridden in page.locator("#cases").inner_text()
    shot(page, "cases")
    page.goto(f"{base}/outbox")
    shot(page, "outbox")
    assert page.errors == []


HOSTILE = """<html><body><p>Please see below.</p>
<script>document.title = 'pwned'; alert('script ran')</script>
<img src="x" onerror="document.title = 'pwned'; alert('handler ran')">
<svg onload="alert('svg ran')"></svg><a href="javascript:alert('link ran')" id="js">click me</a>
</body></html>"""


def test_a_mail_with_script_never_runs_in_the_console(page, live_console, desk):
    from email import message_from_bytes, policy

    reference = open_case(desk)
    raw = desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "Please see below.")
    mail = message_from_bytes(raw, policy=policy.default)
    mail.add_alternative(HOSTILE, subtype="html")
    desk.ingest(bytes(mail))
    mail_id = desk.sql(f"select id from inbound_mails where message_id = '{mail['Message-ID']}'")[0][0]
    sign_in(page, live_console, desk)
    page.goto(f"{live_console}/mail/in/{mail_id}")
    page.wait_for_timeout(300)
    assert page.title() != "pwned" and page.errors == []
    assert page.locator("#js").count() == 0 and page.locator("script").count() == 0
    assert "Please see below." in page.locator("#mail-body").inner_text()
    assert reference in page.locator("h1").inner_text()


def test_the_console_works_with_the_keyboard_and_on_a_phone(browser, live_console, desk):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_console + "/login")
    page.keyboard.press("Tab")  # the address field is the first thing the keyboard reaches
    assert page.evaluate("document.activeElement.id") == "email"
    page.keyboard.type(STAFF)
    page.keyboard.press("Enter")
    page.wait_for_selector("#sent")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the sign-in page scrolls sideways on a phone ({width}px)"
    context.close()
    assert desk.sent_to(STAFF, "sign_in") and PROVIDER not in str(desk.sent_to(STAFF, "sign_in")[0].row["to"])


def test_a_client_requests_a_transfer_on_the_web_form(page, live_console, desk):
    from tests.web.test_request_form import GOOD, confirmation_link

    page.goto(live_console + "/request")
    for name, value in GOOD.items():
        page.locator(f"#{name}").fill(value)
    page.locator("#contact_phone").fill("call me maybe")
    page.get_by_role("button", name="Send the request").click()
    # Refused with the field's own error, and everything else kept as typed.
    assert "not a phone number" in page.locator("#contact_phone-error").inner_text()
    assert page.locator("#company").input_value() == GOOD["company"]
    assert page.locator("#reason").input_value() == GOOD["reason"]
    shot(page, "request-form")
    page.locator("#contact_phone").fill(GOOD["contact_phone"])
    page.get_by_role("button", name="Send the request").click()
    assert "please open the" in page.locator("#sent").inner_text()
    assert desk.json("cases") == []
    page.goto(live_console + confirmation_link(desk))
    [case] = desk.json("cases")
    assert case["reference"] in page.locator("#confirmed").inner_text()
    assert desk.last_to(GOOD["email"], "acknowledgement")
    # The acknowledgement's status link opens the client's own case.
    page.goto(live_console + status_link_of(desk, GOOD["email"], case["reference"]))
    assert case["reference"] in page.locator("h1").inner_text()
    assert GOOD["contact_phone"] in page.locator("#details").inner_text()
    assert page.errors == []


def test_bad_input_and_a_request_in_someone_elses_name_in_a_browser(page, live_console, desk):
    from tests.web.test_request_form import GOOD

    page.goto(live_console + "/request")
    wrong = {**GOOD, "company": "Acme <script>alert('x')</script><img src=x onerror=alert(1)>",
             "contact_name": "", "old_partner_email": "support@oldpartner", "domains": "a" * 250}
    for name, value in wrong.items():
        page.locator(f"#{name}").fill(value)
    page.get_by_role("button", name="Send the request").click()
    # Every wrong field shows its own error; what was right is kept; nothing ran, nothing was sent.
    assert "< or >" in page.locator("#company-error").inner_text()
    assert "fill this in" in page.locator("#contact_name-error").inner_text()
    assert "not an e-mail address" in page.locator("#old_partner_email-error").inner_text()
    assert page.locator("#domains").input_value() in ("a" * 200, "a" * 250)  # the browser may cut at maxlength
    for name in ("email", "contact_phone", "new_provider_email", "reason"):
        assert page.locator(f"#{name}").input_value() == GOOD[name], name
        assert page.locator(f"#{name}-error").count() == 0, name
    assert page.locator("#company").input_value() == wrong["company"]  # kept as typed, shown as text
    assert page.errors == [] and desk.outbox() == []

    # Filled in with somebody else's address: one confirmation, to that address, nothing else.
    victim = "ceo@victim.example"
    page.goto(live_console + "/request")
    for name, value in {**GOOD, "email": victim}.items():
        page.locator(f"#{name}").fill(value)
    page.get_by_role("button", name="Send the request").click()
    assert victim in page.locator("#sent").inner_text()
    assert [(m.template, m.row["to"]) for m in desk.outbox()] == [("request_confirmation", [victim])]
    assert desk.json("cases") == [] and page.errors == []


# What the status page's text must stand out from its background by (WCAG AA, normal text).
CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                              return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
                             if (rgb(c).length < 4 || rgb(c)[3] > 0) return rgb(c).slice(0, 3); } return [255, 255, 255]; };
  const worst = [];
  for (const el of document.querySelectorAll('main p, main dt, main dd, main th, main td, main h1, main h2, main pre, main strong')) {
    if (!el.innerText.trim()) continue;
    const a = lum(rgb(getComputedStyle(el).color).slice(0, 3)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push(el.tagName + ' ' + ratio.toFixed(2) + ' ' + el.innerText.slice(0, 40));
  }
  return worst;
}"""


def test_each_party_sees_its_own_case_on_a_phone_and_a_wrong_link_sees_nothing(browser, live_console, desk):
    mine = open_case(desk)
    theirs = open_case(desk, FULL_FORM.replace("Acme Widgets LLC", "Other Co"), client="lee@other-co.example")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  java_script_enabled=False)  # the page needs none
    page = context.new_page()
    client_link = status_link_of(desk, CLIENT, mine)
    answer = page.goto(live_console + client_link)
    assert answer.status == 200
    assert mine in page.locator("h1").inner_text() and theirs not in page.content()
    assert "Other Co" not in page.content()
    assert "Waiting for the partner" in page.locator("#where").inner_text()
    assert PARTNER in page.locator("#details").inner_text()
    shot(page, "status-client")

    partner_link = status_link_of(desk, PARTNER, mine)
    page.goto(live_console + partner_link)
    assert "I AGREE" in page.locator("#needed").inner_text()
    assert "Acme Widgets LLC" in page.locator("#waiver").inner_text()
    assert "555 0100" not in page.content() and PROVIDER not in page.content()
    assert page.locator("form, button, input").count() == 0  # nothing here can sign
    shot(page, "status-partner")

    reference, code, mac = partner_link.rsplit("/", 1)[1].split(".")
    for token in (f"{reference}.{code}.{mac[::-1]}", f"{theirs}.{code}.{mac}"):
        answer = page.goto(f"{live_console}/status/{token}")
        assert answer.status == 404
        assert "does not work" in page.locator("main").inner_text()
        assert mine not in page.content() and theirs not in page.content()
    context.close()

    # With script (as most people browse): it fits a phone, and its text is legible.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for link in (client_link, partner_link, status_link_of(desk, PROVIDER, mine)):
        page.goto(live_console + link)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{link} scrolls sideways on a phone ({width}px)"
        assert page.evaluate(CONTRAST) == []
        assert page.evaluate("document.documentElement.lang") == "en"
    context.close()
