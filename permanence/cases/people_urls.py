from django.urls import path

from permanence.cases.views import documents, people

app_name = "people"
urlpatterns = [
    path("", people.person_search, name="search"),
    path("new/", people.person_create, name="create"),
    path("<uuid:person_id>/", people.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", people.person_edit, name="edit"),
]

document_urlpatterns = [
    path("documents/<uuid:document_id>/", documents.document_download, name="document_download"),
]
