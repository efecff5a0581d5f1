"""A yes is read as a careful person reads it: every ordinary yes signs, no hidden condition does.

Each case is a whole mail through ``read_mail``, the way the pipeline reads it. The classes are
those of the blind corpus (docs/parsing.md): genuine yeses with a name-and-company signature,
a courtesy or a phone footer; and conditions wherever a sender can put them — under the
sign-off, in the name block, the subject, the display name, an attachment, HTML a mail client
shows but a naive reader drops.
"""

from __future__ import annotations

import base64

import pytest

from parsers.reading import read_mail
from tests.conftest import SETTINGS

QUOTE = ("\n\nOn Tue, 3 Mar 2026 at 09:00, Example transfer desk <transfer@example.com> wrote:\n"
         "> Hello,\n> please answer the waiver for case XFER-4KZG3A1 with I AGREE.\n")


def mail(body: str, *, subject: str = "Re: [XFER-4KZG3A1] Waiver request: Acme Widgets is moving",
         sender: str = "Mark Ellison <mark@brightfalls-it.example>", html: str | None = None,
         parts: list[str] | None = None) -> bytes:
    head = (f"From: {sender}\r\nTo: transfer@example.com\r\nSubject: {subject}\r\n"
            "Message-ID: <r1@brightfalls-it.example>\r\nIn-Reply-To: <mailbot.1@example.com>\r\n"
            "MIME-Version: 1.0\r\n")
    text = f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" \
           f"{base64.encodebytes(body.encode()).decode()}"
    if html is None and not parts:
        return (head + text).encode()
    if html is not None:
        markup = (f"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                  f"{base64.encodebytes(html.encode()).decode()}")
        alternative = f'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n--alt\r\n{text}\r\n--alt\r\n{markup}\r\n--alt--\r\n'
        if not parts:
            return (head + alternative).encode()
        text = alternative
    body_parts = "".join(f"--mix\r\n{part}\r\n" for part in [text, *(parts or [])])
    return (head + f'Content-Type: multipart/mixed; boundary="mix"\r\n\r\n{body_parts}--mix--\r\n').encode()


def intent(raw: bytes) -> str:
    return str(read_mail(raw, SETTINGS).intent)


# -- ordinary yeses sign -------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    "I AGREE\n\nMark Ellison\nBright Falls IT",
    "I agree, thanks for sending this over.\n\nCheers,\nMark",
    "Thanks for organising this!\n\nI AGREE\n\nMark Ellison\nBright Falls IT",
    "I accept\n\nSent from my iPhone!",
    "i AGREE.\n\n-Mark.",
    "Hi there,\n\nI agree.",
    "I Agree!\n\n—Mark",
    "I AGREE\n\nSent wirelessly from my BlackBerry device on the Bell network.",
    "I agree\n\nVerstuurd vanaf mijn iPhone",
    "I AGREE\n\nMit freundlichen Grüßen\nMark Ellison\nGeschäftsführer\nBright Falls IT GmbH\n"
    "Hauptstraße 1, 80331 München\nTel. +49 89 1234567 | www.brightfalls-it.example\n\n"
    "Amtsgericht München HRB 123456 | USt-IdNr. DE123456789",
    "I agree. Best of luck to the Acme Widgets team with the move.\n\nRegards,\nMark Ellison\nOwner\nBright Falls IT",
    "I AGREE\n\nUn abrazo,\nMark",
    # greetings, courtesies and signatures in the shapes of more languages
    "Sehr geehrte Damen und Herren,\nI AGREE\nWir wünschen dem Kunden alles Gute.",
    "Grüezi\nI AGREE",
    "Bok,\nI AGREE.\nKlijentu želimo puno uspjeha.\n\nS poštovanjem,\nMarko",
    "مرحباً،\nI AGREE.\nنتمنى للعميل كل التوفيق.",
    "您好，\nI AGREE\n很高兴与贵方合作。\n\n此致\n敬礼",
    "안녕하십니까.\nI AGREE\n좋은 주말 보내세요.\n\niPhone에서 보냄",
    "I AGREE!\nБыло приятно работать вместе.\n\nЗ повагою,\nОлександр Шевченко\nТехнічний директор, ФОП Коваленко А. В.",
    "I AGREE\nAť se stěhování vydaří.\n\nLenka Procházková\nNovák Systems s.r.o.\n\nOdesláno z iPhonu",
    "I AGREE\n\nBien cordialement,\n\n--\nMark Ellison | Administrateur systèmes\nBright Falls IT SPRL",
    "I AGREE\n\nMit freundlichen Grüßen\nMark Ellison\nAlpen-EDV Brandstätter e.U.\nFN 512877 d, Landesgericht Innsbruck",
    "I AGREE\n\nС наилучшими пожеланиями,\n\nОльга Васильева\nМенеджер по работе с клиентами",
    "I AGREE\n\nCheers,\nMark Ellison\n\nPlease consider the environment before printing this email.",
    "I AGREE\n\nHälsningar,\nMark\n\nTänk på miljön innan du skriver ut detta mejl.",
    "I AGREE\n\nPlease pass on our best wishes to the client, it was a pleasure working with them.",
    "I AGREE and wish them well.",
    "I AGREE :-)",
    "To whom it may concern,\n\nI AGREE",
    "I AGREE\n\nLet me know if you need anything else from our side.\nLooking forward to hearing from you.",
    "I AGREE\n\nS pozdravem\n\nIng. Mark Ellison\njednatel\nBright Falls IT s.r.o.",
    "I AGREE\n\nCordialement,\nMark Ellison\nBright Falls IT SARL – 14 rue Garibaldi – 69006 Lyon",
    "I AGREE\n\nMark\n\nأُرسلت من الـ iPhone",
    "Guten Tag,\n\nI AGREE.\n\nMelden Sie sich gern, falls Sie noch etwas brauchen.",
    "Bonjour,\n\nI agree.\n\nN'hésitez pas si vous avez besoin d'autre chose.",
    "I AGREE -\n\nBesten Dank!",
    "I AGREE\n\nSorry für die späte Antwort.\n\nPS: Schönes Wochenende!",
    "I AGREE\n\nThank you!\n\nCheers,\nMark Ellison\n[image: Bright Falls IT]\nAccount manager",
    "I AGREE\n\nMark\nFind us on LinkedIn and Mastodon",
    "I AGREE\n\n정준호\n06236 서울특별시 강남구 테헤란로 152, 12층",
    "I AGREE\n\nMarta\n\nAVISO LEGAL: Este correo electrónico contiene información confidencial destinada "
    "únicamente a su destinatario. Si usted no es el destinatario, le rogamos que lo elimine.",
    # the sender's own company, whatever its words ("Falls" is German for "if")
    "I AGREE on behalf of Bright Falls IT",
    "I AGREE\n\nBest of luck from all of us at Bright Falls IT.",
])
def test_an_ordinary_yes_signs(body):
    expected = "accept" if "accept" in body.lower() else "agree"
    assert intent(mail(body + QUOTE)) == expected


# -- conditions anywhere the sender wrote them -------------------------------------------------------

@pytest.mark.parametrize("body", [
    "I AGREE\n\nKind regards,\nMark Ellison\nBright Falls IT\nThe backup server stays with Smith IT.",
    "I AGREE\n\nMark Ellison\nBright Falls IT\nConsent void in case of litigation",
    "I AGREE\n\nMark Ellison\nMinus the archive\nBright Falls IT",
    "I AGREE\n\nMit freundlichen Grüßen\nMark Ellison\nDer Backup-Server bleibt bei uns.",
    "I AGREE\n\nMark Ellison\nVorbehalt Zahlungseingang",
    "I AGREE\n\nMet vriendelijke groet,\nMark\nGeldig vanaf betaling van factuur 2291",
    "I AGREE\nCheers -after the transfer",
    "I AGREE. Regards -when ready",
    "I AGREE\n\nThanks for letting us keep the backups.",
    "Yes, I agree.",
    # a courtesy-like sentence before the keyword on its line is no greeting
    "We are glad Victor thought of us. I agree.",
    # a printing notice that sets terms is no notice
    "I AGREE\n\nCheers,\nMark\n\nThink before you print: the backup stays with us.",
    "I AGREE\n\nMark Ellison | Only after payment",
    "I AGREE\n\nRegards,\nMark\n\nMinus the archive",
    "I AGREE and keep the archive",
    "I AGREE\n\nMark\nWritten confirmation by phone to follow.",
    "I AGREE\n\nMark\nPS: only after payment.",
    "I AGREE\n\nMark\n[image: valid only after payment]",
    "I AGREE, falls bezahlt",
    "I AGREE\n\nBright Falls IT only after payment",
])
def test_a_condition_under_or_around_the_yes_is_not_a_yes(body):
    assert intent(mail(body + QUOTE)) == "ambiguous"


@pytest.mark.parametrize("subject", [
    "Re: [XFER-4KZG3A1] Waiver request: Acme Widgets is moving - except the archive",
    "Re: [XFER-4KZG3A1] Waiver request - nur nach Zahlung",
])
def test_a_carve_out_in_the_subject(subject):
    assert intent(mail("I AGREE" + QUOTE, subject=subject)) == "ambiguous"


@pytest.mark.parametrize("sender", [
    '"Mark Ellison (minus the archive)" <mark@brightfalls-it.example>',
    '"Mark Ellison - only once paid" <mark@brightfalls-it.example>',
])
def test_a_carve_out_in_the_display_name(sender):
    assert intent(mail("I AGREE" + QUOTE, sender=sender)) == "ambiguous"


ATTACHED_MESSAGE = ("Content-Type: message/rfc822\r\n\r\nFrom: Legal <legal@brightfalls-it.example>\r\n"
                    "Subject: terms\r\n\r\nOur consent excludes the archive.\r\n")
NAMELESS_OCTETS = ("Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                   + base64.encodebytes(b"Valid only once invoice 2291 is paid.").decode())
NAMELESS_PDF = ("Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64.encodebytes(b"%PDF-1.4 terms").decode())
VCARD_NOTE = ("Content-Type: text/vcard; charset=utf-8\r\nContent-Disposition: attachment; filename=mark.vcf\r\n\r\n"
              "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mark Ellison\r\nNOTE:Consent only after payment of invoice 2291\r\n"
              "END:VCARD\r\n")
PLAIN_VCARD = ("Content-Type: text/vcard; charset=utf-8\r\nContent-Disposition: attachment; filename=mark.vcf\r\n\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mark Ellison\r\nORG:Bright Falls IT\r\nEND:VCARD\r\n")


@pytest.mark.parametrize("part", [ATTACHED_MESSAGE, NAMELESS_OCTETS, NAMELESS_PDF, VCARD_NOTE],
                         ids=["message/rfc822 without disposition", "nameless octet-stream", "nameless pdf",
                              "vCard note"])
def test_a_yes_with_a_part_that_may_hold_terms_goes_to_staff(part):
    reading = read_mail(mail("I AGREE" + QUOTE, parts=[part]), SETTINGS)
    assert reading.intent == "ambiguous"
    assert reading.as_json()["intent_reason"]


def test_attached_parts_are_listed_even_without_a_name():
    reading = read_mail(mail("I AGREE" + QUOTE, parts=[ATTACHED_MESSAGE, NAMELESS_OCTETS]), SETTINGS)
    kinds = [a["content_type"] for a in reading.as_json()["attachments"]]
    assert "message/rfc822" in kinds and "application/octet-stream" in kinds


def test_a_plain_vcard_does_not_stop_a_yes():
    assert intent(mail("I AGREE" + QUOTE, parts=[PLAIN_VCARD])) == "agree"


@pytest.mark.parametrize("body", [
    "I AGREE\n\nMEMORANDUM\nTo: transfer@example.com\nFrom: Mark Ellison\nRe: XFER-4KZG3A1\n\n"
    "The archive stays with us.",
    "I AGREE\n\n-----Original Message-----\nFrom: Mark Ellison <mark@brightfalls-it.example>\n"
    "Sent: Monday\n\nOnly once invoice 2291 is paid.",
    "I AGREE\n> only once invoice 2291 is paid",
])
def test_history_that_is_no_mail_of_ours_is_read_as_the_writers(body):
    assert intent(mail(body)) == "ambiguous"


def test_the_reason_names_the_rule_and_the_words():
    reading = read_mail(mail("I AGREE\n\nMark Ellison\nThe backup server stays with Smith IT." + QUOTE), SETTINGS)
    reason = reading.as_json()["intent_reason"]
    assert "backup server stays" in reason and reading.intent == "ambiguous"
    clean = read_mail(mail("I AGREE\n\nMark Ellison\nBright Falls IT" + QUOTE), SETTINGS).as_json()
    assert clean["intent"] == "agree" and "opens the new text" in clean["intent_reason"]


def styled(style: str, body: str) -> bytes:
    head = ("From: Mark Ellison <mark@brightfalls-it.example>\r\nTo: transfer@example.com\r\n"
            "Subject: Re: [XFER-4KZG3A1] Waiver request: Acme Widgets is moving\r\n"
            "Message-ID: <h1@brightfalls-it.example>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")
    page = f"<html><head><style>{style}</style></head><body>{body}</body></html>"
    return (head + base64.encodebytes(page.encode()).decode()).encode()


@pytest.mark.parametrize("style, body", [
    ("", "<p>I AGREE</p><!--[if mso]><p>Excluding the archive mailbox.</p><![endif]-->"),
    ("", "<p>I AGREE</p><noscript><p>Valid only after our invoice is paid.</p></noscript>"),
    ("", '<p>I AGREE</p><p><img src="cid:logo" alt="[Acceptance subject to contract]"></p>'),
    (".c{display:none} .c{display:block}", '<p>I AGREE</p><p class="c">except the archive</p>'),
    (".c{display:block !important}", '<p>I AGREE</p><p class="c" style="display:none">except the archive</p>'),
    ("p[hidden]{display:block}", "<p>I AGREE</p><p hidden>Only for the main domain.</p>"),
    ("p.t::after{content:' - minus the archive'}", '<p class="t">I AGREE</p>'),
    ("", '<p>I AGREE</p><p><input readonly value="except backup server"></p>'),
    ("", "<p>I AGREE</p><xml><p>Excluding the archive mailbox.</p></xml>"),
    ("", '<p>I AGREE</p><p style="color:#ffffff;background:#ffffff">only once invoice 2291 is paid</p>'),
], ids=["mso", "noscript", "img alt", "display:none overridden", "!important class", "hidden with display:block",
        "::after content", "input value", "xml element", "white on white"])
def test_html_a_client_shows_or_hides_cannot_carry_a_condition_past_a_yes(style, body):
    reading = read_mail(styled(style, body), SETTINGS)
    reason = reading.as_json()["intent_reason"]
    assert reading.intent == "ambiguous", reason
    # ambiguous for the hidden or elsewhere-shown words, which the reason quotes
    assert any(word in reason for word in ("archive", "invoice", "contract", "domain", "backup")), reason


def test_a_keyword_nobody_sees_signs_nothing():
    reading = read_mail(styled("", '<p style="font-size:0">I AGREE</p><p>Thanks, will read it next week.</p>'),
                        SETTINGS)
    assert reading.intent == "none" and "I AGREE" not in reading.reply.text


def test_a_plain_html_yes_signs():
    assert read_mail(styled("p{margin:0}", '<p>I AGREE</p><p><img src="cid:logo" alt="Bright Falls IT"></p>'),
                     SETTINGS).intent == "agree"


# -- the waiver quoted back must be the one we sent ---------------------------------------------------

def _waiver_quote(clause_4: str) -> str:
    from replies.render import Renderer  # the waiver exactly as the bot renders it
    text = Renderer().render_waiver("v2", {"company": "Acme Widgets", "domains": "acme.example",
                                    "partner_email": "mark@brightfalls-it.example",
                                    "reference": "XFER-4KZG3A1", "vendor": "Example", "retail": False})
    text = text.replace("4. Open invoices between the partner and the client are not affected by this release and are\n"
                        "   settled between them; they do not hold up the transfer.", clause_4)
    return ("\n\nOn Tue, 3 Mar 2026 at 09:00, Example transfer desk <transfer@example.com> wrote:\n"
            + "\n".join("> " + line for line in text.split("\n")))


def test_a_yes_over_the_waiver_as_sent_signs():
    original = ("4. Open invoices between the partner and the client are not affected by this release and are\n"
                "   settled between them; they do not hold up the transfer.")
    assert intent(mail("I AGREE" + _waiver_quote(original))) == "agree"


def test_a_yes_over_a_waiver_edited_inside_the_quote_is_not_a_yes():
    edited = "4. Open invoices between the partner and the client must be paid in full before the transfer."
    reading = read_mail(mail("I AGREE" + _waiver_quote(edited)), SETTINGS)
    assert str(reading.intent) == "ambiguous"
    assert "waiver (v2) quoted under it is not the text we sent" in reading.intent_reason


def test_a_law_firms_name_is_no_lawsuit_but_a_legal_word_elsewhere_is():
    quote = ('\n\nOn Tue, 3 Mar 2026 at 09:00, Example transfer desk <transfer@example.com> wrote:\n'
             '> Client: "Oakridge Legal LLP"\n> please answer with I AGREE.\n')
    subject = "Re: [XFER-4KZG3A1] Waiver request: Oakridge Legal LLP is moving"
    assert intent(mail("I AGREE\n\nBest of luck to Oakridge Legal LLP." + quote, subject=subject)) == "agree"
    assert intent(mail("I AGREE\n\nBest of luck, our Legal Team will call." + quote, subject=subject)) == "ambiguous"
    assert intent(mail("I AGREE" + quote, subject=subject + " - Legal Review Required")) == "ambiguous"


def test_a_colleagues_forward_of_our_mail_is_our_mail_unless_the_note_sets_terms():
    ours = ("\n\n------ Original Message ------\nFrom \"Femke Visser\" <femke@brightfalls-it.example>\n"
            "To \"Mark Ellison\" <mark@brightfalls-it.example>\n\nHoi Mark,\n\n{note}\n\nFemke\n\n"
            "---------- Forwarded message ---------\nFrom: Example transfer desk <transfer@example.com>\n"
            "Subject: [XFER-4KZG3A1] Waiver request\n\nplease answer with I AGREE.\n")
    assert intent(mail("I AGREE" + ours.format(note="kannst du das bitte freigeben?"))) == "agree"
    assert intent(mail("I AGREE" + ours.format(note="alleen na betaling van factuur 2291"))) == "ambiguous"


def test_a_second_answer_hidden_in_the_html_is_not_a_yes():
    quote = ("<blockquote><p>On Tue, Example transfer desk &lt;transfer@example.com&gt; wrote:</p>"
             "<p>reply with I AGREE, or with I OBJECT and tell us why.</p></blockquote>")
    hidden = '<div style="display:none;max-height:0;overflow:hidden">I OBJECT</div>'
    plain = "I AGREE" + QUOTE
    assert intent(mail(plain, html=f"<html><body><p>I AGREE</p>{quote}</body></html>")) == "agree"
    reading = read_mail(mail(plain, html=f"<html><body>{hidden}<p>I AGREE</p>{quote}</body></html>"), SETTINGS)
    assert str(reading.intent) == "ambiguous"
    assert "hides another answer" in reading.intent_reason


def test_a_notice_that_mail_binds_nobody_is_no_clean_yes_in_chinese_either():
    body = "I AGREE\n\n祝好\n张强\n\n本公司电子邮件仅供参考，不具有法律约束力。"
    assert intent(mail(body + QUOTE)) == "ambiguous"


# -- shapes, not word lists: closings, attributions and addresses in languages no list knows ----

@pytest.mark.parametrize("attribution", [
    "* Example transfer desk <transfer@example.com> [2025-03-05 17:44 +0100]:",  # Mutt
    "在 2025年05月03日 15:30，Example transfer desk <transfer@example.com> 写道：",  # Chinese Gmail
    "Tarehe 13/03/2025 saa 14:35, Example transfer desk <transfer@example.com> aliandika:",  # Swahili
    "Ar 05/05/2025 am 02:35, Example transfer desk <transfer@example.com> ysgrifennodd:",  # Welsh
    "Fl-05/05/2025, Example transfer desk <transfer@example.com> kiteb:",  # Maltese
    "Example transfer desk <transfer@example.com> 於 2025年5月5日 週一 上午2:35 寫道：",  # Chinese (Taiwan)
])
def test_an_attribution_in_any_language_is_an_address_a_date_and_a_verb_above_the_quote(attribution):
    body = f"I AGREE\n\n{attribution}\n> Hello,\n> please answer the waiver for case XFER-4KZG3A1 with I AGREE.\n"
    reading = read_mail(mail(body), SETTINGS)
    assert reading.reply.text == "I AGREE"
    assert str(reading.intent) == "agree"


def test_a_line_that_only_looks_like_an_attribution_is_not_one_without_a_quote_under_it():
    body = "I AGREE\n\nOn 5 May send the invoice to <billing@brightfalls-it.example> first:\nthe archive stays.\n"
    assert intent(mail(body + QUOTE)) == "ambiguous"


@pytest.mark.parametrize("closing", ["Diolch,", "E se,", "Grazzi ħafna,", "Ua tsaug,"])
def test_a_short_closing_no_list_knows_signs_off_right_above_the_writers_name(closing):
    body = f"I AGREE\n\n{closing}\nMark Ellison\nBright Falls IT\n"
    reading = read_mail(mail(body + QUOTE), SETTINGS)
    assert reading.reply.text == "I AGREE"
    assert str(reading.intent) == "agree"


@pytest.mark.parametrize("line", ["Except the archive,", "Not before 2027,", "Only after payment,",
                                  "Kumbukumbu 2019 hazihamishwi,", "I OBJECT,"])
def test_a_condition_shaped_like_a_closing_is_still_a_condition(line):
    assert intent(mail(f"I AGREE\n\n{line}\nMark Ellison\n" + QUOTE)) == "ambiguous"


def test_a_comma_line_above_someone_elses_name_is_no_closing():
    assert intent(mail("I AGREE\n\nHifadhi haihamishwi,\nJohn Smith\n" + QUOTE)) == "ambiguous"


@pytest.mark.parametrize("address", [
    "Ofisi 1204, Jengo la Biashara, Barabara ya Sheikh Zayed",
    "Av. Paulista, 1578, conj. 42",
    "Dar es Salaam, Tanzania",
    "دبي، الإمارات العربية المتحدة",
])
def test_an_address_in_the_signature_block_is_read_by_its_shape(address):
    body = f"I AGREE\n\nAsante,\nMark Ellison\nBright Falls IT\n{address}\n"
    assert intent(mail(body + QUOTE)) == "agree"


@pytest.mark.parametrize("line", ["Archive Stays, Smith IT", "Mailbox 12, Excluded", "The archive, 2019, is not moving",
                                  "Backup server, remains with Smith IT"])
def test_a_statement_split_by_commas_in_the_signature_block_is_no_address(line):
    body = f"I AGREE\n\nRegards,\nMark Ellison\nBright Falls IT\n{line}\n"
    assert intent(mail(body + QUOTE)) == "ambiguous"


@pytest.mark.parametrize("notice", [
    "Denne e-posten kan inneholde konfidensiell informasjon og er kun ment for mottakeren. Dersom du har mottatt "
    "den ved en feil, vennligst gi beskjed til avsender og slett e-posten.",
    "Šī e-pasta vēstule var saturēt konfidenciālu informāciju un ir paredzēta tikai adresātam. Ja esat to "
    "saņēmis kļūdas pēc, lūdzu, informējiet sūtītāju un izdzēsiet vēstuli.",
    "هذه الرسالة سرية ومخصصة للمرسل إليه فقط. إذا وصلتك عن طريق الخطأ فيرجى إبلاغ المرسل وحذفها.",
    "फ़ोन +91 120 606 3921 | मोबाइल +91 90179 34653",
])
def test_notices_and_phone_lines_of_more_languages_are_signature(notice):
    body = f"I AGREE\n\nRegards,\nMark Ellison\nBright Falls IT\n\n{notice}\n"
    assert intent(mail(body + QUOTE)) == "agree"


def test_a_hindi_not_still_negates():
    assert intent(mail("I AGREE\n\nRegards,\nMark Ellison\nसंग्रह स्थानांतरित न करें\n" + QUOTE)) == "ambiguous"


@pytest.mark.parametrize("courtesy", [
    "Really appreciate your help over the years.",
    "Un placer haber trabajado con ellos todos estos años.",
    "Danke für all die Jahre.",
    "Please pass on our best wishes to the client, it was a pleasure working\nwith them.",
])
def test_courtesies_looking_back_or_wrapped_by_the_client_do_not_stop_a_yes(courtesy):
    assert intent(mail(f"I AGREE\n\n{courtesy}\n\nMark" + QUOTE)) == "agree"


@pytest.mark.parametrize("text", [
    "Thanks, valid for two years.",
    "Thanks for everything\nthe archive stays with us.",
    "Please pass on our best wishes to the client, except\nthe archive.",
])
def test_a_condition_wrapped_onto_a_courtesy_is_still_a_condition(text):
    assert intent(mail(f"I AGREE\n{text}\n" + QUOTE)) == "ambiguous"


def test_initials_after_a_slash_sign_the_yes():
    body = "I ACCEPT /me\n" + QUOTE
    assert intent(mail(body)) == "accept"
    assert intent(mail("I ACCEPT /only the mailboxes\n" + QUOTE)) == "ambiguous"


def test_a_notice_in_the_new_text_denies_nothing_but_a_notice_that_binds_nobody_does():
    notice = ("AVISO LEGAL: Este correo electrónico contiene información confidencial destinada únicamente a su "
              "destinatario. Si usted no es el destinatario, le rogamos que lo elimine.")
    body = f"I AGREE\n\nMark Ellison\nBright Falls IT\n\n{notice}\nAntes de imprimir este mensaje, piense en el medio ambiente.\n"
    assert intent(mail(body + QUOTE)) == "agree"
    binding = "Este correo no constituye un acuerdo vinculante."
    assert intent(mail(f"I AGREE\n\nMark Ellison\nBright Falls IT\n\n{binding}\n" + QUOTE)) == "ambiguous"


def test_a_title_and_company_after_a_comma_in_a_script_without_capitals_is_a_signature_line():
    body = "I ACCEPT\n\nوتفضلوا بقبول فائق الاحترام،\nمارك\nالمدير العام, شركة الخليج لحلول تقنية المعلومات\n"
    assert intent(mail(body + QUOTE, sender="مارك <mark@brightfalls-it.example>")) == "accept"


# -- set G's classes ---------------------------------------------------------------------------

@pytest.mark.parametrize("heading", [
    ">>> Example transfer desk <transfer@example.com> 20.01.2025 15:31 >>>",  # GroupWise, history unquoted
    "17.01.2025, 10:52 von transfer@example.com:",  # Tuta
    "21 Jan 2025, 09:03 by transfer@example.com:",
])
def test_history_under_groupwise_and_tuta_headings_is_no_new_text(heading):
    body = (f"I AGREE.\n\nMany thanks,\n\nMark Ellison\n\n\n{heading}\nHello,\n\n"
            "please answer the waiver for case XFER-4KZG3A1 with I AGREE.\n")
    reading = read_mail(mail(body), SETTINGS)
    assert reading.reply.text == "I AGREE."
    assert str(reading.intent) == "agree"


def test_hordes_quoting_line_heads_the_quote():
    body = ("Quoting Example transfer desk <transfer@example.com>:\n> Hello,\n"
            "> please answer the waiver for case XFER-4KZG3A1 with I AGREE.\n\nI AGREE\n")
    assert read_mail(mail(body), SETTINGS).reply.text == "I AGREE"


def test_a_blockquote_with_a_clients_quote_class_is_quoted():
    html = ('<div>I ACCEPT</div><div>Mark</div>17.01.2025, 10:52 von transfer@example.com:<br>'
            '<blockquote class="tutanota_quote"><p>Hello,</p><p>please answer case XFER-4KZG3A1 with I ACCEPT.</p>'
            '</blockquote>')
    reading = read_mail(mail("", html=html), SETTINGS)
    assert reading.reply.text == "I ACCEPT"


def test_initials_in_the_order_of_the_given_name_sign():
    body = "I AGREE.\n\n/mpt\n" + QUOTE
    assert intent(mail(body, sender="Phạm Thu Minh <minh@songhong-it.example>")) == "agree"


def test_arabic_vowel_marks_do_not_hide_a_greeting():
    assert intent(mail("مرحباً، I AGREE\n" + QUOTE)) == "agree"


def test_a_japanese_letter_opens_with_addressee_greeting_and_who_writes():
    body = ("Example 移管窓口\nご担当者様\nお世話になっております。\n株式会社サクラネットワークスの高橋です。\nI agree\n" + QUOTE)
    assert intent(mail(body)) == "agree"
    assert intent(mail("アーカイブは除外\nご担当者様\nI agree\n" + QUOTE)) == "ambiguous"


def test_a_street_abbreviation_opens_an_address():
    body = "I accept!\n\nДякую,\nMark Ellison\nДиректор\nвул. Хрещатик, 22, Київ, 01001\n" + QUOTE
    assert intent(mail(body)) == "accept"


@pytest.mark.parametrize("text", ["CANCEL, falls der Partner bis Freitag nicht unterschrieben hat.",
                                  "CANCEL\nWill we get a refund for the rest of the month?"])
def test_a_cancel_with_a_condition_or_a_question_goes_to_staff(text):
    assert intent(mail(text + QUOTE, subject="Re: [XFER-4KZG3A1] Your transfer")) == "ambiguous"


def test_a_cancel_with_a_reason_still_cancels():
    assert intent(mail("CANCEL - we stay with our partner.\n" + QUOTE)) == "cancel"


def test_a_condition_in_a_hidden_form_field_stops_a_yes():
    html = ('<div>I AGREE</div><input name="terms" value="Valid only once all open invoices are settled." '
            'style="display:none" readonly><div>Mark</div>')
    assert intent(mail("I AGREE\n\nMark" + QUOTE, html=html + "<blockquote type=cite>XFER-4KZG3A1</blockquote>")) == \
        "ambiguous"


@pytest.mark.parametrize("closing", ["Schöne Grüße aus dem Süden", "Greetings from sunny Lisbon", "Saluti da Milano"])
def test_greetings_from_a_place_close_the_text(closing):
    reading = read_mail(mail(f"I AGREE\n\n{closing}\nMark Ellison\n" + QUOTE), SETTINGS)
    assert reading.reply.text == "I AGREE"


def test_an_hcl_notes_absence_reply_without_headers_is_an_auto_reply():
    raw = mail("Grazie per il messaggio. Sarò fuori ufficio fino al 20 febbraio.",
               subject="Risposta di assenza: [XFER-4KZG3A1] Waiver request")
    assert str(read_mail(raw, SETTINGS).classification.kind) == "auto_reply"


def test_a_heading_typed_to_look_like_our_mail_labels_any_language():
    # (the label lists end; the shape of a header block does not)
    body = ("I AGREE\n\nSalamat,\nMark Ellison\n\nMula kay: Example transfer desk <transfer@example.com>\n"
            "Ipinadala: Lunes, Marso 3, 2025 9:00 AM\nKay: Mark Ellison <mark@brightfalls-it.example>\n"
            "Paksa: [XFER-4KZG3A1] Waiver request\n\nHello,\nplease answer the waiver with I AGREE.\n")
    reading = read_mail(mail(body), SETTINGS)
    assert reading.reply.text == "I AGREE"
    assert str(reading.intent) == "agree"


def test_a_header_block_of_someone_else_is_the_writers_text():
    body = "I AGREE\nContact: bob@elsewhere.example\nDate: 5 May 2025\nNote: the archive stays with us\n"
    assert intent(mail(body)) == "ambiguous"


@pytest.mark.xfail(strict=True, reason="Known gap of the reader alone: what stands under a heading naming our "
                                       "address is read as our mail; a condition typed under a forged 'From: "
                                       "transfer@…' block is cut off as history. The pipeline compares the quote "
                                       "with the mails in the outbox and sends such a yes to staff "
                                       "(tests/scenarios/test_quoted_notice_edits.py); read_mail has no outbox")
def test_a_condition_under_a_forged_heading_of_ours_is_not_a_yes():
    body = "I AGREE\n\nFrom: transfer@example.com\nDate: 5 May 2025\nNote: the archive stays with us\n"
    assert intent(mail(body)) == "ambiguous"


@pytest.mark.parametrize("greeting", ["Kumusta po,", "Sawubona,", "سلام،", "வணக்கம்,"])
def test_greetings_of_more_languages_before_the_keyword_on_its_line(greeting):
    assert intent(mail(f"{greeting} I AGREE\n" + QUOTE)) == "agree"


@pytest.mark.parametrize("line", ["Mark (he/him)", "Book a meeting: https://cal.example/mark"])
def test_pronouns_and_labelled_links_are_signature_lines(line):
    assert intent(mail(f"I AGREE\n\nBest,\n{line}\nBright Falls IT\n" + QUOTE)) == "agree"


def test_a_link_labelled_with_terms_is_no_signature_line():
    assert intent(mail("I AGREE\n\nBest,\nMark\nOnly after payment: https://pay.example/x\n" + QUOTE)) == "ambiguous"


@pytest.mark.parametrize("text, expected", [("Hey team — I AGREE.", "agree"), ("Hi Anna - I agree", "agree"),
                                            ("Only after payment - I agree", "ambiguous"), ("Yes - I agree", "ambiguous")])
def test_a_greeting_before_the_keyword_after_a_dash(text, expected):
    assert intent(mail(text + "\n" + QUOTE)) == expected


# -- set H's classes ---------------------------------------------------------------------------

def test_a_condition_in_an_outlook_xml_block_of_the_head_stops_a_yes():
    html = ('<html><head><!--[if gte mso 9]><xml><o:DocumentProperties><o:Description>On condition that we keep '
            'admin access until 26 July 2025.</o:Description></o:DocumentProperties></xml><![endif]--></head>'
            '<body><p>I AGREE</p><p>Mark</p></body></html>')
    assert intent(mail("I AGREE\n\nMark" + QUOTE, html=html + "")) == "ambiguous"


def test_outlooks_vml_style_in_a_conditional_comment_is_no_statement():
    html = ('<html><head><!--[if gte mso 9]><style>v\\:* {behavior:url(#default#VML);}</style><![endif]--></head>'
            '<body><p>I AGREE</p></body></html>')
    assert intent(mail("I AGREE" + QUOTE, html=html)) == "agree"


@pytest.mark.parametrize("text", ['"I AGREE"', "„I AGREE“", "«I AGREE»"])
def test_a_keyword_in_quotation_marks_is_the_keyword(text):
    assert intent(mail(text + QUOTE)) == "agree"


def test_the_bats_initials_quote_and_its_attribution():
    body = ("Witaj Example,\n\nW Twoim liście datowanym 4 listopada 2024 (16:09:51) można przeczytać:\n\n"
            "ETD> Hello,\nETD> please answer the waiver for case XFER-4KZG3A1 with I AGREE.\n\nI agree\n\n"
            "-- \nMiłego dnia,\n Mark                           mailto:mark@brightfalls-it.example\n")
    reading = read_mail(mail(body), SETTINGS)
    assert reading.reply.text == "Witaj Example,\n\nI agree"
    assert str(reading.intent) == "agree"


@pytest.mark.parametrize("attribution", [
    "pt., 21 lut 2025 o 17:26 Example transfer desk\n<transfer@example.com> napisał(a):",
    "Example transfer desk <transfer@example.com> 于2025年1月13日周一\n21:41写道：",
    "pá 21. 3. 2025 v 9:48 odesílatel Example transfer desk <transfer@example.com>\nnapsal:",
])
def test_attributions_wrapped_by_gmail_head_the_quote(attribution):
    body = f"I AGREE\n\n{attribution}\n\n> Hello,\n> please answer the waiver for case XFER-4KZG3A1 with I AGREE.\n"
    assert read_mail(mail(body), SETTINGS).reply.text == "I AGREE"


def test_a_second_text_part_under_the_quote_is_new_text():
    second = ("Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n\r\n"
              "Please note: this acceptance only applies from 13 August 2024.\r\n")
    reading = read_mail(mail("I agree" + QUOTE, parts=[second]), SETTINGS)
    assert reading.reply.text == "I agree\nPlease note: this acceptance only applies from 13 August 2024."
    assert str(reading.intent) == "ambiguous"


@pytest.mark.parametrize("text, expected", [
    ("CANCEL\nSe o novo fornecedor não confirmar até 12/04/2024.", "ambiguous"),
    ("CANCEL\nSi necesitáis algo más, avisadme.", "cancel"),
    ("CANCEL\nDacă mai aveți nevoie de ceva, vă stau la dispoziție.", "cancel"),
])
def test_a_condition_on_the_line_after_a_cancel_but_not_an_offer_of_help(text, expected):
    assert intent(mail(text + QUOTE)) == expected


@pytest.mark.parametrize("line", ["אורט מערכות מידע בע״מ", "ТОО «Алатау Нет»", "1250 boul. René-Lévesque O., bureau 2200",
                                  "Enviado do Yahoo Mail no Android", "Spisová značka C 696877 vedená u Městského soudu v Praze",
                                  "Martin Kučera | Moravské sítě a.s. | Mob.: +420 661 553 485",
                                  "N° TVA intracommunautaire : FR 75 461369128",
                                  "Inscrita en el Registro Mercantil de Madrid, Tomo 46160, Folio 144, Hoja"])
def test_more_signature_lines_are_read_as_such(line):
    assert intent(mail(f"I AGREE\n\nCdlt,\nMark Ellison\n{line}\n" + QUOTE)) == "agree"


@pytest.mark.parametrize("line", ["ТОО «Нет переноса» только после оплаты", "Sent from my iPhone, no transfer of the archive"])
def test_terms_beside_a_company_form_or_a_device_still_count(line):
    assert intent(mail(f"I AGREE\n\nRegards,\nMark Ellison\n{line}\n" + QUOTE)) == "ambiguous"


def test_a_filled_in_form_with_an_address_and_a_phone_is_new_text_not_a_header_block():
    body = ("Company: Acme Widgets Ltd\nContact: Bob Smith <bob@acme.example>\nPhone: +44 20 7946 0018\n"
            "Domains: acme.example\nCurrent partner: partner@oldit.example\n" + QUOTE)
    reading = read_mail(mail(body, subject="Re: [XFER-4KZG3A1] Your transfer request"), SETTINGS)
    assert "Phone: +44 20 7946 0018" in reading.reply.text
    assert "Current partner: partner@oldit.example" in reading.reply.text


# Set I's first read: a duty laid on the service's things reads as a notice when it borrows a
# notice's words ("deleted", "shared"); in a P.S., under the name or in an Outlook-only block
# it signed.
@pytest.mark.parametrize("where", [
    "I AGREE\n\nSincerely,\nDaniel\n\nPS: Our internal documentation must be deleted and not shared with anyone.\n",
    "I AGREE\n\nSincerely,\nDaniel\nOur internal documentation must be deleted and not shared with anyone.\n",
    "I AGREE\n\nBest regards,\nDaniel\n\nThe backups must be destroyed after the transfer.\n",
])
def test_a_duty_on_the_service_below_the_name_is_no_notice(where):
    assert intent(mail(where + QUOTE)) == "ambiguous"


def test_an_outlook_only_block_with_a_duty_on_the_service_is_seen():
    html = ("<html><body><div>I ACCEPT</div><!--[if mso]><p>Our internal documentation must be deleted and "
            "not shared with anyone.</p><![endif]--><div>Best regards,<br>Sean</div></body></html>")
    assert intent(mail("I ACCEPT\n\nBest regards,\nSean\n" + QUOTE, html=html)) == "ambiguous"


@pytest.mark.parametrize("notice", [
    "This e-mail is confidential. If you are not the intended recipient you must not copy it and must delete it.",
    "Diese E-Mail ist vertraulich. Wenn Sie nicht der richtige Empfänger sind, müssen Sie diese Nachricht löschen.",
])
def test_a_notice_laying_duties_on_its_reader_stays_a_notice(notice):
    assert intent(mail(f"I AGREE\n\nRegards,\nMark Ellison\n\n{notice}\n" + QUOTE)) == "agree"


OUTLOOK_QUOTE = ("\n\n-----Original Message-----\nFrom: Example transfer desk <transfer@example.com>\n"
                 "Sent: Tuesday, March 3, 2026 9:00 AM\nTo: Mark Ellison <mark@brightfalls-it.example>\n"
                 "Subject: [XFER-4KZG3A1] Waiver request\n\nHello,\n\nplease answer the waiver for case "
                 "XFER-4KZG3A1 with I AGREE.\n\nKind regards,\nExample transfer desk\n")


def test_a_line_typed_under_our_unmarked_quote_is_the_writers():
    reading = read_mail(mail("I AGREE" + OUTLOOK_QUOTE + "\nEverything here remains subject to section 9 of our "
                                                          "master services agreement.\n"), SETTINGS)
    assert str(reading.intent) == "ambiguous" and "under our quoted mail" in reading.intent_reason


def test_our_own_footer_under_our_unmarked_quote_is_ours():
    footer = ("\nExample transfer desk · case XFER-4KZG3A1 · keep [XFER-4KZG3A1] in the subject.\n"
              "This mail was written by our transfer system; a reply reaches our team.\n")
    assert intent(mail("I AGREE" + OUTLOOK_QUOTE + footer)) == "agree"
    assert intent(mail("I AGREE" + OUTLOOK_QUOTE)) == "agree"
