"""nazar: normalize, tag and flag product comments (Persian, English, Portuguese).

The heavy lifting is done by the Rust crate ``nazar``; this package exposes it
to Python. Quick start::

    >>> import nazar
    >>> nazar.normalize("مي خواهم")
    'می\u200cخواهم'
    >>> nazar.tag("Não recomendo, veio quebrado").label
    'negative'
"""

import os

from ._errors import InputError, LexiconError, NazarError
from ._flag import FlagResult, flag_products
from ._nazar import (  # noqa: F401 (the _-prefixed names are pickle and fork hooks)
    EncodedBatch,
    Encoder,
    Lexicon,
    Normalizer,
    Tagger,
    Tags,
    __version__,
    _after_fork_in_child,
    _encoder_from_state,
    _flag_report_from_state,
    _lexicon_from_state,
    _normalizer_from_state,
    _tags_from_state,
)

__all__ = [
    "EncodedBatch",
    "Encoder",
    "FlagResult",
    "InputError",
    "Lexicon",
    "LexiconError",
    "NazarError",
    "Normalizer",
    "Tagger",
    "Tags",
    "__version__",
    "flag_products",
    "normalize",
    "tag",
]

# rayon's worker threads do not survive fork(): batch calls in a forked
# child (multiprocessing, Spark and Dask workers) run on one thread.
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)

_DEFAULTS: dict[str, object] = {}


def _default(kind: str, factory):
    obj = _DEFAULTS.get(kind)
    if obj is None:
        obj = _DEFAULTS[kind] = factory()
    return obj


def normalize(text: str, lang: str | None = None, digits: str = "ascii") -> str:
    """Return the display form of ``text``.

    ``lang`` is ``"fa"``, ``"en"``, ``"pt"`` or ``None`` to detect it; ``digits``
    is ``"ascii"`` (default), ``"persian"`` or ``"keep"``. For many texts, build
    a :class:`Normalizer` once and call ``normalize_batch``.
    """
    if lang is None and digits == "ascii":
        return _default("normalizer", Normalizer).normalize(text)
    return Normalizer(lang=lang, digits=digits).normalize(text)


def tag(text: str, lang: str | None = None) -> Tags:
    """Tag one comment with the default lexicons (see :class:`Tagger`)."""
    if lang is None:
        return _default("tagger", Tagger).tag(text)
    return Tagger(lang=lang).tag(text)
