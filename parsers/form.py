"""Intake-form fields: "Label: value" lines, in the new text or typed into a quoted form.

The acknowledgement carries the form with empty values. Clients answer in their own words
("Company name: …"), under the labels in their reply, or by typing after the labels of the
quoted form (``> Company: Acme``, or an unprefixed Outlook quote). Values from the new text win;
the quoted form only fills what the new text left out.
"""

from __future__ import annotations

import re

from parsers.message import parse_addresses

FIELDS = (
    "company",
    "contact_name",
    "contact_phone",
    "domains",
    "old_partner_email",
    "old_partner_name",
    "old_partner_phone",
    "new_provider_email",
    "new_provider_name",
    "new_provider_phone",
    "reason",
)

# The labels the bot prints (first of each list) and the ones people write instead.
LABELS: dict[str, list[str]] = {
    "company": ["company", "company name", "organisation", "organization", "business", "client",
                "firma", "unternehmen", "société", "entreprise", "empresa", "azienda", "bedrijf",
                "firma", "företag", "компания"],
    "contact_name": ["contact name", "contact", "name", "your name", "contact person",
                     "ansprechpartner", "nom", "nombre", "nome", "naam", "imię i nazwisko",
                     "namn", "контактное лицо", "имя"],
    "contact_phone": ["contact phone", "phone", "phone number", "telephone", "tel", "mobile",
                      "telefon", "téléphone", "teléfono", "telefono", "telefoon", "telefone",
                      "телефон"],
    "domains": ["domains", "domain", "domain(s)", "domain names", "mail domains", "email domains",
                "e-mail domains", "domänen", "domaines", "dominios", "domini", "domeinen",
                "domínios", "domeny", "domäner", "домены"],
    "old_partner_email": ["current partner e-mail", "current partner email", "current partner",
                          "current partner contact", "current partner contact e-mail",
                          "old partner e-mail", "old partner email", "old partner",
                          "partner e-mail", "partner email", "current it partner",
                          "current it partner e-mail", "current provider e-mail",
                          "current provider email", "aktueller partner", "aktueller partner e-mail",
                          "bisheriger partner", "partenaire actuel", "socio actual", "proveedor actual",
                          "partner attuale", "huidige partner", "parceiro atual", "obecny partner",
                          "nuvarande partner", "текущий партнёр", "текущий партнер"],
    "new_provider_email": ['new provider e-mail (or "none" for retail)', "new provider e-mail",
                           "new provider email", "new provider", "new partner",
                           "new partner e-mail", "new partner email", "new provider contact",
                           "new provider contact e-mail", "new it partner", "neuer anbieter",
                           "neuer anbieter e-mail", "neuer partner", "nouveau prestataire",
                           "nouveau fournisseur", "nuevo proveedor", "nuovo fornitore",
                           "nieuwe leverancier", "nieuwe partner", "novo fornecedor", "nowy dostawca",
                           "ny leverantör", "новый поставщик", "новый провайдер"],
    # Who to talk to at the partner and the provider (optional: see mailbot.domain.intake).
    "old_partner_name": ["current partner contact name", "current partner contact person", "current partner name",
                         "old partner contact name", "old partner name", "partner contact name",
                         "partner contact person", "current it partner contact name",
                         "ansprechpartner aktueller partner", "ansprechpartner bisheriger partner",
                         "aktueller partner ansprechpartner", "bisheriger partner ansprechpartner",
                         "contact partenaire actuel", "contact du partenaire actuel",
                         "nom du contact partenaire actuel", "contacto socio actual", "contacto del socio actual",
                         "contacto proveedor actual", "contacto del proveedor actual",
                         "contatto partner attuale", "referente partner attuale",
                         "contactpersoon huidige partner", "contato parceiro atual", "contato do parceiro atual",
                         "contacto do parceiro atual", "osoba kontaktowa obecnego partnera",
                         "obecny partner osoba kontaktowa", "kontaktperson nuvarande partner",
                         "контактное лицо текущего партнёра", "контактное лицо текущего партнера"],
    "old_partner_phone": ["current partner phone", "current partner phone (optional)", "current partner phone number",
                          "current partner telephone", "old partner phone", "partner phone", "partner phone number",
                          "telefon aktueller partner", "aktueller partner telefon", "telefon bisheriger partner",
                          "téléphone partenaire actuel", "téléphone du partenaire actuel",
                          "teléfono socio actual", "teléfono del socio actual", "teléfono proveedor actual",
                          "teléfono del proveedor actual", "telefono partner attuale",
                          "telefoon huidige partner", "telefone parceiro atual", "telefone do parceiro atual",
                          "telefon obecnego partnera", "obecny partner telefon", "telefon nuvarande partner",
                          "телефон текущего партнёра", "телефон текущего партнера"],
    "new_provider_name": ["new provider contact name", "new provider contact person", "new provider name",
                          "new partner contact name", "new partner name", "provider contact name",
                          "new it partner contact name",
                          "ansprechpartner neuer anbieter", "neuer anbieter ansprechpartner",
                          "ansprechpartner neuer partner", "neuer partner ansprechpartner",
                          "contact nouveau prestataire", "contact du nouveau prestataire",
                          "nom du contact nouveau prestataire", "contact nouveau fournisseur",
                          "contacto nuevo proveedor", "contacto del nuevo proveedor",
                          "contatto nuovo fornitore", "referente nuovo fornitore",
                          "contactpersoon nieuwe leverancier", "contactpersoon nieuwe partner",
                          "contato novo fornecedor", "contato do novo fornecedor", "contacto do novo fornecedor",
                          "osoba kontaktowa nowego dostawcy", "nowy dostawca osoba kontaktowa",
                          "kontaktperson ny leverantör", "контактное лицо нового поставщика",
                          "контактное лицо нового провайдера"],
    "new_provider_phone": ["new provider phone", "new provider phone (optional)", "new provider phone number",
                           "new provider telephone", "new partner phone", "provider phone",
                           "telefon neuer anbieter", "neuer anbieter telefon", "telefon neuer partner",
                           "téléphone nouveau prestataire", "téléphone du nouveau prestataire",
                           "téléphone nouveau fournisseur", "teléfono nuevo proveedor",
                           "teléfono del nuevo proveedor", "telefono nuovo fornitore",
                           "telefoon nieuwe leverancier", "telefoon nieuwe partner", "telefone novo fornecedor",
                           "telefone do novo fornecedor", "telefon nowego dostawcy", "nowy dostawca telefon",
                           "telefon ny leverantör", "телефон нового поставщика", "телефон нового провайдера"],
    "reason": ["reason for the transfer", "reason for transfer", "reason", "why", "grund",
               "raison", "motivo", "reden", "powód", "anledning", "причина"],
}

_LABEL_TO_FIELD = {label: field for field, labels in LABELS.items() for label in labels}
# (each run of spaces, stars and quote marks has one place to go: "Company" and 20,000 spaces
# took 0.7 s, a line of spaces retried every label at each space)
_LABEL_LINE = re.compile(
    r"^[\s>*]*(?![\s>*])(?P<label>"
    + "|".join(sorted((re.escape(label) for label in _LABEL_TO_FIELD), key=len, reverse=True))
    # a colon, or a tab: a form filled in as an HTML table ("Company<tab>Acme")
    + r")(?:\s*(?:[*]\s*)?:|[ *]*\t)\s*(?:[*]\s*)?(?P<value>.*)$",
    re.IGNORECASE,
)
_NONE_WORDS = {"none", "no", "retail", "n/a", "na", "-", "--", "nobody", "no one", "vendor",
               "direct", "none (retail)", "retail (none)", "keine", "aucun", "ninguno", "nessuno",
               "geen", "nenhum", "brak", "ingen", "нет"}
_DOMAIN = re.compile(r"(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})(?![\w-])")
_PLACEHOLDER = re.compile(r'^[\s_.\-]*$|^\(?or "?none"? for retail\)?$|^\[.*\]$', re.IGNORECASE)


def parse_form(new_text: str, quoted_text: str = "") -> dict[str, str]:
    """Form fields found in the new text, completed from a filled-in quoted form."""
    form = _fields(new_text)
    for field, value in _fields(quoted_text).items():
        form.setdefault(field, value)
    return {field: form[field] for field in FIELDS if field in form}


def without_form_lines(text: str) -> str:
    """``text`` without its "Label: value" lines: what the writer said besides the form."""
    return "\n".join(line for line in (text or "").split("\n") if not _LABEL_LINE.match(line))


def _fields(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (text or "").split("\n"):
        match = _LABEL_LINE.match(line)
        if not match:
            continue
        field = _LABEL_TO_FIELD[match.group("label").lower()]
        value = clean_value(field, match.group("value"))
        if value and field not in found:
            found[field] = value
    return found


def clean_value(field: str, value: str) -> str | None:
    """A field's value as the form stores it (e-mail lowered, domains listed), None if empty."""
    value = value.strip().strip("*").strip()
    if _PLACEHOLDER.match(value):
        return None
    if field in ("old_partner_email", "new_provider_email"):
        return _email_value(field, value)
    if field == "domains":
        domains = list(dict.fromkeys(_DOMAIN.findall(value.lower())))
        return ", ".join(domains) or None
    return " ".join(value.split())[:500]


def _email_value(field: str, value: str) -> str | None:
    if field == "new_provider_email" and value.lower().strip(" .!()") in _NONE_WORDS:
        return "none"
    value = re.sub(r"mailto:", "", value, flags=re.IGNORECASE)
    addresses = parse_addresses([value])
    if not addresses:
        # (only from the start of a run of these characters: from every one of its positions,
        # 100 kB of letters without an "@" took 30 s)
        match = re.search(r"(?<![\w.+'-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", value)
        return match.group(0).lower() if match else None
    return addresses[0][1]
