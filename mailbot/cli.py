"""The ``mailbot`` command line: argument parsing, config loading and exit codes.

Exit status (INTERFACES.md): 0 success, 1 a handled error with a one-line message on stderr
(a traceback only with ``--debug``), 2 bad usage. Each command's work lives in its own module;
this file only wires arguments to it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from mailbot.config import Config, ConfigError, load_config


class CommandError(Exception):
    """A handled failure: printed as one line, exit status 1."""


def _parse(args: argparse.Namespace, config: Config) -> int:
    from mailbot.parse_command import run_parse

    return run_parse(args.file, config, as_json=args.json, out=sys.stdout)


def _check_config(args: argparse.Namespace, config: Config) -> int:
    print(f"configuration from {config.source}: OK")
    for warning in config.warnings():
        print(f"warning: {warning}")
    return 0


def _demo(args: argparse.Namespace, config: Config) -> int:
    print("mailbot demo: the live demo (a throwaway mail stack and a whole transfer) arrives in a "
          "later step. Meanwhile try: mailbot parse tests/fixtures/mail/agree_gmail_top_posted.eml")
    return 0


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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("parse", parents=[common],
                            help="what the bot understands from one mail file; changes nothing")
    p.add_argument("file", metavar="FILE", help="an .eml file")
    p.add_argument("--json", action="store_true", help="print JSON (the shape of INTERFACES.md)")
    p.set_defaults(handler=_parse)

    p = commands.add_parser("check-config", parents=[common],
                            help="validate the configuration and say what is wrong")
    p.set_defaults(handler=_check_config)

    p = commands.add_parser("demo", parents=[common], help="a whole transfer on a throwaway mail stack")
    p.set_defaults(handler=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = getattr(args, "debug", False)
    handler: Callable[[argparse.Namespace, Config], int] = args.handler
    try:
        config = load_config(getattr(args, "config", None))
        return handler(args, config)
    except (ConfigError, CommandError) as exc:
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
