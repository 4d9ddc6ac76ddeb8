"""``manage.py rotate_keys [--dry-run]``: re-encrypt everything with the current data key.

Key rotation: put the new key first in PERMANENCE_DATA_KEYS (keeping the old one after it), run
this command, and remove the old key only once a run reports nothing left to re-encrypt.
The command is idempotent and can be interrupted and run again.

It walks every installed model: encrypted columns (EncryptedField subclasses) are re-saved in
batches when their raw token has another key id than the current one, and every FileField on an
EncryptedFileSystemStorage has its files rewritten atomically.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, router, transaction
from django.db.models.functions import Cast

from permanence.core.fields import EncryptedField
from permanence.core.lib import crypto
from permanence.core.storage import EncryptedFileSystemStorage

BATCH_SIZE = 500
_RAW = "rotate_keys_raw_token"


@dataclass(frozen=True, kw_only=True)
class Tally:
    """Outcome for one column: how many values were (or would be) re-encrypted, of how many."""

    label: str
    rotated: int
    total: int
    missing: int = 0


def _label(field: models.Field) -> str:
    return f"{field.model._meta.label_lower}.{field.name}"


def _concrete_models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        if not model._meta.proxy:
            yield model


def encrypted_columns(model: type[models.Model]) -> list[EncryptedField]:
    """Encrypted fields stored in ``model``'s own table (parents' fields belong to parents)."""
    return [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedField)]


def encrypted_file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [
        f
        for f in model._meta.local_concrete_fields
        if isinstance(f, models.FileField) and isinstance(f.storage, EncryptedFileSystemStorage)
    ]


def _check_key_known(key_id: str, *, where: str) -> None:
    if key_id not in crypto.configured_key_ids():
        raise CommandError(f"{where}: {crypto.MissingKeyError(key_id)}")


def rotate_column(field: EncryptedField, *, dry_run: bool, batch_size: int) -> Tally:
    """Re-encrypt the values of ``field`` whose raw token is not under the current key."""
    model = field.model
    database = router.db_for_write(model)
    manager = model._base_manager.db_manager(database)
    raw_tokens = (
        manager.filter(**{f"{field.attname}__isnull": False})
        # Cast to a plain TextField: no from_db_value, so the raw token is read, not decrypted.
        .annotate(**{_RAW: Cast(field.attname, output_field=models.TextField())})
        .order_by("pk")
        .values_list("pk", _RAW)
    )
    current = crypto.current_key_id()
    total, stale = 0, []
    for pk, token in raw_tokens.iterator(chunk_size=batch_size):
        total += 1
        where = f"{_label(field)} (pk={pk!r})"
        try:
            key_id = crypto.key_id_of(token)
        except crypto.InvalidTokenFormat as exc:
            raise CommandError(f"{where}: {exc}") from None
        _check_key_known(key_id, where=where)
        if key_id != current:
            stale.append(pk)
    if not dry_run:
        for start in range(0, len(stale), batch_size):
            _resave(manager, field, pks=stale[start : start + batch_size], database=database)
    return Tally(label=_label(field), rotated=len(stale), total=total)


def _resave(
    manager: models.Manager, field: EncryptedField, *, pks: list[Any], database: str
) -> None:
    """Load the rows (decrypting with the old key) and write them back (current key)."""
    with transaction.atomic(using=database):
        rows = list(manager.select_for_update().filter(pk__in=pks).only(field.name))
        manager.bulk_update(rows, [field.name])


def rotate_files(field: models.FileField, *, dry_run: bool) -> Tally:
    """Re-encrypt the stored files of ``field`` that are not under the current key."""
    model = field.model
    storage: EncryptedFileSystemStorage = field.storage
    names = (
        model._base_manager.db_manager(router.db_for_read(model))
        .exclude(**{f"{field.attname}__isnull": True})
        .exclude(**{field.attname: ""})
        .order_by()
        .values_list(field.attname, flat=True)
        .distinct()
    )
    current = crypto.current_key_id()
    total = rotated = missing = 0
    for name in names.iterator():
        total += 1
        where = f"{_label(field)} ({name})"
        try:
            key_id = storage.key_id_of(name)
            _check_key_known(key_id, where=where)
            if key_id != current:
                rotated += 1
                if not dry_run:
                    storage.reencrypt(name)
        except FileNotFoundError:
            missing += 1
        except crypto.InvalidTokenFormat as exc:
            raise CommandError(f"{where}: {exc}") from None
    return Tally(label=_label(field), rotated=rotated, total=total, missing=missing)


class Command(BaseCommand):
    help = (
        "Re-encrypt encrypted columns and private files with the current data key (the first of "
        "PERMANENCE_DATA_KEYS). Run before removing an old key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be re-encrypted."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows per transaction (default {BATCH_SIZE}).",
        )

    def handle(self, *args: Any, dry_run: bool, batch_size: int, **options: Any) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        current = crypto.current_key_id()
        verb = "to re-encrypt" if dry_run else "re-encrypted"
        values = files = 0
        for model in _concrete_models():
            for field in encrypted_columns(model):
                tally = self._guard(rotate_column, field, dry_run=dry_run, batch_size=batch_size)
                values += tally.rotated
                self.stdout.write(f"{tally.label}: {tally.rotated} {verb} of {tally.total}")
            for field in encrypted_file_fields(model):
                tally = self._guard(rotate_files, field, dry_run=dry_run)
                files += tally.rotated
                self.stdout.write(f"{tally.label}: {tally.rotated} {verb} of {tally.total} files")
                if tally.missing:
                    self.stderr.write(f"{tally.label}: {tally.missing} file(s) missing on disk")
        outcome = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(
            f"Total: {values} value(s) and {files} file(s) {outcome} with key {current!r}."
        )

    @staticmethod
    def _guard(rotate: Callable[..., Tally], field: models.Field, **kwargs: Any) -> Tally:
        """Run ``rotate(field, ...)``, turning a decryption failure into a CommandError."""
        try:
            return rotate(field, **kwargs)
        except crypto.CryptoError as exc:
            raise CommandError(f"{_label(field)}: {exc}") from exc
