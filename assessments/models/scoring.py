from django.db import connections, models, router, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import scoring


class ScoringSpecQuerySet(models.QuerySet):
    def for_engine(self, spec: scoring.Spec):
        """The stored row for an engine spec, created on first use (looked up by hash)."""
        row, _ = self.get_or_create(
            hash=spec.hash(), defaults={"version": spec.version, "params": spec.to_dict()}
        )
        return row

    def current(self):
        """The spec new runs use: the engine's defaults (stored on first use)."""
        return self.for_engine(scoring.Spec())

    def current_if_stored(self):
        """The current spec's row, or None when nothing was scored with it yet (for read-
        only callers, which must not store it)."""
        return self.filter(hash=scoring.code_spec_hash()).first()


class ScoringSpec(models.Model):
    """Every scoring threshold as data. Immutable once stored; identified by its hash."""

    version = models.CharField(_("version"), max_length=32)
    params = models.JSONField(_("parameters"))
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScoringSpecQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scoring spec")
        verbose_name_plural = _("scoring specs")

    def __str__(self):
        return f"spec {self.version} ({self.hash[:10]})"

    def save(self, *args, **kwargs):
        # Results name the spec they were computed with; editing one in place would
        # silently change what those results mean.
        if self.pk is not None:
            raise ValueError("a stored scoring spec cannot be changed; store a new one")
        super().save(*args, **kwargs)

    def engine(self) -> scoring.Spec:
        return scoring.Spec.from_dict(self.params)


class NormGroupQuerySet(models.QuerySet):
    def for_scoring(self, bank_version, spec):
        """The newest norm group of a bank version that was built under this spec."""
        return self.filter(bank_version=bank_version, spec=spec).order_by("-number", "-pk").first()


class NormGroup(models.Model):
    """A named, versioned norm group for one bank version (content from scoring.Norms)."""

    bank_version = models.ForeignKey(
        "assessments.BankVersion", models.PROTECT, related_name="norm_groups",
        verbose_name=_("bank version"),
    )
    name = models.CharField(_("name"), max_length=200)
    number = models.PositiveIntegerField(_("version"), default=1)
    n = models.PositiveIntegerField(_("people"))
    # Submissions the group was built from (n counts those the engine kept).
    sample_size = models.PositiveIntegerField(_("submissions read"), default=0)
    # Fewer valid people than the spec's provisional_norm_n: shown wherever the norms are.
    provisional = models.BooleanField(_("provisional"), default=True)
    spec = models.ForeignKey(
        ScoringSpec, models.PROTECT, null=True, blank=True, related_name="norm_groups",
        verbose_name=_("built under spec"),
    )
    data = models.JSONField(_("norms"))
    # What the measurement model predicts at two sittings (scoring.evidence.Expected as a
    # dict), computed once when the group is built: the dashboards' retest line would
    # otherwise pay for it on a first visit. {} where the group predicts nothing (a bank
    # that does not classify, no usable reliability); NULL on groups built before it.
    expected_retest = models.JSONField(null=True, blank=True, editable=False)
    source_campaign = models.ForeignKey(
        "assessments.Campaign", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NormGroupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("norm group")
        verbose_name_plural = _("norm groups")
        constraints = [
            models.UniqueConstraint(
                fields=["bank_version", "name", "number"], name="norm_group_version_unique"
            ),
        ]

    def __str__(self):
        label = f"{self.name} v{self.number} (n={self.n})"
        return f"{label}, {_('provisional')}" if self.provisional else label

    def norms(self) -> scoring.Norms:
        return scoring.Norms.from_dict(self.data)


class ScoringRunQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=[ScoringRun.Status.QUEUED, ScoringRun.Status.RUNNING])

    def stale(self, before):
        """Active runs with no sign of life since `before`: no chunk counted (or, before
        the first chunk, not started or queued) since then."""
        return self.active().filter(
            Q(heartbeat_at__lt=before)
            | Q(heartbeat_at__isnull=True, started_at__lt=before)
            | Q(heartbeat_at__isnull=True, started_at__isnull=True, created_at__lt=before)
        )


class ScoringRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    class Scope(models.TextChoices):
        ALL = "all", _("Every submission")
        MISSING = "missing", _("Submissions without a result")

    campaign = models.ForeignKey(
        "assessments.Campaign", models.CASCADE, related_name="scoring_runs",
        verbose_name=_("campaign"),
    )
    spec = models.ForeignKey(ScoringSpec, models.PROTECT, related_name="runs")
    norm_group = models.ForeignKey(
        NormGroup, models.PROTECT, null=True, blank=True, related_name="runs"
    )
    scope = models.CharField(
        _("scope"), max_length=16, choices=Scope.choices, default=Scope.ALL
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Beaten by every chunk counted; the sweep resumes a run whose heartbeat stopped.
    heartbeat_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    resumes = models.PositiveSmallIntegerField(_("times resumed"), default=0)

    objects = ScoringRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scoring run")
        verbose_name_plural = _("scoring runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")) & Q(failed__lte=F("total")),
                name="scoring_run_counts_within_total",
            ),
        ]

    def __str__(self):
        return f"run {self.pk} of {self.campaign}"

    @property
    def is_active(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self):
        """Share of the run accounted for (scored or failed), 0-100."""
        if not self.total:
            return 0 if self.is_active else 100
        return min(100, round(100 * (self.done + self.failed) / self.total))

    # `error` keeps what went wrong for the admin and the log: a code and its details,
    # or an exception's own text. Pages show `problem` instead, in words.
    STALLED = "stalled"
    NORMS_UNAVAILABLE = "norms_unavailable"

    @property
    def problem(self):
        """What went wrong, in words for HR ("" when nothing did); never the stored
        text, which can be a code or a traceback's last line."""
        if not self.error:
            return ""
        code = self.error.partition(":")[0].strip()
        if code == self.STALLED:
            return _("The run stopped making progress and was closed. Score again; if it "
                     "stops again, tell the administrator.")
        if code == self.NORMS_UNAVAILABLE:
            return _("The comparison group could not be computed from these answers. Score "
                     "again; if it fails again, tell the administrator.")
        return _("Some assessments could not be scored because of a fault on the server. "
                 "Score again; if it fails again, tell the administrator, who can read the "
                 "details in the log.")

    def close_if_complete(self):
        """End the run once every assignment is scored or failed (one conditional UPDATE,
        so two chunks finishing together cannot both close it or leave it open)."""
        return ScoringRun.objects.filter(
            pk=self.pk, status=self.Status.RUNNING, done__gte=F("total") - F("failed")
        ).update(status=_closing_status(), finished_at=timezone.now())

    def close(self, error=""):
        """End the run now; whatever was not scored counts as failed."""
        return ScoringRun.objects.filter(pk=self.pk).active().update(
            status=_closing_status(unaccounted_fail=True),
            failed=F("total") - F("done"),
            finished_at=timezone.now(),
            error=error,
        )


def _closing_status(unaccounted_fail=False):
    # Nothing scored and something failed (or the run was cut short): the run failed.
    # Otherwise it finished, with any failures counted in `failed`.
    nothing_done = Q(done=0) if unaccounted_fail else Q(done=0, failed__gt=0)
    return Case(
        When(nothing_done, then=Value(ScoringRun.Status.FAILED)),
        default=Value(ScoringRun.Status.FINISHED),
    )


def _summaries(using):
    """The read model's rows (models/summaries.py), reached through the relation rather
    than an import: that module builds on this one."""
    return Result._meta.get_field("summary").related_model.objects.using(using)


_UPDATE_BATCH = 5000


def refresh_summaries(using, field, values, **filters):
    """Refresh the summaries of the results whose `field` is among `values`, a batch of
    ids per statement (PostgreSQL takes at most 65,535 parameters in one)."""
    for start in range(0, len(values), _UPDATE_BATCH):
        _summaries(using).refresh(Result.objects.using(using).filter(
            **filters, **{f"{field}__in": values[start:start + _UPDATE_BATCH]}))


class ResultQuerySet(models.QuerySet):
    # Every ORM write of results refreshes their summaries (models/summaries.py) in the
    # same transaction. The raw PostgreSQL write of a run does it in engine_io.

    def update(self, **kwargs):
        names = {self.model._meta.get_field(name).name for name in kwargs}
        if not names & Result.SUMMARY_SOURCES:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            # The rows are locked as they are read and the UPDATE is held to them: a row
            # that starts to match meanwhile (another transaction's commit) is not
            # changed behind its summary's back.
            matched = self.order_by()
            if connections[self.db].features.has_select_for_update_of:
                matched = matched.select_for_update(of=("self",))
            ids = list(matched.values_list("pk", flat=True))
            count = 0
            # In batches: an update of a whole campaign must not become one IN list of
            # 100,000 ids.
            for start in range(0, len(ids), _UPDATE_BATCH):
                batch = ids[start:start + _UPDATE_BATCH]
                count += super(ResultQuerySet, self.filter(pk__in=batch)).update(**kwargs)
                _summaries(self.db).refresh(Result.objects.using(self.db).filter(pk__in=batch))
            return count

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            objs = super().bulk_create(objs, *args, **kwargs)
            # By key: rows overwritten on a conflict come back without a pk on SQLite.
            by_spec = {}
            for obj in objs:
                by_spec.setdefault(obj.spec_id, set()).add(obj.assignment_id)
            for spec_id, assignment_ids in by_spec.items():
                refresh_summaries(self.db, "assignment_id", sorted(assignment_ids),
                                    spec_id=spec_id)
            return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, *args, **kwargs)
            refresh_summaries(self.db, "pk", [obj.pk for obj in objs])
            return count

    def for_campaign(self, campaign, spec=None):
        qs = self.filter(assignment__campaign=campaign)
        return qs.filter(spec=spec) if spec is not None else qs

    def released(self):
        """The results their person may read (models/reviews.py)."""
        return self.filter(review_state=Result.ReviewState.RELEASED)

    def awaiting_review(self):
        return self.filter(review_state__in=[Result.ReviewState.PENDING,
                                             Result.ReviewState.CONTESTED])

    def bulk_confirmable(self):
        """The results no one needs to read one by one: pending, valid, and scored into a
        family (questionable, invalid, undetermined and contested ones are read singly)."""
        return self.filter(review_state=Result.ReviewState.PENDING,
                           validity=Result.Validity.VALID,
                           role_family__in=[Result.RoleFamily.EXECUTION,
                                            Result.RoleFamily.COMPRESSION])


class Result(models.Model):
    class RoleFamily(models.TextChoices):
        EXECUTION = "execution", _("Precise execution")
        COMPRESSION = "compression", _("High compression")
        UNDETERMINED = "undetermined", _("Undetermined")
        NONE = "", _("Not classified")

    class Validity(models.TextChoices):
        VALID = "valid", _("Valid")
        QUESTIONABLE = "questionable", _("Questionable")
        INVALID = "invalid", _("Invalid")

    class ReviewState(models.TextChoices):
        PENDING = "pending", _("Pending review")
        RELEASED = "released", _("Released")
        WITHHELD = "withheld", _("Withheld")
        CONTESTED = "contested", _("Contested")

    # Results are written 100,000 at a time, and every index costs on every row. The
    # unique (assignment, spec) index serves lookups by assignment; the other foreign
    # keys are only ever searched when their target is deleted (rare, and refused for
    # specs, norms and bank versions), so they carry no index of their own.
    assignment = models.ForeignKey(
        "assessments.Assignment", models.CASCADE, related_name="results", db_index=False
    )
    spec = models.ForeignKey(ScoringSpec, models.PROTECT, related_name="results", db_index=False)
    norm_group = models.ForeignKey(
        NormGroup, models.PROTECT, related_name="results", db_index=False
    )
    # Each foreign-key check is a trigger run per row at commit: five of them were a
    # fifth of a 100,000-person run. Two are kept out of the database on purpose:
    # - bank_version is a copy of the campaign's bank version (the one write path sets
    #   it; a test holds them equal), and the campaign's own enforced foreign key
    #   (PROTECT) already keeps that bank version in existence. The norm group's version
    #   is the same one, or the one it was copied from when it borrowed that one's norms;
    # - run is bookkeeping (which run wrote the row), not one of the versions a result
    #   must name; the ORM still nulls it when a run is deleted.
    bank_version = models.ForeignKey(
        "assessments.BankVersion", models.PROTECT, related_name="results", db_index=False,
        db_constraint=False,
    )
    run = models.ForeignKey(
        ScoringRun, models.SET_NULL, null=True, blank=True, related_name="results",
        db_index=False, db_constraint=False,
    )
    # Per scale: raw, n_answered, n_missing, scorable, z, t, percentile, band_low, band_high.
    scores = models.JSONField(_("scores"))
    probability_execution = models.FloatField(_("probability of execution"), null=True, blank=True)
    role_family = models.CharField(
        _("role family"), max_length=16, choices=RoleFamily.choices, blank=True
    )
    profile_note = models.CharField(_("profile note"), max_length=32, blank=True)
    validity = models.CharField(_("validity"), max_length=16, choices=Validity.choices)
    indices = models.JSONField(_("validity indices"))
    flags = models.JSONField(_("flags"), default=list)
    # Review (models/reviews.py). Database defaults, because scoring writes results with
    # COPY and names only the scored columns. `released_family` is the family the person
    # is shown (the scored one on confirm, the reviewer's on override); `review_round`
    # grows with every decision so a decision taken on a stale view loses.
    review_state = models.CharField(
        _("review state"), max_length=16, choices=ReviewState.choices,
        default=ReviewState.PENDING, db_default=ReviewState.PENDING,
    )
    released_family = models.CharField(
        _("family released"), max_length=16, choices=RoleFamily.choices, blank=True,
        default="", db_default="",
    )
    review_round = models.PositiveIntegerField(_("review round"), default=0, db_default=0)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    objects = ResultQuerySet.as_manager()

    # What each validity screen (scoring.FLAG_NAMES) found, in words for staff pages; the
    # person's own report says it more gently (reports/person_report.flag_sentence).
    FLAG_LABELS = {
        "incomplete": _("Incomplete: many items unanswered"),
        "longstring": _("Long runs of the same answer"),
        "misaligned": _("Twin items answered differently"),
        "acquiescent": _("Agrees with statements and their opposites"),
        "too_fast": _("Answered faster than reading speed"),
        "outlier": _("Unusual combination of answers"),
        "misfit": _("Answers unlike the items' pattern"),
        "unpatterned": _("Too little trait signal to compare the families"),
        "late_misfit": _("Last third answered unlike the first two thirds"),
        "zigzag": _("Answers step up and down in a regular pattern"),
        "random_like": _("Answers as likely under random answering as under the items"),
    }

    # The profile note (scoring.classify.profile_note) in words for staff pages; the
    # person's report explains it to them (reports/person_report._profile_note).
    PROFILE_NOTE_LABELS = {
        "both_elevated": _("Both scores well above average"),
        "both_low": _("Both scores below average"),
    }

    # The fields a result's summary (models/summaries.py) is computed from: an update
    # naming none of them leaves the summaries as they are.
    SUMMARY_SOURCES = frozenset({"assignment", "spec", "bank_version", "scores", "role_family",
                                 "released_family", "validity", "review_state",
                                 "probability_execution", "computed_at"})

    # The validity indices in the order they are screened (docs/scoring.md).
    INDICES = ("completeness", "longstring", "alignment", "acquiescence", "speed", "mahalanobis",
               "tail_share", "agreement", "person_fit", "pattern_fit", "late_fit", "step_share")

    class Meta:
        ordering = ["assignment"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "spec"], name="result_once_per_spec"),
            models.CheckConstraint(
                condition=Q(probability_execution__isnull=True)
                | Q(probability_execution__gte=0, probability_execution__lte=1),
                name="result_probability_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=~Q(validity="invalid") | Q(role_family=""),
                name="result_invalid_has_no_family",
            ),
            # An invalid result says nothing about the person's traits, not even "likely".
            models.CheckConstraint(
                condition=~Q(validity="invalid") | Q(probability_execution__isnull=True),
                name="result_invalid_has_no_probability",
            ),
            # The person is shown a family only once a reviewer decided it; a contested
            # result keeps what was released until the contest is decided.
            models.CheckConstraint(
                condition=Q(review_state__in=["released", "contested"]) | Q(released_family=""),
                name="result_family_released_only_when_released",
            ),
        ]

    def __str__(self):
        return f"result {self.assignment_id} ({self.role_family or '-'})"

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            _summaries(using).refresh(Result.objects.using(using).filter(pk=self.pk))

    @classmethod
    def flag_label(cls, flag):
        return cls.FLAG_LABELS.get(flag, flag)

    @classmethod
    def profile_note_label(cls, note):
        return cls.PROFILE_NOTE_LABELS.get(note, note)

    @property
    def flag_labels(self):
        return [self.flag_label(flag) for flag in self.flags or []]

