"""Authentication verdicts count only from our server, on top of the mail, and only as a DMARC
result for the From domain."""

from hypothesis import given
from hypothesis import strategies as st

from parsers.auth_results import read_auth_results

MX = ["mx.example.com"]
PASS = "mx.example.com; spf=pass smtp.mailfrom=partner.example; dkim=pass header.d=partner.example; " \
       "dmarc=pass header.from=partner.example"
FAIL = "mx.example.com; dkim=none; dmarc=fail header.from=partner.example"


def verdict(*headers):
    return read_auth_results(list(headers), MX)


def test_dmarc_pass_for_the_from_domain():
    v = verdict(PASS)
    assert v.passed_for("partner.example") and v.passed_for("PARTNER.example.")
    assert not v.passed_for("other.example") and not v.passed_for("")


def test_dkim_or_spf_without_dmarc_proves_nothing():
    assert not verdict("mx.example.com; dkim=pass header.d=partner.example").passed_for("partner.example")
    assert not verdict("mx.example.com; spf=pass smtp.mailfrom=a@partner.example").passed_for("partner.example")


def test_a_dmarc_pass_must_name_the_from_domain():
    assert not verdict("mx.example.com; dmarc=pass").passed_for("partner.example")
    assert not verdict("mx.example.com; dmarc=pass header.from=evil.example").passed_for("partner.example")
    assert not verdict("mx.example.com; dmarc=pass header.from=mail.partner.example").passed_for("partner.example")


def test_every_header_of_ours_on_top_is_read_and_a_dmarc_fail_wins():
    v = verdict("mx.example.com; dmarc=pass header.from=partner.example", FAIL)
    assert not v.passed_for("partner.example") and v.failed_for("partner.example")
    assert not verdict(PASS, "mx.example.com; dmarc=fail").passed_for("partner.example")


def test_the_authserv_id_is_the_raw_token_never_decoded():
    forged = "=?us-ascii?q?mx=2Eexample=2Ecom?=; dmarc=pass header.from=partner.example"
    v = verdict(forged)
    assert v.authserv_id is None and not v.passed_for("partner.example")


def test_ours_below_another_header_was_written_before_our_server_saw_the_mail():
    v = verdict("relay.elsewhere.example; dmarc=none", PASS)
    assert not v.passed_for("partner.example") and v.ignored
    # Our fail on top, the sender's forged pass (under our name) below it.
    assert not verdict(FAIL, PASS).passed_for("partner.example")


def test_untrusted_servers_and_garbage_are_ignored():
    assert not verdict("mx.evil.example; dmarc=pass header.from=partner.example").passed_for("partner.example")
    v = verdict("mx.example.com; ;;garbage")
    assert not v.passed_for("partner.example") and v.errors


def test_a_header_without_an_authserv_id_is_ignored_not_a_crash():
    v = read_auth_results(["; dkim=pass header.d=smith-it.example; spf=pass; dmarc=pass", ""], MX)
    assert v.authserv_id is None


_OTHERS = st.sampled_from([
    "relay.elsewhere.example; dmarc=pass header.from=partner.example",
    "mx.example.com; dmarc=pass header.from=partner.example",  # a forgery under our name
    "=?utf-8?q?mx=2Eexample=2Ecom?=; dmarc=pass header.from=partner.example",
    "MX.EXAMPLE.COM.evil; dmarc=pass header.from=partner.example",
    "; dmarc=pass header.from=partner.example",
])


@given(below=st.lists(_OTHERS, max_size=5))
def test_what_lies_below_our_verdict_never_changes_it(below):
    """Our server's own headers on top decide, whatever the sender wrote further down."""
    assert verdict(FAIL, *below).passed_for("partner.example") is False
    assert verdict(PASS, *below).passed_for("partner.example") is True


@given(above=st.lists(_OTHERS.filter(lambda h: not h.startswith("mx.example.com;")), min_size=1, max_size=5),
       below=st.lists(_OTHERS, max_size=3))
def test_a_foreign_header_on_top_means_our_server_said_nothing(above, below):
    """A pass under our name counts only in the leading run of our headers."""
    assert verdict(*above, PASS, *below).passed_for("partner.example") is False
