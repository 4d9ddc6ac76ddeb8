"""Authenticated encryption of personal data at rest, and blind indexes.

The people in the files may be undocumented: names, notes and documents are encrypted with
AES-256-GCM before they reach the database or the disk.

Keys come from settings, read at call time (so ``override_settings`` works):

* ``PERMANENCE_DATA_KEYS``: ordered ``{key id: 32-byte key}``. The first entry encrypts; every
  entry decrypts. To rotate, put a new key first, run ``manage.py rotate_keys``, and only then
  remove the old key.
* ``PERMANENCE_INDEX_KEY``: the HMAC key of blind indexes (never derived from ``SECRET_KEY``).

Formats (the key id travels with the data so that several keys can coexist):

* text token: ``pm1$<kid>$<urlsafe-b64(nonce || ciphertext+tag)>`` (ASCII);
* binary blob: ``b"PMF1" + <1-byte kid length> + <kid> + <nonce> + <ciphertext+tag>``.

The ``purpose`` (for example ``"cases.person.name"``) is the associated data: a ciphertext
copied into another field does not decrypt.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import re
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
MIN_INDEX_KEY_SIZE = 32
BLIND_INDEX_LENGTH = 32
MAX_KEY_ID_LENGTH = 16

TEXT_PREFIX = "pm1"
BLOB_MAGIC = b"PMF1"
# Bytes to read from the start of a blob to always get its whole header (magic, length, kid).
BLOB_HEADER_MAX_SIZE = len(BLOB_MAGIC) + 1 + MAX_KEY_ID_LENGTH

_KEY_ID_RE = re.compile(r"[A-Za-z0-9_-]{1,16}")
_TOKEN_RE = re.compile(r"pm1\$([A-Za-z0-9_-]{1,16})\$([A-Za-z0-9_-]+={0,2})")
_KEY_TEXT_RE = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")


class CryptoError(Exception):
    """Base class of every encryption and decryption failure."""


class MissingKeyError(CryptoError):
    """The data was encrypted with a key id that is no longer configured."""

    def __init__(self, key_id: str) -> None:
        self.key_id = key_id
        super().__init__(
            f"Data key id {key_id!r} is not in PERMANENCE_DATA_KEYS: "
            "was a key removed before rotate_keys ran?"
        )


class DecryptionError(CryptoError):
    """Authentication failed: wrong key, wrong purpose, or altered data."""

    def __init__(self) -> None:
        super().__init__("cannot decrypt: wrong key or altered data")


class InvalidTokenFormat(CryptoError):
    """The value is not a token or blob produced by this module."""


# Configuration -------------------------------------------------------------------------------


def generate_key_text() -> str:
    """Return a fresh random 32-byte key, base64-encoded (URL-safe alphabet, padded)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_SIZE)).decode("ascii")


def parse_data_keys(text: str) -> dict[str, bytes]:
    """Parse ``kid1:BASE64KEY,kid2:BASE64KEY`` into an ordered ``{kid: key}`` dict.

    The first entry is the current (encrypting) key. Keys are standard or URL-safe base64 of
    exactly 32 bytes; key ids match ``[A-Za-z0-9_-]{1,16}``. Errors name the faulty entry by its
    position (and its key id once that is known to be valid) but never print key material.
    """
    setting = "PERMANENCE_DATA_KEYS"
    if not text or not text.strip():
        raise ImproperlyConfigured(
            f"{setting} is empty: give at least one 'kid:BASE64KEY' entry (generate a key with "
            "permanence.core.lib.crypto.generate_key_text())."
        )
    keys: dict[str, bytes] = {}
    for position, entry in enumerate(text.split(","), start=1):
        where = f"{setting} entry #{position}"
        entry = entry.strip()
        if not entry:
            raise ImproperlyConfigured(f"{where} is empty (stray comma?).")
        key_id, colon, key_text = entry.partition(":")
        key_id = key_id.strip()
        if not colon:
            raise ImproperlyConfigured(f"{where} is not of the form 'kid:BASE64KEY'.")
        if not _KEY_ID_RE.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"{where} has an invalid key id: use 1 to {MAX_KEY_ID_LENGTH} characters among "
                "A-Z a-z 0-9 _ - before the colon."
            )
        where = f"{where} (key id {key_id!r})"
        if key_id in keys:
            raise ImproperlyConfigured(f"{where} repeats a key id already used by another entry.")
        key = _decode_key_text(key_text, where=where)
        if len(key) != KEY_SIZE:
            raise ImproperlyConfigured(
                f"{where}: the key decodes to {len(key)} bytes, expected exactly {KEY_SIZE}."
            )
        keys[key_id] = key
    return keys


def parse_index_key(text: str) -> bytes:
    """Parse the base64 blind-index key (at least 32 bytes); errors never print the key."""
    setting = "PERMANENCE_INDEX_KEY"
    if not text or not text.strip():
        raise ImproperlyConfigured(
            f"{setting} is empty: give a base64 key of at least {MIN_INDEX_KEY_SIZE} bytes "
            "(generate one with permanence.core.lib.crypto.generate_key_text())."
        )
    key = _decode_key_text(text, where=setting)
    if len(key) < MIN_INDEX_KEY_SIZE:
        raise ImproperlyConfigured(
            f"{setting}: the key decodes to {len(key)} bytes, expected at least "
            f"{MIN_INDEX_KEY_SIZE}."
        )
    return key


def _decode_key_text(text: str, *, where: str) -> bytes:
    """Decode standard or URL-safe base64, padding optional; never echo the input."""
    text = text.strip()
    if not _KEY_TEXT_RE.fullmatch(text):
        raise ImproperlyConfigured(f"{where}: the key is not valid base64.")
    text = text.rstrip("=").replace("-", "+").replace("_", "/")
    text += "=" * (-len(text) % 4)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{where}: the key is not valid base64.") from None


def _data_keys() -> dict[str, bytes]:
    keys = getattr(settings, "PERMANENCE_DATA_KEYS", None)
    if not isinstance(keys, dict) or not keys:
        raise ImproperlyConfigured(
            "PERMANENCE_DATA_KEYS must be a non-empty dict of key id -> 32-byte key "
            "(see permanence.core.lib.crypto.parse_data_keys)."
        )
    for key_id, key in keys.items():
        if not isinstance(key_id, str) or not _KEY_ID_RE.fullmatch(key_id):
            raise ImproperlyConfigured("PERMANENCE_DATA_KEYS has an invalid key id.")
        if not isinstance(key, bytes) or len(key) != KEY_SIZE:
            raise ImproperlyConfigured(
                f"PERMANENCE_DATA_KEYS[{key_id!r}] must be exactly {KEY_SIZE} bytes."
            )
    return keys


def _index_key() -> bytes:
    key = getattr(settings, "PERMANENCE_INDEX_KEY", None)
    if not isinstance(key, bytes) or len(key) < MIN_INDEX_KEY_SIZE:
        raise ImproperlyConfigured(
            f"PERMANENCE_INDEX_KEY must be at least {MIN_INDEX_KEY_SIZE} bytes "
            "(see permanence.core.lib.crypto.parse_index_key)."
        )
    return key


def _current_key() -> tuple[str, bytes]:
    return next(iter(_data_keys().items()))


def current_key_id() -> str:
    """Return the id of the key that encrypts new data (the first of PERMANENCE_DATA_KEYS)."""
    return _current_key()[0]


def configured_key_ids() -> tuple[str, ...]:
    """Return the ids of every configured data key, current key first."""
    return tuple(_data_keys())


def _key_for(key_id: str) -> bytes:
    try:
        return _data_keys()[key_id]
    except KeyError:
        raise MissingKeyError(key_id) from None


@functools.lru_cache(maxsize=16)
def _cipher(key: bytes) -> AESGCM:
    return AESGCM(key)


def _associated_data(purpose: str) -> bytes:
    if not isinstance(purpose, str) or not purpose or "\x00" in purpose:
        raise ValueError("purpose must be a non-empty string without NUL characters.")
    return purpose.encode("utf-8")


def _seal(data: bytes, *, purpose: str) -> tuple[str, bytes]:
    """Encrypt with the current key; return (key id, nonce || ciphertext || tag)."""
    aad = _associated_data(purpose)
    key_id, key = _current_key()
    nonce = secrets.token_bytes(NONCE_SIZE)
    return key_id, nonce + _cipher(key).encrypt(nonce, data, aad)


def _unseal(key_id: str, sealed: bytes, *, purpose: str) -> bytes:
    aad = _associated_data(purpose)
    if len(sealed) < NONCE_SIZE + TAG_SIZE:
        raise InvalidTokenFormat("encrypted value is truncated.")
    cipher = _cipher(_key_for(key_id))
    try:
        return cipher.decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:], aad)
    except InvalidTag:
        raise DecryptionError() from None


# Text tokens ---------------------------------------------------------------------------------


def _parse_token(token: str) -> tuple[str, bytes]:
    if not isinstance(token, str):
        raise InvalidTokenFormat(f"expected a str token, got {type(token).__name__}.")
    match = _TOKEN_RE.fullmatch(token)
    if match is None:
        raise InvalidTokenFormat(f"value is not a {TEXT_PREFIX!r} encrypted token.")
    key_id, payload = match.groups()
    try:
        sealed = base64.urlsafe_b64decode(payload)
    except (binascii.Error, ValueError):
        raise InvalidTokenFormat("encrypted token payload is not valid base64.") from None
    # Refuse non-canonical encodings so that one ciphertext has exactly one spelling.
    if base64.urlsafe_b64encode(sealed).decode("ascii") != payload:
        raise InvalidTokenFormat("encrypted token payload is not canonical base64.")
    return key_id, sealed


def encrypt_text(plaintext: str, *, purpose: str) -> str:
    """Encrypt ``plaintext`` with the current key into a ``pm1$kid$...`` token."""
    if not isinstance(plaintext, str):
        raise TypeError(f"encrypt_text() expects str, got {type(plaintext).__name__}.")
    key_id, sealed = _seal(plaintext.encode("utf-8"), purpose=purpose)
    payload = base64.urlsafe_b64encode(sealed).decode("ascii")
    return f"{TEXT_PREFIX}${key_id}${payload}"


def decrypt_text(token: str, *, purpose: str) -> str:
    """Decrypt a token made by ``encrypt_text`` with the same ``purpose``.

    Raises InvalidTokenFormat, MissingKeyError or DecryptionError; never returns garbage.
    """
    key_id, sealed = _parse_token(token)
    data = _unseal(key_id, sealed, purpose=purpose)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionError() from None


# Binary blobs --------------------------------------------------------------------------------


def _parse_blob_header(blob: bytes) -> tuple[str, int]:
    """Return (key id, offset of the nonce); ``blob`` may be just its first bytes."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise InvalidTokenFormat(f"expected bytes, got {type(blob).__name__}.")
    blob = bytes(blob[:BLOB_HEADER_MAX_SIZE])
    start = len(BLOB_MAGIC)
    if blob[:start] != BLOB_MAGIC or len(blob) <= start:
        raise InvalidTokenFormat(f"value is not a {BLOB_MAGIC!r} encrypted blob.")
    end = start + 1 + blob[start]
    try:
        key_id = blob[start + 1 : end].decode("ascii")
    except UnicodeDecodeError:
        raise InvalidTokenFormat("encrypted blob has an invalid key id.") from None
    if len(blob) < end or not _KEY_ID_RE.fullmatch(key_id):
        raise InvalidTokenFormat("encrypted blob has an invalid key id.")
    return key_id, end


def encrypt_bytes(data: bytes, *, purpose: str) -> bytes:
    """Encrypt ``data`` with the current key into a ``PMF1`` blob (whole content in memory)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"encrypt_bytes() expects bytes, got {type(data).__name__}.")
    key_id, sealed = _seal(bytes(data), purpose=purpose)
    encoded_id = key_id.encode("ascii")
    return BLOB_MAGIC + bytes([len(encoded_id)]) + encoded_id + sealed


def decrypt_bytes(blob: bytes, *, purpose: str) -> bytes:
    """Decrypt a blob made by ``encrypt_bytes`` with the same ``purpose``.

    Raises InvalidTokenFormat, MissingKeyError or DecryptionError; never returns garbage.
    """
    key_id, offset = _parse_blob_header(blob)
    return _unseal(key_id, bytes(blob[offset:]), purpose=purpose)


def blob_overhead(header: bytes) -> int:
    """Return how many bytes a blob adds to its plaintext, from the blob's first bytes.

    ``len(blob) - blob_overhead(blob[:BLOB_HEADER_MAX_SIZE])`` is the plaintext size.
    """
    _key_id, offset = _parse_blob_header(header)
    return offset + NONCE_SIZE + TAG_SIZE


# Rotation ------------------------------------------------------------------------------------


def key_id_of(token: str | bytes) -> str:
    """Return the key id of a text token, or of a blob (whole or just its first bytes)."""
    if isinstance(token, str):
        return _parse_token(token)[0]
    return _parse_blob_header(token)[0]


def needs_rotation(token: str | bytes) -> bool:
    """True when ``token`` was encrypted with another key than the current one."""
    return key_id_of(token) != current_key_id()


# Blind indexes -------------------------------------------------------------------------------


def blind_index(value: str, *, purpose: str) -> str:
    """Return a keyed hash of ``value`` to find rows by equality without decrypting them.

    HMAC-SHA256 with PERMANENCE_INDEX_KEY over ``purpose + "\\x00" + value``, as 32 hex
    characters. The value is hashed exactly as given: callers must normalise it first (case,
    accents, spaces...) in the same way when writing and when searching.
    """
    if not isinstance(value, str):
        raise TypeError(f"blind_index() expects str, got {type(value).__name__}.")
    message = _associated_data(purpose) + b"\x00" + value.encode("utf-8")
    digest = hmac.new(_index_key(), message, hashlib.sha256).hexdigest()
    return digest[:BLIND_INDEX_LENGTH]
