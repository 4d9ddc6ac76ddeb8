"""Included under ``/<lang>/desks/<slug:slug>/request/`` (inside ``i18n_patterns``)."""

from django.urls import path

from permanence.inbox import public_views

app_name = "inbox_public"
urlpatterns = [
    path("", public_views.request_form, name="form"),
    path("sent/", public_views.request_sent, name="sent"),
]
