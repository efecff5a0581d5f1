"""Each party's status page (Step 10): the signed link every notice to a party carries, what
each party sees of its case and what it never sees, and links that do not work (404, alike)."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.scenarios.desk import (
    CLIENT,
    FULL_FORM,
    PARTNER,
    PROVIDER,
    STAFF,
    Desk,
    confirm_request,
    open_case,
    staff_command,
)
from tests.web.conftest import partner_answers, provider_answers
from tests.web.conftest import status_link_of as link_of
from tests.web.conftest import status_links as links

PARTY_ROLES = {CLIENT: "client", PARTNER: "old_partner", PROVIDER: "new_provider"}


def test_every_notice_to_a_party_carries_that_partys_link_and_staff_notices_none(desk):
    ref = open_case(desk)
    partner_answers(desk, ref, "I OBJECT: the last invoice is still open.")
    by_role: dict[str, set[str]] = {}
    for sent in desk.outbox():
        in_text, in_html = links(sent)
        [to] = sent.row["to"]
        if to in PARTY_ROLES:
            assert len(in_text) == 1 and in_html == in_text, (sent.template, in_text, in_html)
            by_role.setdefault(PARTY_ROLES[to], set()).update(in_text)
        else:
            assert to == STAFF and in_text == [] and in_html == [], sent.template
    assert set(by_role) == set(PARTY_ROLES.values())
    # one link per party, the same in each of its mails, and no two parties share one
    assert all(len(found) == 1 for found in by_role.values()), by_role
    assert len(set.union(*by_role.values())) == 3
    assert desk.sent_to(STAFF)


def test_the_partner_sees_the_waiver_and_its_deadline_but_not_the_clients_phone_or_the_provider(client, desk):
    ref = open_case(desk)
    request = desk.last_to(PARTNER, "waiver_request")
    page = client.get(link_of(desk, PARTNER, ref))
    assert page.status_code == 200
    text = page.text
    assert ref in text and "Acme Widgets LLC" in text and "acme-widgets.example" in text
    assert "I AGREE" in text and "I OBJECT" in text
    # the waiver as the request carried it, and its deadline as the request gave it
    mailed = request.message.get_body(("plain",)).get_content()
    waiver = re.search(r'<pre class="body" id="waiver">(.*?)</pre>', text, re.S).group(1)
    assert waiver.strip() and waiver.strip().splitlines()[0] in mailed
    deadline = re.search(r"Please answer by (.+?)\. If we", " ".join(mailed.split())).group(1)
    assert deadline in " ".join(text.split()) and "(America/Chicago)" in deadline
    assert "555 0100" not in text and PROVIDER not in text and "newprovider" not in text
    # read-only: nothing on the page can sign
    assert "<form" not in text and "<button" not in text


def test_the_provider_never_sees_a_dispute_the_partner_and_the_client_do(client, desk):
    ref = open_case(desk)
    partner_answers(desk, ref, "I OBJECT: the last invoice is still open.")
    assert desk.case(ref)["status"] == "disputed"
    provider = client.get(link_of(desk, PROVIDER, ref))
    assert provider.status_code == 200 and ref in provider.text
    assert "I ACCEPT" in provider.text and "Dana Smith" in provider.text and "555 0100" in provider.text
    for word in ("object", "disput", "mediat", "invoice", PARTNER, "oldpartner"):
        assert word not in provider.text.lower(), word
    partner = client.get(link_of(desk, PARTNER, ref)).text
    assert "you objected" in partner.lower()
    whole = client.get(link_of(desk, CLIENT, ref)).text
    assert "disputed by the partner" in whole


def test_the_client_sees_the_whole_case_and_each_step_as_it_is_done(client, desk):
    ref = open_case(desk)
    path = link_of(desk, CLIENT, ref)
    before = client.get(path).text
    assert all(value in before for value in ("555 0100", PARTNER, PROVIDER, "Dana Smith"))
    assert "Nothing now" in before and "CANCEL" in before
    partner_answers(desk, ref, "I AGREE")
    provider_answers(desk, ref, "I ACCEPT")
    after = client.get(path).text
    assert re.search(r"current partner&#39;s waiver</th><td>done", after), after
    assert re.search(r"new provider&#39;s acceptance</th><td>done", after)
    assert "executing the transfer" in after


def test_links_that_do_not_work_answer_404_alike_and_tell_nothing(client, desk):
    ref = open_case(desk)
    other_client = "lee@other-co.example"
    other = open_case(desk, FULL_FORM.replace("Acme Widgets LLC", "Other Co").replace(
        "acme-widgets.example", "other-co.example"), client=other_client)
    good = link_of(desk, PARTNER, ref)
    theirs = link_of(desk, PARTNER, other)
    reference, code, mac = good.rsplit("/", 1)[1].split(".")
    assert client.get(good).status_code == 200 and client.get(theirs).status_code == 200
    bad = [
        f"{reference}.{code}.{mac[:-1]}{'0' if mac[-1] != '0' else '1'}",  # one character changed
        f"{other}.{code}.{mac}",  # this link, another case
        f"{reference}.n.{mac}", f"{reference}.c.{mac}",  # another role
        f"{reference}.{code}.{theirs.rsplit('.', 1)[1]}",  # another case's signature
        f"{reference}.{code}", f"{reference}..{mac}", "XFER-0000000.p." + "0" * 32,
        f"{reference}.{code}.{mac}.{mac}", "x" * 300, f"{reference.lower()}.{code}.{mac}",
    ]
    answers = [client.get(f"/status/{token}") for token in bad]
    assert [a.status_code for a in answers] == [404] * len(bad)
    assert len({a.text for a in answers}) == 1  # one answer for every why
    assert ref not in answers[0].text and other not in answers[0].text
    assert "set-cookie" not in answers[0].headers and "set-cookie" not in client.get(good).headers
    assert client.get(good).headers["x-robots-tag"] == "noindex, nofollow"


def test_a_replaced_partners_link_dies_and_the_new_one_works(client, desk):
    ref = open_case(desk)
    old = link_of(desk, PARTNER, ref)
    colleague = "help@oldpartner.example"
    desk.ingest(staff_command(desk, ref, f"#set partner {colleague}"))
    assert client.get(old).status_code == 404
    new = link_of(desk, colleague, ref)
    assert new != old and client.get(new).status_code == 200


def test_a_link_dies_status_days_after_the_case_closed(client, desk, clock):
    ref = open_case(desk)
    path = link_of(desk, CLIENT, ref)
    desk.ingest(staff_command(desk, ref, "#cancel - the client withdrew"))
    assert desk.case(ref)["status"] == "cancelled"
    assert "cancelled" in client.get(path).text
    clock.now += timedelta(days=29, hours=23)
    assert client.get(path).status_code == 200
    clock.now += timedelta(hours=1)
    assert client.get(path).status_code == 404


def test_notices_carry_no_link_unless_the_pages_are_served(tmp_path):
    quiet = Desk(tmp_path)  # [web] listen not set, status_links "auto"
    open_case(quiet)
    assert quiet.outbox() and all(links(sent) == ([], []) for sent in quiet.outbox())
    assert not any("/status/" in sent.row["text"] for sent in quiet.outbox())


def test_staff_get_no_link_even_when_copied_as_a_party_would_be(desk):
    ref = open_case(desk)
    partner_answers(desk, ref, "I OBJECT: the last invoice is still open.")
    assert desk.sent_to(STAFF) and all(links(sent) == ([], []) for sent in desk.sent_to(STAFF))


def test_a_partys_page_speaks_its_language_and_the_keywords_stay_english(client, desk):
    from tests.scenarios.test_languages import GERMAN_REQUEST

    opened = desk.ingest(desk.new_mail(CLIENT, "Wechsel unseres Dienstes", GERMAN_REQUEST, name="Dana Schmidt"))
    ref = opened["reference"]
    german = client.get(link_of(desk, CLIENT, ref))
    assert german.status_code == 200 and '<html lang="de">' in german.text
    for words in (f"Vorgang {ref}", "Was wir von Ihnen brauchen", "Zeiten in America/Chicago",
                  "Müller Werkzeuge GmbH"):
        assert words in german.text, words
    assert "What we need from you" not in german.text and "Where it stands" not in german.text
    # The client confirms; the partner is written to in English (nobody said otherwise), then
    # staff set French for it.
    confirm_request(desk)
    english = client.get(link_of(desk, PARTNER, ref)).text
    assert '<html lang="en">' in english and "What we need from you" in english
    desk.ingest(staff_command(desk, ref, "#set language partner fr"))
    french = client.get(link_of(desk, PARTNER, ref)).text
    assert '<html lang="fr">' in french and "Ce dont nous avons besoin" in french
    assert "I AGREE" in french and "I OBJECT" in french  # the words to write, as written
    assert "RENONCIATION ET DÉCHARGE" in french  # the waiver as the French request carried it
