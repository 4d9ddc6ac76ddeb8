"""Dates in every site language: day before month, 24-hour clock, no French word in them."""

import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.forms import DateField
from django.utils import formats, translation

MAY_11 = datetime(2026, 5, 11, 21, 5)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_short_dates_put_the_day_before_the_month_in_every_language(language):
    with translation.override(language):
        short = formats.date_format(MAY_11, "SHORT_DATE_FORMAT")
        short_time = formats.date_format(MAY_11, "SHORT_DATETIME_FORMAT")
        long = formats.date_format(MAY_11, "DATETIME_FORMAT")
    numbers = re.findall(r"\d+", short)
    # Day, month, year (or a month name: "11 May 2026"), or year, month, day (Dari: 2026/5/11).
    assert numbers in (["11", "05", "2026"], ["11", "2026"], ["2026", "5", "11"]), short
    assert re.findall(r"\d+", short_time)[: len(numbers)] == numbers, short_time
    assert "21" in short_time and "21" in long, (short_time, long)  # 24-hour clock
    if language != "fr":
        for french in ("mai", "soir", "matin", "p.m."):
            assert french not in long and french not in short_time, (language, long)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_typed_date_is_never_read_month_first(language):
    with translation.override(language):
        field = DateField()
        assert field.clean("2026-05-11") == date(2026, 5, 11)
        try:
            typed = field.clean("05/11/2026")
        except Exception:  # noqa: BLE001 (refused is fine: not misread)
            return
    assert typed == date(2026, 11, 5), language
