"""The project's URLs plus views that fail on purpose, for the error-page tests only."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from permanence.urls import handler400, handler403, handler404, handler500, urlpatterns

SECRET_DETAIL = "internal-detail-8f3a: the database password is hunter2"

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@login_not_required
def boom(request):
    raise RuntimeError(SECRET_DETAIL)


@login_not_required
def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


@login_not_required
def forbidden(request):
    raise PermissionDenied(SECRET_DETAIL)


urlpatterns = [
    path("boom/", boom),
    path("suspicious/", suspicious),
    path("forbidden/", forbidden),
    *urlpatterns,
]
