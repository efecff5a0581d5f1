"""The client's request on the web (Step 10): the same fields and checks as the mailed form;
a confirmation link to the address given, and the case opens only when it is followed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.scenarios.desk import CLIENT, PARTNER, PROVIDER
from tests.web.conftest import CSRF, csrf, sign_in

CONFIRM = r"http://127\.0\.0\.1:8025(/request/confirm/[A-Za-z0-9_\-]+\.[0-9a-f]+)"
GOOD = {"email": CLIENT, "company": "Acme Widgets LLC", "contact_name": "Dana Smith",
        "contact_phone": "+1 555 0100", "domains": "acme-widgets.example", "old_partner_email": PARTNER,
        "new_provider_email": PROVIDER, "reason": "our partner stopped answering"}


def send(client, **changes):
    return client.post("/request", data={**GOOD, **changes, "csrf_token": csrf(client, "/request")})


def confirmation_link(desk, address: str = CLIENT) -> str:
    import re

    mails = desk.sent_to(address, "request_confirmation")
    assert len(mails) == 1, [m.template for m in desk.sent_to(address)]
    return re.search(CONFIRM, mails[0].message.get_body(("plain",)).get_content()).group(1)


def test_a_request_opens_its_case_when_the_client_follows_the_mailed_link(client, desk):
    page = send(client)
    assert page.status_code == 200 and "please open the" in page.text
    assert desk.json("cases") == []  # nothing opens before the link is followed
    assert desk.sent_to(PARTNER) == [] and desk.sent_to(PROVIDER) == []
    opened = client.get(confirmation_link(desk))
    assert opened.status_code == 200 and "is open" in opened.text
    [case] = desk.json("cases")
    assert case["client"] == CLIENT and case["reference"] in opened.text
    assert desk.last_to(CLIENT, "acknowledgement")
    # The mailbox was proven by the link: the partner and the provider are written to at once.
    assert desk.last_to(PARTNER, "waiver_request") and desk.last_to(PROVIDER, "acceptance_request")
    assert client.get(confirmation_link(desk)).status_code == 404  # once only
    assert len(desk.json("cases")) == 1


def test_a_request_in_someone_elses_name_writes_only_to_that_address(client, desk):
    victim = "ceo@victim.example"
    assert send(client, email=victim).status_code == 200
    assert [m.template for m in desk.outbox()] == ["request_confirmation"]
    assert desk.outbox()[0].row["to"] == [victim]
    assert desk.json("cases") == []


@pytest.mark.parametrize("token", ["", "x", "abc.def", "A" * 32 + "." + "0" * 32])
def test_a_bad_or_tampered_link_answers_404_and_tells_nothing(client, desk, token):
    send(client)
    good = confirmation_link(desk)
    nonce, mac = good.rsplit("/", 1)[1].split(".")
    for path in (f"/request/confirm/{token}", f"/request/confirm/{nonce}.{mac[::-1]}"):
        answer = client.get(path)
        assert answer.status_code in (404, 405) and CLIENT not in answer.text
    assert desk.json("cases") == []


def test_an_expired_link_opens_nothing(client, desk, clock):
    send(client)
    clock.now += timedelta(hours=25)
    assert client.get(confirmation_link(desk)).status_code == 404
    assert desk.json("cases") == []


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-address", "not an e-mail address"),
    ("email", "", "is needed"),
    ("company", "", "fill this in"),
    ("company", "Acme <script>alert(1)</script>", "No &lt; or &gt;"),
    ("company", "A" * 201, "At most 200 characters"),
    ("contact_phone", "call me", "not a phone number"),
    ("old_partner_phone", "ask for Bob", "not a phone number"),
    ("new_provider_name", "Priya (see https://x.example)", "cannot hold a link"),
    ("old_partner_email", CLIENT, "your own address"),
    ("new_provider_email", PARTNER, "cannot be the same address"),
])
def test_bad_input_is_refused_with_the_fields_own_error_and_the_rest_kept(client, desk, field, value, message):
    page = send(client, **{field: value})
    assert page.status_code == 400
    error = page.text.split(f'id="{field}-error">', 1)[1].split("</p>", 1)[0]
    assert message in error
    kept = [name for name in GOOD if name != field]
    for name in kept:
        if name != "reason":
            assert f'value="{GOOD[name]}"' in page.text, name
    assert "<script>alert" not in page.text
    assert desk.outbox() == []


def test_the_hidden_field_robots_fill_in_sends_nothing(client, desk):
    page = client.post("/request", data={**GOOD, "website": "http://spam.example",
                                         "csrf_token": csrf(client, "/request")})
    assert page.status_code == 200 and "please open the" in page.text
    assert desk.outbox() == []


def test_requests_are_rate_limited_per_address(client, desk):
    codes = [send(client).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert len(desk.sent_to(CLIENT, "request_confirmation")) == 3


def test_the_form_needs_its_csrf_token(client, desk):
    assert client.post("/request", data=GOOD).status_code == 403
    assert desk.outbox() == []
    assert CSRF.search(client.get("/request").text)


def test_the_partners_and_providers_contacts_are_optional_fields_staff_see(client, desk):
    page = client.get("/request").text
    for label in ("Current partner contact name", "Current partner phone (optional)", "New provider contact name",
                  "New provider phone (optional)"):
        assert label in page
    contacts = {"old_partner_name": "Bob Miller", "old_partner_phone": "+1 555 0199",
                "new_provider_name": "Priya Raman"}
    assert send(client, **contacts).status_code == 200
    client.get(confirmation_link(desk))
    [listed] = desk.json("cases")
    case = desk.case(listed["reference"])
    assert case["parties"]["old_partner"] == {"email": PARTNER, "name": "Bob Miller", "phone": "+1 555 0199"}
    assert case["parties"]["new_provider"] == {"email": PROVIDER, "name": "Priya Raman"}
    assert case["form"]["old_partner_name"] == "Bob Miller" and "new_provider_phone" not in case["form"]
    sign_in(client, desk)
    shown = client.get(f"/cases/{listed['reference']}").text
    assert f"{PARTNER} — Bob Miller · +1 555 0199" in shown and f"{PROVIDER} — Priya Raman" in shown
