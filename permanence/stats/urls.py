from django.urls import path

from permanence.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/export.csv", views.export_csv, name="export"),
]
