from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from permanence.cases import perms, services
from permanence.cases.forms import DocumentForm


@require_POST
def document_upload(request, case_id):
    case = perms.get_case(request.user, case_id, request=request, audit=False)
    from permanence.cases.documents import UploadRejected  # image and PDF libraries, on use

    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:detail", case_id=case.pk)
    try:
        services.case_document_add(
            case=case,
            doc_type=form.cleaned_data["doc_type"],
            uploaded_file=form.cleaned_data["file"],
            token=form.cleaned_data["token"],
            request=request,
        )
    except UploadRejected as exc:
        messages.error(request, f"{exc.message} {exc.hint or ''}".strip())
    else:
        messages.success(request, _("Le document a été enregistré, chiffré."))
    return redirect("cases:detail", case_id=case.pk)


@require_GET
def document_download(request, document_id):
    from permanence.cases.documents import document_open

    document = perms.get_document(request.user, document_id)
    content, content_type, name = document_open(document=document, request=request)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name or "document")
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
