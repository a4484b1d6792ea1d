from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "samhandling.plans"
    verbose_name = _("Action plans")

    def ready(self) -> None:
        from samhandling.catalogue.hooks import register_visible_plans
        from samhandling.core import schedule
        from samhandling.plans.access import visible_plans
        from samhandling.plans.tasks import send_followup_reminders

        register_visible_plans(visible_plans)

        # Hourly; the task itself sends at most one reminder a day per plan and round.
        schedule.register("plans.followup_reminders", 3600, send_followup_reminders.enqueue)
