SESSION_KEY = "organisation_id"


def current_membership(request):
    """The signed-in user's membership of the organisation they are working in.

    The session remembers the choice; without one (or if that membership has gone) the
    membership the user has held longest is used. None for anonymous users and users with
    no membership.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = list(user.active_memberships().order_by("organisation__name"))
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.organisation_id == chosen:
            break
    else:
        membership = min(memberships, key=lambda m: (m.created, m.pk))
        request.session[SESSION_KEY] = membership.organisation_id
    membership.others = [m for m in memberships if m is not membership]
    return membership


class CurrentOrganisationMiddleware:
    """Sets request.membership and request.organisation for every request (one query)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = current_membership(request)
        request.organisation = request.membership.organisation if request.membership else None
        return self.get_response(request)
