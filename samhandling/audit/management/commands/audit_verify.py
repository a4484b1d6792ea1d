from django.core.management.base import BaseCommand, CommandError

from samhandling.audit.models import AuditEvent
from samhandling.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; fails when a row has been edited or deleted."

    def handle(self, *args, **options):
        problems = verify_chain()
        total = AuditEvent.objects.count()
        if problems:
            for p in problems:
                what = "innehållet har ändrats" if p.problem == "content" else "länken till föregående rad är bruten"
                self.stderr.write(f"Händelse {p.event_id}: {what}")
            raise CommandError(f"Granskningsloggen är inte intakt: {len(problems)} fel bland {total} händelser.")
        self.stdout.write(f"Granskningsloggen är intakt ({total} händelser).")
