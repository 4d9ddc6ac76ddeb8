"""Phone numbers: French by default, E.164 for links (tel:, sms:, WhatsApp, Signal)."""

import phonenumbers


def to_e164(text: str, region: str = "FR") -> str | None:
    """'07 45 29 68 08' → '+33745296808'; None when it is not a valid number."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_short_code(text: str) -> bool:
    """French short numbers such as 115 or 3919."""
    digits = text.replace(" ", "")
    return digits.isdigit() and 3 <= len(digits) <= 4
