"""The Python normalizer gives the same answers as the Rust one."""

import pickle

import nazar
import pytest


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("مي خواهم", "می\u200cخواهم"),
        ("كتاب ها", "کتاب\u200cها"),
        ("خیلیییی خوب ، ارزان", "خیلی خوب، ارزان"),
        ("۱۲۳", "123"),
        ("It’s   fine", "It's fine"),
        ("", ""),
    ],
)
def test_module_level_normalize(text, want):
    assert nazar.normalize(text) == want


def test_options_and_keys():
    n = nazar.Normalizer(digits="persian")
    assert n.normalize("123") == "۱۲۳"
    keys = {nazar.Normalizer().key(t) for t in ["میخواهم", "می خواهم", "می\u200cخواهم"]}
    assert len(keys) == 1
    full = nazar.Normalizer().normalize_full("vc é mto bom")
    assert full == {"lang": "pt", "display": "vc é mto bom", "key": "voce e muito bom"}


def test_batch_keeps_order():
    texts = [f"كتاب {i}" for i in range(1000)]
    assert nazar.Normalizer().normalize_batch(texts) == [f"کتاب {i}" for i in range(1000)]


def test_bad_options_raise_value_error():
    with pytest.raises(ValueError, match="digits"):
        nazar.Normalizer(digits="roman")
    with pytest.raises(ValueError, match="lang"):
        nazar.Normalizer(lang="de")


def test_version_comes_from_cargo():
    assert nazar.__version__.count(".") == 2


def test_html_is_read_unless_turned_off():
    text = 'Tasty &amp; cheap<br /><br /><a href="http://x.y">jalape&ntilde;os</a>'
    assert nazar.Normalizer().normalize(text) == "Tasty & cheap jalapeños"
    plain = nazar.Normalizer(html=False)
    assert plain.normalize(text) == text
    # The option travels with a pickled normalizer (to Spark workers).
    assert pickle.loads(pickle.dumps(plain)).normalize(text) == text
