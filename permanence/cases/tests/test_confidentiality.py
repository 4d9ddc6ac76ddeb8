"""The database and the document storage never hold a person's data in clear."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from permanence.cases.models import Document, Entry

SECRETS = ["Mohammed", "Diallo", "محمد", "Roubaix", "7503123456", "06 12 34 56 78", "1990-05-17"]


def _dump() -> str:
    """Every text cell of every table, as the database stores it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from introspection)
            for row in cursor.fetchall():
                chunks.extend(str(value) for value in row if value is not None)
    return "\n".join(chunks)


def test_raw_database_holds_no_name_note_or_identifier(case_a, volunteer_a):
    Entry.objects.create(case=case_a, kind="note", text="Rendez-vous Roubaix, voir Diallo")
    dump = _dump()
    for secret in SECRETS:
        assert secret not in dump, secret


def test_raw_document_storage_holds_no_content_or_name(person_a, settings, tmp_path):
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path
    Document.objects.create(
        person=person_a,
        doc_type="passport",
        file=ContentFile(b"PASSPORT-OF-MOHAMMED-DIALLO", name="upload"),
        name="passeport-diallo.jpg",
        content_type="image/jpeg",
        size=27,
    )
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files
    for path in files:
        raw = path.read_bytes()
        assert b"MOHAMMED" not in raw and b"diallo" not in raw.lower()
        assert "diallo" not in str(path).lower()
    assert "passeport-diallo" not in _dump()


@pytest.mark.parametrize("field", ["name", "notes", "spellings", "birth_date", "identifiers"])
def test_encrypted_fields_cannot_be_filtered(person_a, field):
    from django.core.exceptions import FieldError

    from permanence.cases.models import Person

    with pytest.raises(FieldError):
        list(Person.objects.filter(**{field: "x"}))
