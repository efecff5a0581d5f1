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
