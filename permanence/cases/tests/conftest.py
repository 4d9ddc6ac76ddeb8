from datetime import date

import pytest

from permanence.cases.models import Case, Person


@pytest.fixture
def person_a(group_a):
    """A person followed by group A (names are fictional)."""
    from permanence.cases import search

    person = Person.objects.create(
        organisation=group_a,
        name="Mohammed Diallo",
        spellings=["محمد ديالو", "Mohamed Diallo"],
        birth_date=date(1990, 5, 17),
        contacts=[{"kind": "phone", "value": "06 12 34 56 78", "safe": True, "preferred": True}],
        identifiers={"agdref": "7503123456"},
        notes="Dort chez un ami à Roubaix.",
    )
    search.index_person(person)
    return person


@pytest.fixture
def case_a(person_a, group_a, volunteer_a):
    case = Case.objects.create(person=person_a, organisation=group_a, topics=["asylum_ofpra"])
    case.assignees.add(volunteer_a)
    return case
