from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from permanence.accounts import perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action, AuditEvent
from permanence.audit.services import audit_log
from permanence.core.lib.concurrency import StaleObjectError, mark_conflict
from permanence.orgs import services
from permanence.orgs.forms import OrganisationForm, PlaceForm
from permanence.orgs.models import Organisation, Place


@require_GET
def organisation_list(request):
    organisations = (
        perms.organisations_with(request.user, Perm.VIEW_ORGANISATION)
        .select_related("parent")
        .order_by("name")
    )
    return render(request, "orgs/list.html", {"organisations": organisations})


@require_GET
def organisation_detail(request, slug):
    organisation = perms.get_organisation(request.user, slug)
    context = {
        "organisation": organisation,
        "places": organisation.places.all(),
        "children": organisation.children.filter(active=True),
        "can_edit": perms.has_perm(request.user, Perm.EDIT_ORGANISATION, organisation),
        "can_manage": perms.has_perm(request.user, Perm.MANAGE_MEMBERS, organisation),
        "can_audit": perms.has_perm(request.user, Perm.VIEW_AUDIT, organisation),
        "role": perms.role_label_in(request.user, organisation),
    }
    return render(request, "orgs/detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    organisation = perms.get_organisation(request.user, slug, Perm.EDIT_ORGANISATION)
    form = OrganisationForm(request.POST or None, instance=organisation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(form=form, request=request)
        except StaleObjectError:
            conflict = mark_conflict(form, Organisation.objects.get(pk=organisation.pk))
        else:
            messages.success(request, _("Les informations ont été enregistrées."))
            return redirect("orgs:detail", slug=organisation.slug)
    return render(
        request,
        "orgs/organisation_form.html",
        {"organisation": organisation, "form": form, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def place_edit(request, slug, place_id=None):
    organisation = perms.get_organisation(request.user, slug, Perm.EDIT_ORGANISATION)
    place = get_object_or_404(Place, pk=place_id, organisation=organisation) if place_id else None
    form = PlaceForm(request.POST or None, instance=place)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.place_save(form=form, organisation=organisation, request=request)
        except StaleObjectError:
            conflict = mark_conflict(form, Place.objects.get(pk=place.pk))
        else:
            messages.success(request, _("Le lieu a été enregistré."))
            return redirect("orgs:detail", slug=organisation.slug)
    return render(
        request,
        "orgs/place_form.html",
        {"organisation": organisation, "form": form, "place": place, "conflict": conflict},
    )


@require_GET
def audit_list(request, slug):
    organisation = perms.get_organisation(request.user, slug, Perm.VIEW_AUDIT)
    audit_log(action=Action.AUDIT_VIEWED, request=request, organisation=organisation)
    events = AuditEvent.objects.for_organisation(organisation.pk).select_related("actor")
    action = request.GET.get("action", "")
    if action in Action.values:
        events = events.filter(action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"organisation": organisation, "page": page, "actions": Action.choices}
    context["action"] = action
    return render(request, "orgs/audit_list.html", context)


@login_not_required
@require_GET
def public_list(request):
    organisations = (
        Organisation.objects.active().select_related("parent").prefetch_related("places")
    )
    return render(request, "orgs/public_list.html", {"organisations": organisations})
