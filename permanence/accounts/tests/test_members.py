"""Coordinators manage the members of their group (after re-authentication)."""

from django.core import mail

from permanence.accounts.models import Membership, User
from permanence.accounts.roles import Role
from permanence.audit.models import Action, AuditEvent


def test_coordinator_adds_a_new_member_who_gets_an_email(client_for, coordinator_a, group_a):
    client = client_for(coordinator_a, reauthenticated=True)
    response = client.post(
        "/orgs/groupe-a/members/",
        {"email": "New.Person@Example.org", "display_name": "Nouvelle", "role": "volunteer"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, organisation=group_a).role == Role.VOLUNTEER
    assert AuditEvent.objects.filter(action=Action.MEMBER_ADDED, organisation=group_a).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.org"]


def test_coordinator_cannot_give_network_roles(client_for, coordinator_a):
    client = client_for(coordinator_a, reauthenticated=True)
    response = client.post(
        "/orgs/groupe-a/members/", {"email": "x@example.org", "role": Role.TECH_ADMIN}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()


def test_adding_an_existing_member_twice_is_refused(client_for, coordinator_a, volunteer_a):
    client = client_for(coordinator_a, reauthenticated=True)
    response = client.post(
        "/orgs/groupe-a/members/", {"email": volunteer_a.email, "role": "volunteer"}
    )
    assert response.status_code == 200
    assert "déjà membre" in response.content.decode()


def test_coordinator_changes_a_role_and_removes_a_member(client_for, coordinator_a, volunteer_a):
    client = client_for(coordinator_a, reauthenticated=True)
    membership = Membership.objects.get(user=volunteer_a)
    url = f"/orgs/groupe-a/members/{membership.pk}/"
    assert client.post(url, {"role": Role.LEGAL_REFERENT}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.LEGAL_REFERENT
    assert client.post(url, {"remove": "1"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {Action.MEMBER_ROLE_CHANGED, Action.MEMBER_REMOVED} <= actions


def test_last_coordinator_cannot_leave(client_for, coordinator_a):
    client = client_for(coordinator_a, reauthenticated=True)
    membership = Membership.objects.get(user=coordinator_a)
    client.post(f"/orgs/groupe-a/members/{membership.pk}/", {"remove": "1"})
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_coordinator_of_other_group_gets_404(client_for, group_b, volunteer_a):
    from conftest import make_user

    coordinator_b = make_user("coordinator.b@example.org", group_b, Role.COORDINATOR)
    client = client_for(coordinator_b, reauthenticated=True)
    membership = Membership.objects.get(user=volunteer_a)
    assert client.get("/orgs/groupe-a/members/").status_code == 404
    response = client.post(f"/orgs/groupe-a/members/{membership.pk}/", {"remove": "1"})
    assert response.status_code == 404
    # A membership of group A cannot be reached through group B's URL either.
    response = client.post(f"/orgs/groupe-b/members/{membership.pk}/", {"remove": "1"})
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_volunteer_cannot_manage_members(client_for, volunteer_a):
    client = client_for(volunteer_a, reauthenticated=True)
    assert client.get("/orgs/groupe-a/members/").status_code == 404
