import ipaddress

from django.conf import settings


def lockout_username(request, credentials):
    """The name django-axes counts failures under: the email address as sign-in matches it.

    Sign-in ignores case, so the count must too, or "Clerk@..." would dodge a lock on "clerk@...".
    """
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()


def client_ip(request) -> str | None:
    """The client's address, for lockouts, trusting only our own proxies.

    With PROXY_COUNT proxies in front, each appends the address it saw to X-Forwarded-For;
    the entry our outermost proxy wrote is the client. Anything to its left came from the
    client itself and could be forged. (The rule of Werkzeug's ProxyFix, x_for=PROXY_COUNT.)
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.PROXY_COUNT
    if not hops:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
