from typing import TypedDict

__version__: str

class NazarError(Exception):
    """Base class of nazar's errors."""

class InputError(ValueError):
    """Input data with a bad shape or content."""

class LexiconError(ValueError):
    """A lexicon that cannot be used."""

class NormalizedDict(TypedDict):
    lang: str
    display: str
    key: str

class Normalizer:
    """Normalizes Persian, English and Portuguese comments; build once, reuse."""

    def __init__(
        self,
        lang: str | None = None,
        digits: str = "ascii",
        fix_zwnj: bool = True,
        persian_punctuation: bool = True,
        expand_keys: bool = True,
    ) -> None: ...
    def normalize(self, text: str) -> str:
        """The display form of ``text``."""
    def key(self, text: str) -> str:
        """The match key of ``text``."""
    def detect_lang(self, text: str) -> str:
        """The detected (or fixed) language code of ``text``."""
    def normalize_full(self, text: str) -> NormalizedDict:
        """Display form, key and language of ``text``."""
    def normalize_batch(self, texts: list[str]) -> list[str]:
        """Display forms of many texts, in order, on all cores."""

def normalize(text: str, lang: str | None = None, digits: str = "ascii") -> str:
    """Return the display form of ``text``."""
