"""Indicators of the situation picture (lägesbild): definitions, values by geography, imports."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samhandling.catalogue.models import Factor, PriorityArea
from samhandling.core.fields import LimitedTextField
from samhandling.organisations.models import District, Neighbourhood

PERIOD_PATTERN = r"^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$"


class Level(models.TextChoices):
    CITY = "city", pgettext_lazy("geography", "City")
    DISTRICT = "district", pgettext_lazy("geography", "District")
    NEIGHBOURHOOD = "neighbourhood", pgettext_lazy("geography", "Neighbourhood")


class Gender(models.TextChoices):
    TOTAL = "total", _("Total")
    FEMALE = "female", _("Girls/women")
    MALE = "male", _("Boys/men")


class Indicator(models.Model):
    """What is measured, from which source, how often, and how small numbers are protected."""

    class Kind(models.TextChoices):
        RATE = "rate", _("Rate (numerator/denominator)")
        COUNT = "count", _("Count")
        MEAN = "mean", _("Mean or index")

    class Frequency(models.TextChoices):
        YEARLY = "yearly", _("Every year")
        BIENNIAL = "biennial", _("Every other year")
        HALF_YEARLY = "half_yearly", _("Every half-year")
        QUARTERLY = "quarterly", _("Every quarter")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        NEUTRAL = "neutral", _("Neither")

    class GenderSplit(models.TextChoices):
        NONE = "none", _("Total only")
        CHILDREN = "children", _("Total, girls and boys")
        ADULTS = "adults", _("Total, women and men")

    code = models.SlugField(_("code"), unique=True, max_length=60)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = LimitedTextField(_("description"), max_length=4_000, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.RATE)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, per 1,000 children or number."))
    # A rate's value is numerator / denominator * multiplier (100 for a percentage).
    multiplier = models.PositiveIntegerField(_("multiplier"), default=100)
    numerator_label = models.CharField(_("numerator"), max_length=200, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=200)
    frequency = models.CharField(_("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY)
    direction = models.CharField(_("which direction is better"), max_length=8, choices=Direction.choices)
    priority_area = models.ForeignKey(
        PriorityArea,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("priority area"),
    )
    factor = models.ForeignKey(
        Factor,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("risk or protective factor"),
    )
    on_city = models.BooleanField(_("exists for the whole city"), default=True)
    on_district = models.BooleanField(_("exists by district"), default=True)
    on_neighbourhood = models.BooleanField(_("exists by neighbourhood"), default=False)
    gender_split = models.CharField(
        _("gender split"), max_length=10, choices=GenderSplit.choices, default=GenderSplit.NONE
    )
    min_value = models.DecimalField(_("lowest allowed value"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("highest allowed value"), max_digits=14, decimal_places=4, null=True, blank=True)
    small_number_threshold = models.PositiveSmallIntegerField(
        _("small-number threshold"),
        default=5,
        help_text=_("Counts below this are never shown publicly."),
    )
    is_public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["name"]
        permissions = [
            ("manage_indicators", _("Manage indicators")),
            ("import_values", _("Import indicator values")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="indicator_range_in_order",
            ),
            models.CheckConstraint(
                condition=Q(on_city=True) | Q(on_district=True) | Q(on_neighbourhood=True),
                name="indicator_has_a_level",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def levels(self) -> list[str]:
        return [
            level
            for level, on in (
                (Level.CITY, self.on_city),
                (Level.DISTRICT, self.on_district),
                (Level.NEIGHBOURHOOD, self.on_neighbourhood),
            )
            if on
        ]

    @property
    def genders(self) -> list[str]:
        if self.gender_split == self.GenderSplit.NONE:
            return [Gender.TOTAL]
        return [Gender.TOTAL, Gender.FEMALE, Gender.MALE]

    def gender_label(self, gender: str) -> str:
        """'Flickor'/'Pojkar' for children's indicators, 'Kvinnor'/'Män' for adults'."""
        labels = {
            Gender.TOTAL: _("Total"),
            Gender.FEMALE: _("Girls") if self.gender_split == self.GenderSplit.CHILDREN else _("Women"),
            Gender.MALE: _("Boys") if self.gender_split == self.GenderSplit.CHILDREN else _("Men"),
        }
        return str(labels[gender])


class ImportBatch(models.Model):
    """One uploaded file of values: validated as a whole, saved as a whole or not at all."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking the rows")
        SAVING = "saving", _("Saving")
        DONE = "done", _("Imported")
        REJECTED = "rejected", _("Rejected: nothing saved")
        FAILED = "failed", _("Failed: nothing saved")

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(null=True, blank=True)  # emptied once the import has run
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("new values"), default=0)
    updated_count = models.PositiveIntegerField(_("corrected values"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged values"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)  # [{"row": 3, "message": "..."}]

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.total_rows:
            return 0
        # Checking is the first half of the work, saving the second.
        done = self.processed_rows / self.total_rows
        return int(50 * done) + (50 if self.status == self.Status.SAVING else 0)


class Value(models.Model):
    """One figure: indicator × geography × period × gender. A correction keeps the old figure."""

    class Status(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary")
        FINAL = "final", _("Final")

    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="values", verbose_name=_("indicator"))
    level = models.CharField(_("level"), max_length=14, choices=Level.choices)
    # A neighbourhood's value also carries its district, so that a district's map and
    # profile read one index.
    district = models.ForeignKey(
        District, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("neighbourhood")
    )
    period = models.CharField(_("period"), max_length=7)  # "2024", "2024-H1", "2024-Q3", "2024-05"
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, default=Gender.TOTAL)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    numerator = models.DecimalField(_("numerator"), max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=14, decimal_places=4, null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.FINAL)
    source_note = models.CharField(_("source note"), max_length=300, blank=True)
    import_batch = models.ForeignKey(ImportBatch, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="city", district__isnull=True, neighbourhood__isnull=True)
                | Q(level="district", district__isnull=False, neighbourhood__isnull=True)
                | Q(level="neighbourhood", district__isnull=False, neighbourhood__isnull=False),
                name="value_geography_matches_level",
            ),
            models.CheckConstraint(condition=Q(period__regex=PERIOD_PATTERN), name="value_period_format"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="value_numerator_within_denominator",
            ),
            # One figure per cell. Three partial constraints because the geography columns are nullable.
            models.UniqueConstraint(
                fields=["indicator", "period", "gender"], condition=Q(level="city"), name="value_unique_city"
            ),
            models.UniqueConstraint(
                fields=["indicator", "district", "period", "gender"],
                condition=Q(level="district"),
                name="value_unique_district",
            ),
            models.UniqueConstraint(
                fields=["indicator", "neighbourhood", "period", "gender"],
                condition=Q(level="neighbourhood"),
                name="value_unique_neighbourhood",
            ),
        ]
        indexes = [
            # The map and the indicator page: one indicator, one level, all geographies and periods.
            models.Index(fields=["indicator", "level", "period"], name="value_indicator_level_idx"),
            # The district profile: one district, all indicators.
            models.Index(fields=["district", "level", "indicator"], name="value_district_idx"),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.level} {self.period} {self.gender}: {self.value}"

    @property
    def geography_name(self) -> str:
        if self.level == Level.NEIGHBOURHOOD:
            return self.neighbourhood.name
        if self.level == Level.DISTRICT:
            return self.district.name
        return str(_("Stockholm (the whole city)"))


class ValueRevision(models.Model):
    """The figure a value had before a correction replaced it."""

    value = models.ForeignKey(Value, models.CASCADE, related_name="revisions")
    old_value = models.DecimalField(max_digits=14, decimal_places=4)
    old_numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    old_denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    old_status = models.CharField(max_length=12, choices=Value.Status.choices)
    old_source_note = models.CharField(max_length=300, blank=True)
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    import_batch = models.ForeignKey(ImportBatch, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("earlier value")
        verbose_name_plural = _("earlier values")
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.value_id}: {self.old_value} ({self.replaced_at:%Y-%m-%d})"


class ProfileExport(models.Model):
    """A district profile PDF too large to make while the user waits: made by the worker, fetched when ready."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    district = models.ForeignKey(District, models.CASCADE, related_name="+", verbose_name=_("district"))
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, default=Gender.TOTAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    indicator_count = models.PositiveIntegerField(_("indicators"), default=0)
    content = models.BinaryField(null=True, blank=True)
    size = models.PositiveIntegerField(default=0)
    # Why it failed, as a core.tasks reason code; shown in Swedish on the status page.
    failure_reason = models.CharField(max_length=30, blank=True, default="")

    class Meta:
        verbose_name = _("district profile PDF")
        verbose_name_plural = _("district profile PDFs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.district} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def file_name(self) -> str:
        return f"stadsdelsprofil-{self.district.code}.pdf"

    @property
    def failure_reason_text(self) -> str:
        from samhandling.core.tasks import reason_text

        return reason_text(self.failure_reason) if self.failure_reason else ""
