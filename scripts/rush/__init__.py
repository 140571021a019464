"""The deadline-rush benchmark's parts, one concern each; scripts/bench_rush.py is its
command line (`make bench-rush`) and says what it measures.

- client: a person in a browser, over loopback HTTP (login, pages, autosave, submit).
- people: who the bench plays, written straight into the scratch database.
- closed_loop: `--closed`, everybody with no pause (saturation).
- open_loop: the default, people who pause, in steps (how many can answer at once).
- audit: what the database kept of what the client was told was saved.

scripts/ is on sys.path when a script there runs (as for `loopback`), so this package is
imported as `rush`.
"""
