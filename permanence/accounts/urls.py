from django.urls import path

from permanence.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("orgs/<slug:slug>/members/", views.members, name="members"),
    path(
        "orgs/<slug:slug>/members/<int:membership_id>/", views.member_update, name="member_update"
    ),
]
