"""Deadlines through ``mailbot ingest`` and ``mailbot sweep --now`` (America/Chicago, 8-17,
Monday to Friday, US holidays)."""

from __future__ import annotations

from tests.scenarios.desk import CLIENT, PARTNER, PROVIDER, STAFF, STAFF_PASS, open_case


def sweep(desk, now: str) -> str:
    code, out = desk.run("sweep", "--now", now)
    assert code == 0, out
    return out


def sent(desk, template: str) -> list:
    return [s for s in desk.outbox() if s.template == template]


def test_intake_deadline_nudges_and_escalation_over_thanksgiving(desk):
    ref = open_case(desk, form="Company: Acme Widgets LLC")  # Wednesday 25 Nov 2026 09:00
    case = desk.case(ref)
    assert case["milestones"]["intake"]["due"] == "2026-11-30T15:00:00+00:00"  # Monday 09:00 Chicago

    assert "nothing fires" in sweep(desk, "2026-11-26T12:00:00-06:00")  # Thanksgiving
    assert sent(desk, "nudge") == []
    assert "0 nudge(s)" in sweep(desk, "2026-11-27T08:30:00-06:00")  # Friday, before the half-way point

    sweep(desk, "2026-11-27T09:00:00-06:00")  # half-way in business time
    nudges = sent(desk, "nudge")
    assert len(nudges) == 1 and nudges[0].row["to"] == [CLIENT]
    assert "Monday 30 November 2026, 09:00 (America/Chicago)" in nudges[0].row["text"]
    for _ in range(3):
        sweep(desk, "2026-11-27T09:30:00-06:00")
    assert len(sent(desk, "nudge")) == 1  # repeated sweeps add nothing

    sweep(desk, "2026-11-27T14:00:00-06:00")  # four business hours before Monday 09:00
    assert len(sent(desk, "nudge")) == 2
    assert "nothing fires" in sweep(desk, "2026-11-28T10:00:00-06:00")  # Saturday

    sweep(desk, "2026-11-30T09:00:00-06:00")
    escalations = sent(desk, "escalation")
    assert len(escalations) == 1 and escalations[0].row["to"] == [STAFF]
    assert desk.case(ref)["milestones"]["intake"]["breached"] is True
    sweep(desk, "2026-11-30T10:00:00-06:00")
    assert len(sent(desk, "escalation")) == 1 and len(sent(desk, "nudge")) == 2
    assert "breached" in [e["kind"] for e in desk.case(ref)["events"]]


def test_a_sweep_weeks_later_sends_one_nudge_and_one_escalation_per_milestone(desk):
    ref = open_case(desk)  # waiver and acceptance both running
    out = sweep(desk, "2026-12-21T10:00:00-06:00")
    assert "2 nudge(s), 2 escalation(s)" in out and "older point(s) skipped" in out
    assert sorted(s.row["to"][0] for s in sent(desk, "nudge")) == sorted([PARTNER, PROVIDER])
    assert len(sent(desk, "escalation")) == 2
    # The reminder sent after the deadline says so, in the past tense.
    late = next(s.row for s in sent(desk, "nudge") if s.row["to"] == [PARTNER])
    assert "The deadline was" in late["text"] and "please answer as soon as you can" in late["text"]
    case = desk.case(ref)
    assert case["milestones"]["waiver"]["breached"] and case["milestones"]["acceptance"]["breached"]
    assert "0 nudge(s), 0 escalation(s)" in sweep(desk, "2026-12-22T10:00:00-06:00")


def test_extend_moves_the_deadline_and_its_timers(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, STAFF, "#extend waiver 2d", to_address="transfer@example.com", extra_headers=STAFF_PASS))
    assert desk.case(ref)["milestones"]["waiver"]["due"] == "2026-12-03T15:00:00+00:00"  # Tue + 2d
    sweep(desk, "2026-12-01T09:00:00-06:00")  # the old deadline: nothing for the waiver
    assert [s.row["to"] for s in sent(desk, "escalation")] == [[STAFF]]  # the acceptance one only
    sweep(desk, "2026-12-03T09:00:00-06:00")
    assert len(sent(desk, "escalation")) == 2


def test_a_disputed_waiver_does_not_run_the_partners_clock(desk):
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, PARTNER, "I OBJECT, we are owed money"))
    listed = desk.json("cases")[0]
    assert listed["status"] == "disputed" and listed["next_deadline"]["milestone"] == "acceptance"
    sweep(desk, "2026-12-21T10:00:00-06:00")
    assert [s.row["to"] for s in sent(desk, "nudge")] == [[PROVIDER]]


def test_the_client_follow_up_thirty_days_after_completion(desk):
    ref = open_case(desk, "Company: Acme Widgets LLC\nContact name: Dana\nContact phone: +1 555 0100\nDomains: a.example\n"
                          f"Current partner e-mail: {PARTNER}\nNew provider e-mail: none\nReason: gone")
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    desk.ingest(desk.reply(desk.last_to(STAFF, "staff_checklist"), STAFF, "#complete"))
    assert desk.case(ref)["status"] == "completed"
    sweep(desk, "2026-12-10T10:00:00-06:00")
    assert sent(desk, "followup") == []
    sweep(desk, "2026-12-28T10:00:00-06:00")
    followups = sent(desk, "followup")
    assert len(followups) == 1 and followups[0].row["to"] == [CLIENT]
    assert desk.case(ref)["milestones"]["followup"]["state"] == "done"


def test_a_late_reply_to_a_nudge_gets_the_status(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    sweep(desk, "2026-11-27T13:30:00-06:00")  # half of 3 business days after Wednesday 09:00
    nudge = desk.last_to(PARTNER, "nudge")
    desk.ingest(desk.reply(waiver, STAFF, "#override waiver - partner gone", to_address="transfer@example.com",
                           extra_headers=STAFF_PASS))
    result = desk.ingest(desk.reply(nudge, PARTNER, "I AGREE"))
    assert result["outcome"] == "AlreadyDone"
    assert "overridden" in desk.last_to(PARTNER, "status").row["text"]
    assert desk.case(ref)["milestones"]["waiver"]["state"] == "overridden"


def test_the_daily_digest_once_a_day(desk):
    open_case(desk)
    from mailbot.app import App
    from mailbot.commands import parse_now
    from mailbot.config import load_config

    app = App(load_config(str(desk.config)))
    assert app.timers.digest(parse_now("2026-11-27T08:00:00-06:00"))
    assert not app.timers.digest(parse_now("2026-11-27T09:00:00-06:00"))  # once per day
    assert not app.timers.digest(parse_now("2026-11-26T08:00:00-06:00"))  # Thanksgiving
    digest = sent(desk, "digest")
    assert len(digest) == 1 and "XFER-" in digest[0].row["text"] and digest[0].row["to"] == [STAFF]


def test_the_digest_says_how_long_a_dispute_has_waited_on_staff(desk):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I OBJECT, fees are open"))
    from mailbot.app import App
    from mailbot.commands import parse_now
    from mailbot.config import load_config

    app = App(load_config(str(desk.config)))
    assert app.timers.digest(parse_now("2026-12-09T08:00:00-06:00"))
    line = next(line for line in sent(desk, "digest")[0].row["text"].splitlines() if ref in line)
    assert "disputed since" in line and "(13 day(s)), waiting on staff" in line


def test_extending_a_breached_deadline_counts_from_now(desk):
    ref = open_case(desk)
    sweep(desk, "2026-12-01T10:00:00-06:00")  # the waiver deadline (Tue 09:00) passed: breached
    assert desk.case(ref)["milestones"]["waiver"]["breached"]
    escalation = [s for s in sent(desk, "escalation") if "waiver" in s.row["subject"]][-1]
    desk.now = "2026-12-03T11:00:00-06:00"  # Thursday 11:00
    desk.ingest(desk.reply(escalation, STAFF, "#extend waiver 2d"))
    waiver = desk.case(ref)["milestones"]["waiver"]
    assert waiver["due"] == "2026-12-07T17:00:00+00:00" and not waiver["breached"]  # Mon 11:00 Chicago
    before = len(sent(desk, "escalation"))
    sweep(desk, "2026-12-04T10:00:00-06:00")
    assert len(sent(desk, "escalation")) == before  # no second escalation for the old date


def test_extending_a_disputed_waiver_is_refused(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, PARTNER, "I OBJECT, we are owed money"))
    dispute = desk.last_to(STAFF, "dispute_staff")
    desk.ingest(desk.reply(dispute, STAFF, "#extend waiver 2d"))
    assert "stopped by the dispute" in " ".join(desk.last_to(STAFF, "reject_bad_command").row["text"].split())
    sweep(desk, "2026-12-21T10:00:00-06:00")
    assert [s.row["to"] for s in sent(desk, "nudge")] == [[PROVIDER]]
    assert desk.case(ref)["status"] == "disputed"


def test_escalation_after_a_decline_names_the_client_and_staff_subjects_say_what_happened(desk):
    open_case(desk)
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    desk.ingest(desk.reply(acceptance, PROVIDER, "I DECLINE"))
    sweep(desk, "2026-12-21T10:00:00-06:00")
    escalation = [s for s in sent(desk, "escalation") if "acceptance" in s.row["subject"]][-1]
    assert "without an answer from the client (dana@acme-widgets.example)" in " ".join(escalation.row["text"].split())
    # each staff notice carries its own subject, threaded under the case by References
    assert escalation.row["subject"].endswith("Deadline passed: acceptance")
    assert escalation.header("References")


# -- one clock per party: paused while the party cannot answer, resumed with the time left ------

def test_a_bounced_partner_gets_no_reminders_and_the_new_one_gets_the_time_that_was_left(desk):
    from tests.scenarios.test_workflow import bounce

    ref = open_case(desk)  # Wednesday 25 November 09:00: the waiver is due Tuesday 1 December 09:00
    result = desk.ingest(bounce(desk.last_to(PARTNER, "waiver_request"), PARTNER), now="2026-11-27T13:00:00-06:00")
    assert result["outcome"] == "BounceReceived"
    # Friday 13-17, Monday 8-17 and Tuesday 8-9: fourteen business hours were left.
    waiver = desk.case(ref)["milestones"]["waiver"]
    assert waiver["state"] == "pending" and waiver["due"] is None and waiver["paused"] is True
    assert waiver["paused_for"] == "bounce" and waiver["paused_at"] == "2026-11-27T19:00:00+00:00"
    assert waiver["remaining_seconds"] == 14 * 3600
    # Staff are told at once, with the command that gives the partner another address.
    notice = " ".join(desk.last_to(STAFF, "bounce_staff").row["text"].split())
    assert "#set partner <e-mail>" in notice and "14 h of business time left" in notice
    assert desk.json("cases", "--now", "2026-11-30T10:00:00-06:00")[0]["next_deadline"]["milestone"] == "acceptance"

    sweep(desk, "2026-12-01T10:00:00-06:00")  # past the waiver's old deadline
    assert desk.sent_to(PARTNER, "nudge") == [] and desk.sent_to(PROVIDER, "nudge")
    assert [s.row["subject"] for s in sent(desk, "escalation") if "waiver" in s.row["subject"]] == []

    other = "legal@oldpartner-group.example"
    desk.ingest(desk.reply(desk.last_to(STAFF, "bounce_staff"), STAFF, f"#set partner {other}"),
                now="2026-12-02T10:00:00-06:00")  # Wednesday 10:00
    # Wednesday 10-17 (7 h) and Thursday 8-15 (7 h): due Thursday 3 December 15:00 Chicago.
    waiver = desk.case(ref)["milestones"]["waiver"]
    assert waiver["due"] == "2026-12-03T21:00:00+00:00" and "paused" not in waiver
    assert "Thursday 3 December 2026, 15:00" in desk.last_to(other, "waiver_request").row["text"]
    sweep(desk, "2026-12-03T11:00:00-06:00")  # four business hours before: the new partner is reminded
    assert len(desk.sent_to(other, "nudge")) == 1
    sweep(desk, "2026-12-03T15:00:00-06:00")
    assert len([s for s in sent(desk, "escalation") if s.row["subject"].endswith("waiver")]) == 1
    assert desk.sent_to(PARTNER, "nudge") == []


def test_a_dispute_shows_no_due_date_and_ending_it_resumes_the_clock_with_the_time_left(desk):
    ref = open_case(desk)  # the waiver is due Tuesday 1 December 09:00
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, PARTNER, "I OBJECT, we are owed money"), now="2026-11-30T11:00:00-06:00")
    # Monday 11-17 and Tuesday 8-9: seven business hours were left.
    milestone = desk.case(ref)["milestones"]["waiver"]
    assert milestone["due"] is None and milestone["paused"] is True and milestone["paused_for"] == "dispute"
    assert milestone["remaining_seconds"] == 7 * 3600
    code, text = desk.run("case", ref)
    assert code == 0 and "paused by the dispute since 2026-11-30 11:00 CST, 7 h of business time left" in text
    listed = desk.json("cases", "--now", "2026-12-02T10:00:00-06:00")[0]
    assert listed["status"] == "disputed" and listed["next_deadline"]["milestone"] == "acceptance"
    sweep(desk, "2026-12-02T10:00:00-06:00")
    assert desk.sent_to(PARTNER, "nudge") == []
    assert [s for s in sent(desk, "escalation") if s.row["subject"].endswith("waiver")] == []

    # Staff mediated; the partner will sign after all. Thursday 3 December 14:00 the clock resumes.
    desk.ingest(desk.reply(desk.last_to(STAFF, "dispute_staff"), STAFF, f"#set partner {PARTNER}"),
                now="2026-12-03T14:00:00-06:00")
    case = desk.case(ref)
    # Thursday 14-17 (3 h) and Friday 8-12 (4 h): due Friday 4 December 12:00 Chicago.
    assert case["status"] == "waiting" and case["milestones"]["waiver"]["due"] == "2026-12-04T18:00:00+00:00"
    assert "Friday 4 December 2026, 12:00" in desk.last_to(PARTNER, "waiver_request").row["text"]
    assert [e["kind"] for e in case["events"]].count("clock_resumed") == 1


def test_a_bounced_client_address_pauses_the_intake_until_staff_set_another(desk):
    from tests.scenarios.test_workflow import bounce

    ref = open_case(desk, form="Company: Acme Widgets LLC")  # the intake is due Monday 30 November 09:00
    desk.ingest(bounce(desk.last_to(CLIENT, "acknowledgement"), CLIENT), now="2026-11-27T10:00:00-06:00")
    intake = desk.case(ref)["milestones"]["intake"]  # Friday 10-17 and Monday 8-9: eight hours left
    assert intake["due"] is None and intake["remaining_seconds"] == 8 * 3600
    notice = " ".join(desk.last_to(STAFF, "bounce_staff").row["text"].split())
    assert "#set client <e-mail>" in notice and "#set partner" not in notice and "#set provider" not in notice
    sweep(desk, "2026-11-30T10:00:00-06:00")
    assert desk.sent_to(CLIENT, "nudge") == [] and sent(desk, "escalation") == []

    new = "dana.smith@acme-widgets.example"
    result = desk.ingest(desk.reply(desk.last_to(STAFF, "bounce_staff"), STAFF, f"#set client {new}"),
                         now="2026-12-01T09:00:00-06:00")  # Tuesday 09:00
    assert result["outcome"] == "StaffCommands", result
    case = desk.case(ref)
    assert case["parties"]["client"]["email"] == new and "failing" not in case["parties"]["client"]
    assert case["milestones"]["intake"]["due"] == "2026-12-01T23:00:00+00:00"  # Tuesday 17:00 Chicago
    assert desk.last_to(new, "form_incomplete")  # the form goes to the address that works
