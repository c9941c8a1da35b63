from .navigation import items_for


def navigation(request):
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "current_organisation": membership.organisation if membership else None,
        "other_memberships": getattr(membership, "others", []),
        "nav_items": items_for(membership, request.path),
    }
