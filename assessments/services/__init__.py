"""Workflows that write, one module per workflow (see docs/architecture.md).

banks          publish, retire, start a draft from a version
bank_files     the JSON interchange format: parse, import, export
norms          build the norm group a run scores against
scoring_runs   a run's lifecycle: create, prepare, score chunks, close, sweep
response_import  historical answers from a wide CSV

Services call models, `assessments.engine_io` and `assessments.bulk`; they never import
`assessments.tasks` (tasks call services, not the other way round).
"""
