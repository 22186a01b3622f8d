"""The Python tagger: answers, offsets, errors, pickling, threads."""

import pickle
import threading

import nazar
import pytest


def test_tag_offsets_point_at_the_evidence_as_written():
    text = "كتاب ها خيلي عالیه 😍 ولی تقلبی بود"
    tags = nazar.tag(text)
    assert tags.lang == "fa"
    evidence = {m["category"]: text[m["start"] : m["end"]] for m in tags.matches}
    assert evidence["authenticity"] == "تقلبی"
    assert tags.contradiction
    for m in tags.matches:
        assert text[m["start"] : m["end"]]


def test_negation_and_labels():
    assert nazar.tag("não recomendo").label == "negative"
    assert nazar.tag("not bad at all", lang="en").label == "positive"
    m = nazar.tag("خوب نبود").matches[0]
    assert m["negated"] and m["polarity"] == "negative"


def test_a_negated_as_described_is_a_contradiction():
    tags = nazar.tag("It is not exactly as advertised", lang="en")
    assert tags.contradiction
    [m] = tags.matches
    assert (m["category"], m["negated"], m["term"]) == (
        "not_as_described",
        False,
        "exactly as advertised",
    )
    cats = {c["name"]: c for c in nazar.Lexicon.default().categories()}
    assert cats["as_described"]["when_negated"] == "not_as_described"
    assert cats["authenticity"]["when_negated"] is None
    assert cats["wrong_or_missing_item"]["when_pending"] == "delivery_late"
    assert cats["authenticity"]["when_pending"] is None
    bad = {
        "category": [
            {
                "name": "praise",
                "polarity": "positive",
                "when_negated": "complaint",
                "terms": {"en": ["nice"]},
            }
        ]
    }
    with pytest.raises(nazar.LexiconError, match="complaint"):
        nazar.Lexicon.from_dict(bad)


def test_a_dict_lexicon_error_quotes_the_entry_not_a_line_of_toml():
    bad = {"category": [{"name": "a", "polarity": "negative", "terms": {"en": ["x", ""]}}]}
    with pytest.raises(nazar.LexiconError) as err:
        nazar.Lexicon.from_dict(bad)
    message = str(err.value)
    assert message.startswith('<dict>: empty entry in terms.en of category "a"'), message
    assert '(at `en = ["x", ""]` in the dict)' in message and "line" not in message
    with pytest.raises(nazar.LexiconError, match=r"at `polarity = \"bad\"` in the dict"):
        nazar.Lexicon.from_dict({"category": [{"name": "a", "polarity": "bad"}]})
    # A long list is quoted short.
    terms = {"en": ["x"] * 5000 + [""]}
    many = {"category": [{"name": "a", "polarity": "negative", "terms": terms}]}
    with pytest.raises(nazar.LexiconError) as err:
        nazar.Lexicon.from_dict(many)
    assert len(str(err.value)) < 300 and "…` in the dict" in str(err.value)


def test_categories_go_back_into_from_dict():
    default = nazar.Lexicon.default()
    # `when_negated: None` and the like mean "absent", as in a file.
    again = nazar.Lexicon.from_dict({"category": default.categories()})
    assert again.categories() == default.categories()
    # The whole lexicon, negation words and ignored phrases included.
    whole = default.to_dict()
    assert set(whole) == {"negation", "category", "ignore"}
    assert whole["category"][0]["name"] == default.category_names[0]
    rebuilt = nazar.Lexicon.from_dict(whole)
    assert len(rebuilt) == len(default) and rebuilt.to_dict() == whole
    texts = ["não é original", "not good at all", "خوب نبود", "best by June", "ok"]
    tags = [t.to_dict() for t in nazar.Tagger(rebuilt).tag_batch(texts)]
    assert tags == [t.to_dict() for t in nazar.Tagger().tag_batch(texts)]
    hole = {"category": [{"name": "a", "polarity": "negative", "terms": {"en": ["x", None]}}]}
    with pytest.raises(nazar.LexiconError, match=r"data\.category\[0\]\.terms\.en\[1\]: None"):
        nazar.Lexicon.from_dict(hole)


def test_batch_keeps_order_and_matches_single_calls():
    texts = ["good", "", "péssimo", "عالیه", "not good"] * 50
    tagger = nazar.Tagger()
    batch = tagger.tag_batch(texts)
    assert [t.to_dict() for t in batch] == [tagger.tag(t).to_dict() for t in texts]
    assert [t.text for t in batch] == texts
    assert [t.to_dict() for t in tagger.tag_batch(texts, n_threads=1)] == [
        t.to_dict() for t in batch
    ]


def test_a_thread_count_of_nothing_is_an_error_not_every_core(monkeypatch):
    tagger = nazar.Tagger()
    with pytest.raises(ValueError, match="n_threads: expected a positive number"):
        tagger.tag_batch(["good"], n_threads=0)
    for bad in ("abc", "0", "-2"):
        monkeypatch.setenv("NAZAR_NUM_THREADS", bad)
        with pytest.raises(ValueError, match="NAZAR_NUM_THREADS"):
            nazar.Normalizer().normalize_batch(["ok"])
    for fine in (" 2 ", ""):  # empty is unset
        monkeypatch.setenv("NAZAR_NUM_THREADS", fine)
        assert nazar.Normalizer().normalize_batch(["ok"]) == ["ok"]
    # An explicit n_threads wins over the variable.
    monkeypatch.setenv("NAZAR_NUM_THREADS", "abc")
    assert tagger.tag_batch(["good"], n_threads=1)[0].label == "positive"


def test_custom_lexicon_from_toml_and_dict():
    toml = '[[category]]\nname = "smell"\npolarity = "negative"\nterms.en = ["smells"]\n'
    lex = nazar.Lexicon.from_toml(toml)
    assert lex.category_names == ["smell"]
    tags = nazar.Tagger(lex, lang="en").tag("it smells")
    assert [m["category"] for m in tags.matches] == ["smell"]
    data = {"category": [{"name": "smell", "polarity": "negative", "terms": {"en": ["smells"]}}]}
    assert nazar.Lexicon.from_dict(data).category_names == ["smell"]
    with_defaults = nazar.Lexicon.from_toml(toml, defaults=True)
    assert "authenticity" in with_defaults.category_names


def test_ignored_phrases_switch_off_matches_and_travel_with_the_lexicon():
    toml = '[ignore]\nen = ["sucks", "good grief"]\n'
    lex = nazar.Lexicon.from_toml(toml, defaults=True)
    tagger = nazar.Tagger(lex, lang="en")
    assert [m["term"] for m in tagger.tag("good grief, it sucks but tastes good").matches] == [
        "tastes good"
    ]
    assert nazar.tag("it sucks", lang="en").label == "negative"
    again = pickle.loads(pickle.dumps(tagger))
    assert again.tag("it sucks").matches == []
    data = {"ignore": {"en": ["sucks"]}}
    from_dict = nazar.Tagger(nazar.Lexicon.from_dict(data, defaults=True), lang="en")
    assert from_dict.tag("it sucks").matches == []


@pytest.mark.parametrize(
    "bad",
    [
        '[[category]]\nname = "x"\npolarity = "sideways"\nterms.en = ["a"]\n',
        '[[category]]\nname = "x"\npolarity = "negative"\nterms.en = [""]\n',
        '[[category]]\nname = "x"\npolarity = "negative"\npatterns.en = ["(unclosed"]\n',
        "not toml at all [",
        '[ignore]\nen = ["x", ""]\n',
    ],
)
def test_bad_lexicons_raise_lexicon_error_naming_the_line(bad):
    with pytest.raises(nazar.LexiconError, match="line"):
        nazar.Lexicon.from_toml(bad, name="mine.toml")
    with pytest.raises(ValueError):
        nazar.Lexicon.from_toml(bad)


def test_missing_lexicon_file_is_an_os_error_naming_it(tmp_path):
    with pytest.raises(FileNotFoundError) as err:
        nazar.Lexicon.from_file(tmp_path / "missing.toml")
    assert err.value.filename == str(tmp_path / "missing.toml")
    assert err.value.errno == 2


def test_pickle_round_trips():
    toml = '[[category]]\nname = "smell"\npolarity = "negative"\nterms.en = ["smells"]\n'
    tagger = nazar.Tagger(nazar.Lexicon.from_toml(toml, defaults=True), lang="en")
    again = pickle.loads(pickle.dumps(tagger))
    assert again.tag("it smells, not good").to_dict() == tagger.tag("it smells, not good").to_dict()
    n = nazar.Normalizer(digits="persian")
    assert pickle.loads(pickle.dumps(n)).normalize("123") == "۱۲۳"
    err = pickle.loads(pickle.dumps(nazar.InputError("row 3")))
    assert isinstance(err, nazar.InputError) and str(err) == "row 3"


def test_threads_share_one_tagger():
    tagger = nazar.Tagger()
    texts = ["não chegou", "خوب نبود", "great value", "veio quebrado"] * 100
    expected = [t.to_dict() for t in tagger.tag_batch(texts)]
    results: list[list[dict]] = []

    def work():
        results.append([t.to_dict() for t in tagger.tag_batch(texts)])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_html_escapes_comment_text():
    html = nazar.tag('<script>alert(1)</script> "><img src=x onerror=alert(1)> fake')._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert "<mark" in html


def test_wrong_argument_types_raise_type_error():
    with pytest.raises(TypeError):
        nazar.tag(42)
    with pytest.raises(TypeError):
        nazar.Tagger().tag_batch("not a list")
    with pytest.raises(TypeError, match=r"texts\[1\] is int"):
        nazar.Tagger().tag_batch(["a", 2])


def test_tags_pickle_with_their_text():
    import pickle

    tags = nazar.tag("Não recomendo, é falsificado")
    again = pickle.loads(pickle.dumps(tags))
    assert again.to_dict() == tags.to_dict() and again.text == tags.text
    assert again._repr_html_() == tags._repr_html_() and again.contradiction
    # A state whose match lies outside the text is refused, not rendered.
    restore, (text, state) = tags.__reduce__()
    with pytest.raises(ValueError, match="outside the text"):
        restore(text[:5], state)
