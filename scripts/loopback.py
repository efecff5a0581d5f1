"""The configuration of a daemon that talks to a throwaway mail stack on loopback (tests, benchmarks)."""

from __future__ import annotations


def daemon_config(mailbox: str, password: str, imap_port: int, smtp_port: int, database_url: str,
                  staff: str, extra: str = "", trusted_authserv_ids: tuple[str, ...] = ()) -> str:
    """TOML for ``mailbot run``: plain IMAP/SMTP on 127.0.0.1, an always-open calendar (deadlines
    are not what these runs measure), fast retries and sweeps, and limits out of the way.
    ``trusted_authserv_ids``: whose Authentication-Results to believe (the test plays that MX)."""
    trusted = ", ".join(f'"{t}"' for t in trusted_authserv_ids)
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
trusted_authserv_ids = [{trusted}]
[sla]
holidays = ""
work_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
work_hours = "00:00-24:00"
sweep_seconds = 1
""" + extra
