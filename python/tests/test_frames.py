"""Batch calls take lists, pyarrow, pandas and polars, and answer in kind."""

import nazar
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

TEXTS = ["Não recomendo, é falsificado", None, "", "خوب نبود", "sooo good 👍"]


@pytest.fixture(scope="module")
def tagger():
    return nazar.Tagger()


def expected(tagger):
    return [None if t is None else tagger.tag(t).to_dict() for t in TEXTS]


def rows_of(table: pa.Table) -> list:
    out = []
    for row in table.to_pylist():
        if row["label"] is None:
            out.append(None)
            continue
        out.append(
            {
                "lang": row["lang"],
                "label": row["label"],
                "score": row["score"],
                "matches": row["matches"],
            }
        )
    return out


def test_list_in_list_out_with_nulls(tagger):
    out = tagger.tag_batch(TEXTS)
    assert [None if t is None else t.to_dict() for t in out] == expected(tagger)
    # What `series.tolist()` holds for a missing value is null too.
    for missing in (float("nan"), pd.NA, pd.NaT, np.float64("nan")):
        texts = [missing if t is None else t for t in TEXTS]
        out = tagger.tag_batch(texts)
        assert [None if t is None else t.to_dict() for t in out] == expected(tagger)
        assert nazar.Normalizer().normalize_batch(texts)[1] is None
    # Anything else still names the item.
    with pytest.raises(TypeError, match=r"texts\[1\] is int"):
        tagger.tag_batch(["good", 5, float("nan")])


@pytest.mark.parametrize(
    "make",
    [
        lambda: pa.array(TEXTS, type=pa.string()),
        lambda: pa.array(TEXTS, type=pa.large_string()),
        lambda: pa.array(TEXTS, type=pa.string_view()),
        lambda: pa.chunked_array([TEXTS[:2], TEXTS[2:]], type=pa.string()),
    ],
    ids=["utf8", "large_utf8", "utf8_view", "chunked"],
)
def test_arrow_in_table_out(tagger, make):
    table = tagger.tag_batch(make())
    assert isinstance(table, pa.Table)
    assert table.num_rows == len(TEXTS)
    assert rows_of(table) == expected(tagger)
    assert table.column("contradiction").to_pylist()[:2] == [True, None]


def test_pandas_in_dataframe_out_keeps_index(tagger):
    series = pd.Series(TEXTS, index=[10, 20, 30, 40, 50], name="comment")
    frame = tagger.tag_batch(series)
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == [10, 20, 30, 40, 50]
    assert frame.loc[10, "label"] == "negative"
    assert frame.loc[20, "label"] is None or pd.isna(frame.loc[20, "label"])
    assert frame.loc[40, "label"] == expected(tagger)[3]["label"]
    # A null comment leaves `contradiction` boolean (NA), and usable as a mask.
    assert str(frame["contradiction"].dtype) == "boolean" and pd.isna(
        frame.loc[20, "contradiction"]
    )
    assert series[frame["contradiction"]].index.tolist() == [10]


def test_polars_in_dataframe_out(tagger):
    frame = tagger.tag_batch(pl.Series("comment", TEXTS))
    assert isinstance(frame, pl.DataFrame)
    assert frame.height == len(TEXTS)
    assert frame["label"].to_list() == [None if e is None else e["label"] for e in expected(tagger)]


def test_flat_matches_join_on_row(tagger):
    flat = tagger.tag_matches(TEXTS)
    assert isinstance(flat, pa.Table)
    for row in flat.to_pylist():
        text = TEXTS[row["row"]]
        assert text[row["start"] : row["end"]] == row["evidence"]
    rows = {r["row"] for r in flat.to_pylist()}
    assert 1 not in rows and 2 not in rows, "null and empty comments have no matches"
    index = [100, 200, 300, 400, 500]
    pandas_flat = tagger.tag_matches(pd.Series(TEXTS, index=index))
    assert isinstance(pandas_flat, pd.DataFrame)
    assert len(pandas_flat) == flat.num_rows
    assert pandas_flat["index"].tolist() == [index[r] for r in pandas_flat["row"]]
    # Signed offsets: arithmetic with other integers stays integer.
    assert {str(pandas_flat[c].dtype) for c in ("row", "start", "end")} == {"int64"}
    assert str((pandas_flat["end"] - pandas_flat["start"] - 1).dtype) == "int64"
    many = tagger.tag_matches(pd.Series(["good great excellent", "bad"]))
    assert len(many) == 4, "more matches than comments"
    polars_flat = tagger.tag_matches(pl.Series(TEXTS))
    assert isinstance(polars_flat, pl.DataFrame) and polars_flat.height == flat.num_rows


def test_empty_inputs(tagger):
    assert tagger.tag_batch([]) == []
    assert tagger.tag_batch(pa.array([], type=pa.string())).num_rows == 0
    assert len(tagger.tag_batch(pd.Series([], dtype=object))) == 0
    assert tagger.tag_matches([]).num_rows == 0
    assert tagger.tag_batch(pd.Series([None, None])).label.isna().all()


def test_normalize_batch_answers_in_kind():
    n = nazar.Normalizer()
    texts = ["كتاب ها", None, "sooo good"]
    assert n.normalize_batch(texts) == ["کتاب\u200cها", None, "sooo good"]
    arr = n.normalize_batch(pa.array(texts))
    assert arr.to_pylist() == ["کتاب\u200cها", None, "sooo good"]
    s = n.normalize_batch(pd.Series(texts, index=[3, 2, 1], name="c"))
    assert list(s.index) == [3, 2, 1] and s.name == "c" and s[3] == "کتاب\u200cها"
    p = n.normalize_batch(pl.Series("c", texts))
    assert p.to_list() == ["کتاب\u200cها", None, "sooo good"]


def test_key_and_language_batches_match_the_one_text_calls():
    n = nazar.Normalizer()
    texts = ["مي خواهم", None, "Não RECOMENDO vc", "sooo good"]
    keys = n.key_batch(texts)
    assert keys == [None if t is None else n.key(t) for t in texts]
    assert keys[0] == "میخواهم" and keys[2] == "nao recomendo voce"
    langs = n.detect_lang_batch(pd.Series(texts, index=[9, 8, 7, 6]))
    assert list(langs.index) == [9, 8, 7, 6]
    assert langs.tolist()[0] == "fa" and langs[7] == "pt" and langs[6] == "en"
    assert n.key_batch(pa.array(texts)).to_pylist() == keys


def test_columns_as_notebooks_make_them(tagger):
    # A chunk of a CSV whose text is all empty reads as float64 NaN.
    empty = pd.Series([float("nan")] * 2, index=[5, 6])
    tags = tagger.tag_batch(empty)
    assert list(tags.index) == [5, 6] and tags.label.isna().all()
    assert len(tagger.tag_batch(pd.Series([], dtype=float))) == 0
    # Categorical columns of pandas, polars and pyarrow are their strings.
    want = ["positive", "negative"]
    assert tagger.tag_batch(pd.Series(["good", "bad"], dtype="category")).label.tolist() == want
    cat = pl.Series(["good", "bad"], dtype=pl.Categorical)
    assert tagger.tag_batch(cat)["label"].to_list() == want
    encoded = pa.array(["good", "bad"]).dictionary_encode()
    assert tagger.tag_batch(encoded)["label"].to_pylist() == want
    assert nazar.Normalizer().key_batch(encoded).to_pylist() == ["good", "bad"]


def test_a_bad_item_is_named(tagger):
    with pytest.raises(TypeError, match=r"the value at index 'b' is int 5"):
        tagger.tag_batch(pd.Series(["good", 5, None], index=["a", "b", "c"], dtype=object))
    with pytest.raises(TypeError, match=r"texts\[1\] is a str with a lone surrogate"):
        tagger.tag_batch(["ok", "caf\udce9"])
    # pd.NA is missing: the int after it is the bad value.
    with pytest.raises(TypeError, match=r"the value at index 2 is int 5"):
        tagger.tag_batch(pd.Series(["a", pd.NA, 5], dtype=object))
    with pytest.raises(TypeError, match=r"the value at index 'y' is a str with a lone surrogate"):
        nazar.Normalizer().key_batch(pd.Series(["ok", "caf\udce9"], index=["x", "y"], dtype=object))


def test_wrong_types_raise_type_error_naming_the_argument(tagger):
    with pytest.raises(TypeError, match="texts"):
        tagger.tag_batch(pa.array([1, 2, 3]))
    with pytest.raises(TypeError, match="texts"):
        tagger.tag_batch([1, 2])
    with pytest.raises(TypeError, match="texts"):
        tagger.tag_batch(42)
    with pytest.raises(TypeError, match="texts"):
        tagger.tag_batch(pd.DataFrame({"a": ["x"]}))
