"""The classes set AA missed at its first reading, each a whole mail through ``read_mail``.

Set AA answers a vendor of site software for builders, architects, engineers and facility
managers, in fifty languages. It had no false signing; its ordinary answers went to staff under
a builder's signature: a safety motto ("Prima la sicurezza.", "La sécurité avant tout.",
"Arbeitssicherheit beginnt im Kopf."), a certification ("Zertifiziert nach DIN EN ISO
9001:2015"), an Italian share capital beside the register ("Cap. Soc. € 50.000 i.v. – REA …"), a
Bulgarian VAT number ("ДДС № BG…"), a Slovenian company whose name holds "računalništvo"
(read as "račun", invoice); the new year's wishes in French and Afrikaans; greetings in Khmer,
Afrikaans and Gujarati; "i accept lg", a phone's sign-off on the keyword's line; an IT firm
writing "from" its company and saying whom it looks after ("Piszę z firmy …, obsługujemy
informatycznie …"); an apology for a day at a site inspection. Made safe in the same round: an
Afrikaans take-back after a cancel ("Nee wag, …"), read once its greeting was known.
"""

from __future__ import annotations

import pytest

from tests.unit.test_careful_reading_j import cancel
from tests.unit.test_careful_reading_w import intent

SIGNATURE = "Un saluto,\nDavide Colombo\nAmministratore\nColombo Sistemi S.a.s.\nTel. +39 089 8426321\nwww.colombosolutions.it"


@pytest.mark.parametrize("line", [
    "Prima la sicurezza.",
    "La sécurité avant tout.",
    "Safety first!",
    "Arbeitssicherheit beginnt im Kopf.",
    "Zertifiziert nach DIN EN ISO 9001:2015",
    "Certificata ISO 9001:2015 e ISO 45001",
    "Cap. Soc. € 50.000 i.v. – REA MI-0635865",
    "ДДС № BG819180331",
])
def test_a_builders_motto_certificate_or_register_under_a_yes_sets_no_terms(line):
    assert intent(f"Buongiorno,\n\nI AGREE.\n\n{SIGNATURE}\n\n{line}") == "agree"


@pytest.mark.parametrize("line", [
    "Prima la sicurezza, poi il pagamento.",
    "Safety first, payment second.",
    "Zertifiziert nach DIN EN ISO 9001:2015, gültig bis März",
    "Cap. Soc. € 50.000 i.v. – solo dopo il pagamento",
    "ДДС № BG819180331 само след плащане",
])
def test_a_motto_certificate_or_register_line_with_terms_goes_to_staff(line):
    assert intent(f"Buongiorno,\n\nI AGREE.\n\n{SIGNATURE}\n\n{line}") == "ambiguous"


def test_a_company_whose_name_says_computing_is_no_invoice():
    body = "I AGREE!\n\nS spoštovanjem\nMatej Zupan\n\nZupan računalništvo d.o.o.\nTržaška cesta 85, 2000 Maribor"
    assert intent(body) == "agree"


@pytest.mark.parametrize("body", [
    "Madame, Monsieur,\n\n*I AGREE*\n\nMerci pour la prise en charge rapide.\n\nMeilleurs vœux pour la nouvelle année !",
    "Goeiemôre,\n\nI AGREE :)\n\nBaie dankie vir die hulp.\n\nVoorspoedige nuwe jaar!",
    "ជម្រាបសួរ,\n\nI AGREE.",
    "જય શ્રી કૃષ્ણ,\n\nI AGREE!",
    "i agree lg",
])
def test_wishes_greetings_and_a_sign_off_on_the_keywords_line_set_no_terms(body):
    assert intent(body) == "agree"


@pytest.mark.parametrize("body", [
    "I AGREE\n\nMeilleurs vœux, sauf pour les archives.",
    "I agree lg aber nur nach Zahlung",
    "I agree mfg, without the archive",
])
def test_a_wish_or_sign_off_with_terms_goes_to_staff(body):
    assert intent(body) == "ambiguous"


@pytest.mark.parametrize("line", [
    "Piszę z firmy Wójcik Serwis IT Sp. z o.o., obsługujemy informatycznie Wiśniewski Budownictwo Sp. z o.o..",
    "Píšu za firmu Svoboda IT servis s.r.o., staráme se o IT pro Stavební firma Dvořák a.s..",
    "Je suis Jean-Luc, de Rousseau Réseaux & Systèmes ; nous assurons l'informatique de Entreprise Garnier et Fils SAS.",
])
def test_an_it_firm_introducing_itself_by_the_client_it_looks_after_sets_no_terms(line):
    assert intent(f"Dzień dobry,\n\n{line}\n\nI AGREE") == "agree"


@pytest.mark.parametrize("line", [
    "Piszę z firmy Wójcik Serwis IT Sp. z o.o., obsługujemy Wiśniewski Budownictwo Sp. z o.o. tylko do marca.",
    "I'm writing from X Ltd about the unpaid invoice.",
    "Writing from April.",
])
def test_writing_from_a_firm_with_anything_else_goes_to_staff(line):
    assert intent(f"Hello,\n\n{line}\n\nI AGREE") == "ambiguous"


def test_an_apology_for_a_day_at_the_site_inspection_is_a_courtesy():
    assert cancel("尊敬的Baufeld团队：\n\n不好意思回复迟了，前几天在工地验收。\n\n*CANCEL*\n\n感谢告知。") == "cancel"


def test_an_afrikaans_take_back_after_a_cancel_goes_to_staff():
    assert cancel("Goeiemiddag,\n\nCANCEL\n\nNee wag, los dit eers, ek moet met my man praat.") == "ambiguous"


def test_terms_after_an_excuse_of_the_site_go_to_staff():
    assert intent("I AGREE\n\nSorry for the late reply, we had a concrete pour; the archive stays with us.") == "ambiguous"
