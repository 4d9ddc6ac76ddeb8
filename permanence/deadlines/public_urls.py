from django.urls import path

from permanence.deadlines import views

app_name = "deadlines_public"
urlpatterns = [path("", views.rules, name="rules")]
