from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from permanence.cases import perms as case_perms
from permanence.cases.forms import EntryForm
from permanence.cases.views.cases import case_context
from permanence.deadlines import engine, perms, services
from permanence.deadlines.forms import CloseForm, RuleRevisionForm
from permanence.deadlines.models import RuleRevision, effective_rule, effective_rules
from permanence.deadlines.rules import NoRule


@require_GET
def board(request):
    deadlines = perms.deadlines_for(request.user).open().for_board().order_by("safe_deadline")
    return render(request, "deadlines/board.html", {"deadlines": deadlines})


@require_POST
def decision_record(request, case_id):
    case = case_perms.get_case(request.user, case_id, request=request, audit=False)
    form = EntryForm(request.POST, kind="decision", case=case, prefix="decision")
    if form.is_valid():
        try:
            recorded = services.decision_record(
                case=case,
                entry=form.save(commit=False),
                token=form.cleaned_data["token"],
                request=request,
            )
        except engine.DeadlineInputError as exc:
            form.add_error(
                "decision_notified_at" if exc.field == "notified" else "decision_taken_on",
                str(exc),
            )
        else:
            if recorded.warning:
                messages.warning(request, recorded.warning)
            messages.success(request, _("La décision a été enregistrée."))
            return redirect("cases:detail", case_id=case.pk)
    messages.error(request, _("Corrigez les champs signalés : rien n’a été perdu."))
    context = case_context(request, case, {"decision": form}, open_form="decision")
    return render(request, "cases/case_detail.html", context, status=400)


@require_POST
def acknowledge(request, deadline_id):
    deadline = perms.get_deadline(request.user, deadline_id)
    services.deadline_acknowledge(deadline=deadline, request=request)
    messages.success(request, _("Délai pris en compte."))
    return redirect(_local_next(request) or "deadlines:board")


def _local_next(request) -> str:
    """The page the form came from ("next"), if it is a path of this site; "" otherwise."""
    target = request.POST.get("next", "")
    is_local = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if is_local else ""


@require_http_methods(["GET", "POST"])
def close(request, deadline_id):
    deadline = perms.get_deadline(request.user, deadline_id)
    form = CloseForm(
        request.POST or None, initial={"closed_on": timezone.localdate()}, deadline=deadline
    )
    if request.method == "POST" and form.is_valid():
        services.deadline_close(
            deadline=deadline,
            status=form.cleaned_data["status"],
            closed_on=form.cleaned_data["closed_on"],
            note=form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, _("Le délai est clos."))
        return redirect("deadlines:board")
    return render(request, "deadlines/close.html", {"deadline": deadline, "form": form})


@login_not_required
@require_GET
def rules(request):
    """Public: every rule with its sources, confidence and verification date, for lawyers."""
    ruleset = effective_rules()
    return render(request, "deadlines/rules.html", {"rules": list(ruleset), "ruleset": ruleset})


@require_http_methods(["GET", "POST"])
def rule_edit(request, code):
    """A network legal referent corrects a rule; every revision keeps its author and reason."""
    import json

    if not perms.can_edit_rules(request.user):
        raise Http404
    try:
        rule = effective_rule(code)
    except NoRule:
        raise Http404 from None
    initial = {"rule": json.dumps(rule.as_dict(), ensure_ascii=False, indent=2)}
    form = RuleRevisionForm(request.POST or None, initial=initial, code=code)
    if request.method == "POST" and form.is_valid():
        services.rule_revise(
            code=code,
            rule=form.cleaned_data["rule"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
        messages.success(request, _("La règle corrigée s’applique aux nouveaux calculs."))
        return redirect("deadlines:rule_edit", code=code)
    history = RuleRevision.objects.filter(code=code).select_related("author")
    context = {"form": form, "code": code, "history": history}
    return render(request, "deadlines/rule_edit.html", context)
