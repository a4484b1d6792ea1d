"""An uploaded plan document on its way to activities: read by the worker, never by the web request."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samhandling.plans.models.plan import ActionPlan


class DocumentImport(models.Model):
    """One upload of a plan document. The file is kept only until the worker has read it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Being read")
        DONE = "done", _("Read")
        FAILED = "failed", _("Could not be read")

    plan = models.ForeignKey(ActionPlan, models.CASCADE, related_name="document_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(null=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(_("why it could not be read"), max_length=1000, blank=True)
    # The suggested activities, with catalogue ids: the planner checks each before anything is saved.
    suggestions = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")

    def __str__(self):
        return f"{_('Document import')} {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
