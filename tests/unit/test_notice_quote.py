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
