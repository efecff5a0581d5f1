"""Errors the command line reports as one line (exit status 1)."""


class CommandError(Exception):
    """A handled failure: printed as one line, exit status 1."""
