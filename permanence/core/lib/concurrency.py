"""Optimistic locking: a form carries the version it was built from; a stale save is refused."""

from django import forms
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaleObjectError(Exception):
    """Someone else saved the object after this form was opened."""


class VersionedFormMixin(forms.Form):
    """Adds a hidden ``version`` field holding the version of the instance being edited."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    conflict_message = _(
        "Quelqu’un d’autre a modifié cette fiche pendant que vous l’éditiez. Vos changements "
        "n’ont pas été enregistrés : voici la version actuelle, à côté de ce que vous aviez saisi."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version


def save_versioned(instance: models.Model, *, expected_version: int | None, fields: list[str]):
    """Save ``fields`` of ``instance`` only if its row still has ``expected_version``.

    Raises StaleObjectError otherwise. New objects are simply created.
    """
    if instance._state.adding:
        instance.save()
        return instance
    values = {name: getattr(instance, name) for name in fields}
    for field in instance._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            values[field.attname] = timezone.now()
            setattr(instance, field.attname, values[field.attname])
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if not updated:
        raise StaleObjectError
    instance.version = expected_version + 1
    return instance


def mark_conflict(form: forms.ModelForm, current: models.Model) -> list[tuple[str, object, object]]:
    """Turn ``form`` into a conflict form: error, and the newer version to resolve against.

    Returns rows of (label, value now saved, value typed) for the fields that differ, and moves the
    form's hidden version forward so that submitting again deliberately keeps what was typed.
    """
    form.add_error(None, form.conflict_message)
    data = form.data.copy()
    data[form.add_prefix("version")] = current.version
    form.data = data
    rows = []
    for name in form.Meta.fields:
        saved, typed = getattr(current, name), form.cleaned_data.get(name)
        if saved != typed:
            rows.append((form.fields[name].label, saved, typed))
    return rows
