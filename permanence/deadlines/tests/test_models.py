"""Rule revisions (corrections by legal referents) and deadlines attached to decisions."""

import pytest
from django.apps import apps

if not apps.is_installed("permanence.deadlines"):
    # Until "permanence.deadlines" is in INSTALLED_APPS, its models cannot be imported.
    pytest.skip("permanence.deadlines is not in INSTALLED_APPS", allow_module_level=True)

from datetime import date, datetime  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from django.core.exceptions import ValidationError  # noqa: E402
from django.db import IntegrityError, connection, transaction  # noqa: E402

from permanence.cases.models import Case, Entry, Person  # noqa: E402
from permanence.deadlines.engine import compute  # noqa: E402
from permanence.deadlines.models import (  # noqa: E402
    Deadline,
    DeadlineStatus,
    RuleRevision,
    effective_rule,
    effective_rules,
)
from permanence.deadlines.rules import NoRule, default_rules, find_rule  # noqa: E402

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def decision(group_a):
    person = Person.objects.create(organisation=group_a, name="Personne fictive")
    case = Case.objects.create(organisation=group_a, person=person, topics=["oqtf"])
    return Entry.objects.create(
        case=case,
        kind="decision",
        decision_type="oqtf",
        decision_taken_on=date(2026, 3, 10),
        decision_notified_at=datetime(2026, 3, 15, 10, 0, tzinfo=PARIS),
        person_situation="free",
    )


def result_for(entry):
    rule = find_rule(entry.decision_type, entry.person_situation, entry.decision_taken_on)
    return compute(
        rule=rule,
        taken_on=entry.decision_taken_on,
        notified=entry.decision_notified_at,
        departement="59",
        today=date(2027, 1, 1),
    )


# --- Rule revisions.


def corrected(code="oqtf-restricted", **changes):
    data = default_rules().get(code).as_dict()
    data.update(changes)
    return data


def test_effective_rule_is_the_file_rule_without_revision():
    assert effective_rule("oqtf-free") == default_rules().get("oqtf-free")
    assert effective_rules() is default_rules()


def test_effective_rule_is_the_latest_revision(volunteer_a):
    RuleRevision.objects.create(
        code="oqtf-restricted", rule=corrected(counting="franc"), reason="Premier essai"
    )
    RuleRevision.objects.create(
        code="oqtf-restricted",
        rule=corrected(counting="franc", confidence="medium"),
        reason="CE, avis du …",
        author=volunteer_a,
    )
    rule = effective_rule("oqtf-restricted")
    assert (rule.counting, rule.confidence) == ("franc", "medium")
    assert effective_rules().get("oqtf-restricted") == rule
    assert effective_rules().get("oqtf-free") == default_rules().get("oqtf-free")


def test_unknown_code_has_no_effective_rule():
    with pytest.raises(NoRule):
        effective_rule("ame-refusal")


def test_revision_is_validated_before_it_is_stored():
    revision = RuleRevision(
        code="oqtf-free", rule=corrected("oqtf-free", gracieux_extends=True), reason="Erreur"
    )
    with pytest.raises(ValidationError) as excinfo:
        revision.full_clean()
    assert "gracieux_extends" in str(excinfo.value)


def test_revision_must_keep_its_code_and_not_overlap_another_rule():
    with pytest.raises(ValidationError, match="diffère"):
        RuleRevision(code="oqtf-free", rule=corrected("oqtf-restricted"), reason="x").full_clean()
    overlapping = corrected(situations=["free", "prison"])
    with pytest.raises(ValidationError, match="chevauche"):
        RuleRevision(code="oqtf-restricted", rule=overlapping, reason="x").full_clean()


def test_revision_needs_a_reason():
    with pytest.raises(ValidationError, match="motif"):
        RuleRevision(code="oqtf-restricted", rule=corrected(), reason=" ").full_clean()


def test_revisions_are_never_edited():
    revision = RuleRevision.objects.create(
        code="oqtf-restricted", rule=corrected(), reason="Relecture"
    )
    revision.reason = "Autre motif"
    with pytest.raises(ValidationError):
        revision.save()


# --- Deadlines.


def test_deadline_from_result_stores_aware_end_of_day(decision):
    result = result_for(decision)
    deadline = Deadline.from_result(entry=decision, result=result, rules_version="1")
    deadline.save()
    deadline.refresh_from_db()
    assert deadline.case_id == decision.case_id
    assert deadline.rule_code == "oqtf-free"
    assert deadline.safe_deadline == datetime(2026, 4, 15, 23, 59, 59, tzinfo=PARIS)
    assert deadline.legal_deadline == datetime(2026, 4, 16, 23, 59, 59, tzinfo=PARIS)
    assert not deadline.hourly
    assert deadline.status == DeadlineStatus.OPEN
    assert deadline.reminders_sent == []
    assert "délai franc" in deadline.explanation
    assert Deadline.objects.due_before(datetime(2026, 4, 16, tzinfo=PARIS)).get() == deadline


def test_hour_deadline_keeps_its_time(decision):
    decision.person_situation = "retention"
    decision.decision_notified_at = datetime(2026, 3, 13, 18, 0, tzinfo=PARIS)
    deadline = Deadline.from_result(entry=decision, result=result_for(decision))
    deadline.save()
    deadline.refresh_from_db()
    assert deadline.hourly
    assert deadline.safe_deadline == deadline.legal_deadline
    assert deadline.safe_deadline == datetime(2026, 3, 15, 18, 0, tzinfo=PARIS)


def test_outcome_note_is_encrypted_at_rest(decision):
    deadline = Deadline.from_result(entry=decision, result=result_for(decision))
    deadline.outcome_note = "Recours déposé par Me Martin pour la personne."
    deadline.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT outcome_note FROM deadlines_deadline WHERE id = %s", [deadline.pk])
        raw = cursor.fetchone()[0]
    assert "Martin" not in raw
    assert Deadline.objects.get(pk=deadline.pk).outcome_note.endswith("pour la personne.")


def test_one_open_deadline_per_decision(decision):
    Deadline.from_result(entry=decision, result=result_for(decision)).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.from_result(entry=decision, result=result_for(decision)).save()


def test_closed_deadlines_do_not_block_a_new_computation(decision):
    first = Deadline.from_result(entry=decision, result=result_for(decision))
    first.status = DeadlineStatus.LAWYER
    first.save()
    Deadline.from_result(entry=decision, result=result_for(decision)).save()
    assert Deadline.objects.open().count() == 1


def test_legal_deadline_cannot_precede_safe_deadline(decision):
    deadline = Deadline.from_result(entry=decision, result=result_for(decision))
    deadline.legal_deadline = datetime(2026, 4, 1, tzinfo=PARIS)
    with pytest.raises(IntegrityError), transaction.atomic():
        deadline.save()


def test_reminders_sent_are_remembered(decision):
    deadline = Deadline.from_result(entry=decision, result=result_for(decision))
    deadline.reminders_sent = ["j-7"]
    deadline.save()
    deadline.refresh_from_db()
    assert deadline.reminder_was_sent("j-7")
    assert not deadline.reminder_was_sent("j-1")


def test_deadlines_go_with_their_case(decision):
    Deadline.from_result(entry=decision, result=result_for(decision)).save()
    decision.delete()
    assert not Deadline.objects.exists()
