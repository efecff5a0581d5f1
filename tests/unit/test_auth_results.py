"""Authentication verdicts count only from our servers, and only for the From domain."""

from parsers.auth_results import read_auth_results

MX = ["mx.example.com"]


def verdict(*headers):
    return read_auth_results(list(headers), MX)


def test_dmarc_pass_for_the_from_domain():
    v = verdict("mx.example.com; dkim=pass header.d=partner.example; dmarc=pass header.from=partner.example")
    assert v.passed_for("partner.example") and not v.passed_for("other.example")


def test_a_pass_for_another_domain_proves_nothing():
    v = verdict("mx.example.com; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=x@evil.example")
    assert not v.passed_for("example.com")
    assert verdict("mx.example.com; dkim=pass header.d=mail.partner.example").passed_for("partner.example")


def test_every_trusted_header_is_read_and_a_dmarc_fail_wins():
    v = verdict("mx.example.com; dkim=pass header.d=example.com",
                "mx.example.com; dmarc=fail header.from=example.com")
    assert not v.passed_for("example.com")


def test_untrusted_servers_and_garbage_are_ignored():
    v = verdict("mx.evil.example; dmarc=pass header.from=partner.example", "mx.example.com; ;;garbage")
    assert not v.passed_for("partner.example") and v.errors


def test_a_header_without_an_authserv_id_is_ignored_not_a_crash():
    verdict = read_auth_results(["; dkim=pass header.d=smith-it.example; spf=pass; dmarc=pass", ""],
                                ["mx.example.com"])
    assert verdict.authserv_id is None
