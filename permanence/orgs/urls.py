from django.urls import path

from permanence.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/edit/", views.organisation_edit, name="edit"),
    path("<slug:slug>/places/new/", views.place_edit, name="place_create"),
    path("<slug:slug>/places/<int:place_id>/edit/", views.place_edit, name="place_edit"),
    path("<slug:slug>/audit/", views.audit_list, name="audit"),
]
