def lockout_username(request, credentials):
    """The name django-axes counts failures under: the email address as sign-in matches it.

    Sign-in ignores case, so the count must too, or "Clerk@..." would dodge a lock on "clerk@...".
    """
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return username.strip().lower()
