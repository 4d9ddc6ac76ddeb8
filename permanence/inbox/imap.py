"""Reading a group's mailbox over IMAP, with the standard library only (``imaplib``, ``email``).

``fetch_new_messages`` opens the mailbox, reads the unseen messages without marking them
(``BODY.PEEK[]``), parses each one into a ``ParsedMail`` (sender, subject, plain-text body, number
of attachments, which are never downloaded into the application) and only then marks it as seen.
When a ``store`` callback is given, a message is marked as seen only once ``store`` returned: a
message whose storing failed stays unseen and is read again next time.

``config_from_env`` reads ``PERMANENCE_IMAP_<SLUG>_HOST/PORT/USER/PASSWORD(_FILE)/MAILBOX/SSL``
(docs/inbox.md).
"""

import contextlib
import email
import email.policy
import hashlib
import imaplib
import re
import ssl as ssl_lib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from permanence.core.lib.env import env_bool, env_int, env_str

TIMEOUT_SECONDS = 30
MAX_MESSAGES = 200  # per run: a full mailbox is read over several runs


@dataclass(frozen=True)
class ParsedMail:
    uid: str
    message_id: str
    sender_name: str
    sender_address: str
    subject: str
    body: str
    attachments: int
    sent_at: datetime | None


class _TextFromHtml(HTMLParser):
    """The visible text of an HTML-only e-mail (scripts and styles left out)."""

    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "head"}:
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "head"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).splitlines())
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _content(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        return payload.decode(part.get_content_charset() or "utf-8", errors="replace")


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _content(part)
    if part.get_content_type() == "text/html":
        parser = _TextFromHtml()
        parser.feed(text)
        text = parser.text()
    return text.replace("\r\n", "\n").replace("\x00", "").strip()


def _attachments(message: EmailMessage) -> int:
    if not message.is_multipart():
        return 0
    try:
        return sum(1 for _part in message.iter_attachments())
    except (KeyError, TypeError):  # unusual structures: count the parts named as files
        return sum(1 for part in message.walk() if part.get_filename())


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name, "")
    except (ValueError, IndexError, TypeError):
        return ""
    return " ".join(str(value or "").split())


def _sender(message: EmailMessage) -> tuple[str, str]:
    """(display name, address); the address is "" when it is not a valid one."""
    try:
        addresses = message["From"].addresses if message["From"] is not None else ()
    except (AttributeError, ValueError, IndexError, TypeError):
        addresses = ()
    if not addresses:
        return "", ""
    name, address = " ".join(addresses[0].display_name.split()), addresses[0].addr_spec
    try:
        validate_email(address)
    except ValidationError:
        address = ""
    return name, address.strip()


def _sent_at(message: EmailMessage) -> datetime | None:
    try:
        value = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo is not None else None


def parse_message(raw: bytes, *, uid: str = "") -> ParsedMail:
    """Parse one RFC 822 message. A message without a Message-ID gets one from its bytes."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = _header(message, "Message-ID")
    if not message_id:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    name, address = _sender(message)
    return ParsedMail(
        uid=uid,
        message_id=message_id,
        sender_name=name,
        sender_address=address,
        subject=_header(message, "Subject"),
        body=_body(message),
        attachments=_attachments(message),
        sent_at=_sent_at(message),
    )


def _parse_or_placeholder(raw: bytes, *, uid: str) -> ParsedMail:
    """A message the parser chokes on still becomes a request (pointing to the mailbox), so
    that it does not stay unseen and break every following run."""
    try:
        return parse_message(raw, uid=uid)
    except Exception:  # noqa: BLE001 (any malformed message)
        return ParsedMail(
            uid=uid,
            message_id="sha256:" + hashlib.sha256(raw).hexdigest(),
            sender_name="",
            sender_address="",
            subject="",
            body=_("(message illisible par Permanence : lisez-le dans la boîte mail)"),
            attachments=0,
            sent_at=None,
        )


def _connect(*, host: str, port: int, ssl: bool) -> imaplib.IMAP4:
    context = ssl_lib.create_default_context()
    if ssl:
        return imaplib.IMAP4_SSL(host, port, ssl_context=context, timeout=TIMEOUT_SECONDS)
    connection = imaplib.IMAP4(host, port, timeout=TIMEOUT_SECONDS)
    connection.starttls(ssl_context=context)  # never a password in clear
    return connection


def fetch_new_messages(
    *,
    host: str,
    port: int,
    user: str,
    password: str,
    mailbox: str = "INBOX",
    ssl: bool = True,
    store: Callable[[ParsedMail], object] | None = None,
) -> list[ParsedMail]:
    """The unseen messages of ``mailbox``, each marked as seen once read (and stored)."""
    connection = _connect(host=host, port=port, ssl=ssl)
    messages = []
    try:
        connection.login(user, password)
        status, _data = connection.select(mailbox)
        if status != "OK":
            raise imaplib.IMAP4.error(f"cannot open mailbox {mailbox!r}")
        status, data = connection.uid("SEARCH", None, "UNSEEN")
        if status != "OK":
            raise imaplib.IMAP4.error("SEARCH UNSEEN failed")
        uids = (data[0] or b"").split()[:MAX_MESSAGES]
        for uid in uids:
            status, fetched = connection.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((item[1] for item in fetched or [] if isinstance(item, tuple)), None)
            if status != "OK" or raw is None:
                continue
            mail = _parse_or_placeholder(raw, uid=uid.decode())
            if store is not None:
                store(mail)
            connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            messages.append(mail)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()
    return messages


def env_prefix(slug: str) -> str:
    """'perm-foix' → 'PERMANENCE_IMAP_PERM_FOIX_'."""
    return "PERMANENCE_IMAP_" + re.sub(r"[^A-Z0-9]", "_", slug.upper()) + "_"


def config_from_env(slug: str) -> dict:
    """The ``fetch_new_messages`` arguments of an organisation, from the environment."""
    prefix = env_prefix(slug)
    host = env_str(prefix + "HOST")
    if not host:
        raise ImproperlyConfigured(f"IMAP is not configured: set {prefix}HOST (docs/inbox.md).")
    user, password = env_str(prefix + "USER"), env_str(prefix + "PASSWORD")
    if not user or not password:
        raise ImproperlyConfigured(f"Set {prefix}USER and {prefix}PASSWORD (or _PASSWORD_FILE).")
    use_ssl = env_bool(prefix + "SSL", True)
    return {
        "host": host,
        "port": env_int(prefix + "PORT", 993 if use_ssl else 143, minimum=1),
        "user": user,
        "password": password,
        "mailbox": env_str(prefix + "MAILBOX", "INBOX") or "INBOX",
        "ssl": use_ssl,
    }
