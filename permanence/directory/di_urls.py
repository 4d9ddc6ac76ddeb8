from django.urls import path

from permanence.directory import di_views

app_name = "data_inclusion"
urlpatterns = [
    path("api/data-inclusion/v1/structures", di_views.structures, name="structures"),
    path("api/data-inclusion/v1/services", di_views.services, name="services"),
]
