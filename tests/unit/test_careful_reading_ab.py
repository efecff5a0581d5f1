"""The classes set AB missed at its first reading, each a whole mail through ``read_mail``.

Set AB answers a vendor of membership software for clubs, charities, churches and associations,
in sixty languages. It had no false signing at its first reading; its ordinary answers went to
staff under a volunteer's signature ("Trésorière (bénévole)", "(student, volunteer webmaster)"),
after greetings and thanks in Fijian, Samoan, Somali, Swahili, Kikuyu, Oromo, Luganda,
Esperanto, Cebuano, Romansh and Māori, over La Poste's "Message du 10/12/2026 18:38" heading,
and under a Czech association's form "z.s.". Made safe in the same round: a courtesy that was
read by its first letters ("ta", British thanks, opened Swahili "Tafadhali hakikisheni …",
"please make sure the receipts are transferred"), which signed once the greeting above it was
known; and a cancel taken back ("Sorry, forget that, I sent it too soon.").
"""

from __future__ import annotations

import pytest

from tests.unit.test_careful_reading_j import cancel
from tests.unit.test_careful_reading_w import intent, text


@pytest.mark.parametrize("line", [
    "Trésorière (bénévole)",
    "Webmaster (ehrenamtlich)",
    "Ketua (relawan)",
    "(student, volunteer webmaster)",
    "Ταμίας (εθελοντής)",
])
def test_a_volunteers_role_under_a_yes_sets_no_terms(line):
    assert intent(f"Hello,\n\nI AGREE\n\nKind regards,\nMartine Lefèvre\n{line}") == "agree"


@pytest.mark.parametrize("line", [
    "(volunteer until March)",
    "Webmaster (volunteer, unpaid invoices)",
    "(student, only after payment)",
])
def test_a_bracket_beside_a_role_that_states_terms_goes_to_staff(line):
    assert intent(f"Hello,\n\nI AGREE\n\nKind regards,\nMartine Lefèvre\n{line}") == "ambiguous"


@pytest.mark.parametrize("body", [
    "Bula vinaka,\n\nI AGREE 🙂\n\nVinaka vakalevu na veivuke.",
    "Talofa lava,\n\nI AGREE\n\nFa'afetai tele mo le fesoasoani.",
    "Salaan,\n\nI AGREE!\n\nAad baad ugu mahadsan tahay caawimaada degdegga ah.",
    "Hamjambo,\n\nI AGREE.",
    "Nagaa,\n\nI AGREE\n\nGargaarsa ariifachiisaa keessaniif galatoomaa.",
    "Oli otya,\n\nI AGREE 😊\n\nWebale nnyo okuyamba amangu.",
    "Estimataj,\n\ni agree",
    "Maayong adlaw,\n\nI AGREE\n\nSalamat sa paspas nga tabang.",
    "Allegra,\n\nI AGREE.\n\nGrazia fitg per Vossa lavur.",
    "Tēnā koe,\n\nI AGREE.",
    "ጤና ይስጥልኝ፣\n\nI AGREE.",
])
def test_greetings_and_thanks_in_more_languages_set_no_terms(body):
    assert intent(body) == "agree"


def test_a_sentence_that_begins_with_a_courtesys_letters_is_no_courtesy():
    assert intent("Hamjambo,\n\nI AGREE\n\nTafadhali hakikisheni risiti za michango zinahamishwa.") == "ambiguous"


def test_la_postes_dated_heading_starts_the_quote():
    body = ("Bonjour à toute l'équipe,\n\nI AGREE\n\nUn grand merci pour votre patience.\n\n"
            "Message du 10/12/2026 18:38\nDe : transfer@example.com\nA : martine@example.fr\nObjet : Demande\n\n"
            "> Bonjour,\n> merci de répondre I AGREE.")
    assert text(body) == "Bonjour à toute l'équipe,\n\nI AGREE\n\nUn grand merci pour votre patience."
    assert intent(body) == "agree"


def test_an_associations_legal_form_is_a_name():
    assert cancel("Dobrý den,\n\nCANCEL\n\nS pozdravem\nJana Nováková\nTJ Sokol Vinohrady z.s.") == "cancel"


@pytest.mark.parametrize("body", [
    "CANCEL\n\nSorry, forget that, I sent it too soon.",
    "CANCEL\n\nNever mind, please go on.",
])
def test_a_cancel_taken_back_goes_to_staff(body):
    assert cancel(body) == "ambiguous"


def test_a_cancel_whose_request_was_a_mistake_is_a_cancel():
    assert cancel("CANCEL. This request was sent by mistake, sorry.") == "cancel"
