"""Import a wave's results from a spreadsheet (officers with MANAGE_SURVEYS): upload on the
wave's page, preview what would be created and changed (or each row's errors), confirm. The
reading, checking and writing is in surveys/wave_import.py; decision 0027 has the why."""

from crispy_forms_gds.layout import Field
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.forms import form_helper
from corporate_parenting.roles import Capability
from corporate_parenting.uploads import megabytes

from . import wave_import as wi
from .models import Comparator, Dimension, Domain, Wave, WaveImport

TEMPLATE_FORMATS = {
    "csv": ("text/csv; charset=utf-8", wi.template_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        wi.template_xlsx,
    ),
}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Upload the results of the wave",
        help_text=(
            f"A CSV (saved as CSV UTF-8) or an Excel spreadsheet (.xlsx), smaller than "
            f"{megabytes(wi.MAX_BYTES)}. From a spreadsheet, the first sheet is read."
        ),
        error_messages={
            "required": "Select a CSV or Excel file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV or Excel file",
            "missing": "Select a CSV or Excel file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = b""
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.helper = form_helper(Field("file"), submit="Upload and check the file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > wi.MAX_BYTES:
            raise ValidationError(
                f"The selected file must be smaller than {megabytes(wi.MAX_BYTES)}. A wave's "
                "results fit in far less: check that it is the right file"
            )
        self.content = upload.read()
        return upload


def _wave(request, pk):
    return get_for_organisation(
        request, Wave.objects.select_related("instrument"), Capability.MANAGE_SURVEYS, pk=pk
    )


@require_http_methods(["GET", "POST"])
def upload(request, pk):
    wave = _wave(request, pk)
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            wave_import = wi.wave_import_create(
                wave=wave,
                content=form.content,
                original_name=form.cleaned_data["file"].name,
                by=request.user,
            )
        except wi.ImportFileError as problem:
            form.add_error("file", problem.message)
        else:
            return redirect("surveys:wave_import_preview", pk=wave_import.pk)
    return render(
        request,
        "surveys/wave_import/upload.html",
        {
            "wave": wave,
            "form": form,
            "columns": wi.columns_help(),
            "needs": wi.section_needs(),
            "dimensions": Dimension.choices,
            "domains": Domain.choices,
            "comparator_kinds": Comparator.Kind.choices,
            "max_rows": wi.MAX_ROWS,
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
def preview(request, pk):
    wave_import = get_for_organisation(
        request,
        WaveImport.objects.select_related("wave__instrument", "uploaded_by"),
        Capability.MANAGE_SURVEYS,
        pk=pk,
    )
    wave = wave_import.wave
    if request.method == "POST":
        try:
            result = wi.wave_import_apply(
                wave_import=wave_import, digest=request.POST.get("plan", "")
            )
        except ValidationError as error:
            wave_import.refresh_from_db(fields=["state"])
            if wave_import.state == WaveImport.State.IMPORTED:
                messages.error(request, error.messages[0])
                return redirect(wave)
            messages.error(
                request,
                error.messages[0]
                if len(error.messages) == 1
                else "Nothing was imported: the file has errors. Correct the rows listed and "
                "upload the file again",
            )
            return redirect("surveys:wave_import_preview", pk=wave_import.pk)
        messages.success(request, f"{result}.")
        return redirect(wave)
    checked, plan, problem = None, None, None
    if wave_import.state != WaveImport.State.IMPORTED:
        try:
            checked, plan = wi.check_import(wave_import)
        except wi.ImportFileError as error:
            problem = error.message
    return render(
        request,
        "surveys/wave_import/preview.html",
        {
            "wave_import": wave_import,
            "wave": wave,
            "checked": checked,
            "plan": plan,
            "problem": problem,
            "result": wi.ImportResult(wave_import.result) if wave_import.result else None,
        },
    )


@require_GET
@never_cache
@capability_required(Capability.MANAGE_SURVEYS)
def template(request, file_format):
    if file_format not in TEMPLATE_FORMATS:
        raise Http404("No such format")
    content_type, build = TEMPLATE_FORMATS[file_format]
    response = HttpResponse(build(), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, f"survey-wave-template.{file_format}"
    )
    return response
