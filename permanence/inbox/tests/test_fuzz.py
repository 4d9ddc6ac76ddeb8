"""No 500 on whatever is posted to the public request form or the volunteers' quick form."""

import time

from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanence.inbox import antispam
from permanence.inbox.models import TEXT_MAX, Request

fuzz = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
field_value = st.one_of(
    any_text,
    st.sampled_from(
        [
            "",
            "sms",
            "email",
            "whatsapp",
            "ar",
            "06 12 34 56 78",
            "+33612345678",
            "a@exemple.fr",
            "a@exemple.fr\r\nBcc: b@exemple.org",
            "\x00",
            "x" * (TEXT_MAX + 1),
            "on",
        ]
    ),
)
PUBLIC = ["text", "answer_channel", "contact", "name", "language", "website", "token"]
LOG = ["channel", "contact", "answer_channel", "name", "language", "text", "desk", "take"]


@fuzz
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(PUBLIC, field_value)))
def test_public_form_never_fails(client, desk_a, data):
    cache.clear()  # the rate limit would answer 429 after a few examples
    before = Request.objects.count()
    data = {**data, "started": antispam.started_token(time.time() - 10)}
    response = client.post("/fr/desks/permanence-a/request/", data)
    assert response.status_code in (302, 400)
    created = Request.objects.count() - before
    if response.status_code == 400 or data.get("website"):
        assert created == 0
    if created:
        request = Request.objects.order_by("-received_at").first()
        assert 0 < len(request.text) <= TEXT_MAX and request.contact


@fuzz
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(LOG, field_value)))
def test_quick_form_never_fails(client_for, volunteer_a, desk_a, data):
    before = Request.objects.count()
    response = client_for(volunteer_a).post("/inbox/new/", data)
    assert response.status_code in (302, 400)
    assert Request.objects.count() - before == (1 if response.status_code == 302 else 0)
