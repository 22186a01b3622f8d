from os import PathLike
from pathlib import Path
from typing import Any, Literal, TypedDict, overload

import numpy as np

__version__: str

class NazarError(Exception):
    """Base class of nazar's errors."""

class InputError(NazarError, ValueError):
    """Input data with a bad shape or content."""

class LexiconError(NazarError, ValueError):
    """A lexicon that cannot be used."""

class NormalizedDict(TypedDict):
    lang: str
    display: str
    key: str

class MatchDict(TypedDict):
    category: str
    aspect: str
    polarity: str
    contradiction: bool
    negated: bool
    term: str
    start: int
    end: int

class Normalizer:
    """Normalizes Persian, English and Portuguese comments; build once, reuse."""

    def __init__(
        self,
        lang: str | None = None,
        digits: str = "ascii",
        fix_zwnj: bool = True,
        persian_punctuation: bool = True,
        expand_keys: bool = True,
        html: bool = True,
    ) -> None:
        """``html``: read HTML left in the text (``<br />`` breaks the line,
        inline tags go, ``&amp;`` and ``&eacute;`` are decoded)."""
    def normalize(self, text: str) -> str:
        """The display form of ``text``."""
    def key(self, text: str) -> str:
        """The match key of ``text``."""
    def detect_lang(self, text: str) -> str:
        """The detected (or fixed) language code of ``text``."""
    def normalize_full(self, text: str) -> NormalizedDict:
        """Display form, key and language of ``text``."""
    @overload
    def normalize_batch(
        self, texts: list[str | None], n_threads: int | None = None
    ) -> list[str | None]: ...
    @overload
    def normalize_batch(self, texts: Any, n_threads: int | None = None) -> Any:
        """Display forms of many texts, in order, on all cores; answers in kind
        (pyarrow array, pandas or polars Series for theirs)."""
    @overload
    def key_batch(
        self, texts: list[str | None], n_threads: int | None = None
    ) -> list[str | None]: ...
    @overload
    def key_batch(self, texts: Any, n_threads: int | None = None) -> Any:
        """Match keys of many texts, as ``normalize_batch`` answers."""
    @overload
    def detect_lang_batch(
        self, texts: list[str | None], n_threads: int | None = None
    ) -> list[str | None]: ...
    @overload
    def detect_lang_batch(self, texts: Any, n_threads: int | None = None) -> Any:
        """Language codes of many texts, as ``normalize_batch`` answers."""

class Lexicon:
    """Keyword categories compiled for matching."""

    @classmethod
    def default(cls) -> Lexicon:
        """The embedded default lexicons."""
    @classmethod
    def from_file(cls, path: str | PathLike[str], defaults: bool = False) -> Lexicon:
        """A lexicon from a TOML file."""
    @classmethod
    def from_toml(cls, text: str, name: str = "<toml>", defaults: bool = False) -> Lexicon:
        """A lexicon from TOML text: ``[[category]]`` tables, ``[negation.LANG]``
        and ``[ignore]`` (phrases that are never evidence, per language)."""
    @classmethod
    def from_dict(cls, data: dict[str, Any], defaults: bool = False) -> Lexicon:
        """A lexicon from a dict shaped like the TOML file."""
    @property
    def category_names(self) -> list[str]:
        """Names of the categories, in definition order."""
    def categories(self) -> list[dict[str, Any]]:
        """The categories as dicts: name, polarity, aspect, contradiction,
        description, terms, stems, patterns, key_patterns, when_negated, when_pending;
        None for an absent when_negated or when_pending."""
    def to_dict(self) -> dict[str, Any]:
        """The whole lexicon (``negation``, ``category``, ``ignore``) in the shape
        ``from_dict`` reads and a lexicon file holds."""
    def __len__(self) -> int: ...

class Tags:
    """What the tagger found in one comment."""

    @property
    def text(self) -> str: ...
    @property
    def lang(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def contradiction(self) -> bool: ...
    @property
    def matches(self) -> list[MatchDict]: ...
    def to_dict(self) -> dict[str, Any]:
        """The result as a plain dict."""
    def _repr_html_(self) -> str: ...

class Tagger:
    """Tags comments with keyword categories; build once, reuse, pickle."""

    def __init__(self, lexicon: Lexicon | None = None, lang: str | None = None) -> None: ...
    def tag(self, text: str) -> Tags:
        """Tags one comment."""
    @overload
    def tag_batch(
        self, texts: list[str | None], n_threads: int | None = None
    ) -> list[Tags | None]: ...
    @overload
    def tag_batch(self, texts: Any, n_threads: int | None = None) -> Any:
        """Tags many comments on all cores, in order; a pyarrow Table, pandas or
        polars DataFrame for Arrow, pandas or polars input (one row per comment)."""
    def tag_matches(self, texts: Any, n_threads: int | None = None) -> Any:
        """One row per match (``row``, match columns, ``evidence``) in the caller's
        kind of table (a pyarrow Table for a list)."""
    @property
    def lexicon(self) -> Lexicon: ...

class EncodedRow(TypedDict):
    ids: list[int]
    type_ids: list[int]
    attention_mask: list[int]
    special_tokens_mask: list[int]
    offsets: list[tuple[int, int]]
    tokens: list[str]
    normalized: str
    lang: str

class NumpyEncoding(TypedDict):
    ids: np.ndarray
    type_ids: np.ndarray
    attention_mask: np.ndarray
    special_tokens_mask: np.ndarray
    offsets: np.ndarray

class EncodedBatch:
    """Comments encoded by ``Encoder.encode``, in input order; null comments
    keep their row (null in Arrow, all padding in numpy, ``None`` in lists)."""

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table``: ``ids``, ``type_ids`` (``list<uint32>``),
        ``attention_mask``, ``special_tokens_mask`` (``list<uint8>``), ``offsets``
        (``list<fixed_size_list<int64, 2>>``, character offsets into the comment
        as written), ``tokens``, ``normalized``, ``lang``."""
    def to_numpy(self) -> NumpyEncoding:
        """Writable ``int64`` arrays of shape ``(n, length)`` (``offsets``:
        ``(n, length, 2)``), shorter and null rows filled as padding would."""
    @property
    def tokens(self) -> list[list[str] | None]: ...
    @property
    def normalized(self) -> list[str | None]: ...
    @property
    def langs(self) -> list[str | None]: ...
    @property
    def nulls(self) -> list[bool]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> EncodedRow | None: ...

class Encoder:
    """nazar's normalizer in front of a local ``tokenizer.json``; encodes comments
    in batch with offsets into the comment as written. Nothing is downloaded."""

    def __init__(
        self,
        path: str | PathLike[str],
        form: Literal["key", "display"] = "key",
        padding: bool | int | Literal["longest"] | None = None,
        truncation: Literal[False] | int | None = None,
        *,
        padding_side: Literal["right", "left"] | None = None,
        pad_token: str | None = None,
        pad_to_multiple_of: int | None = None,
        truncation_side: Literal["right", "left"] | None = None,
        keep_file_normalizer: bool = True,
        add_special_tokens: bool = True,
        normalizer: Normalizer | None = None,
        n_threads: int | None = None,
    ) -> None: ...
    def encode(self, texts: Any, n_threads: int | None = None) -> EncodedBatch:
        """Encodes a list of str, a pyarrow Array/ChunkedArray, a pandas or polars
        Series of comments, in order, on all cores, without the GIL."""
    def encode_one(self, text: str) -> EncodedRow:
        """Encodes one comment into a dict of lists."""
    def token_to_id(self, token: str) -> int | None:
        """The id of ``token`` in the vocabulary, or ``None``."""
    @property
    def path(self) -> Path:
        """The tokenizer.json this encoder was loaded from."""
    @property
    def form(self) -> Literal["key", "display"]: ...
    @property
    def pad_id(self) -> int:
        """The id of the pad token (0 when the vocabulary has none)."""
    @property
    def vocab_size(self) -> int:
        """Tokens in the vocabulary, added tokens included."""

def normalize(text: str, lang: str | None = None, digits: str = "ascii") -> str:
    """Return the display form of ``text``."""

def tag(text: str, lang: str | None = None) -> Tags:
    """Tag one comment with the default lexicons."""

class FlagResult:
    """What ``flag_products`` found: ``frame`` (the ``nazar flag`` columns, in
    the kind of table the comments came in), ``records``, ``summary``, and the
    HTML report (``html()``, also the Jupyter rendering)."""

    frame: Any
    records: list[dict[str, Any]]
    summary: dict[str, Any]
    warnings: list[str]
    columns: list[str]
    def html(self, title: str | None = None) -> str: ...
    def write_report(self, path: str | PathLike[str], title: str | None = None) -> None: ...
    def __len__(self) -> int: ...
    def _repr_html_(self) -> str: ...

def flag_products(
    comments: Any,
    sales: Any = None,
    *,
    fdr: float = 0.05,
    all: bool = False,
    tagger: Tagger | None = None,
    lang: str | None = None,
) -> FlagResult:
    """Flag products whose comment rate or contradiction rate is unusual."""
