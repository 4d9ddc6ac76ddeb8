"""Helpline pages: who is refused, the keyboard form, imports in the background, the report."""

import csv
import io
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from permanence.audit.models import Action, AuditEvent
from permanence.helpline.models import CallSheet, ImportJob, ImportStatus, ReportBudget
from permanence.helpline.tests.conftest import normalise
from permanence.helpline.tests.test_import import ROWS, csv_bytes

SHEET_URLS = [
    "/helpline/ligne/calls/",
    "/helpline/ligne/calls/new/",
    "/helpline/ligne/import/",
    "/helpline/ligne/import/template.csv",
]
REPORT_URLS = ["/helpline/ligne/report/", "/helpline/ligne/report/download/?year=2020&format=text"]


def valid_post(**overrides) -> dict:
    data = {
        "called_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "caller_type": "individual",
        "caller_gender": "woman",
        "departement": "Seine-Saint-Denis",
        "origin_region": "afrique",
        "topics": ["sejour", "famille"],
        "language": "arabe",
        "answer": "information",
        "referral": "",
        "duration_minutes": "8",
        "token": str(uuid.uuid4()),
    }
    return {**data, **overrides}


# --- Refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_operator", "volunteer_a", "network_officer", "tech_admin"])
def test_outsiders_get_404_on_every_helpline_page(request, client_for, helpline_org, who):
    client = client_for(request.getfixturevalue(who))
    for url in SHEET_URLS + REPORT_URLS:
        assert client.get(url).status_code == 404, url
    for url in [
        "/helpline/ligne/calls/new/",
        "/helpline/ligne/calls/non-data/",
        "/helpline/ligne/import/",
        "/helpline/ligne/report/budget/?year=2020",
    ]:
        assert client.post(url, valid_post()).status_code == 404, url
    assert CallSheet.objects.count() == 0


def test_anonymous_visitor_is_sent_to_sign_in(client, helpline_org):
    response = client.get("/helpline/ligne/calls/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_operator_does_not_see_the_sheets_of_another_helpline(
    client_for, helpline_operator, other_helpline
):
    CallSheet.objects.create(
        organisation=other_helpline,
        called_at=timezone.now(),
        caller_type="individual",
        caller_gender="man",
        departement="59",
    )
    client = client_for(helpline_operator)
    assert client.get("/helpline/autre-ligne/calls/").status_code == 404
    assert "Nord" not in client.get("/helpline/ligne/calls/").content.decode()
    assert "59" not in client.get("/helpline/ligne/calls/").content.decode().split("<table>")[1]


def test_import_job_of_another_helpline_is_404(client_for, helpline_operator, other_helpline):
    job = ImportJob.objects.create(
        organisation=other_helpline, filename="x.csv", skip_invalid=False
    )
    client = client_for(helpline_operator)
    assert client.get(f"/helpline/ligne/import/{job.pk}/").status_code == 404
    assert client.get(f"/helpline/ligne/import/{job.pk}/errors.csv").status_code == 404


def test_operator_may_not_change_the_budget(client_for, helpline_operator):
    client = client_for(helpline_operator)
    page = client.get("/helpline/ligne/report/?year=2020").content.decode()
    assert "Enregistrer le budget" not in page
    assert client.post("/helpline/ligne/report/budget/?year=2020", {}).status_code == 404


# --- The call sheet -----------------------------------------------------------------------------


def test_form_is_prefilled_and_numbered_for_the_keyboard(client_for, helpline_operator):
    page = client_for(helpline_operator).get("/helpline/ligne/calls/new/").content.decode()
    assert 'type="datetime-local"' in page and timezone.localtime().strftime("%Y-%m-%dT") in page
    assert '<kbd aria-hidden="true">1</kbd> Particulier' in page
    assert '<kbd aria-hidden="true">0</kbd> Autre' in page  # the tenth topic
    assert "Appels aujourd’hui : 0" in page
    assert "helpline/callsheet.js" in page
    assert "Appel sans objet (silence, erreur)" in page


def test_saving_a_sheet_returns_an_empty_form_with_the_count_of_the_day(
    client_for, helpline_operator
):
    client = client_for(helpline_operator)
    response = client.post("/helpline/ligne/calls/new/", valid_post(), follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/helpline/ligne/calls/new/"
    assert "Fiche enregistrée. Appels aujourd’hui : 1." in page
    assert 'value="Seine-Saint-Denis"' not in page
    sheet = CallSheet.objects.get()
    assert (sheet.departement, sheet.language, sheet.caller_gender) == ("93", "ar", "woman")
    assert sheet.topics == ["sejour", "famille"] and sheet.created_by == helpline_operator
    client.post("/helpline/ligne/calls/new/", valid_post(departement="75011"))
    assert CallSheet.objects.filter(departement="75").exists()


def test_a_double_submission_counts_one_call(client_for, helpline_operator):
    client = client_for(helpline_operator)
    data = valid_post()
    client.post("/helpline/ligne/calls/new/", data)
    client.post("/helpline/ligne/calls/new/", data)
    assert CallSheet.objects.count() == 1


def test_changing_the_caller_type_drops_the_other_answers(client_for, helpline_operator):
    client_for(helpline_operator).post(
        "/helpline/ligne/calls/new/",
        valid_post(caller_type="professional", professional_kind="avocat", caller_gender="man"),
    )
    sheet = CallSheet.objects.get()
    assert (sheet.caller_gender, sheet.professional_kind) == ("", "avocat")


@pytest.mark.parametrize("referral", ["rappeler le 06 12 34 56 78", "ecrire a x.y@example.org"])
def test_sheet_with_a_phone_number_or_e_mail_is_refused(client_for, helpline_operator, referral):
    response = client_for(helpline_operator).post(
        "/helpline/ligne/calls/new/", valid_post(referral=referral)
    )
    assert response.status_code == 400
    assert "Pas de numéro de téléphone ni d’adresse e-mail : la fiche d’appel est anonyme." in (
        response.content.decode()
    )
    assert CallSheet.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("departement", "Atlantide"),
        ("language", "klingon"),
        ("caller_type", "robot"),
        ("called_at", "2999-01-01T10:00"),
        ("topics", "poésie"),
    ],
)
def test_invalid_answers_are_explained(client_for, helpline_operator, field, value):
    response = client_for(helpline_operator).post(
        "/helpline/ligne/calls/new/", valid_post(**{field: value})
    )
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert CallSheet.objects.count() == 0


def test_professional_without_a_kind_is_refused(client_for, helpline_operator):
    response = client_for(helpline_operator).post(
        "/helpline/ligne/calls/new/", valid_post(caller_type="professional")
    )
    assert response.status_code == 400
    assert "Indiquez le type de professionnel." in response.content.decode()


def test_one_click_counts_a_call_without_object(client_for, helpline_operator):
    client = client_for(helpline_operator)
    response = client.post("/helpline/ligne/calls/non-data/", follow=True)
    assert "Appel sans objet compté. Appels aujourd’hui : 1." in response.content.decode()
    sheet = CallSheet.objects.get()
    assert sheet.non_data and sheet.caller_type == ""
    assert client.get("/helpline/ligne/calls/non-data/").status_code == 405


def test_list_of_recent_sheets_in_constant_queries(
    client_for, helpline_operator, helpline_org, django_assert_max_num_queries
):
    client = client_for(helpline_operator)
    client.post("/helpline/ligne/calls/new/", valid_post())
    CallSheet.objects.bulk_create(
        CallSheet(
            organisation=helpline_org,
            called_at=timezone.now() - timedelta(hours=i),
            caller_type="professional",
            professional_kind="association",
            topics=["asile"],
        )
        for i in range(60)
    )
    with django_assert_max_num_queries(12):
        page = client.get("/helpline/ligne/calls/").content.decode()
    assert "61 fiches" in page and "Séjour, Famille" in page and "Association" in page


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(list(valid_post()) + ["non_data", "csrfmiddlewaretoken"]),
        st.text(max_size=60) | st.sampled_from(["individual", "professional", "93", "", "afrique"]),
    )
)
def test_random_form_posts_never_fail(client_for, helpline_operator, data):
    response = client_for(helpline_operator).post("/helpline/ligne/calls/new/", data)
    assert response.status_code in (302, 400)


# --- Imports ------------------------------------------------------------------------------------


def test_upload_runs_in_the_background_and_reports_progress(
    client_for, helpline_operator, immediate_tasks
):
    client = client_for(helpline_operator)
    upload = SimpleUploadedFile("appels.csv", csv_bytes(ROWS), content_type="text/csv")
    response = client.post("/helpline/ligne/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/helpline/ligne/import/{job.pk}/"
    assert job.status == ImportStatus.DONE and job.imported == len(ROWS)
    assert bytes(job.data) == b""  # the file is not kept
    assert CallSheet.objects.filter(import_job=job, created_by=helpline_operator).count() == 5
    assert AuditEvent.objects.filter(action=Action.OBJECT_CREATED, object_id=str(job.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "5 fiches importées." in page and "hx-trigger" not in page


def test_progress_partial_polls_until_done(client_for, helpline_operator, helpline_org):
    job = ImportJob.objects.create(organisation=helpline_org, filename="a.csv", skip_invalid=False)
    client = client_for(helpline_operator)
    url = f"/helpline/ligne/import/{job.pk}/"
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="progress"')
    assert 'hx-trigger="every 2s"' in partial and f'hx-get="{url}"' in partial
    full = client.get(url).content.decode()
    assert partial.strip() in full  # the swap gives the same section as a fresh load
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE, progress=100)
    assert "hx-trigger" not in client.get(url, headers={"HX-Request": "true"}).content.decode()


def test_upload_with_errors_imports_nothing_and_offers_an_error_report(
    client_for, helpline_operator, immediate_tasks
):
    client = client_for(helpline_operator)
    rows = [*ROWS, ["2020-01-08", "", "", "particuliere", "", "", "93", "afrique", "", ""]]
    upload = SimpleUploadedFile("appels.csv", csv_bytes(rows))
    response = client.post("/helpline/ligne/import/", {"file": upload}, follow=True)
    page = response.content.decode()
    assert CallSheet.objects.count() == 0
    assert "1 erreur : aucune fiche importée." in page
    assert "ligne 7, colonne caller_type : « particuliere »" in page
    job = ImportJob.objects.get()
    report = client.get(f"/helpline/ligne/import/{job.pk}/errors.csv")
    assert report["Content-Type"].startswith("text/csv")
    text = report.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "ligne,colonne,valeur,erreur"
    assert text.splitlines()[1].startswith("7,caller_type,particuliere,")


def test_the_error_report_never_hands_a_formula_to_the_spreadsheet(
    client_for, helpline_operator, immediate_tasks
):
    """A cell read back from the upload as it was typed would run in Excel or LibreOffice."""
    client = client_for(helpline_operator)
    rows = [*ROWS, ['=HYPERLINK("http://x")', "", "", "@SUM(A1)", "", "", "93", "afrique", "", ""]]
    client.post("/helpline/ligne/import/", {"file": SimpleUploadedFile("a.csv", csv_bytes(rows))})
    job = ImportJob.objects.get()
    text = client.get(f"/helpline/ligne/import/{job.pk}/errors.csv").content.decode("utf-8-sig")
    values = [row[2] for row in csv.reader(io.StringIO(text))][1:]
    assert values and all(value.startswith("'") for value in values), values
    assert '\'=HYPERLINK("http://x")' in values


def test_upload_with_skip_invalid_imports_the_rest(client_for, helpline_operator, immediate_tasks):
    rows = [*ROWS, ["2020-01-08", "", "", "particuliere", "", "", "93", "afrique", "", ""]]
    upload = SimpleUploadedFile("appels.csv", csv_bytes(rows))
    client_for(helpline_operator).post(
        "/helpline/ligne/import/", {"file": upload, "skip_invalid": "on"}
    )
    assert CallSheet.objects.count() == len(ROWS)


def test_template_file_imports_cleanly(client_for, helpline_operator, immediate_tasks):
    client = client_for(helpline_operator)
    template = client.get("/helpline/ligne/import/template.csv").content
    client.post("/helpline/ligne/import/", {"file": SimpleUploadedFile("m.csv", template)})
    assert ImportJob.objects.get().status == ImportStatus.DONE
    assert CallSheet.objects.count() == 2


# --- Report -------------------------------------------------------------------------------------


def test_report_page_shows_the_text_tables_and_downloads(
    client_for, helpline_operator, helpline_org
):
    from permanence.helpline.tests.test_report import make_calls

    make_calls(helpline_org, {"93": 30, "94": 20, "75": 10})
    client = client_for(helpline_operator)
    page = normalise(client.get("/helpline/ligne/report/?year=2020").content.decode())
    assert "En 2020, le service a traité 60 appels." in page
    assert (
        "Paris est la troisième zone d'appel derrière la Seine-Saint-Denis et le Val-de-Marne"
        in page
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    for format, content_type in [
        ("pdf", "application/pdf"),
        ("xlsx", "application/vnd.open"),
        ("ods", "application/vnd.oasis"),
        ("text", "text/plain"),
    ]:
        response = client.get(f"/helpline/ligne/report/download/?year=2020&format={format}")
        assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
        assert "rapport-activite-ligne-2020" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action=Action.OBJECT_EXPORTED).count() == 4
    assert client.get("/helpline/ligne/report/download/?year=2020&format=doc").status_code == 404
    assert client.get("/helpline/ligne/report/?year=abc").status_code == 404


def test_coordinator_enters_the_budget(client_for, helpline_coordinator, helpline_org):
    client = client_for(helpline_coordinator)
    assert (
        "Enregistrer le budget" in client.get("/helpline/ligne/report/?year=2020").content.decode()
    )
    data = {
        "funder": "Ville de Paris",
        "requested_amount": "34000",
        "focus_departement": "Paris",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
        "lines-0-kind": "expense",
        "lines-0-category": "Charges de personnel",
        "lines-0-amount": "170000",
        "lines-1-kind": "expense",
        "lines-1-category": "Impôts et taxes",
        "lines-1-amount": "20700",
        "lines-2-kind": "",
        "lines-2-category": "",
        "lines-2-amount": "",
    }
    response = client.post("/helpline/ligne/report/budget/?year=2020", data, follow=True)
    page = normalise(response.content.decode())
    assert "Le budget a été enregistré." in page
    assert "Montant sollicité : 34 000 € (soit 18 % du coût total du projet)." in page
    budget = ReportBudget.objects.get(organisation=helpline_org, year=2020)
    assert budget.focus_departement == "75" and budget.lines.count() == 2
    bad = client.post("/helpline/ligne/report/budget/?year=2020", {**data, "lines-0-amount": "-5"})
    assert bad.status_code == 400


def test_report_pdf_is_prepared_in_the_background_and_kept_until_the_figures_change(
    client_for, helpline_operator, helpline_org, monkeypatch
):
    from django.tasks import default_task_backend

    from permanence.helpline import exports
    from permanence.helpline.models import RenderedReport
    from permanence.helpline.tasks import prepare_report_pdf
    from permanence.helpline.tests.test_report import make_calls

    make_calls(helpline_org, {"93": 30, "94": 20, "75": 10})
    client = client_for(helpline_operator)
    default_task_backend.clear()
    page = client.get("/helpline/ligne/report/?year=2020").content.decode()
    assert "en cours de préparation" in page
    queued = [r for r in default_task_backend.results if r.task.name == "prepare_report_pdf"]
    assert [r.args for r in queued] == [[helpline_org.pk, 2020, "fr"]]
    assert prepare_report_pdf.call(*queued[0].args) == "ready"
    kept = RenderedReport.objects.get()
    assert (kept.organisation, kept.year, kept.language) == (helpline_org, 2020, "fr")
    assert bytes(kept.content).startswith(b"%PDF-")

    # Ready: the page asks for nothing more and the download is the kept file, not laid out again.
    default_task_backend.clear()
    assert (
        "en cours de préparation"
        not in client.get("/helpline/ligne/report/?year=2020").content.decode()
    )
    assert not default_task_backend.results

    def no_layout(html):
        raise AssertionError("the kept PDF should have been served")

    monkeypatch.setattr(exports, "pdf_from_html", no_layout)
    response = client.get("/helpline/ligne/report/download/?year=2020&format=pdf")
    assert response.status_code == 200 and response.content == bytes(kept.content)
    monkeypatch.undo()

    # One more call: other figures, so another file; the old one is dropped.
    make_calls(helpline_org, {"75": 1})
    response = client.get("/helpline/ligne/report/download/?year=2020&format=pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response.content != bytes(kept.content)
    assert list(RenderedReport.objects.values_list("digest", flat=True)) != [kept.digest]
    assert RenderedReport.objects.count() == 1
    # A task for an organisation deleted meanwhile does nothing.
    assert prepare_report_pdf.call(10**9, 2020, "fr") == "gone"
