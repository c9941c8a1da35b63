"""The report workflow: sending for clearance, comments, requesting changes, clearing,
publishing on an agenda item, and every saved version, two of them compared side by side.
A published report is corrected through the same steps: starting a correction (the author or
a report writer), clearing it (never the author), publishing it again in place (a clerk), or
withdrawing it (docs/decisions/0018).

Who may act is decided in boards/papers/rules.py, checked here and again in the services. A
report the viewer may not read (exempt, and they may not read its board's exempt items) is a
404, as for an outsider. The report page (views/reports.py) shows
`papers/_report_workflow_panel.html`, whose context comes from `workflow_context()`.

A rejected POST from the panel loses nothing: the posted text and the error are kept in the
session for one page view, and the panel shows them again beside the form.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from boards.papers import rules
from boards.papers.forms.report_workflow import (
    CorrectionStartForm,
    ReportCommentForm,
    ReportNoteForm,
    ReportPublishForm,
    RequestChangesForm,
)
from boards.papers.models import Report, ReportComment, ReportCorrection
from boards.papers.rules import reports_with_access
from boards.papers.services import report_workflow as services
from corporate_parenting.access import get_for_organisation
from corporate_parenting.roles import Capability
from corporate_parenting.views_helpers import FAILED, call_service

Status = Report.Status
SESSION_KEY = "report_workflow:{pk}"


def load_readable_report(request, pk, *, queryset=None, may=None):
    """The report of the member's organisation if they may read it (404 for another
    organisation, or an exempt report not for them; 403 if not theirs to read: the rule is
    boards.papers.rules'), and if `may(membership, report)` (403 otherwise)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    queryset = (
        Report.objects.select_related("template", "board", "author", "agenda_item__meeting")
        if queryset is None
        else queryset
    )
    report = get_for_organisation(
        request, reports_with_access(membership, queryset), Capability.VIEW_HOME, pk=pk
    )
    if not report.not_hidden:
        raise Http404
    if not report.readable or (may is not None and not may(membership, report)):
        raise PermissionDenied
    return report


def _load_report(request, pk, may):
    return load_readable_report(request, pk, may=may)


def _capability(capability):
    return lambda membership, report: membership.can(capability)


# The panel on the report page --------------------------------------------------------------

FORMS = {
    "submit": lambda data=None: ReportNoteForm(data, prefix="submit", submit="Send for clearance"),
    "comment": lambda data=None: ReportCommentForm(data, prefix="comment"),
    "changes": lambda data=None: RequestChangesForm(data, prefix="changes"),
    "clear": lambda data=None: ReportNoteForm(data, prefix="clear", submit="Clear the report"),
    "correct": lambda data=None: CorrectionStartForm(data, prefix="correct"),
    "republish": lambda data=None: ReportNoteForm(
        data, prefix="republish", submit="Publish the correction"
    ),
}


def _kept(request, report, name, posted, errors=()):
    """Keep a rejected form's text and errors for the report page (one view only)."""
    request.session[SESSION_KEY.format(pk=report.pk)] = {
        "form": name,
        "data": {k: v for k, v in posted.items() if k != "csrfmiddlewaretoken"},
        "errors": list(errors),
    }


def _back(report, anchor="workflow"):
    return redirect(f"{report.get_absolute_url()}#{anchor}")


def workflow_context(request, report) -> dict:
    """What the panel shows this viewer: status, the steps they may take now, the comments
    and the versions. Merge into the report page's context: {**workflow_context(...)}."""
    membership = request.membership
    forms = {name: make() for name, make in FORMS.items()}
    kept = request.session.pop(SESSION_KEY.format(pk=report.pk), None)
    errors = []
    if kept and kept.get("form") in forms:
        form = FORMS[kept["form"]](kept["data"])
        form.is_valid()
        for message in kept.get("errors", []):
            form.add_error(None, message)
        forms[kept["form"]] = form
        errors = [
            (form[field].auto_id if field in form.fields else "workflow", message)
            for field, messages_ in form.errors.items()
            for message in messages_
        ]
    # While a correction of a published report is open, the steps are the correction's.
    status = report.stage
    correction = report.open_correction
    discuss = rules.may_discuss(membership, report)
    editable = status in (Status.DRAFT, Status.CHANGES_REQUESTED)
    cleared = status == Status.CLEARED and rules.may_publish(membership, report)
    return {
        "workflow": {
            "forms": forms,
            "errors": errors,
            "correction": correction,
            "can_correct": (
                report.status == Status.PUBLISHED
                and correction is None
                and rules.may_correct(membership, report)
            ),
            "can_withdraw": correction is not None and rules.may_correct(membership, report),
            "corrections": (
                report.corrections.exclude(status=ReportCorrection.Status.WITHDRAWN)
                .exclude(pk=correction.pk if correction else None)
                .select_related("started_by", "cleared_by", "version")
            ),
            "can_submit": editable and rules.may_submit(membership, report),
            "missing": services.missing_for_submission(report) if editable else [],
            "can_review": status == Status.SUBMITTED and rules.may_review(membership, report),
            "own_report": report.author_id is not None and report.author_id == membership.user_id,
            "can_publish": cleared and correction is None,
            "can_republish": cleared and correction is not None,
            # Clearance is officers' business: comments and versions are for those who write
            # or clear reports, not for every reader of the report page.
            "can_comment": discuss,
            "comments": (
                ReportComment.objects.filter(report=report).select_related("author")
                if discuss
                else []
            ),
            "version_count": report.versions.count(),
        }
    }


# Steps --------------------------------------------------------------------------------------


def _step(request, report, name, run, success):
    """Validate the panel's form `name`, run the service, and go back to the report."""
    form = FORMS[name](request.POST)
    if not form.is_valid():
        _kept(request, report, name, request.POST)
        return _back(report)
    if call_service(request, form, lambda: run(form.cleaned_data)) is FAILED:
        _kept(request, report, name, request.POST, form.non_field_errors())
        return _back(report)
    messages.success(request, success)
    return _back(report, anchor="main-content")


@require_POST
def report_submit(request, pk):
    report = _load_report(request, pk, rules.may_submit)
    return _step(
        request,
        report,
        "submit",
        lambda data: services.report_submit(
            report=report, by=request.user, membership=request.membership, note=data["note"]
        ),
        "The report is sent for clearance.",
    )


@require_POST
def report_comment(request, pk):
    report = _load_report(request, pk, rules.may_discuss)
    form = FORMS["comment"](request.POST)
    if not form.is_valid():
        _kept(request, report, "comment", request.POST)
        return _back(report, anchor="comments")
    services.report_comment_add(report=report, by=request.user, text=form.cleaned_data["text"])
    messages.success(request, "Your comment is added.")
    return _back(report, anchor="comments")


@require_POST
def report_request_changes(request, pk):
    report = _load_report(request, pk, _capability(Capability.CLEAR_REPORTS))
    return _step(
        request,
        report,
        "changes",
        lambda data: services.report_request_changes(
            report=report, by=request.user, membership=request.membership, note=data["note"]
        ),
        "The report is sent back to its author with your comment.",
    )


@require_POST
def report_clear(request, pk):
    report = _load_report(request, pk, _capability(Capability.CLEAR_REPORTS))
    return _step(
        request,
        report,
        "clear",
        lambda data: services.report_clear(
            report=report, by=request.user, membership=request.membership, note=data["note"]
        ),
        "The report is cleared. A clerk can now put it on an agenda.",
    )


@require_POST
def report_correction_start(request, pk):
    report = _load_report(request, pk, rules.may_correct)
    return _step(
        request,
        report,
        "correct",
        lambda data: services.correction_start(
            report=report,
            by=request.user,
            membership=request.membership,
            reason=data["reason"],
            summary=data["summary"],
        ),
        "The correction is started. The published report stays as it is until the "
        "correction is cleared and published again. Change the report, then send it for "
        "clearance.",
    )


@require_POST
def report_correction_withdraw(request, pk):
    report = _load_report(request, pk, rules.may_correct)
    if (
        call_service(
            request,
            None,
            services.correction_withdraw,
            report=report,
            by=request.user,
            membership=request.membership,
        )
        is not FAILED
    ):
        messages.success(
            request, "The correction is withdrawn. The report is back to its published text."
        )
    return _back(report, anchor="main-content")


@require_POST
def report_correction_publish(request, pk):
    report = _load_report(request, pk, _capability(Capability.CLERK_MEETINGS))
    item = report.agenda_item
    where = f" as item {item} of {item.meeting}" if item else ""
    return _step(
        request,
        report,
        "republish",
        lambda data: services.correction_publish(
            report=report, by=request.user, membership=request.membership, note=data["note"]
        ),
        f"The corrected report is published{where}. Re-issue the meeting's packs so that "
        "members get the corrected paper: the new edition names the change on its cover.",
    )


def report_publish(request, pk):
    report = _load_report(request, pk, _capability(Capability.CLERK_MEETINGS))
    posted = request.POST if request.method == "POST" else None
    form = ReportPublishForm(posted, report=report)
    if request.method == "POST" and report.status == Status.CLEARED and form.is_valid():
        published = call_service(
            request,
            form,
            services.report_publish,
            field="place",
            report=report,
            by=request.user,
            membership=request.membership,
            meeting=form.cleaned_data["meeting"],
            item=form.cleaned_data["item"],
            note=form.cleaned_data["note"],
        )
        if published is not FAILED:
            report = published
            item = report.agenda_item
            messages.success(request, f"The report is published as item {item} of {item.meeting}.")
            return redirect(report)
    return render(
        request,
        "papers/report_publish.html",
        {"report": report, "form": form, "cleared": report.status == Status.CLEARED},
    )


# Versions -----------------------------------------------------------------------------------


def _versions_reader(membership, report):
    return rules.may_discuss(membership, report)


def report_versions(request, pk):
    report = _load_report(request, pk, _versions_reader)
    versions = list(report.versions.select_related("saved_by").order_by("-number"))
    return render(
        request,
        "papers/report_versions.html",
        {
            "report": report,
            "versions": versions,
            "default_a": versions[1].number if len(versions) > 1 else None,
            "default_b": versions[0].number if versions else None,
        },
    )


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def report_compare(request, pk):
    report = _load_report(request, pk, _versions_reader)
    a, b = _number(request.GET.get("a")), _number(request.GET.get("b"))
    older = get_object_or_404(report.versions.select_related("saved_by"), number=min(a, b))
    newer = get_object_or_404(report.versions.select_related("saved_by"), number=max(a, b))
    return render(
        request,
        "papers/report_compare.html",
        {
            "report": report,
            "older": older,
            "newer": newer,
            "parts": services.versions_compare(older, newer),
        },
    )
