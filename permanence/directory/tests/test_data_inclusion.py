"""data·inclusion: the v1 export validates, the import is all or nothing, v0 files are converted."""

import json
from datetime import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from jsonschema import Draft202012Validator

from permanence.directory import datainclusion, schedule
from permanence.directory.models import Channel, Desk, ScheduleRule
from permanence.directory.vocab import Category, Topic
from permanence.orgs.models import Organisation, OrganisationKind, Place

BASE = "https://permanence.example.org"
LEGAL_PREFIX = "difficultes-administratives-ou-juridiques--"


def strict_validator(version: str, kind: str) -> Draft202012Validator:
    """The schema as published (no ``$schema``: Pydantic output, JSON Schema 2020-12)."""
    schema = datainclusion.load_schema(version, kind)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_valid(records: list[dict], kind: str) -> None:
    validator = strict_validator("v1", kind)
    for record in records:
        errors = [e.message for e in validator.iter_errors(record)]
        assert errors == [], (record.get("id"), errors)
        for key in ("lien_source", "site_web", "lien_mobilisation"):
            if key in record:
                assert record[key].startswith(("https://", "http://testserver/")), record[key]


def counts() -> tuple[int, int, int, int]:
    return (
        Organisation.objects.count(),
        Desk.objects.count(),
        Place.objects.count(),
        Channel.objects.count(),
    )


@pytest.fixture
def legal_desk(group_a):
    desk = Desk.objects.create(
        organisation=group_a,
        place=group_a.places.get(),
        name="Permanence juridique de Lille",
        slug="permanence-lille",
        category=Category.LEGAL_DESK,
        summary="Accès au droit des personnes étrangères, avec ou sans papiers.",
        topics=[Topic.ASYLUM, Topic.RESIDENCE],
        audiences=["foreigners"],
        modes=["walk_in"],
        languages=["fr", "ar"],
    )
    Channel.objects.create(desk=desk, kind="phone", value="07 45 29 68 08")
    ScheduleRule.objects.create(
        desk=desk, kind="weekly", weekdays=[1], start=time(14, 0), end=time(17, 0)
    )
    return desk


@pytest.fixture
def partner_desk(helpline_org):
    desk = Desk.objects.create(
        organisation=helpline_org,
        kind="partner",
        category=Category.EMERGENCY_SHELTER,
        name="115",
        slug="115",
        audiences=["everyone"],
        modes=["remote"],
    )
    Channel.objects.create(desk=desk, kind="phone", value="115")
    return desk


@pytest.fixture
def exported(legal_desk, partner_desk):
    return {
        "structures": datainclusion.structure_records(BASE),
        "services": datainclusion.service_records(BASE),
    }


def write(tmp_path, data, name="data.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def v1_structure(**changes) -> dict:
    return {
        "source": "dora",
        "id": "dora--42",
        "nom": "Accueil solidaire",
        "date_maj": "2026-02-14",
        "adresse": "3 rue Nationale",
        "code_postal": "59000",
        "commune": "Lille",
        "code_insee": "59350",
        "latitude": 50.63,
        "longitude": 3.06,
        **changes,
    }


def v1_service(**changes) -> dict:
    return {
        "source": "dora",
        "structure_id": "dora--42",
        "id": "dora--s1",
        "nom": "Aide alimentaire",
        "description": "Colis alimentaires le mardi.",
        "date_maj": "2026-02-14",
        "thematiques": ["equipement-et-alimentation--alimentation"],
        "publics": ["tous-publics"],
        "modes_accueil": ["en-presentiel"],
        "modes_mobilisation": ["se-presenter"],
        "telephone": "+33199001234",
        **changes,
    }


# --- Export -------------------------------------------------------------------------------------


def test_every_exported_structure_and_service_validates_against_v1(exported):
    assert {s["id"] for s in exported["structures"]} == {"groupe-a", "ligne"}
    assert {s["id"] for s in exported["services"]} == {"permanence-lille", "115"}
    assert_valid(exported["structures"], "structure")
    assert_valid(exported["services"], "service")


def test_legal_desk_is_for_exiled_people_with_administrative_thematiques(exported):
    service = next(s for s in exported["services"] if s["id"] == "permanence-lille")
    assert service["publics"] == ["personnes-exilees"]
    assert f"{LEGAL_PREFIX}accompagnement-aux-demarches-administratives" in service["thematiques"]
    assert f"{LEGAL_PREFIX}accompagnement-pour-lacces-aux-droits" in service["thematiques"]
    assert service["type"] == "accompagnement"


def test_service_carries_hours_phone_place_and_links(exported, legal_desk):
    service = next(s for s in exported["services"] if s["id"] == "permanence-lille")
    assert service["structure_id"] == "groupe-a"
    assert service["horaires_accueil"] == schedule.to_opening_hours(legal_desk.schedule())
    assert service["horaires_accueil"]
    assert service["telephone"] == "+33745296808"
    assert service["code_insee"] == "59350"
    assert service["commune"] == "Lille"
    assert service["modes_accueil"] == ["en-presentiel"]
    assert service["modes_mobilisation"] == ["se-presenter", "telephoner"]
    assert service["frais"] == "gratuit"
    assert service["lien_source"] == f"{BASE}/fr/desks/permanence-lille/"
    assert "arabe" in service["description"]


def test_partner_without_place_is_remote_and_for_everyone(exported):
    service = next(s for s in exported["services"] if s["id"] == "115")
    assert service["modes_accueil"] == ["a-distance"]
    assert service["publics"] == ["tous-publics"]
    assert service["telephone"] == "115"
    assert "code_insee" not in service
    assert "horaires_accueil" not in service  # no rules: unknown hours, not "off"
    assert len(service["description"]) >= 5


def test_structure_has_address_of_its_first_place_and_latest_date(exported, legal_desk):
    structure = next(s for s in exported["structures"] if s["id"] == "groupe-a")
    assert structure["source"] == "permanence"
    assert structure["nom"] == "Groupe A"
    assert structure["code_insee"] == "59350"
    assert structure["code_postal"] == "59000"
    assert structure["date_maj"] >= legal_desk.updated_at.date().isoformat()
    assert structure["lien_source"].startswith(f"{BASE}/fr/organisations/")
    assert "reseaux_porteurs" not in structure


def test_unpublished_and_imported_desks_are_not_exported(legal_desk, partner_desk):
    Desk.objects.filter(pk=partner_desk.pk).update(public=False)
    imported = Organisation.objects.create(
        name="Importée", slug="di-dora-1", kind=OrganisationKind.ASSOCIATION
    )
    Desk.objects.create(organisation=imported, kind="partner", name="Importé", slug="di-dora-s1")
    assert [s["id"] for s in datainclusion.service_records(BASE)] == ["permanence-lille"]
    assert [s["id"] for s in datainclusion.structure_records(BASE)] == ["groupe-a"]


def test_known_network_becomes_reseau_porteur(db):
    for name, slug in [("Croix-Rouge française, Lille", "crf-lille"), ("La Cimade", "cimade")]:
        org = Organisation.objects.create(name=name, slug=slug, kind=OrganisationKind.ASSOCIATION)
        Desk.objects.create(organisation=org, name=f"Accueil {name}", slug=f"accueil-{slug}")
    structures = {s["id"]: s for s in datainclusion.structure_records(BASE)}
    assert structures["crf-lille"]["reseaux_porteurs"] == ["croix-rouge"]
    assert "reseaux_porteurs" not in structures["cimade"]  # not in the v1 list
    assert_valid(list(structures.values()), "structure")


def test_mapping_tables_use_only_values_of_the_v1_vocabularies():
    thematiques = datainclusion.vocabulary("v1", "thematiques")
    assert set(datainclusion.CATEGORY_THEMATIQUES) == set(Category.values)
    assert set(datainclusion.TOPIC_THEMATIQUES) == set(Topic.values)
    for table in (datainclusion.CATEGORY_THEMATIQUES, datainclusion.TOPIC_THEMATIQUES):
        assert {v for values in table.values() for v in values} <= thematiques
    assert set(datainclusion.CATEGORY_TYPE.values()) <= datainclusion.vocabulary(
        "v1", "types-de-services"
    )
    assert set(datainclusion.RESEAU_KEYWORDS.values()) <= datainclusion.vocabulary(
        "v1", "reseaux-porteurs"
    )


def test_every_v0_thematique_and_profil_has_a_v1_translation():
    v0_service = datainclusion.load_schema("v0", "service")["$defs"]
    v1_thematiques = datainclusion.vocabulary("v1", "thematiques")
    for value in v0_service["Thematique"]["enum"]:
        assert set(datainclusion.thematiques_from_v0([value])) <= v1_thematiques, value
    untranslated = [
        v for v in v0_service["Thematique"]["enum"] if not datainclusion.thematiques_from_v0([v])
    ]
    assert untranslated == ["acces-aux-droits-et-citoyennete--developpement-durable"]
    assert set(datainclusion.V0_PROFILS) == set(v0_service["Profil"]["enum"])
    publics = datainclusion.vocabulary("v1", "publics")
    assert {p for p in datainclusion.V0_PROFILS.values() if p} <= publics


# --- Import -------------------------------------------------------------------------------------


def test_export_then_import_creates_partner_desks(exported):
    report = datainclusion.import_records(
        structures=exported["structures"], services=exported["services"], version="v1"
    )
    assert report.errors == []
    assert (report.structures_created, report.services_created) == (2, 2)
    org = Organisation.objects.get(slug="di-permanence-groupe-a")
    assert org.kind == OrganisationKind.ASSOCIATION
    assert org.places.get().departement == "59"
    desk = Desk.objects.get(slug="di-permanence-permanence-lille")
    assert desk.kind == "partner"
    assert desk.organisation == org
    assert desk.category == Category.LEGAL_DESK
    assert desk.audiences == ["foreigners"]
    assert desk.modes == ["walk_in"]
    assert desk.place.commune == "Lille"
    assert desk.rules.count() == 0  # hours are kept as text, not parsed
    hours = next(s for s in exported["services"] if s["id"] == "permanence-lille")
    assert f"Horaires : {hours['horaires_accueil']}" in desk.how_to_come
    assert desk.channels.get(kind="phone").value == "+33745296808"
    remote = Desk.objects.get(slug="di-permanence-115")
    assert remote.place is None
    assert remote.modes == ["remote"]
    assert remote.category == Category.EMERGENCY_SHELTER

    again = datainclusion.import_records(
        structures=exported["structures"], services=exported["services"], version="v1"
    )
    assert (again.structures_created, again.structures_updated) == (0, 2)
    assert (again.services_created, again.services_updated) == (0, 2)
    assert Desk.objects.filter(slug__startswith="di-").count() == 2
    assert desk.channels.count() == 1


V0_STRUCTURE = {
    "source": "soliguide",
    "id": "s-77",
    "nom": "Accueil de jour des Moulins",
    "date_maj": "2024-11-02",
    "presentation_resume": "Accueil de jour, domiciliation et accès aux droits.",
    "adresse": "12 rue d’Arras",
    "code_postal": "59000",
    "commune": "Lille",
    "code_insee": "59350",
    "latitude": 50.62,
    "longitude": 3.07,
    "typologie": "ASSO",
    "labels_nationaux": ["croix-rouge"],
    "telephone": "01 99 00 12 34",
}
V0_SERVICE = {
    "source": "soliguide",
    "structure_id": "s-77",
    "id": "svc-9",
    "nom": "Permanence droit des étrangers",
    "date_maj": "2024-11-02",
    "presentation_resume": "Aide aux démarches de titre de séjour et d’asile.",
    "thematiques": [
        "acces-aux-droits-et-citoyennete--demandeurs-dasile-et-naturalisation",
        "acces-aux-droits-et-citoyennete--accompagnement-juridique",
    ],
    "profils": ["personnes-de-nationalite-etrangere", "adultes"],
    "frais": ["gratuit"],
    "modes_accueil": ["en-presentiel"],
    "modes_orientation_beneficiaire": ["se-presenter", "telephoner"],
    "recurrence": "Le jeudi de 9 h à 12 h",
    "courriel": "droits@example.org",
    "types": ["accompagnement"],
}


def test_v0_file_is_converted_and_imported(db, tmp_path):
    assert list(strict_validator("v0", "structure").iter_errors(V0_STRUCTURE)) == []
    assert list(strict_validator("v0", "service").iter_errors(V0_SERVICE)) == []
    path = write(tmp_path, {"structures": [V0_STRUCTURE], "services": [V0_SERVICE]})

    version, structures, services = datainclusion.load_file(path)
    assert version == "v0"
    report = datainclusion.import_records(structures=structures, services=services, version=version)

    assert report.errors == []
    org = Organisation.objects.get(slug="di-soliguide-s-77")
    assert org.description.startswith("Accueil de jour")
    assert org.places.get().insee_code == "59350"
    desk = Desk.objects.get(slug="di-soliguide-svc-9")
    assert desk.category == Category.LEGAL_DESK
    assert desk.audiences == ["foreigners"]
    assert Topic.ASYLUM in desk.topics
    assert desk.modes == ["walk_in"]
    assert desk.free_of_charge
    assert "Horaires : Le jeudi de 9 h à 12 h" in desk.how_to_come
    assert desk.channels.get(kind="email").value == "droits@example.org"
    assert desk.place == org.places.get()  # no address of its own: the structure's


def test_v0_service_converts_to_a_valid_v1_service():
    converted = datainclusion.service_from_v0(V0_SERVICE)
    assert list(strict_validator("v1", "service").iter_errors(converted)) == []
    assert converted["publics"] == ["personnes-exilees"]
    assert converted["frais"] == "gratuit"
    assert converted["modes_mobilisation"] == ["se-presenter", "telephoner"]
    assert converted["mobilisable_par"] == ["usagers"]


def test_list_of_records_is_split_by_structure_id(tmp_path):
    path = write(tmp_path, [v1_service(), v1_structure()])
    version, structures, services = datainclusion.load_file(path)
    assert version == "v1"
    assert [s["id"] for s in structures] == ["dora--42"]
    assert [s["id"] for s in services] == ["dora--s1"]


def test_one_bad_record_is_reported_and_nothing_is_written(db):
    before = counts()
    report = datainclusion.import_records(
        structures=[v1_structure()],
        services=[v1_service(), v1_service(id="abc", code_insee="99999")],
        version="v1",
    )
    assert report.errors == [
        ("services", 1, "abc", "code_insee: '99999' is not a commune code of any département")
    ]
    assert str(report.errors[0]) == (
        "services[1] (id=abc): code_insee: '99999' is not a commune code of any département"
    )
    assert report.imported == 0
    assert not report.written
    assert counts() == before


def test_skip_invalid_imports_the_valid_records(db):
    report = datainclusion.import_records(
        structures=[v1_structure(), v1_structure(id="bad", latitude=123.0)],
        services=[v1_service(), v1_service(id="orphan", structure_id="bad")],
        version="v1",
        skip_invalid=True,
    )
    assert [(e.kind, e.index, e.record_id) for e in report.errors] == [
        ("structures", 1, "bad"),
        ("services", 1, "orphan"),
    ]
    assert report.errors[0].message == "latitude: 123.0 is out of range (-90 to 90)"
    assert report.errors[1].message.startswith("structure_id: the structure 'bad' has errors")
    assert (report.structures_created, report.services_created) == (1, 1)
    assert report.written
    desk = Desk.objects.get(slug="di-dora-s1")
    assert desk.category == Category.FOOD_AID
    assert desk.topics == [Topic.FOOD]
    assert desk.audiences == ["everyone"]
    assert desk.place.departement == "59"
    assert not Organisation.objects.filter(slug="di-dora-bad").exists()


@pytest.mark.parametrize(
    ("service", "message"),
    [
        (v1_service(structure_id="nope"), "structure_id: 'nope' is not a structure of this file"),
        (v1_service(thematiques=["cuisine"]), "thematiques[0]: 'cuisine' is not an allowed value"),
        (v1_service(description="Bof"), "description: 3 characters, at least 5 needed"),
        (v1_service(courriel="pas-un-courriel"), "courriel: 'pas-un-courriel' is not a valid"),
        (v1_service(code_postal="590"), "code_postal: 3 characters, at least 5 needed"),
        (v1_service(code_postal="5900A"), "code_postal: '5900A' does not have the expected form"),
        (v1_service(longitude=200.5), "longitude: 200.5 is out of range (-180 to 180)"),
        ({**v1_service(), "nom": None}, "nom: expected string, got null"),
        ({k: v for k, v in v1_service().items() if k != "date_maj"}, "date_maj: required field"),
        (v1_service(date_maj="14/02/2026"), "date_maj: '14/02/2026' is not a valid date"),
    ],
)
def test_errors_name_the_field(db, service, message):
    report = datainclusion.import_records(
        structures=[v1_structure()], services=[service], version="v1"
    )
    assert [e.kind for e in report.errors] == ["services"]
    assert report.errors[0].message.startswith(message), report.errors[0].message
    assert not Organisation.objects.exists()


def test_service_may_belong_to_a_structure_imported_before(db):
    datainclusion.import_records(structures=[v1_structure()], services=[], version="v1")
    report = datainclusion.import_records(structures=[], services=[v1_service()], version="v1")
    assert report.errors == []
    assert Desk.objects.get().organisation.slug == "di-dora-42"


def test_address_without_insee_code_is_left_aside_with_a_warning(db):
    record = v1_structure(code_insee=None)
    report = datainclusion.import_records(structures=[record], services=[], version="v1")
    assert report.errors == []
    assert report.warnings[0].message.startswith("code_insee: missing")
    assert not Place.objects.exists()


def test_dry_run_counts_but_writes_nothing(db):
    before = counts()
    report = datainclusion.import_records(
        structures=[v1_structure()], services=[v1_service()], version="v1", dry_run=True
    )
    assert (report.structures_created, report.services_created) == (1, 1)
    assert not report.written
    assert counts() == before


# --- Command ------------------------------------------------------------------------------------


def test_command_on_a_non_json_file_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("structures: none\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"not valid JSON \(line 1, column 1"):
        call_command("import_data_inclusion", str(path))
    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("import_data_inclusion", str(tmp_path / "missing.json"))
    (tmp_path / "bytes.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="not a UTF-8 text file"):
        call_command("import_data_inclusion", str(tmp_path / "bytes.json"))
    with pytest.raises(CommandError, match="expected an object"):
        call_command("import_data_inclusion", write(tmp_path, {"records": []}))


def test_command_reports_bad_record_and_imports_nothing(db, tmp_path):
    bad = v1_service(id="abc", code_insee="99999")
    path = write(tmp_path, {"structures": [v1_structure()], "services": [v1_service(), bad]})
    before = counts()
    stderr = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_data_inclusion", path, stdout=StringIO(), stderr=stderr)
    assert (
        "services[1] (id=abc): code_insee: '99999' is not a commune code of any département"
        in stderr.getvalue()
    )
    assert counts() == before


def test_command_skip_invalid_and_dry_run(db, tmp_path):
    bad = v1_service(id="abc", code_insee="99999")
    path = write(tmp_path, {"structures": [v1_structure()], "services": [v1_service(), bad]})
    stdout = StringIO()
    call_command("import_data_inclusion", path, "--skip-invalid", "--dry-run", stdout=stdout)
    assert "Structures would be created: 1" in stdout.getvalue()
    assert not Organisation.objects.exists()
    stdout = StringIO()
    call_command("import_data_inclusion", path, "--skip-invalid", stdout=stdout, stderr=StringIO())
    assert "Services were created: 1" in stdout.getvalue()
    assert Desk.objects.filter(slug="di-dora-s1").exists()


# --- Endpoints ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["structures", "services"])
def test_endpoints_are_public_json_lists(legal_desk, partner_desk, name):
    response = Client().get(f"/api/data-inclusion/v1/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert isinstance(data, list)
    assert len(data) == 2
    assert_valid(data, name.rstrip("s"))
    assert Client().post(f"/api/data-inclusion/v1/{name}").status_code == 405


def test_services_endpoint_query_count_does_not_grow_with_desks(
    legal_desk, partner_desk, django_assert_max_num_queries
):
    for number in range(5):
        Desk.objects.create(
            organisation=legal_desk.organisation,
            place=legal_desk.place,
            name=f"Permanence {number}",
            slug=f"permanence-{number}",
        )
    with django_assert_max_num_queries(8):
        assert len(Client().get("/api/data-inclusion/v1/services").json()) == 7
    with django_assert_max_num_queries(6):
        assert len(Client().get("/api/data-inclusion/v1/structures").json()) == 2
