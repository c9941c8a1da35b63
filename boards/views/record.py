"""The record of a meeting: attendance, declarations, minutes with their numbers and
resolutions, approval at a later meeting, corrections to approved minutes, publication."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_POST

from corporate_parenting import concurrency
from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.roles import Capability
from corporate_parenting.views_helpers import FAILED, call_service

from ..forms.record import (
    ApproveForm,
    CorrectionForm,
    DeclarationForm,
    MinuteForm,
    attendance_cross_check,
    attendance_forms,
)
from ..models import AgendaItem, Attendance, BoardMember, Declaration, Meeting, Minute
from ..public_records import declaration_sentence, present_list, public_name
from ..services import minutes as record

CLERK = Capability.CLERK_MEETINGS
FORM = "form_page.html"


def _meeting(request, pk, capability=CLERK):
    return get_for_organisation(request, Meeting.objects.select_related("board"), capability, pk=pk)


def _refused(request, meeting, message=record.LOCKED_MESSAGE):
    """Approved minutes are the record: say so plainly, with a 403, and change nothing."""
    return render(
        request,
        "boards/record_locked.html",
        {"meeting": meeting, "message": message},
        status=403,
    )


def _error_list(forms_, ids):
    """[(anchor, message)] for the error summary of a page of many small forms."""
    errors = []
    for form in forms_:
        for field, field_errors in form.errors.items():
            anchor = ids(form, field)
            errors += [(anchor, message) for message in field_errors]
    return errors


# Attendance ---------------------------------------------------------------------------------


def attendance(request, pk):
    meeting = _meeting(request, pk)
    if request.method == "POST" and meeting.minutes_locked:
        return _refused(request, meeting)
    members = list(record.members_for_meeting(meeting))
    existing = {a.member_id: a for a in meeting.attendance.select_related("substitute_for")}
    rows = attendance_forms(
        request.POST if request.method == "POST" else None, members=members, existing=existing
    )
    cancelled = meeting.status == Meeting.Status.CANCELLED
    if request.method == "POST":
        if cancelled:
            return _refused(request, meeting, "This meeting was cancelled: it has no attendance.")
        valid = all([form.is_valid() for form in rows])  # every form, so every error shows
        if valid and attendance_cross_check(rows):
            record.attendance_save(
                meeting=meeting,
                also_present=request.POST.get("also_present", ""),
                rows=[
                    record.AttendanceRow(
                        member=form.member,
                        status=form.cleaned_data.get("status") or "",
                        substitute_for=form.cleaned_data.get("substitute_for"),
                    )
                    for form in rows
                ],
            )
            messages.success(request, "The attendance is saved.")
            return redirect("boards:meeting", meeting.pk)
    return render(
        request,
        "boards/record_attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "existing": existing,
            "locked": meeting.minutes_locked,
            "cancelled": cancelled,
            "errors": _error_list(rows, lambda form, field: f"{form.prefix}-{field}"),
        },
    )


@require_POST
def meeting_held(request, pk):
    meeting = _meeting(request, pk)
    if call_service(request, None, record.meeting_mark_held, meeting=meeting) is not FAILED:
        messages.success(request, "The meeting is marked as held.")
    return redirect("boards:meeting", meeting.pk)


def member_attendance(request, pk):
    member = get_for_organisation(
        request, BoardMember.objects.select_related("board"), Capability.VIEW_BOARDS, pk=pk
    )
    return render(
        request,
        "boards/record_member_attendance.html",
        {"summary": record.attendance_summary(member=member), "member": member},
    )


@capability_required(Capability.VIEW_BOARDS)
def my_attendance(request):
    terms = (
        BoardMember.objects.for_organisation(request.organisation)
        .filter(user=request.user)
        .select_related("board")
        .order_by("board__name", "-start_date")
    )
    return render(
        request,
        "boards/record_my_attendance.html",
        {"summaries": [record.attendance_summary(member=term) for term in terms]},
    )


# Declarations -------------------------------------------------------------------------------


def declaration_create(request, pk):
    meeting = _meeting(request, pk)
    if meeting.minutes_locked:
        if request.method == "POST":
            return _refused(request, meeting)
        messages.info(request, record.LOCKED_MESSAGE)
        return redirect("boards:minutes", meeting.pk)
    form = DeclarationForm(
        request.POST or None, meeting=meeting, members=record.members_for_meeting(meeting)
    )
    if request.method == "POST" and form.is_valid():
        declaration = form.save()
        messages.success(request, f"The declaration by {declaration.member} is recorded.")
        return redirect("boards:minutes", meeting.pk)
    return render(
        request,
        "boards/record_declaration_form.html",
        {
            "form": form,
            "meeting": meeting,
            "title": "Record a declaration of interest",
            "caption": str(meeting),
            "declarations": meeting.declarations.select_related("member", "item"),
        },
    )


@require_POST
def declaration_delete(request, pk):
    declaration = get_for_organisation(
        request, Declaration.objects.select_related("meeting__board", "member"), CLERK, pk=pk
    )
    meeting = declaration.meeting
    if meeting.minutes_locked:
        return _refused(request, meeting)
    record.declaration_delete(declaration=declaration)
    messages.success(request, f"The declaration by {declaration.member} is deleted.")
    return redirect("boards:minutes", meeting.pk)


# Minutes ------------------------------------------------------------------------------------


def _suggested_text(item, meeting, present, apologies, declarations) -> str:
    """What the clerk usually writes under a procedural item (seed 002), as a starting point.

    Minutes are published, so members are named as the public may read them: a co-opted
    member by the board's wording, never by name; a declaration about an exempt item says
    only that it was made."""
    kind = AgendaItem.Kind

    def name(member):
        return public_name(member, board=meeting.board)

    if item.kind == kind.APOLOGIES and (present or apologies):
        if not apologies:
            return "No apologies were received."
        names = [name(a.member) for a in apologies]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"Apologies were received from {listed}."
    if item.kind == kind.DECLARATIONS:
        if not declarations:
            return "There were no declarations of interest."
        lines = []
        for d in declarations:
            if d.item is not None and d.item.exempt:
                lines.append(
                    f"{capfirst(name(d.member))} declared a {d.get_kind_display().lower()} in "
                    "an exempt item."
                )
                continue
            label = (d.item.number or d.item.title) if d.item is not None else ""
            lines.append(declaration_sentence(name(d.member), d.get_kind_display(), label, d.words))
        return "\n".join(lines)
    if item.kind == kind.PREVIOUS_MINUTES:
        return record.previous_minutes_sentence(meeting)[0]
    if item.kind == kind.DEPUTATIONS:
        return "There were no deputations received."
    return ""


def minutes(request, pk):
    meeting = _meeting(request, pk)
    locked = meeting.minutes_locked
    if request.method == "POST" and locked:
        return _refused(request, meeting)
    items = list(
        meeting.items.select_related("minute").prefetch_related(
            "minute__resolutions", "minute__corrections__made_by"
        )
    )
    records = list(meeting.attendance.select_related("member", "substitute_for"))
    present = [a for a in records if a.status == Attendance.Status.PRESENT]
    apologies = [a for a in records if a.status == Attendance.Status.APOLOGIES]
    declarations = list(meeting.declarations.select_related("member", "item"))
    cancelled = meeting.status == Meeting.Status.CANCELLED
    data = request.POST if request.method == "POST" else None

    def initial_for(item):
        """The minute as saved, or the suggested wording: also the guard's current state."""
        minute = getattr(item, "minute", None)
        if minute is not None:
            return {
                "text": minute.text,
                "resolutions": "\n".join(r.text for r in minute.resolutions.all()),
            }
        return {
            "text": _suggested_text(item, meeting, present, apologies, declarations),
            # The exclusion of the press and public is itself a resolution.
            "resolutions": item.printed_purpose if item.kind == AgendaItem.Kind.EXCLUSION else "",
        }

    rows = [
        MinuteForm(data, prefix=f"i{item.pk}", item=item, initial=initial_for(item))
        for item in items
    ]
    for form in rows:
        if form.item.kind == AgendaItem.Kind.PREVIOUS_MINUTES and not locked:
            form.note = record.previous_minutes_sentence(meeting)[1]
    status = 200
    if request.method == "POST":
        if cancelled:
            return _refused(request, meeting, "This meeting was cancelled: it has no minutes.")
        saved = False
        if all([form.is_valid() for form in rows]):
            with transaction.atomic():
                if _unchanged_since_load(meeting, rows, initial_for):
                    record.minutes_save(
                        meeting=meeting,
                        entries=[
                            record.MinuteEntry(
                                item=form.item,
                                text=form.cleaned_data["text"].strip(),
                                resolutions=form.cleaned_data["resolutions"],
                            )
                            for form in rows
                        ],
                    )
                    saved = True
        if saved:
            messages.success(request, "The draft minutes are saved.")
            note = record.numbering_note(meeting=meeting)
            if note:
                messages.warning(request, note)
            return redirect("boards:minutes", meeting.pk)
        if any(getattr(form, "edit_conflicts", None) for form in rows):
            status = 409
    later = record.approving_meetings(meeting)
    return render(
        request,
        "boards/record_minutes.html",
        {
            "meeting": meeting,
            "rows": rows,
            "items": items,
            "locked": locked,
            "cancelled": cancelled,
            "present": present,
            "present_list": present_list(meeting, name=lambda member: member.name),
            "apologies": apologies,
            "declarations": declarations,
            "has_minutes": any(getattr(item, "minute", None) for item in items),
            "approve_form": ApproveForm(meetings=later) if later.exists() else None,
            "errors": _error_list(rows, lambda form, field: f"{form.prefix}-{field}"),
            "conflicts": status == 409,
        },
        status=status,
    )


def _unchanged_since_load(meeting, rows, initial_for) -> bool:
    """The edit guard (corporate_parenting.concurrency) for the page of minutes: each item's
    form against its minute as saved now. Call inside the transaction that saves: it locks
    the meeting first. False, with the conflicts on each form (and a fresh loaded state, so
    saving again knowingly overwrites), if someone else saved a minute this page would
    overwrite; False also if a form's loaded state is missing or tampered with."""
    if not all([form.read_loaded_state() for form in rows]):
        return False
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    fresh = {
        item.pk: item
        for item in meeting.items.select_related("minute").prefetch_related("minute__resolutions")
    }
    clean = True
    for form in rows:
        if form.item.pk not in fresh:
            continue  # removed from the agenda since: minutes_save leaves it out
        current = initial_for(fresh[form.item.pk])
        form.edit_conflicts = form.conflicts_in(current)
        if form.edit_conflicts:
            clean = False
            form.reload_from(current)
            minute = getattr(fresh[form.item.pk], "minute", None)
            form.saved_by, form.saved_at = (
                concurrency.last_saved(minute) if minute is not None else (None, None)
            )
    return clean


def minutes_approve(request, pk):
    meeting = _meeting(request, pk)
    if meeting.minutes_locked:
        messages.info(request, "These minutes are already approved.")
        return redirect("boards:minutes", meeting.pk)
    later = record.approving_meetings(meeting)
    if request.method != "POST" and not later.exists():
        messages.info(
            request,
            "No later meeting of this board has been held yet: minutes are approved at a later "
            "meeting once it is held (or on the day it is held).",
        )
        return redirect("boards:minutes", meeting.pk)
    form = ApproveForm(request.POST or None, meetings=later)
    if request.method == "POST" and form.is_valid():
        approved = call_service(
            request,
            form,
            record.minutes_approve,
            meeting=meeting,
            approved_at=form.cleaned_data["approved_at"],
        )
        if approved is not FAILED:
            messages.success(
                request,
                f"The minutes are approved (at the meeting of "
                f"{timezone.localtime(form.cleaned_data['approved_at'].starts_at):%-d %B %Y}) "
                "and locked.",
            )
            return redirect("boards:minutes", meeting.pk)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "Record the approval of the minutes",
            "caption": str(meeting),
        },
    )


def minute_correct(request, pk):
    minute = get_for_organisation(
        request, Minute.objects.select_related("item__meeting__board"), CLERK, pk=pk
    )
    meeting = minute.item.meeting
    if not meeting.minutes_locked:
        messages.info(request, "These minutes are still draft: change them on this page.")
        return redirect("boards:minutes", meeting.pk)
    corrections = list(minute.corrections.select_related("made_by"))
    current = corrections[-1].text if corrections else minute.text
    form = CorrectionForm(request.POST or None, current_text=current, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        record.minute_correct(
            minute=minute,
            text=form.cleaned_data["text"].strip(),
            reason=form.cleaned_data["reason"].strip(),
            user=request.user,
        )
        messages.success(request, f"The correction to minute {minute.number} is recorded.")
        return redirect("boards:minutes", meeting.pk)
    return render(
        request,
        "boards/record_correct.html",
        {
            "form": form,
            "minute": minute,
            "corrections": corrections,
            "title": f"Correct minute {minute.number or ''}".strip(),
            "caption": str(meeting),
        },
    )


@require_POST
def minutes_publish(request, pk):
    meeting = _meeting(request, pk)
    if call_service(request, None, record.minutes_publish, meeting=meeting) is not FAILED:
        messages.success(
            request,
            "The minutes are published."
            if meeting.minutes_locked
            else "The minutes are published as draft minutes, not yet approved.",
        )
    return redirect("boards:minutes", meeting.pk)
