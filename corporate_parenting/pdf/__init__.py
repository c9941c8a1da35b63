"""The one PDF pipeline: every PDF the product makes goes through here.

- `render.py`: HTML to a tagged PDF (PDF/UA-1) with WeasyPrint, through a URL fetcher that
  serves only our own static files and data: URIs and never the network or the rest of the
  disk (`render_pdf`, `render_document`, `write_pdf`).
- `jobs.py`: `RenderJob`, the abstract model of one PDF made in a Celery task, and its
  services: ask for one (`render_job_request`, `render_job_queue`), claim it, finish or fail
  it, and download it through the access check (`render_job_download`).

Decision 0014 says why there is one pipeline and which rules it took from the two before it.
Nothing here imports WeasyPrint until a PDF is rendered: loading Pango costs most of a second.
"""

from .render import PDF_VARIANT, RefusedURL, render_document, render_pdf, url_fetcher, write_pdf

__all__ = ["PDF_VARIANT", "RefusedURL", "render_document", "render_pdf", "url_fetcher", "write_pdf"]
