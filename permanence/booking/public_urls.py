"""Public booking, under the desk's public page: ``/<lang>/desks/<slug>/book/``."""

from django.urls import path

from permanence.booking import views

app_name = "booking_public"
urlpatterns = [
    path("", views.public_book, name="book"),
    path("confirmed/<str:token>/", views.public_confirmed, name="confirmed"),
    path("cancel/<str:token>/", views.public_cancel, name="cancel"),
]
