"""Counting the queries of a first visit to a page, for the tests that a page runs as
many queries for 1,000 people as for 100.

A first visit finds nothing cached, neither in the cache nor in the memos a process
keeps of published banks (their layouts, the scales two of them share), which empty
themselves when they grow: whether a memo still held a bank depended on what the process
ran before, and made counts differ by the three queries of a layout in CI."""

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import engine_io
from assessments.reports import evidence


def forget_what_the_process_remembers():
    cache.clear()
    evidence._SHARED.clear()
    engine_io._published_layouts.clear()


def first_visit_queries(client, url, data=None, status=200):
    """The queries of a visit with nothing remembered, as a count that names the queries
    only one of two compared visits ran."""
    forget_what_the_process_remembers()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data).status_code == status
    return QueryCount(captured.captured_queries)


class QueryCount(int):
    def __new__(cls, queries):
        count = super().__new__(cls, len(queries))
        count.shapes = [re.sub(r"\b\d+\b", "N", q["sql"])[:160] for q in queries]
        return count

    def __eq__(self, other):
        equal = int(self) == int(other)
        if not equal and isinstance(other, QueryCount):
            print("only in the first:", *[s for s in self.shapes if s not in other.shapes],
                  "only in the second:", *[s for s in other.shapes if s not in self.shapes],
                  sep="\n  ")
        return equal

    __hash__ = int.__hash__
