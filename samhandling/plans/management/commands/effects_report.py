from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samhandling.audit.services import record
from samhandling.plans import exports


class Command(BaseCommand):
    help = "Write the effects report for a year as Word, PDF or the Excel annex (same content as the web export)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=sorted(exports.FORMATS), required=True, dest="fmt")
        parser.add_argument("--output", required=True)

    def handle(self, *args, year, fmt, output, **options):
        build, _content_type = exports.FORMATS[fmt]
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_bytes(build(year))
        record(actor=None, verb="plans.report_export", purpose="effects report", year=year, format=fmt, via="command")
        self.stdout.write(f"Wrote {path} ({path.stat().st_size} bytes)")
