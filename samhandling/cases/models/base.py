"""Shared pieces of the case models."""

from django.conf import settings
from django.db import models

User = settings.AUTH_USER_MODEL


class Entry(models.Model):
    """Base of the case records: shown by kind and id only, never by content."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"
