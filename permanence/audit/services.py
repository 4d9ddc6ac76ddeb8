"""The one function every app calls to write the journal."""

from django.db import models
from django.http import HttpRequest

from permanence.audit.models import Action, AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The client address as seen by Django (REMOTE_ADDR; set it right behind a proxy)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_log(
    *,
    action: Action | str,
    actor=None,
    request: HttpRequest | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    organisation=None,
) -> AuditEvent:
    """Record one event. Pass ids and types only: never names, notes or other personal data."""
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    return AuditEvent.objects.create(
        action=str(action),
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        organisation=organisation,
        ip=client_ip(request),
    )
