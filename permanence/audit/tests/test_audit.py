"""The audit journal is append-only, records sign-in events, and is browsed per organisation."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from permanence.audit.models import Action, AppendOnlyError, AuditEvent
from permanence.audit.services import audit_log


@pytest.fixture
def event(db):
    return audit_log(action=Action.OBJECT_READ, object_type="cases.person", object_id="42")


def test_events_cannot_be_changed_or_deleted_through_the_model(event):
    event.action = Action.OBJECT_DELETED
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == Action.OBJECT_READ


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database trigger on PostgreSQL")
def test_postgresql_refuses_updates_and_deletes_of_events(event):
    for sql in ["UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"]:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.filter(pk=event.pk, action=Action.OBJECT_READ).exists()


def test_events_hold_no_free_text_field():
    """Only ids, types, an action code, a date and an address: nowhere to put personal data."""
    kinds = {f.name: f.get_internal_type() for f in AuditEvent._meta.get_fields()}
    assert kinds == {
        "id": "BigAutoField",
        "at": "DateTimeField",
        "actor": "ForeignKey",
        "action": "CharField",
        "object_type": "CharField",
        "object_id": "CharField",
        "organisation": "ForeignKey",
        "ip": "GenericIPAddressField",
    }


def test_sign_in_and_sign_out_are_recorded_with_the_address(db, network_officer):
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.post(
        "/accounts/login/",
        {"login": network_officer.email, "password": "correct horse battery staple"},
    )
    client.post("/accounts/logout/")
    login = AuditEvent.objects.get(action=Action.LOGIN)
    assert login.actor == network_officer and login.ip == "203.0.113.7"
    assert AuditEvent.objects.filter(action=Action.LOGOUT, actor=network_officer).exists()


def test_second_factor_changes_are_recorded(client_for, volunteer_a):
    from allauth.mfa.models import Authenticator

    client = client_for(volunteer_a, reauthenticated=True)
    authenticator = Authenticator.objects.get(user=volunteer_a, type=Authenticator.Type.TOTP)
    response = client.post("/accounts/2fa/totp/deactivate/", {})
    assert response.status_code in (200, 302)
    if not Authenticator.objects.filter(pk=authenticator.pk).exists():
        assert AuditEvent.objects.filter(action=Action.MFA_REMOVED, actor=volunteer_a).exists()


def test_coordinator_browses_own_group_events_only(client_for, coordinator_a, group_a, group_b):
    audit_log(action=Action.OBJECT_READ, object_type="t", object_id="in-a", organisation=group_a)
    audit_log(action=Action.OBJECT_READ, object_type="t", object_id="in-b", organisation=group_b)
    response = client_for(coordinator_a).get("/orgs/groupe-a/audit/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "in-a" in body and "in-b" not in body
    assert AuditEvent.objects.filter(action=Action.AUDIT_VIEWED, organisation=group_a).exists()


def test_audit_list_filters_by_action_and_ignores_unknown_ones(client_for, coordinator_a, group_a):
    audit_log(action=Action.OBJECT_READ, object_type="t", object_id="read-1", organisation=group_a)
    audit_log(
        action=Action.OBJECT_UPDATED, object_type="t", object_id="upd-1", organisation=group_a
    )
    client = client_for(coordinator_a)
    body = client.get("/orgs/groupe-a/audit/", {"action": "object.read"}).content.decode()
    assert "read-1" in body and "upd-1" not in body
    response = client.get("/orgs/groupe-a/audit/", {"action": "<script>", "page": "zzz"})
    assert response.status_code == 200
