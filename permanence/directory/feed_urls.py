from django.urls import path

from permanence.directory import api, feeds

app_name = "directory_feeds"
urlpatterns = [
    path("ical/desks/<slug:slug>.ics", feeds.desk_ics, name="desk_ics"),
    path("ical/organisations/<slug:slug>.ics", feeds.organisation_ics, name="organisation_ics"),
    path("api/v1/desks", api.desks, name="api_desks"),
    path("api/v1/openapi.json", api.openapi, name="openapi"),
]
