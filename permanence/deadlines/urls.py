from django.urls import path

from permanence.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("", views.board, name="board"),
    path("cases/<uuid:case_id>/decision/", views.decision_record, name="record"),
    path("<int:deadline_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:deadline_id>/close/", views.close, name="close"),
    path("rules/<slug:code>/edit/", views.rule_edit, name="rule_edit"),
]
