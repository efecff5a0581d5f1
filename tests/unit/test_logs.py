"""``[logging]``: the keys as the config file gives them, the JSON line, and the levels that
``configure_logging`` sets (the pipeline's decision lines: tests/scenarios/test_json_logs.py)."""

from __future__ import annotations

import io
import json
import logging
import sys
import tomllib
from pathlib import Path

import pytest

from mailbot.config import ConfigError, LoggingConfig, config_from_dict, load_config
from mailbot.logs import NOISY, JsonFormatter, configure_logging


def test_the_section_from_toml_with_its_nested_table():
    data = tomllib.loads("""
[logging]
format = "json"
level = "warning"
[logging.levels]
"mailbot.pipeline" = "DEBUG"
imapclient = " info "
""")
    settings = config_from_dict(data).logging
    assert settings.format == "json" and settings.level == "warning"
    assert settings.levels == (("mailbot.pipeline", "DEBUG"), ("imapclient", "INFO"))


def test_defaults_are_text_at_info_and_the_example_file_says_so():
    assert config_from_dict({}).logging == LoggingConfig(format="text", level="INFO", levels=())
    assert load_config(str(Path(__file__).parents[2] / "config.example.toml")).logging == LoggingConfig()


@pytest.mark.parametrize("data, message", [
    ({"format": "xml"}, "[logging] format must be one of text, json"),
    ({"level": "LOUD"}, "[logging] level must be one of DEBUG"),
    ({"levels": {"mailbot.pipeline": "VERBOSE"}}, "[logging.levels] 'mailbot.pipeline' = 'VERBOSE'"),
    ({"levels": {"mailbot.pipeline": 10}}, "[logging.levels] 'mailbot.pipeline' = 10"),
    ({"levels": "DEBUG"}, "[logging.levels] must be a table"),
    ({"formt": "json"}, "did you mean 'format'"),
])
def test_mistakes_name_the_key(data, message):
    with pytest.raises(ConfigError) as info:
        config_from_dict({"logging": data})
    assert message in str(info.value)


def record(**extra) -> logging.LogRecord:
    return logging.getLogger("mailbot.test").makeRecord("mailbot.test", logging.INFO, __file__, 1, "mail %s: %s",
                                                        ("<a@b>", "ok"), None, extra=extra)


def test_a_json_line_has_the_same_keys_every_time_and_extra_values_after_them():
    plain = json.loads(JsonFormatter().format(record()))
    assert list(plain) == ["time", "level", "logger", "case", "message_id", "event", "message"]
    assert plain["case"] is None and plain["message"] == "mail <a@b>: ok"
    assert plain["time"].endswith("+00:00")
    line = json.loads(JsonFormatter().format(record(case="XFER-1", message_id="<a@b>", inbound_id=7,
                                                    path=io.StringIO)))
    assert (line["case"], line["message_id"], line["inbound_id"]) == ("XFER-1", "<a@b>", 7)
    assert "StringIO" in line["path"]  # what JSON has no type for is written as text


def test_a_traceback_stays_on_its_line():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        made = logging.getLogger("x").makeRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    text = JsonFormatter().format(made)
    assert "\n" not in text
    assert "ValueError: broken" in json.loads(text)["exception"]


@pytest.fixture
def clean_logging():
    root = logging.getLogger()
    names = ("mailbot", "mailbot.pipeline", *NOISY)
    saved = root.level, list(root.handlers), {n: logging.getLogger(n).level for n in names}
    yield
    root.setLevel(saved[0])
    root.handlers[:] = saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


def test_configure_logging_sets_the_format_and_each_level(clean_logging):
    out = io.StringIO()
    settings = LoggingConfig(format="json", level="WARNING", levels=(("mailbot.pipeline", "DEBUG"),
                                                                    ("imapclient", "INFO")))
    configure_logging(settings, stream=out)
    configure_logging(settings, stream=out)  # again: still one handler of ours
    logging.getLogger("mailbot.daemon").info("hidden: below WARNING")
    logging.getLogger("mailbot.pipeline").debug("shown: its own level", extra={"case": "XFER-2"})
    logging.getLogger("imapclient").info("shown: opened up over the noisy default")
    logging.getLogger("aiosmtplib").info("hidden: a noisy library stays at WARNING")
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["message"] for line in lines] == ["shown: its own level", "shown: opened up over the noisy default"]
    assert lines[0]["case"] == "XFER-2" and lines[0]["level"] == "DEBUG"


def test_debug_lowers_the_root_and_text_stays_the_old_line(clean_logging):
    out = io.StringIO()
    configure_logging(LoggingConfig(), debug=True, stream=out)
    logging.getLogger("mailbot.daemon").debug("details")
    assert out.getvalue().rstrip().endswith("DEBUG   mailbot.daemon: details")
