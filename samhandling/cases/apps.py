from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samhandling.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from samhandling.cases import tasks
        from samhandling.cases.selectors import grant_counts_for_method
        from samhandling.catalogue.hooks import register_grant_counts
        from samhandling.core import schedule

        register_grant_counts(grant_counts_for_method)

        schedule.register("cases.deadline_reminders", 3600, tasks.send_deadline_reminders.enqueue)
        schedule.register("cases.escalations", 3600, tasks.escalate_overdue_steps.enqueue)
