"""Tests of ``manage.py rotate_keys``: re-encrypting columns and private files with a new key."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from permanence.core.lib import crypto
from permanence.core.storage import private_storage
from permanence.core.tests.test_crypto import (
    INDEX_KEY,
    KEY_A,
    KEY_B,
    raw_value,
    write_raw_value,
)
from permanence.core.tests.testapp.models import Document, Person

pytestmark = pytest.mark.django_db

ENCRYPTED_PERSON_FIELDS = ["name", "notes", "birth_date", "spellings"]
PEOPLE = [
    ("Amina Benali", "Arrivée en 2019", datetime.date(1990, 5, 17), ["Amina", "أمينة"]),
    ("Дмитрий Кузнецов", None, None, []),
    ("Zoë 👩🏽‍⚖️", "", datetime.date(2001, 1, 2), ["Zoe"]),
]
FILES = {"passeport.pdf": b"%PDF passport of Amina", "titre-sejour.jpg": b"\xff\xd8 permit"}


@pytest.fixture(autouse=True)
def encryption_settings(settings, tmp_path):
    settings.PERMANENCE_DATA_KEYS = {"ka": KEY_A}
    settings.PERMANENCE_INDEX_KEY = INDEX_KEY
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings


@pytest.fixture
def data_under_key_a():
    """People and documents encrypted with key "ka"; returns their expected plaintexts."""
    people = {}
    for name, notes, birth_date, spellings in PEOPLE:
        person = Person.objects.create(
            name=name, notes=notes, birth_date=birth_date, spellings=spellings
        )
        people[person.pk] = (name, notes, birth_date, spellings)
    documents = {}
    for title, content in FILES.items():
        document = Document(title=title)
        document.file.save(title, ContentFile(content), save=True)
        documents[document.pk] = (title, content)
    return people, documents


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def raw_key_ids() -> set[str]:
    """Key ids of every stored token and file (NULL columns have none)."""
    key_ids = set()
    for pk in Person.objects.values_list("pk", flat=True):
        for field_name in ENCRYPTED_PERSON_FIELDS:
            raw = raw_value(Person, field_name, pk)
            if raw is not None:
                key_ids.add(crypto.key_id_of(raw))
    for pk, name in Document.objects.values_list("pk", "file"):
        key_ids.add(crypto.key_id_of(raw_value(Document, "title", pk)))
        key_ids.add(crypto.key_id_of(Path(private_storage.path(name)).read_bytes()))
    return key_ids


def assert_readable(people: dict, documents: dict) -> None:
    for person in Person.objects.all():
        fields = (person.name, person.notes, person.birth_date, person.spellings)
        assert fields == people[person.pk]
    for document in Document.objects.all():
        title, content = documents[document.pk]
        assert document.title == title
        with document.file.open("rb") as stored:
            assert stored.read() == content


def test_rotation_reencrypts_everything_with_the_new_key(settings, data_under_key_a):
    people, documents = data_under_key_a
    assert raw_key_ids() == {"ka"}
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}

    output = rotate()

    assert raw_key_ids() == {"kb"}
    assert "core_testapp.person.name: 3 re-encrypted of 3" in output
    assert "core_testapp.person.notes: 2 re-encrypted of 2" in output  # one is NULL
    assert "core_testapp.person.birth_date: 2 re-encrypted of 2" in output
    assert "core_testapp.person.spellings: 3 re-encrypted of 3" in output
    assert "core_testapp.document.title: 2 re-encrypted of 2" in output
    assert "core_testapp.document.file: 2 re-encrypted of 2 files" in output
    assert "Total: 12 value(s) and 2 file(s) re-encrypted with key 'kb'." in output
    # The old key can now go: everything still decrypts.
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B}
    assert_readable(people, documents)
    assert Person.objects.filter(notes__isnull=True).count() == 1


def test_rotation_is_idempotent(settings, data_under_key_a):
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}
    rotate()
    tokens = {pk: raw_value(Person, "name", pk) for pk in data_under_key_a[0]}
    blobs = {name: Path(private_storage.path(name)).read_bytes() for name in _file_names()}

    output = rotate()

    assert "core_testapp.person.name: 0 re-encrypted of 3" in output
    assert "core_testapp.document.file: 0 re-encrypted of 2 files" in output
    assert "Total: 0 value(s) and 0 file(s) re-encrypted" in output
    assert {pk: raw_value(Person, "name", pk) for pk in tokens} == tokens
    assert {n: Path(private_storage.path(n)).read_bytes() for n in blobs} == blobs


def test_dry_run_only_counts(settings, data_under_key_a):
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}

    output = rotate("--dry-run")

    assert "core_testapp.person.name: 3 to re-encrypt of 3" in output
    assert "core_testapp.document.file: 2 to re-encrypt of 2 files" in output
    assert "Total: 12 value(s) and 2 file(s) would be re-encrypted with key 'kb'." in output
    assert raw_key_ids() == {"ka"}


def test_new_data_is_left_alone(settings, data_under_key_a):
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}
    Person.objects.create(name="Nouvelle personne", spellings=[])

    output = rotate("--batch-size", "2")

    assert "core_testapp.person.name: 3 re-encrypted of 4" in output
    assert raw_key_ids() == {"kb"}


def test_missing_old_key_stops_with_a_clear_message(settings, data_under_key_a):
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B}
    for args in [(), ("--dry-run",)]:
        with pytest.raises(CommandError) as raised:
            rotate(*args)
        message = str(raised.value)
        assert message.startswith("core_testapp.person.name (pk=")
        assert (
            "Data key id 'ka' is not in PERMANENCE_DATA_KEYS: "
            "was a key removed before rotate_keys ran?"
        ) in message
    assert raw_key_ids() == {"ka"}


def test_wrong_old_key_stops_without_writing(settings, data_under_key_a):
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_B}
    with pytest.raises(CommandError, match="cannot decrypt: wrong key or altered data"):
        rotate()
    assert raw_key_ids() == {"ka"}


def test_plaintext_in_an_encrypted_column_is_reported(settings, data_under_key_a):
    pk = next(iter(data_under_key_a[0]))
    write_raw_value(Person, "notes", pk, "not encrypted")
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}
    with pytest.raises(CommandError, match=rf"core_testapp.person.notes \(pk={pk}\)"):
        rotate()


def test_missing_files_are_counted(settings, data_under_key_a):
    name = _file_names()[0]
    Path(private_storage.path(name)).unlink()
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}
    out, err = io.StringIO(), io.StringIO()

    call_command("rotate_keys", stdout=out, stderr=err)

    assert "core_testapp.document.file: 1 re-encrypted of 2 files" in out.getvalue()
    assert "core_testapp.document.file: 1 file(s) missing on disk" in err.getvalue()


def test_batch_size_must_be_positive():
    with pytest.raises(CommandError, match="--batch-size"):
        rotate("--batch-size", "0")


def _file_names() -> list[str]:
    return list(Document.objects.order_by("pk").values_list("file", flat=True))
