"""Who may see and do what in the console: sign-in links, sessions, CSRF, safe mail display."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.scenarios.desk import CLIENT, PARTNER, STAFF
from tests.web.conftest import CSRF, csrf, open_case, partner_answers, sign_in, sign_in_link

STAFF_PAGES = ["/", "/cases", "/cases/XFER-4KZG3A1", "/cases/XFER-4KZG3A1/evidence.zip", "/outbox",
               "/quarantine", "/mail/in/1", "/mail/out/1", "/report"]
STAFF_POSTS = ["/cases/XFER-4KZG3A1/command", "/mail/in/1/accept", "/mail/in/1/replay", "/mail/out/1/retry"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_no_page_without_a_session(client, path):
    answer = client.get(path)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"


@pytest.mark.parametrize("path", ["/api/cases", "/api/cases/XFER-4KZG3A1"])
def test_no_api_without_a_session(client, path):
    answer = client.get(path)
    assert answer.status_code == 401 and answer.json() == {"error": "sign in first"}


@pytest.mark.parametrize("path", STAFF_POSTS)
def test_no_action_without_a_session(client, desk, path):
    reference = open_case(desk)
    before = desk.case(reference)["events"]
    answer = client.post(path.replace("XFER-4KZG3A1", reference), data={"command": "cancel", "reason": "x",
                                                                          "csrf_token": csrf(client)})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert desk.case(reference)["events"] == before


def test_health_and_metrics_need_no_session(client):
    assert client.get("/healthz").json()["database"] == "ok"
    assert "mailbot_cases" in client.get("/metrics").text


def test_a_sign_in_link_works_once(client, desk):
    client.post("/login", data={"email": STAFF, "csrf_token": csrf(client)})
    link = sign_in_link(desk)
    assert client.get(link).status_code == 303
    assert client.get("/").status_code == 200
    client.cookies.clear()
    again = client.get(link)
    assert again.status_code == 400 and "does not work" in again.text
    assert client.get("/").status_code == 303


def test_a_sign_in_link_expires(client, desk, clock):
    client.post("/login", data={"email": STAFF, "csrf_token": csrf(client)})
    clock.now += timedelta(minutes=16)  # [web] login_minutes = 15
    assert client.get(sign_in_link(desk)).status_code == 400
    assert client.get("/").status_code == 303


def test_a_link_signs_in_its_own_address_only(client, desk):
    colleague = "ann@example.com"  # staff by the @example.com entry
    client.post("/login", data={"email": colleague, "csrf_token": csrf(client)})
    link = sign_in_link(desk, colleague)
    nonce, mac = link.rsplit("/", 1)[1].split(".")
    # Any change to the link fails, and the one good link signs in the colleague, nobody else.
    for forged in (f"{nonce}.{mac[:-1]}{'0' if mac[-1] != '0' else '1'}", f"{nonce[:-1]}A.{mac}", nonce, f".{mac}"):
        assert client.get(f"/login/{forged}").status_code == 400, forged
    assert client.get(link).status_code == 303
    page = client.get("/")
    assert colleague in page.text and STAFF not in page.text


def test_a_session_ends_at_sign_out_even_for_a_copied_cookie(client, desk):
    sign_in(client, desk)
    copied = dict(client.cookies)
    token = CSRF.search(client.get("/").text).group(1)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    client.cookies.clear()
    client.cookies.update(copied)
    assert client.get("/").status_code == 303


def test_a_session_lasts_session_hours(client, desk, clock):
    sign_in(client, desk)
    clock.now += timedelta(hours=12, minutes=1)
    assert client.get("/").status_code == 303


def test_a_post_without_the_csrf_token_is_refused(client, desk):
    reference = open_case(desk)
    sign_in(client, desk)
    for data in ({"command": "cancel", "reason": "no token"},
                 {"command": "cancel", "reason": "wrong token", "csrf_token": "x" * 32}):
        answer = client.post(f"/cases/{reference}/command", data=data)
        assert answer.status_code == 403
    assert desk.case(reference)["status"] == "intake" or desk.case(reference)["status"] == "waiting"
    assert not [e for e in desk.case(reference)["events"] if e["kind"] == "cancelled"]


def test_the_login_form_needs_its_csrf_token(client, desk):
    assert client.post("/login", data={"email": STAFF}).status_code == 403
    assert sign_in_link(desk) is None


def test_a_stranger_gets_no_link_and_the_same_answer(client, desk):
    def answer(address: str) -> str:
        page = client.post("/login", data={"email": address, "csrf_token": csrf(client)})
        assert page.status_code == 200
        return CSRF.sub("", page.text)

    assert answer("mallory@evil.example") == answer(STAFF)
    assert desk.sent_to("mallory@evil.example") == []
    assert len(desk.sent_to(STAFF, "sign_in")) == 1


def test_sign_in_requests_are_rate_limited(client, desk):
    codes = [client.post("/login", data={"email": STAFF, "csrf_token": csrf(client)}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert len(desk.sent_to(STAFF, "sign_in")) == 3


def test_every_page_carries_a_strict_content_security_policy(client, desk):
    sign_in(client, desk)
    for path in ("/login", "/", "/cases", "/outbox", "/quarantine", "/healthz"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy, path


HOSTILE_HTML = """<html><body><p>I AGREE</p>
<script>document.title='pwned'</script><img src=x onerror="document.title='pwned'">
<a href="javascript:alert(1)">click</a><iframe src="https://evil.example/"></iframe></body></html>"""


def test_inbound_html_is_shown_as_text_never_as_html(client, desk):
    reference = open_case(desk)
    request = desk.last_to(PARTNER, "waiver_request")
    raw = desk.reply(request, PARTNER, "see below")
    from email import message_from_bytes, policy

    mail = message_from_bytes(raw, policy=policy.default)
    mail.add_alternative(HOSTILE_HTML, subtype="html")
    result = desk.ingest(bytes(mail))
    sign_in(client, desk)
    inbound = desk.sql(f"select id from inbound_mails where message_id = '{mail['Message-ID']}'")[0][0]
    page = client.get(f"/mail/in/{inbound}")
    assert page.status_code == 200 and result["reference"] == reference
    for dangerous in ("<script", "<img", "<iframe", "onerror=", 'href="javascript'):
        assert dangerous not in page.text
    assert "see below" in page.text


def test_a_request_from_a_client_shows_up_under_its_case(client, desk):
    reference = open_case(desk)
    sign_in(client, desk)
    listing = client.get("/cases?q=" + CLIENT)
    assert reference in listing.text
    assert client.get("/api/cases/" + reference).json()["parties"]["client"]["email"] == CLIENT


def test_an_unclear_reply_waits_in_needs_you(client, desk):
    reference = open_case(desk)
    result = partner_answers(desk, reference, "I agree, provided invoice 2291 is paid first.")
    assert result["outcome"] == "Ambiguous"
    sign_in(client, desk)
    page = client.get("/").text
    assert "Unclear replies" in page and "invoice 2291" in page and reference in page


def test_health_says_what_is_wrong_and_metrics_count_what_is_there(client, desk, clock):
    reference = open_case(desk)
    health = client.get("/healthz")
    # No daemon runs in this test: nobody watches the mailbox, and the console says so.
    assert health.status_code == 503 and health.json()["imap_watcher"] == "not running"
    metrics = client.get("/metrics").text
    assert 'mailbot_cases{status="waiting"} 1.0' in metrics
    assert 'mailbot_mails_in_total{outcome="CaseOpened"} 1.0' in metrics
    clock.now += timedelta(hours=2)  # the notices of the case wait, unsent, for two hours
    health = client.get("/healthz").json()
    assert health["outbox_oldest_pending_seconds"] >= 7200
    assert any("outbox" in problem for problem in health["problems"])
    assert reference
