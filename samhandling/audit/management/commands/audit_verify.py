from django.core.management.base import BaseCommand, CommandError

from samhandling.audit import anchors
from samhandling.audit.models import AuditEvent
from samhandling.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain against the newest stored anchor (AUDIT_ANCHOR_FILE); fails when "
        "a row has been edited or deleted, the newest rows were removed or rewritten, or the log was emptied."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="ID:HASH",
            help="An anchor kept elsewhere (an earlier run's output, an anchor e-mail); checked besides the stored one.",
        )
        parser.add_argument(
            "--no-stored-anchor",
            action="store_true",
            help="Do not check against the anchor file (for example on a copy restored to an earlier time).",
        )

    def handle(self, *args, anchor, no_stored_anchor, **options):
        problems = verify_chain()
        total = AuditEvent.objects.count()
        messages = []
        for p in problems:
            what = "innehållet har ändrats" if p.problem == "content" else "länken till föregående rad är bruten"
            messages.append(f"Händelse {p.event_id}: {what}")
        checks = list(anchor)
        stored = None if no_stored_anchor else anchors.latest_anchor()
        if stored:
            checks.append(stored.as_argument())
        if total == 0 and (stored or anchor):
            messages.append("Granskningsloggen är tom fast händelser har funnits: loggen har tömts")
        for item in checks:
            event_id, _, expected = item.partition(":")
            found = AuditEvent.objects.filter(id=int(event_id)).values_list("hash", flat=True).first()
            if found is None:
                messages.append(f"Händelse {event_id}: ankaret saknas, raden har tagits bort")
            elif found != expected:
                messages.append(f"Händelse {event_id}: ankarets hash stämmer inte, raden har skrivits om")
        if messages:
            for line in messages:
                self.stderr.write(line)
            raise CommandError(f"Granskningsloggen är inte intakt: {len(messages)} fel bland {total} händelser.")
        newest = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
        self.stdout.write(f"Granskningsloggen är intakt ({total} händelser).")
        if stored:
            self.stdout.write(f"Kontrollerad mot lagrat ankare {stored.event_id} ({stored.written_at}).")
        elif not no_stored_anchor:
            self.stdout.write(f"Inget lagrat ankare i {anchors.anchor_path()} ännu.")
        if newest:
            self.stdout.write(f"Ankare för nästa kontroll: {newest[0]}:{newest[1]}")
