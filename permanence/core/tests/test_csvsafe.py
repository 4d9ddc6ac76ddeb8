import pytest

from permanence.core.lib.csvsafe import cell


@pytest.mark.parametrize(
    "value,shown",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+33 6 12", "'+33 6 12"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        ("-12", "-12"),
        ("+3,5 %", "+3,5 %"),
        ("Séjour", "Séjour"),
        (12, 12),
        ("", ""),
    ],
)
def test_formulas_become_text_and_numbers_stay(value, shown):
    assert cell(value) == shown
