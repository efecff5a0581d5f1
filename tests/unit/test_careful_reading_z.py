"""The classes set Z missed at its first reading, each a whole mail through ``read_mail``.

Set Z answers a vendor of school and town-hall software (schools, universities, municipalities)
in eighty language variants. Its false signings: a condition typed behind ">" into our quoted
notice that names someone else's approval ("Sujeto a la aprobación del consejo escolar del
08/01/2027", "Sujeito a aprovação do Conselho Pedagógico"), which no word class of terms held;
and a cancel "caso ainda dê tempo sem custo" ("if there is still time, at no cost"). Ordinary
answers went to staff for greetings and courtesies in languages no list had (Luxembourgish,
Yoruba, Telugu, Hausa, Basque, Mongolian), a writer's role in small letters before their
company ("Sono il titolare di Scuolanet S.r.l."), an apology for a school's half-term or
enrolment week, a sign line "Name – on behalf of the Headteacher", and "CANCEL 👍". Made safe in
the same round: a sum of money in a signature line in a script the word lists do not hold
("(ແຕ່ພາຍຫຼັງຊຳລະໃບແຈ້ງໜີ້ 2.115,75 ກີບ ແລ້ວເທົ່ານັ້ນ)") had passed as an address once the
signature above it was read.
"""

from __future__ import annotations

import pytest

from tests.unit.test_careful_reading_j import WAIVER_QUOTE, cancel
from tests.unit.test_careful_reading_w import intent

# -- a condition typed into our quoted notice: someone else's approval ------------------------------

@pytest.mark.parametrize("typed", [
    "> Sujeto a la aprobación del consejo escolar del 08/01/2027.",
    "> Sujeito a aprovação do Conselho Pedagógico na reunião de 08/01/2027.",
    "> Soggetto all'approvazione del consiglio d'istituto.",
    "> Sous réserve de l'approbation du conseil d'école.",
    "> Vorbehaltlich der Genehmigung durch den Schulträger.",
    "> Onder voorbehoud van goedkeuring door het schoolbestuur.",
])
def test_an_approval_typed_into_our_quoted_waiver_is_not_signed(typed):
    raw = "Estimados señores:\n\nI AGREE.\n\nGracias,\nPilar Sánchez" + WAIVER_QUOTE.format(comment=typed)
    assert intent(raw) == "ambiguous"


def test_a_cancel_if_it_costs_nothing_is_no_cancel():
    assert cancel("CANCEL, caso ainda dê tempo sem custo.\n\nAbraços,\nLuciana Oliveira") == "ambiguous"


# -- greetings and courtesies in more languages ------------------------------------------------------

@pytest.mark.parametrize("body", [
    "Gudde Moien,\n\nI AGREE.",
    "Ẹ n lẹ́ o,\n\nI AGREE",
    "నమస్కారం,\n\nI AGREE",
    "Barka da rana,\n\nI AGREE.",
    "Bos días,\n\nI AGREE",
    "I AGREE.\n\nEskerrik asko kudeaketagatik.\n\nJai zoriontsuak.",
    "I AGREE.\n\nТусалсанд баярлалаа.\n\nСайхан өдөр өнгөрүүлээрэй.",
    "I AGREE.\n\nMerci fir d'Hëllef.\n\nSchéi Feierdeeg!",
])
def test_a_greeting_or_courtesy_in_another_language_sets_no_terms(body):
    assert intent(body) == "agree"


@pytest.mark.parametrize("body", [
    "Gudde Moien,\n\nI AGREE.\n\nAwer nëmmen nodeems d'Rechnung bezuelt ass.",
    "Moien, nur nach Zahlung,\n\nI AGREE",
    "I AGREE.\n\nEskerrik asko, baina fakturak ordaindu ondoren bakarrik.",
    "నమస్కారం,\n\nI AGREE, invoice first",
])
def test_a_condition_beside_a_new_greeting_still_goes_to_staff(body):
    assert intent(body) == "ambiguous"


# -- who the writer is: a role in small letters, then the company -----------------------------------

@pytest.mark.parametrize("line", [
    "Sono il titolare di Scuolanet S.r.l..",
    "Je suis le chargé de clientèle de Atlas Digital SARL pour cet établissement.",
    "I'm one of the directors of Southern Cross Education IT Pty Ltd.",
    "Ich bin bei der SchulIT Nordhessen GmbH für diese Schule zuständig.",
    "Mimi ni meneja wa wateja wa Kilimanjaro Edutech Ltd.",
])
def test_an_introduction_by_role_after_a_yes_sets_no_terms(line):
    assert intent(f"Hello,\n\nI ACCEPT.\n\n{line}") == "accept"


@pytest.mark.parametrize("line", [
    "Sono il titolare di Scuolanet S.r.l. e teniamo i backup.",
    "I'm one of the directors of Southern Cross IT Pty Ltd, valid until March.",
    "Je suis le chargé de clientèle de Atlas Digital SARL sauf pour les archives.",
    "We are keeping the backups of X Ltd.",
    "I am handing over the files of X Ltd.",
    "Mimi ni meneja wa wateja wa Kilimanjaro Edutech Ltd, tu baada ya malipo.",
])
def test_an_introduction_that_states_something_goes_to_staff(line):
    assert intent(f"Hello,\n\nI ACCEPT.\n\n{line}") == "ambiguous"


# -- apologies for a school's calendar ---------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "Apologies for the slow reply, the school has been closed for half-term.",
    "Peço desculpa pelo atraso, estivemos com as matrículas e não tive mãos a medir.",
])
def test_an_apology_for_the_school_calendar_sets_no_terms(line):
    assert intent(f"Good afternoon,\n\nI AGREE.\n\n{line}") == "agree"


@pytest.mark.parametrize("line", [
    "Apologies for the slow reply, the school keeps the backup server.",
    "Peço desculpa pelo atraso, mas só depois do pagamento.",
])
def test_an_apology_with_terms_goes_to_staff(line):
    assert intent(f"Good afternoon,\n\nI AGREE.\n\n{line}") == "ambiguous"


# -- signing for someone -------------------------------------------------------------------------------

def test_a_name_signing_on_behalf_of_the_head_sets_no_terms():
    body = "नमस्ते,\n\nI ACCEPT\n\nतपाईंको सहयोगको लागि धन्यवाद।\n\nRam Adhikari – on behalf of the Headteacher"
    assert intent(body) == "accept"


@pytest.mark.parametrize("line", [
    "Ram Adhikari – on behalf of the Headteacher, subject to approval",
    "Ram Adhikari – for the archive only",
])
def test_a_sign_line_for_someone_that_states_terms_goes_to_staff(line):
    assert intent(f"Hello,\n\nI ACCEPT\n\nThanks,\n{line}") == "ambiguous"


# -- a sum of money in a signature, in any script ------------------------------------------------------

@pytest.mark.parametrize("line", [
    "(ແຕ່ພາຍຫຼັງຊຳລະໃບແຈ້ງໜີ້ 2.115,75 ກີບ ແລ້ວເທົ່ານັ້ນ)",
    "(ပြီးမှသာ 12 400,00 ကျပ်)",
])
def test_a_sum_of_money_in_the_name_block_is_no_address(line):
    body = f"ສະບາຍດີ,\n\nI ACCEPT\n\nຂອບໃຈ,\nສົມໃຈ ພົມມະຈັນ\nວິສະວະກອນ\n{line}\nລາວ ເອດເທັກ ຈຳກັດ\n+856 21 756 127"
    assert intent(body) == "ambiguous"


# -- a cancel with a smile -------------------------------------------------------------------------------

def test_a_cancel_with_a_thumbs_up_is_a_cancel():
    assert cancel("Good afternoon,\n\nCANCEL 👍") == "cancel"


@pytest.mark.parametrize("body", ["CANCEL 👍 except the archive", "CANCEL 🙄"])
def test_a_cancel_with_more_than_a_smile_goes_to_staff(body):
    assert cancel(body) == "ambiguous"


# -- a school board's account, and a comment beside the name -------------------------------------------

def test_a_school_boards_account_cancels():
    assert cancel("Hello,\n\nCANCEL", sender="Halton District School Board <admin@hdsb.ca>") == "cancel"


@pytest.mark.parametrize("sender", [
    "Anna Smith (only after the vote) <anna@hdsb.ca>",
    "School Board (only after the vote) <admin@hdsb.ca>",
    "Only After Board Vote <admin@hdsb.ca>",
])
def test_terms_beside_the_name_in_the_from_header_go_to_staff(sender):
    assert cancel("Hello,\n\nCANCEL", sender=sender) == "ambiguous"


def test_a_comment_that_is_only_a_name_or_pronouns_cancels():
    assert cancel("Hello,\n\nCANCEL", sender="Anna Smith (she/her) <anna@hdsb.ca>") == "cancel"
