from django.urls import path

from permanence.cases.views import cases, documents

app_name = "cases"
urlpatterns = [
    path("", cases.case_list, name="list"),
    path("new/", cases.case_create, name="create"),
    path("<uuid:case_id>/", cases.case_detail, name="detail"),
    path("<uuid:case_id>/edit/", cases.case_edit, name="edit"),
    path("<uuid:case_id>/entries/<slug:kind>/", cases.entry_add, name="entry_add"),
    path("<uuid:case_id>/tasks/<int:entry_id>/done/", cases.task_done, name="task_done"),
    path(
        "<uuid:case_id>/referrals/<int:entry_id>/status/",
        cases.referral_status,
        name="referral_status",
    ),
    path("<uuid:case_id>/documents/", documents.document_upload, name="document_upload"),
    path("<uuid:case_id>/break-glass/", cases.break_glass, name="break_glass"),
    path("<uuid:case_id>/share/", cases.case_share, name="share"),
]
