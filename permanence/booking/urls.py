from django.urls import path

from permanence.booking import views

app_name = "booking"
urlpatterns = [
    path("", views.desk_list, name="desks"),
    path("appointments/<uuid:appointment_id>/status/", views.move, name="move"),
    path("<slug:slug>/", views.book, name="book"),
    path("<slug:slug>/day/", views.day, name="day"),
    path("<slug:slug>/reasons/", views.reasons, name="reasons"),
    path("<slug:slug>/reasons/<int:reason_id>/", views.reasons, name="reason_edit"),
]
