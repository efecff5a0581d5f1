"""Set AC's false signing, through ``read_mail``.

Set AC answers a vendor of farm and cooperative software. Read once at 5c3620e before any fix,
it had one false signing: a condition typed behind ">" into our quoted reminder ("<<< only once
the client has paid the November invoice! >>>") under an attribution that NeoMutt wrapped over
two lines ("On 22/12/2026 08:23, Harvest Ledger – partner change\\n<transfer@…> wrote:"), in a
reminder whose wording is not today's. The reader took the first half of the attribution for a
typed line and the second half for an earlier mail, and looked no further; and a quote that is
no notice of today's was not read at all. Now the wrapped attribution is one heading, and in a
quote of ours that is no notice of today's a line with a condition and a payment is typed (the
daemon, which has the mails it sent, gives the yes back where the line is its own).
"""

from __future__ import annotations

from tests.unit.test_careful_reading_w import intent

REMINDER = ("\n\nOn 22/12/2026 08:23, Example transfer desk\n<transfer@example.com> wrote:\n"
            "> Hello,\n>\n> a friendly reminder about case XFER-PKT9JWK (Ruapehu Growers Co-op):\n"
            "> we are still waiting for your answer to the waiver request.\n> The deadline is 28 December 2026.\n>\n"
            "> Please reply to this mail with I AGREE as the first words of your\n> reply.\n{typed}"
            ">\n> Kind regards,\n> Example transfer desk\n")


def test_a_condition_with_a_payment_typed_into_an_older_reminder_is_not_signed():
    body = "I AGREE\n\nCheers,\nMere" + REMINDER.format(typed="> <<< only once the client has paid the November invoice! >>>\n")
    assert intent(body) == "ambiguous"


def test_an_older_reminder_with_nothing_typed_into_it_signs():
    assert intent("I AGREE\n\nCheers,\nMere" + REMINDER.format(typed="")) == "agree"
