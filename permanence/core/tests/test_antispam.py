"""The anti-robot pieces shared by the public forms (requests inbox, booking)."""

import time

from django.core.cache import cache

from permanence.core.lib import antispam


def test_a_stamp_gives_the_age_of_the_form_and_a_forged_one_gives_none():
    token = antispam.stamp(salt="test.form", at=time.time() - 30)
    assert 29 < antispam.age(token, salt="test.form") < 60
    assert antispam.age(token, salt="another.form") is None  # not reusable by another form
    assert antispam.age(token[:-2] + "xx", salt="test.form") is None
    for missing in ("", None, "not a token"):
        assert antispam.age(missing, salt="test.form") is None


def test_the_counter_key_never_holds_the_address_and_counts_per_address():
    cache.clear()
    key = antispam.address_key("203.0.113.7", purpose="test")
    assert "203.0.113.7" not in key and key.startswith("antispam:test:")
    assert key != antispam.address_key("203.0.113.8", purpose="test")
    assert key != antispam.address_key("203.0.113.7", purpose="other")
    assert antispam.hits(key) == 0
    assert [antispam.count(key, window=60) for _ in range(3)] == [1, 2, 3]
    assert antispam.hits(key) == 3
    cache.delete(key)  # the window is over
    assert antispam.count(key, window=60) == 1
