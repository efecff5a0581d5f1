"""Throwaway Dovecot (IMAP + LMTP) and Postfix (SMTP) instances on loopback, for the live tests.

    python scripts/mailstack.py install      # apt-get install the packages when missing (root, Debian)
    python scripts/mailstack.py run          # start one, print its ports, stop on Ctrl-C

Everything lives in a temporary directory (configs, spools, maildirs, logs); nothing under
/etc or /var is touched, and ``stop()`` removes it all. Postfix receives SMTP and delivers to
Dovecot over LMTP; Dovecot serves IMAP with a passwd-file of test users. The facts this is
built from (and their gotchas: back-dated config files, chroot off, plus addressing in both,
first_valid_uid = 8) are in the team's notes on running these servers from a temp dir.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PACKAGES = ["postfix", "dovecot-imapd", "dovecot-lmtpd"]


class Unavailable(Exception):
    """The servers cannot be installed or run here; the message says why."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def installed() -> bool:
    return bool(shutil.which("dovecot") or Path("/usr/sbin/dovecot").exists()) and \
        bool(shutil.which("postfix") or Path("/usr/sbin/postfix").exists())


def ensure_installed() -> None:
    """Install Debian's Dovecot and Postfix when missing; Unavailable when that cannot be done."""
    if installed():
        return
    if os.geteuid() != 0:
        raise Unavailable("Dovecot/Postfix are not installed and installing them needs root")
    if not shutil.which("apt-get"):
        raise Unavailable("Dovecot/Postfix are not installed and this is not a Debian system (no apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # "No configuration": the packages install without a system Postfix configured or started.
    selections = ("postfix postfix/main_mailer_type select No configuration\n"
                  "postfix postfix/mailname string localhost\n")
    subprocess.run(["debconf-set-selections"], input=selections.encode(), check=False, env=env)
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *PACKAGES]):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise Unavailable(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    if not installed():
        raise Unavailable("apt-get finished but dovecot/postfix are still missing")


@dataclass
class MailStack:
    """``stack = MailStack({"transfer@example.test": "pw", …}).start()`` … ``stack.stop()``."""

    users: dict[str, str]
    domains: tuple[str, ...] = ()
    imap_port: int = field(default_factory=_free_port)
    lmtp_port: int = field(default_factory=_free_port)
    smtp_port: int = field(default_factory=_free_port)
    submission_port: int = field(default_factory=_free_port)
    root: Path | None = None

    def __post_init__(self) -> None:
        if not self.domains:
            self.domains = tuple(sorted({u.rpartition("@")[2] for u in self.users}))

    # -- paths -------------------------------------------------------------------------------

    @property
    def dovecot_conf(self) -> Path:
        return self.root / "dovecot" / "dovecot.conf"

    @property
    def postfix_etc(self) -> Path:
        return self.root / "postfix" / "etc"

    def maildir(self, user: str) -> Path:
        local, _, domain = user.partition("@")
        return self.root / "mail" / domain / local / "Maildir"

    # -- start / stop ------------------------------------------------------------------------

    def start(self) -> MailStack:
        ensure_installed()
        if os.geteuid() != 0:
            raise Unavailable("the Postfix instance needs root (it drops to the postfix user itself)")
        # mkdtemp gives 0700; Postfix and Dovecot workers run as other users and must traverse it.
        self.root = Path(tempfile.mkdtemp(prefix="mailstack-", dir="/tmp"))
        self.root.chmod(0o755)
        try:
            self._write_dovecot()
            self.start_dovecot()
            self._write_postfix()
            self._postfix("start")
            self._wait_listening(self.smtp_port)
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        if (self.postfix_etc / "main.cf").exists():
            _run_daemonizing(["postfix", "-c", str(self.postfix_etc), "stop"])
        self.stop_dovecot()
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> MailStack:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- Dovecot -----------------------------------------------------------------------------

    def _write_dovecot(self) -> None:
        t = self.root
        for sub in ("dovecot/run", "dovecot/state", "mail"):
            (t / sub).mkdir(parents=True, exist_ok=True)
        (t / "dovecot" / "passwd").write_text(
            "".join(f"{user}:{{PLAIN}}{password}::::::\n" for user, password in self.users.items()))
        self.dovecot_conf.write_text(DOVECOT_CONF.format(t=t, pid=os.getpid(), imap=self.imap_port, lmtp=self.lmtp_port,
                                                         postmaster=next(iter(self.users))))
        mail = pwd.getpwnam("mail")
        for user in self.users:
            self.maildir(user).mkdir(parents=True, exist_ok=True)
        for path in [t / "mail", *(t / "mail").rglob("*")]:
            os.chown(path, mail.pw_uid, mail.pw_gid)

    def start_dovecot(self) -> None:
        pid_file = self.root / "dovecot" / "run" / "master.pid"
        pid_file.unlink(missing_ok=True)
        result = _run_daemonizing(["dovecot", "-c", str(self.dovecot_conf)])
        if result.returncode != 0:
            raise Unavailable(f"dovecot did not start: {result.stderr.strip()[-400:]}")
        deadline = time.monotonic() + 10
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        self._wait_listening(self.imap_port)

    def stop_dovecot(self) -> None:
        pid_file = self.root / "dovecot" / "run" / "master.pid" if self.root else None
        if not pid_file or not pid_file.exists():
            return
        pid = int(pid_file.read_text().strip())
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.05)
        # Child processes (a client's imap session among them) can outlive the master; a real
        # restart drops every connection, so end them too.
        for child in _instance_processes(f"dovecot-mailstack-{os.getpid()}/"):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)

    def restart_dovecot(self, pause: float = 0.0) -> None:
        self.stop_dovecot()
        time.sleep(pause)
        self.start_dovecot()

    # -- Postfix -----------------------------------------------------------------------------

    def _write_postfix(self) -> None:
        t = self.root
        etc, spool, data = self.postfix_etc, t / "postfix" / "spool", t / "postfix" / "data"
        for path in (etc, spool, data):
            path.mkdir(parents=True, exist_ok=True)
        (etc / "main.cf").write_text(POSTFIX_MAIN.format(t=t, lmtp=self.lmtp_port, domains=", ".join(self.domains)))
        (etc / "master.cf").write_text(POSTFIX_MASTER.format(smtp=self.smtp_port, submission=self.submission_port))
        (etc / "vmailbox").write_text("".join(f"{user} OK\n" for user in self.users))
        (etc / "sender_access").write_text("")
        postfix = pwd.getpwnam("postfix")
        os.chown(data, postfix.pw_uid, postfix.pw_gid)
        # Pre-create the queue so that "postfix start" skips its post-install checks.
        import grp

        postdrop = grp.getgrnam("postdrop").gr_gid
        for name in ("active", "bounce", "corrupt", "defer", "deferred", "flush", "hold", "incoming",
                     "private", "saved", "trace"):
            (spool / name).mkdir(mode=0o700, exist_ok=True)
            os.chown(spool / name, postfix.pw_uid, 0)
        for name, mode in (("maildrop", 0o730), ("public", 0o710)):
            (spool / name).mkdir(exist_ok=True)
            os.chown(spool / name, postfix.pw_uid, postdrop)
            (spool / name).chmod(mode)
        (spool / "pid").mkdir(mode=0o755, exist_ok=True)
        (spool / "quick-start").touch()
        self._backdate()

    def _backdate(self) -> None:
        # Postfix waits for a config file changed within the last second to "cool down"
        # (six pauses of 300 ms): date them ten seconds back.
        past = time.time() - 10
        for path in self.postfix_etc.iterdir():
            os.utime(path, (past, past))

    def _postfix(self, *command: str) -> None:
        result = _run_daemonizing(["postfix", "-c", str(self.postfix_etc), *command])
        if result.returncode != 0:
            log = (self.root / "postfix" / "postfix.log")
            tail = log.read_text()[-600:] if log.exists() else result.stderr
            raise Unavailable(f"postfix {' '.join(command)} failed: {tail.strip()}")

    def stop_postfix(self) -> None:
        self._postfix("stop")

    def start_postfix(self) -> None:
        self._postfix("start")
        self._wait_listening(self.smtp_port)

    def deliver_lmtp(self, sender: str, recipients: list[str], raw: bytes) -> None:
        """Hand a mail straight to Dovecot (for tests that have Postfix down)."""
        import smtplib

        with smtplib.LMTP("127.0.0.1", self.lmtp_port) as lmtp:
            lmtp.sendmail(sender, recipients, raw)

    def defer_sender(self, address: str | None) -> None:
        """Make Postfix answer 4xx to mail from ``address`` (None: accept again)."""
        entry = f"{address} 451 4.7.1 Service temporarily unavailable, try again later\n" if address else ""
        (self.postfix_etc / "sender_access").write_text(entry)
        self._backdate()
        if self.postfix_running():
            self._postfix("reload")
            time.sleep(0.5)  # let the new smtpd processes take over

    def postfix_running(self) -> bool:
        pid_file = self.root / "postfix" / "spool" / "pid" / "master.pid"
        try:
            return _alive(int(pid_file.read_text().split()[0]))
        except (OSError, ValueError, IndexError):
            return False

    def queue_empty(self) -> bool:
        result = subprocess.run(["postqueue", "-c", str(self.postfix_etc), "-p"], capture_output=True, text=True)
        return "Mail queue is empty" in result.stdout

    # -- helpers -----------------------------------------------------------------------------

    def _wait_listening(self, port: int, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise Unavailable(f"nothing listens on 127.0.0.1:{port} after {timeout:.0f} s")


def _run_daemonizing(command: list[str]) -> subprocess.CompletedProcess:
    """Run a command that forks a daemon: its output goes to a file, not a pipe, because the
    daemon would keep a pipe open and ``run`` would wait for it forever."""
    with tempfile.TemporaryFile(mode="w+") as err:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                                timeout=60)
        err.seek(0)
        return subprocess.CompletedProcess(command, result.returncode, "", err.read())


def _instance_processes(prefix: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "cmdline").read_bytes().startswith(prefix.encode()):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    # The sandbox's init reaps orphans lazily: a stopped daemon may linger as a zombie.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


DOVECOT_CONF = """\
instance_name = mailstack-{pid}
base_dir = {t}/dovecot/run
state_dir = {t}/dovecot/state
log_path = {t}/dovecot/dovecot.log
info_log_path = {t}/dovecot/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
mail_uid = mail
mail_gid = mail
first_valid_uid = 8
first_valid_gid = 8
mail_location = maildir:~/Maildir
mail_fsync = never
mail_max_userip_connections = 200
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {t}/dovecot/passwd
}}
userdb {{
  driver = static
  args = home={t}/mail/%d/%n
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = 127.0.0.1
    port = {lmtp}
  }}
}}
service auth {{
  unix_listener auth-postfix {{
    mode = 0660
    user = postfix
    group = postfix
  }}
}}
recipient_delimiter = +
protocol lmtp {{
  postmaster_address = {postmaster}
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
}}
"""

POSTFIX_MAIN = """\
compatibility_level = 3.6
config_directory = {t}/postfix/etc
queue_directory = {t}/postfix/spool
data_directory = {t}/postfix/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = {t}/postfix/postfix.log
maillog_file_prefixes = {t}/postfix
myhostname = mx.example.test
mydomain = example.test
myorigin = $mydomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
alias_maps =
alias_database =
local_recipient_maps =
virtual_mailbox_domains = {domains}
virtual_mailbox_maps = texthash:{t}/postfix/etc/vmailbox
virtual_transport = lmtp:inet:127.0.0.1:{lmtp}
default_transport = error:outbound mail disabled in this test instance
relay_transport = error:outbound mail disabled in this test instance
smtp_dns_support_level = disabled
smtpd_relay_restrictions = reject_unauth_destination
smtpd_sender_restrictions = check_sender_access texthash:{t}/postfix/etc/sender_access
smtpd_recipient_restrictions = reject_unlisted_recipient
smtpd_banner = $myhostname ESMTP mailstack
smtpd_sasl_type = dovecot
smtpd_sasl_path = {t}/dovecot/run/auth-postfix
smtpd_tls_security_level = none
smtputf8_enable = no
message_size_limit = 52428800
biff = no
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 20s
recipient_delimiter = +
"""

POSTFIX_MASTER = """\
127.0.0.1:{smtp} inet n - n - - smtpd
127.0.0.1:{submission} inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=reject_unauth_destination
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "run"
    try:
        if command == "install":
            ensure_installed()
            print("dovecot and postfix are installed")
            return 0
        users = {"transfer@example.test": "transfer-pw", "client@example.test": "client-pw",
                 "partner@example.test": "partner-pw", "staff@example.test": "staff-pw"}
        with MailStack(users) as stack:
            print(f"IMAP 127.0.0.1:{stack.imap_port}  SMTP 127.0.0.1:{stack.smtp_port}  "
                  f"submission 127.0.0.1:{stack.submission_port}  in {stack.root}; Ctrl-C stops")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        return 0
    except Unavailable as exc:
        print(f"mailstack: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
