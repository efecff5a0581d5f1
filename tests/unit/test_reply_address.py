from parsers.reference import make_reference
from parsers.reply_address import find_reply_token, make_reply_address, read_token

SECRET = b"s3cret"
MAILBOX = "transfer@example.com"


def test_made_address_verifies_for_its_party_only():
    ref = make_reference()
    address = make_reply_address(MAILBOX, SECRET, ref, "old_partner", "Bob@Partner.example")
    assert address.startswith("transfer+") and address.endswith("@example.com")
    assert len(address.partition("@")[0]) <= 64
    token = find_reply_token([address], MAILBOX, SECRET, "bob@partner.example")
    assert token.reference == ref and token.role == "old_partner" and token.valid
    # A CC'd third party answering through the same address is not the party.
    assert not find_reply_token([address], MAILBOX, SECRET, "eve@evil.example").valid


def test_case_changes_by_servers_do_not_break_it():
    ref = make_reference()
    address = make_reply_address(MAILBOX, SECRET, ref, "client", "dana@acme.example")
    assert find_reply_token([address.upper()], MAILBOX, SECRET, "DANA@ACME.EXAMPLE").valid


def test_forged_truncated_or_reassigned_signatures_fail():
    ref = make_reference()
    address = make_reply_address(MAILBOX, SECRET, ref, "new_provider", "sales@new.example")
    local, _, domain = address.partition("@")
    base, _, sig = local.rpartition(".")
    for forged in (base + "." + sig[:-1], base + "." + sig[:-1] + ("a" if sig[-1] != "a" else "b"),
                   local.replace(".provider.", ".partner."), base + ".", base + ".x" * 3):
        token = find_reply_token([forged + "@" + domain], MAILBOX, SECRET, "sales@new.example")
        assert token is None or not token.valid, forged
    other = make_reply_address(MAILBOX, b"other-secret", ref, "new_provider", "sales@new.example")
    assert not find_reply_token([other], MAILBOX, SECRET, "sales@new.example").valid


def test_other_addresses_are_ignored():
    assert find_reply_token(["transfer@example.com", "someone+x@example.com",
                             "transfer+abc@other.example"], MAILBOX, SECRET, "a@b.example") is None
    assert read_token("not-a-token", SECRET, "a@b.example") is None
