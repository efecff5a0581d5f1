import pytest

from parsers.form import parse_form


def test_the_labels_we_send_and_the_ones_people_write():
    text = """Company: Acme Widgets LLC
Contact name: Dana Smith
Phone: +1 555 0100
Domain(s): Acme.example; acme-widgets.example
Current partner email: Bob Miller <Bob@OldPartner.example>
New provider e-mail (or "none" for retail): retail
Reason: our partner closed down"""
    assert parse_form(text) == {
        "company": "Acme Widgets LLC",
        "contact_name": "Dana Smith",
        "contact_phone": "+1 555 0100",
        "domains": "acme.example, acme-widgets.example",
        "old_partner_email": "bob@oldpartner.example",
        "new_provider_email": "none",
        "reason": "our partner closed down",
    }


def test_answers_typed_into_the_quoted_form_fill_what_the_new_text_lacks():
    quoted = "> Company: Acme Widgets\n> Contact name:\n> New provider e-mail (or \"none\" for retail): sales@new.example"
    assert parse_form("Company: Acme Widgets LLC", quoted) == {
        "company": "Acme Widgets LLC",
        "new_provider_email": "sales@new.example",
    }


def test_empty_labels_and_placeholders_are_not_answers():
    assert parse_form("Company:\nContact name: ____\nDomains: \nNew provider e-mail (or \"none\" for retail):") == {}


def test_a_form_filled_in_as_an_html_table_is_read():
    from parsers.html_text import html_to_text

    html = ("<table><tr><td>Company:</td><td>Beta Corp</td></tr><tr><td>Contact name</td><td>Jo Bloggs</td></tr>"
            "<tr><th>Domains</th><td>beta.example</td></tr>"
            "<tr><td>Aktueller Partner E-Mail</td><td>support@oldpartner.example</td></tr>"
            "<tr><td>Neuer Anbieter</td><td>sales@newprovider.example</td></tr></table>")
    assert parse_form(html_to_text(html)) == {
        "company": "Beta Corp", "contact_name": "Jo Bloggs", "domains": "beta.example",
        "old_partner_email": "support@oldpartner.example", "new_provider_email": "sales@newprovider.example"}


# -- the partner's and the provider's contact person (Step 11) --------------------------------

def test_the_partners_and_providers_contacts_are_read_as_we_print_them():
    from mailbot.domain.intake import LABELS

    text = "\n".join(f"{LABELS[field]}: {value}" for field, value in (
        ("old_partner_email", "bob@oldpartner.example"), ("old_partner_name", "Bob Miller"),
        ("old_partner_phone", "+1 555 0199"), ("new_provider_email", "priya@newprovider.example"),
        ("new_provider_name", "Priya Raman"), ("new_provider_phone", "+1 555 0142")))
    assert parse_form(text) == {
        "old_partner_email": "bob@oldpartner.example", "old_partner_name": "Bob Miller",
        "old_partner_phone": "+1 555 0199", "new_provider_email": "priya@newprovider.example",
        "new_provider_name": "Priya Raman", "new_provider_phone": "+1 555 0142"}


@pytest.mark.parametrize("partner_name, partner_phone, provider_name, provider_phone", [
    ("Ansprechpartner aktueller Partner", "Telefon aktueller Partner", "Ansprechpartner neuer Anbieter",
     "Telefon neuer Anbieter"),
    ("Contact du partenaire actuel", "Téléphone du partenaire actuel", "Contact du nouveau prestataire",
     "Téléphone du nouveau prestataire"),
    ("Contacto del socio actual", "Teléfono del socio actual", "Contacto del nuevo proveedor",
     "Teléfono del nuevo proveedor"),
    ("Referente partner attuale", "Telefono partner attuale", "Referente nuovo fornitore", "Telefono nuovo fornitore"),
    ("Contactpersoon huidige partner", "Telefoon huidige partner", "Contactpersoon nieuwe leverancier",
     "Telefoon nieuwe leverancier"),
    ("Contato do parceiro atual", "Telefone do parceiro atual", "Contato do novo fornecedor",
     "Telefone do novo fornecedor"),
    ("Osoba kontaktowa obecnego partnera", "Telefon obecnego partnera", "Osoba kontaktowa nowego dostawcy",
     "Telefon nowego dostawcy"),
    ("Kontaktperson nuvarande partner", "Telefon nuvarande partner", "Kontaktperson ny leverantör",
     "Telefon ny leverantör"),
    ("Контактное лицо текущего партнёра", "Телефон текущего партнера", "Контактное лицо нового поставщика",
     "Телефон нового поставщика"),
])
def test_the_contacts_are_read_in_every_language_of_the_form(partner_name, partner_phone, provider_name,
                                                             provider_phone):
    text = (f"{partner_name}: Bob Miller\n{partner_phone}: +49 30 1234567\n"
            f"{provider_name}: Priya Raman\n{provider_phone}: +49 40 7654321")
    assert parse_form(text) == {"old_partner_name": "Bob Miller", "old_partner_phone": "+49 30 1234567",
                                "new_provider_name": "Priya Raman", "new_provider_phone": "+49 40 7654321"}


def test_the_old_labels_keep_their_meaning_beside_the_new_ones():
    # "Current partner contact" was and stays the partner's e-mail; "Ansprechpartner" the client's contact.
    assert parse_form("Current partner contact: bob@oldpartner.example\nAnsprechpartner: Dana Smith\n"
                      "Current partner contact name: Bob Miller") == {
        "contact_name": "Dana Smith", "old_partner_email": "bob@oldpartner.example", "old_partner_name": "Bob Miller"}


def test_no_label_names_two_fields():
    from parsers.form import LABELS

    owners: dict[str, set[str]] = {}
    for field, labels in LABELS.items():
        for label in labels:
            owners.setdefault(label, set()).add(field)
    assert {label: fields for label, fields in owners.items() if len(fields) > 1} == {}


def test_the_contacts_are_asked_for_but_an_intake_completes_without_them():
    from mailbot.domain.intake import OPTIONAL, form_problems

    form = {"company": "Acme", "contact_name": "Dana Smith", "contact_phone": "+1 555 0100", "domains": "acme.example",
            "old_partner_email": "bob@old.example", "new_provider_email": "none", "reason": "moving"}
    assert form_problems(form, "dana@acme.example", "transfer@example.com") == ([], [])
    assert set(OPTIONAL) == {"old_partner_name", "old_partner_phone", "new_provider_name", "new_provider_phone"}
    missing, problems = form_problems({**form, "old_partner_name": "Bob (see https://x.example)",
                                       "new_provider_phone": "ask Priya"}, "dana@acme.example", "transfer@example.com")
    assert missing == [] and len(problems) == 2


# -- a new request, or news about one under way -----------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Any news on our Exchange move?", False),
    ("Hello, where do we stand? Dana\nPhone: +1 555 0100", False),
    ("This is not a new request: any news on the transfer?", False),
    ("We don't need another transfer, just an update.", False),
    ("Any news on our new request?", False),
    ("We need another transfer, for our subsidiary.", True),
    ("Wir brauchen noch einen Umzug für die Tochterfirma.", True),
    ("Keine neue Anfrage, nur eine Frage zum Stand.", False),
    ("Nous avons une nouvelle demande de transfert.", True),
    ("Necesitamos otra transferencia.", True),
    ("Potrzebujemy kolejnego przeniesienia.", True),
])
def test_a_new_request_is_known_from_news_about_one(text, expected):
    from parsers.new_request import is_new_request

    assert is_new_request(parse_form(text), text) is expected


def test_the_intake_form_makes_a_mail_a_request_a_signature_does_not():
    from parsers.new_request import is_new_request

    assert is_new_request({"domains": "acme.example"}, "hello")
    assert is_new_request({"company": "Acme", "contact_name": "Dana", "contact_phone": "+1 555 0100"}, "hello")
    assert not is_new_request({"contact_name": "Dana", "contact_phone": "+1 555 0100"}, "any news?")
