from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samhandling.cases"
    verbose_name = _("Cases")

    def ready(self):
        from samhandling.cases import tasks
        from samhandling.core import schedule

        schedule.register("cases.deadline_reminders", 3600, tasks.send_deadline_reminders.enqueue)
        schedule.register("cases.escalations", 3600, tasks.escalate_overdue_steps.enqueue)
