"""The documents of a person: checking an upload, storing it encrypted, reading it back.

An upload is accepted when its CONTENT is a PDF, a JPEG, a PNG or a HEIC/HEIF photo (magic bytes;
the file name and the browser's content type are never trusted) of at most ``MAX_BYTES``.

- Photos are decoded (with a decompression-bomb guard), turned upright (EXIF orientation),
  downscaled to ``MAX_SIDE`` pixels at most and re-encoded WITHOUT any metadata: no EXIF, GPS
  position, camera, XMP, ICC profile nor comment reaches the disk. HEIC becomes JPEG.
- PDFs are stored as they are, after checking that they hold no JavaScript, automatic action,
  launch of a program, dynamic (XFA) form nor embedded file, and that they can be opened
  without a password.
- The display name is the original base name, cleaned and with the extension of the real type.
  The caller stores it encrypted (``Document.name``); the name on disk is random.

``document_store`` and ``document_open`` write the audit event of the creation and of each read.
"""

import contextlib
import io
import re
import unicodedata
from dataclasses import dataclass

import pillow_heif
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases.models import Case, Document, Person
from permanence.cases.vocab import DocumentType

pillow_heif.register_heif_opener()

MAX_MEGABYTES = 20
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
MAX_PIXELS = 60_000_000  # refuse bigger images before decoding them (decompression bombs)
MAX_SIDE = 3000  # longest side of a stored photo, in pixels
JPEG_QUALITY = 85
MAX_PDF_OBJECTS = 500_000  # objects visited when looking for active content
MAX_NAME_LENGTH = 120

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"

_EXTENSIONS = {PDF: ("pdf",), JPEG: ("jpg", "jpeg", "jpe"), PNG: ("png",)}
_PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", HEIC: "HEIF"}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_HEIF_GENERIC_BRANDS = {b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}

from permanence.cases.upload_messages import NO_FILE_MESSAGE  # noqa: E402 (re-exported)
from permanence.cases.vocab import checklist  # noqa: E402, F401 (re-exported)

EMPTY_MESSAGE = _("Le fichier est vide.")
TOO_BIG_MESSAGE = _("Le fichier dépasse 20 Mo.")
TYPE_MESSAGE = _("Ce fichier n’est pas un PDF, une photo JPEG, PNG ou HEIC.")
IMAGE_UNREADABLE_MESSAGE = _("Cette image est illisible ou endommagée.")
IMAGE_TOO_LARGE_MESSAGE = _(
    "Cette image est trop grande (plus de 60 millions de pixels) : réduisez-la puis réessayez."
)
PDF_UNREADABLE_MESSAGE = _("Ce PDF est illisible ou endommagé.")
PDF_PASSWORD_MESSAGE = _(
    "Ce PDF est protégé par un mot de passe : enregistrez-le sans mot de passe puis réessayez."
)
_PRINT_TIP = _(
    "Vous pouvez l’ouvrir, choisir « Imprimer » puis « Enregistrer au format PDF », "
    "et envoyer ce nouveau fichier."
)
PDF_JAVASCRIPT_MESSAGE = _("Ce PDF contient du JavaScript : il a été refusé par sécurité.")
PDF_ACTION_MESSAGE = _(
    "Ce PDF contient une action automatique ou un formulaire dynamique : "
    "il a été refusé par sécurité."
)
PDF_EMBEDDED_MESSAGE = _("Ce PDF contient des fichiers joints : il a été refusé par sécurité.")


class UploadRejected(Exception):
    """The upload is refused; ``message`` tells the person uploading why, in French."""

    def __init__(self, message, *, code: str = "invalid", hint=None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint  # an optional second sentence: what to do instead

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    display_name: str

    @property
    def size(self) -> int:
        return len(self.content)


# --- Type detection ------------------------------------------------------------------------------


def sniff(data: bytes) -> str:
    """The type of ``data`` from its first bytes: one of PDF, JPEG, PNG, HEIC, or UploadRejected."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if _is_heif(data):
        return HEIC
    raise UploadRejected(TYPE_MESSAGE, code="type")


def _is_heif(data: bytes) -> bool:
    """An ISO media file whose ``ftyp`` box names a HEIF (HEVC) brand (AVIF is not accepted)."""
    if len(data) < 16 or data[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(data[:4], "big")
    if box_size < 16 or box_size > 4096:
        return False
    major = data[8:12]
    compatible = {data[i : i + 4] for i in range(16, min(box_size, len(data)) - 3, 4)}
    brands = {major} | compatible
    if brands & _HEIF_BRANDS:
        return True
    return major in _HEIF_GENERIC_BRANDS and not brands & _AVIF_BRANDS


# --- Cleaning ------------------------------------------------------------------------------------


def clean_upload(uploaded_file) -> CleanFile:
    """Check an uploaded file and return what may be stored, or raise UploadRejected."""
    data = _read_limited(uploaded_file)
    content_type = sniff(data)
    if content_type == PDF:
        _check_pdf(data)
        content = data
    else:
        content, content_type = _clean_image(data, content_type)
    name = getattr(uploaded_file, "name", None)
    return CleanFile(
        content=content,
        content_type=content_type,
        display_name=safe_display_name(name, content_type),
    )


def _read_limited(uploaded_file) -> bytes:
    """Read at most MAX_BYTES + 1 bytes: the announced size may lie."""
    if uploaded_file is None:
        raise UploadRejected(NO_FILE_MESSAGE, code="missing")
    announced = getattr(uploaded_file, "size", None)
    if isinstance(announced, int) and announced > MAX_BYTES:
        raise UploadRejected(TOO_BIG_MESSAGE, code="size")
    with contextlib.suppress(AttributeError, OSError, ValueError):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_BYTES + 1)
    if not isinstance(data, bytes | bytearray):
        raise UploadRejected(TYPE_MESSAGE, code="type")
    if len(data) > MAX_BYTES:
        raise UploadRejected(TOO_BIG_MESSAGE, code="size")
    if not data:
        raise UploadRejected(EMPTY_MESSAGE, code="empty")
    return bytes(data)


def _clean_image(data: bytes, content_type: str) -> tuple[bytes, str]:
    """Decode, turn upright, downscale and re-encode an image without metadata."""
    try:
        with Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[content_type]]) as image:
            width, height = image.size
            if width <= 0 or height <= 0:
                raise UploadRejected(IMAGE_UNREADABLE_MESSAGE, code="unreadable")
            if width * height > MAX_PIXELS:
                raise UploadRejected(IMAGE_TOO_LARGE_MESSAGE, code="pixels")
            if content_type == JPEG:
                image.draft(None, (MAX_SIDE, MAX_SIDE))  # decode big JPEGs at a smaller scale
            image.load()
            transparency = image.info.get("transparency")
            ImageOps.exif_transpose(image, in_place=True)
            image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            if content_type == PNG:
                return _encode_png(image, transparency), PNG
            return _encode_jpeg(image), JPEG
    except UploadRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise UploadRejected(IMAGE_TOO_LARGE_MESSAGE, code="pixels") from exc
    except Exception as exc:  # any decoder error (truncated, corrupt, unsupported variant…)
        raise UploadRejected(IMAGE_UNREADABLE_MESSAGE, code="unreadable") from exc


def _strip_metadata(image: Image.Image) -> None:
    """Forget every piece of metadata read from the file: Pillow would write some back."""
    image.info = {}


def _encode_jpeg(image: Image.Image) -> bytes:
    if image.mode not in ("RGB", "L"):
        image = _flatten(image)
    _strip_metadata(image)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _encode_png(image: Image.Image, transparency) -> bytes:
    options = {}
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
        image = image.convert("RGBA")
    elif transparency is not None and image.mode in ("1", "L", "P", "RGB"):
        options["transparency"] = transparency
    _strip_metadata(image)
    out = io.BytesIO()
    image.save(out, format="PNG", **options)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """An RGB copy of ``image``; transparent parts become white."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


# --- PDF -----------------------------------------------------------------------------------------

# Action types that run something, fetch something or open another file.
_JAVASCRIPT_ACTIONS = {"/JavaScript"}
_ACTIVE_ACTIONS = {"/Launch", "/ImportData", "/RichMediaExecute", "/GoToE", "/SubmitForm"}
_PDF_DELIMITER = rb"(?=[\x00\t\n\x0c\r /<>\[\]()%{}]|\Z)"


def _name_regex(name: str) -> bytes:
    """A regex for the PDF name ``/name``, also written with ``#xx`` escapes (``/J#53``)."""
    parts = []
    for char in name:
        code = f"{ord(char):02x}"
        hex_escape = "#" + "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in code)
        parts.append(f"(?:{re.escape(char)}|{hex_escape})")
    return b"/" + "".join(parts).encode("ascii") + _PDF_DELIMITER


_RAW_JAVASCRIPT_RE = re.compile(_name_regex("JS") + b"|" + _name_regex("JavaScript"))
_STREAM_DATA_RE = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r).*?endstream", re.DOTALL)


def _check_pdf(data: bytes) -> None:
    """Refuse a PDF that cannot be read, asks for a password or holds active content."""
    # Belt and braces: the names of JavaScript outside stream data (where random compressed
    # bytes could look like one), whatever the object structure says.
    if _RAW_JAVASCRIPT_RE.search(_STREAM_DATA_RE.sub(b" ", data)):
        raise UploadRejected(PDF_JAVASCRIPT_MESSAGE, code="javascript", hint=_PRINT_TIP)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # unknown algorithm, broken /Encrypt dictionary…
                raise UploadRejected(PDF_PASSWORD_MESSAGE, code="encrypted") from exc
            if not opened:
                raise UploadRejected(PDF_PASSWORD_MESSAGE, code="encrypted")
        _check_pdf_objects(reader)
        if len(reader.pages) == 0:
            raise UploadRejected(PDF_UNREADABLE_MESSAGE, code="unreadable")
    except UploadRejected:
        raise
    except Exception as exc:  # pypdf's errors, recursion in a malformed file, bad numbers…
        raise UploadRejected(PDF_UNREADABLE_MESSAGE, code="unreadable") from exc


def _check_pdf_objects(reader: PdfReader) -> None:
    """Walk every object reachable from the trailer and refuse active content.

    Catches JavaScript anywhere (Names tree, OpenAction, annotations, form fields), additional
    actions (``/AA``), launch and similar actions, XFA forms and embedded files.
    """
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            reference = (obj.idnum, obj.generation)
            if reference in seen:
                continue
            seen.add(reference)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            raise UploadRejected(PDF_UNREADABLE_MESSAGE, code="unreadable")
        if isinstance(obj, DictionaryObject):
            _check_pdf_dictionary(obj)
            stack.extend(dict.values(obj))
        elif isinstance(obj, ArrayObject):
            stack.extend(list.__iter__(obj))


def _value(dictionary: DictionaryObject, key: str):
    """The value of ``key``, resolved when it is a reference (None when absent)."""
    value = dict.get(dictionary, key)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _check_pdf_dictionary(dictionary: DictionaryObject) -> None:
    keys = set(dict.keys(dictionary))
    if keys & {"/JS", "/JavaScript"}:
        raise UploadRejected(PDF_JAVASCRIPT_MESSAGE, code="javascript", hint=_PRINT_TIP)
    action = _value(dictionary, "/S")
    if action in _JAVASCRIPT_ACTIONS:
        raise UploadRejected(PDF_JAVASCRIPT_MESSAGE, code="javascript", hint=_PRINT_TIP)
    if action in _ACTIVE_ACTIONS or keys & {"/AA", "/XFA"}:
        raise UploadRejected(PDF_ACTION_MESSAGE, code="action", hint=_PRINT_TIP)
    open_action = _value(dictionary, "/OpenAction")
    # A destination (an array) only shows a page; an action dictionary other than GoTo does
    # something when the file is opened (JavaScript, URI, Launch…).
    if isinstance(open_action, DictionaryObject) and _value(open_action, "/S") != "/GoTo":
        if _value(open_action, "/S") in _JAVASCRIPT_ACTIONS or "/JS" in open_action:
            raise UploadRejected(PDF_JAVASCRIPT_MESSAGE, code="javascript", hint=_PRINT_TIP)
        raise UploadRejected(PDF_ACTION_MESSAGE, code="action", hint=_PRINT_TIP)
    if keys & {"/EmbeddedFiles", "/EF"} or _value(dictionary, "/Type") == "/EmbeddedFile":
        raise UploadRejected(PDF_EMBEDDED_MESSAGE, code="embedded", hint=_PRINT_TIP)
    if _value(dictionary, "/Subtype") in ("/RichMedia", "/Movie", "/Sound", "/Screen"):
        raise UploadRejected(PDF_ACTION_MESSAGE, code="action", hint=_PRINT_TIP)


# --- Display name --------------------------------------------------------------------------------

_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_RESERVED_CHARS = re.compile(r'[<>:"|?*]')
_EXTENSION_RE = re.compile(r"\.([0-9A-Za-z]{1,5})$")


def safe_display_name(name, content_type: str) -> str:
    """The base name of ``name`` without control characters, directories nor traversal, at most
    MAX_NAME_LENGTH characters, with an extension matching ``content_type``."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(
        " " if c.isspace() else c
        for c in text
        if c.isspace() or unicodedata.category(c) not in _DROPPED_CATEGORIES
    )
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = _RESERVED_CHARS.sub("_", text)
    text = " ".join(text.split()).strip(" .")
    extensions = _EXTENSIONS[content_type]
    match = _EXTENSION_RE.search(text)
    if match and match[1].lower() in extensions:
        stem, extension = text[: match.start()], match[1]
    else:
        stem = text[: match.start()] if match and re.search("[A-Za-z]", match[1]) else text
        extension = extensions[0]
    stem = stem.rstrip(" .")[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(" .")
    return f"{stem or 'document'}.{extension}"


# --- Services ------------------------------------------------------------------------------------


def document_store(
    *, person: Person, case: Case | None, doc_type: str, uploaded_file, request, token=None
) -> Document:
    """Check ``uploaded_file``, store it encrypted as a document of ``person`` and audit it.

    Raises UploadRejected (show its ``message``) when the file is refused.
    """
    if doc_type not in DocumentType.values:
        raise ValueError(f"Unknown document type {doc_type!r}")
    if case is not None and case.person_id != person.pk:
        raise ValueError("The case is not a case of this person.")
    clean = clean_upload(uploaded_file)  # CPU work outside the transaction
    user = getattr(request, "user", None)
    document = Document(
        person=person,
        case=case,
        doc_type=doc_type,
        name=clean.display_name,
        content_type=clean.content_type,
        size=clean.size,
        uploaded_by=user if user is not None and user.is_authenticated else None,
        creation_token=token,
    )
    document.file = ContentFile(clean.content, name="upload")
    try:
        with transaction.atomic():
            document.save()
            audit_log(
                action=Action.OBJECT_CREATED,
                request=request,
                obj=document,
                organisation=person.organisation,
            )
    except BaseException:
        # The file was written before the row: do not leave an orphan encrypted file behind.
        if document.file.name and document.file.name != "upload":
            document.file.storage.delete(document.file.name)
        raise
    return document


def document_open(*, document: Document, request) -> tuple[bytes, str, str]:
    """Decrypt a document: (content, content type, display name); audits the read."""
    with document.file.storage.open(document.file.name, "rb") as stored:
        content = stored.read()
    audit_log(
        action=Action.OBJECT_READ,
        request=request,
        obj=document,
        organisation=document.person.organisation,
    )
    return content, document.content_type, document.name
