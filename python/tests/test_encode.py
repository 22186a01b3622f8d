"""``nazar.Encoder``: nazar's normalizer in front of a local tokenizer.json.

Two tokenizers are trained offline, once per test session, with the ``tokenizers``
package on the real comments in ``fixtures/corpus/`` and ``fixtures/golden/``
(nothing is ever downloaded), mirroring ``core/tests/hf.rs``:

- ``wordpiece``: BERT-style, uncased, trained on the comments as written (a team's
  existing tokenizer);
- ``bpe``: RoBERTa-style byte-level BPE trained on nazar's match keys (a tokenizer
  built for nazar).

The encoder is checked against ``tokenizers`` itself run on nazar's key (the same
ids as the Rust ``Encoder``), for offsets into the comment as written, for merged
spelling variants, and for agreement between its inputs (list, pyarrow, pandas,
polars) and its outputs (Arrow, numpy, one comment at a time).
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
from pathlib import Path

import nazar
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

tokenizers = pytest.importorskip("tokenizers")

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KINDS = ["wordpiece", "bpe"]


def _lines(rel: str) -> list[str]:
    return (FIXTURES / rel).read_text(encoding="utf-8").splitlines()


def _comments() -> list[str]:
    return [
        line
        for lang in ("fa", "en", "pt")
        for d in ("corpus", "golden")
        for line in _lines(f"{d}/{lang}.txt")
    ]


GOLDEN = [line for lang in ("fa", "en", "pt") for line in _lines(f"golden/{lang}.txt")]


def _train_wordpiece(path: Path) -> None:
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
        trainers,
    )

    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=True
    )
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    trainer = trainers.WordPieceTrainer(
        vocab_size=4000, special_tokens=special, show_progress=False
    )
    tok.train_from_iterator(_comments(), trainer)
    tok.post_processor = processors.BertProcessing(
        ("[SEP]", tok.token_to_id("[SEP]")), ("[CLS]", tok.token_to_id("[CLS]"))
    )
    tok.save(str(path))


def _train_bpe(path: Path) -> None:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel()
    tok.decoder = decoders.ByteLevel()
    special = ["<s>", "<pad>", "</s>", "<unk>"]
    trainer = trainers.BpeTrainer(
        vocab_size=4000,
        special_tokens=special,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    key = nazar.Normalizer().key
    keys = [key(c) for c in _comments()]
    tok.train_from_iterator(keys, trainer)
    tok.post_processor = processors.RobertaProcessing(
        ("</s>", tok.token_to_id("</s>")), ("<s>", tok.token_to_id("<s>"))
    )
    tok.save(str(path))


@pytest.fixture(scope="session")
def tokenizer_json(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("tokenizers")
    paths = {"wordpiece": d / "wordpiece.json", "bpe": d / "bpe.json"}
    _train_wordpiece(paths["wordpiece"])
    _train_bpe(paths["bpe"])
    return paths


@pytest.fixture(scope="session")
def encoders(tokenizer_json) -> dict[str, nazar.Encoder]:
    return {kind: nazar.Encoder(tokenizer_json[kind]) for kind in KINDS}


# ---------------------------------------------------------------------------
# What a token stands for


def _byte_level_table() -> dict[str, int]:
    """Byte-level BPE's characters back to bytes (GPT-2's ``bytes_to_unicode``)."""
    printable = [*range(33, 127), *range(161, 173), *range(174, 256)]
    table = {chr(b): b for b in printable}
    n = 0
    for b in range(256):
        if b not in printable:
            table[chr(256 + n)] = b
            n += 1
    return table


BYTE_LEVEL = _byte_level_table()


def token_bytes(kind: str, token: str) -> bytes:
    """The bytes a token stands for, without WordPiece's ``##`` or BPE's space
    (a byte-level token may hold part of a character)."""
    if kind == "wordpiece":
        return token.removeprefix("##").encode()
    return bytes(BYTE_LEVEL[c] for c in token).lstrip(b" ")


def tokens_within(kind: str, row: dict, span: tuple[int, int]) -> tuple[tuple[int, int], str]:
    """The union of the offsets of the tokens inside ``span`` and their text joined."""
    start, end, spelled = None, None, b""
    for token, (s, e) in zip(row["tokens"], row["offsets"], strict=True):
        if span[0] <= s < e <= span[1]:
            start = s if start is None else min(start, s)
            end = e if end is None else max(end, e)
            spelled += token_bytes(kind, token)
    return (start or 0, end or 0), spelled.decode()


# ---------------------------------------------------------------------------
# Offsets point into the comment as written (character offsets, Python's str)

SPANS = [
    # (name, comment, a word of nazar's key, what its tokens span as written)
    ("Arabic kaf", "این كتاب خیلی خوب بود", "کتاب", "كتاب"),
    ("Arabic yeh", "گوشي خوبيه ولي گرونه", "خوبیه", "خوبيه"),
    ("broken ZWNJ", "من این گوشی رو می خواهم", "میخواهم", "می خواهم"),
    ("ZWNJ", "من این گوشی رو می\u200cخواهم", "میخواهم", "می\u200cخواهم"),
    ("spaced plural, Arabic yeh", "فيلم ها با كيفيت HD پخش میشن", "فیلمها", "فيلم ها"),
    ("squeezed elongation", "خیلیییی خوبه", "خیلی", "خیلیییی"),
    ("kashida", "صدای این فن عــالـيـــه", "عالیه", "عــالـيـــه"),
    ("emoji", "عالی بود 😍😍 ممنون", "😍😍", "😍😍"),
    ("emoji before Persian", "😍 كتاب خوبي بود", "کتاب", "كتاب"),
    ("Persian digits", "بعد از ۱۲ ماه خراب شد", "12", "۱۲"),
    ("Portuguese abbreviation", "Vc vai gostar muito", "voce", "Vc"),
    ("Portuguese accent", "Não gostei do produto", "nao", "Não"),
    ("English contraction", "I don't like this coffee", "donot", "don't"),
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("name", "comment", "key_word", "written"), SPANS, ids=[c[0] for c in SPANS]
)
def test_offsets_slice_the_words_as_written(encoders, kind, name, comment, key_word, written):
    row = encoders[kind].encode_one(comment)
    at = comment.index(written)
    (s, e), spelled = tokens_within(kind, row, (at, at + len(written)))
    assert comment[s:e] == written, (row["tokens"], row["offsets"])
    assert spelled == key_word
    # The batch gives the same offsets as the single comment, and so does Arrow.
    batch = encoders[kind].encode([comment])
    assert batch[0]["offsets"] == row["offsets"]
    arrow = batch.to_arrow().column("offsets").to_pylist()[0]
    assert [tuple(o) for o in arrow] == row["offsets"]


@pytest.mark.parametrize("kind", KINDS)
def test_offsets_on_every_golden_comment_stay_in_the_text_and_in_order(encoders, kind):
    batch = encoders[kind].encode(GOLDEN)
    key = nazar.Normalizer().key
    checked, misses = 0, []
    for i, text in enumerate(GOLDEN):
        row = batch[i]
        last_start = 0
        for token, (s, e), special in zip(
            row["tokens"], row["offsets"], row["special_tokens_mask"], strict=True
        ):
            if special:
                assert (s, e) == (0, 0)
                continue
            assert 0 <= s <= e <= len(text), (i, token, s, e)
            assert s >= last_start, (i, token)
            last_start = s
            try:
                piece = token_bytes(kind, token).decode()
            except UnicodeDecodeError:  # part of a character
                continue
            if not piece or token in ("[UNK]", "<unk>"):
                continue
            # The written span, normalized alone, holds the token's text: it is
            # the word the token came from, not a neighbour. (Alone, a word can
            # lose the context nazar used, e.g. Portuguese "n" after a space
            # expands to "nao": a few misses.)
            assert s < e, (i, token)
            checked += 1
            if piece not in key(text[s:e]).replace(" ", ""):
                misses.append((i, token, text[s:e]))
    assert checked > 2000
    assert len(misses) <= checked // 200, misses[:20]


# ---------------------------------------------------------------------------
# Same ids as tokenizers on nazar's text, and spelling variants merge


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("form", ["key", "display"])
def test_ids_are_tokenizers_ids_of_nazars_text(tokenizer_json, kind, form):
    plain = tokenizers.Tokenizer.from_file(str(tokenizer_json[kind]))
    encoder = nazar.Encoder(tokenizer_json[kind], form=form)
    n = nazar.Normalizer()
    seen = n.key if form == "key" else n.normalize
    batch = encoder.encode(GOLDEN)
    want = [e.ids for e in plain.encode_batch([seen(t) for t in GOLDEN])]
    got = batch.to_arrow().column("ids").to_pylist()
    assert got == want
    assert batch.normalized == [seen(t) for t in GOLDEN]
    assert batch.tokens == [e.tokens for e in plain.encode_batch([seen(t) for t in GOLDEN])]


VARIANTS = [
    ["میخواهم", "می خواهم", "می\u200cخواهم", "مي خواهم"],
    ["من این گوشی را میخواهم", "من این گوشی را می خواهم", "من اين گوشي را مي\u200cخواهم"],
    ["کتابها خیلی خوبن", "كتاب ها خيلييييي خوبن", "کتاب\u200cها خیلی خوبن"],
    ["não gostei", "nao gostei", "Não gostei"],
    ["você vai gostar", "vc vai gostar", "Vc vai gostaaar"],
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("group", VARIANTS, ids=[g[0] for g in VARIANTS])
def test_spelling_variants_give_the_same_ids(tokenizer_json, encoders, kind, group):
    ids = encoders[kind].encode(group).to_numpy()["ids"]
    assert (ids == ids[0]).all(), group
    # Without nazar the tokenizer tells them apart.
    plain = tokenizers.Tokenizer.from_file(str(tokenizer_json[kind]))
    assert len({tuple(e.ids) for e in plain.encode_batch(group)}) > 1


# ---------------------------------------------------------------------------
# Inputs and outputs agree

MIXED = ["مي خواهم", "", None, "كتاب 😍😍 خيلي خوبه", "Vc vai gostar", None, "I don't like it"]


def _same(a, b) -> None:
    for name in ("ids", "type_ids", "attention_mask", "special_tokens_mask", "offsets"):
        np.testing.assert_array_equal(a[name], b[name], err_msg=name)


@pytest.mark.parametrize("kind", KINDS)
def test_list_arrow_pandas_polars_inputs_give_the_same(encoders, kind):
    encoder = encoders[kind]
    want = encoder.encode(MIXED)
    inputs = {
        "tuple": tuple(MIXED),
        "pyarrow": pa.array(MIXED),
        "large_string": pa.array(MIXED, type=pa.large_string()),
        "string_view": pa.array(MIXED, type=pa.string_view()),
        "chunked": pa.chunked_array([MIXED[:3], MIXED[3:]]),
        "pandas": pd.Series(MIXED, index=range(10, 10 + len(MIXED))),
        "pandas_string": pd.Series(MIXED, dtype="string"),
        "polars": pl.Series("text", MIXED),
    }
    for name, texts in inputs.items():
        got = encoder.encode(texts)
        assert got.to_arrow().equals(want.to_arrow()), name
        _same(got.to_numpy(), want.to_numpy())
        assert got.nulls == want.nulls, name


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("padding", [None, True, 40])
@pytest.mark.parametrize("side", ["right", "left"])
def test_arrow_numpy_and_single_encodes_agree(tokenizer_json, kind, padding, side):
    if padding is None:
        encoder = nazar.Encoder(tokenizer_json[kind])
    else:
        encoder = nazar.Encoder(tokenizer_json[kind], padding=padding, padding_side=side)
    batch = encoder.encode(MIXED)
    table = batch.to_arrow()
    arrays = batch.to_numpy()
    n = len(MIXED)
    assert len(batch) == table.num_rows == n
    lengths = [len(r) if r is not None else 0 for r in table.column("ids").to_pylist()]
    width = max(lengths + [padding if isinstance(padding, int) and padding is not True else 0])
    for name in ("ids", "type_ids", "attention_mask", "special_tokens_mask"):
        assert arrays[name].shape == (n, width), name
        assert arrays[name].dtype == np.int64
        assert arrays[name].flags.writeable
    assert arrays["offsets"].shape == (n, width, 2)
    pad_left = padding is not None and side == "left"
    for i, text in enumerate(MIXED):
        row = batch[i]
        if text is None:
            assert row is None
            assert not table.column("ids")[i].is_valid
            assert (arrays["ids"][i] == encoder.pad_id).all()
            assert (arrays["attention_mask"][i] == 0).all()
            assert (arrays["special_tokens_mask"][i] == 1).all()
            assert (arrays["offsets"][i] == 0).all()
            continue
        one = encoder.encode_one(text)
        k = len(one["ids"])
        real = slice(width - k, width) if pad_left else slice(0, k)
        pads = [t for t in range(width) if not real.start <= t < real.stop]
        assert arrays["ids"][i, real].tolist() == one["ids"]
        assert arrays["offsets"][i, real].tolist() == [list(o) for o in one["offsets"]]
        assert arrays["attention_mask"][i, real].tolist() == one["attention_mask"]
        assert arrays["special_tokens_mask"][i, real].tolist() == one["special_tokens_mask"]
        assert (arrays["ids"][i, pads] == encoder.pad_id).all()
        assert (arrays["attention_mask"][i, pads] == 0).all()
        assert (arrays["offsets"][i, pads] == 0).all()
        # Arrow holds exactly the encoder's rows (padding included when it pads).
        assert table.column("ids")[i].as_py() == row["ids"]
        assert table.column("attention_mask")[i].as_py() == row["attention_mask"]
        assert [tuple(o) for o in table.column("offsets")[i].as_py()] == row["offsets"]
        assert table.column("tokens")[i].as_py() == row["tokens"]
        assert table.column("normalized")[i].as_py() == one["normalized"]
        if padding is None:
            assert row == one
        else:
            assert len(row["ids"]) == width
    pad_token = "[PAD]" if kind == "wordpiece" else "<pad>"
    assert encoder.pad_id == encoder.token_to_id(pad_token)


def test_arrow_schema(encoders):
    table = encoders["wordpiece"].encode(MIXED).to_arrow()
    assert table.schema.field("ids").type == pa.list_(pa.field("item", pa.uint32(), nullable=False))
    assert table.schema.field("attention_mask").type.value_type == pa.uint8()
    offsets = table.schema.field("offsets").type.value_type
    assert pa.types.is_fixed_size_list(offsets) and offsets.list_size == 2
    assert offsets.value_type == pa.int64()
    assert table.column_names == [
        "ids",
        "type_ids",
        "attention_mask",
        "special_tokens_mask",
        "offsets",
        "tokens",
        "normalized",
        "lang",
    ]
    assert table.column("lang").to_pylist() == ["fa", "en", None, "fa", "pt", None, "en"]
    # polars reads it as it is.
    assert pl.from_arrow(table).height == len(MIXED)


@pytest.mark.parametrize("kind", KINDS)
def test_nulls_and_empty_comments(encoders, kind):
    encoder = encoders[kind]
    batch = encoder.encode([None, "", "   ", "ok"])
    assert batch.nulls == [True, False, False, False]
    assert batch.tokens[0] is None and batch.normalized[0] is None and batch.langs[0] is None
    for i in (1, 2):  # special tokens only, no text to point to
        assert batch.normalized[i] == ""
        assert all(batch[i]["special_tokens_mask"]) and len(batch[i]["ids"]) == 2
        assert batch[i]["offsets"] == [(0, 0), (0, 0)]
    assert batch[3]["offsets"][1] == (0, 2)
    assert batch[-1] == batch[3]
    with pytest.raises(IndexError):
        batch[4]
    empty = encoder.encode([])
    assert len(empty) == 0 and empty.to_arrow().num_rows == 0
    assert empty.to_numpy()["ids"].shape == (0, 0)
    only_null = encoder.encode(pa.array([None, None], type=pa.string()))
    assert (
        only_null.to_numpy()["ids"].shape[0] == 2
        and only_null.to_arrow().column("ids").null_count == 2
    )
    # An all-missing pandas column arrives as Arrow's null type.
    assert encoder.encode(pd.Series([None, None], dtype=object)).nulls == [True, True]


# ---------------------------------------------------------------------------
# Options


def test_truncation_keeps_the_closing_special_token(tokenizer_json):
    text = GOLDEN[5]
    full = nazar.Encoder(tokenizer_json["wordpiece"]).encode_one(text)
    cut = nazar.Encoder(tokenizer_json["wordpiece"], truncation=8).encode_one(text)
    assert len(full["ids"]) > 8 and len(cut["ids"]) == 8
    assert cut["ids"][:7] == full["ids"][:7] and cut["ids"][7] == full["ids"][-1]
    assert cut["offsets"][:7] == full["offsets"][:7]
    left = nazar.Encoder(tokenizer_json["wordpiece"], truncation=8, truncation_side="left")
    assert left.encode_one(text)["ids"][1:-1] == full["ids"][-7:-1]


def test_padding_from_the_file_and_overrides(tokenizer_json, tmp_path):
    padded = tokenizers.Tokenizer.from_file(str(tokenizer_json["bpe"]))
    padded.enable_padding(pad_id=padded.token_to_id("<pad>"), pad_token="<pad>", length=24)
    path = tmp_path / "padded.json"
    padded.save(str(path))
    texts = ["خیلی خوبه", None, "Vc vai gostar"]
    # As the file says: every row 24 tokens, nulls included in numpy.
    as_file = nazar.Encoder(path).encode(texts)
    assert [len(r) if r else None for r in as_file.to_arrow().column("ids").to_pylist()] == [
        24,
        None,
        24,
    ]
    assert as_file.to_numpy()["ids"].shape == (3, 24)
    assert "padding=24" in repr(nazar.Encoder(path))
    # Overridden: off, longest, to a multiple, on the left.
    off = nazar.Encoder(path, padding=False).encode(texts)
    assert off.to_arrow().column("ids").to_pylist()[0] == off[0]["ids"] and len(off[0]["ids"]) < 24
    longest = nazar.Encoder(path, padding=True, pad_to_multiple_of=8).encode(texts)
    assert longest.to_numpy()["ids"].shape == (3, 8)
    left = nazar.Encoder(path, padding_side="left").encode(texts)
    k = len(off[0]["ids"])
    assert left[0]["ids"][-k:] == off[0]["ids"]
    assert left.to_numpy()["attention_mask"][0].tolist() == [0] * (24 - k) + [1] * k


@pytest.mark.parametrize(
    "options",
    [
        {"padding": True},
        {"padding": True, "padding_side": "left", "pad_to_multiple_of": 8},
        {"padding": 12},
        {"padding": 12, "pad_to_multiple_of": 5, "padding_side": "left"},
    ],
    ids=["longest", "longest-left-multiple", "fixed", "fixed-multiple-left"],
)
def test_padding_is_tokenizers_padding(tokenizer_json, options):
    texts = ["خیلی خوبه", "كتاب ها خيلييييي خوبن ، مرسي 😍", "ok", GOLDEN[5], GOLDEN[70]]
    plain = tokenizers.Tokenizer.from_file(str(tokenizer_json["wordpiece"]))
    plain.enable_padding(
        direction=options.get("padding_side", "right"),
        pad_id=plain.token_to_id("[PAD]"),
        pad_token="[PAD]",
        length=None if options["padding"] is True else options["padding"],
        pad_to_multiple_of=options.get("pad_to_multiple_of"),
    )
    want = plain.encode_batch([nazar.Normalizer().key(t) for t in texts])
    encoder = nazar.Encoder(tokenizer_json["wordpiece"], **options)
    batch = encoder.encode(texts)
    table = batch.to_arrow()
    for name in ("ids", "type_ids", "attention_mask", "special_tokens_mask", "tokens"):
        assert table.column(name).to_pylist() == [getattr(e, name) for e in want], name
        assert [batch[i][name] for i in range(len(texts))] == [getattr(e, name) for e in want]
    assert batch.tokens == [e.tokens for e in want]
    pads = [[t == "[PAD]" for t in e.tokens] for e in want]
    offsets = table.column("offsets").to_pylist()
    assert all(
        o == [0, 0]
        for row, p in zip(offsets, pads, strict=True)
        for o, q in zip(row, p, strict=True)
        if q
    )
    if all(len(e.ids) == len(want[0].ids) for e in want):
        np.testing.assert_array_equal(batch.to_numpy()["ids"], np.array([e.ids for e in want]))
    one = encoder.encode_one(texts[2])
    single = plain.encode(nazar.Normalizer().key(texts[2]))
    assert one["ids"] == single.ids


def test_padding_without_a_pad_token(tmp_path):
    tok = tokenizers.Tokenizer(
        tokenizers.models.WordLevel({"خوب": 0, "[UNK]": 1}, unk_token="[UNK]")
    )
    tok.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    path = tmp_path / "word-level.json"
    tok.save(str(path))
    with pytest.raises(ValueError, match="pad_token"):
        nazar.Encoder(path, padding=True)
    encoder = nazar.Encoder(path, padding=True, pad_token="[UNK]")
    assert encoder.pad_id == 1
    assert encoder.encode(["خوب خوب", "خوب"]).to_numpy()["ids"].tolist() == [[0, 0], [0, 1]]
    # Unpadded batches fill numpy rows with id 0 when the vocabulary has no pad token.
    assert nazar.Encoder(path).encode(["خوب خوب", "بد"]).to_numpy()["ids"].tolist() == [
        [0, 0],
        [1, 0],
    ]


def test_display_form_and_file_normalizer(tokenizer_json):
    path = tokenizer_json["wordpiece"]
    display = nazar.Encoder(path, form="display")
    assert display.form == "display"
    assert display.encode_one("مي خواهم Vc")["normalized"] == "می\u200cخواهم Vc"
    # The uncased vocabulary has no capitals: the file's lowercasing matters.
    replaced = nazar.Encoder(path, form="display", keep_file_normalizer=False)
    assert display.encode_one("PRODUTO")["ids"] != replaced.encode_one("PRODUTO")["ids"]
    fixed = nazar.Encoder(path, normalizer=nazar.Normalizer(lang="pt"))
    assert fixed.encode_one("vc")["lang"] == "pt"
    bare = nazar.Encoder(path, add_special_tokens=False)
    assert not any(bare.encode_one("خیلی خوبه")["special_tokens_mask"])


def test_n_threads_and_order(encoders):
    texts = _comments()[::13]
    one = encoders["bpe"].encode(texts, n_threads=1)
    many = encoders["bpe"].encode(texts)
    assert one.to_arrow().equals(many.to_arrow())
    back = encoders["bpe"].encode(texts[::-1])
    assert (
        back.to_arrow().column("ids").to_pylist()[::-1] == many.to_arrow().column("ids").to_pylist()
    )


def test_pickle_travels_without_the_file(tokenizer_json, tmp_path):
    path = tmp_path / "tokenizer.json"
    path.write_bytes(tokenizer_json["bpe"].read_bytes())
    encoder = nazar.Encoder(
        path, padding=True, truncation=16, normalizer=nazar.Normalizer(lang="fa")
    )
    data = pickle.dumps(encoder)
    path.unlink()
    back = pickle.loads(data)
    assert back.encode(MIXED).to_arrow().equals(encoder.encode(MIXED).to_arrow())
    assert back.encode_one("vc")["lang"] == "fa"
    assert repr(back) == repr(encoder)
    assert 'padding="longest"' in repr(encoder) and "truncation=16" in repr(encoder)


def _ids_in_child(args):
    encoder, texts = args
    return encoder.encode(texts).to_arrow().column("ids").to_pylist()


def test_encoders_work_in_forked_children(encoders):
    texts = GOLDEN[:40]
    want = _ids_in_child((encoders["bpe"], texts))  # rayon's pool started in the parent
    with mp.get_context("fork").Pool(2) as pool:
        got = pool.map(_ids_in_child, [(encoders["bpe"], texts)] * 2)
    assert got == [want, want]


# ---------------------------------------------------------------------------
# Errors


def test_missing_file_raises_file_not_found_naming_it(tmp_path):
    missing = tmp_path / "no-such-tokenizer.json"
    with pytest.raises(FileNotFoundError, match="no-such-tokenizer.json") as info:
        nazar.Encoder(missing)
    assert info.value.filename == str(missing)
    assert info.value.errno == 2
    with pytest.raises(IsADirectoryError):
        nazar.Encoder(tmp_path)


@pytest.mark.parametrize("content", ["{not json", '{"model": {"type": "Nope"}}', "", "[]"])
def test_garbage_file_raises_input_error_naming_it(tmp_path, content):
    bad = tmp_path / "garbage.json"
    bad.write_text(content)
    with pytest.raises(nazar.InputError, match="garbage.json") as info:
        nazar.Encoder(bad)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"form": "upper"}, ValueError, "form"),
        ({"padding": "max_length"}, ValueError, "padding"),
        ({"padding": 0}, ValueError, "padding"),
        ({"padding": 1.5}, TypeError, "padding"),
        ({"truncation": True}, ValueError, "truncation"),
        ({"truncation": -3}, ValueError, "truncation"),
        ({"truncation": "512"}, TypeError, "truncation"),
        ({"padding": True, "padding_side": "up"}, ValueError, "padding_side"),
        ({"padding": True, "pad_token": "[NOPE]"}, ValueError, "pad_token"),
        ({"pad_token": "[PAD]"}, ValueError, "padding"),
        ({"padding": False, "padding_side": "left"}, ValueError, "padding"),
        ({"truncation_side": "left"}, ValueError, "truncation"),
        ({"n_threads": 0}, ValueError, "n_threads"),
    ],
)
def test_bad_options_are_named(tokenizer_json, kwargs, error, match):
    with pytest.raises(error, match=match):
        nazar.Encoder(tokenizer_json["wordpiece"], **kwargs)


def test_bad_texts_raise_type_error(encoders):
    encoder = encoders["wordpiece"]
    with pytest.raises(TypeError, match="encode_one"):
        encoder.encode("one comment")
    with pytest.raises(TypeError, match="texts"):
        encoder.encode([1, 2])
    with pytest.raises(TypeError, match="texts"):
        encoder.encode(pa.array([1, 2]))
    with pytest.raises(TypeError, match="texts"):
        encoder.encode(42)


def test_hostile_comments_encode(encoders):
    hostile = [
        "\u200c" * 1000 + "\u0640" * 1000 + "\u064e" * 1000,
        "a" + "\u0301" * 20000,
        "\u202e" + "fake" * 1000 + "\u202c",
        "\U0001f1ee\U0001f1f7" * 500 + "\u200d" * 500,
        "\x00\x01\x02" * 100,
    ]
    for kind in KINDS:
        batch = encoders[kind].encode(hostile)
        offsets = batch.to_numpy()["offsets"]
        for i, text in enumerate(hostile):
            assert (offsets[i] <= len(text)).all()
