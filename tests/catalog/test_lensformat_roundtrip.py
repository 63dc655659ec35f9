"""Round trips of generated lenses through the exporter and the importer (issue 13 part 4).

Generate a lens, import it leniently, export it, import the export strictly: the canonical
document is the same (``full``), or the same less what the AWS format cannot hold (``aws``).
"""

from __future__ import annotations

import json

from hypothesis import given, settings

from catalog.lensformat import export_document, validate
from tests.catalog.lensgen import aws_projection, lenses


def _reimport(document: dict, *, strict: bool = True) -> dict:
    return validate(json.loads(json.dumps(document)), strict=strict).document


@settings(max_examples=100, deadline=None)
@given(lenses())
def test_it_reimports_a_full_export_strictly_to_the_same_document(doc):
    """Issue 13 part 4: format=full always re-imports in strict mode to an identical tree."""
    canonical = validate(doc).document
    exported = export_document(canonical, format="full")
    assert exported.warnings == []
    assert _reimport(exported.document) == canonical
    # Exporting what was imported gives the same file again.
    assert export_document(_reimport(exported.document), format="full") == exported


@settings(max_examples=100, deadline=None)
@given(lenses())
def test_it_reimports_an_aws_export_strictly_to_what_the_aws_format_holds(doc):
    """Issue 13 part 4: format=aws is strictly valid and loses nothing the AWS format holds."""
    canonical = validate(doc).document
    exported = export_document(canonical, format="aws", fit=True)
    again = _reimport(exported.document)
    if not exported.warnings:
        assert again == aws_projection(canonical)
    else:
        fitted = {w.pointer for w in exported.warnings}
        assert all(w.code == "FITTED" for w in exported.warnings)
        assert all(p.endswith(("/title", "/name")) for p in fitted)
    assert export_document(again, format="aws") == export_document(again, format="aws", fit=True)
    assert export_document(again, format="aws").document == exported.document
