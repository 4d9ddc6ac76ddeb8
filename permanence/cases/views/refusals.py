"""What a reader who may not do something is told, and where they are sent back."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from permanence.cases import perms
from permanence.cases.models import Case


def not_managed(request, refused: perms.NotManaged):
    """Back to the case or the person, told why: only the owning group edits, shares, transfers."""
    obj = refused.obj
    values = {"group": obj.organisation.name}
    if isinstance(obj, Case):
        messages.error(
            request,
            _(
                "Seul le groupe « %(group)s » peut modifier ce dossier, le partager ou le "
                "transférer. Vous pouvez ajouter au suivi."
            )
            % values,
        )
        return redirect("cases:detail", case_id=obj.pk)
    messages.error(request, _("Seul le groupe « %(group)s » peut modifier cette fiche.") % values)
    return redirect("people:detail", person_id=obj.pk)
