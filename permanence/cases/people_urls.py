from django.urls import path

from permanence.cases.views import documents, people
from permanence.cases.views import privacy as privacy_views

app_name = "people"
urlpatterns = [
    path("", people.person_search, name="search"),
    path("new/", people.person_create, name="create"),
    path("<uuid:person_id>/", people.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", people.person_edit, name="edit"),
    path("<uuid:person_id>/add/<slug:what>/", people.person_history_add, name="history_add"),
    path("<uuid:person_id>/export/", privacy_views.person_export, name="export"),
    path("<uuid:person_id>/export.json", privacy_views.person_export_json, name="export_json"),
    path("<uuid:person_id>/export.pdf", privacy_views.person_export_pdf, name="export_pdf"),
    path("<uuid:person_id>/erase/", privacy_views.person_erase, name="erase"),
    path("<uuid:person_id>/merge/", privacy_views.person_merge, name="merge"),
]

document_urlpatterns = [
    path("documents/<uuid:document_id>/", documents.document_download, name="document_download"),
]
