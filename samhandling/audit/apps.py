from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samhandling.audit"
    verbose_name = _("Audit log")

    def ready(self):
        from samhandling.audit import tasks
        from samhandling.core import schedule

        schedule.register("audit.anchor", settings.AUDIT_ANCHOR_SECONDS, tasks.write_audit_anchor.enqueue)
