import re

import pytest

from mailbot.config import ConfigError, config_from_dict, load_config


def test_embedded_defaults_are_valid(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MAILBOT_CONFIG", raising=False)
    config = load_config(None)
    assert config.database.url == "sqlite:///mailbot.db"
    assert config.sla.milestones.waiver == "3d"


def test_example_file_is_valid_and_complete():
    from pathlib import Path

    config = load_config(str(Path(__file__).parents[2] / "config.example.toml"))
    assert config.mailbox.address == "transfer@example.com"
    assert config.staff_addresses == ["ops@example.com"]


@pytest.mark.parametrize("data, message", [
    ({"imap": {"hots": "x"}}, "did you mean 'host'"),
    ({"imap": {"security": "tls"}}, "security must be one of"),
    ({"imap": {"port": "993"}}, "must be a whole number"),
    ({"sla": {"timezone": "Mars/Base"}}, "not a known IANA timezone"),
    ({"sla": {"work_hours": "17:00-08:00"}}, "work_hours"),
    ({"sla": {"nudges": ["half"]}}, "nudges"),
    ({"sla": {"milestones": {"waiver": "3 weeks"}}}, "business time"),
    ({"security": {"staff": ["not-an-address"]}}, "neither an address"),
    ({"mailbox": {"address": "transfer+x@example.com"}}, "must not contain '+'"),
    ({"database": {"url": "mysql://x"}}, "sqlite:///FILE"),
])
def test_mistakes_are_explained(data, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        config_from_dict(data)


def test_broken_toml_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[imap\nhost=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(str(bad))


def test_secret_from_environment_wins_and_default_is_flagged():
    config = config_from_dict({})
    assert config.secret({"MAILBOT_SECRET": "abc"}) == (b"abc", "env")
    assert config.secret({})[1] == "default"
    assert any("no secret" in w for w in config.warnings({}))


def test_staff_membership():
    config = config_from_dict({"security": {"staff": ["ops@example.com", "@staff.example"]}})
    assert config.is_staff("OPS@example.com") and config.is_staff("x@staff.example")
    assert not config.is_staff("x@evilstaff.example") and not config.is_staff(None)


# Values that pass a format check but no calendar can use: each stops loading, naming its key.
BAD_CALENDAR = [
    ("closed_dates", "2026-13-45", "month must be in 1..12"),
    ("work_hours", "08:00-24:30", "not a time of day"),
    ("holidays", "XX", "no public holidays known"),
]


@pytest.mark.parametrize("key, value, reason", BAD_CALENDAR)
def test_a_calendar_value_that_means_nothing_is_a_config_error(key, value, reason):
    with pytest.raises(ConfigError) as caught:
        config_from_dict({"sla": {key: [value] if key == "closed_dates" else value}})
    message = str(caught.value)
    assert message.startswith(f"[sla] {key}: ") and repr(value) in message and reason in message


def test_a_bad_closed_date_in_the_file_fails_loading(tmp_path):
    file = tmp_path / "mailbot.toml"
    file.write_text('[sla]\nclosed_dates = ["2026-12-24", "2026-02-30"]\n')
    with pytest.raises(ConfigError, match=re.escape("[sla] closed_dates: '2026-02-30' is not a date")):
        load_config(str(file))


@pytest.mark.parametrize("command", [["check-config"], ["ingest", "mail.eml"]])
def test_a_bad_calendar_value_stops_a_command_with_one_plain_line(tmp_path, capsys, command):
    from mailbot.cli import main

    file = tmp_path / "mailbot.toml"
    file.write_text('[sla]\nwork_hours = "08:00-24:30"\n')
    assert main([*command, "--config", str(file)]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == ["mailbot: [sla] work_hours: '08:00-24:30' has 24:30, which is not a time of day "
                                "(hour must be in 0..23; a day closes at 24:00 at the latest)"]
    assert out == ""
