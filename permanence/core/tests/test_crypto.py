"""Tests of encryption at rest: crypto primitives, encrypted model fields, encrypted storage."""

import base64
import datetime
import os
import re
import stat
from pathlib import Path

import pytest
from django import forms
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, models
from django.test.utils import isolate_apps
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from permanence.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from permanence.core.lib import crypto
from permanence.core.storage import EncryptedFileSystemStorage, private_storage
from permanence.core.tests.testapp.models import Document, Person

KEY_A = bytes(range(32))
KEY_B = bytes(range(100, 132))
INDEX_KEY = bytes(range(200, 232))
OTHER_INDEX_KEY = bytes(range(1, 33))
PURPOSE = "tests.thing.value"

SAMPLE_TEXTS = [
    "",
    "Amina Benali",
    "أمينة بن علي",
    "Дмитрий Кузнецов",
    "Zoë 👩🏽‍⚖️ 🇫🇷",
    "passport AB123456\nborn in Kabul",
]

STORED_NAME = re.compile(r"[0-9a-f]{2}/[0-9a-f]{32}\.bin")

property_test = hypothesis_settings(database=None, deadline=None, max_examples=60)


@pytest.fixture(autouse=True)
def encryption_settings(settings, tmp_path):
    settings.PERMANENCE_DATA_KEYS = {"ka": KEY_A}
    settings.PERMANENCE_INDEX_KEY = INDEX_KEY
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings


def raw_value(model: type[models.Model], field_name: str, pk: object) -> object:
    """Read a column as stored, bypassing the ORM's decryption."""
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(field.column)
    pk_column = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {pk_column} = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def write_raw_value(model: type[models.Model], field_name: str, pk: object, value: object) -> None:
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    table, column = quote(model._meta.db_table), quote(field.column)
    pk_column = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s",  # noqa: S608
            [value, pk],
        )


def assert_hidden(plaintext: str, stored: str | bytes) -> None:
    """Neither the text nor its UTF-8 encoding appears in what is stored."""
    data = stored.encode("utf-8") if isinstance(stored, str) else stored
    if isinstance(stored, str):
        assert plaintext not in stored
    assert plaintext.encode("utf-8") not in data


def flip_bit(token: str, *, position: int, bit: int) -> str:
    prefix, key_id, payload = token.split("$")
    sealed = bytearray(base64.urlsafe_b64decode(payload))
    sealed[position % len(sealed)] ^= 1 << bit
    return f"{prefix}${key_id}${base64.urlsafe_b64encode(bytes(sealed)).decode('ascii')}"


def key_text(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


# --- Text tokens -------------------------------------------------------------------------------


@property_test
@given(st.text())
@example("")
@example("أمينة بن علي")
@example("Дмитрий")
@example("👩🏽‍⚖️🇫🇷")
def test_text_round_trip(plaintext):
    token = crypto.encrypt_text(plaintext, purpose=PURPOSE)
    assert crypto.decrypt_text(token, purpose=PURPOSE) == plaintext


def test_token_format_is_versioned_ascii_with_key_id():
    token = crypto.encrypt_text("Amina", purpose=PURPOSE)
    assert token.isascii()
    prefix, key_id, payload = token.split("$")
    assert (prefix, key_id) == ("pm1", "ka")
    sealed = base64.urlsafe_b64decode(payload)
    assert len(sealed) == crypto.NONCE_SIZE + len(b"Amina") + crypto.TAG_SIZE
    assert crypto.key_id_of(token) == "ka"


def test_same_plaintext_gives_different_tokens():
    tokens = {crypto.encrypt_text("Amina", purpose=PURPOSE) for _ in range(20)}
    assert len(tokens) == 20


def test_token_decrypts_only_with_its_purpose():
    token = crypto.encrypt_text("Amina", purpose="cases.person.name")
    with pytest.raises(crypto.DecryptionError, match="wrong key or altered data"):
        crypto.decrypt_text(token, purpose="cases.person.notes")


@property_test
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_tampered_token_is_refused(position, bit):
    token = crypto.encrypt_text("Amina Benali", purpose=PURPOSE)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(flip_bit(token, position=position, bit=bit), purpose=PURPOSE)


def test_token_with_swapped_key_id_is_refused(settings):
    settings.PERMANENCE_DATA_KEYS = {"ka": KEY_A, "kb": KEY_B}
    token = crypto.encrypt_text("Amina", purpose=PURPOSE)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(token.replace("$ka$", "$kb$"), purpose=PURPOSE)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "Amina Benali",
        "pm1$ka$",
        "pm2$ka$" + "A" * 40,
        "pm1$bad id$" + "A" * 40,
        "pm1$ka$" + "A" * 20,  # shorter than nonce + tag
        "pm1$ka$AAAA$AAAA",
    ],
)
def test_malformed_tokens_are_refused(token):
    with pytest.raises(crypto.InvalidTokenFormat):
        crypto.decrypt_text(token, purpose=PURPOSE)


def test_non_canonical_base64_is_refused():
    token = crypto.encrypt_text("", purpose=PURPOSE)  # 28 bytes: last base64 group has slack bits
    prefix, key_id, payload = token.split("$")
    last = payload.rstrip("=")[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    sibling = alphabet[alphabet.index(last) ^ 1]  # differs only in a discarded low bit
    altered = payload.rstrip("=")[:-1] + sibling + "=" * payload.count("=")
    assert base64.urlsafe_b64decode(altered) == base64.urlsafe_b64decode(payload)
    with pytest.raises(crypto.InvalidTokenFormat):
        crypto.decrypt_text(f"{prefix}${key_id}${altered}", purpose=PURPOSE)


def test_encrypt_text_refuses_non_text():
    with pytest.raises(TypeError):
        crypto.encrypt_text(b"bytes", purpose=PURPOSE)


@pytest.mark.parametrize("purpose", ["", "with\x00nul"])
def test_purpose_must_be_meaningful(purpose):
    with pytest.raises(ValueError, match="purpose"):
        crypto.encrypt_text("Amina", purpose=purpose)


# --- Binary blobs ------------------------------------------------------------------------------


@property_test
@given(st.binary(max_size=4096))
def test_bytes_round_trip(data):
    blob = crypto.encrypt_bytes(data, purpose="file")
    assert crypto.decrypt_bytes(blob, purpose="file") == data
    assert len(blob) - crypto.blob_overhead(blob[: crypto.BLOB_HEADER_MAX_SIZE]) == len(data)


def test_blob_format():
    blob = crypto.encrypt_bytes(b"%PDF-1.7 passport", purpose="file")
    assert blob.startswith(b"PMF1\x02ka")
    assert crypto.key_id_of(blob) == "ka"
    assert crypto.key_id_of(blob[:7]) == "ka"
    assert b"passport" not in blob


@property_test
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_tampered_blob_is_refused(position, bit):
    blob = bytearray(crypto.encrypt_bytes(b"%PDF-1.7 passport", purpose="file"))
    header_size = 4 + 1 + 2
    index = header_size + position % (len(blob) - header_size)
    blob[index] ^= 1 << bit
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(bytes(blob), purpose="file")


def test_blob_decrypts_only_with_its_purpose():
    blob = crypto.encrypt_bytes(b"data", purpose="file")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob, purpose="other")


@pytest.mark.parametrize(
    "blob",
    [b"", b"PMF1", b"PMF2\x02ka" + bytes(40), b"PMF1\x00" + bytes(40), b"PMF1\x02k!" + bytes(40)],
)
def test_malformed_blobs_are_refused(blob):
    with pytest.raises(crypto.InvalidTokenFormat):
        crypto.decrypt_bytes(blob, purpose="file")


def test_truncated_blob_is_refused():
    blob = crypto.encrypt_bytes(b"data", purpose="file")
    with pytest.raises(crypto.InvalidTokenFormat):
        crypto.decrypt_bytes(blob[:20], purpose="file")


# --- Keys: missing, wrong, rotation ------------------------------------------------------------


def test_missing_key_is_explained(settings):
    token = crypto.encrypt_text("Amina", purpose=PURPOSE)
    blob = crypto.encrypt_bytes(b"data", purpose="file")
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B}
    message = (
        "Data key id 'ka' is not in PERMANENCE_DATA_KEYS: was a key removed before rotate_keys ran?"
    )
    with pytest.raises(crypto.MissingKeyError) as raised:
        crypto.decrypt_text(token, purpose=PURPOSE)
    assert str(raised.value) == message
    with pytest.raises(crypto.MissingKeyError, match=re.escape(message)):
        crypto.decrypt_bytes(blob, purpose="file")


def test_wrong_key_raises_instead_of_returning_garbage(settings):
    token = crypto.encrypt_text("Amina", purpose=PURPOSE)
    blob = crypto.encrypt_bytes(b"data", purpose="file")
    settings.PERMANENCE_DATA_KEYS = {"ka": KEY_B}
    with pytest.raises(crypto.DecryptionError) as raised:
        crypto.decrypt_text(token, purpose=PURPOSE)
    assert str(raised.value) == "cannot decrypt: wrong key or altered data"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_bytes(blob, purpose="file")


def test_first_key_encrypts_and_every_key_decrypts(settings):
    old_token = crypto.encrypt_text("Amina", purpose=PURPOSE)
    old_blob = crypto.encrypt_bytes(b"data", purpose="file")
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}
    new_token = crypto.encrypt_text("Amina", purpose=PURPOSE)
    assert crypto.current_key_id() == "kb"
    assert crypto.configured_key_ids() == ("kb", "ka")
    assert crypto.key_id_of(new_token) == "kb"
    assert crypto.decrypt_text(old_token, purpose=PURPOSE) == "Amina"
    assert crypto.decrypt_bytes(old_blob, purpose="file") == b"data"
    assert crypto.needs_rotation(old_token)
    assert crypto.needs_rotation(old_blob)
    assert not crypto.needs_rotation(new_token)
    assert not crypto.needs_rotation(crypto.encrypt_bytes(b"data", purpose="file"))


@pytest.mark.parametrize(
    "keys", [{}, None, {"ka": KEY_A[:16]}, {"ka": "not bytes"}, {"bad id": KEY_A}]
)
def test_misconfigured_data_keys_fail_loudly(settings, keys):
    settings.PERMANENCE_DATA_KEYS = keys
    with pytest.raises(ImproperlyConfigured, match="PERMANENCE_DATA_KEYS"):
        crypto.encrypt_text("Amina", purpose=PURPOSE)


# --- Blind indexes -----------------------------------------------------------------------------


def test_blind_index_is_stable_and_keyed(settings):
    first = crypto.blind_index("benali", purpose="cases.person.name")
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert crypto.blind_index("benali", purpose="cases.person.name") == first
    assert crypto.blind_index("benalli", purpose="cases.person.name") != first
    assert crypto.blind_index("benali", purpose="cases.person.birth_place") != first
    # No normalisation inside: callers normalise.
    assert crypto.blind_index("Benali", purpose="cases.person.name") != first
    settings.PERMANENCE_INDEX_KEY = OTHER_INDEX_KEY
    assert crypto.blind_index("benali", purpose="cases.person.name") != first


def test_blind_index_does_not_depend_on_data_keys(settings):
    first = crypto.blind_index("benali", purpose="cases.person.name")
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B}
    assert crypto.blind_index("benali", purpose="cases.person.name") == first


def test_blind_index_purpose_cannot_contain_the_separator():
    with pytest.raises(ValueError, match="purpose"):
        crypto.blind_index("c", purpose="a\x00b")


@pytest.mark.parametrize("key", [None, b"short", "text" * 10])
def test_misconfigured_index_key_fails_loudly(settings, key):
    settings.PERMANENCE_INDEX_KEY = key
    with pytest.raises(ImproperlyConfigured, match="PERMANENCE_INDEX_KEY"):
        crypto.blind_index("benali", purpose="cases.person.name")


# --- Parsing settings --------------------------------------------------------------------------


def test_generate_key_text_gives_fresh_32_byte_keys():
    texts = {crypto.generate_key_text() for _ in range(10)}
    assert len(texts) == 10
    for text in texts:
        assert len(base64.urlsafe_b64decode(text)) == 32
        assert crypto.parse_data_keys(f"k1:{text}") == {"k1": base64.urlsafe_b64decode(text)}
        assert crypto.parse_index_key(text) == base64.urlsafe_b64decode(text)


def test_parse_data_keys_keeps_order_and_accepts_both_alphabets():
    key_c = bytes([0xFB, 0xFF] * 16)  # encodes with "+" and "/" (or "-" and "_")
    standard = base64.b64encode(key_c).decode()
    urlsafe = base64.urlsafe_b64encode(key_c).decode().rstrip("=")
    assert "+" in standard or "/" in standard
    text = f" new_2:{standard} , old-1:{urlsafe},a:{key_text(KEY_A)}"
    keys = crypto.parse_data_keys(text)
    assert list(keys) == ["new_2", "old-1", "a"]
    assert keys == {"new_2": key_c, "old-1": key_c, "a": KEY_A}


SECRET = key_text(KEY_B)

BAD_DATA_KEYS = [
    ("", "empty"),
    ("  ", "empty"),
    (f"k1:{SECRET},", "entry #2 is empty"),
    (SECRET, "entry #1 is not of the form"),
    (f"{SECRET}:k1", "entry #1 has an invalid key id"),
    (f"bad id:{SECRET}", "entry #1 has an invalid key id"),
    (f"{'k' * 17}:{SECRET}", "entry #1 has an invalid key id"),
    (f"k1:{key_text(KEY_A)},k2:{SECRET[:-6]}!!!!!=", "entry #2 (key id 'k2'): the key is not"),
    (f"k1:{SECRET[:-4]}", "entry #1 (key id 'k1'): the key decodes to 30 bytes"),
    (f"k1:{base64.b64encode(KEY_B + b'x').decode()}", "decodes to 33 bytes, expected exactly 32"),
    (f"k1:{key_text(KEY_A)},k1:{SECRET}", "entry #2 (key id 'k1') repeats a key id"),
]


def assert_no_key_material(message: str, secret: str) -> None:
    for start in range(len(secret) - 7):
        assert secret[start : start + 8] not in message


@pytest.mark.parametrize(("text", "expected"), BAD_DATA_KEYS)
def test_parse_data_keys_refuses_bad_input_without_echoing_keys(text, expected):
    with pytest.raises(ImproperlyConfigured) as raised:
        crypto.parse_data_keys(text)
    message = str(raised.value)
    assert "PERMANENCE_DATA_KEYS" in message
    assert expected in message
    assert_no_key_material(message, SECRET)
    assert_no_key_material(message, key_text(KEY_A))
    assert raised.value.__cause__ is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty"),
        (SECRET[:-6] + "!!!!!=", "not valid base64"),
        (base64.b64encode(KEY_B[:31]).decode(), "decodes to 31 bytes, expected at least 32"),
    ],
)
def test_parse_index_key_refuses_bad_input_without_echoing_keys(text, expected):
    with pytest.raises(ImproperlyConfigured) as raised:
        crypto.parse_index_key(text)
    message = str(raised.value)
    assert "PERMANENCE_INDEX_KEY" in message
    assert expected in message
    assert_no_key_material(message, SECRET)


def test_parse_index_key_accepts_long_keys():
    assert crypto.parse_index_key(key_text(INDEX_KEY + KEY_A)) == INDEX_KEY + KEY_A


# --- Encrypted model fields --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", SAMPLE_TEXTS)
def test_text_field_round_trip(name):
    person = Person.objects.create(name=name, notes=f"notes: {name}")
    person.refresh_from_db()
    assert person.name == name
    assert Person.objects.get(pk=person.pk).notes == f"notes: {name}"
    assert list(Person.objects.values("name", "notes")) == [
        {"name": name, "notes": f"notes: {name}"}
    ]
    assert list(Person.objects.values_list("name", flat=True)) == [name]


@pytest.mark.django_db
def test_raw_columns_hold_no_plaintext():
    person = Person.objects.create(
        name="Amina Benali أمينة",
        notes="Arrivée en France en 2019 via Lampedusa",
        birth_date=datetime.date(1990, 5, 17),
        spellings=["Amina Benali", "Аміна Беналі"],
    )
    checks_by_field = {
        "name": ["Amina", "Benali", "أمينة"],
        "notes": ["Lampedusa", "Arrivée"],
        "birth_date": ["1990", "1990-05-17"],
        "spellings": ["Amina", "Аміна"],
    }
    for field_name, secrets in checks_by_field.items():
        raw = raw_value(Person, field_name, person.pk)
        assert isinstance(raw, str)
        assert raw.startswith("pm1$ka$")
        for secret in secrets:
            assert_hidden(secret, raw)
    raw_name = raw_value(Person, "name", person.pk)
    assert crypto.decrypt_text(raw_name, purpose="core_testapp.person.name") == "Amina Benali أمينة"


@pytest.mark.django_db
def test_none_stays_null_and_empty_string_is_encrypted():
    person = Person.objects.create(name="", notes=None)
    assert raw_value(Person, "notes", person.pk) is None
    assert raw_value(Person, "birth_date", person.pk) is None
    raw_name = raw_value(Person, "name", person.pk)
    assert raw_name.startswith("pm1$ka$")
    person.refresh_from_db()
    assert person.name == ""
    assert person.notes is None
    assert person.birth_date is None


@pytest.mark.django_db
def test_date_field(settings):
    settings.TIME_ZONE = "Europe/Paris"
    person = Person.objects.create(name="x", birth_date="2001-02-03")
    person.refresh_from_db()
    assert person.birth_date == datetime.date(2001, 2, 3)
    person.birth_date = datetime.datetime(2004, 5, 6, 23, 30, tzinfo=datetime.UTC)
    person.save()
    person.refresh_from_db()
    assert person.birth_date == datetime.date(2004, 5, 7)  # 01:30 in Paris


@pytest.mark.parametrize("value", ["31/12/2001", "2001-02-30"])
def test_date_field_refuses_invalid_dates(value):
    with pytest.raises(ValidationError):
        Person._meta.get_field("birth_date").to_python(value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spellings", [[], ["Amina", "أمينة", "Аміна"], {"passport": "AB123", "n": [1, 2.5, None]}, "x"]
)
def test_json_field_round_trip(spellings):
    person = Person.objects.create(name="x", spellings=spellings)
    person.refresh_from_db()
    assert person.spellings == spellings


@pytest.mark.django_db
def test_bulk_create_and_bulk_update():
    people = Person.objects.bulk_create(
        [Person(name=name, birth_date=datetime.date(2000, 1, 1)) for name in SAMPLE_TEXTS]
    )
    for person in people:
        person.name = f"{person.name} (updated)"
        person.spellings = [person.name]
    Person.objects.bulk_update(people, ["name", "spellings"])
    stored = {p.pk: p for p in Person.objects.all()}
    for person in people:
        assert stored[person.pk].name == person.name
        assert stored[person.pk].spellings == [person.name]
        assert stored[person.pk].birth_date == datetime.date(2000, 1, 1)
        raw = raw_value(Person, "name", person.pk)
        assert raw.startswith("pm1$ka$")
        assert_hidden("updated", raw)


@pytest.mark.django_db
def test_queryset_update_encrypts():
    person = Person.objects.create(name="before")
    Person.objects.filter(pk=person.pk).update(name="Lampedusa")
    assert_hidden("Lampedusa", raw_value(Person, "name", person.pk))
    person.refresh_from_db()
    assert person.name == "Lampedusa"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lookup",
    [
        {"name": "Amina"},
        {"name__iexact": "amina"},
        {"name__icontains": "Am"},
        {"name__in": ["Amina"]},
        {"name__startswith": "A"},
        {"birth_date__gt": datetime.date(2000, 1, 1)},
        {"spellings__contains": "Amina"},
    ],
)
def test_filtering_on_encrypted_fields_is_refused(lookup):
    Person.objects.create(name="Amina")
    with pytest.raises(FieldError, match="encrypted fields cannot be filtered: use a blind index"):
        list(Person.objects.filter(**lookup))
    with pytest.raises(FieldError, match="encrypted fields cannot be filtered"):
        list(Person.objects.exclude(**lookup))


@pytest.mark.django_db
def test_null_filters_are_allowed():
    with_notes = Person.objects.create(name="a", notes="n")
    without = Person.objects.create(name="b", notes=None)
    assert list(Person.objects.filter(notes__isnull=True)) == [without]
    assert list(Person.objects.filter(notes=None)) == [without]
    assert list(Person.objects.exclude(notes=None)) == [with_notes]


@pytest.mark.django_db
def test_blind_index_finds_rows():
    def normalise(name: str) -> str:
        return " ".join(name.casefold().split())

    for name in ["Amina Benali", "Dmitri K"]:
        index = crypto.blind_index(normalise(name), purpose="core_testapp.person.name")
        Person.objects.create(name=name, name_index=index)
    index = crypto.blind_index(normalise("  amina   BENALI"), purpose="core_testapp.person.name")
    assert [p.name for p in Person.objects.filter(name_index=index)] == ["Amina Benali"]


@pytest.mark.django_db
def test_token_moved_to_another_field_does_not_decrypt():
    person = Person.objects.create(name="Amina", notes="n")
    write_raw_value(Person, "notes", person.pk, raw_value(Person, "name", person.pk))
    with pytest.raises(crypto.DecryptionError):
        person.refresh_from_db()


@pytest.mark.django_db
def test_wrong_or_missing_key_on_load_raises(settings):
    person = Person.objects.create(name="Amina")
    settings.PERMANENCE_DATA_KEYS = {"ka": KEY_B}
    with pytest.raises(crypto.DecryptionError) as raised:
        Person.objects.get(pk=person.pk)
    assert any("core_testapp.Person.name" in note for note in raised.value.__notes__)
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B}
    with pytest.raises(crypto.MissingKeyError, match="Data key id 'ka' is not in"):
        list(Person.objects.values("name"))


def test_purpose_defaults_to_model_label_and_field_name():
    name_field = Person._meta.get_field("name")
    assert name_field.purpose == "core_testapp.person.name"
    assert "purpose" not in name_field.deconstruct()[3]
    title_field = Document._meta.get_field("title")
    assert title_field.purpose == "core_testapp.document.display_name"
    _name, path, _args, kwargs = title_field.deconstruct()
    assert path == "permanence.core.fields.EncryptedTextField"
    assert kwargs["purpose"] == "core_testapp.document.display_name"


def test_form_fields():
    assert isinstance(Person._meta.get_field("birth_date").formfield(), forms.DateField)
    assert isinstance(Person._meta.get_field("spellings").formfield(), forms.JSONField)
    assert isinstance(Person._meta.get_field("name").formfield(), forms.CharField)


@isolate_apps("permanence.core.tests.testapp")
def test_indexes_on_encrypted_fields_are_reported():
    class Indexed(models.Model):
        a = EncryptedTextField(unique=True)
        b = EncryptedDateField(db_index=True)
        c = EncryptedJSONField()

        class Meta:
            app_label = "core_testapp"

        def __str__(self) -> str:
            return "indexed"

    errors = [e for e in Indexed.check() if e.id == "core.E901"]
    assert [(e.obj.name, e.msg.split(" cannot use ")[1].split("=")[0]) for e in errors] == [
        ("a", "unique"),
        ("b", "db_index"),
    ]
    assert all(isinstance(e, checks.Error) for e in errors)


# --- Encrypted file storage --------------------------------------------------------------------

CONTENT = "%PDF-1.7 Passeport de Amina Benali أمينة, né à Kaboul".encode()
ORIGINAL_NAME = "passeport-amina-benali.pdf"


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.django_db
def test_document_file_round_trip():
    document = Document(title=ORIGINAL_NAME)
    document.file.save(ORIGINAL_NAME, ContentFile(CONTENT), save=True)
    document = Document.objects.get(pk=document.pk)
    assert document.title == ORIGINAL_NAME
    assert STORED_NAME.fullmatch(document.file.name)
    with document.file.open("rb") as stored:
        assert stored.read() == CONTENT
    assert document.file.size == len(CONTENT)


@pytest.mark.django_db
def test_disk_holds_neither_content_nor_original_name(tmp_path):
    document = Document(title=ORIGINAL_NAME)
    document.file.save(ORIGINAL_NAME, ContentFile(CONTENT), save=True)
    root = tmp_path / "private"
    [path] = stored_files(root)
    assert path.relative_to(root).as_posix() == document.file.name
    for part in ["passeport", "amina", "benali", ".pdf"]:
        assert part not in str(path).lower()
        assert all(part not in p.name.lower() for p in root.rglob("*"))
    data = path.read_bytes()
    assert data.startswith(b"PMF1\x02ka")
    assert CONTENT not in data
    for secret in ["Amina Benali", "أمينة", "Kaboul", "Passeport", ORIGINAL_NAME]:
        assert_hidden(secret, data)


def test_files_and_folders_are_private(tmp_path):
    name = private_storage.save("notes.txt", ContentFile(b"secret notes"))
    path = tmp_path / "private" / name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o700


def test_storage_follows_settings(settings, tmp_path):
    assert private_storage.location == str(tmp_path / "private")
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path / "elsewhere"
    name = private_storage.save("a.txt", ContentFile(b"a"))
    assert (tmp_path / "elsewhere" / name).is_file()


def test_storage_deconstructs_to_its_own_class():
    assert EncryptedFileSystemStorage().deconstruct() == (
        "permanence.core.storage.EncryptedFileSystemStorage",
        (),
        {},
    )


def test_storage_has_no_urls():
    name = private_storage.save("a.txt", ContentFile(b"a"))
    with pytest.raises(NotImplementedError, match="permission-checked view"):
        private_storage.url(name)


@pytest.mark.django_db
def test_file_field_url_is_refused():
    document = Document(title="t")
    document.file.save("a.txt", ContentFile(b"a"), save=True)
    with pytest.raises(NotImplementedError, match="permission-checked view"):
        _ = document.file.url


@pytest.mark.parametrize("mode", ["wb", "r", "ab", "rb+"])
def test_storage_opens_for_binary_reading_only(mode):
    name = private_storage.save("a.txt", ContentFile(b"a"))
    with pytest.raises(ValueError, match="'rb' mode only"):
        private_storage.open(name, mode)


def test_storage_accepts_text_content_and_reports_plaintext_size():
    name = private_storage.save("a.txt", ContentFile("Кузнецов"))
    assert private_storage.open(name).read() == "Кузнецов".encode()
    assert private_storage.size(name) == len("Кузнецов".encode())
    assert os.path.getsize(private_storage.path(name)) > private_storage.size(name)


def test_each_save_gets_a_new_random_name():
    names = {private_storage.save("same.pdf", ContentFile(b"x")) for _ in range(5)}
    assert len(names) == 5
    assert all(STORED_NAME.fullmatch(name) for name in names)


def test_tampered_file_is_refused(tmp_path):
    name = private_storage.save("a.txt", ContentFile(b"some content"))
    path = Path(private_storage.path(name))
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(crypto.DecryptionError):
        private_storage.open(name)


def test_reencrypt_rewrites_with_current_key(settings, tmp_path):
    name = private_storage.save("a.txt", ContentFile(CONTENT))
    assert not private_storage.needs_rotation(name)
    assert private_storage.reencrypt(name) is False
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B, "ka": KEY_A}
    assert private_storage.key_id_of(name) == "ka"
    assert private_storage.needs_rotation(name)
    assert private_storage.reencrypt(name) is True
    assert private_storage.key_id_of(name) == "kb"
    assert private_storage.reencrypt(name) is False
    assert stat.S_IMODE(Path(private_storage.path(name)).stat().st_mode) == 0o600
    assert [p.name for p in stored_files(tmp_path / "private")] == [name.split("/")[1]]
    settings.PERMANENCE_DATA_KEYS = {"kb": KEY_B}
    assert private_storage.open(name).read() == CONTENT


@pytest.mark.django_db
@pytest.mark.parametrize("upload_name", ["???.pdf", "photo", "عقد إيجار.pdf", "a" * 300 + ".pdf"])
def test_any_upload_name_is_replaced(upload_name):
    document = Document(title=upload_name)
    document.file.save(upload_name, ContentFile(b"x"), save=True)
    assert STORED_NAME.fullmatch(document.file.name)
