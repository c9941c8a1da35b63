"""A PDF made in a Celery task: the abstract model `RenderJob` and its services.

The lifecycle, the same for every PDF (progress reports, agenda packs, and those to come):

1. `render_job_request()`: under a lock on the job's subject (the pledge version, the
   meeting), return the job already queued or rendering for it, so two clicks render once;
   a stalled one is failed with its reason and a new job is queued in its place.
   `render_job_queue()` saves the job QUEUED and sends its task only once the caller's
   transaction commits (a worker in another process could not see the row before).
2. The task calls `Model.claim(pk)`: a conditional UPDATE from QUEUED to RENDERING that also
   stamps `started_at`. It is True for one caller only, so a task delivered twice renders once.
3. The render ends in `job.finish(pdf, filename)` (READY, with its file) or `job.fail(reason)`
   (FAILED, with the reason the status page shows). `render_job_run()` does 2 and 3 for a
   job rendered in one piece.
4. A job RENDERING for longer than PDF_STALLED_AFTER_MINUTES since `started_at` had its worker
   die (the hard time limit is shorter): `is_stalled()`. Its page stops polling and offers to
   try again; asking again (step 1) fails it and queues a new one. A QUEUED job is waiting its
   turn, never stalled.
5. `render_job_download()` sends a finished PDF to someone the access check lets in.

Decision 0014 records where each rule came from.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from kombu.exceptions import OperationalError

from corporate_parenting.access import get_for_organisation
from corporate_parenting.uploads import file_download

logger = logging.getLogger(__name__)


def stalled_after() -> timedelta:
    """How long a job may render before it counts as stalled (PDF_STALLED_AFTER_MINUTES).
    Longer than Celery's hard time limit, so a render still running is never taken for dead."""
    return timedelta(minutes=settings.PDF_STALLED_AFTER_MINUTES)


class RenderJob(models.Model):
    """One PDF made by a Celery task. A concrete model adds what the PDF is of (a period of
    a pledge, a meeting's pack), overrides `pdf` to choose its folder, and names its file in
    `download_filename()`. Its own `State` may add states (a pack can be SUPERSEDED) as long
    as it keeps these four."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    # The states a PDF may be downloaded in (a pack adds SUPERSEDED: an old edition stays
    # readable).
    DOWNLOADABLE_STATES = (State.READY,)
    # What the status page says of a job whose worker stopped, or whose task the broker
    # refused.
    stalled_reason = "The worker stopped before the PDF was finished."
    not_queued_reason = "The PDF could not be queued for rendering. Try again in a few minutes."

    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    pdf = models.FileField(upload_to="rendered/%Y/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created"]

    # What the PDF is ------------------------------------------------------------------------

    def download_filename(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must name its PDF")

    # Where it is ----------------------------------------------------------------------------

    @property
    def is_pending(self) -> bool:
        """Queued or rendering (stalled or not)."""
        return self.state in (self.State.QUEUED, self.State.RENDERING)

    def is_stalled(self, *, now=None) -> bool:
        """Rendering for longer than `stalled_after()` since it was claimed. A job claimed
        before `started_at` was recorded (none is now) counts from when it was asked for."""
        if self.state != self.State.RENDERING:
            return False
        since = self.started_at or self.created
        return since is not None and (now or timezone.now()) - since > stalled_after()

    @property
    def in_progress(self) -> bool:
        """Worth waiting for: queued, or rendering and not stalled (the page polls)."""
        return self.is_pending and not self.is_stalled()

    @property
    def is_downloadable(self) -> bool:
        return self.state in self.DOWNLOADABLE_STATES and bool(self.pdf)

    # Moving on ------------------------------------------------------------------------------

    @classmethod
    def claim(cls, pk) -> bool:
        """Take a queued job for rendering: True for exactly one caller; False when another
        has it, or it is not queued (finished, failed, gone)."""
        return bool(
            cls._default_manager.filter(pk=pk, state=cls.State.QUEUED).update(
                state=cls.State.RENDERING, started_at=timezone.now()
            )
        )

    def finish(self, pdf: bytes, filename: str, *, also: tuple[str, ...] = ()) -> None:
        """READY with its file. `also` names other fields the caller set to save with it."""
        self.pdf.save(filename, ContentFile(pdf), save=False)
        self.state = self.State.READY
        self.error = ""
        self.finished_at = timezone.now()
        self.save(update_fields=["pdf", "state", "error", "finished_at", *also])

    def fail(self, reason: str | BaseException, *, also: tuple[str, ...] = ()) -> None:
        """FAILED with the reason the status page shows (an exception's message, or its
        class name if it has none)."""
        if isinstance(reason, BaseException):
            reason = str(reason) or reason.__class__.__name__
        self.state = self.State.FAILED
        self.error = reason
        self.finished_at = timezone.now()
        self.save(update_fields=["state", "error", "finished_at", *also])


# Services ------------------------------------------------------------------------------------


def render_job_queue(job: RenderJob, *, task, robust: bool = True) -> RenderJob:
    """Save `job` as QUEUED and send `task` (a Celery task taking the job's id) once the
    caller's transaction commits.

    If the broker refuses the task, the job is FAILED with `not_queued_reason` rather than
    the request failing. With tasks run in-process (no REDIS_URL) the render runs inside
    that send: its own error is already on the job, and `robust` (as for on_commit) decides
    whether it also reaches the caller (False) or is only logged (True)."""
    job.state = job.State.QUEUED
    job.save()
    model, pk = type(job), job.pk

    def send():
        try:
            task.delay(pk)
        except (OSError, OperationalError):
            logger.exception("%s %s: the broker did not take its task", model.__name__, pk)
            model._default_manager.filter(pk=pk, state=model.State.QUEUED).update(
                state=model.State.FAILED,
                error=model.not_queued_reason,
                finished_at=timezone.now(),
            )

    transaction.on_commit(send, robust=robust)
    return job


def render_job_request(
    *,
    subject: QuerySet,
    jobs: QuerySet,
    new: Callable[[], RenderJob],
    task,
    robust: bool = True,
) -> RenderJob:
    """The job for this PDF: the one already queued or rendering among `jobs` (the same PDF
    asked for before), or a new one made by `new()` (unsaved) and queued.

    `subject` (a queryset of the row the PDF is of) is locked first, so two requests at once
    cannot both queue. A stalled job is failed with its `stalled_reason`, and replaced. An
    exception from `new()` (nothing to put in a supplement, say) undoes it all."""
    with transaction.atomic():
        subject.select_for_update().first()
        pending = (
            jobs.filter(state__in=[RenderJob.State.QUEUED, RenderJob.State.RENDERING])
            .order_by("-created", "-pk")
            .first()
        )
        if pending is not None and not pending.is_stalled():
            return pending
        if pending is not None:
            pending.fail(pending.stalled_reason)
        job = new()
        render_job_queue(job, task=task, robust=robust)
    return job


def render_job_run(
    model: type[RenderJob],
    pk,
    *,
    render: Callable[[RenderJob], tuple[bytes, str]],
    queryset: QuerySet | None = None,
) -> RenderJob | None:
    """Claim job `pk` and render it in one piece: `render(job)` returns (pdf, filename).

    None when the job was not there to claim (so running twice does nothing). On success the
    job is READY; on any error it is FAILED with the reason, and the error is raised again
    for the task's own record."""
    if not model.claim(pk):
        logger.info("%s %s is not queued (gone, or claimed already)", model.__name__, pk)
        return None
    job = (queryset if queryset is not None else model._default_manager).get(pk=pk)
    try:
        pdf, filename = render(job)
        job.finish(pdf, filename)
    except Exception as exc:
        job.fail(exc)
        raise
    return job


def render_job_download(
    request,
    model_or_queryset,
    capability,
    *,
    pk,
    readable: Callable[[RenderJob], bool] | None = None,
):
    """A finished PDF as an attachment (nosniff, sandboxed: uploads.file_download).

    The job is loaded through the access check (another organisation's is 404, a role without
    `capability` is 403). A job that is not downloadable (not ready, no file, the file lost)
    is 404, and so is one `readable(job)` says this member may not read (a members' pack)."""
    job = get_for_organisation(request, model_or_queryset, capability, pk=pk)
    if not job.is_downloadable or (readable is not None and not readable(job)):
        raise Http404("This PDF is not ready.")
    return file_download(job.pdf, filename=job.download_filename(), content_type="application/pdf")
