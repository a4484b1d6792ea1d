from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "samhandling.collaboration"
    verbose_name = _("Collaboration around a young person")

    def ready(self) -> None:
        from samhandling.cases.extract import register_extract_contributor
        from samhandling.collaboration import tasks
        from samhandling.collaboration.selectors import extract_disclosures
        from samhandling.core import schedule

        register_extract_contributor(extract_disclosures)

        schedule.register("collaboration.action_reminders", 3600, tasks.send_action_reminders.enqueue)
        schedule.register("collaboration.consent_expiry_notices", 3600, tasks.send_consent_expiry_notices.enqueue)
