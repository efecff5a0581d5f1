"""Every named outcome is exercised by some test (a new reason without a test fails here)."""

from pathlib import Path

from mailbot.domain import outcomes

TESTS = Path(__file__).parents[1]


def all_outcomes():
    found, todo = [], [outcomes.Drop, outcomes.Reject, outcomes.Accept]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_every_outcome_has_a_test():
    text = "\n".join(p.read_text() for p in TESTS.rglob("test_*.py") if p.name != Path(__file__).name)
    missing = [cls.__name__ for cls in all_outcomes() if cls.__name__ not in text]
    assert missing == []
