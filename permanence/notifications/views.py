from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from permanence.accounts import perms as account_perms
from permanence.accounts.roles import Perm
from permanence.notifications import services
from permanence.notifications.models import Message, MessageStatus


@require_GET
def outbox(request, slug):
    """The coordinators' view of what was sent, is waiting, or failed (with retries)."""
    organisation = account_perms.get_organisation(request.user, slug, Perm.VIEW_AUDIT)
    queryset = Message.objects.filter(organisation=organisation).select_related("recipient_user")
    status = request.GET.get("status", "")
    if status in MessageStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "statuses": MessageStatus.choices,
        "status": status,
    }
    return render(request, "notifications/outbox.html", context)


@require_POST
def retry(request, slug, message_id):
    organisation = account_perms.get_organisation(request.user, slug, Perm.VIEW_AUDIT)
    message = Message.objects.filter(organisation=organisation, pk=message_id).first()
    if message is None:
        raise Http404
    services.message_retry(message=message)
    messages.success(request, _("Le message sera renvoyé."))
    return redirect("notifications:outbox", slug=slug)
