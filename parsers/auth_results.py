"""Authentication-Results (RFC 8601) -> whether the From address is authenticated.

Anybody can write an Authentication-Results header into a mail they send, so only headers whose
authserv-id is one of ours count. A receiving server often writes several (OpenDKIM, SPF and
OpenDMARC each their own), so all of ours are read, and a verdict counts only when it is about
the domain in From (alignment, as DMARC defines it):

- a DMARC result for the From domain decides: any ``fail`` means not authenticated, a ``pass``
  means authenticated;
- without one, a DKIM pass for a signing domain aligned with the From domain, or an SPF pass
  for an aligned envelope sender, will do.

A pass for ``evil.example`` says nothing about mail claiming to be from ``partner.example``.
The server named in ``trusted_authserv_ids`` must remove headers that claim its name in the
mail it receives (RFC 8601 section 5), as Postfix with OpenDMARC/OpenDKIM and the big
providers do. The header text is parsed by the ``authres`` library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import authres

_FEATURES = authres.all_features()
METHODS = ("dkim", "spf", "dmarc")
_FAILS = {"fail", "permerror", "temperror", "softfail", "neutral", "none", "policy", "quarantine", "reject"}


@dataclass(frozen=True)
class Result:
    method: str
    result: str
    domain: str  # header.from for dmarc, header.d (or header.i's domain) for dkim, smtp.mailfrom's for spf


@dataclass(frozen=True)
class AuthVerdict:
    """All results our trusted servers wrote into one mail."""

    authserv_id: str | None = None
    found: tuple[Result, ...] = ()
    headers: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    results: dict[str, str] = field(default_factory=dict)  # method -> best result (for display)

    def passed_for(self, from_domain: str | None) -> bool:
        """Whether the mail is authenticated as coming from ``from_domain``."""
        domain = (from_domain or "").lower()
        if not domain:
            return False
        dmarc = [r for r in self.found if r.method == "dmarc" and (not r.domain or r.domain == domain)]
        if dmarc:
            return all(r.result == "pass" for r in dmarc)
        for r in self.found:
            if r.method in ("dkim", "spf") and r.result == "pass" and aligned(r.domain, domain):
                return True
        return False


def aligned(signer: str, from_domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    signer, from_domain = signer.lower().rstrip("."), from_domain.lower().rstrip(".")
    return bool(signer) and (signer == from_domain or from_domain.endswith("." + signer)
                             or signer.endswith("." + from_domain))


def _domain_of(result) -> str:
    wanted = {"dmarc": ("header", "from"), "dkim": ("header", "d"), "spf": ("smtp", "mailfrom")}
    ptype, name = wanted.get((result.method or "").lower(), ("", ""))
    value = ""
    for prop in result.properties:
        if prop.type == ptype and prop.name == name or not value and result.method == "dkim" and prop.type == "header" and prop.name == "i":
            value = prop.value or ""
    return str(value).rpartition("@")[2].lower().strip()


def read_auth_results(headers: list[str], trusted_authserv_ids: list[str]) -> AuthVerdict:
    """Every result from the trusted authserv-ids among ``headers``."""
    trusted = {t.strip().lower() for t in trusted_authserv_ids if t.strip()}
    found: list[Result] = []
    kept: list[str] = []
    errors: list[str] = []
    authserv_id = None
    for value in headers:
        # the authserv-id: the first word before the first ";" (none in "Authentication-Results:; …")
        claimed = next(iter(value.split(";", 1)[0].split()), "").lower()
        if claimed not in trusted:
            continue
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
    summary: dict[str, str] = {}
    for r in found:
        if summary.get(r.method) != "pass":
            summary[r.method] = r.result
    return AuthVerdict(authserv_id, tuple(found), tuple(kept), tuple(errors), summary)
