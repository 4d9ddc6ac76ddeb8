from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def healthz(request):
    """A trivial view: the health check, and the yardstick of `make bench`."""
    return HttpResponse("ok", content_type="text/plain")


def _error(request, template: str, status: int):
    return render(request, template, status=status)


@login_not_required
def error_400(request, exception=None):
    return _error(request, "400.html", 400)


@login_not_required
def error_403(request, exception=None):
    return _error(request, "403.html", 403)


@login_not_required
def error_404(request, exception=None):
    return _error(request, "404.html", 404)


@login_not_required
def error_500(request):
    return _error(request, "500.html", 500)
