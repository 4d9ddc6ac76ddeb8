from django.urls import path

from permanence.helpline import views

app_name = "helpline"
urlpatterns = [
    path("<slug:slug>/calls/", views.call_list, name="call_list"),
    path("<slug:slug>/calls/new/", views.call_create, name="call_create"),
    path("<slug:slug>/calls/non-data/", views.call_non_data, name="call_non_data"),
    path("<slug:slug>/import/", views.import_upload, name="import"),
    path("<slug:slug>/import/template.csv", views.import_template, name="import_template"),
    path("<slug:slug>/import/<uuid:job_id>/", views.import_detail, name="import_detail"),
    path("<slug:slug>/import/<uuid:job_id>/errors.csv", views.import_errors, name="import_errors"),
    path("<slug:slug>/report/", views.report, name="report"),
    path("<slug:slug>/report/download/", views.report_download, name="report_download"),
    path("<slug:slug>/report/budget/", views.budget_edit, name="budget_edit"),
]
