from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from permanence.accounts import perms, services
from permanence.accounts.forms import MemberAddForm, MemberRoleForm
from permanence.accounts.models import Membership
from permanence.accounts.roles import Perm


@require_GET
def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user, organisation__active=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return render(request, "accounts/dashboard.html", {"memberships": memberships})


@require_http_methods(["GET", "POST"])
def members(request, slug):
    organisation = perms.get_organisation(request.user, slug, Perm.MANAGE_MEMBERS)
    return _members(request, organisation)


@reauthentication_required
def _members(request, organisation):
    slug = organisation.slug
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_add(organisation=organisation, request=request, **form.cleaned_data)
        except services.MembershipError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("Le membre a été ajouté."))
            return redirect("accounts:members", slug=slug)
    member_list = organisation.memberships.select_related("user").order_by("user__email")
    context = {"organisation": organisation, "form": form, "members": member_list}
    context["role_form"] = MemberRoleForm()
    return render(request, "accounts/members.html", context)


@require_POST
def member_update(request, slug, membership_id):
    organisation = perms.get_organisation(request.user, slug, Perm.MANAGE_MEMBERS)
    membership = perms.get_membership(request.user, organisation, membership_id)
    return _member_update(request, membership)


@reauthentication_required
def _member_update(request, membership):
    slug = membership.organisation.slug
    try:
        if "remove" in request.POST:
            services.member_remove(membership=membership, request=request)
            messages.success(request, _("Le membre a été retiré."))
        else:
            form = MemberRoleForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Ce rôle n’existe pas."))
                return redirect("accounts:members", slug=slug)
            services.member_change_role(
                membership=membership, role=form.cleaned_data["role"], request=request
            )
            messages.success(request, _("Le rôle a été modifié."))
    except services.MembershipError as exc:
        messages.error(request, str(exc))
    return redirect("accounts:members", slug=slug)


@login_not_required
def set_language(request):
    """Django's language switch; a signed-in person's choice is also kept on their account, so
    that the reminders sent to them are written in it (``User.message_language``)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    chosen = language in dict(settings.LANGUAGES) and check_for_language(language)
    if request.method == "POST" and user.is_authenticated and chosen and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
