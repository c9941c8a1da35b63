"""HTML to a tagged PDF, fetching nothing but our own static files and data: URIs.

Text written by people (report sections, narratives) reaches the HTML we render, and an
<img> or a stylesheet in it would otherwise make the worker fetch from the network or read a
file from its own disk into a PDF that leaves the building. So every URL WeasyPrint asks for
goes through `url_fetcher()`:

- `data:` URIs are decoded (they hold nothing but themselves);
- a path under STATIC_URL (`/static/css/pack.css`, as `{% static %}` writes it) is looked up
  with django.contrib.staticfiles' finders, like `collectstatic` would;
- a `file:` URL is read only when the real path (symlinks resolved) is inside one of the
  static folders those finders search, or STATIC_ROOT;
- anything else (http, https, ftp, a file elsewhere, `/static/../../etc/passwd`) is refused
  with `RefusedURL`. WeasyPrint logs the refusal as a warning and lays the page out without
  the resource, so a bad link in a paper costs its picture, never the PDF.
"""

from __future__ import annotations

import functools
import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation

PDF_VARIANT = "pdf/ua-1"  # a structure tree, a title and a language: read by screen readers


class RefusedURL(ValueError):
    """A URL the PDF renderer will not fetch."""

    def __init__(self, url: str, why: str):
        shown = url if len(url) <= 200 else url[:200] + "..."
        super().__init__(
            f"Not fetched: {shown} ({why}; a PDF may use only our static files and data: URIs)"
        )
        self.url = url


def static_roots() -> list[Path]:
    """The folders static files are found in (STATICFILES_DIRS, each app's static/) and
    STATIC_ROOT: the only places on disk a PDF may read from."""
    roots = []
    for finder in finders.get_finders():
        for _prefix, root in getattr(finder, "locations", []):
            roots.append(root)
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(location)
    if settings.STATIC_ROOT:
        roots.append(settings.STATIC_ROOT)
    return [Path(os.path.realpath(root)) for root in roots]


def _static_prefix() -> str:
    """The path of STATIC_URL, e.g. "/static/"."""
    path = urlsplit(settings.STATIC_URL or "").path or "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def _inside(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def static_file_for(url: str) -> Path:
    """The file a `file:` URL names, if it is one of our static files; else RefusedURL."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise RefusedURL(url, f"{parts.scheme or 'a URL without a scheme'} is never fetched")
    if parts.netloc not in ("", "localhost"):
        raise RefusedURL(url, "a file on another host")
    path = unquote(parts.path)
    roots = static_roots()
    prefix = _static_prefix()
    found = None
    if prefix != "/" and path.startswith(prefix):
        # `{% static %}` against a file: base URL: look it up as the static files app would.
        try:
            found = finders.find(path[len(prefix) :])
        except SuspiciousFileOperation:
            raise RefusedURL(url, "outside our static folders") from None
    if found is None:
        found = url2pathname(parts.path)
    real = Path(os.path.realpath(found))
    if not _inside(real, roots):
        raise RefusedURL(url, "outside our static folders")
    if not real.is_file():
        raise RefusedURL(url, "no such static file")
    return real


@functools.cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # imported here: slow

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint's fetcher, allowed data: URIs and our static files only."""

        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            path = static_file_for(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher


def url_fetcher():
    """A fetcher for WeasyPrint's `url_fetcher` that serves only data: URIs and our static
    files, refusing everything else with RefusedURL (see the module's docstring)."""
    return _fetcher_class()(allowed_protocols={"data", "file"}, allow_redirects=False)


def render_document(html: str, *, base_url: str | os.PathLike | None = None):
    """`html` laid out by WeasyPrint (a weasyprint.Document: its pages, their bookmarks),
    fetching only what `url_fetcher()` allows. Relative URLs resolve against `base_url`,
    by default the project folder (so `static/...` and `/static/...` both find our files)."""
    from weasyprint import HTML  # imported here: loading Pango costs most of a second

    base = str(base_url if base_url is not None else settings.BASE_DIR)
    return HTML(string=html, base_url=base, url_fetcher=url_fetcher()).render()


def write_pdf(document) -> bytes:
    """A laid-out document as a tagged PDF (PDF/UA-1)."""
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(html: str, *, base_url: str | os.PathLike | None = None) -> bytes:
    """`html` as a tagged PDF (PDF/UA-1: structure tree, title and language), fetching
    only our static files and data: URIs."""
    return write_pdf(render_document(html, base_url=base_url))
