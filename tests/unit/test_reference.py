import random

import pytest

from parsers.reference import (
    ALPHABET,
    check_character,
    find_reference,
    find_references,
    is_valid_reference,
    make_reference,
    parse_reference,
)


def test_made_references_are_valid_and_readable():
    for _ in range(200):
        ref = make_reference()
        assert ref.startswith("XFER-") and len(ref) == 12
        assert set(ref[5:]) <= set(ALPHABET)
        assert not set(ref[5:]) & set("ILOU")
        assert is_valid_reference(ref)


def test_references_are_random_not_sequential():
    refs = {make_reference() for _ in range(500)}
    assert len(refs) == 500


@pytest.mark.parametrize("position", range(7))
def test_every_single_mistype_is_detected(position):
    rng = random.Random(position)
    for _ in range(50):
        ref = make_reference(rng)[5:]
        for ch in ALPHABET:
            if ch != ref[position]:
                typo = ref[:position] + ch + ref[position + 1:]
                assert not is_valid_reference("XFER-" + typo)


def test_every_swap_of_neighbours_is_detected():
    rng = random.Random(7)
    for _ in range(300):
        ref = make_reference(rng)[5:]
        for i in range(6):
            swapped = list(ref)
            swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
            swapped = "".join(swapped)
            if swapped != ref:
                assert not is_valid_reference("XFER-" + swapped)


def test_case_and_crockford_aliases_are_read():
    ref = "XFER-" + "0A1B2C" + check_character("0A1B2C")
    assert parse_reference(ref.lower()).reference == ref
    assert parse_reference(ref.replace("0", "O").replace("1", "l")).valid
    assert parse_reference("XFER " + ref[5:]).reference == ref


def test_found_in_a_subject_with_tags_and_prefixes():
    ref = make_reference()
    assert find_reference(f"RE: AW: [Ticket#123456] [{ref}] Waiver").reference == ref
    assert find_reference(f"Fwd: {ref.lower()}: question").valid
    assert find_reference("Re: nothing here") is None
    assert find_reference("XFER-ABCDEFGH too long") is None
    assert find_reference("PREXFER-ABCDEFG glued") is None


def test_bad_check_character_is_reported_not_matched():
    ref = make_reference()
    wrong = ref[:-1] + next(c for c in ALPHABET if c != ref[-1])
    found = find_reference(f"Re: [{wrong}] Waiver")
    assert found.reference == wrong and not found.valid


def test_a_valid_reference_wins_over_a_mistyped_one():
    good = make_reference()
    bad = good[:-1] + next(c for c in ALPHABET if c != good[-1])
    assert find_reference(f"{bad} {good}").reference == good
    assert len(find_references(f"{bad} {good} {good}")) == 2
