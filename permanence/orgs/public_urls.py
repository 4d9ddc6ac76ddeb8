from django.urls import path

from permanence.orgs import views

app_name = "orgs_public"
urlpatterns = [
    path("", views.public_list, name="list"),
]
