"""Numbers written the French way, whatever the active locale: "6 461", "10,56 %", "34 000 €".

Thousands are separated by a narrow no-break space (U+202F) and the signs % and € follow a
no-break space (U+00A0), so that a figure never breaks across lines.
"""

from decimal import ROUND_HALF_UP, Decimal

THOUSANDS = "\u202f"
NBSP = "\u00a0"

ORDINALS = [
    "première",
    "deuxième",
    "troisième",
    "quatrième",
    "cinquième",
    "sixième",
    "septième",
    "huitième",
    "neuvième",
    "dixième",
]


def _round(value, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def number(value, places: int = 0) -> str:
    """6461 → '6 461'; number(1234.5, 2) → '1 234,50'."""
    rounded = _round(value, places)
    sign = "-" if rounded < 0 else ""
    whole, _dot, fraction = f"{abs(rounded):.{places}f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + THOUSANDS.join(groups)
    return f"{text},{fraction}" if fraction else text


def percent(share: float, places: int = 0) -> str:
    """0.105556 → '11 %'; percent(0.105556, 2) → '10,56 %' (``share`` is a fraction of 1)."""
    return f"{number(share * 100, places)}{NBSP}%"


def euros(amount) -> str:
    """34000 → '34 000 €'; cents are shown only when there are some."""
    places = 0 if _round(amount, 2) == _round(amount, 0) else 2
    return f"{number(amount, places)}{NBSP}€"


def ordinal_feminine(rank: int) -> str:
    """3 → 'troisième', 12 → '12e'."""
    return ORDINALS[rank - 1] if 1 <= rank <= len(ORDINALS) else f"{rank}e"


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
