"""Documents: only PDFs and photos get in, photos lose their metadata, active PDFs are refused,
names are made safe, files are encrypted on disk and every store and read is audited.

Every test file is made in memory (Pillow, pillow-heif, pypdf).
"""

import io
import os
import re
import struct
import uuid
import zlib
from pathlib import Path

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from permanence.audit.models import Action, AuditEvent
from permanence.cases import documents
from permanence.cases.documents import (
    CleanFile,
    UploadRejected,
    checklist,
    clean_upload,
    document_open,
    document_store,
    safe_display_name,
    sniff,
)
from permanence.cases.models import Case, Document, Person

CAMERA = "SecretCamera-4242"
GPS_IFD = 0x8825
ORIENTATION = 0x0112
RED, BLUE = (255, 0, 0), (0, 0, 255)


# --- Files made in memory ------------------------------------------------------------------------


def two_colour_image(size=(40, 20)) -> Image.Image:
    """Left half red, right half blue: orientation changes are visible."""
    width, height = size
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    return image


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = CAMERA  # Make
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 8.0)}
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_with_metadata(orientation: int = 6) -> bytes:
    out = io.BytesIO()
    two_colour_image().save(
        out,
        "JPEG",
        exif=exif_with_gps(orientation),
        comment=b"secret-comment",
        icc_profile=srgb_profile(),
        xmp=b"<x:xmpmeta>secret-xmp</x:xmpmeta>",
    )
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "secret-author")
    info.add_itxt("Comment", "secret-itxt")
    out = io.BytesIO()
    two_colour_image().save(out, "PNG", pnginfo=info, exif=exif_with_gps())
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    """A PNG signature and IHDR announcing width × height pixels, then a tiny IDAT and IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(writer: PdfWriter | None = None, *, title: str = "") -> bytes:
    if writer is None:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def add_javascript(writer: PdfWriter, code: str) -> None:
    """Document-level JavaScript in the Names tree (what pypdf's removed ``add_js`` did)."""
    js = action("/JavaScript", JS=TextStringObject(code))
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("js"), writer._add_object(js)])}
    )
    names = DictionaryObject({NameObject("/JavaScript"): tree})
    writer._root_object[NameObject("/Names")] = names


def action(kind: str, **entries) -> DictionaryObject:
    result = DictionaryObject({NameObject("/Type"): NameObject("/Action")})
    result[NameObject("/S")] = NameObject(kind)
    for key, value in entries.items():
        result[NameObject(f"/{key}")] = value
    return result


class RawUpload(io.BytesIO):
    """An uploaded file as a careless caller might pass it: any name, a size that may lie."""

    def __init__(self, content: bytes, name, size=None) -> None:
        super().__init__(content)
        self.name = name
        self.size = len(content) if size is None else size


def upload(content: bytes, name: str = "file.bin", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def rejected(content: bytes, name: str = "file.bin") -> UploadRejected:
    with pytest.raises(UploadRejected) as info:
        clean_upload(upload(content, name))
    return info.value


def stored_files(root: Path) -> list[Path]:
    return [Path(folder) / f for folder, _dirs, files in os.walk(root) for f in files]


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PERMANENCE_PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def person(group_a):
    return Person.objects.create(organisation=group_a, name="Test")


@pytest.fixture
def request_a(volunteer_a):
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.1")
    request.user = volunteer_a
    return request


def store(person, request, content: bytes, name: str, doc_type: str = "passport") -> Document:
    return document_store(
        person=person,
        case=None,
        doc_type=doc_type,
        uploaded_file=upload(content, name, content_type="application/octet-stream"),
        request=request,
    )


def stored_bytes(document: Document) -> bytes:
    with document.file.storage.open(document.file.name) as stored:
        return stored.read()


# --- Sniffing ------------------------------------------------------------------------------------


def test_sniff_recognises_content_not_names():
    assert sniff(pdf_bytes()) == "application/pdf"
    assert sniff(jpeg_with_metadata()) == "image/jpeg"
    assert sniff(png_with_text()) == "image/png"
    assert sniff(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic") == "image/heic"
    for other in [
        b"",
        b"GIF89a....",
        b"PK\x03\x04zip",
        b"<html>%PDF-",
        b"\x00\x00\x00\x18ftypavif",
    ]:
        with pytest.raises(UploadRejected):
            sniff(other)


# --- Photos --------------------------------------------------------------------------------------


def test_photo_is_stored_upright_without_exif_gps_nor_metadata(person, request_a):
    original = jpeg_with_metadata(orientation=6)  # 6: turn 90° clockwise to show it
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(GPS_IFD)  # the test file does carry a GPS position

    document = store(person, request_a, original, "IMG_2024.jpg", doc_type="photo")

    document.refresh_from_db()
    assert document.content_type == "image/jpeg"
    assert document.name == "IMG_2024.jpg"
    data = stored_bytes(document)
    assert document.size == len(data)
    for marker in [CAMERA.encode(), b"secret-comment", b"secret-xmp", b"Exif", b"ICC_PROFILE"]:
        assert marker not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        exif = image.getexif()
        assert len(exif) == 0
        assert not exif.get_ifd(GPS_IFD)
        for key in ["exif", "icc_profile", "xmp", "comment"]:
            assert key not in image.info
        # 40 × 20 turned a quarter clockwise: 20 × 40, the red left half is now on top.
        assert image.size == (20, 40)
        red, green, blue = image.convert("RGB").getpixel((10, 5))
        assert red > 200 and blue < 60
        red, green, blue = image.convert("RGB").getpixel((10, 35))
        assert blue > 200 and red < 60


def test_png_keeps_png_and_loses_its_text_chunks():
    clean = clean_upload(upload(png_with_text(), "capture.png", "image/png"))
    assert clean.content_type == "image/png"
    assert clean.display_name == "capture.png"
    for marker in [b"secret-author", b"secret-itxt", CAMERA.encode(), b"tEXt", b"iTXt", b"eXIf"]:
        assert marker not in clean.content
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.format == "PNG"
        assert image.size == (40, 20)
        assert not image.info.get("Author")
        assert len(image.getexif()) == 0


def test_big_photo_is_downscaled():
    out = io.BytesIO()
    Image.new("RGB", (4000, 1000), (10, 120, 30)).save(out, "JPEG")
    clean = clean_upload(upload(out.getvalue(), "wide.jpg"))
    with Image.open(io.BytesIO(clean.content)) as image:
        assert max(image.size) <= documents.MAX_SIDE
        assert image.size[0] == documents.MAX_SIDE


def test_transparent_png_stays_transparent():
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(out, "PNG")
    clean = clean_upload(upload(out.getvalue(), "logo.png"))
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.convert("RGBA").getpixel((1, 1))[3] == 0


def heic_with_exif() -> bytes:
    out = io.BytesIO()
    try:
        two_colour_image().save(out, format="HEIF", exif=exif_with_gps().tobytes())
    except Exception as exc:  # no HEVC encoder in this libheif build
        pytest.skip(f"pillow-heif cannot encode HEIF here: {exc!r}")
    return out.getvalue()


def test_heic_becomes_jpeg_without_metadata(person, request_a):
    if not pillow_heif.libheif_info().get("HEIF"):
        pytest.skip("pillow-heif has no HEVC encoder in this build: cannot make a HEIC file")
    original = heic_with_exif()
    assert sniff(original) == "image/heic"

    document = store(person, request_a, original, "IMG_0001.HEIC", doc_type="photo")

    document.refresh_from_db()
    assert document.content_type == "image/jpeg"
    assert document.name == "IMG_0001.jpg"
    data = stored_bytes(document)
    assert CAMERA.encode() not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "exif" not in image.info


# --- Files that are not what they say ------------------------------------------------------------


def test_png_named_pdf_is_accepted_as_png_with_corrected_name():
    clean = clean_upload(upload(png_with_text(), "scan.pdf", "application/pdf"))
    assert clean.content_type == "image/png"
    assert clean.display_name == "scan.png"


def test_random_bytes_named_jpg_are_refused_in_french():
    error = rejected(os.urandom(2048).replace(b"%PDF", b"xxxx"), "photo.jpg")
    assert error.message == "Ce fichier n’est pas un PDF, une photo JPEG, PNG ou HEIC."
    assert error.code == "type"


def test_broken_image_is_refused_as_unreadable():
    error = rejected(jpeg_with_metadata()[:200], "photo.jpg")
    assert error.message == "Cette image est illisible ou endommagée."


def test_oversized_file_is_refused(person, request_a, private_root):
    content = png_header(10, 10) + b"\0" * (documents.MAX_BYTES + 1)
    with pytest.raises(UploadRejected) as info:
        store(person, request_a, content, "huge.png")
    assert info.value.message == "Le fichier dépasse 20 Mo."
    assert not Document.objects.exists()
    assert stored_files(private_root) == []


def test_size_is_counted_even_when_the_announced_size_lies(monkeypatch):
    monkeypatch.setattr(documents, "MAX_BYTES", 100)
    lying = upload(png_header(10, 10) + b"\0" * 500, "small.png")
    lying.size = 10
    with pytest.raises(UploadRejected) as info:
        clean_upload(lying)
    assert info.value.code == "size"


def test_no_file_received_says_it_may_be_too_big():
    with pytest.raises(UploadRejected) as info:
        clean_upload(None)
    assert "trop gros" in str(info.value.message)
    assert rejected(b"", "empty.pdf").code == "empty"


@pytest.mark.parametrize(("width", "height"), [(8000, 8000), (50_000, 50_000)])
def test_decompression_bomb_is_refused(width, height):
    error = rejected(png_header(width, height), "bomb.png")
    assert error.code == "pixels"
    assert "trop grande" in str(error.message)


# --- Names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("C:\\Users\\x\\photo.jpg", "photo.jpg"),
        ("pho\x00to.jpg", "photo.jpg"),
        ("..", "document.jpg"),
        ("", "document.jpg"),
        ("/", "document.jpg"),
        ("passe\u202eport.jpg", "passeport.jpg"),
        ("récépissé\r\n\t2024.JPEG", "récépissé 2024.JPEG"),
        ("titre v.2", "titre v.2.jpg"),
        ("setup.exe", "setup.jpg"),
        ('a<b>c:"d|e?f*.jpg', "a_b_c__d_e_f_.jpg"),
    ],
)
def test_display_name_is_safe(name, expected):
    assert safe_display_name(name, "image/jpeg") == expected
    clean = clean_upload(RawUpload(jpeg_with_metadata(), name))
    assert clean.display_name == expected


def test_long_names_are_cut_and_keep_the_real_extension():
    name = safe_display_name("a" * 500 + ".pdf", "image/png")
    assert len(name) == documents.MAX_NAME_LENGTH
    assert name.endswith(".png")


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.jpg", "C:\\Users\\x\\photo.jpg", "photo\x00.php.jpg", "..\\..\\x"]
)
def test_dangerous_names_are_stored_safely(person, request_a, name):
    document = store(person, request_a, jpeg_with_metadata(), name)
    document.refresh_from_db()
    assert document.name.endswith(".jpg")
    for bad in ["/", "\\", "\x00", ".."]:
        assert bad not in document.name
    assert not document.file.name.endswith(".jpg")  # the name on disk is random


# --- PDFs ----------------------------------------------------------------------------------------


def test_plain_pdf_is_stored_as_is(person, request_a):
    original = pdf_bytes()
    document = store(person, request_a, original, "attestation.pdf", doc_type="oqtf")
    assert document.content_type == "application/pdf"
    assert document.name == "attestation.pdf"
    assert stored_bytes(document) == original


def test_pdf_opening_on_a_page_is_accepted():
    writer = blank_writer()
    destination = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
    writer._root_object[NameObject("/OpenAction")] = destination
    clean = clean_upload(upload(pdf_bytes(writer), "x.pdf"))
    assert clean.content_type == "application/pdf"


def test_pdf_with_javascript_is_refused():
    writer = blank_writer()
    add_javascript(writer, "app.alert('x')")
    error = rejected(pdf_bytes(writer), "courrier.pdf")
    assert error.message == "Ce PDF contient du JavaScript : il a été refusé par sécurité."
    assert error.hint  # how to make a clean PDF


def test_pdf_with_open_action_javascript_is_refused():
    writer = blank_writer()
    writer._root_object[NameObject("/OpenAction")] = action(
        "/JavaScript", JS=TextStringObject("app.alert(1)")
    )
    assert rejected(pdf_bytes(writer), "x.pdf").code == "javascript"


def test_javascript_is_found_by_structure_when_hidden_from_the_raw_scan(monkeypatch):
    """Names written with #xx escapes, or JS in an object stream: pypdf's walk still sees it."""
    writer = blank_writer()
    add_javascript(writer, "app.alert('x')")
    data = pdf_bytes(writer).replace(b"/JavaScript", b"/JavaScrip#74").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in data and b"/JS " not in data
    assert rejected(data, "x.pdf").code == "javascript"
    # Without the raw scan at all, the structure alone refuses it.
    monkeypatch.setattr(documents, "_RAW_JAVASCRIPT_RE", documents.re.compile(rb"(?!x)x"))
    assert rejected(data, "x.pdf").code == "javascript"


@pytest.mark.parametrize(
    "where",
    ["launch-open-action", "uri-open-action", "page-aa", "catalog-aa", "link-launch", "xfa"],
)
def test_pdf_with_automatic_actions_is_refused(where):
    writer = blank_writer()
    root, page = writer._root_object, writer.pages[0]
    if where == "launch-open-action":
        root[NameObject("/OpenAction")] = action("/Launch", F=TextStringObject("cmd.exe"))
    elif where == "uri-open-action":
        root[NameObject("/OpenAction")] = action("/URI", URI=TextStringObject("https://x.test"))
    elif where == "page-aa":
        page[NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): action("/URI", URI=TextStringObject("https://x.test"))}
        )
    elif where == "catalog-aa":
        root[NameObject("/AA")] = DictionaryObject(
            {NameObject("/WC"): action("/GoTo", D=ArrayObject([NumberObject(0)]))}
        )
    elif where == "link-launch":
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): action("/Launch", F=TextStringObject("evil.exe")),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    else:
        root[NameObject("/AcroForm")] = DictionaryObject(
            {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
        )
    assert rejected(pdf_bytes(writer), "x.pdf").code == "action"


def test_pdf_with_embedded_file_is_refused():
    writer = blank_writer()
    writer.add_attachment("invoice.exe", b"MZ....")
    error = rejected(pdf_bytes(writer), "x.pdf")
    assert error.code == "embedded"
    assert "fichiers joints" in str(error.message)


def test_pdf_needing_a_password_is_refused_but_owner_only_protection_is_accepted():
    locked = blank_writer()
    locked.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    error = rejected(pdf_bytes(locked), "x.pdf")
    assert error.code == "encrypted"
    assert "mot de passe" in str(error.message)

    owner_only = blank_writer()
    owner_only.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    assert clean_upload(upload(pdf_bytes(owner_only), "x.pdf")).content_type == "application/pdf"

    with_js = blank_writer()
    add_javascript(with_js, "app.alert(1)")
    with_js.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    assert rejected(pdf_bytes(with_js), "x.pdf").code == "javascript"


def test_broken_pdf_is_refused_as_unreadable():
    error = rejected(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "x.pdf")
    assert error.message == "Ce PDF est illisible ou endommagé."


# --- On disk, and the audit trail ----------------------------------------------------------------


def test_disk_holds_neither_the_content_nor_the_original_name(person, request_a, private_root):
    marker = "PLAINTEXTMARKER7f3a9c"
    original = pdf_bytes(blank_writer(), title=marker)
    assert marker.encode() in original
    name = "Passeport-Fatima-Diallo.pdf"

    document = store(person, request_a, original, name)

    files = stored_files(private_root)
    assert len(files) == 1
    raw = files[0].read_bytes()
    assert marker.encode() not in raw
    assert b"%PDF" not in raw
    for needle in [name, "Fatima", "Diallo"]:
        assert needle.encode() not in raw
        assert needle.encode("utf-16-le") not in raw
        assert needle not in str(files[0])
    assert Path(document.file.name).name == files[0].name
    assert stat_mode(files[0]) == 0o600


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_store_and_open_are_audited(person, request_a, volunteer_a, group_a):
    case = Case.objects.create(organisation=group_a, person=person, topics=["oqtf"])
    original = pdf_bytes()
    document = document_store(
        person=person,
        case=case,
        doc_type="oqtf",
        uploaded_file=upload(original, "oqtf.pdf"),
        request=request_a,
    )
    created = AuditEvent.objects.filter(action=Action.OBJECT_CREATED, object_id=str(document.pk))
    assert created.count() == 1
    event = created.get()
    assert (event.actor, event.organisation, event.object_type) == (
        volunteer_a,
        group_a,
        "cases.document",
    )
    assert document.uploaded_by == volunteer_a
    assert not AuditEvent.objects.filter(action=Action.OBJECT_READ).exists()

    content, content_type, name = document_open(
        document=Document.objects.get(pk=document.pk), request=request_a
    )

    assert (content, content_type, name) == (original, "application/pdf", "oqtf.pdf")
    reads = AuditEvent.objects.filter(action=Action.OBJECT_READ)
    assert reads.count() == 1
    read = reads.get()
    assert (read.object_id, read.actor, read.organisation) == (
        str(document.pk),
        volunteer_a,
        group_a,
    )
    assert read.ip == "192.0.2.1"


def test_refused_upload_stores_and_audits_nothing(person, request_a, private_root):
    writer = blank_writer()
    add_javascript(writer, "app.alert(1)")
    with pytest.raises(UploadRejected):
        store(person, request_a, pdf_bytes(writer), "x.pdf")
    assert not Document.objects.exists()
    assert not AuditEvent.objects.filter(action=Action.OBJECT_CREATED).exists()
    assert stored_files(private_root) == []


def test_store_refuses_a_case_of_another_person(person, request_a, group_a):
    other = Person.objects.create(organisation=group_a, name="Autre")
    case = Case.objects.create(organisation=group_a, person=other, topics=[])
    with pytest.raises(ValueError):
        document_store(
            person=person,
            case=case,
            doc_type="passport",
            uploaded_file=upload(pdf_bytes(), "x.pdf"),
            request=request_a,
        )


# --- Checklist -----------------------------------------------------------------------------------


def test_checklist_is_the_union_of_the_topics_in_a_stable_order():
    items = checklist(topics=["asylum_ofpra", "dublin", "unknown"], present_types={"passport"})
    assert items == [
        ("passport", "Passeport", True),
        ("asylum_certificate", "Attestation de demande d’asile", False),
        ("proof_of_address", "Justificatif de domicile, domiciliation", False),
        ("photo", "Photo d’identité", False),
    ]
    assert checklist(topics=["dublin", "asylum_ofpra"], present_types=set()) == [
        (code, label, False) for code, label, _present in items
    ]
    assert checklist(topics=[], present_types={"passport"}) == []


# --- Fuzzing -------------------------------------------------------------------------------------

MAGICS = [
    b"%PDF-1.7\n",
    b"\xff\xd8\xff\xe0",
    b"\x89PNG\r\n\x1a\n",
    b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
]


@st.composite
def mutated_valid_files(draw):
    base = bytearray(draw(st.sampled_from(VALID_FILES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(base) - 1))
        base[position] = draw(st.integers(0, 255))
    cut = draw(st.integers(1, len(base)))
    return bytes(base[:cut])


VALID_FILES = [pdf_bytes(), jpeg_with_metadata(), png_with_text()]

any_upload = st.one_of(
    st.binary(max_size=2048),
    st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGICS), st.binary(max_size=2048)),
    mutated_valid_files(),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=any_upload, name=st.text(max_size=300))
def test_random_bytes_only_ever_raise_upload_rejected(data, name):
    try:
        clean = clean_upload(RawUpload(data, name))
    except UploadRejected as error:
        assert str(error.message)
    else:
        assert isinstance(clean, CleanFile)
        assert clean.content_type in {"application/pdf", "image/jpeg", "image/png"}
        assert 0 < len(clean.display_name) <= documents.MAX_NAME_LENGTH
        assert "/" not in clean.display_name and "\\" not in clean.display_name


def test_the_upload_form_sent_twice_stores_one_document(
    client_for, volunteer_a, group_a, private_root
):
    person = Person.objects.create(organisation=group_a, name="Test")
    case = Case.objects.create(person=person, organisation=group_a)
    client = client_for(volunteer_a)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page).group(1)
    content = pdf_bytes()
    for _ in range(2):
        response = client.post(
            f"/cases/{case.pk}/documents/",
            {"doc_type": "receipt", "token": token, "file": upload(content, "recepisse.pdf")},
        )
        assert response.status_code == 302
    assert Document.objects.filter(case=case).count() == 1
    assert case.entries.filter(kind="document").count() == 1
    assert len(stored_files(private_root)) == 1  # the second file was not left behind
    # A new form (a new token) is a new document.
    client.post(
        f"/cases/{case.pk}/documents/",
        {"doc_type": "receipt", "token": str(uuid.uuid4()), "file": upload(content, "b.pdf")},
    )
    assert Document.objects.filter(case=case).count() == 2
