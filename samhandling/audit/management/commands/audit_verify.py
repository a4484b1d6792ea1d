from django.core.management.base import BaseCommand, CommandError

from samhandling.audit.models import AuditEvent
from samhandling.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain; fails when a row has been edited or deleted. "
        "Prints the newest row as an anchor; give an earlier anchor with --anchor to detect removed newest rows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="ID:HASH",
            help="An anchor printed by an earlier run (kept elsewhere); fails if that row is gone or changed.",
        )

    def handle(self, *args, anchor, **options):
        problems = verify_chain()
        total = AuditEvent.objects.count()
        messages = []
        for p in problems:
            what = "innehållet har ändrats" if p.problem == "content" else "länken till föregående rad är bruten"
            messages.append(f"Händelse {p.event_id}: {what}")
        for item in anchor:
            event_id, _, expected = item.partition(":")
            stored = AuditEvent.objects.filter(id=int(event_id)).values_list("hash", flat=True).first()
            if stored is None:
                messages.append(f"Händelse {event_id}: ankaret saknas, raden har tagits bort")
            elif stored != expected:
                messages.append(f"Händelse {event_id}: ankarets hash stämmer inte")
        if messages:
            for line in messages:
                self.stderr.write(line)
            raise CommandError(f"Granskningsloggen är inte intakt: {len(messages)} fel bland {total} händelser.")
        newest = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        self.stdout.write(f"Granskningsloggen är intakt ({total} händelser).")
        if newest:
            self.stdout.write(f"Ankare för nästa kontroll: {newest[0]}:{newest[1]}")
