"""Pages of the file import: upload → columns → preview → import (``laget.reporting.imports``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from laget import access
from laget.core.forms import apply_validation_error
from laget.organisations.models import Collaboration
from laget.reporting import imports
from laget.reporting.choices import ImportStatus
from laget.reporting.import_forms import ImportConfirmForm, ImportMappingForm, ImportUploadForm
from laget.reporting.models import ImportBatch

PREVIEW_PAGE_SIZE = 100


def _importing_collaboration(request: HttpRequest, collaboration_id: int) -> Collaboration:
    """The collaboration, if the person may import reports there (404 outside, 403 inside)."""
    collaboration = access.access_object(request.user, Collaboration, collaboration_id)
    if not request.user.has_perm("laget.import_reports", collaboration):
        raise PermissionDenied
    return collaboration


def _batch(request: HttpRequest, collaboration_id: int, batch_id: int) -> ImportBatch:
    collaboration = _importing_collaboration(request, collaboration_id)
    return imports.import_batch_get(
        user=request.user, collaboration=collaboration, batch_id=batch_id
    )


def _to_batch(batch: ImportBatch) -> HttpResponse:
    return redirect("imports:batch", collaboration_id=batch.collaboration_id, batch_id=batch.pk)


@login_required
def import_upload(request: HttpRequest, collaboration_id: int) -> HttpResponse:
    collaboration = _importing_collaboration(request, collaboration_id)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = imports.import_batch_create(
                user=request.user,
                collaboration=collaboration,
                filename=upload.name,
                content=upload.read(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("imports:mapping", collaboration_id=collaboration.pk, batch_id=batch.pk)
    batches = imports.import_batch_list(user=request.user, collaboration=collaboration)[:20]
    context = {"collaboration": collaboration, "form": form, "batches": batches}
    return render(request, "reporting/import_upload.html", context)


@login_required
def import_mapping(request: HttpRequest, collaboration_id: int, batch_id: int) -> HttpResponse:
    batch = _batch(request, collaboration_id, batch_id)
    if batch.status != ImportStatus.PREVIEW:
        return _to_batch(batch)
    examples = [cells for _number, cells in batch.rows[:5]]
    form = ImportMappingForm(
        request.POST or None,
        headers=batch.headers,
        examples=examples,
        initial={key: str(column) for key, column in batch.mapping.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            imports.import_batch_map(batch=batch, mapping=form.mapping())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return _to_batch(batch)
    context = {
        "collaboration": batch.collaboration,
        "batch": batch,
        "form": form,
        "examples": examples,
    }
    return render(request, "reporting/import_mapping.html", context)


@login_required
def import_batch(request: HttpRequest, collaboration_id: int, batch_id: int) -> HttpResponse:
    """The preview of a batch not yet imported, or the result of one that is finished."""
    batch = _batch(request, collaboration_id, batch_id)
    context: dict[str, Any] = {"collaboration": batch.collaboration, "batch": batch}
    if batch.status in (ImportStatus.CONFIRMED, ImportStatus.CANCELLED):
        return render(request, "reporting/import_result.html", context)
    if batch.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING):
        return render(request, "reporting/import_wait.html", context)
    if not batch.checked:  # no column chosen for the category yet
        return redirect("imports:mapping", collaboration_id=collaboration_id, batch_id=batch.pk)
    rows = batch.checked
    errors = [r for r in rows if not r["valid"]]
    only_errors = request.GET.get("errors") == "1"
    page = Paginator(errors if only_errors else rows, PREVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context |= {
        "page": page,
        "only_errors": only_errors,
        "total": len(rows),
        "error_count": len(errors),
        "new_count": sum(1 for r in rows if r["valid"] and not r["existing"]),
        "existing_count": sum(1 for r in rows if r["valid"] and r["existing"]),
        "form": ImportConfirmForm(),
    }
    return render(request, "reporting/import_preview.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, collaboration_id: int, batch_id: int) -> HttpResponse:
    batch = _batch(request, collaboration_id, batch_id)
    form = ImportConfirmForm(request.POST)
    skip_errors = form.is_valid() and form.cleaned_data["skip_errors"]
    try:
        result = imports.import_batch_start(user=request.user, batch=batch, skip_errors=skip_errors)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_batch(batch)
    if result is None:
        messages.info(request, _("The import has started. Nothing is stored until every row is."))
    elif not result.done_now:
        messages.info(request, _("This file has already been imported."))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s report has been imported.",
                "%(count)s reports have been imported.",
                result.created,
            )
            % {"count": result.created},
        )
    return _to_batch(batch)


@login_required
@require_POST
def import_cancel(request: HttpRequest, collaboration_id: int, batch_id: int) -> HttpResponse:
    batch = _batch(request, collaboration_id, batch_id)
    try:
        imports.import_batch_cancel(batch=batch)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_batch(batch)
    messages.success(request, _("The import has been cancelled; nothing was stored."))
    return redirect("imports:upload", collaboration_id=batch.collaboration_id)
