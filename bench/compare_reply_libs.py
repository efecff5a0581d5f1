"""Compare new-text extraction on the fixture corpus: ours against the maintained libraries.

    .venv/bin/pip install -e '.[compare]'   # mail-parser-reply (quotequail is a dependency)
    python bench/compare_reply_libs.py [--show-failures]

Every extractor gets the same input, the text the bot reads from each fixture (text/plain,
else the HTML converted by parsers.html_text). quotequail is also given the HTML part itself
where there is one, since reading HTML is its strength. For each extractor it prints:
exact new text (whitespace collapsed), intent accuracy when our intent rules read that text,
and false signings (agree/accept where the expected intent is neither): the number that
matters most.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.html_text import html_to_text  # noqa: E402
from parsers.intent import classify_intent  # noqa: E402
from parsers.message import parse_message  # noqa: E402
from parsers.reply_text import _drop_signature, _tidy, extract_reply  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "mail"
YES = {"agree", "accept"}


def ours(text: str, html: str | None) -> str:
    return extract_reply(text).text


def mail_parser_reply(text: str, html: str | None) -> str:
    from mailparser_reply import EmailReplyParser

    languages = ["en", "de", "fr", "es", "it", "nl", "pl", "sv"]  # no pt or ru in the library
    message = EmailReplyParser(languages=languages).read(text)
    return message.replies[0].body if message.replies else ""


def quotequail_text(text: str, html: str | None) -> str:
    import quotequail

    return "\n".join(part for expanded, part in quotequail.quote(text) if expanded)


def quotequail_html(text: str, html: str | None) -> str:
    import quotequail

    if not html:
        return quotequail_text(text, html)
    kept = "".join(part for expanded, part in quotequail.quote_html(html) if expanded)
    return html_to_text(kept)


EXTRACTORS: dict[str, Callable[[str, str | None], str]] = {
    "ours (parsers.reply_text)": ours,
    "mail-parser-reply 1.36": mail_parser_reply,
    "quotequail 0.5 quote()": quotequail_text,
    "quotequail 0.5 quote_html()": quotequail_html,
}


def without_signature(text: str) -> str:
    """Our signature step on top of any extractor, so the quote detection alone is compared."""
    kept, _ = _drop_signature(text.split("\n"))
    return _tidy(kept)


def collapse(text: str) -> str:
    return " ".join((text or "").split())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--fixtures", default=str(FIXTURES), help="folder of .eml + .json pairs")
    args = parser.parse_args()
    cases = []
    for eml in sorted(Path(args.fixtures).glob("*.eml")):
        expected = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
        if "reply_text" not in expected:
            continue
        message = parse_message(eml.read_bytes())
        cases.append((eml.stem, message.text, message.html, expected))

    print(f"{args.fixtures}: {len(cases)} fixtures with an expected new text\n")
    print("| extractor | exact new text | exact with our signature step | intent right | false signings | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, extract in EXTRACTORS.items():
        exact = exact_sig = intent_ok = false_yes = errors = 0
        failures = []
        for stem, text, html, expected in cases:
            try:
                got = extract(text, html)
            except Exception as exc:  # a library crashing on a fixture counts against it
                errors += 1
                failures.append(f"{stem}: raised {type(exc).__name__}")
                continue
            with_sig = got if extract is ours else without_signature(got)  # ours has the step already
            exact_sig += collapse(with_sig) == collapse(expected["reply_text"])
            if collapse(got) == collapse(expected["reply_text"]):
                exact += 1
            else:
                failures.append(f"{stem}: got {collapse(got)[:100]!r}")
            if "intent" in expected:
                intent = classify_intent(got)
                intent_ok += intent == expected["intent"]
                false_yes += intent in YES and expected["intent"] != intent
        with_intent = sum(1 for c in cases if "intent" in c[3])
        print(f"| {name} | {exact}/{len(cases)} ({exact / len(cases):.0%}) | "
              f"{exact_sig}/{len(cases)} ({exact_sig / len(cases):.0%}) | "
              f"{intent_ok}/{with_intent} | {false_yes} | {errors} |")
        if args.show_failures:
            for line in failures:
                print(f"    {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
