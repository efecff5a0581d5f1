"""``mailbot report``: the SLA figures of a period, checked against a hand computation (a few
cases whose business times are worked out in ``report_data``) and, over a generated year of
about two hundred cases, against the test's own counting of the generator's data."""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter, defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from mailbot.store.db import open_database
from mailbot.store.uow import UnitOfWork
from tests.scenarios.desk import STAFF, Desk
from tests.scenarios.report_data import HAND_PERIOD, generate_year, hand_cases, hand_expected

TZ = ZoneInfo("America/Chicago")
MILESTONES = ("intake", "waiver", "acceptance", "transfer")


def filled(desk: Desk, fill) -> object:
    """A database made by ``mailbot db upgrade``, filled through the ORM models by ``fill``."""
    code, out = desk.run("db", "upgrade")
    assert code == 0, out
    with UnitOfWork(open_database(desk.database_url, create=False)) as uow:
        made = fill(uow.session)
        uow.commit()
    return made


@pytest.fixture
def hand(tmp_path) -> tuple[Desk, dict[str, str]]:
    desk = Desk(tmp_path)
    return desk, filled(desk, hand_cases)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    desk = Desk(tmp_path_factory.mktemp("year"))
    return desk, filled(desk, generate_year)


def test_the_figures_are_those_worked_out_by_hand(hand):
    desk, names = hand
    first, last = HAND_PERIOD
    assert desk.json("report", "--from", first, "--to", last) == hand_expected(names)


def test_csv_has_the_same_figures_a_row_each(hand):
    desk, names = hand
    code, out = desk.run("report", "--from", HAND_PERIOD[0], "--to", HAND_PERIOD[1], "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(list(row) == ["section", "name", "metric", "value"] for row in rows)
    value = {(r["section"], r["name"], r["metric"]): r["value"] for r in rows}
    assert value[("period", "from", "")] == "2026-02-01" and value[("period", "to", "")] == "2026-03-31"
    assert value[("cases", "opened", "count")] == "9" and value[("cases", "completed", "count")] == "4"
    assert value[("milestone", "waiver", "median_seconds")] == str(4 * 3600)
    assert value[("milestone", "waiver", "p90_seconds")] == str(45 * 3600)
    assert value[("milestone", "intake", "breached")] == "1"
    assert value[("partner_domain", "beta.example", "median_seconds")] == "6300"
    assert value[("disputes", names["C5"], "case")] == "1"
    assert value[("month", "2026-03", "opened")] == "8" and value[("month", "2026-02", "completed")] == "0"
    # every figure of the JSON is a row of the CSV
    expected = hand_expected(names)
    for name, figures in expected["milestones"].items():
        for key, number in figures.items():
            assert value[("milestone", name, key)] == str(number)


def test_the_text_form(hand):
    desk, names = hand
    code, out = desk.run("report", "--from", HAND_PERIOD[0], "--to", HAND_PERIOD[1])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "SLA report 2026-02-01 to 2026-03-31 (America/Chicago; business time by the SLA calendar)"
    assert "Cases: 9 opened, 4 completed, 0 cancelled" in lines
    assert next(line for line in lines if line.startswith("waiver")).split() == \
        ["waiver", "7", "4", "h", "45", "h", "8", "2"]
    assert next(line for line in lines if line.startswith("intake")).split() == \
        ["intake", "8", "1", "h", "30", "min", "20", "h", "9", "1"]
    assert f"Disputes: 1 ({names['C5']})" in lines
    assert next(line for line in lines if "beta.example" in line).split() == \
        ["beta.example", "2", "median", "1", "h", "45", "min"]


def test_a_period_that_means_nothing_is_refused(hand, capsys):
    desk, _ = hand
    assert desk.run("report", "--from", "2026-04-01", "--to", "2026-03-01")[0] == 1
    assert "--from 2026-04-01 is after --to 2026-03-01" in capsys.readouterr().err
    assert desk.run("report", "--from", "2026-02-30")[0] == 1
    assert "not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:
        desk.run("report", "--json", "--csv")
    assert stopped.value.code == 2


def test_report_reads_an_existing_database_only(tmp_path, capsys):
    desk = Desk(tmp_path)
    assert desk.run("report")[0] == 1
    assert "no database at" in capsys.readouterr().err
    assert not (tmp_path / "mailbot.db").exists()


# -- a generated year ----------------------------------------------------------------------

def _month(instant: datetime) -> str:
    return f"{instant.astimezone(TZ):%Y-%m}"


def _in_2025(instant: datetime | None) -> bool:
    return instant is not None and instant.astimezone(TZ).year == 2025


def test_a_generated_year_counted_independently(year):
    desk, cases = year
    assert 180 <= len(cases) <= 220
    report = desk.json("report", "--from", "2025-01-01", "--to", "2025-12-31")

    opened = Counter(_month(c.opened) for c in cases if _in_2025(c.opened))
    completed = Counter(_month(c.closed) for c in cases if c.status == "completed" and _in_2025(c.closed))
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    assert report["months"] == [{"month": m, "opened": opened[m], "completed": completed[m]} for m in months]
    assert report["cases"] == {
        "opened": sum(opened.values()), "completed": sum(completed.values()),
        "cancelled": sum(1 for c in cases if c.status == "cancelled" and _in_2025(c.closed))}
    # The year is a real test of the edges: cases opened before it, closed after it, and a
    # month boundary that UTC would put elsewhere.
    assert any(c.opened.year == 2024 for c in cases) and any(c.closed and c.closed.year == 2026 for c in cases)
    assert Counter(f"{c.opened.astimezone(ZoneInfo('UTC')):%Y-%m}" for c in cases if _in_2025(c.opened)) != opened
    assert sum(opened.values()) > 150 and all(opened[m] > 0 for m in months)

    for name in MILESTONES:
        mine = [m for c in cases for m in c.milestones if m[0] == name]
        finished = [m[4] for m in mine if _in_2025(m[2])]
        assert report["milestones"][name]["finished"] == len(finished), name
        assert report["milestones"][name]["median_seconds"] == round(statistics.median(finished)), name
        assert report["milestones"][name]["started"] == sum(1 for m in mine if _in_2025(m[1])), name
        assert report["milestones"][name]["breached"] == sum(1 for m in mine if _in_2025(m[1]) and m[3]), name
    assert report["milestones"]["waiver"]["breached"] > 0 and report["milestones"]["intake"]["breached"] > 0

    answers = defaultdict(list)
    for c in cases:
        for domain, at, seconds in c.answers:
            if _in_2025(at):
                answers[domain].append(seconds)
    assert report["partners"]["count"] == sum(len(v) for v in answers.values())
    assert report["partners"]["by_domain"] == [
        {"domain": domain, "count": len(answers[domain]), "median_seconds": round(statistics.median(answers[domain]))}
        for domain in sorted(answers)]
    assert report["disputes"]["cases"] == sorted(c.reference for c in cases if _in_2025(c.objected_at))
    assert report["overrides"]["cases"] == sorted(c.reference for c in cases if _in_2025(c.overridden_at))
    assert report["disputes"]["count"] > 5 and report["overrides"]["count"] > 2


def test_a_month_of_the_year_alone(year):
    """A shorter period cuts the same data: only March's figures."""
    desk, cases = year
    report = desk.json("report", "--from", "2025-03-01", "--to", "2025-03-31")
    assert report["months"] == [{
        "month": "2025-03",
        "opened": sum(1 for c in cases if _month(c.opened) == "2025-03"),
        "completed": sum(1 for c in cases if c.status == "completed" and c.closed and _month(c.closed) == "2025-03")}]


# -- the staff digest links to the console's report ------------------------------------------

@pytest.mark.parametrize("web, linked", [
    ('\n[web]\nlisten = "127.0.0.1:8025"\nbase_url = "https://desk.example.com/"\n', True),
    ('\n[web]\nstatus_links = "on"\nbase_url = "https://desk.example.com"\n', True),
    ("", False),
])
def test_the_digest_links_to_the_report_when_the_console_is_served(tmp_path, web, linked):
    from mailbot.app import App
    from mailbot.commands import parse_now
    from mailbot.config import load_config

    desk = Desk(tmp_path, extra_config=web)
    filled(desk, hand_cases)
    app = App(load_config(str(desk.config)))
    assert app.timers.digest(parse_now("2026-03-03T08:00:00-06:00"))
    text, raw = desk.sql("select text, raw from outbound_mails where template = 'digest'")[0]
    assert desk.sql("select recipient from outbound_mails where template = 'digest'") == [(STAFF,)]
    assert ("https://desk.example.com/report" in text) is linked
    assert (b'href=3D"https://desk.example.com/report"' in raw or b'href="https://desk.example.com/report"' in raw) \
        is linked
