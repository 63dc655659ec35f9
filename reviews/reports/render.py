"""HTML to PDF with WeasyPrint, reaching nothing but our own static files."""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

# WeasyPrint logs every layout step at INFO: one line per page in the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# A base URL that resolves nowhere: relative links in templates land under it, and the
# fetcher maps it onto the static files. Nothing else is ever fetched.
BASE_URL = "https://mllens.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


class RefusedURL(ValueError):
    """WeasyPrint asked for a URL outside our static files."""


def _static_roots() -> list[Path]:
    dirs = [d[1] if isinstance(d, (tuple, list)) else d for d in settings.STATICFILES_DIRS]
    return [Path(d).resolve() for d in [*dirs, settings.STATIC_ROOT]]


def _static_path(url: str) -> Path | None:
    """The file of ours behind ``url``, or None: never a path outside the static roots."""
    relative = unquote(urlsplit(url).path)[len("/static/") :]
    # An absolute path ("static//etc/passwd", "%2Fetc%2Fpasswd") would make the join
    # below drop the root; the containment check catches "..", symlinks and the rest.
    if not relative or relative.startswith("/") or "\\" in relative or "\x00" in relative:
        return None
    for root in _static_roots():
        candidate = (root / relative).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


class StaticOnlyFetcher:
    """Serves ``https://mllens.invalid/static/...`` from our static files; refuses the rest.

    Refusing means raising before any connection is opened (WeasyPrint then leaves the
    image or stylesheet out), so lens text or notes can never make the worker fetch a URL.
    """

    _fail_on_errors = False

    def __call__(self, url: str):
        return self.fetch(url)

    def fetch(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        if not url.startswith(STATIC_PREFIX):
            raise RefusedURL(f"refused to fetch {url[:80]!r}")
        path = _static_path(url)
        if path is None:
            raise RefusedURL(f"no static file for {url[:80]!r}")
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": mime_type or "application/octet-stream"}
        )


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    page_count: int


def render_html(template: str, context: dict) -> str:
    return render_to_string(template, {**context, "static_base": STATIC_PREFIX})


def html_to_pdf(html: str, *, on_layout=None) -> RenderedPDF:
    """Lay out and write the PDF; ``on_layout`` is called between the two (for progress)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    if on_layout:
        on_layout(len(document.pages))
    # A tagged PDF (structure tree for screen readers); language and title come from the
    # template's <html lang> and <title> (issue 17).
    content = document.write_pdf(pdf_tags=True)
    return RenderedPDF(content=content, page_count=len(document.pages))


def warm_up() -> None:
    """Import WeasyPrint and lay out one small page with our stylesheet and fonts.

    The first render in a process pays a few seconds for imports and font loading; a
    worker does it at start-up so the first report someone asks for does not.
    """
    html = render_html("reports/warm_up.html", {})
    html_to_pdf(html)
