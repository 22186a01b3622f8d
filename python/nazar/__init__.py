"""nazar: normalize, tag and flag product comments (Persian, English, Portuguese).

The heavy lifting is done by the Rust crate ``nazar``; this package exposes it
to Python. Quick start::

    >>> import nazar
    >>> nazar.normalize("مي خواهم")
    'می\u200cخواهم'
"""

from ._nazar import (
    InputError,
    LexiconError,
    NazarError,
    Normalizer,
    __version__,
)

__all__ = [
    "InputError",
    "LexiconError",
    "NazarError",
    "Normalizer",
    "__version__",
    "normalize",
]

_DEFAULT_NORMALIZER: Normalizer | None = None


def normalize(text: str, lang: str | None = None, digits: str = "ascii") -> str:
    """Return the display form of ``text``.

    ``lang`` is ``"fa"``, ``"en"``, ``"pt"`` or ``None`` to detect it; ``digits``
    is ``"ascii"`` (default), ``"persian"`` or ``"keep"``. For many texts, build
    a :class:`Normalizer` once and call ``normalize_batch``.
    """
    global _DEFAULT_NORMALIZER
    if lang is None and digits == "ascii":
        if _DEFAULT_NORMALIZER is None:
            _DEFAULT_NORMALIZER = Normalizer()
        return _DEFAULT_NORMALIZER.normalize(text)
    return Normalizer(lang=lang, digits=digits).normalize(text)
