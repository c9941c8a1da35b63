"""Import a pledge from a CSV or Excel file (upload, then preview, then confirm), export a
version in the same shape, and a template file to start from. The reading, checking and
saving is in pledges/importing.py."""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from corporate_parenting.access import get_for_organisation
from corporate_parenting.forms import form_helper
from corporate_parenting.roles import Capability
from corporate_parenting.uploads import zip_bomb_problem
from corporate_parenting.views_helpers import FAILED, call_service

from ..importing import (
    EXPORT_FORMATS,
    MAX_BYTES,
    MAX_ROWS,
    STATUS_WORDS,
    ImportFileError,
    export_version,
    not_editable_message,
    parse_pledge_file,
    parse_pledge_import,
    pledge_import_apply,
    pledge_import_create,
    template_file,
)
from ..models import Commitment, PledgeImport, PledgeVersion


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text=(
            f"A CSV (saved as CSV UTF-8) or an Excel spreadsheet (.xlsx), smaller than 2MB, "
            f"with up to {MAX_ROWS:,} rows. From a spreadsheet, the first sheet is read."
        ),
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel file",
            "missing": "Select a CSV or Excel file",
        },
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.content = b""
        self.parsed = None
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.helper = form_helper(Field("file"), submit="Upload and check the file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError("The selected file must be smaller than 2MB")
        content = upload.read()
        bomb = zip_bomb_problem(content)
        if bomb:  # before openpyxl unpacks it
            if not upload.name.lower().endswith(".xlsx"):
                raise ValidationError(
                    "The selected file must be a CSV or an Excel spreadsheet (.xlsx)"
                )
            raise ValidationError(
                f"“{upload.name}” could not be opened as an Excel spreadsheet: {bomb}"
            )
        try:
            self.parsed = parse_pledge_file(content, upload.name, version=self.version)
        except ImportFileError as problem:
            raise ValidationError(problem.message) from None
        self.content = content
        return upload


@require_http_methods(["GET", "POST"])
def upload(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    form = None
    if version.is_editable:
        form = ImportFileForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
            version=version,
        )
        if request.method == "POST" and form.is_valid():
            pledge_import = call_service(
                request,
                form,
                pledge_import_create,
                version=version,
                content=form.content,
                original_name=form.cleaned_data["file"].name,
                by=request.user,
                parsed=form.parsed,
            )
            if pledge_import is not FAILED:
                return redirect("pledges:import_preview", pk=pledge_import.pk)
    return render(
        request,
        "pledges/import_upload.html",
        {
            "version": version,
            "form": form,
            "not_editable": None if version.is_editable else not_editable_message(version),
            "existing_count": Commitment.objects.in_version(version).count(),
            "status_words": STATUS_WORDS,
        },
    )


@require_http_methods(["GET", "POST"])
def preview(request, pk):
    pledge_import = get_for_organisation(
        request,
        PledgeImport.objects.select_related("version", "uploaded_by"),
        Capability.MANAGE_PLEDGE,
        pk=pk,
    )
    version = pledge_import.version
    if request.method == "POST":
        try:
            result = pledge_import_apply(pledge_import=pledge_import, by=request.user)
        except ValidationError as error:
            pledge_import.refresh_from_db(fields=["state"])
            if pledge_import.state == PledgeImport.State.IMPORTED:
                messages.error(request, error.messages[0])
                return redirect(version)
            messages.error(
                request,
                error.messages[0]
                if len(error.messages) == 1
                else "Nothing was imported: the file has errors. "
                "Correct the rows listed and upload the file again",
            )
            return redirect("pledges:import_preview", pk=pledge_import.pk)
        messages.success(request, f"{result}.")
        return redirect(version)

    problem, parsed = None, None
    try:
        parsed = parse_pledge_import(pledge_import)
    except ImportFileError as error:
        problem = error.message
    is_imported = pledge_import.state == PledgeImport.State.IMPORTED
    can_import = (
        parsed is not None
        and parsed.is_valid
        and pledge_import.state == PledgeImport.State.PREVIEWED
        and version.is_editable
    )
    return render(
        request,
        "pledges/import_preview.html",
        {
            "pledge_import": pledge_import,
            "version": version,
            "parsed": parsed,
            "problem": problem,
            "is_imported": is_imported,
            "can_import": can_import,
            "not_editable": None if version.is_editable else not_editable_message(version),
        },
    )


@require_GET
@never_cache
def export(request, pk):
    version = get_for_organisation(request, PledgeVersion, Capability.VIEW_PLEDGE_NARRATIVES, pk=pk)
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS:
        raise Http404("Export as csv or xlsx.")
    content, content_type, filename = export_version(version, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@never_cache
def template(request, pk):
    """A CSV with the columns and one example row, to start a file for this version from."""
    version = get_for_organisation(request, PledgeVersion, Capability.MANAGE_PLEDGE, pk=pk)
    content, content_type, filename = template_file(version)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
