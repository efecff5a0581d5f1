"""``[logging] format = "json"``: each mail's decision is one JSON line that names its case and
its Message-ID, so that a log shipper can follow a case without parsing messages."""

from __future__ import annotations

import email
import io
import json
import logging
from datetime import datetime

import pytest

from mailbot.logs import JsonFormatter
from tests.scenarios.desk import CLIENT, PARTNER, Desk, open_case


@pytest.fixture
def pipeline_log():
    """The pipeline's lines, as the JSON formatter writes them on a handler."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("mailbot.pipeline")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def lines() -> list[dict]:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return [json.loads(line) for line in text.splitlines()]  # every line is JSON on its own

    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def message_id(raw: bytes) -> str:
    return email.message_from_bytes(raw)["Message-ID"]


def test_each_decision_is_one_json_line_with_its_case_and_message_id(tmp_path, pipeline_log):
    desk = Desk(tmp_path)
    ref = open_case(desk)
    pipeline_log()
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.now = "2026-11-25T10:30:00-06:00"
    agree = desk.reply(waiver, PARTNER, "I AGREE", name="Bob Miller")
    stranger = desk.new_mail("someone@elsewhere.example", f"Re: [{ref}] hello", "I AGREE\n")

    for raw, outcome, case in ((agree, "WaiverSigned", ref), (stranger, "NotAParty", ref),
                               (agree, "Duplicate", None)):
        result = desk.ingest(raw)
        assert result["outcome"] == outcome
        [line] = pipeline_log()  # one line per mail
        assert line["event"] == outcome
        assert line["case"] == case
        assert line["message_id"] == message_id(raw) == result["message_id"]
        assert line["logger"] == "mailbot.pipeline" and line["level"] == "INFO"
        assert message_id(raw) in line["message"]
        assert datetime.fromisoformat(line["time"]).utcoffset() is not None
        assert set(line) == {"time", "level", "logger", "case", "message_id", "event", "message"}


def test_a_mail_without_a_case_logs_a_null_case(tmp_path, pipeline_log):
    desk = Desk(tmp_path)
    raw = desk.new_mail(CLIENT, "hello", "I AGREE\n")  # a keyword, but no case to act on
    result = desk.ingest(raw)
    [line] = pipeline_log()
    assert line["case"] is None and result["reference"] is None
    assert line["message_id"] == message_id(raw) and line["event"] == result["outcome"]
