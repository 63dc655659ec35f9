"""Views that answer files: the file's own media type is an acceptable ``Accept``.

DRF negotiates against its renderers (JSON only), so ``Accept: application/pdf`` on a PDF
download would be a 406 although the file is exactly that. Such views name the media types they
answer in ``download_media_types``; a request accepting one of them gets the file, and any error
in the one JSON error shape.
"""

from __future__ import annotations

from rest_framework.exceptions import NotAcceptable
from rest_framework.utils.mediatypes import media_type_matches


def _accepted(request) -> list[str]:
    header = request.META.get("HTTP_ACCEPT", "")
    return [part.split(";")[0].strip() for part in header.split(",") if part.strip()]


class DownloadMixin:
    """Mix into an ``APIView`` whose successful answer is a file (not rendered by DRF)."""

    download_media_types: tuple[str, ...] = ()

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except NotAcceptable:
            wanted = _accepted(request)
            if any(
                media_type_matches(accepted, offered)
                for accepted in wanted
                for offered in self.download_media_types
            ):
                # Errors are then JSON: the first renderer, as with ``Accept: */*``.
                return super().perform_content_negotiation(request, force=True)
            raise
