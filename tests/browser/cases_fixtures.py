"""Fixtures and helpers of the case files' browser tests (imported by test_cases.py).

People and cases are made through the ORM, as the interview would have left them; documents are
small photos made in memory with Pillow, with the EXIF and GPS data a phone would write.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

PERSON_NAME = "Mohammed Diallo"
SPELLINGS = ["محمد ديالو", "Mohamed Diallo"]
CAMERA = "SecretCamera-4242"
EXIF_MAKE = 0x010F
EXIF_GPS_IFD = 0x8825


@pytest.fixture
def private_media(settings, tmp_path):
    """Encrypted documents go to a temporary folder (the live server reads the same settings)."""
    root = tmp_path / "private"
    root.mkdir()
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = root
    return root


def make_followed_person(organisation, volunteer):
    """Mohammed Diallo of ``organisation``, indexed for the search, and his open case, assigned
    to ``volunteer``: (person, case)."""
    from permanence.cases import search
    from permanence.cases.models import Case, Person

    person = Person.objects.create(
        organisation=organisation,
        name=PERSON_NAME,
        spellings=SPELLINGS,
        birth_date=date(1990, 5, 17),
        contacts=[{"kind": "phone", "value": "06 12 34 56 78", "safe": True, "preferred": True}],
    )
    search.index_person(person)
    case = Case.objects.create(person=person, organisation=organisation, topics=["asylum_ofpra"])
    case.assignees.add(volunteer)
    return person, case


def jpeg_with_gps() -> bytes:
    """A small photo as a phone takes it: camera make and GPS position in its EXIF."""
    exif = Image.Exif()
    exif[EXIF_MAKE] = CAMERA
    exif[EXIF_GPS_IFD] = {1: "N", 2: (50.0, 38.0, 12.0), 3: "E", 4: (3.0, 2.0, 44.0)}
    image = Image.new("RGB", (64, 40), (200, 30, 30))
    image.paste((30, 30, 200), (32, 0, 64, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def write_receipt_photo(folder: Path) -> Path:
    """The photo of a récépissé, written to ``folder`` (for ``set_input_files``)."""
    path = folder / "recepisse-mohammed.jpg"
    path.write_bytes(jpeg_with_gps())
    with Image.open(path) as image:
        assert image.getexif().get_ifd(EXIF_GPS_IFD), "the test photo lost its GPS data"
    return path


def fill_timeline(case, volunteer) -> None:
    """A contact, a task, a confidential note and a photographed récépissé on the case."""
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import RequestFactory
    from django.utils import timezone

    from permanence.cases import services
    from permanence.cases.models import Entry

    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    request.user = volunteer
    for entry in (
        Entry(kind="contact", channel="desk", duration_minutes=30, text="Préparation du récit."),
        Entry(kind="task", text="Appeler la SPADA", task_due=date.today() + timedelta(days=7)),
        Entry(kind="note", text="Souhaite être reçu sans son cousin."),
        Entry(
            kind="appointment",
            authority="prefecture",
            appointment_at=timezone.now() + timedelta(days=14),
        ),
    ):
        services.entry_add(case=case, entry=entry, request=request)
    services.case_document_add(
        case=case,
        doc_type="receipt",
        uploaded_file=SimpleUploadedFile("recepisse.jpg", jpeg_with_gps(), "image/jpeg"),
        request=request,
    )
