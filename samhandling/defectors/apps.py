from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefectorsConfig(AppConfig):
    name = "samhandling.defectors"
    verbose_name = _("Leaving crime (defectors)")

    def ready(self) -> None:
        from samhandling.cases.services import register_identity_grant_authority
        from samhandling.core import schedule
        from samhandling.defectors import access, tasks

        # The holding team's manager may authorise a team member to see the protected identity.
        register_identity_grant_authority(access.identity_grant_authority)

        # Every ten minutes: a reminder at 12 h is then at most ten minutes late.
        schedule.register("defectors.first_contact_reminders", 600, tasks.send_first_contact_reminders.enqueue)
        # Hourly: a follow-up is reminded of days ahead, so an hour late is harmless.
        schedule.register("defectors.follow_up_reminders", 3600, tasks.send_follow_up_reminders.enqueue)
