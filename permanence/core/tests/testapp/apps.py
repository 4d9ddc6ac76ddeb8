"""Test-only app holding models with encrypted fields (tables created by run_syncdb)."""

from django.apps import AppConfig


class CoreTestAppConfig(AppConfig):
    name = "permanence.core.tests.testapp"
    label = "core_testapp"
    default_auto_field = "django.db.models.BigAutoField"
