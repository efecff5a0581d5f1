"""How the whole reading path does on a fixture folder: new text, intent, classification.

    python bench/accuracy.py [tests/fixtures/mail] [--show-failures]

Counts only the keys each fixture's .json asserts (every .json states its intent). "False
signings" are agree/accept where the expected intent is something else: the number that must
stay 0. Known misses (tests/fixtures/known_misses.json) are counted like every other miss; the
last column (mails with new text, intent or classification wrong) and the "(n known)" after the
false signings say how many of them are listed there.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.reading import ReaderSettings, read_mail  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
KNOWN_MISSES = json.loads((ROOT / "tests/fixtures/known_misses.json").read_text(encoding="utf-8"))
SETTINGS = ReaderSettings(mailbox="transfer@example.com", secret=b"test-secret-for-fixtures",
                          name="Example transfer desk", trusted_authserv_ids=("mx.example.com",))
KEYWORDS = ("agree", "accept", "object", "decline", "cancel")


def settings_for(folder: Path) -> ReaderSettings:
    """A blind corpus answers a bot of its own, named in its corpus.json."""
    corpus = folder / "corpus.json"
    if not corpus.exists():
        return SETTINGS
    data = json.loads(corpus.read_text(encoding="utf-8"))
    return ReaderSettings(mailbox=data["mailbox"], secret=SETTINGS.secret, name=data.get("name", ""),
                          trusted_authserv_ids=tuple(data.get("trusted_authserv_ids", ())))


def collapse(text: str) -> str:
    return " ".join((text or "").split())


def cell(score: Counter, key: str) -> str:
    n = score[key, "n"]
    return f"{score[key, 'ok']}/{n} ({score[key, 'ok'] / n:.0%})" if n else "-"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", default=[str(ROOT / "tests/fixtures/mail")])
    parser.add_argument("--show-failures", action="store_true")
    args = parser.parse_args()
    print("| fixtures | mails | new text exact | intent right | genuine keyword replies read right "
          "| classification right | false signings | mails read wrong (known) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for folder in args.folders:
        score: Counter = Counter()
        failures = []
        emls = sorted(Path(folder).glob("*.eml"))
        settings = settings_for(Path(folder))
        for eml in emls:
            expected = json.loads(eml.with_suffix(".json").read_text(encoding="utf-8"))
            reading = read_mail(eml.read_bytes(), settings)
            data = reading.as_json()
            known = " [known miss]" if eml.stem in KNOWN_MISSES else ""
            wrong = False
            for key in ("reply_text", "intent", "classification"):
                if key not in expected:
                    continue
                score[key, "n"] += 1
                same = (collapse(data[key]) == collapse(expected[key]) if key == "reply_text"
                        else data[key] == expected[key])
                score[key, "ok"] += same
                if not same:
                    wrong = True
                    failures.append(f"{eml.stem}: {key} want {str(expected[key])[:80]!r} "
                                    f"got {str(data[key])[:80]!r}{known}")
            if wrong:
                score["wrong"] += 1
                score["wrong_known"] += bool(known)
            if expected["intent"] in KEYWORDS:
                score["genuine", "n"] += 1
                score["genuine", "ok"] += data["intent"] == expected["intent"]
            if data["intent"] in ("agree", "accept") and expected["intent"] != data["intent"]:
                score["false_yes"] += 1
                score["false_yes_known"] += bool(known)

        name = Path(folder).resolve().relative_to(ROOT) if Path(folder).resolve().is_relative_to(ROOT) else folder
        print(f"| {name} | {len(emls)} | {cell(score, 'reply_text')} | {cell(score, 'intent')} | "
              f"{cell(score, 'genuine')} | {cell(score, 'classification')} | {score['false_yes']} ({score['false_yes_known']} known) | "
              f"{score['wrong']} ({score['wrong_known']} known) |")
        if args.show_failures:
            for line in failures:
                print(f"    {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
