"""The Swagger UI page of the API docs, with the document language set (WCAG 3.1.1).

drf-spectacular's template writes a bare ``<html>`` outside any block, so the language is
added to the rendered page here rather than by overriding the whole template.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if response.get("Content-Type", "").startswith("text/html"):
            response.render()
            response.content = response.content.replace(b"<html>", b'<html lang="en">', 1)
        return response
