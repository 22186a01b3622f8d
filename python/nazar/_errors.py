"""nazar's exceptions, defined in Python so that the data errors can be both
:class:`NazarError` and :class:`ValueError` (a class made by pyo3 has one
base). The extension raises these very classes."""


class NazarError(Exception):
    """Base class of nazar's errors."""

    __module__ = "nazar"


class InputError(NazarError, ValueError):
    """Input data with a bad shape or content; the message names the row,
    column or item and what was expected."""

    __module__ = "nazar"


class LexiconError(NazarError, ValueError):
    """A lexicon that cannot be used; the message names the file (or
    category), line and column."""

    __module__ = "nazar"
