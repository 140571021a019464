"""The autosave is the busiest endpoint of the product (a few hundred people answering at a
deadline each send one per choice): on PostgreSQL it costs the session, the user, the
assignment with the person's record, and the save itself, one statement, for the first
save or a later one. (A stale save from another tab reads the stored answer once more,
to tell a replay from an overtaken save.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import autosave, stored


def statements(client, ready, item, value, sequence):
    with CaptureQueriesContext(connection) as queries:
        response = autosave(client, ready, item, value, sequence, seconds="2")
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_each_save_is_four_statements_and_the_write_is_one_of_them(client_for, employee,
                                                                    ready, items):
    client = client_for(employee)
    autosave(client, ready, items[0], 3, 1)  # loads the bank's items into this process
    first = statements(client, ready, items[1], 3, 2)
    later = statements(client, ready, items[1], 4, 3)
    stale = statements(client, ready, items[1], 1, 2)
    assert len(first) == len(later) == 4
    assert len(stale) == 5
    writes = [sql for sql in first if not sql.lstrip().upper().startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith("WITH a AS (UPDATE")
    assert stored(ready)[items[1].pk][:2] == (4, 3)


def test_a_save_reads_the_assignment_once_with_the_persons_record(client_for, employee,
                                                                  ready, items):
    client = client_for(employee)
    sql = statements(client, ready, items[0], 3, 1)
    employee_reads = [s for s in sql if 'FROM "talent_employee"' in s]
    assert employee_reads == []  # it comes joined to the assignment
    reads = [s for s in sql if s.startswith("SELECT") and 'FROM "assessments_assignment"' in s]
    assert 'INNER JOIN "talent_employee"' in reads[0]
