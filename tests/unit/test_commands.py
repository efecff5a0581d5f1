import pytest

from parsers.commands import parse_commands


def dicts(text):
    return [c.as_dict() for c in parse_commands(text)]


def test_known_commands_with_arguments():
    text = ("#override waiver\n#extend waiver 2d\n#set provider none\n#set partner <New@Partner.example>\n"
            "#note Partner called, they agree verbally\n#complete\n#cancel\n#reopen\n#status")
    assert dicts(text) == [
        {"name": "override", "args": ["waiver"]},
        {"name": "extend", "args": ["waiver", "2d"]},
        {"name": "set", "args": ["provider", "none"]},
        {"name": "set", "args": ["partner", "new@partner.example"]},
        {"name": "note", "args": ["Partner called, they agree verbally"]},
        {"name": "complete", "args": []},
        {"name": "cancel", "args": []},
        {"name": "reopen", "args": []},
        {"name": "status", "args": []},
    ]


def test_mistakes_come_back_with_an_error_not_silence():
    errors = {c.name: c.error for c in parse_commands(
        "#compelte\n#extend forever 2d\n#extend waiver soon\n#override everything\n#set partner nobody\n#note")}
    assert errors["compelte"] == "unknown command #compelte"
    assert "usage: #override waiver" in errors["override"]
    assert "not an e-mail address" in errors["set"]
    assert errors["note"].startswith("usage")
    assert "bad duration" in [c for c in parse_commands("#extend waiver soon")][0].error


def test_quoted_or_inline_hashes_are_not_commands():
    assert dicts("> #complete\nplease see #3 in the list\n#1 priority") == []


def test_staff_fill_in_an_intake_form_in_free_text():
    assert dicts("#set phone +1 555 0100 (office)\n#set Domains Acme.example, www.acme.example\n"
                 "#set company  Acme   Widgets LLC\n#override intake") == [
        {"name": "set", "args": ["phone", "+1 555 0100 (office)"]},
        {"name": "set", "args": ["domains", "acme.example, www.acme.example"]},
        {"name": "set", "args": ["company", "Acme Widgets LLC"]},
        {"name": "override", "args": ["intake"]},
    ]
    assert "no domain names" in parse_commands("#set domains our website")[0].error
    assert parse_commands("#set phone")[0].error.startswith("usage")


def test_an_extension_beyond_a_year_is_a_typo():
    assert parse_commands("#extend waiver 365d")[0].error is None
    for typo in ("#extend waiver 4000d", "#extend followup 99999999999d", "#extend waiver 99999999h"):
        assert "more than a year" in parse_commands(typo)[0].error


@pytest.mark.parametrize("line, name", [("# note hello there", "note"), ("＃complete", "complete"),
                                        ("*#complete*", "complete"), ("**#cancel**", "cancel")])
def test_commands_typed_the_way_staff_type_them(line, name):
    assert [c.name for c in parse_commands(line)] == [name]


def test_a_heading_is_not_a_command():
    assert parse_commands("# Summary of the call") == []


# -- the forms staff really type (issue "Operator truth", point 7) ------------------------------

@pytest.mark.parametrize("line, expected", [
    ("#complete.", {"name": "complete", "args": []}),
    ("#complete!", {"name": "complete", "args": []}),
    ("#status?", {"name": "status", "args": []}),
    ("#complete - all four items done, client told by phone",
     {"name": "complete", "args": [], "reason": "all four items done, client told by phone"}),
    ("#reopen: the client found one more domain", {"name": "reopen", "args": [], "reason": "the client found one more domain"}),
    ("#cancel - the client withdrew the request", {"name": "cancel", "args": [], "reason": "the client withdrew the request"}),
    ("#cancel because the client withdrew", {"name": "cancel", "args": [], "reason": "the client withdrew"}),
    ("#cancel: duplicate of another case.", {"name": "cancel", "args": [], "reason": "duplicate of another case."}),
    ("#cancel — client gone", {"name": "cancel", "args": [], "reason": "client gone"}),
    ("#override waiver - partner confirmed by phone",
     {"name": "override", "args": ["waiver"], "reason": "partner confirmed by phone"}),
    ("#override waiver: partner closed down", {"name": "override", "args": ["waiver"], "reason": "partner closed down"}),
    ("#override Waiver (partner gone)", {"name": "override", "args": ["waiver"], "reason": "partner gone"}),
    ("#override waiver because the partner closed down",
     {"name": "override", "args": ["waiver"], "reason": "the partner closed down"}),
    ("#override waiver partner confirmed by phone",
     {"name": "override", "args": ["waiver"], "reason": "partner confirmed by phone"}),
    ("#override intake - the client has no phone", {"name": "override", "args": ["intake"], "reason": "the client has no phone"}),
    ("#override waiver.", {"name": "override", "args": ["waiver"]}),
    ("**#cancel - client withdrew**", {"name": "cancel", "args": [], "reason": "client withdrew"}),
    ("#extend waiver 2 days", {"name": "extend", "args": ["waiver", "2d"]}),
    ("#extend waiver 2d", {"name": "extend", "args": ["waiver", "2d"]}),
    ("#extend waiver 2 d.", {"name": "extend", "args": ["waiver", "2d"]}),
    ("#extend acceptance 3 hours", {"name": "extend", "args": ["acceptance", "3h"]}),
    ("#extend intake 1 business day", {"name": "extend", "args": ["intake", "1d"]}),
    ("#extend waiver by 2 working days", {"name": "extend", "args": ["waiver", "2d"]}),
    ("#extend transfer 90 minutes.", {"name": "extend", "args": ["transfer", "90m"]}),
    ("#extend waiver 1.5 days - partner on leave until Monday",
     {"name": "extend", "args": ["waiver", "1.5d"], "reason": "partner on leave until Monday"}),
    ("#set partner New@Partner.example.", {"name": "set", "args": ["partner", "new@partner.example"]}),
])
def test_natural_forms_keep_every_word(line, expected):
    assert dicts(line) == [expected]


def test_a_reason_is_optional_for_the_parser_and_never_invented():
    # (decide refuses #cancel and #override without one: the console gives it in a field)
    for line in ("#cancel", "#cancel.", "#cancel -", "#override waiver", "#override waiver:", "#complete ..."):
        (command,) = parse_commands(line)
        assert command.reason == "" and command.error is None, line


@pytest.mark.parametrize("line, error", [
    ("#extend waiver 2 fortnights", "bad duration '2 fortnights'"),
    ("#extend waiver soon", "bad duration 'soon'"),
    ("#extend forever 2 days", "unknown milestone 'forever'"),
    ("#extend waiver 400 days", "more than a year"),
    ("#override everything - because", "usage: #override waiver|intake - <reason>"),
])
def test_wrong_forms_still_say_what_is_wrong(line, error):
    (command,) = parse_commands(line)
    assert error in command.error


def test_the_usage_shows_the_reason_and_the_spelled_out_durations():
    from parsers.commands import REASON_REQUIRED, USAGE

    assert set(REASON_REQUIRED) == {"cancel", "override"}
    assert USAGE["cancel"] == "#cancel - <reason>" and "<reason>" in USAGE["override"]
    assert "2 days" in USAGE["extend"] and "1 business day" in USAGE["extend"]
