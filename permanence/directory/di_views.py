"""The data·inclusion v1 export (docs/data-inclusion.md): public JSON lists, no sign-in."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from permanence.directory import datainclusion


def _list(records: list[dict]) -> JsonResponse:
    return JsonResponse(records, safe=False, json_dumps_params={"ensure_ascii": False})


@login_not_required
@require_GET
def structures(request):
    return _list(datainclusion.structure_records(request))


@login_not_required
@require_GET
def services(request):
    return _list(datainclusion.service_records(request))
