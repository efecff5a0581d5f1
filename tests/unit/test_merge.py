"""#merge as a pure decision: a duplicate folded into another open case, nothing overwritten."""

from __future__ import annotations

from dataclasses import replace

from mailbot.domain import outcomes
from mailbot.domain.decide import decide, preview
from mailbot.domain.model import Status
from parsers.reference import check_character
from tests.unit.test_decide import NOW, RULES, staff_says, templates, waiting_case

TARGET = "XFER-7K2P9Q" + check_character("7K2P9Q")


def merge(case, target, text=f"#merge {TARGET}"):
    return decide(case, staff_says(text, other_cases={TARGET: target} if target else {}), NOW, RULES)


def test_a_duplicate_is_closed_and_points_to_the_case_that_goes_on():
    duplicate = waiting_case(form={**waiting_case().form, "old_partner_name": "Bob Miller"})
    target = replace(waiting_case(reference=TARGET), form=dict(waiting_case().form))
    d = merge(duplicate, target)
    assert isinstance(d.outcome, outcomes.StaffCommands), d.outcome
    assert d.status is Status.CANCELLED and d.merge_into == TARGET
    assert all(plans == [] for plans in d.timers.values())
    assert not d.form and not d.parties  # nothing of either case's details is rewritten
    merged = next(e for e in d.events if e.kind == "merged")
    assert f"merged into {TARGET}" in merged.detail and "Bob Miller (missing on" in merged.detail
    assert ("merged", "client") in templates(d) and ("merged", "old_partner") in templates(d)
    assert ("cancelled", "client") not in templates(d)
    staff = next(n for n in d.notices if n.template == "merged_staff")
    assert staff.context["leftovers"] == [f"Current partner contact name: Bob Miller (missing on {TARGET})"]


def test_a_merge_and_a_reopen_in_one_mail_leave_the_case_standing_alone():
    d = merge(waiting_case(), waiting_case(reference=TARGET), f"#merge {TARGET}\n#reopen")
    after = preview(waiting_case(), d)
    assert after.status is Status.WAITING and after.merged_into is None and d.merge_into == ""


def test_what_cannot_be_merged_is_refused_with_why():
    closed = waiting_case(reference=TARGET, status=Status.COMPLETED)
    signed = waiting_case(waiver=replace(waiting_case().waiver, signed=True))
    for case, target, why in ((waiting_case(), None, f"there is no case {TARGET}"),
                              (waiting_case(), closed, f"{TARGET} is completed"),
                              (waiting_case(reference=TARGET), waiting_case(reference=TARGET), "into itself"),
                              (waiting_case(status=Status.CANCELLED), waiting_case(reference=TARGET), "already"),
                              (signed, waiting_case(reference=TARGET), "merge the other way")):
        d = merge(case, target)
        assert isinstance(d.outcome, outcomes.BadCommand) and why in d.outcome.detail, (why, d.outcome)
        assert d.merge_into is None and d.status is None
