"""``manage.py deadlines``: the public contract documented in docs/deadlines.md."""

import pytest
from django.apps import apps

if not apps.is_installed("permanence.deadlines"):
    # Until "permanence.deadlines" is in INSTALLED_APPS, its models cannot be imported.
    pytest.skip("permanence.deadlines is not in INSTALLED_APPS", allow_module_level=True)

import json  # noqa: E402
from io import StringIO  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402

from permanence.deadlines.models import RuleRevision  # noqa: E402
from permanence.deadlines.rules import default_rules  # noqa: E402

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {
    "safe_deadline",
    "legal_deadline",
    "rule",
    "confidence",
    "sources",
    "explanation",
    "explanation_en",
    "needs_check",
}


def deadlines(*args: str) -> str:
    out = StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


def compute_json(*args: str) -> dict:
    return json.loads(deadlines("compute", *args))


def test_compute_prints_one_json_object_with_the_contract_keys():
    data = compute_json(
        "--decision", "oqtf", "--situation", "free",
        "--taken", "2026-03-10", "--notified", "2026-03-15", "--departement", "59",
    )  # fmt: skip
    assert set(data) == CONTRACT_KEYS
    assert data["safe_deadline"] == "2026-04-15"
    assert data["legal_deadline"] == "2026-04-16"
    assert data["rule"] == "oqtf-free"
    assert data["confidence"] == "high"
    assert data["needs_check"] is False
    assert data["sources"] and all(url.startswith("http") for url in data["sources"])
    assert "délai franc" in data["explanation"]
    assert "'franc' deadline" in data["explanation_en"]


def test_compute_hour_deadline_prints_datetimes_with_offset():
    data = compute_json(
        "--decision", "oqtf", "--situation", "retention",
        "--taken", "2026-03-10", "--notified", "2026-03-13T18:00",
    )  # fmt: skip
    assert data["safe_deadline"] == data["legal_deadline"] == "2026-03-15T18:00+01:00"
    assert data["rule"] == "oqtf-retention"


def test_compute_accepts_an_offset_and_overseas():
    data = compute_json(
        "--decision", "ofpra-rejection", "--situation", "free", "--taken", "2026-01-10",
        "--notified", "2026-01-31T10:00+04:00", "--departement", "974", "--overseas",
    )  # fmt: skip
    assert (data["safe_deadline"], data["legal_deadline"]) == ("2026-02-28", "2026-04-01")


def test_compute_low_confidence_rule_needs_check():
    data = compute_json(
        "--decision", "dublin-transfer", "--situation", "house-arrest",
        "--taken", "2026-03-10", "--notified", "2026-03-13T10:00",
    )  # fmt: skip
    assert data["needs_check"] is True
    assert data["confidence"] == "low"
    assert "48 h — vérifier" in data["explanation"]


def test_compute_text_format():
    out = deadlines(
        "compute", "--decision", "residence-refusal", "--situation", "free",
        "--taken", "2026-10-20", "--notified", "2026-10-24", "--format", "text",
    )  # fmt: skip
    assert "Date à viser : 2026-12-24" in out
    assert "Date limite légale : 2026-12-28" in out
    assert "férié (Noël)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--taken", "2026-03-10", "--notified", "2026-03-09"], "--notified : La date de notif"),
        (["--taken", "1850-03-10", "--notified", "2026-03-15"], "--taken : La date de la déci"),
        (["--taken", "2026-03-10", "--notified", "1850-03-15"], "antérieure à 1950"),
        (["--taken", "2026-03-10", "--notified", "2099-03-15"], "plus d’un an dans le futur"),
        (["--taken", "2026-03-10", "--notified", "2026-03-15", "--departement", "96"], "« 96 »"),
        (["--taken", "2026-03-10", "--notified", "2026-03-15", "--departement", "20"], "inconnu"),
        (["--taken", "10 mars", "--notified", "2026-03-15"], "--taken : date « 10 mars »"),
        (["--taken", "2026-03-10", "--notified", "2026-03-15T25:00"], "illisibles"),
    ],
)
def test_bad_input_stops_with_a_french_message_and_prints_nothing(args, message):
    out = StringIO()
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command(
            "deadlines", "compute", "--decision", "oqtf", "--situation", "free", *args, stdout=out
        )
    assert excinfo.value.returncode == 1
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("decision", "situation", "notified", "message"),
    [
        ("oqtf", "retention", "2026-03-13", "indiquez aussi l’heure"),
        ("ame-refusal", "free", "2026-03-13", "Type de décision « ame-refusal » inconnu"),
        ("oqtf", "jail", "2026-03-13", "Situation « jail » inconnue"),
        ("cnda-rejection", "free", "2026-03-13", "Aucun délai n’est calculé"),
        ("dublin-transfer", "prison", "2026-03-13", "Aucune règle connue"),
    ],
)
def test_no_rule_or_missing_time_is_a_command_error(decision, situation, notified, message):
    out = StringIO()
    with pytest.raises(CommandError, match=message):
        call_command(
            "deadlines", "compute", "--decision", decision, "--situation", situation,
            "--taken", "2026-03-10", "--notified", notified, stdout=out,
        )  # fmt: skip
    assert out.getvalue() == ""


def test_missing_subcommand_is_a_command_error():
    with pytest.raises(CommandError):
        call_command("deadlines")


def test_rules_json_lists_every_rule_with_version():
    data = json.loads(deadlines("rules", "--format", "json"))
    assert data["version"] == "1"
    assert data["verified_on"] == "2026-11-24"
    assert [rule["code"] for rule in data["rules"]] == [rule.code for rule in default_rules()]
    assert all("confidence" in rule and "sources" in rule for rule in data["rules"])


def test_rules_text_is_the_default():
    out = deadlines("rules")
    assert "version 1" in out
    assert "oqtf-free" in out and "dublin-house-arrest" in out and "[low]" in out


def test_a_legal_referent_correction_is_used_by_the_command():
    corrected = default_rules().get("oqtf-restricted").as_dict()
    corrected["counting"] = "franc"
    RuleRevision.objects.create(
        code="oqtf-restricted", rule=corrected, reason="CE : le délai de 7 jours est franc."
    )
    data = compute_json(
        "--decision", "oqtf", "--situation", "prison",
        "--taken", "2026-03-10", "--notified", "2026-03-16",
    )  # fmt: skip
    assert (data["safe_deadline"], data["legal_deadline"]) == ("2026-03-23", "2026-03-24")
    assert "+r" in json.loads(deadlines("rules", "--format", "json"))["version"]


def test_an_invalid_stored_revision_stops_the_command():
    RuleRevision.objects.create(code="oqtf-free", rule={"code": "oqtf-free"}, reason="essai")
    with pytest.raises(CommandError, match="Règles de délais invalides"):
        deadlines("rules")
