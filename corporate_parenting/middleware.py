SESSION_KEY = "organisation_id"


def active_memberships(user):
    """`user.active_memberships().order_by("organisation__name")`, each with its organisation
    loaded, in one query written out. Every signed-in request pays it: built by the ORM this
    join cost four times the CPU of the query itself (docs/performance.md, issue 11)."""
    from .models import Membership, Organisation

    fields = Organisation._meta.concrete_fields
    columns = ", ".join(f'o."{f.column}" AS "org__{f.attname}"' for f in fields)
    memberships = list(
        Membership.objects.raw(
            f'SELECT m.*, {columns} FROM "{Membership._meta.db_table}" m'  # noqa: S608 - names
            f' JOIN "{Organisation._meta.db_table}" o ON o."id" = m."organisation_id"'
            ' WHERE m."user_id" = %s AND m."is_active" ORDER BY o."name", m."id"',
            [user.pk],
        )
    )
    names = [f.attname for f in fields]
    for membership in memberships:
        values = [membership.__dict__.pop(f"org__{name}") for name in names]
        membership.organisation = Organisation.from_db(membership._state.db, names, values)
    return memberships


def current_membership(request):
    """The signed-in user's membership of the organisation they are working in.

    The session remembers the choice; without one (or if that membership has gone) the
    membership the user has held longest is used. None for anonymous users and users with
    no membership.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = active_memberships(user)
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
