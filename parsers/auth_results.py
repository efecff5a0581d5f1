"""Authentication-Results (RFC 8601) -> dkim / spf / dmarc verdicts, from trusted servers only.

Anybody can write an Authentication-Results header into a mail they send, so only headers whose
authserv-id is one of ours count, and of those only the topmost: our receiving server adds its
header above everything the sender wrote (and RFC 8601 s5 asks it to remove forged ones below).
The header text is parsed by the ``authres`` library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import authres

_FEATURES = authres.all_features()
METHODS = ("dkim", "spf", "dmarc")


@dataclass(frozen=True)
class AuthVerdict:
    """The verdict of one trusted Authentication-Results header (empty when there is none)."""

    authserv_id: str | None = None
    results: dict[str, str] = field(default_factory=dict)  # method -> "pass", "fail", …
    header: str | None = None
    error: str | None = None

    @property
    def passed(self) -> bool:
        """DMARC passed, or (no DMARC verdict) DKIM or SPF passed: the sender is who it says."""
        if "dmarc" in self.results:
            return self.results["dmarc"] == "pass"
        return self.results.get("dkim") == "pass" or self.results.get("spf") == "pass"


def read_auth_results(headers: list[str], trusted_authserv_ids: list[str]) -> AuthVerdict:
    """The verdict of the topmost header from a trusted authserv-id."""
    trusted = {t.strip().lower() for t in trusted_authserv_ids if t.strip()}
    for value in headers:
        try:
            parsed = _FEATURES.parse_value(" ".join(value.split()))
        except Exception as exc:  # authres raises its own SyntaxError and friends
            authserv_id = value.split(";", 1)[0].strip().lower()
            if authserv_id in trusted:
                return AuthVerdict(authserv_id, {}, value, f"unreadable: {exc}")
            continue
        if (parsed.authserv_id or "").lower() not in trusted:
            continue
        results: dict[str, str] = {}
        for result in parsed.results:
            method = (result.method or "").lower()
            # A mail can carry several DKIM signatures: one pass is enough.
            if method in METHODS and results.get(method) != "pass":
                results[method] = (result.result or "").lower()
        return AuthVerdict(parsed.authserv_id.lower(), results, value)
    return AuthVerdict()
