"""The configuration of a daemon that talks to a throwaway mail stack on loopback (tests, benchmarks)."""

from __future__ import annotations


def daemon_config(mailbox: str, password: str, imap_port: int, smtp_port: int, database_url: str,
                  staff: str, extra: str = "") -> str:
    """TOML for ``mailbot run``: plain IMAP/SMTP on 127.0.0.1, an always-open calendar (deadlines
    are not what these runs measure), fast retries and sweeps, and limits out of the way."""
    return f"""
[mailbox]
address = "{mailbox}"
[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "{mailbox}"
password = "{password}"
poll_seconds = 1
[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
username = ""
retry_seconds = 1
[database]
url = "{database_url}"
[security]
secret = "loopback-secret"
staff = ["{staff}"]
[sla]
holidays = ""
work_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
work_hours = "00:00-24:00"
sweep_seconds = 1
""" + extra
