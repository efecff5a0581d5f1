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
