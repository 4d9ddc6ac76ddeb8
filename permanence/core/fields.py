"""Model fields whose values are encrypted at rest (see ``permanence.core.lib.crypto``).

The column holds a ``pm1$kid$...`` token in a text column; the Python value is the plaintext.
Each field encrypts with a ``purpose`` (associated data), by default ``"<app>.<model>.<field>"``
(for example ``"cases.person.name"``), so a token copied into another column does not decrypt.

Because the purpose is derived from the model label, renaming a model, its app label or the field
makes existing values undecryptable: when renaming, pass the old value as ``purpose=`` explicitly.

Ciphertexts are random, so the database cannot compare them: only ``isnull`` (and ``=None``)
filters are allowed; to find rows by value, store a ``blind_index`` in a separate column.
Ordering by an encrypted column is meaningless. ``dumpdata`` exports plaintext.
"""

import datetime
import functools
import json
from typing import Any

from django import forms
from django.core import checks
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models.lookups import Lookup
from django.utils import timezone
from django.utils.dateparse import parse_date

from permanence.core.lib.crypto import CryptoError, decrypt_text, encrypt_text

__all__ = [
    "EncryptedDateField",
    "EncryptedField",
    "EncryptedJSONField",
    "EncryptedTextField",
]


def _refusal(field: models.Field, lookup_name: str) -> str:
    return (
        f"Cannot filter on {_label(field)} with '{lookup_name}': encrypted fields cannot be "
        "filtered: use a blind index."
    )


def _label(field: models.Field) -> str:
    model = getattr(field, "model", None)
    if model is None:
        return field.name or type(field).__name__
    return f"{model._meta.label}.{field.name}"


class _RefusedLookup(Lookup):
    """Stands in for every lookup but ``isnull``: comparing ciphertexts would silently fail.

    ``field=None`` is let through because Django rewrites it as ``field__isnull=True``.
    """

    prepare_rhs = False

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if self.lookup_name == "exact" and rhs is None:
            super().__init__(lhs, rhs)
            return
        raise FieldError(_refusal(lhs.output_field, self.lookup_name))


@functools.cache
def _refused_lookup(lookup_name: str) -> type[Lookup]:
    return type(f"Refused_{lookup_name}", (_RefusedLookup,), {"lookup_name": lookup_name})


class EncryptedField(models.Field):
    """Base of the encrypted fields: a text column holding a token; subclasses (de)serialise."""

    def __init__(self, *args: Any, purpose: str | None = None, **kwargs: Any) -> None:
        if purpose is not None and (not isinstance(purpose, str) or not purpose):
            raise TypeError("purpose must be a non-empty string.")
        self._explicit_purpose = purpose
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "TextField"

    def contribute_to_class(self, cls: type[models.Model], name: str, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, **kwargs)
        if self._explicit_purpose is None:
            self.purpose = f"{cls._meta.label_lower}.{self.name}"

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if self._explicit_purpose is not None:
            kwargs["purpose"] = self._explicit_purpose
        return name, path, args, kwargs

    # Hooks of subclasses: Python value <-> plaintext (not "serialize": a Field attribute).

    def to_plaintext(self, value: Any) -> str:
        raise NotImplementedError

    def from_plaintext(self, text: str) -> Any:
        raise NotImplementedError

    # Database round trip.

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(super().get_prep_value(value))
        if value is None:
            return None
        return encrypt_text(self.to_plaintext(value), purpose=self._purpose())

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        try:
            text = decrypt_text(value, purpose=self._purpose())
        except CryptoError as exc:
            exc.add_note(f"while decrypting {_label(self)}")
            raise
        return self.from_plaintext(text)

    def _purpose(self) -> str:
        if self.purpose is None:
            raise TypeError(f"{type(self).__name__} used before being added to a model.")
        return self.purpose

    # Queries: no comparison on ciphertexts.

    def get_lookup(self, lookup_name: str) -> type[Lookup] | None:
        found = super().get_lookup(lookup_name)
        if found is None or lookup_name == "isnull":
            return found
        return _refused_lookup(lookup_name)

    # System checks.

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *self._check_not_indexed()]

    def _check_not_indexed(self) -> list[checks.CheckMessage]:
        options = {
            "primary_key": self.primary_key,
            "unique": self.unique,
            "db_index": self.db_index,
        }
        return [
            checks.Error(
                f"{type(self).__name__} cannot use {option}=True: ciphertexts are random, so the "
                "database cannot compare them.",
                hint="Put a blind index (permanence.core.lib.crypto.blind_index) in another "
                "column and index that instead.",
                obj=self,
                id="core.E901",
            )
            for option, enabled in options.items()
            if enabled
        ]


class EncryptedTextField(EncryptedField, models.TextField):
    """Encrypted text; Python value ``str | None``. ``""`` is encrypted too; None stays NULL."""

    description = "Encrypted text"

    def to_plaintext(self, value: str) -> str:
        return value

    def from_plaintext(self, text: str) -> str:
        return text


class EncryptedDateField(EncryptedField):
    """Encrypted date (ISO text in a text column); Python value ``datetime.date | None``."""

    description = "Encrypted date"
    empty_strings_allowed = False
    default_error_messages = models.DateField.default_error_messages

    def to_python(self, value: Any) -> datetime.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value, timezone.get_default_timezone())
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            parsed = parse_date(str(value))
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid_date"], code="invalid_date", params={"value": value}
            ) from None
        if parsed is None:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            )
        return parsed

    def to_plaintext(self, value: datetime.date) -> str:
        return value.isoformat()

    def from_plaintext(self, text: str) -> datetime.date:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{_label(self)}: the decrypted value is not an ISO date.") from None

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": forms.DateField, **kwargs})


class EncryptedJSONField(EncryptedField):
    """Encrypted JSON (lists of spellings, identifiers...); Python None is SQL NULL."""

    description = "Encrypted JSON"
    empty_strings_allowed = False

    def to_plaintext(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def from_plaintext(self, text: str) -> Any:
        return json.loads(text)

    def value_to_string(self, obj: models.Model) -> Any:
        return self.value_from_object(obj)

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})
