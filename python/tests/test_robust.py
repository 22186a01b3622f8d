"""Hostile input never takes the interpreter down; forked children work."""

import multiprocessing as mp
import subprocess
import sys
import textwrap

import nazar
import pyarrow as pa

# Built in the child process (as source), so the script stays small.
HOSTILE = """[
    "\\u200c" * 1000 + "\u0640" * 1000 + "\\u064e" * 1000,
    "a" + "\\u0301" * 20000,
    "\\u202e" + "fake" * 1000 + "\\u202c",
    "\\ud7ff\\ue000\\uffff\\U0010ffff" * 100,
    "\\U0001f1ee\\U0001f1f7" * 500 + "\\u200d" * 500,
    "\u062e\u0648\u0628 " * 50000,
    "",
    "<script>alert(1)</script>",
    "\\x00\\x01\\x02" * 100,
]"""


def test_hostile_inputs_in_a_subprocess_exit_normally():
    script = textwrap.dedent(
        """
        import nazar, pyarrow as pa, pandas as pd
        texts = HOSTILE_TEXTS
        tagger = nazar.Tagger()
        for t in texts:
            nazar.normalize(t)
            nazar.tag(t).to_dict()
        tagger.tag_batch(texts)
        tagger.tag_batch(pa.array(texts))
        tagger.tag_matches(pd.Series(texts))
        bad_lexicons = [
            '[[category]]',
            'x = [',
            '\\x00',
            '[[category]]\\nname="a"\\npolarity="negative"\\npatterns.en=["(a+)+$"]',
        ]
        for bad in bad_lexicons:
            try:
                nazar.Lexicon.from_toml(bad)
            except nazar.LexiconError:
                pass
        for bad in [b'\\xff\\xfe', b'product_id\\n', b'']:
            try:
                nazar._nazar._flag_csv(bad)
            except (nazar.InputError, ValueError):
                pass
        print("survived")
        """
    ).replace("HOSTILE_TEXTS", HOSTILE)
    result = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "survived" in result.stdout


def test_catastrophic_regex_is_linear_not_a_hang():
    lex = nazar.Lexicon.from_toml(
        '[[category]]\nname = "a"\npolarity = "negative"\npatterns.en = ["(a+)+$"]\n'
    )
    tags = nazar.Tagger(lex, lang="en").tag("b" + "a" * 100_000)
    assert tags.label == "negative"


def _tag_in_child(texts):
    return [t.label for t in nazar.Tagger().tag_batch(texts)]


def test_batch_calls_work_in_forked_children():
    texts = ["não chegou", "good", "خوب نبود"] * 20
    expected = _tag_in_child(texts)
    nazar.Tagger().tag_batch(texts)  # start rayon's pool in the parent first
    ctx = mp.get_context("fork")
    with ctx.Pool(2) as pool:
        results = pool.map(_tag_in_child, [texts, texts])
    assert results == [expected, expected]


def test_large_arrow_batch_keeps_order():
    texts = [f"{i} خوب نبود" if i % 2 else f"{i} good" for i in range(20_000)]
    table = nazar.Tagger().tag_batch(pa.array(texts))
    labels = table.column("label").to_pylist()
    assert labels[0] == "positive" and labels[1] == "negative"
    assert labels == ["negative" if i % 2 else "positive" for i in range(20_000)]
