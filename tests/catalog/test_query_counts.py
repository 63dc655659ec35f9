"""The catalogue API reads in a constant number of SQL queries, whatever the lens's size or
the number of lenses (issue 14 part 4; the reviews API's table is in
``tests/reviews/test_query_counts.py``).

Each read is measured on a small custom lens and on the 35-question ML Lens (the list: with
one custom lens and with four) and must cost exactly the number committed here, so an N+1
regression shows up as a diff of this table.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.catalog.factories import ML_SLUG, custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.users import client_for

API = "/api/v1/lenses/"

QUERY_COUNTS = {
    "lens list": 2,
    "lens detail": 2,
    "version tree": 8,
    "export": 2,
}

READS = {
    "lens detail": lambda slug: f"{API}{slug}/",
    "version tree": lambda slug: f"{API}{slug}/versions/latest/",
    "export": lambda slug: f"{API}{slug}/export",
}


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return len(queries)


@pytest.mark.parametrize("name", list(READS))
def test_it_reads_a_lens_in_constant_queries_whatever_its_size(
    name, ml_lens, published_lens, alice
):
    client = client_for(alice)
    small = count(client, READS[name](published_lens.slug))
    large = count(client, READS[name](ML_SLUG))
    assert (small, large) == (QUERY_COUNTS[name], QUERY_COUNTS[name])


def test_it_lists_lenses_in_constant_queries_whatever_their_number(ml_lens, alice):
    client = client_for(alice)
    custom_lens(alice, lens_doc(name="Lens 0"), publish=("1",))
    few = count(client, API)
    for index in range(1, 4):
        custom_lens(alice, lens_doc(name=f"Lens {index}"), publish=("1", "2"), draft=True)
    many = count(client, API)
    assert (few, many) == (QUERY_COUNTS["lens list"], QUERY_COUNTS["lens list"])
