from django import forms

from permanence.core.lib.concurrency import VersionedFormMixin
from permanence.orgs.models import Organisation, Place


class OrganisationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "description", "website", "email", "phone"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}


class PlaceForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Place
        fields = [
            "name",
            "address",
            "postcode",
            "commune",
            "insee_code",
            "latitude",
            "longitude",
            "accessibility",
            "directions",
        ]
        widgets = {
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }
