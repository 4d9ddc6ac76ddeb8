from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms, search, services
from permanence.cases.forms import (
    ConsentForm,
    HouseholdForm,
    PersonCreateForm,
    PersonForm,
    SituationForm,
)
from permanence.cases.models import Person
from permanence.cases.views.refusals import not_managed
from permanence.core.lib.concurrency import StaleObjectError
from permanence.core.lib.htmx import is_htmx

MAX_QUERY = 200


@require_GET
def person_search(request):
    """`/people/?q=`: any spelling, phone, birth year or identifier; results ranked."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    people = perms.people_for(request.user)
    results = search.person_search(queryset=people, q=query) if query else []
    recent = [] if query else people.listed().order_by("-updated_at")[:20]
    audit_log(action=Action.OBJECT_SEARCHED, request=request, object_type="cases.person")
    context = {"q": query, "results": results, "recent": recent}
    template = (
        "cases/person_search.html#results" if is_htmx(request) else "cases/person_search.html"
    )
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def person_create(request):
    organisations = perms.organisations_for_new_people(request.user)
    if not organisations.exists():
        return render(request, "403.html", status=403)
    form = PersonCreateForm(request.POST or None, organisations=organisations)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        if already := services.person_created_with(form.cleaned_data["token"]):
            # The same form sent twice (double click, reload): show what the first one made.
            return redirect("people:detail", person_id=already.pk)
        values = form.values()
        if not form.cleaned_data["not_a_duplicate"]:
            duplicates = search.probable_duplicates(
                queryset=perms.people_for(request.user),
                name=values["name"],
                spellings=values["spellings"],
                birth_date=values["birth_date"],
                phones=[c["value"] for c in values["contacts"] if c["kind"] != "email"],
            )
        if not duplicates:
            person = services.person_create(
                organisation=form.cleaned_data["organisation"],
                values=values,
                situation=form.cleaned_data["situation"],
                consent_language=form.cleaned_data["consent_language"],
                token=form.cleaned_data["token"],
                request=request,
            )
            messages.success(request, _("La personne a été enregistrée."))
            return redirect("people:detail", person_id=person.pk)
    context = {"form": form, "duplicates": duplicates}
    return render(request, "cases/person_create.html", context)


@require_GET
def person_detail(request, person_id):
    person = perms.get_person(request.user, person_id, request=request)
    cases = (
        perms.cases_for(request.user)
        .filter(person=person)
        .select_related("organisation")
        .order_by("-updated_at")
    )
    context = {
        "person": person,
        "cases": cases,
        "situations": person.situations.all()[:20],
        "consents": person.consents.all()[:20],
        "documents": person.documents.all(),
        "household": person.household_links.select_related("relative"),
        "can_manage": perms.may_manage(request.user, person.organisation),
        # Export, merge and erasure: the group's coordination only (the views answer 404 to others).
        "coordinates": account_perms.has_perm(
            request.user, Perm.MANAGE_MEMBERS, person.organisation
        ),
        "situation_form": SituationForm(),
        "consent_form": ConsentForm(),
        "household_form": HouseholdForm(),
    }
    return render(request, "cases/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_edit(request, person_id):
    try:
        person = perms.get_person_to_manage(request.user, person_id, request=request)
    except perms.NotManaged as refused:
        return not_managed(request, refused)
    form = PersonForm(request.POST or None, instance=person)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                person=person,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except StaleObjectError:
            form.add_error(None, form.conflict_message)
            current = Person.objects.get(pk=person.pk)
            conflict = _person_conflict(form, current)
        else:
            messages.success(request, _("Les informations ont été enregistrées."))
            return redirect("people:detail", person_id=person.pk)
    return render(
        request, "cases/person_edit.html", {"form": form, "person": person, "conflict": conflict}
    )


def _person_conflict(form: PersonForm, current: Person) -> list[tuple[str, object, object]]:
    """Rows (label, saved, typed) of what differs; the form moves to the saved version."""
    saved = PersonForm.initial_from(current)
    data = form.data.copy()
    data["version"] = current.version
    form.data = data
    rows = []
    for name, value in saved.items():
        typed = form.cleaned_data.get(name)
        if name == "nationalities":
            typed = ", ".join(typed or [])
        if name in form.fields and (value or typed) and value != typed:
            rows.append((form.fields[name].label, value, typed))
    return rows


@require_POST
def person_history_add(request, person_id, what):
    """Add a situation, a consent or a household link from the person's page."""
    try:
        person = perms.get_person_to_manage(request.user, person_id, audit=False)
    except perms.NotManaged as refused:
        return not_managed(request, refused)
    form_class = {"situation": SituationForm, "consent": ConsentForm, "household": HouseholdForm}
    if what not in form_class:
        raise Http404
    form = form_class[what](request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''} {error}"
                )
        return redirect("people:detail", person_id=person.pk)
    if what == "household":
        try:
            relative = perms.get_person_to_manage(
                request.user, form.cleaned_data["relative"], audit=False
            )
        except perms.NotManaged as refused:
            return not_managed(request, refused)
        if relative.pk == person.pk:
            raise Http404
        services.household_link(
            person=person,
            relative=relative,
            relation=form.cleaned_data["relation"],
            request=request,
        )
    else:
        services.person_record_add(person=person, record=form.save(commit=False), request=request)
    messages.success(request, _("Ajouté à la fiche."))
    return redirect("people:detail", person_id=person.pk)
