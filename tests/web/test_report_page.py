"""The console's /report: behind the staff sign-in, the figures of ``mailbot report`` (the same
hand-computed cases), and a per-month plot drawn as inline SVG with no script and no style."""

from __future__ import annotations

import re

import pytest

from mailbot.store.db import open_database
from mailbot.store.uow import UnitOfWork
from tests.scenarios.report_data import hand_cases
from tests.web.conftest import sign_in


@pytest.fixture
def names(desk):
    with UnitOfWork(open_database(desk.database_url, create=False)) as uow:
        made = hand_cases(uow.session)
        uow.commit()
    return made


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'<table id="{table}">', 1)[1].split("</table>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_the_report_needs_a_session(client, names):
    answer = client.get("/report?from=2026-02-01&to=2026-03-31")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"


def test_the_report_shows_the_figures_and_a_plot(client, desk, names):
    sign_in(client, desk)
    page = client.get("/report?from=2026-02-01&to=2026-03-31")
    assert page.status_code == 200
    html = page.text
    assert "Content-Security-Policy" in page.headers and "script-src" not in page.headers["Content-Security-Policy"]
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert '<a href="/report" aria-current="page">Report</a>' in html

    assert re.sub(r"\s+", " ", html.split('id="cases-figures">', 1)[1].split("</dl>", 1)[0]).strip() == \
        "<dt>Opened</dt><dd>9</dd> <dt>Completed</dt><dd>4</dd> <dt>Cancelled</dt><dd>0</dd>"
    assert _cells(html, "milestones") == [
        ["Milestone", "Finished", "Median", "p90", "Started", "Breached"],
        ["intake", "8", "1 h 30 min", "20 h", "9", "1"],
        ["waiver", "7", "4 h", "45 h", "8", "2"],
        ["acceptance", "1", "1 h", "1 h", "1", "0"],
        ["transfer", "4", "3 h", "9 h", "7", "0"],
    ]
    assert _cells(html, "partners") == [
        ["Partner domain", "Answers", "Median"],
        ["all partners", "7", "3 h (p90 45 h)"],
        ["alpha.example", "3", "3 h"],
        ["beta.example", "2", "1 h 45 min"],
        ["gamma.example", "2", "31 h 30 min"],
    ]
    assert _cells(html, "months") == [["Month", "Opened", "Completed"], ["2026-02", "1", "0"], ["2026-03", "8", "4"]]
    assert f'<dd id="disputes"><a href="/cases/{names["C5"]}">{names["C5"]}</a></dd>' in html
    assert f'<dd id="overrides"><a href="/cases/{names["C5"]}">{names["C5"]}</a></dd>' in html

    # The plot: an inline <svg>, two bars a month whose heights follow the counts.
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and "<title" in svg
    bars = re.findall(r'<rect class="bar-(\w+)" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"'
                      r"[^>]*><title>([\d-]+): (\d+) \w+</title>", svg)
    assert [(series, month, int(value)) for series, _, month, value in bars] == [
        ("opened", "2026-02", 1), ("completed", "2026-02", 0), ("opened", "2026-03", 8), ("completed", "2026-03", 4)]
    heights = {(series, month): float(height) for series, height, month, _ in bars}
    assert heights[("completed", "2026-02")] == 0
    assert heights[("opened", "2026-03")] == pytest.approx(8 * heights[("opened", "2026-02")], rel=0.01)
    assert heights[("opened", "2026-03")] == pytest.approx(2 * heights[("completed", "2026-03")], rel=0.01)
    assert ">Feb 26<" in svg and ">Mar 26<" in svg


def test_the_report_defaults_to_the_last_twelve_months(client, desk, clock, names):
    sign_in(client, desk)
    html = client.get("/report").text  # the console's clock: 25 November 2026
    assert 'name="from" value="2025-12-01"' in html and 'name="to" value="2026-11-25"' in html
    assert len(_cells(html, "months")) == 1 + 12
    assert ["2026-03", "8", "4"] in _cells(html, "months")


def test_a_bad_period_is_said_on_the_page(client, desk, names):
    sign_in(client, desk)
    page = client.get("/report?from=2026-03-31&to=2026-02-01")
    assert page.status_code == 400 and "From 2026-03-31 is after To 2026-02-01" in page.text
    page = client.get("/report?from=yesterday")
    assert page.status_code == 400 and "is not a date" in page.text and "<svg" not in page.text
