"""Authentication-Results (RFC 8601) -> whether our own server vouches for the From address.

Anybody can write an Authentication-Results header into a mail they send, with any
authserv-id they like, so a verdict counts only when all of this holds:

- it is one of the *topmost* Authentication-Results headers, in the leading run whose
  authserv-id is one of ours: a receiving server prepends its verdicts, so whatever sits below
  another hop's header (or below the first foreign one) was written before our server saw the
  mail, by the sender or a relay, and is ignored even if it names our server;
- its authserv-id is compared as the raw token the header carries, never RFC 2047-decoded
  (``=?us-ascii?q?mx=2Eexample=2Ecom?=`` is not ``mx.example.com``);
- it is a DMARC result that names the From domain (``header.from``): only DMARC ties a DKIM
  signature or an SPF check to the address the reader sees. A ``dmarc=pass`` naming no domain
  or another one proves nothing, and a DKIM or SPF pass without a DMARC verdict does not count
  (a DKIM signature of a partner's domain can be replayed on another mail; SPF checks the
  envelope, not From). Any DMARC result for the domain other than ``pass`` means not
  authenticated.

The server named in ``trusted_authserv_ids`` must remove headers that claim its name in the
mail it receives (RFC 8601 section 5) and must run DMARC (OpenDMARC with Postfix, or the
provider's own); docs/security.md says how. The header grammar is parsed by ``authres``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import authres

_FEATURES = authres.all_features()
METHODS = ("dkim", "spf", "dmarc")
MAX_HEADERS = 20  # a receiving server writes a few; thousands are a crafted mail


@dataclass(frozen=True)
class Result:
    method: str
    result: str
    domain: str  # header.from for dmarc, header.d (or header.i's domain) for dkim, smtp.mailfrom's for spf


@dataclass(frozen=True)
class AuthVerdict:
    """The results our trusted server wrote on top of one mail."""

    authserv_id: str | None = None
    found: tuple[Result, ...] = ()
    headers: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    results: dict[str, str] = field(default_factory=dict)  # method -> best result (for display)
    ignored: tuple[str, ...] = ()  # Authentication-Results below ours or not ours, for the record

    def passed_for(self, from_domain: str | None) -> bool:
        """Whether our server's DMARC verdict authenticates ``from_domain``."""
        domain = _bare(from_domain or "")
        if not domain:
            return False
        dmarc = [r for r in self.found if r.method == "dmarc" and r.domain in (domain, "")]
        named = [r for r in dmarc if r.domain == domain]
        # A verdict naming no domain cannot pass, but its fail still counts against the mail.
        return bool(named) and all(r.result == "pass" for r in dmarc)

    def failed_for(self, from_domain: str | None) -> bool:
        """Whether our server said the From domain did not authenticate (a DMARC result other
        than pass): the mail is not who it claims to be, or the sender's domain is broken."""
        domain = _bare(from_domain or "")
        return any(r.method == "dmarc" and r.domain in (domain, "") and r.result != "pass" for r in self.found)


def _bare(domain: str) -> str:
    return domain.strip().lower().rstrip(".")


def _domain_of(result) -> str:
    wanted = {"dmarc": ("header", "from"), "dkim": ("header", "d"), "spf": ("smtp", "mailfrom")}
    ptype, name = wanted.get((result.method or "").lower(), ("", ""))
    value = ""
    for prop in result.properties:
        if prop.type == ptype and prop.name == name or not value and result.method == "dkim" and prop.type == "header" and prop.name == "i":
            value = prop.value or ""
    return _bare(str(value).rpartition("@")[2])


def authserv_id_of(value: str) -> str:
    """The authserv-id token as written (the first word before the first ";"), lower case."""
    return next(iter(value.split(";", 1)[0].split()), "").lower()


def read_auth_results(headers: list[str], trusted_authserv_ids: list[str] | tuple[str, ...]) -> AuthVerdict:
    """The results of the leading run of ``headers`` (raw values, top of the mail first) whose
    authserv-id is trusted."""
    trusted = {t.strip().lower() for t in trusted_authserv_ids if t.strip()}
    found: list[Result] = []
    kept: list[str] = []
    errors: list[str] = []
    authserv_id = None
    for index, value in enumerate(headers[:MAX_HEADERS]):
        claimed = authserv_id_of(value)
        if claimed not in trusted:
            ignored = tuple(headers[index:])  # this one and everything below it
            break
        authserv_id = authserv_id or claimed
        kept.append(value)
        try:
            parsed = _FEATURES.parse_value(" ".join(value.split()))
        except Exception as exc:  # authres raises its own SyntaxError and friends
            errors.append(f"unreadable: {exc}")
            continue
        for result in parsed.results:
            method = (result.method or "").lower()
            if method in METHODS:
                found.append(Result(method, (result.result or "").lower(), _domain_of(result)))
    else:
        ignored = ()
    summary: dict[str, str] = {}
    for r in found:
        if summary.get(r.method) != "pass":
            summary[r.method] = r.result
    return AuthVerdict(authserv_id, tuple(found), tuple(kept), tuple(errors), summary, ignored)
