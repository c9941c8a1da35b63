"""Drafting board reports in the browser: the list, starting one from a template, the report
as printed, the editor (with safe concurrent saves), live data blocks and appendices.

Who may do what:
- the list: those who draft (their own reports) and those who clear (the organisation's);
- reading a report: anyone who sees boards, and its author; an exempt report only those who
  may read exempt items (boards.papers.rules), others get 404;
- editing: its author or an administrator, with DRAFT_REPORTS, while it is a draft or has
  changes requested; a published report through its correction (also whoever started it),
  whose appendix changes wait for the correction to be published (report_appendix_replace).

The edit page is the one page that loosens the Content Security Policy, and only for itself:
the editor's import map is an inline script (allowed by this response's nonce) and Tiptap
injects a style element (style-src 'unsafe-inline' for this response only).
"""

from csp.constants import NONCE, UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from js_asset import Media

from boards.papers import rules
from boards.papers.forms.reports import (
    KIND_WORDS,
    AppendixFixForm,
    AppendixForm,
    AppendixReplaceForm,
    ReportCreateForm,
    ReportEditForm,
    live_block_kind,
    section_field_name,
)
from boards.papers.models import Report, ReportAppendix, ReportCorrection, ReportSection
from boards.papers.report_rendering import render_report
from boards.papers.rules import readable_reports
from boards.papers.sanitise import clean_html
from boards.papers.services import reports as services
from boards.papers.views.report_workflow import load_readable_report, workflow_context
from corporate_parenting.access import capability_required, get_for_organisation, require
from corporate_parenting.roles import Capability, Role
from corporate_parenting.uploads import file_download, stored_name
from corporate_parenting.views_helpers import FAILED, call_service
from pledges.models import Theme
from pledges.selectors import adopted_version

EDITOR_CSP = {"script-src": [NONCE], "style-src": [UNSAFE_INLINE]}


# Access -----------------------------------------------------------------------------------


def _is_author(request, report) -> bool:
    return report.author_id is not None and report.author_id == request.user.pk


def _load_report(request, pk) -> Report:
    return load_readable_report(
        request,
        pk,
        queryset=Report.objects.select_related(
            "template", "board", "author", "agenda_item__meeting", "organisation"
        ),
    )


def can_edit(request, report) -> bool:
    return rules.may_edit(request.membership, report)


def _load_for_editing(request, pk) -> Report:
    report = get_for_organisation(
        request,
        Report.objects.select_related("template", "board", "organisation"),
        Capability.DRAFT_REPORTS,
        pk=pk,
    )
    correction = report.open_correction
    started = correction is not None and correction.started_by_id == request.user.pk
    if not (
        _is_author(request, report) or request.membership.role == Role.ADMINISTRATOR or started
    ):
        raise PermissionDenied("Only the report's author or an administrator may change it.")
    if not report.is_editable:
        raise PermissionDenied(
            f"This report is {report.get_status_display().lower()}: it can only be changed "
            "while it is a draft or changes have been requested, or through a correction."
        )
    return report


# List and create --------------------------------------------------------------------------


def report_list(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return redirect("no_organisation")
    if not (membership.can(Capability.DRAFT_REPORTS) or membership.can(Capability.CLEAR_REPORTS)):
        raise PermissionDenied
    reports = (
        readable_reports(membership)
        .select_related("board", "template", "author")
        .annotate(
            correcting=Exists(ReportCorrection.objects.open().filter(report_id=OuterRef("pk")))
        )
    )
    clears = membership.can(Capability.CLEAR_REPORTS)
    groups = [
        {
            "title": "Your reports",
            "reports": reports.filter(author=request.user),
            "empty": "You have not started a report yet.",
            "testid": "my-reports",
        },
        {
            "title": "Everyone else's reports",
            "intro": (
                "Reports by others in your council: you may review and clear them."
                if clears
                else "Published reports by others in your council."
            ),
            "reports": reports.exclude(author=request.user),
            "empty": "There are no other reports." if clears else "None is published yet.",
            "testid": "all-reports",
        },
    ]
    return render(
        request,
        "papers/report_list.html",
        {
            "groups": groups,
            "can_draft": membership.can(Capability.DRAFT_REPORTS),
            "can_manage_templates": membership.can(Capability.MANAGE_REPORT_TEMPLATES),
        },
    )


@capability_required(Capability.DRAFT_REPORTS)
def report_create(request):
    form = ReportCreateForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        report = services.report_create(
            organisation=request.organisation,
            template=form.cleaned_data["template"],
            title=form.cleaned_data["title"],
            board=form.cleaned_data["board"],
            by=request.user,
        )
        messages.success(request, f"“{report.title}” is started. Write each section below.")
        return redirect("papers:report_edit", pk=report.pk)
    no_templates = not form.fields["template"].queryset.exists()
    return render(
        request,
        "papers/report_create.html",
        {"form": form, "no_templates": no_templates, "title": "Start a report"},
    )


# The report as printed ---------------------------------------------------------------------


def report_detail(request, pk):
    report = _load_report(request, pk)
    membership = request.membership
    rendered = render_report(report)
    appendices = report.appendices.select_related("other_report")
    if not rules.may_discuss(membership, report):
        appendices = appendices.published()  # a correction's new appendix waits for it
    return render(
        request,
        "papers/report.html",
        {
            "report": report,
            "rendered": rendered,
            "appendices": appendices,
            "latest_version_number": report.versions.order_by("-number")
            .values_list("number", flat=True)
            .first(),
            "summary_first": membership.role == Role.COOPTED,
            "can_edit": can_edit(request, report),
            **workflow_context(request, report),
        },
    )


# Editing -----------------------------------------------------------------------------------


def _themes(organisation):
    version = adopted_version(organisation)
    if version is None:
        return Theme.objects.none()
    return Theme.objects.for_organisation(organisation).filter(version=version)


def _render_edit(request, report, form, *, status=200, template="papers/report_edit.html", **extra):
    media = Media.from_media(form.media, nonce=str(request.csp_nonce))
    return render(
        request,
        template,
        {"report": report, "form": form, "editor_media": media, **extra},
        status=status,
    )


def _stale(request, report, form):
    """The save was based on an older revision: refuse it, keep what they wrote in the form,
    and show both texts of every section that differs."""
    report.refresh_from_db()
    data = request.POST.copy()
    data["revision"] = str(report.revision)
    form = ReportEditForm(data, report=report, themes=_themes(report.organisation))
    form.is_valid()
    saved = {s.section_id: s.html for s in ReportSection.objects.filter(report=report)}
    changes = []
    for section in form.template_sections:
        yours = clean_html(form.cleaned_data.get(section_field_name(section.pk)) or "")
        theirs = saved.get(section.pk, "")
        if yours != theirs:
            changes.append({"heading": section.heading, "theirs": theirs, "yours": yours})
    yours_summary = form.cleaned_data.get("young_people_summary", "")
    if yours_summary != report.young_people_summary:
        changes.append(
            {
                "heading": "Summary for young people",
                "theirs": report.young_people_summary,
                "yours": yours_summary,
                "plain": True,
            }
        )
    current = report.versions.select_related("saved_by").order_by("-number").first()
    return _render_edit(
        request,
        report,
        form,
        status=409,
        template="papers/report_stale.html",
        changes=changes,
        current_version=current,
    )


@csp_update(EDITOR_CSP)
def report_edit(request, pk):
    report = _load_for_editing(request, pk)
    themes = _themes(report.organisation)
    if request.method != "POST":
        form = ReportEditForm(
            initial=ReportEditForm.initial_for(report), report=report, themes=themes
        )
        return _render_edit(request, report, form)

    form = ReportEditForm(request.POST, report=report, themes=themes)
    inserting = "insert_live_block" in request.POST
    if not form.is_valid() or (inserting and not form.clean_for_insert()):
        return _render_edit(request, report, form)
    sections = form.sections
    if inserting:
        target = form.cleaned_data["live_block_section"]
        sections[target] = services.append_live_block(
            sections.get(target, ""), theme=form.cleaned_data["live_block_theme"] or "all"
        )
    try:
        version = services.report_save(
            report=report,
            by=request.user,
            expected_revision=form.cleaned_data["revision"],
            header=form.header,
            sections=sections,
            young_people_summary=form.cleaned_data["young_people_summary"],
            exempt=form.cleaned_data["exempt"],
            exempt_paragraph=form.cleaned_data["exempt_paragraph"],
        )
    except services.StaleReport:
        return _stale(request, report, form)
    if inserting:
        what = KIND_WORDS[live_block_kind(form.cleaned_data["live_block_theme"])]
        messages.success(request, f"The {what} is added at the end of the section, and saved.")
        url = reverse("papers:report_edit", args=[report.pk])
        return redirect(f"{url}#div_id_{section_field_name(target)}")
    messages.success(request, f"The report is saved (version {version.number}).")
    return redirect(report)


# Appendices --------------------------------------------------------------------------------


def report_appendix_add(request, pk):
    report = _load_for_editing(request, pk)
    form = AppendixForm(request.POST or None, request.FILES or None, report=report)
    if request.method == "POST" and form.is_valid():
        appendix = services.report_appendix_add(
            report=report,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"] or None,
            other_report=form.cleaned_data["other_report"],
        )
        messages.success(request, f"“{appendix.title}” is added as an appendix.")
        return redirect(report)
    return render(request, "papers/report_appendix_form.html", {"report": report, "form": form})


@require_POST
def report_appendix_delete(request, pk):
    appendix = get_for_organisation(
        request,
        ReportAppendix.objects.select_related("report"),
        Capability.DRAFT_REPORTS,
        pk=pk,
    )
    report = _load_for_editing(request, appendix.report_id)
    require(request, Capability.DRAFT_REPORTS)
    title = appendix.title
    services.report_appendix_delete(appendix=appendix)
    messages.success(request, f"“{title}” is removed from the appendices.")
    return redirect(report)


def report_appendix_replace(request, pk):
    """A new file for an uploaded appendix, through the correction of its published report
    (those who may change the correction). The packs keep the old file until the correction
    is published again."""
    appendix = get_for_organisation(
        request,
        ReportAppendix.objects.select_related("report"),
        Capability.DRAFT_REPORTS,
        pk=pk,
    )
    report = _load_for_editing(request, appendix.report_id)
    if report.open_correction is None:
        raise PermissionDenied("An appendix of a published report is replaced by correcting it.")
    if not appendix.file:
        raise Http404("This appendix is a report, not a file.")
    form = AppendixReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        replaced = call_service(
            request,
            form,
            services.report_appendix_replace,
            field="file",
            appendix=ReportAppendix.objects.select_related("report").get(pk=appendix.pk),
            file=form.cleaned_data["file"],
        )
        if replaced is not FAILED:
            messages.success(
                request,
                f"“{appendix.title}” has a new file in the correction. The published report "
                "keeps the old one until the correction is published.",
            )
            return redirect(report)
    return render(
        request,
        "papers/report_appendix_replace.html",
        {"report": report, "appendix": appendix, "form": form},
    )


@require_GET
def report_appendix_download(request, pk):
    """An uploaded appendix, to those who may read its report (exempt: 404; a draft: 403)."""
    appendix = get_for_organisation(request, ReportAppendix, Capability.VIEW_HOME, pk=pk)
    report = _load_report(request, appendix.report_id)
    file = appendix.file
    if request.GET.get("file") == "replacement":
        # The new file a correction brings: for those who write and clear reports.
        if not rules.may_discuss(request.membership, report):
            raise PermissionDenied
        file = appendix.replacement
    if not file:
        raise Http404("This appendix is a report, not a file.")
    return file_download(file, filename=stored_name(file), content_type="application/pdf")


def report_appendix_fix(request, pk):
    """Replace or remove an uploaded appendix that will not open, even on a published report,
    so a pack that failed on it can be made: the clerk (who makes packs) or the report's
    author. An appendix that opens is not changed here."""
    appendix = get_for_organisation(
        request,
        ReportAppendix.objects.select_related("report__agenda_item__meeting", "report__board"),
        Capability.VIEW_HOME,
        pk=pk,
    )
    report = appendix.report
    membership = request.membership
    _load_report(request, report.pk)  # the reader's rule first: 404 if hidden, 403 if not theirs
    author = _is_author(request, report) and membership.can(Capability.DRAFT_REPORTS)
    if not (membership.can(Capability.CLERK_MEETINGS) or author):
        raise PermissionDenied
    if not appendix.file:
        raise Http404("This appendix is a report, not a file.")
    problem = services.appendix_problem(appendix)
    meeting = report.agenda_item.meeting if report.agenda_item_id else None
    done_url = reverse("boards:meeting", args=[meeting.pk]) if meeting else report
    form = AppendixFixForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        remove = request.POST.get("action") == "remove"
        if not remove and form.is_valid() and not form.cleaned_data["file"]:
            form.add_error("file", "Choose a PDF to replace the file with, or remove the appendix")
        if remove or form.is_valid():
            title = appendix.title
            fixed = call_service(
                request,
                None,
                services.report_appendix_fix,
                appendix=appendix,
                by=request.user,
                file=None if remove else form.cleaned_data["file"],
                remove=remove,
            )
            if fixed is FAILED:
                return redirect(report)
            done = "removed from the appendices" if remove else "has a new file"
            then = " Make the pack again when you are ready." if meeting else ""
            messages.success(request, f"“{title}” {done}.{then}")
            return redirect(done_url)
    return render(
        request,
        "papers/report_appendix_fix.html",
        {
            "report": report,
            "appendix": appendix,
            "problem": problem,
            "filename": stored_name(appendix.file),
            "form": form,
        },
    )
