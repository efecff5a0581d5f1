"""Which quoted lines are not our words (parsers.notice_quote.typed_into)."""

from __future__ import annotations

import textwrap

from parsers.notice_quote import typed_into

NOTICE = """Hello,

Brennerei Altmark has named you as their new provider for their hosted Dunmore
service. Case XFER-4F55RSG.

Client contact: Morgan Ellis <m.ellis@client.example>, +44 20 7946 0270
Domains: brennerei-altmark.example

How to answer (please reply to this mail):
  - to take the client over, reply with I ACCEPT as the first words of your reply;
  - if you cannot, reply with I DECLINE.

Please answer by 20 December 2026.

Kind regards,
Dunmore transfer desk
"""


def quoted(text: str, heading: str = "On 5 Nov 2026, Dunmore transfer desk <transfer@dunmore.example> wrote:") -> str:
    return heading + "\n" + textwrap.indent(text, "> ", lambda line: True)


def test_our_notice_quoted_as_sent_holds_nothing_typed():
    assert typed_into(quoted(NOTICE), [NOTICE]) == []


def test_a_rewrapped_and_reindented_quote_holds_nothing_typed():
    rewrapped = "\n\n".join(textwrap.fill(p, 38) for p in NOTICE.split("\n\n"))
    assert typed_into(quoted(rewrapped, "Op 05.11.2026 het Dunmore transfer desk geskryf:"), [NOTICE]) == []


def test_a_line_typed_among_ours_is_found_in_any_language():
    for typed in ("provided our last invoice is paid before the switch.",
                  "mits ons laaste faktuur voor die oorskakeling betaal word.",
                  "при условии оплаты последнего счёта"):
        edited = NOTICE.replace("Domains: brennerei-altmark.example\n", f"Domains: brennerei-altmark.example\n{typed}\n")
        assert typed_into(quoted(edited), [NOTICE]) == [typed]


def test_a_line_made_of_our_words_in_another_order_is_found():
    typed = "the client takes over your reply as the first words"
    edited = NOTICE.replace("Kind regards,", f"{typed}\nKind regards,")
    assert typed_into(quoted(edited), [NOTICE]) == [typed]


def test_values_and_short_words_are_not_typed_text():
    edited = NOTICE.replace("Kind regards,", "OK 2026-11-05 +44 20 7946 0270\nKind regards,")
    assert typed_into(quoted(edited), [NOTICE]) == []


def test_an_earlier_mail_quoted_under_ours_ends_the_comparison():
    earlier = "From: Morgan Ellis <m.ellis@client.example>\nPlease move us to the new provider quickly.\n"
    assert typed_into(quoted(NOTICE + "\n" + earlier), [NOTICE]) == []


def test_without_our_mails_nothing_is_compared():
    assert typed_into(quoted(NOTICE + "\nprovided the invoice is paid\n"), []) == []


# -- without the outbox: today's templates stand for the mail we sent -----------------------------

from parsers.reading import against_what_we_sent, read_mail  # noqa: E402
from tests.conftest import SETTINGS  # noqa: E402
from tests.unit.test_careful_reading import mail  # noqa: E402

# Today's acceptance request, as the templates word it (replies/templates/acceptance_request.txt.j2)
TODAYS_NOTICE = NOTICE.replace("Dunmore transfer desk", "Example transfer desk").replace("Dunmore", "Example")


def reply_quoting(notice: str) -> bytes:
    return mail("I ACCEPT\n\nOn 5 Nov 2026, Example transfer desk <transfer@example.com> wrote:\n"
                + textwrap.indent(notice, "> ", lambda line: True))


def with_typed(notice: str, typed: str) -> str:
    return notice.replace("Domains: brennerei-altmark.example\n", f"Domains: brennerei-altmark.example\n{typed}\n")


def test_a_condition_typed_into_todays_notice_is_found_without_the_outbox():
    reading = read_mail(reply_quoting(with_typed(TODAYS_NOTICE, "Allerdings erst, wenn die Rechnung beglichen ist.")),
                        SETTINGS)
    assert str(reading.intent) == "ambiguous" and "typed into our quoted mail" in reading.intent_reason
    assert str(reading.unless_quote_is_ours) == "accept"


def test_todays_notice_quoted_as_sent_signs():
    assert str(read_mail(reply_quoting(TODAYS_NOTICE), SETTINGS).intent) == "accept"


def test_the_mail_we_sent_decides_where_the_reader_guessed():
    """A line of an earlier version's notice looks typed to a reader that knows only today's
    templates; the outbox holds it, and the yes stands. A line the outbox does not hold stays."""
    older = with_typed(TODAYS_NOTICE, "Please answer before the deadline unless you need more time.")
    reading = read_mail(reply_quoting(older), SETTINGS)
    assert str(reading.intent) == "ambiguous"
    assert str(against_what_we_sent(reading, [older]).intent) == "accept"
    assert str(against_what_we_sent(reading, [TODAYS_NOTICE]).intent) == "ambiguous"


def test_many_lines_unlike_today_are_another_version_not_typed_text():
    older = TODAYS_NOTICE.replace("How to answer (please reply to this mail):",
                                  "Unless somebody objects, migration proceeds automatically.\n"
                                  "Only written replies are considered valid here.\n"
                                  "Payment questions belong with accounting colleagues.\n"
                                  "Kindly respond prior to expiry whenever feasible.")
    assert str(read_mail(reply_quoting(older), SETTINGS).intent) == "accept"
