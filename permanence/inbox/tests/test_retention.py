"""`manage.py retention` in the inbox: requests answered or closed long ago are erased."""

from datetime import timedelta

from django.utils import timezone

from permanence.inbox.models import Request, RequestNote, State
from permanence.inbox.services import requests_forget
from permanence.inbox.tests.conftest import make_request


def test_requests_answered_or_closed_long_ago_are_erased_with_their_notes(
    settings, group_a, case_a
):
    settings.PERMANENCE_KEEP_REQUESTS_DAYS = 365
    long_ago = timezone.now() - timedelta(days=400)
    answered = make_request(group_a, state=State.ANSWERED)
    closed = make_request(group_a, state=State.CLOSED)
    RequestNote.objects.create(request=closed, text="Doublon")
    still_open = make_request(group_a, state=State.ASSIGNED)
    new = make_request(group_a)
    became_case = make_request(group_a, state=State.CASE, case=case_a)
    recent = make_request(group_a, state=State.CLOSED)
    old = [answered, closed, still_open, new, became_case]
    Request.objects.filter(pk__in=[r.pk for r in old]).update(updated_at=long_ago)

    assert requests_forget(now=timezone.now()) == 2
    left = set(Request.objects.values_list("pk", flat=True))
    assert left == {still_open.pk, new.pk, became_case.pk, recent.pk}
    assert not RequestNote.objects.filter(request_id=closed.pk).exists()
    assert requests_forget(now=timezone.now()) == 0
