"""Errors the command line reports as one line (exit status 1), and the checks that raise them."""


class CommandError(Exception):
    """A handled failure: printed as one line, exit status 1."""


def checked_reference(value: str) -> str:
    """A case reference as an operator typed it, canonical, or a one-line error saying what is
    wrong with it (not one at all, or a typo the check character catches)."""
    from parsers.reference import parse_reference

    match = parse_reference(value or "")
    if match is None:
        raise CommandError(f"{value!r} is not a case reference (XFER- and seven characters)")
    if not match.valid:
        raise CommandError(f"{match.reference} has a wrong check character: check the reference for a typo")
    return match.reference
