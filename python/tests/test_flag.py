"""flag_products over pandas, polars and pyarrow: same answers as the CLI."""

import html
import json
import os
import pickle
import re
import subprocess
from pathlib import Path

import matplotlib
import nazar
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"


def cli_records(*args: str) -> list[dict]:
    # Where cargo puts it, as `make` does: CARGO_TARGET_DIR when set.
    binary = Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target") / "release" / "nazar"
    if not binary.exists():
        subprocess.run(
            ["cargo", "build", "--release", "-p", "nazar", "--bin", "nazar"], cwd=ROOT, check=True
        )
    out = subprocess.run(
        [str(binary), "flag", "--format", "jsonl", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines()]


def test_amazon_contradiction_flag_matches_the_cli():
    comments = pd.read_csv(FIXTURES / "amazon" / "comments.csv", dtype=str, keep_default_na=False)
    result = nazar.flag_products(comments)
    # The result pickles (worker processes, caches), report included.
    again = pickle.loads(pickle.dumps(result))
    assert again.records == result.records and again.html() == result.html()
    assert again.frame.equals(result.frame) and again.summary == result.summary
    assert result.summary["flagged_contradiction"] == 3
    assert result.frame["product_id"].tolist() == ["B005HGAVGK", "B002C4HZ00", "B00283V4GQ"]
    assert result.records == cli_records("--comments", str(FIXTURES / "amazon" / "comments.csv"))


def test_olist_all_products_match_the_cli_in_every_kind():
    comments_path = FIXTURES / "olist" / "comments.csv"
    sales_path = FIXTURES / "olist" / "sales.csv"
    expected = cli_records("--comments", str(comments_path), "--sales", str(sales_path), "--all")
    frames = {
        "pandas": (
            pd.read_csv(comments_path, dtype=str, keep_default_na=False),
            pd.read_csv(sales_path, dtype=str, keep_default_na=False),
            pd.DataFrame,
        ),
        "polars": (
            pl.read_csv(comments_path, infer_schema=False),
            pl.read_csv(sales_path, infer_schema=False),
            pl.DataFrame,
        ),
    }
    import pyarrow.csv as pacsv

    convert = pacsv.ConvertOptions(
        column_types={c: pa.string() for c in ["comment_id", "product_id", "text", "rating"]}
    )
    frames["arrow"] = (
        pacsv.read_csv(comments_path, convert_options=convert),
        pacsv.read_csv(sales_path),
        pa.Table,
    )
    for kind, (comments, sales, cls) in frames.items():
        result = nazar.flag_products(comments, sales, all=True)
        assert isinstance(result.frame, cls), kind
        assert len(result.frame) == len(expected), kind
        assert result.records == expected, kind


def test_bad_input_names_row_and_column():
    comments = pd.DataFrame({"product_id": ["a", "b"], "text": ["ok", "fake"]})
    sales = pd.DataFrame({"product_id": ["a", "b"], "sales": [10, -3]})
    with pytest.raises(nazar.InputError, match=r"row 2.*sales|sales.*row 2") as err:
        nazar.flag_products(comments, sales)
    # The CSV the table went through is nazar's: no line of it is named,
    # and a note says how rows count.
    assert "line" not in str(err.value)
    assert any("iloc[0]" in note for note in err.value.__notes__)
    with pytest.raises(nazar.InputError, match="text"):
        nazar.flag_products(pd.DataFrame({"product_id": ["a"], "body": ["x"]}))
    with pytest.raises(TypeError, match="comments"):
        nazar.flag_products({"product_id": ["a"]})
    # A bad setting is the caller's argument, not a column of the data.
    with pytest.raises(ValueError, match=r"^fdr must be strictly between 0 and 1, got 2") as err:
        nazar.flag_products(comments, fdr=2)
    assert not isinstance(err.value, nazar.InputError)


def test_every_error_is_a_nazar_error_and_data_errors_are_value_errors():
    for cls in (nazar.InputError, nazar.LexiconError):
        assert issubclass(cls, nazar.NazarError) and issubclass(cls, ValueError)
    # Raised by the extension, caught as the README says.
    with pytest.raises(nazar.NazarError, match="column text"):
        nazar.flag_products(pd.DataFrame({"product_id": ["a"], "body": ["x"]}))
    with pytest.raises(nazar.NazarError):
        nazar.Lexicon.from_toml("[[category]]\nname = 1\n")


@pytest.mark.filterwarnings("ignore:nazar. the .* baseline rests on")
def test_a_pandas_text_with_a_lone_carriage_return_is_one_field():
    comments = pd.DataFrame({"product_id": ["A"] * 3, "text": ["ok", "a\rb fake", "ok2"]})
    result = nazar.flag_products(comments, all=True)
    assert result.summary["comments"] == 3
    assert result.records[0]["contradiction_comments"] == 1


def test_an_error_names_the_pandas_index_label_of_its_row():
    comments = pd.DataFrame(
        {"product_id": ["a", "b", None], "text": ["ok"] * 3}, index=[10, 20, 30]
    ).iloc[1:]
    with pytest.raises(nazar.InputError, match="row 2, column product_id") as err:
        nazar.flag_products(comments)
    assert "That row's index label is 30." in err.value.__notes__


@pytest.mark.filterwarnings("ignore:nazar. the .* baseline rests on")
def test_comments_without_a_sales_row_are_a_warning():
    comments = pd.DataFrame({"product_id": [1, 2, 3] * 20, "text": ["good"] * 60})
    sales = pd.DataFrame({"product_id": ["001", "002", "003"], "sales": [100, 200, 300]})
    with pytest.warns(UserWarning, match="60 of 60 comments .on 3 products. have no row"):
        result = nazar.flag_products(comments, sales)
    assert any("written the same way" in w for w in result.warnings)
    # Without a sales table nothing is missing.
    without = nazar.flag_products(comments)
    assert not any("sales table" in w for w in without.warnings)


@pytest.mark.filterwarnings("ignore:nazar. the .* baseline rests on")
def test_comments_placed_in_a_guessed_period_are_a_warning():
    comments = pd.DataFrame(
        {
            "product_id": ["a", "a", "b"],
            "text": ["good"] * 3,
            "created_at": ["2018-11-25", "", "2018-12-02"],
        }
    )
    sales = pd.DataFrame(
        {
            "product_id": ["a", "a", "b"],
            "sales": [10, 10, 10],
            "period": ["2018-11", "2018-12", "2018-12"],
        }
    )
    with pytest.warns(UserWarning, match="1 comments were placed in their product's earliest"):
        nazar.flag_products(comments, sales)


@pytest.mark.filterwarnings("ignore:nazar. the .* baseline")
def test_answers_keep_the_column_order_and_types_even_when_empty():
    comments = pd.read_csv(FIXTURES / "amazon" / "comments.csv", dtype=str, keep_default_na=False)
    table = pa.Table.from_pandas(comments, preserve_index=False)
    full = nazar.flag_products(table)
    assert full.frame.num_rows == 3
    assert full.frame.column_names == full.columns
    assert list(full.records[0]) == full.columns
    empty = nazar.flag_products(table.slice(0, 50)).frame
    assert empty.num_rows == 0 and empty.schema == full.frame.schema
    assert full.frame.schema.field("sales").type == pa.int64()
    assert full.frame.schema.field("contradiction_q").type == pa.float64()
    assert pa.concat_tables([full.frame, empty]).num_rows == 3
    as_polars = nazar.flag_products(pl.from_arrow(table)).frame
    assert as_polars.schema == nazar.flag_products(pl.from_arrow(table.slice(0, 50))).frame.schema
    assert as_polars.schema["comment_q"] == pl.Float64
    as_pandas = nazar.flag_products(comments).frame
    empty_pandas = nazar.flag_products(comments.iloc[:50]).frame
    assert list(as_pandas.dtypes) == list(empty_pandas.dtypes)
    assert str(as_pandas.dtypes["sales"]) == "Int64" and as_pandas["sales"].isna().all()
    assert str(pd.concat([as_pandas, empty_pandas]).dtypes["comments"]) == "Int64"


def ordinary(n_products: int, per_product: int = 5) -> list[dict]:
    """Comments of ordinary products: one in twenty says the item is fake."""
    return [
        {
            "product_id": f"p{p}",
            "text": "تقلبی بود" if (p * per_product + i) % 20 == 0 else "ok",
            "comment_id": f"{p}-{i}",
        }
        for p in range(n_products)
        for i in range(per_product)
    ]


def test_mission_scenarios_on_synthetic_frames():
    rows = ordinary(300)
    sales = [{"product_id": f"p{p}", "sales": 100, "category": "fans"} for p in range(300)]
    sales.append({"product_id": "hot", "sales": 10, "category": "fans"})
    rows += [{"product_id": "hot", "text": "خیلی بد بود", "comment_id": f"h{i}"} for i in range(5)]
    sales.append({"product_id": "fake", "sales": 100, "category": "fans"})
    rows += [{"product_id": "fake", "text": "تقلبی بود", "comment_id": f"f{i}"} for i in range(4)]
    result = nazar.flag_products(pd.DataFrame(rows), pd.DataFrame(sales))
    flags = dict(zip(result.frame["product_id"], result.frame["flags"], strict=True))
    assert flags["hot"] == "high_comment_rate"
    assert "contradiction" in flags["fake"]
    assert set(flags) == {"hot", "fake"}
    assert "<svg" in result.html()
    # In a notebook the whole page goes into a sandboxed frame, so that its
    # style and script stay out of the notebook's own page.
    shown = result._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in shown
    assert "<style>" not in shown and "<svg" not in shown
    page = html.unescape(re.search(r'srcdoc="([^"]*)"', shown).group(1))
    assert page == result.html()


def test_a_baseline_on_a_handful_of_products_is_a_warning():
    rows = ordinary(10, per_product=4)
    with pytest.warns(UserWarning, match="rests on 10 products with comments") as caught:
        result = nazar.flag_products(pd.DataFrame(rows))
    assert caught[0].filename == __file__
    assert len(result.warnings) == 1 and "fewer than 30" in result.warnings[0]
    assert "contradiction-rate baseline rests on 10 products" in result.html()
    assert nazar.flag_products(pd.DataFrame(ordinary(40))).warnings == []


def test_report_escapes_comment_text():
    rows = ordinary(100)
    rows += [
        {"product_id": "x", "text": '<script>alert(1)</script> "><img src=x onerror=alert(1)> fake'}
        for _ in range(4)
    ]
    html = nazar.flag_products(pd.DataFrame(rows)).html()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_funnel_plot_draws_and_labels():
    comments = pd.read_csv(FIXTURES / "olist" / "comments.csv", dtype=str, keep_default_na=False)
    sales = pd.read_csv(FIXTURES / "olist" / "sales.csv", dtype=str, keep_default_na=False)
    result = nazar.flag_products(comments, sales, all=True)
    from nazar import plot

    ax = plot.funnel(result)
    assert ax.get_xscale() == "log"
    assert len(ax.collections) >= 2
    # As the README calls it, on a result of flagged products only: every
    # product with sales is still drawn.
    flagged_only = nazar.flag_products(comments, sales)
    assert len(flagged_only.frame) == 0
    ax = plot.funnel(flagged_only)
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == sum(1 for r in result.records if float(r["sales"] or 0) > 0), drawn


def test_only_the_columns_read_are_written_and_evidence_names_rows_from_1():
    texts = ["great"] * 200 + ["it is fake", "great", "counterfeit, fake", "fake!", "no, fake"]
    df = pd.DataFrame({"product_id": [f"q{i // 2}" for i in range(200)] + ["bad"] * 5})
    df["text"] = texts
    df["tags"] = [[1, 2]] * len(df)  # nested: no CSV holds it, and it is not read
    fakes = ["it is fake", "counterfeit, fake", "fake!", "no, fake"]
    for frame in (df, pl.from_pandas(df), pa.Table.from_pandas(df, preserve_index=False)):
        first = nazar.flag_products(frame).records[0]
        assert first["product_id"] == "bad"
        # No comment_id: rows counted from 1, as the CLI and errors count them.
        assert [texts[int(i) - 1] for i in first["evidence"].split(";")] == fakes
    # The caller's own ids, here the index labels, come back as given.
    labelled = df.set_index(pd.Index([f"c{i}" for i in range(len(df))]))
    first = nazar.flag_products(labelled.assign(comment_id=labelled.index)).records[0]
    assert labelled.loc[first["evidence"].split(";"), "text"].tolist() == fakes
    # Columns are found as the reader finds them: any case, spaces trimmed;
    # optional ones too (a dropped `Comment_ID` would renumber the evidence).
    renamed = labelled.assign(comment_id=labelled.index).rename(
        columns={"product_id": "Product_ID", "text": " Text ", "comment_id": "Comment_ID"}
    )
    for frame in (renamed, pl.from_pandas(renamed), pa.Table.from_pandas(renamed)):
        first = nazar.flag_products(frame).records[0]
        assert labelled.loc[first["evidence"].split(";"), "text"].tolist() == fakes
    # A column twice is the reader's error, naming both, whatever the kind.
    twice = pd.DataFrame([["a", "x", "y"]], columns=["product_id", "text", "Text"])
    for frame in (twice, pa.Table.from_pandas(twice)):
        with pytest.raises(nazar.InputError, match=r"`text` appears twice \(columns 2 and 3\)"):
            nazar.flag_products(frame)
    with pytest.raises(TypeError, match=r"polars LazyFrame \(call \.collect\(\) first\)"):
        nazar.flag_products(pl.from_pandas(df).lazy())
    with pytest.raises(TypeError, match="comments: .* got pandas Series"):
        nazar.flag_products(df["text"])
    with pytest.raises(TypeError, match="sales: .* got pyarrow ChunkedArray"):
        nazar.flag_products(df, pa.chunked_array([["x"]]))
