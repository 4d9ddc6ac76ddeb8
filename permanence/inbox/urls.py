from django.urls import path

from permanence.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox, name="list"),
    path("new/", views.request_new, name="new"),
    path("<uuid:request_id>/", views.request_detail, name="detail"),
    path("<uuid:request_id>/take/", views.request_take, name="take"),
    path("<uuid:request_id>/state/", views.request_state, name="state"),
    path("<uuid:request_id>/notes/", views.request_note, name="note"),
    path("<uuid:request_id>/case/", views.request_case, name="case"),
]
