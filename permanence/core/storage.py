"""File storage that encrypts every file at rest under a random name.

Files are written under ``settings.PERMANENCE_PRIVATE_MEDIA_ROOT`` as ``ab/abcdef....bin``: the
original file name never reaches the disk (keep the display name in an ``EncryptedTextField``).
There are no public URLs: serve files through a view that checks permissions and reads
``storage.open(name)``. Contents are encrypted whole, in memory, with ``purpose="file"``.

Use ``FileField(storage=get_private_storage)`` so that migrations reference the callable.
"""

import os
import re
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_makedirs
from django.utils.deconstruct import deconstructible

from permanence.core.lib import crypto

FILE_PURPOSE = "file"
FILE_MODE = 0o600
DIRECTORY_MODE = 0o700

_STORED_NAME_RE = re.compile(r"([0-9a-f]{2})/([0-9a-f]{32})\.bin")


def _random_name() -> str:
    token = uuid.uuid4().hex
    return f"{token[:2]}/{token}.bin"


def _is_stored_name(name: str) -> bool:
    match = _STORED_NAME_RE.fullmatch(name)
    return match is not None and match[2].startswith(match[1])


def _fsync_directory(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@deconstructible(path="permanence.core.storage.EncryptedFileSystemStorage")
class EncryptedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that encrypts contents, randomises names and has no URLs."""

    def __init__(self, location: str | os.PathLike[str] | None = None) -> None:
        super().__init__(
            location=location,
            base_url=None,
            file_permissions_mode=FILE_MODE,
            directory_permissions_mode=DIRECTORY_MODE,
        )

    # Settings (plain properties, read on each access so that override_settings works) --------

    @property
    def base_location(self) -> str | os.PathLike[str]:
        if self._location is not None:
            return self._location
        root = getattr(settings, "PERMANENCE_PRIVATE_MEDIA_ROOT", None)
        if not root:
            raise ImproperlyConfigured(
                "PERMANENCE_PRIVATE_MEDIA_ROOT is not set: it is the folder of encrypted files."
            )
        return root

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None

    def url(self, name: str | None) -> str:
        raise NotImplementedError(
            "Encrypted files have no public URL: serve them through a permission-checked view "
            "that reads storage.open(name)."
        )

    # Names ------------------------------------------------------------------------------------

    def generate_filename(self, filename: str) -> str:
        """Never derive anything from the uploaded name (nor put it in an error message)."""
        return _random_name()

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        """Ignore the proposed name (it may reveal who the file is about): pick a random one."""
        while True:
            candidate = _random_name()
            if max_length is not None and len(candidate) > max_length:
                raise SuspiciousFileOperation(
                    f"max_length={max_length} is shorter than the {len(candidate)} characters "
                    "of an encrypted file name."
                )
            if not self.exists(candidate):
                return candidate

    # Reading and writing ----------------------------------------------------------------------

    def _save(self, name: str, content: File) -> str:
        chunks = (c.encode("utf-8") if isinstance(c, str) else c for c in content.chunks())
        blob = crypto.encrypt_bytes(b"".join(chunks), purpose=FILE_PURPOSE)
        if not _is_stored_name(name):
            name = _random_name()
        while True:
            path = Path(self.path(name))
            safe_makedirs(path.parent, DIRECTORY_MODE, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            try:
                fd = os.open(path, flags, FILE_MODE)
            except FileExistsError:
                name = _random_name()
                continue
            break
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return name

    def _open(self, name: str, mode: str = "rb") -> ContentFile:
        if mode != "rb":
            raise ValueError(
                f"EncryptedFileSystemStorage opens files in 'rb' mode only, not {mode!r}: "
                "save a new file to change contents."
            )
        blob = Path(self.path(name)).read_bytes()
        try:
            data = crypto.decrypt_bytes(blob, purpose=FILE_PURPOSE)
        except crypto.CryptoError as exc:
            exc.add_note(f"while decrypting the stored file {name!r}")
            raise
        return ContentFile(data, name=name)

    def _read_header(self, name: str) -> tuple[bytes, int]:
        with open(self.path(name), "rb") as stored:
            return stored.read(crypto.BLOB_HEADER_MAX_SIZE), os.fstat(stored.fileno()).st_size

    def size(self, name: str) -> int:
        """Return the size of the decrypted content."""
        header, stored_size = self._read_header(name)
        return stored_size - crypto.blob_overhead(header)

    # Key rotation -----------------------------------------------------------------------------

    def key_id_of(self, name: str) -> str:
        """Return the id of the key the stored file is encrypted with (reads only its header)."""
        header, _stored_size = self._read_header(name)
        return crypto.key_id_of(header)

    def needs_rotation(self, name: str) -> bool:
        """True when the file is encrypted with another key than the current one."""
        return self.key_id_of(name) != crypto.current_key_id()

    def reencrypt(self, name: str) -> bool:
        """Re-encrypt the file with the current key, atomically; return True if it changed."""
        path = Path(self.path(name))
        blob = path.read_bytes()
        if not crypto.needs_rotation(blob):
            return False
        data = crypto.decrypt_bytes(blob, purpose=FILE_PURPOSE)
        self._replace(path, crypto.encrypt_bytes(data, purpose=FILE_PURPOSE))
        return True

    def _replace(self, path: Path, blob: bytes) -> None:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".rotate-", suffix=".tmp")
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb") as out:
                out.write(blob)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp_name, path)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(path.parent)


private_storage = EncryptedFileSystemStorage()


def get_private_storage() -> EncryptedFileSystemStorage:
    """Return the shared encrypted storage; pass this callable as ``FileField(storage=...)``."""
    return private_storage
