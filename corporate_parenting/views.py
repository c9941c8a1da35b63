from auditlog import get_logentry_model
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import ProtectedError, Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import lockouts, public, services
from .access import capability_required, get_for_organisation
from .concurrency import save_or_conflict
from .forms import (
    AcceptInvitationForm,
    DistrictForm,
    InvitationForm,
    MembershipForm,
    SignInForm,
)
from .middleware import SESSION_KEY
from .models import District, Invitation, Membership
from .roles import Capability
from .views_helpers import FAILED, call_service


class SignInView(auth_views.LoginView):
    """Django's sign-in, which also points signed-out visitors to the public pages (most
    people who reach it looking for a council's pledge have no account)."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(public_url=public.entry_url(), **kwargs)


@capability_required(Capability.VIEW_HOME)
def home(request):
    return render(request, "corporate_parenting/home.html")


def no_organisation(request):
    if request.membership is not None:
        return redirect("home")
    return render(request, "corporate_parenting/no_organisation.html", status=403)


@require_POST
def organisation_switch(request):
    """Work in another organisation the user belongs to. Unknown ones are a 404."""
    try:
        organisation_id = int(request.POST.get("organisation", ""))
    except ValueError:
        raise Http404 from None
    membership = request.user.active_memberships().filter(organisation_id=organisation_id).first()
    if membership is None:
        raise Http404
    request.session[SESSION_KEY] = membership.organisation_id
    messages.success(request, f"You are now working in {membership.organisation}.")
    return redirect("home")


# Members and invitations -------------------------------------------------------------


@capability_required(Capability.MANAGE_MEMBERS)
def members(request):
    organisation = request.organisation
    # The address to give out (on the council's website, in letters to young people): the
    # organisation's public home, which links its pledge and meetings.
    public_address = request.build_absolute_uri(reverse("public_home", args=[organisation.slug]))
    memberships = list(Membership.objects.for_organisation(organisation).select_related("user"))
    locked = lockouts.locked_emails([m.user.email for m in memberships])
    for membership in memberships:
        membership.is_locked_out = membership.user.email.lower() in locked
    return render(
        request,
        "corporate_parenting/members.html",
        {
            "public_address": public_address,
            "memberships": memberships,
            "invitations": [
                invitation
                for invitation in Invitation.objects.for_organisation(organisation).filter(
                    accepted_at__isnull=True, revoked_at__isnull=True
                )
            ],
        },
    )


@capability_required(Capability.MANAGE_MEMBERS)
def invite(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = call_service(
            request,
            form,
            services.invitation_create,
            organisation=request.organisation,
            invited_by=request.user,
            **form.cleaned_data,
        )
        if invitation is not FAILED:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("members")
    return render(request, "form_page.html", {"form": form, "title": "Invite a user"})


@require_POST
def invitation_revoke(request, pk):
    invitation = get_for_organisation(request, Invitation, Capability.MANAGE_MEMBERS, pk=pk)
    services.invitation_revoke(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} is withdrawn.")
    return redirect("members")


def membership_update(request, pk):
    membership = get_for_organisation(
        request, Membership.objects.select_related("user"), Capability.MANAGE_MEMBERS, pk=pk
    )
    form = MembershipForm(request.POST or None, instance=membership)
    context = {
        "form": form,
        "title": f"Change {membership.user}'s role",
        "caption": membership.user.email,
    }
    if request.method == "POST" and form.is_valid():
        refused = call_service(
            request,
            form,
            lambda: save_or_conflict(
                request,
                form,
                membership,
                template="form_page.html",
                context=context,
                save=lambda: services.membership_update(
                    membership=membership,
                    **{name: form.cleaned_data[name] for name in MembershipForm.Meta.fields},
                ),
            ),
        )
        if refused is not FAILED:
            if refused:
                return refused
            messages.success(request, f"{membership.user} is updated.")
            return redirect("members")
    return render(request, "form_page.html", context)


@require_POST
def membership_unlock(request, pk):
    membership = get_for_organisation(
        request, Membership.objects.select_related("user"), Capability.MANAGE_MEMBERS, pk=pk
    )
    lockouts.unlock(membership=membership, by=request.user)
    messages.success(request, f"{membership.user} can sign in again.")
    return redirect("members")


@login_not_required
@never_cache
def invitation_accept(request, token):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    context = {"invitation": invitation}
    if not invitation.is_usable:
        return render(request, "corporate_parenting/invitation_unusable.html", context, status=410)

    user = request.user if request.user.is_authenticated else None
    form = None
    if user is None:
        form = AcceptInvitationForm(
            request.POST or None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
    context["form"] = form
    if request.method == "POST":
        if user is None and not form.is_valid():
            return render(request, "corporate_parenting/invitation_accept.html", context)
        try:
            membership = services.invitation_accept(
                invitation=invitation,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(
                request, "corporate_parenting/invitation_accept.html", context, status=400
            )
        if user is None:
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        request.session[SESSION_KEY] = membership.organisation_id
        messages.success(request, f"Welcome to {membership.organisation}.")
        return redirect("home")
    return render(request, "corporate_parenting/invitation_accept.html", context)


# Districts ---------------------------------------------------------------------------


@capability_required(Capability.MANAGE_ORGANISATION)
def districts(request):
    return render(
        request,
        "corporate_parenting/districts.html",
        {"districts": District.objects.for_organisation(request.organisation)},
    )


@capability_required(Capability.MANAGE_ORGANISATION)
def district_create(request):
    return _district_form(request, District(), "Add a district")


def district_update(request, pk):
    district = get_for_organisation(request, District, Capability.MANAGE_ORGANISATION, pk=pk)
    return _district_form(request, district, f"Change {district}")


def _district_form(request, district, title):
    form = DistrictForm(request.POST or None, instance=district, organisation=request.organisation)
    context = {"form": form, "title": title}
    if request.method == "POST" and form.is_valid():
        if district.pk is None:
            form.save()
        elif refused := save_or_conflict(
            request, form, district, template="form_page.html", context=context
        ):
            return refused
        messages.success(request, f"District {form.instance} is saved.")
        return redirect("districts")
    return render(request, "form_page.html", context)


@require_POST
def district_delete(request, pk):
    district = get_for_organisation(request, District, Capability.MANAGE_ORGANISATION, pk=pk)
    try:
        services.district_delete(district=district)
    except ProtectedError:
        # Counts of who came to events are kept against it (participation's attendance).
        messages.error(
            request,
            f"{district} cannot be deleted: events have counts of who came from it. "
            "Rename it instead, or move those counts to another district first.",
        )
        return redirect("districts")
    messages.success(request, f"District {district} is deleted.")
    return redirect("districts")


# Audit trail -------------------------------------------------------------------------


@capability_required(Capability.VIEW_AUDIT)
def audit(request):
    """The organisation's trail, and the sign-ins of its members."""
    organisation = request.organisation
    member_ids = Membership.objects.for_organisation(organisation).values("user_id")
    entries = (
        get_logentry_model()
        .objects.filter(
            Q(organisation=organisation)
            | Q(organisation__isnull=True, actor_id__in=member_ids)
            | Q(
                organisation__isnull=True,
                actor__isnull=True,
                content_type__model="user",
                object_id__in=member_ids,
            )
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "corporate_parenting/audit.html", {"page": page})


# Health ------------------------------------------------------------------------------


@login_not_required
@never_cache
@require_GET
def health(request):
    """Database, broker and worker status, for load balancers and operators.

    200 when the database and broker answer (a missing worker is reported, not fatal: pages
    still work and queued tasks wait); 503 otherwise. Reasons are not shown: they are logged.
    """
    from .health import broker_status, database_status, worker_status

    checks = {
        "database": database_status(connections["default"]),
        "broker": broker_status(),
        "worker": worker_status(),
    }
    healthy = checks["database"] == "ok" and checks["broker"] in ("ok", "in-process")
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
