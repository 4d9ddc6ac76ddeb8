"""Who may open what: anonymous visitors, other groups, roles without case data."""

import pytest
from django.urls import reverse

from permanence.accounts import perms
from permanence.accounts.roles import CASE_DATA_PERMS, MATRIX, Perm, Role

SIGNED_IN_URLS = [
    "/dashboard/",
    "/orgs/",
    "/orgs/groupe-a/",
    "/orgs/groupe-a/edit/",
    "/orgs/groupe-a/places/new/",
    "/orgs/groupe-a/audit/",
    "/orgs/groupe-a/members/",
]


@pytest.mark.parametrize("url", SIGNED_IN_URLS)
def test_anonymous_visitor_is_sent_to_sign_in(client, group_a, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize("url", SIGNED_IN_URLS[2:])
def test_volunteer_of_other_group_gets_404_on_group_pages(client_for, volunteer_b, url):
    assert client_for(volunteer_b).get(url).status_code == 404


def test_public_pages_need_no_sign_in(client, group_a):
    for url in ["/fr/", "/ar/", "/fr/organisations/", "/healthz", "/accounts/login/"]:
        assert client.get(url).status_code == 200, url


def test_volunteer_sees_own_group_but_not_its_admin_pages(client_for, volunteer_a):
    client = client_for(volunteer_a)
    assert client.get("/orgs/groupe-a/").status_code == 200
    for url in ["/orgs/groupe-a/edit/", "/orgs/groupe-a/audit/", "/orgs/groupe-a/members/"]:
        assert client.get(url).status_code == 404, url


def test_network_officer_sees_groups_below_the_network(client_for, network_officer, group_a):
    assert client_for(network_officer).get("/orgs/groupe-a/").status_code == 200


@pytest.mark.parametrize("who", ["network_officer", "tech_admin", "helpline_operator"])
def test_roles_without_case_data_hold_no_case_permission_anywhere(request, group_a, who):
    user = request.getfixturevalue(who)
    for perm in CASE_DATA_PERMS:
        assert perms.organisation_ids_with(user, perm) == set()
    assert not user.reads_case_data


def test_case_permissions_are_not_inherited_down_the_tree(network, group_a):
    from conftest import make_user

    regional_volunteer = make_user("regional@example.org", group_a.parent, Role.VOLUNTEER)
    assert perms.organisation_ids_with(regional_volunteer, Perm.READ_CASES) == {group_a.parent_id}


def test_legal_referent_of_region_may_break_the_glass_in_its_groups(region, group_a, group_b):
    from conftest import make_user

    referent = make_user("referent@example.org", region, Role.LEGAL_REFERENT)
    assert {group_a.pk, group_b.pk} <= perms.organisation_ids_with(referent, Perm.BREAK_GLASS)


def test_matrix_gives_case_data_only_to_casework_roles():
    readers = {role for role, granted in MATRIX.items() if Perm.READ_CASES in granted}
    assert readers == {Role.VOLUNTEER, Role.LEGAL_REFERENT, Role.COORDINATOR}


def test_django_admin_is_for_technical_administrators_only(client_for, tech_admin, coordinator_a):
    assert client_for(tech_admin).get("/admin/").status_code == 200
    response = client_for(coordinator_a).get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_roles_doc_lists_every_role_and_permission():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[3] / "docs" / "roles.md").read_text()
    for role in Role:
        assert f"`{role.value}`" in text
    for perm in Perm:
        assert f"`{perm.value}`" in text


@pytest.mark.parametrize("url", ["/cases/", "/orgs/groupe-a/", "/reception/", "/deadlines/"])
def test_a_page_reads_the_accounts_memberships_once(client_for, coordinator_a, group_b, url):
    """The roles (menus, second factor) and the groups (scoping) come from one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from permanence.accounts.models import Membership

    group_b.active = False
    group_b.save()
    Membership.objects.create(user=coordinator_a, organisation=group_b, role=Role.VOLUNTEER)
    client = client_for(coordinator_a)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    reads = [
        q["sql"] for q in captured.captured_queries if 'FROM "accounts_membership"' in q["sql"]
    ]
    assert len(reads) == 1, reads


def test_an_inactive_organisation_counts_for_the_roles_not_for_the_groups(coordinator_a, group_b):
    from permanence.accounts.models import Membership

    group_b.active = False
    group_b.save()
    Membership.objects.create(user=coordinator_a, organisation=group_b, role=Role.HELPLINE_OPERATOR)
    coordinator_a.forget_memberships()
    assert Role.HELPLINE_OPERATOR in coordinator_a.role_set()  # a second factor still required
    assert group_b.pk not in perms.organisation_ids_with(coordinator_a, Perm.READ_CASES)
    assert all(org != group_b.pk for org, _role in perms._memberships(coordinator_a))
