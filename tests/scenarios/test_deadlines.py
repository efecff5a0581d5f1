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
    desk.ingest(desk.reply(waiver, STAFF, "#override waiver", to_address="transfer@example.com", extra_headers=STAFF_PASS))
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
