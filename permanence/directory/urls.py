from django.urls import path

from permanence.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.desk_list, name="list"),
    path("new/", views.desk_edit, name="create"),
    path("<slug:slug>/edit/", views.desk_edit, name="edit"),
    path("<slug:slug>/schedule/", views.desk_schedule, name="schedule"),
    path("<slug:slug>/texts/", views.desk_texts, name="texts"),
    path("<slug:slug>/schedule/preview/", views.desk_schedule_preview, name="schedule_preview"),
]
