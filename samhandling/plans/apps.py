from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samhandling.plans"
    verbose_name = _("Action plans")

    def ready(self):
        from samhandling.core import schedule
        from samhandling.plans.tasks import send_followup_reminders

        # Hourly; the task itself sends at most one reminder a day per plan and round.
        schedule.register("plans.followup_reminders", 3600, send_followup_reminders.enqueue)
