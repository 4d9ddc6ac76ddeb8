"""E-mails fetched over IMAP become requests, once each, against a fake server (no network)."""

import imaplib
import io
from email.message import EmailMessage

import pytest
from django.core.management import CommandError, call_command

from permanence.inbox import imap, services
from permanence.inbox.models import Channel, Request

PASSWORD = "s3cret-imap"


def message(
    *, sender="Amina Diallo <amina@example.org>", subject="Titre de séjour", body="Bonjour", **h
):
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "permanence@example.org"
    mail["Subject"] = subject
    mail["Date"] = h.get("date", "Mon, 08 Jun 2026 10:15:00 +0200")
    if h.get("message_id", "<1@example.org>"):
        mail["Message-ID"] = h.get("message_id", "<1@example.org>")
    mail.set_content(body)
    if h.get("html"):
        mail.add_alternative(h["html"], subtype="html")
    for name in h.get("attachments", []):
        mail.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf", filename=name)
    return bytes(mail)


def html_only() -> bytes:
    mail = EmailMessage()
    mail["From"] = "karim@example.org"
    mail["Subject"] = "Question"
    mail.set_content(
        "<html><head><style>p{}</style></head><body><p>Ma demande d’asile&nbsp;:</p>"
        "<p>refus <b>OFPRA</b></p><script>alert(1)</script></body></html>",
        subtype="html",
    )
    return bytes(mail)


class FakeServer:
    """The mailbox of a fake IMAP server: uid → raw message, and the seen flags."""

    def __init__(self, messages: list[bytes]) -> None:
        self.messages = {str(n + 1).encode(): raw for n, raw in enumerate(messages)}
        self.seen: set[bytes] = set()
        self.connections: list[tuple] = []
        self.logged_out = 0

    def unseen(self) -> list[bytes]:
        return [uid for uid in self.messages if uid not in self.seen]


@pytest.fixture
def server(monkeypatch):
    box = FakeServer([])

    class FakeIMAP4SSL:
        def __init__(self, host, port=993, *, ssl_context=None, timeout=None):
            box.connections.append((host, port, ssl_context is not None, timeout))

        def login(self, user, password):
            if (user, password) != ("permanence@example.org", PASSWORD):
                raise imaplib.IMAP4.error(b"[AUTHENTICATIONFAILED] Invalid credentials")
            return "OK", [b"Logged in"]

        def select(self, mailbox="INBOX"):
            return ("OK", [str(len(box.messages)).encode()]) if mailbox == "INBOX" else ("NO", [])

        def uid(self, command, *args):
            if command == "SEARCH":
                assert args == (None, "UNSEEN")
                return "OK", [b" ".join(box.unseen())]
            if command == "FETCH":
                uid, what = args
                assert what == "(BODY.PEEK[])"  # reading never marks as seen by itself
                raw = box.messages[uid]
                return "OK", [(b"%s (UID %s BODY[] {%d}" % (uid, uid, len(raw)), raw), b")"]
            if command == "STORE":
                uid, op, flags = args
                assert (op, flags) == ("+FLAGS", "(\\Seen)")
                box.seen.add(uid)
                return "OK", [b""]
            raise AssertionError(command)

        def logout(self):
            box.logged_out += 1
            return "BYE", [b""]

    monkeypatch.setattr(imaplib, "IMAP4_SSL", FakeIMAP4SSL)
    return box


@pytest.fixture
def imap_env(monkeypatch, tmp_path):
    secret = tmp_path / "imap-password"
    secret.write_text(PASSWORD + "\n")
    monkeypatch.setenv("PERMANENCE_IMAP_GROUPE_A_HOST", "imap.example.org")
    monkeypatch.setenv("PERMANENCE_IMAP_GROUPE_A_USER", "permanence@example.org")
    monkeypatch.setenv("PERMANENCE_IMAP_GROUPE_A_PASSWORD_FILE", str(secret))


def fetch(slug="groupe-a") -> str:
    out = io.StringIO()
    call_command("fetch_inbox_mail", organisation=slug, stdout=out)
    return out.getvalue()


def test_unread_emails_become_requests_and_are_marked_as_seen(server, imap_env, group_a, desk_a):
    server.messages = {
        b"1": message(body="Mon récépissé expire le 3 mars."),
        b"2": message(
            sender="=?utf-8?b?2KPZhdmK2YbYqQ==?= <amina.b@example.org>",
            subject="",
            body="مرحبا، لدي سؤال عن اللجوء",
            message_id="<2@example.org>",
            html="<p>مرحبا</p>",
            attachments=["recepisse.pdf", "passeport.pdf"],
        ),
    }
    assert fetch() == "groupe-a: 2 new request(s), 0 known.\n"
    assert server.seen == {b"1", b"2"} and server.logged_out == 1
    assert server.connections == [("imap.example.org", 993, True, imap.TIMEOUT_SECONDS)]
    first, second = Request.objects.order_by("received_at", "attachment_count")
    assert (first.channel, first.name, first.contact, first.answer_channel) == (
        Channel.EMAIL,
        "Amina Diallo",
        "amina@example.org",
        "email",
    )
    assert first.text == "Objet : Titre de séjour\n\nMon récépissé expire le 3 mars."
    assert first.organisation == group_a and first.desk == desk_a  # the group's only desk
    assert first.received_at.isoformat() == "2026-06-08T08:15:00+00:00"
    assert second.name == "أمينة" and second.text == "مرحبا، لدي سؤال عن اللجوء"
    assert second.attachment_count == 2


def test_fetching_again_never_duplicates_a_message(server, imap_env, group_a):
    server.messages = {b"1": message(), b"2": message(message_id="<2@example.org>")}
    fetch()
    assert fetch() == "groupe-a: 0 new request(s), 0 known.\n"
    server.seen.clear()  # someone marked them unread in their mail client
    server.messages[b"3"] = message(message_id="<1@example.org>")  # the same, copied again
    assert fetch() == "groupe-a: 0 new request(s), 3 known.\n"
    assert Request.objects.count() == 2 and server.seen == {b"1", b"2", b"3"}


def test_the_same_message_id_may_reach_two_groups(server, imap_env, group_a, group_b):
    server.messages = {b"1": message()}
    fetch()
    mail = imap.parse_message(message())
    _request, created = services.request_from_mail(organisation=group_b, desk=None, mail=mail)
    assert created and Request.objects.count() == 2


def test_a_message_that_could_not_be_stored_stays_unseen(server, imap_env, group_a, monkeypatch):
    server.messages = {b"1": message(), b"2": message(message_id="<2@example.org>")}
    real = services.request_from_mail

    def failing(*, organisation, desk, mail):
        if mail.uid == "2":
            raise OSError("disk full")
        return real(organisation=organisation, desk=desk, mail=mail)

    monkeypatch.setattr(services, "request_from_mail", failing)
    with pytest.raises(CommandError):
        fetch()
    assert server.seen == {b"1"} and Request.objects.count() == 1
    monkeypatch.setattr(services, "request_from_mail", real)
    assert fetch() == "groupe-a: 1 new request(s), 0 known.\n"


def test_html_only_and_odd_messages_still_become_readable_requests(server, imap_env, group_a):
    server.messages = {
        b"1": html_only(),
        b"2": b"From: not an address\r\nSubject: x\r\n\r\n" + ("a" * 6000).encode(),
        b"3": b"\xff\xfe garbage without headers",
    }
    fetch()
    requests = list(Request.objects.all())
    assert len(requests) == 3 and server.unseen() == []
    html = next(r for r in requests if r.contact == "karim@example.org")
    assert html.text == "Objet : Question\n\nMa demande d’asile :\nrefus OFPRA"
    long = next(r for r in requests if r.text.startswith("Objet : x"))
    assert len(long.text) == 5000 and long.text.endswith("[…]")
    assert long.contact == "" and long.answer_channel == ""
    garbage = next(r for r in requests if r not in (html, long))
    assert garbage.text


def test_a_missing_message_id_is_replaced_by_a_hash_of_the_message():
    raw = message(message_id="")
    assert imap.parse_message(raw).message_id == imap.parse_message(raw).message_id
    assert imap.parse_message(raw).message_id.startswith("sha256:")
    assert imap.parse_message(message(message_id="", body="autre")).message_id != (
        imap.parse_message(raw).message_id
    )


def test_a_sender_with_an_injected_header_gets_no_answer_address():
    raw = b"From: a@example.org\r\n\tBcc: spam@example.org\r\nSubject: x\r\n\r\nBonjour\r\n"
    mail = imap.parse_message(raw)
    assert "\n" not in mail.sender_address and "\r" not in mail.sender_address
    assert "Bcc" not in mail.sender_address


def test_without_configuration_the_command_says_which_variables_to_set(group_a, monkeypatch):
    for name in ("HOST", "USER", "PASSWORD", "PASSWORD_FILE"):
        monkeypatch.delenv(f"PERMANENCE_IMAP_GROUPE_A_{name}", raising=False)
    with pytest.raises(CommandError, match="PERMANENCE_IMAP_GROUPE_A_HOST"):
        fetch()
    with pytest.raises(CommandError, match="No active organisation"):
        fetch("nowhere")


def test_a_wrong_password_fails_loudly_without_showing_it(server, group_a, monkeypatch):
    monkeypatch.setenv("PERMANENCE_IMAP_GROUPE_A_HOST", "imap.example.org")
    monkeypatch.setenv("PERMANENCE_IMAP_GROUPE_A_USER", "permanence@example.org")
    monkeypatch.setenv("PERMANENCE_IMAP_GROUPE_A_PASSWORD", "wrong-password")
    with pytest.raises(CommandError) as error:
        fetch()
    assert "AUTHENTICATIONFAILED" in str(error.value)
    assert "wrong-password" not in str(error.value) and server.logged_out == 1


def test_the_environment_names_port_mailbox_and_tls(monkeypatch):
    monkeypatch.setenv("PERMANENCE_IMAP_PERM_DE_FOIX_HOST", "mail.example.org")
    monkeypatch.setenv("PERMANENCE_IMAP_PERM_DE_FOIX_USER", "u")
    monkeypatch.setenv("PERMANENCE_IMAP_PERM_DE_FOIX_PASSWORD", "p")
    monkeypatch.setenv("PERMANENCE_IMAP_PERM_DE_FOIX_SSL", "0")
    monkeypatch.setenv("PERMANENCE_IMAP_PERM_DE_FOIX_MAILBOX", "Demandes")
    assert imap.config_from_env("perm-de-foix") == {
        "host": "mail.example.org",
        "port": 143,
        "user": "u",
        "password": "p",
        "mailbox": "Demandes",
        "ssl": False,
    }
