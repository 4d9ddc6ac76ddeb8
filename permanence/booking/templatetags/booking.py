"""``{% load booking %}{% public_booking_url desk as url %}``: the public booking page of a desk,
or "" when the desk takes no booking online (for the "Prendre rendez-vous" link of the desk page).
"""

from django import template
from django.urls import reverse

from permanence.booking.models import BookingReason
from permanence.core.lib import datenames

register = template.Library()


@register.simple_tag
def public_booking_url(desk) -> str:
    """One query; the desk page is cached, and changing a reason touches the desk."""
    if not desk.public or "appointment" not in (desk.modes or []):
        return ""
    if not BookingReason.objects.bookable_by_public().filter(desk=desk).exists():
        return ""
    return reverse("booking_public:book", kwargs={"slug": desk.slug})


@register.filter
def long_date(value) -> str:
    """A day in the page's language ("jeudi 7 mars 2030"), in digits while it has no names."""
    return datenames.long_date(value) if value else ""
