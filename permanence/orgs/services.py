from django.db import transaction

from permanence.audit.models import Action
from permanence.audit.services import audit_log
from permanence.core.lib.concurrency import save_versioned
from permanence.orgs.forms import OrganisationForm, PlaceForm
from permanence.orgs.models import Organisation, Place


@transaction.atomic
def organisation_update(*, form: OrganisationForm, request) -> Organisation:
    """Save the public information of an organisation (raises StaleObjectError on conflict)."""
    organisation = save_versioned(
        form.instance,
        expected_version=form.cleaned_data.get("version"),
        fields=list(form.Meta.fields),
    )
    audit_log(
        action=Action.ORG_UPDATED, request=request, obj=organisation, organisation=organisation
    )
    return organisation


@transaction.atomic
def place_save(*, form: PlaceForm, organisation: Organisation, request) -> Place:
    """Create or update a place of ``organisation`` (raises StaleObjectError on conflict)."""
    place = form.instance
    creating = place._state.adding
    place.organisation = organisation
    save_versioned(
        place,
        expected_version=form.cleaned_data.get("version"),
        fields=[*form.Meta.fields, "departement", "school_zone"],
    )
    audit_log(
        action=Action.PLACE_CREATED if creating else Action.PLACE_UPDATED,
        request=request,
        obj=place,
        organisation=organisation,
    )
    return place
