from django.core.management.base import BaseCommand

from samhandling.audit import anchors


class Command(BaseCommand):
    help = "Write an audit anchor now (the worker does this every AUDIT_ANCHOR_SECONDS)."

    def handle(self, *args, **options):
        anchor = anchors.write_anchor()
        if anchor is None:
            self.stdout.write("Inget nytt ankare: inga nya händelser sedan det senaste.")
        else:
            self.stdout.write(f"Ankare {anchor.as_argument()} skrivet till {anchors.anchor_path()}.")
