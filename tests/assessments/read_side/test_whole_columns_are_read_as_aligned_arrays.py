"""A report that ranks or sums over every result reads whole columns as float arrays
(gathered by PostgreSQL in one row, read row by row elsewhere): the same values in
the same rows either way, NULL as NaN, and nothing at all as empty arrays."""

import numpy as np
import pytest
from django.db import connection

from assessments.models import ResultSummary
from assessments.reports import columns


@pytest.mark.django_db
def test_columns_keep_their_rows_together_and_read_null_as_nan():
    found = columns.of_sql(
        connection,
        "SELECT CAST(%s AS integer), 2.5 UNION ALL SELECT 7, NULL UNION ALL SELECT 3, -1.25",
        [11], 2)
    pairs = sorted(zip(found[0].tolist(), found[1].tolist(), strict=True))
    assert [p[0] for p in pairs] == [3, 7, 11]
    assert pairs[0][1] == -1.25 and np.isnan(pairs[1][1]) and pairs[2][1] == 2.5


@pytest.mark.django_db
def test_a_query_with_no_rows_gives_empty_arrays():
    ids, t = columns.of_query(ResultSummary.objects.filter(pk=-1), "pk", "execution_t")
    assert ids.shape == (0,) and t.shape == (0,)
