from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .languages import NamedInTwoLanguages
from .private_files import get_private_storage


class User(AbstractUser):
    """The login. Roles come from groups (HR, bank admin) and from the organisation
    (an employee record; heading a department makes one a manager).

    Logins of employees are created, deactivated and reactivated by `talent/accounts.py`
    only; a session lives only while its `session_generation` is the user's current one.
    """

    session_generation = models.PositiveIntegerField(
        _("session generation"), default=0, editable=False,
        help_text=_("Raised to end every session of this login at once (a leaver)."),
    )

    class Meta:
        db_table = "talent_user"

    def save(self, *args, **kwargs):
        # A login switched off by hand (the admin) ends its sessions too, so that
        # switching it on again does not bring old sessions back; so does a change of
        # superuser status, so that the session is set up again for the new role (its
        # idle limit is fixed at sign-in; talent/middleware.py).
        switched_off = getattr(self, "_saved_is_active", None) and not self.is_active
        promoted = getattr(self, "_saved_is_superuser", self.is_superuser) != self.is_superuser
        if (switched_off or promoted) and self.pk is not None:
            self.session_generation += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "session_generation"}
        super().save(*args, **kwargs)
        self._saved_is_active = self.is_active
        self._saved_is_superuser = self.is_superuser

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        user = super().from_db(db, field_names, values, **kwargs)
        user._saved_is_active = user.__dict__.get("is_active")
        user._saved_is_superuser = user.__dict__.get("is_superuser")
        return user

    def _get_session_auth_hash(self, secret=None):
        # Django keeps a session only while the hash stored in it matches this one, so
        # raising the generation ends every session of the login, whatever the session
        # store (a session row per login cannot be found without decoding them all).
        # Generation 0 hashes as Django does, so sessions open before this field existed
        # stay open.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "talent.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret, algorithm="sha256",
        ).hexdigest()


class DepartmentQuerySet(models.QuerySet):
    def subtree_ids(self, root):
        """Ids of `root` and every department below it (one query per tree level)."""
        ids, frontier = {root.pk}, {root.pk}
        while frontier:
            frontier = set(self.filter(parent_id__in=frontier).values_list("pk", flat=True)) - ids
            ids |= frontier
        return ids


class Department(NamedInTwoLanguages, models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(
        _("name in Chinese"), max_length=200, blank=True,
        help_text=_("Shown on the Chinese pages; the English name is shown when empty."),
    )
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent department"),
    )
    head = models.ForeignKey(
        "Employee", models.SET_NULL, null=True, blank=True, related_name="headed_departments",
        verbose_name=_("head"),
        help_text=_("The department manager; sees this department's aggregates."),
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="department_not_own_parent"
            ),
        ]

    def __str__(self):
        # In the language of the page (forms' choices, messages); English outside one.
        return f"{self.display_name} ({self.code})"

    def clean(self):
        if self.parent_id is not None and self.pk is not None and _chain_reaches(
            Department, "parent_id", self.parent_id, self.pk
        ):
            raise ValidationError({"parent": _(
                "A department cannot sit below itself: %(parent)s is %(name)s or one of its "
                "sub-departments."
            ) % {"parent": self.parent, "name": self.name}})


class Position(NamedInTwoLanguages, models.Model):
    """A position and the profile it needs on the two role families."""

    english_name_field = "title"
    chinese_name_field = "title_zh"

    class Function(models.TextChoices):
        OPERATIONS = "operations", _("Operations")
        CAPITAL_ALLOCATION = "capital_allocation", _("Capital allocation")
        BOTH = "both", _("Both")

    class Level(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    title_zh = models.CharField(
        _("title in Chinese"), max_length=200, blank=True,
        help_text=_("Shown on the Chinese pages; the English title is shown when empty."),
    )
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="positions", verbose_name=_("department")
    )
    function = models.CharField(
        _("function"), max_length=32, choices=Function.choices, default=Function.OPERATIONS
    )
    need_execution = models.PositiveSmallIntegerField(
        _("execution needed"), choices=Level.choices, default=Level.MEDIUM
    )
    need_compression = models.PositiveSmallIntegerField(
        _("compression needed"), choices=Level.choices, default=Level.MEDIUM
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(need_execution__gte=1, need_execution__lte=3)
                & Q(need_compression__gte=1, need_compression__lte=3),
                name="position_need_levels_in_range",
            ),
        ]

    def __str__(self):
        return self.display_name


class EmployeeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    # The states of an active employee's login, as HR's logins page lists them.
    def unreachable(self):
        """No email: no login, no invitation, no reset link can reach them."""
        return self.active().filter(email="")

    def without_login(self):
        return self.active().exclude(email="").filter(user__isnull=True)

    def awaiting_password(self):
        """A provisioned login whose person has not set a password yet (an unusable
        password starts with "!", see django.contrib.auth.hashers)."""
        return self.active().filter(user__isnull=False,
                                    user__password__startswith=UNUSABLE_PASSWORD_PREFIX)

    def with_last_invitation(self):
        last = LoginInvitation.objects.filter(user=models.OuterRef("user")).order_by(
            "-created_at", "-pk")
        return self.annotate(
            invitation_status=models.Subquery(last.values("status")[:1]),
            invitation_error=models.Subquery(last.values("error")[:1]),
            invited_at=models.Subquery(last.values("created_at")[:1]),
            invitation_delivery=models.Subquery(last.values("delivery")[:1]),
            invitation_delivery_detail=models.Subquery(last.values("delivery_detail")[:1]),
        )


class Employee(models.Model):
    employee_id = models.CharField(_("employee id"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="employees", verbose_name=_("department")
    )
    position = models.ForeignKey(
        Position, models.SET_NULL, null=True, blank=True, related_name="employees",
        verbose_name=_("position"),
    )
    manager = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("manager"),
    )
    active = models.BooleanField(_("active"), default=True)
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    user = models.OneToOneField(
        User, models.SET_NULL, null=True, blank=True, related_name="employee",
        verbose_name=_("login"),
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["employee_id"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        constraints = [
            models.CheckConstraint(
                condition=~Q(manager=models.F("pk")), name="employee_not_own_manager"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.employee_id})"

    def save(self, *args, **kwargs):
        """Saving an employee as inactive (or active again) takes their login along:
        the post_save handler in talent/apps.py calls talent/accounts.py when `active`
        changed since the row was read."""
        self.active_changed = getattr(self, "_saved_active", True) != self.active
        super().save(*args, **kwargs)
        self._saved_active = self.active

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        employee = super().from_db(db, field_names, values, **kwargs)
        employee._saved_active = employee.__dict__.get("active")
        return employee

    def clean(self):
        if self.manager_id is not None and self.pk is not None and _chain_reaches(
            Employee, "manager_id", self.manager_id, self.pk
        ):
            raise ValidationError({"manager": _(
                "The manager chain would loop: %(manager)s reports, directly or not, to "
                "%(name)s."
            ) % {"manager": self.manager, "name": self.name}})


def _chain_reaches(model, link, start, target):
    """Whether following `link` upwards from `start` reaches `target` (one query a level).

    A loop already in the data ends the walk instead of spinning forever.
    """
    seen = set()
    while start is not None and start not in seen:
        if start == target:
            return True
        seen.add(start)
        start = model.objects.filter(pk=start).values_list(link, flat=True).first()
    return False


class DepartmentTarget(models.Model):
    """HR's target mix for a unit: how many people, in the unit and below, should be
    confidently in each family in a position of the matching function (see the two
    functions page: precise execution in operations, high compression in capital
    allocation)."""

    department = models.OneToOneField(
        Department, models.CASCADE, related_name="target", verbose_name=_("department")
    )
    min_execution = models.PositiveSmallIntegerField(
        _("precise execution in operations, at least"), default=1
    )
    min_compression = models.PositiveSmallIntegerField(
        _("high compression in capital allocation, at least"), default=1
    )

    class Meta:
        ordering = ["department__code"]
        verbose_name = _("department target")
        verbose_name_plural = _("department targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_execution__gte=0, min_compression__gte=0)
                & (Q(min_execution__gt=0) | Q(min_compression__gt=0)),
                name="department_target_asks_for_someone",
            ),
        ]

    def __str__(self):
        return f"{self.department}: {self.min_execution} / {self.min_compression}"


class LoginInvitationQuerySet(models.QuerySet):
    def failed(self):
        return self.filter(status=LoginInvitation.Status.FAILED)


class DeliveryReport(models.Model):
    """What the mail provider reported about a message after it left (talent/mail.py):
    only with MAIL_PROVIDER set; empty with plain SMTP, which reports nothing."""

    class Delivery(models.TextChoices):
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        REJECTED = "rejected", _("Rejected by the mail provider")
        DEFERRED = "deferred", _("Delayed")

    # The reports that mean the person did not get it.
    UNDELIVERED = (Delivery.BOUNCED, Delivery.COMPLAINED, Delivery.REJECTED)

    provider_id = models.CharField(_("mail provider's id"), max_length=255, blank=True,
                                   db_index=True)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices,
                                blank=True)
    delivery_detail = models.CharField(_("delivery detail"), max_length=500, blank=True)
    delivery_at = models.DateTimeField(_("delivery reported at"), null=True, blank=True)

    class Meta:
        abstract = True


class LoginInvitation(DeliveryReport):
    """One email inviting a person to set the password of their new login, sent or
    attempted (talent/invitations.py). Written before the email goes out, so a retried
    task sends nothing twice; HR sees failures and can send a new one."""

    class Kind(models.TextChoices):
        FIRST = "first", _("First invitation")
        RESENT = "resent", _("Sent again by HR")

    class Status(models.TextChoices):
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(User, models.CASCADE, related_name="login_invitations",
                             verbose_name=_("login"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.SENDING)
    recipient = models.EmailField(_("recipient"), blank=True)
    error = models.TextField(_("error"), blank=True)
    sent_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("sent by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    # Reasons recorded by the service itself (shown to HR in their language).
    NO_EMAIL = "no email address"
    NOT_USABLE = "login inactive"
    HAS_PASSWORD = "password already set"  # noqa: S105 (a reason, not a password)
    REASONS = {NO_EMAIL: _("No email address"), NOT_USABLE: _("The login is inactive"),
               HAS_PASSWORD: _("The person has already set a password")}

    objects = LoginInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("login invitation")
        verbose_name_plural = _("login invitations")
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(kind="first"),
                                    name="login_invitation_one_first_per_user"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False),
                                   name="login_invitation_sent_has_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.recipient} ({self.status})"

    def reason(self):
        """Why the delivery failed, for HR (the backend's own error text otherwise)."""
        return self.REASONS.get(self.error, self.error)


class OrgSync(models.Model):
    """One full snapshot from the HR system (talent/org_sync.py): what it would change,
    whether the guard rails paused it, and who applied or discarded it."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        PAUSED = "paused", _("Paused for HR")
        DISCARDED = "discarded", _("Discarded")
        REFUSED = "refused", _("Refused: errors in the file")

    class Source(models.TextChoices):
        API = "api", _("API")
        DROP_FOLDER = "drop_folder", _("Drop folder")

    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    created_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The snapshot, kept while paused (a name in private storage's org-syncs/), and its
    # digest.
    file_name = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    active_before = models.PositiveIntegerField(_("active employees before"), default=0)
    created = models.PositiveIntegerField(_("employees created"), default=0)
    updated = models.PositiveIntegerField(_("employees updated"), default=0)
    deactivated = models.PositiveIntegerField(_("employees deactivated"), default=0)
    swapped = models.PositiveIntegerField(_("ids changing email or name"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # The first errors, the guard rails that paused it, and samples of who is affected.
    errors = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    sample = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("HR-system sync")
        verbose_name_plural = _("HR-system syncs")

    def __str__(self):
        return f"sync {self.pk} ({self.status})"


class OrgImport(models.Model):
    """One organisation file uploaded by HR (talent/org_import_jobs.py). The request only
    stores the file and queues its check; a worker checks it (the preview), and applies
    it once its uploader confirms. Every status change is one conditional UPDATE, so a
    task delivered twice does its work once; `heartbeat_at` is beaten by the worker and
    empty while the job waits for one (the sweep queues a job again whose worker
    stopped)."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        READY = "ready", _("Checked: waiting for confirmation")
        UNCHANGED = "unchanged", _("Nothing to import")
        REFUSED = "refused", _("Refused: errors in the file")
        APPLYING = "applying", _("Being imported")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired: not confirmed in time")
        DISCARDED = "discarded", _("Discarded by its uploader")

    ACTIVE = (Status.CHECKING, Status.APPLYING)

    uploaded_by = models.ForeignKey(
        User, models.CASCADE, related_name="+", verbose_name=_("uploaded by"))
    filename = models.CharField(_("file name"), max_length=255)
    # Stored under a random name in private storage (never a name the client sent), and
    # deleted once the file is imported, refused or expired.
    file = models.FileField(_("file"), storage=get_private_storage,
                            upload_to="org-imports/", blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    read_bytes = models.PositiveBigIntegerField(_("bytes checked"), default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.CHECKING)
    # What the check found (org_import_jobs.summarise): row count, counts per kind, the
    # first errors; after applying, the logins created, deactivated and reactivated.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        constraints = [
            models.CheckConstraint(condition=Q(read_bytes__lte=models.F("size")),
                                   name="org_import_reads_within_its_size"),
            models.CheckConstraint(
                condition=~Q(status__in=["checking", "ready", "applying"]) | ~Q(file=""),
                name="org_import_waiting_has_a_file"),
        ]

    def __str__(self):
        return f"org import {self.pk} ({self.status})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def percent(self):
        if self.status != self.Status.CHECKING:
            return 100
        return min(100, round(100 * self.read_bytes / self.size)) if self.size else 0


class ScimIdentity(models.Model):
    """How an identity provider names an employee over SCIM (talent/scim.py): its
    userName (case-insensitive, unique) and when it provisioned them. Employees the HR
    sync created have none until the provider first writes them; until then their
    userName is their work email."""

    employee = models.OneToOneField(Employee, models.CASCADE, related_name="scim",
                                    verbose_name=_("employee"))
    user_name = models.CharField(_("user name"), max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SCIM identity")
        verbose_name_plural = _("SCIM identities")
        constraints = [
            models.UniqueConstraint(Lower("user_name"),
                                    name="scim_user_name_unique_ignoring_case"),
        ]

    def __str__(self):
        return self.user_name
