"""Read-only queries for what pages, exports and commands show (see docs/architecture.md).

Nothing here writes: a test runs every report under a database guard that refuses
INSERT, UPDATE and DELETE, and checks that no module here imports a service or a task.

campaigns      counts per campaign (assigned, submitted, scored)
item_analysis  reliability and item statistics of a campaign's answers
results        result rows for the results CSV
"""
