from django.urls import path

from permanence.notifications import views

app_name = "notifications"
urlpatterns = [
    path("<slug:slug>/", views.outbox, name="outbox"),
    path("<slug:slug>/<int:message_id>/retry/", views.retry, name="retry"),
]
