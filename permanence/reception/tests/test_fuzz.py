"""No 500 on whatever is typed or posted into the reception's quick arrival form."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanence.reception.models import Arrival

fuzz = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
field_value = st.one_of(
    any_text,
    st.sampled_from(["", "0", "-1", "21", "1e9", "ar", "asylum", "on", "\x00", "Amina Diallo"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
FIELDS = ["first_name", "language", "reason", "reason_note", "children", "interpreter_needed"]


@fuzz
@given(data=st.fixed_dictionaries({}, optional=dict.fromkeys([*FIELDS, "token"], field_value)))
def test_arrival_form_never_fails(client_for, volunteer_a, session_a, data):
    before = Arrival.objects.count()
    response = client_for(volunteer_a).post(f"/reception/sessions/{session_a.pk}/arrivals/", data)
    assert response.status_code in (302, 400)
    created = Arrival.objects.count() - before
    assert created == (1 if response.status_code == 302 else 0)
    if created:
        arrival = Arrival.objects.order_by("-arrived_at").first()
        assert 0 < len(arrival.first_name) <= 300 and 0 <= arrival.children <= 20


@fuzz
@given(room=field_value, status=field_value)
def test_take_and_status_forms_never_fail(client_for, volunteer_a, amina, room, status):
    client = client_for(volunteer_a)
    assert client.post(f"/reception/arrivals/{amina.pk}/take/", {"room": room}).status_code in (
        302,
    )
    response = client.post(f"/reception/arrivals/{amina.pk}/status/", {"status": status})
    assert response.status_code in (302, 404)
