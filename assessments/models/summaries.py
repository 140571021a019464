"""The read model of results: one narrow row per result, for pages that filter, group,
count and sort results (docs/architecture.md, "The read model").

A Result is wide: its scores and indices are JSON documents, and where the person sat is
on the assignment. Reading 100,000 of them to count a department's families or rank a
position means reading those documents and joining the assignments. A ResultSummary
holds, per result (one per assignment and scoring spec), only what pages ask about, as
plain indexed columns: the employee, the campaign, the department and position at launch,
the scored and released family, validity, review state, P(execution), and T and its
standard error on each family's scale.

It is derived, never edited: every row is a function of its result, its assignment and
its bank version's scales (`summaries_from_sources`). It is written in the transaction
that writes the result:
- every ORM write of a result goes through ResultQuerySet (update, bulk_create,
  bulk_update) or Result.save, which refresh the summaries of the rows they wrote;
- the raw PostgreSQL write of a scoring run (engine_io.write_results) refreshes its chunk;
- deleting a result deletes its summary: the summary's foreign key to the result is the
  one enforced in the database, so even a raw DELETE of results that forgot it is
  refused at commit;
- the department and position at launch are copied from the assignment: the
  assignment's save, queryset update and bulk_update refresh its results' summaries
  when they change (models/campaigns.py); a deleted position is cleared on the
  assignment and the summary by the same ORM delete.

The current department and position (which move with org imports, the HR sync and
SCIM) are deliberately NOT copied here: a page that groups by them joins the employee,
so no org write has to know about results. `manage.py rebuild_result_summaries`
rebuilds every row from the sources; tests/assessments/read_model checks after every
write path that the table equals what the rebuild computes.
"""

from django.db import connections, models, transaction
from django.db.models.functions import Mod
from django.utils.translation import gettext_lazy as _

from ..scoring.have_need import BAND_Z
from .banks import Scale
from .scoring import Result

# T's standard error is its 90% band's width over this (scoring/have_need.standard_error);
# the SQL refresh and the Python rebuild divide by the same float.
_BAND_WIDTH_PER_SE = 2.0 * BAND_Z

# The summary's columns other than its key, in the order the SQL refresh writes them.
COLUMNS = ("assignment_id", "spec_id", "campaign_id", "employee_id", "department_id",
           "position_id", "role_family", "released_family", "validity", "review_state",
           "probability_execution", "execution_t", "execution_se", "compression_t",
           "compression_se", "computed_at", "flags")


# A fixed pseudo-random bucket of each result, in [0, SAMPLE_MODULUS): the campaign
# dashboard's scatter draws the results whose bucket is under a cut (the same points on
# every visit). A multiplicative hash spreads consecutive assignment ids over the modulus.
# An index holds it per campaign, so a sample is read without computing it on every row.
SAMPLE_MODULUS = 1_000_003


def sample_bucket():
    return Mod(models.F("assignment_id") * 2_654_435_761, SAMPLE_MODULUS,
               output_field=models.BigIntegerField())


class DerivedRow(Exception):
    """A write that would edit a summary by hand instead of writing its result."""


class ResultSummaryQuerySet(models.QuerySet):
    def refresh(self, results):
        """Write the summaries of the results in the queryset `results` from their
        sources, in one INSERT ... SELECT ... ON CONFLICT (inside the caller's
        transaction). How many rows were written (on PostgreSQL, rows already right are
        not counted)."""
        # Read where this writes (never a replica), in the caller's transaction.
        chosen = results.using(self.db).order_by().values("pk")
        where, where_params = chosen.query.get_compiler(self.db).as_sql()
        statement, params = _refresh_statement(connections[self.db])
        with connections[self.db].cursor() as cursor:
            cursor.execute(statement.replace("{chosen}", where), [*params, *where_params])
            return cursor.rowcount

    # Rows are derived: written only by `refresh` and the rebuild.
    def update(self, **kwargs):
        raise DerivedRow("Result summaries follow their results; write the result instead.")

    def bulk_update(self, *args, **kwargs):
        raise DerivedRow("Result summaries follow their results; write the result instead.")


class ResultSummary(models.Model):
    """One result as the pages filter, group and sort it (see the module's docstring)."""

    # The one foreign key the database enforces (see the module's docstring). The others
    # are copies of the result's and its assignment's, kept equal by the refresh and
    # checked by the consistency test; enforcing them would cost a trigger per row per
    # key at every run's commit, for rows whose targets the results already protect.
    result = models.OneToOneField(
        Result, models.CASCADE, primary_key=True, related_name="summary",
        verbose_name=_("result"),
    )
    assignment = models.ForeignKey(
        "assessments.Assignment", models.DO_NOTHING, related_name="+", db_index=False,
        db_constraint=False,
    )
    spec = models.ForeignKey(
        "assessments.ScoringSpec", models.DO_NOTHING, related_name="+", db_index=False,
        db_constraint=False,
    )
    campaign = models.ForeignKey(
        "assessments.Campaign", models.DO_NOTHING, related_name="+", db_index=False,
        db_constraint=False, verbose_name=_("campaign"),
    )
    employee = models.ForeignKey(
        "talent.Employee", models.DO_NOTHING, related_name="+", db_constraint=False,
        verbose_name=_("employee"),
    )
    department = models.ForeignKey(
        "talent.Department", models.DO_NOTHING, null=True, related_name="+", db_index=False,
        db_constraint=False, verbose_name=_("department at launch"),
    )
    # SET_NULL as on the assignment: deleting a position clears both in one ORM delete.
    position = models.ForeignKey(
        "talent.Position", models.SET_NULL, null=True, related_name="+", db_index=False,
        db_constraint=False, verbose_name=_("position at launch"),
    )
    role_family = models.CharField(_("role family"), max_length=16,
                                   choices=Result.RoleFamily.choices, blank=True)
    released_family = models.CharField(_("family released"), max_length=16,
                                       choices=Result.RoleFamily.choices, blank=True)
    validity = models.CharField(_("validity"), max_length=16, choices=Result.Validity.choices)
    review_state = models.CharField(_("review state"), max_length=16,
                                    choices=Result.ReviewState.choices)
    probability_execution = models.FloatField(_("probability of execution"), null=True)
    # T and its standard error on the bank version's execution and compression scales
    # (null where the scale was not scorable, or the version has no such scale).
    execution_t = models.FloatField(null=True)
    execution_se = models.FloatField(null=True)
    compression_t = models.FloatField(null=True)
    compression_se = models.FloatField(null=True)
    computed_at = models.DateTimeField(_("computed at"))
    # The validity screens' flags, as on the result (a short list of names, most often
    # empty): the dashboards count each.
    flags = models.JSONField(_("flags"), default=list)

    objects = ResultSummaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("result summary")
        verbose_name_plural = _("result summaries")
        # The pages' filters, each within a campaign (the person page reads by employee).
        indexes = [
            models.Index(fields=["campaign", "role_family"], name="summary_campaign_family"),
            # The dashboards count each department's families and validity: every column
            # they read is in the index (an index-only scan, half a table scan's time).
            models.Index(fields=["campaign", "spec", "department", "role_family", "validity"],
                         name="summary_unit_counts"),
            models.Index(fields=["campaign", "position"], name="summary_campaign_position"),
            models.Index(fields=["campaign", "review_state", "released_family"],
                         name="summary_campaign_review"),
            # A person's family in another campaign (the trend and the stability to
            # expect probe it once per person).
            models.Index(fields=["campaign", "employee"], name="summary_campaign_employee"),
            # The few results a validity screen flagged, which the dashboards count by
            # flag (most rows have none).
            models.Index(fields=["campaign"], condition=~models.Q(flags=[]),
                         name="summary_campaign_flagged"),
            models.Index(models.F("campaign"), models.F("spec"), sample_bucket(),
                         name="summary_campaign_sample"),
        ]

    def __str__(self):
        return f"summary of result {self.result_id}"

    def save(self, *args, **kwargs):
        raise DerivedRow("Result summaries follow their results; write the result instead.")

    def delete(self, *args, **kwargs):
        raise DerivedRow("A result summary goes with its result; delete the result.")


def family_codes(bank_version_ids, scale_model=Scale, using=None):
    """{bank version id: (execution scale code, compression scale code)} of these
    versions (ids, or a subquery of them), in one query; None where a version has no
    scale in that role."""
    codes = {}
    scales = scale_model.objects.using(using) if using else scale_model.objects
    for version_id, code, role in scales.filter(
        version_id__in=bank_version_ids, role__in=[Scale.Role.EXECUTION, Scale.Role.COMPRESSION]
    ).order_by("code").values_list("version_id", "code", "role"):
        # Ordered by code: where a version has two scales in a role, the greatest code
        # wins, as in the SQL refresh.
        pair = codes.setdefault(version_id, [None, None])
        pair[0 if role == Scale.Role.EXECUTION else 1] = code
    return {version: tuple(pair) for version, pair in codes.items()}


def family_codes_of(version_id):
    """(execution scale code, compression scale code) of one bank version, as
    `family_codes` reads them; None where it has no scale in that role."""
    return family_codes([version_id]).get(version_id, (None, None))


def _refresh_statement(connection):
    """The refresh as one static statement (its text depends only on the database), with
    `{chosen}` where the SELECT of the chosen results' ids goes, and its own parameters.

    Static on purpose: every Result.save runs it, and composing it with the ORM cost
    several times what the database then spends on it. The scale codes come from a
    derived table of the scales (per bank version, the execution and compression code;
    the greatest where a version has two, as `family_codes` picks)."""
    qn = connection.ops.quote_name
    summary, result = ResultSummary._meta, Result._meta
    assignment = result.get_field("assignment").related_model._meta

    def column(meta, name):
        return qn(meta.get_field(name).column)

    scores = f"r.{column(result, 'scores')}"
    if connection.vendor == "postgresql":
        def value(code, key):
            return f"CAST(jsonb_extract_path_text({scores}, c.{code}, '{key}') AS double precision)"
    else:
        # SQLite (and the other JSON1 databases): a path with the code quoted as a key;
        # a NULL code makes the path and so the value NULL.
        def value(code, key):
            return f"CAST(json_extract({scores}, '$.\"' || c.{code} || '\".{key}') AS REAL)"

    def se(code):
        high, low = value(code, "band_high"), value(code, "band_low")
        return f"(({high}) - ({low})) / {_BAND_WIDTH_PER_SE!r}"

    sources = {
        "result_id": f"r.{column(result, 'id')}",
        "assignment_id": f"r.{column(result, 'assignment')}",
        "spec_id": f"r.{column(result, 'spec')}",
        "campaign_id": f"a.{column(assignment, 'campaign')}",
        "employee_id": f"a.{column(assignment, 'employee')}",
        "department_id": f"a.{column(assignment, 'department')}",
        "position_id": f"a.{column(assignment, 'position')}",
        "role_family": f"r.{column(result, 'role_family')}",
        "released_family": f"r.{column(result, 'released_family')}",
        "validity": f"r.{column(result, 'validity')}",
        "review_state": f"r.{column(result, 'review_state')}",
        "probability_execution": f"r.{column(result, 'probability_execution')}",
        "execution_t": value("exe", "t"),
        "execution_se": se("exe"),
        "compression_t": value("cmp", "t"),
        "compression_se": se("cmp"),
        "computed_at": f"r.{column(result, 'computed_at')}",
        "flags": f"r.{column(result, 'flags')}",
    }
    targets = [column(summary, name.removesuffix("_id")) for name in sources]
    table = qn(summary.db_table)
    scale = Scale._meta
    version, code, role = (column(scale, name) for name in ("version", "code", "role"))
    unchanged = ""
    if connection.vendor == "postgresql":
        # A row that would come out the same is left alone: a re-score that changes
        # nothing then writes no new row versions (nor their index entries).
        kept = targets[1:]
        unchanged = (f" WHERE ({', '.join(f'{table}.{t}' for t in kept)}) IS DISTINCT "
                     f"FROM ({', '.join(f'excluded.{t}' for t in kept)})")
    # "WHERE true" is not needed: the SELECT has its own WHERE, so SQLite cannot read
    # ON CONFLICT as a join's ON.
    statement = (
        f"INSERT INTO {table} ({', '.join(targets)}) "  # noqa: S608
        f"SELECT {', '.join(sources.values())} "
        f"FROM {qn(result.db_table)} r "
        f"JOIN {qn(assignment.db_table)} a "
        f"ON a.{column(assignment, 'id')} = r.{column(result, 'assignment')} "
        f"LEFT JOIN (SELECT {version} AS version_id, "
        f"MAX(CASE WHEN {role} = %s THEN {code} END) AS exe, "
        f"MAX(CASE WHEN {role} = %s THEN {code} END) AS cmp "
        f"FROM {qn(scale.db_table)} WHERE {role} IN (%s, %s) GROUP BY {version}) c "
        f"ON c.version_id = r.{column(result, 'bank_version')} "
        f"WHERE r.{column(result, 'id')} IN ({{chosen}}) "
        f"ON CONFLICT ({targets[0]}) DO UPDATE SET "
        + ", ".join(f"{t} = excluded.{t}" for t in targets[1:]) + unchanged
    )
    roles = [Scale.Role.EXECUTION.value, Scale.Role.COMPRESSION.value]
    return statement, [*roles, *roles]


# --- The rows as a pure function of their sources (the rebuild and the test) ------------

SOURCE_VALUES = ("pk", "assignment_id", "spec_id", "bank_version_id", "assignment__campaign_id",
                 "assignment__employee_id", "assignment__department_id",
                 "assignment__position_id", "scores", "role_family", "released_family",
                 "validity", "review_state", "probability_execution", "computed_at", "flags")


def read_sources(results, scale_model=Scale):
    """What `summaries_from_sources` reads, for the results of a queryset: (rows, codes)."""
    rows = list(results.order_by("pk").values(*SOURCE_VALUES))
    return rows, family_codes({row["bank_version_id"] for row in rows}, scale_model)


def summaries_from_sources(rows, codes):
    """The summary of each result, as {column: value} dicts in the rows' order.

    rows: dicts of SOURCE_VALUES (a result with its assignment's campaign, employee,
    department and position, and its scores document); codes: {bank version id:
    (execution code, compression code)}. Pure: no database, no Django."""

    def scale(scores, code, key):
        value = ((scores or {}).get(code) or {}).get(key) if code else None
        return None if value is None else float(value)

    def se(scores, code):
        low, high = scale(scores, code, "band_low"), scale(scores, code, "band_high")
        return None if low is None or high is None else (high - low) / _BAND_WIDTH_PER_SE

    summaries = []
    for row in rows:
        exe, cmp = codes.get(row["bank_version_id"], (None, None))
        scores = row["scores"]
        summaries.append({
            "result_id": row["pk"],
            "assignment_id": row["assignment_id"],
            "spec_id": row["spec_id"],
            "campaign_id": row["assignment__campaign_id"],
            "employee_id": row["assignment__employee_id"],
            "department_id": row["assignment__department_id"],
            "position_id": row["assignment__position_id"],
            "role_family": row["role_family"],
            "released_family": row["released_family"],
            "validity": row["validity"],
            "review_state": row["review_state"],
            "probability_execution": row["probability_execution"],
            "execution_t": scale(scores, exe, "t"),
            "execution_se": se(scores, exe),
            "compression_t": scale(scores, cmp, "t"),
            "compression_se": se(scores, cmp),
            "computed_at": row["computed_at"],
            "flags": row["flags"],
        })
    return summaries


def rebuild(result_model, summary_model, scale_model, *, campaign_ids=None, chunk=2000,
            progress=None):
    """Write every summary (of these campaigns' results, or all) from the sources with
    `summaries_from_sources`, `chunk` results per transaction; how many were written.

    One transaction per chunk, not one for all: each chunk locks its results (FOR UPDATE)
    while it reads and writes them, so a review decision or a run writing one of them
    waits for that chunk only, and cannot commit between the chunk's read and its write
    (which would leave the chunk's older view behind). Every row depends on its own
    result only, so a rebuild stopped halfway leaves correct rows behind, and running it
    again writes the same rows. Takes the models as arguments so that a migration can
    run it with its historical models. `progress(done, total)` after each chunk."""
    results = result_model.objects.all()
    if campaign_ids is not None:
        results = results.filter(assignment__campaign_id__in=list(campaign_ids))
    total, done, last = results.count(), 0, 0
    connection = connections[results.db]
    while True:
        with transaction.atomic(using=results.db):
            ids = list(results.filter(pk__gt=last).order_by("pk")
                       .values_list("pk", flat=True)[:chunk])
            if not ids:
                break
            # The chunk is every result of `results` in this id range (no IN list).
            chunk_results = results.filter(pk__gte=ids[0], pk__lte=ids[-1])
            if connection.features.has_select_for_update_of:
                chunk_results = chunk_results.select_for_update(of=("self",))
            rows = summaries_from_sources(*read_sources(chunk_results, scale_model))
            _write(summary_model, rows, results.db)
        done, last = done + len(ids), ids[-1]
        if progress is not None:
            progress(done, total)
    return done


def _write(summary_model, rows, using, batch=500):
    """Insert or overwrite summary rows ({column: value}). On PostgreSQL one statement
    per chunk, each column sent as one array and unnested: a multi-row VALUES list (or
    bulk_create, which builds one) spends most of its time having its thousands of
    placeholders parsed on the client. Elsewhere, `batch` rows per VALUES list."""
    connection = connections[using]
    qn = connection.ops.quote_name
    names = ("result_id", *COLUMNS)
    fields = [summary_model._meta.get_field(c.removesuffix("_id")) for c in names]
    columns = [qn(field.column) for field in fields]
    head = (f"INSERT INTO {qn(summary_model._meta.db_table)} ({', '.join(columns)}) ")
    tail = f" ON CONFLICT ({columns[0]}) DO UPDATE SET " + ", ".join(
        f"{c} = excluded.{c}" for c in columns[1:])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{_ARRAY_TYPES[field.get_internal_type()]}[]"
                               for field in fields)
            # JSON values go as the driver's JSON adapters (a list would become an array).
            cursor.execute(
                head + f"SELECT * FROM unnest({arrays})" + tail,  # noqa: S608
                [[field.get_db_prep_save(row[name], connection) for row in rows]
                 if field.get_internal_type() == "JSONField" else [row[name] for row in rows]
                 for name, field in zip(names, fields, strict=True)])
            return
        for start in range(0, len(rows), batch):
            part = rows[start:start + batch]
            values = ", ".join(["(" + ", ".join(["%s"] * len(names)) + ")"] * len(part))
            params = [field.get_db_prep_save(row[name], connection)
                      for row in part for name, field in zip(names, fields, strict=True)]
            cursor.execute(head + f"VALUES {values}" + tail, params)  # noqa: S608


# The PostgreSQL array type of each kind of summary column (for `_write`).
_ARRAY_TYPES = {"OneToOneField": "int8", "ForeignKey": "int8", "CharField": "text",
                "FloatField": "float8", "DateTimeField": "timestamptz", "JSONField": "jsonb"}
