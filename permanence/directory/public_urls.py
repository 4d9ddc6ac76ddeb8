from django.urls import path

from permanence.directory import views

app_name = "directory_public"
urlpatterns = [
    path("", views.desk_search, name="search"),
    path("desks/<slug:slug>/", views.desk_detail, name="desk"),
    path("desks/<slug:slug>/poster.pdf", views.desk_poster, name="poster"),
]
