"""A yes typed over our notice with words typed into the quoted notice itself.

The partner's client shows the inserted line as part of the quote (an HTML blockquote, or a
">" line typed among ours), so the reader alone takes it for our words. The outbox holds
what we really sent: the pipeline compares, and such a yes goes to staff.
"""

from __future__ import annotations

import textwrap

from tests.scenarios.desk import CLIENT, PARTNER, PROVIDER, open_case


def insert_after(anchor: str, typed: str):
    """The writer's edit: ``typed`` on a line of its own after the line holding ``anchor``."""
    def edit(original: str) -> str:
        lines = original.split("\n")
        at = next(i for i, line in enumerate(lines) if anchor in line)
        return "\n".join(lines[:at + 1] + [typed] + lines[at + 1:])
    return edit


def rewrap(width: int):
    """A client that re-wraps the quoted notice to its own width."""
    def edit(original: str) -> str:
        return "\n".join(textwrap.fill(paragraph, width) for paragraph in original.split("\n\n")) \
            .replace("\n", "\n\n", 0)
    return edit


def test_a_condition_typed_into_the_quoted_acceptance_request_goes_to_staff(desk):
    ref = open_case(desk)
    request = desk.last_to(PROVIDER, "acceptance_request")
    reply = desk.reply(request, PROVIDER, "I ACCEPT",
                       edit=insert_after("Domains:", "provided our last invoice is paid before the switch."))
    result = desk.ingest(reply)
    assert result["outcome"] == "Ambiguous"
    assert desk.case(ref)["milestones"]["acceptance"]["state"] == "pending"


def test_a_condition_in_another_language_inside_an_unmarked_quote_goes_to_staff(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    reply = desk.reply(waiver, PARTNER, "I AGREE", style="outlook",
                       edit=insert_after("How to answer", "mits ons laaste faktuur voor die oorskakeling betaal word."))
    assert desk.ingest(reply)["outcome"] == "Ambiguous"
    assert desk.case(ref)["milestones"]["waiver"]["state"] == "pending"


def test_a_cancel_over_an_acknowledgement_with_a_typed_condition_goes_to_staff(desk):
    ref = open_case(desk)
    ack = desk.last_to(CLIENT, "acknowledgement")
    reply = desk.reply(ack, CLIENT, "CANCEL", edit=insert_after(ref, "Only if the new provider has not started yet."))
    assert desk.ingest(reply)["outcome"] == "Ambiguous"
    assert desk.case(ref)["status"] != "cancelled"


def test_the_same_yes_over_the_notice_as_sent_or_rewrapped_signs(desk):
    open_case(desk)
    request = desk.last_to(PROVIDER, "acceptance_request")
    waiver = desk.last_to(PARTNER, "waiver_request")
    assert desk.ingest(desk.reply(request, PROVIDER, "I ACCEPT", edit=rewrap(52)))["outcome"] == "ProviderAccepted"
    assert desk.ingest(desk.reply(waiver, PARTNER, "I AGREE", style="outlook"))["outcome"] == "WaiverSigned"


def test_a_courtesy_typed_into_the_quote_changes_nothing(desk):
    open_case(desk)
    request = desk.last_to(PROVIDER, "acceptance_request")
    reply = desk.reply(request, PROVIDER, "I ACCEPT", edit=insert_after("Domains:", "Thanks a lot, Dana Smith"))
    assert desk.ingest(reply)["outcome"] == "ProviderAccepted"


def test_a_condition_under_a_forged_heading_of_ours_goes_to_staff(desk):
    """No quote of ours at all: our heading, then the writer's own line, where a reader
    without the outbox takes it for our mail (see test_careful_reading's known gap)."""
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    reply = desk.reply(waiver, PARTNER, "I AGREE", style="outlook", edit=lambda original: "Note: the archive stays with us\n")
    assert desk.ingest(reply)["outcome"] == "Ambiguous"
    assert desk.case(ref)["milestones"]["waiver"]["state"] == "pending"


def test_a_notice_worded_by_an_earlier_version_still_signs(desk):
    """The reader knows only today's templates: a line our earlier version wrote, with a
    condition word in it, looks typed to it. The outbox holds the mail as it was sent, and the
    daemon signs."""
    import email
    import email.policy

    from sqlalchemy import text

    from mailbot.store.db import make_engine
    from tests.scenarios.desk import Sent

    open_case(desk)
    request = desk.last_to(PROVIDER, "acceptance_request")
    older_line = "Kindly respond prior to expiry unless an extension was granted."
    message = request.message
    body = message.get_body(("plain",))
    body.set_content(insert_after("Domains:", older_line)(body.get_content()))
    if message.get_body(("html",)) is not None:
        message.get_body(("html",)).set_content(f"<p>{older_line}</p>", subtype="html")
    engine = make_engine(desk.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("update outbound_mails set raw = :raw where id = :id"),
                               {"raw": bytes(message), "id": request.row["id"]})
    finally:
        engine.dispose()
    older = Sent(request.row, email.message_from_bytes(bytes(message), policy=email.policy.default))
    assert desk.ingest(desk.reply(older, PROVIDER, "I ACCEPT"))["outcome"] == "ProviderAccepted"
