"""The ``mailbot`` command line: argument parsing, config loading and exit codes.

Exit status (as the README says): 0 success, 1 a handled error with a one-line message on stderr
(a traceback only with ``--debug``), 2 bad usage. Each command's work lives in its own module;
this file only wires arguments to it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from mailbot import __version__
from mailbot.config import Config, ConfigError, load_config
from mailbot.errors import CommandError
from mailbot.store.db import DatabaseError
from replies.render import TemplateError


def _parse(args: argparse.Namespace, config: Config) -> int:
    from mailbot.parse_command import run_parse

    return run_parse(args.file, config, as_json=args.json, out=sys.stdout)


def _check_config(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.check_config(_app(config), connect=args.connect)


def _app(config: Config, create_database: bool = False):
    """The wired application. Only the commands that take in mail or set up the database may
    create it; the others open an existing one or fail naming it (a mistyped path must not
    leave an empty database behind)."""
    from mailbot.app import App

    return App(config, create_database=create_database)


def _ingest(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.ingest(_app(config, create_database=True), args.files, args.now, args.json)


def _explain(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.explain(_app(config), args.file, args.now, args.json)


def _cases(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.cases(_app(config), args.all, args.json, args.now)


def _report(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.report(_app(config), args.first, args.last, "json" if args.json else "csv" if args.csv else "text")


def _case(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.case(_app(config), args.reference, args.json)


def _evidence(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.evidence(_app(config), args.reference, args.output)


def _export(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.export(_app(config), args.case, args.all, args.output)


def _retention(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.retention(_app(config), args.dry_run, args.now)


def _outbox(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    if args.action == "retry":
        return commands.outbox_retry(_app(config), args.id, args.parked)
    if args.id is not None or args.parked:
        raise CommandError("a mail number and --parked go with 'mailbot outbox retry'")
    return commands.outbox(_app(config), args.json, args.status, args.case, args.limit)


def _quarantine(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.quarantine(_app(config), args.action, args.id, args.json)


def _templates(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    if args.action == "list":
        return commands.templates_list(_app(config))
    if not args.name:
        raise CommandError("templates preview needs a NAME; see 'mailbot templates list'")
    return commands.templates_preview(_app(config), args.name, args.lang)


def _db(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.db_upgrade(_app(config, create_database=True))


def _run(args: argparse.Namespace, config: Config) -> int:
    from mailbot import daemon

    return daemon.run(_app(config, create_database=True), debug=getattr(args, "debug", False))


def _send_pending(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.send_pending(_app(config))


def _sweep(args: argparse.Namespace, config: Config) -> int:
    from mailbot import commands

    return commands.sweep(_app(config), args.now)


def _web(args: argparse.Namespace, config: Config) -> int:
    from mailbot.web.serve import run_web

    return run_web(_app(config), args.listen, debug=getattr(args, "debug", False))


def _demo(args: argparse.Namespace, config: Config) -> int:
    from mailbot.demo.run import run_demo

    return run_demo(web=args.web, config=config)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a --config given after the command overrides one given before it, and an
    # absent one does not reset it.
    common.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                        help="configuration file (default: $MAILBOT_CONFIG, else ./mailbot.toml, "
                             "else embedded defaults)")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks")

    parser = argparse.ArgumentParser(prog="mailbot", parents=[common],
                                     description="transfer@ mailbot: service transfers by e-mail.")
    parser.add_argument("--version", action="version", version=f"mailbot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("parse", parents=[common],
                            help="what the bot understands from one mail file; changes nothing")
    p.add_argument("file", metavar="FILE", help="an .eml file")
    p.add_argument("--json", action="store_true", help="print JSON (keys as in the README)")
    p.set_defaults(handler=_parse)

    p = commands.add_parser("check-config", parents=[common],
                            help="every check 'run' makes before it starts; every problem listed, exit 1 on any")
    p.add_argument("--connect", action="store_true", help="also log in to the IMAP and SMTP servers")
    p.set_defaults(handler=_check_config)

    p = commands.add_parser("run", parents=[common],
                            help="the daemon: IMAP watcher, outbox sender, scheduler; SIGTERM/SIGINT stop it")
    p.set_defaults(handler=_run)

    p = commands.add_parser("send-pending", parents=[common], help="one delivery pass over the outbox")
    p.set_defaults(handler=_send_pending)

    p = commands.add_parser("sweep", parents=[common], help="fire the timers that are due (at --now) once")
    p.add_argument("--now", metavar="ISO8601", help="the time to sweep at (default: now)")
    p.set_defaults(handler=_sweep)

    p = commands.add_parser("web", parents=[common],
                            help="the web console (and the parties' pages) alone; Ctrl-C stops it")
    p.add_argument("--listen", metavar="HOST:PORT", help="where to listen (default: [web] listen)")
    p.set_defaults(handler=_web)

    p = commands.add_parser("demo", parents=[common], help="a whole transfer on a throwaway mail stack")
    p.add_argument("--web", action="store_true",
                   help="then keep the staff console up on that case (with a sign-in link) until Ctrl-C")
    p.set_defaults(handler=_demo)

    p = commands.add_parser("ingest", parents=[common],
                            help="run mail files through the inbound pipeline as if fetched; commits")
    p.add_argument("files", metavar="FILE", nargs="+",
                   help="a mail file (.eml), a folder of them (a maildir too), or - for standard input")
    p.add_argument("--now", metavar="ISO8601", help="the time to process them at, with its UTC offset "
                   "(default: now)")
    p.add_argument("--json", action="store_true", help="print JSON: one object per mail")
    p.set_defaults(handler=_ingest)

    p = commands.add_parser("explain", parents=[common],
                            help="dry run of the pipeline on a mail file: guard, case, party, decision; changes nothing")
    p.add_argument("file", metavar="FILE", help="a mail file (.eml), or - for standard input")
    p.add_argument("--now", metavar="ISO8601", help="the time to judge it at, with its UTC offset (default: now)")
    p.add_argument("--json", action="store_true", help="print JSON: outcome, reference, trace, notices")
    p.set_defaults(handler=_explain)

    p = commands.add_parser("cases", parents=[common], help="open cases (all with --all), oldest first, "
                            "with the next deadline; BREACHED once it has passed")
    p.add_argument("--all", action="store_true", help="closed cases too")
    p.add_argument("--json", action="store_true", help="print JSON (keys as in the README)")
    p.add_argument("--now", metavar="ISO8601", help="the time deadlines are judged at (default: now)")
    p.set_defaults(handler=_cases)

    p = commands.add_parser("report", parents=[common],
                            help="the SLA report of a period: cases opened and completed, business time and "
                                 "breaches per milestone, partners' response times, disputes, overrides, per month")
    p.add_argument("--from", dest="first", metavar="DATE",
                   help="first day, YYYY-MM-DD in the SLA timezone (default: the first of the month 11 months "
                        "before --to)")
    p.add_argument("--to", dest="last", metavar="DATE", help="last day, included (default: today)")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON (keys as in the README)")
    form.add_argument("--csv", action="store_true", help="print CSV: section,name,metric,value")
    p.set_defaults(handler=_report)

    p = commands.add_parser("case", parents=[common], help="one case: parties, milestones, waiver evidence, timeline")
    p.add_argument("reference", metavar="REF", help="the case reference (XFER-…, any case)")
    p.add_argument("--json", action="store_true", help="print JSON (keys as in the README)")
    p.set_defaults(handler=_case)

    p = commands.add_parser("evidence", parents=[common],
                            help="the evidence bundle of a case as a zip (manifest.json with every file's SHA-256)")
    p.add_argument("reference", metavar="REF", help="the case reference (XFER-…)")
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="where to write the zip; - for stdout")
    p.set_defaults(handler=_evidence)

    p = commands.add_parser("export", parents=[common],
                            help="cases as JSON lines, one case a line, with their mails' raw bytes (base64)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", metavar="REF", help="one case (XFER-…)")
    which.add_argument("--all", action="store_true", help="every case, oldest first")
    p.add_argument("-o", "--output", metavar="FILE", default="-", help="where to write; - for stdout (the default)")
    p.set_defaults(handler=_export)

    p = commands.add_parser("retention", parents=[common],
                            help="remove the raw bytes of mails of cases closed over [retention] raw_mail_days "
                                 "ago (the waiver evidence kept)")
    p.add_argument("--dry-run", action="store_true", help="only say what would be removed; change nothing")
    p.add_argument("--now", metavar="ISO8601", help="the time to judge at, with its UTC offset (default: now)")
    p.set_defaults(handler=_retention)

    p = commands.add_parser("outbox", parents=[common],
                            help="outbound mail (pending, sent, parked) with tries and last error; "
                                 "'outbox retry ID|--parked' queues parked mail again")
    p.add_argument("action", nargs="?", choices=["list", "retry"], default="list",
                   help="list (the default) or retry")
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="the mail to retry (its #number)")
    p.add_argument("--parked", action="store_true", help="with retry: every parked mail")
    p.add_argument("--json", action="store_true", help="print JSON: each mail with its attempts, next try and last error")
    p.add_argument("--status", choices=["pending", "sent", "parked"], help="only mail in this state")
    p.add_argument("--case", metavar="REF", help="only the mail of this case")
    p.add_argument("--limit", type=int, metavar="N", help="only the newest N")
    p.set_defaults(handler=_outbox)

    p = commands.add_parser("quarantine", parents=[common],
                            help="mail set aside because it could not be processed: list, show ID, replay ID")
    p.add_argument("action", choices=["list", "show", "replay"],
                   help="list them, show one whole, or run one through the pipeline again")
    p.add_argument("id", nargs="?", type=int, metavar="ID", help="the mail's #number (from list)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_quarantine)

    p = commands.add_parser("templates", parents=[common], help="the notices and how each renders")
    p.add_argument("action", choices=["list", "preview"], help="list the notices, or preview one")
    p.add_argument("name", nargs="?", metavar="NAME", help="with preview: the notice (from list)")
    p.add_argument("--lang", default="en", metavar="CODE",
                   help="with preview: the language to render it in (en, de, fr, es, nl, it)")
    p.set_defaults(handler=_templates)

    p = commands.add_parser("db", parents=[common], help="database maintenance")
    p.add_argument("action", choices=["upgrade"], help="upgrade: apply every migration (creates the database)")
    p.set_defaults(handler=_db)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    handler: Callable[[argparse.Namespace, Config], int] = args.handler
    try:
        config = load_config(getattr(args, "config", None))
        return handler(args, config)
    except (ConfigError, CommandError, DatabaseError, TemplateError) as exc:
        if debug:
            raise
        print(f"mailbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # anything else is a bug: say so briefly, details with --debug
        if debug:
            raise
        print(f"mailbot: internal error ({type(exc).__name__}: {exc}); rerun with --debug",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
