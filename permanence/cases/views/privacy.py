"""Export, erasure and merge of a person's file: coordinators only, after re-authentication.

Each view loads the person through ``perms.get_person`` (404 outside the user's scope), answers
404 unless the user coordinates the person's group (``Perm.MANAGE_MEMBERS``), then asks for a
recent re-authentication (allauth) before doing anything — the same order as accounts/views.py.
"""

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.cases import perms, privacy, search
from permanence.cases.models import Person

ERASE_WORD = "EFFACER"
MAX_QUERY = 200


def _coordinated_person(request, person_id) -> Person:
    """The person, if readable AND the user coordinates the person's group; 404 otherwise."""
    person = perms.get_person(request.user, person_id, request=request, audit=False)
    if not account_perms.has_perm(request.user, Perm.MANAGE_MEMBERS, person.organisation):
        raise Http404
    return person


def _audit_read(request, person: Person) -> None:
    audit_log(
        action=Action.OBJECT_READ, request=request, obj=person, organisation=person.organisation
    )


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response


def _filename(person: Person, extension: str) -> str:
    # No name in the file name: it ends up in download folders and browser histories.
    return f"donnees-{str(person.pk)[:8]}.{extension}"


# --- Export --------------------------------------------------------------------------------------


@require_GET
def person_export(request, person_id):
    """The page offering the two exports of the person's data."""
    person = _coordinated_person(request, person_id)
    return _person_export(request, person)


@reauthentication_required
def _person_export(request, person):
    _audit_read(request, person)
    response = render(request, "cases/person_export.html", {"person": person})
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def person_export_json(request, person_id):
    person = _coordinated_person(request, person_id)
    return _person_export_json(request, person)


@reauthentication_required
def _person_export_json(request, person):
    content = privacy.person_export_json(person=person, request=request)
    return _download(
        content, content_type="application/json; charset=utf-8", filename=_filename(person, "json")
    )


@require_GET
def person_export_pdf(request, person_id):
    person = _coordinated_person(request, person_id)
    return _person_export_pdf(request, person)


@reauthentication_required
def _person_export_pdf(request, person):
    content = privacy.person_export_pdf(person=person, request=request)
    return _download(content, content_type="application/pdf", filename=_filename(person, "pdf"))


# --- Erasure -------------------------------------------------------------------------------------


class EraseForm(forms.Form):
    confirmation = forms.CharField(
        label=gettext_lazy("Pour confirmer, tapez le nom de la personne ou le mot EFFACER"),
        max_length=300,
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirmation(self) -> str:
        typed = " ".join(self.cleaned_data["confirmation"].split())
        expected = {ERASE_WORD.casefold(), " ".join(self.person.name.split()).casefold()}
        if typed.casefold() not in expected:
            raise forms.ValidationError(
                _("Ce n’est ni le nom de la personne ni le mot EFFACER : rien n’a été effacé.")
            )
        return typed


@require_http_methods(["GET", "POST"])
def person_erase(request, person_id):
    person = _coordinated_person(request, person_id)
    return _person_erase(request, person)


@reauthentication_required
def _person_erase(request, person):
    form = EraseForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        privacy.person_erase(person=person, request=request)
        messages.success(request, _("Les données de la personne ont été effacées."))
        return redirect("people:search")
    if request.method == "GET":
        _audit_read(request, person)
    context = {
        "person": person,
        "form": form,
        "erase_word": ERASE_WORD,
        "cases": person.cases.count(),
        "documents": person.documents.count(),
        "situations": person.situations.count(),
        "consents": person.consents.count(),
        "merged": person.merged_from.count(),
    }
    return render(request, "cases/person_erase.html", context)


# --- Merge ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def person_merge(request, person_id):
    person = _coordinated_person(request, person_id)
    return _person_merge(request, person)


@reauthentication_required
def _person_merge(request, person):
    other_id = request.POST.get("other") if request.method == "POST" else request.GET.get("other")
    other = perms.get_person(request.user, other_id, audit=False) if other_id else None
    refusal = privacy.merge_refusal(keep=person, absorb=other, user=request.user) if other else ""
    if request.method == "POST":
        if other is None:
            raise Http404
        try:
            kept = privacy.person_merge(keep=person, absorb=other, request=request)
        except ValueError as exc:
            refusal = str(exc)
        else:
            messages.success(request, _("Les deux fiches ont été fusionnées."))
            return redirect("people:detail", person_id=kept.pk)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = []
    if other is None and query:
        candidates = (
            perms.people_for(request.user)
            .filter(organisation=person.organisation)
            .exclude(pk=person.pk)
        )
        results = search.person_search(queryset=candidates, q=query)
        audit_log(action=Action.OBJECT_SEARCHED, request=request, object_type="cases.person")
    if request.method == "GET":
        for shown in filter(None, (person, other)):
            _audit_read(request, shown)
    context = {
        "person": person,
        "other": other,
        "refusal": refusal,
        "q": query,
        "results": results,
        "sides": [_side(p) for p in (person, other) if p is not None],
    }
    status = 400 if request.method == "POST" and refusal else 200
    return render(request, "cases/person_merge.html", context, status=status)


def _side(person: Person) -> dict:
    """What the merge page shows of one person, side by side with the other."""
    return {
        "person": person,
        "cases": list(person.cases.select_related("organisation").order_by("-updated_at")),
        "documents": person.documents.count(),
        "situations": person.situations.count(),
        "consents": person.consents.count(),
    }
