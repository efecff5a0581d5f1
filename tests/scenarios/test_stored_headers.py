"""The bytes a notice is stored with (``outbound_mails.raw``, what SMTP will carry) read by a
strict parser: RFC 2047 lines of 76 at most, the whole display name, IDNA domains."""

from __future__ import annotations

import email.policy
from email.header import decode_header, make_header
from email.parser import BytesParser
from email.utils import parseaddr

from tests.scenarios.desk import CLIENT, FULL_FORM, PARTNER, Desk, open_case

# Longer than one line, and before the fix cut at 78 characters.
DESK_NAME = ("Überweisungsstelle für Kundenumzüge der Beispiel-Sicherheitsdienste GmbH & Co. KG, "
             "Abteilung Partnerwechsel")
COMPANY = "Müller Großhandel für Präzisionswerkzeuge & Schließanlagen GmbH"


def desk_with(tmp_path, partner: str) -> Desk:
    """A desk whose mail comes from DESK_NAME, with a case for COMPANY whose partner is ``partner``."""
    desk = Desk(tmp_path)
    desk.config.write_text(desk.config.read_text().replace("[mailbox]\n", f'[mailbox]\nname = "{DESK_NAME}"\n'))
    open_case(desk, form=FULL_FORM.replace("Acme Widgets LLC", COMPANY).replace(PARTNER, partner))
    return desk


def stored(desk: Desk, template: str) -> bytes:
    rows = desk.sql(f"select raw from outbound_mails where template = '{template}' order by id")
    assert rows, f"no {template} stored"
    return bytes(rows[-1][0])


def assert_lines_by_the_book(raw: bytes) -> None:
    for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if b"=?" in line:
            assert len(line) <= 76, line  # RFC 2047 s2
        elif not line.startswith((b"In-Reply-To:", b"References:", b" <")):  # msg-ids never fold
            assert len(line) <= 78, line  # RFC 5322 s2.1.1


def rfc2047_display_name(raw: bytes) -> str:
    """As RFC 2047 s6.2 reads it (see tests/unit/test_outbound_headers.display_name)."""
    value = BytesParser(policy=email.policy.compat32).parsebytes(raw)["From"].replace("\r\n", "")
    return str(make_header(decode_header(parseaddr(value)[0])))


def test_the_stored_bytes_read_back_strictly_with_short_lines(tmp_path):
    desk = desk_with(tmp_path, "support@bücher.example")
    for template, to in (("acknowledgement", CLIENT), ("waiver_request", "support@xn--bcher-kva.example")):
        raw = stored(desk, template)
        assert_lines_by_the_book(raw)
        message = BytesParser(policy=email.policy.strict).parsebytes(raw)
        assert not message.defects and not message["Subject"].defects and not message["From"].defects
        assert COMPANY in message["Subject"]  # folded and encoded, read back whole
        assert message["To"].addresses[0].addr_spec == to
        assert message["From"].addresses[0].addr_spec == "transfer@example.com"
        assert rfc2047_display_name(raw) == DESK_NAME  # folded, not cut


def test_a_partner_at_an_eszett_domain_is_written_to_in_idna_2008(tmp_path):
    raw = stored(desk_with(tmp_path, "support@faß.de"), "waiver_request")
    to = BytesParser(policy=email.policy.strict).parsebytes(raw)["To"].addresses[0].addr_spec
    assert to == "support@xn--fa-hia.de"  # IDNA 2003 says fass.de: somebody else's domain
