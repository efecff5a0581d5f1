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
