"""The public request form of a desk, and its confirmation page.

Never cached (``never_cache``): the form holds a CSRF token and what the person typed. Robots are
kept out by ``antispam.py``; a filled honeypot is told "sent" and nothing is saved. Bad input
shows the form again with everything that was typed and a message in plain words.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from permanence.directory import schedule
from permanence.inbox import antispam, perms, services
from permanence.inbox.forms import PublicRequestForm

TOO_MANY = _(
    "Beaucoup de demandes sont parties de cette connexion ces dernières minutes. Votre texte est "
    "gardé ci-dessous : réessayez dans une heure, ou contactez-nous par téléphone."
)
TOO_FAST = _(
    "Votre demande n’est pas encore partie : vérifiez-la, puis appuyez de nouveau sur « Envoyer »."
)


def _desk_context(desk) -> dict:
    name, fallback = desk.text("name")
    return {
        "desk": desk,
        "desk_name": name,
        "name_fallback": fallback,
        "channels": desk.channels.all(),
    }


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request, slug):
    desk = perms.get_public_desk(slug)
    form = PublicRequestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if antispam.over_limit(request):
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif request.POST.get("website"):
            return redirect("inbox_public:sent", slug=desk.slug)  # a robot is told it worked
        elif not form.is_valid():
            status = 400
        elif antispam.filled_too_fast(form.cleaned_data["started"]):
            form.add_error(None, TOO_FAST)
            form.restart_clock()
            status = 400
        else:
            services.request_receive(
                desk=desk, values=form.values(), token=form.cleaned_data["token"]
            )
            return redirect("inbox_public:sent", slug=desk.slug)
    context = {**_desk_context(desk), "form": form}
    return render(request, "inbox/public_form.html", context, status=status)


@login_not_required
@never_cache
@require_GET
def request_sent(request, slug):
    """When the desk usually answers: at its next session."""
    desk = perms.get_public_desk(slug)
    try:
        sessions = desk.next_sessions(1)
    except schedule.ScheduleError:
        sessions = []
    context = _desk_context(desk)
    if sessions:
        start = sessions[0].start  # in the desk's own time zone
        context["next_day"] = formats.date_format(start, "l j F")
        context["next_hour"] = formats.time_format(start, "H:i")
    return render(request, "inbox/public_sent.html", context)
