"""Errors the library raises. The CLI turns each into one line and exit code 1.

Each class also inherits the builtin it resembles, so callers can catch either.
Messages name the file/record at fault and say what to do next.
"""


class WarlogError(Exception):
    """Base of every error warlog raises on purpose."""


class InputError(ValueError, WarlogError):
    """A report, file or option the user gave cannot be used as it is."""


class NotFoundError(LookupError, WarlogError):
    """An event, actor, place or file the user named does not exist."""


class StoreError(RuntimeError, WarlogError):
    """The database cannot be opened, migrated or written."""


class DataError(RuntimeError, WarlogError):
    """Package data (gazetteer, actor registry) is missing or malformed."""
