from django.core.management.base import BaseCommand

from samhandling.cases.models import RetentionException
from samhandling.cases.retention import retention_people, retention_plan, retention_run


class Command(BaseCommand):
    help = "Retention (gallring) of case files by the retention rules: --dry-run lists, --run deletes."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--dry-run", action="store_true", help="List what would be deleted.")
        group.add_argument("--run", action="store_true", help="Delete it.")

    def handle(self, *args, **options):
        if options["dry_run"]:
            candidates, kept = retention_plan()
            for c in candidates:
                self.stdout.write(
                    f"case {c.case_id}\t{c.record_class}\tcounted from {c.counted_from}\trule {c.rule_id}"
                )
            people = retention_people([c.case_id for c in candidates])
            for person_id in people.persons:
                self.stdout.write(f"person {person_id}\tno other case")
            for person_id in people.guardians:
                self.stdout.write(f"guardian {person_id}\tno other reason to be in the register")
            exceptions = RetentionException.objects.in_bulk({k.exception_id for k in kept})
            for k in kept:
                exception = exceptions[k.exception_id]
                self.stdout.write(
                    f"case {k.case_id}\tkept by exception {k.exception_id}\t{exception.kind}\t{exception.legal_reference}"
                )
            self.stdout.write(f"{len(candidates)} case(s) would be deleted.")
            self.stdout.write(
                f"{len(people.persons)} person(s) and {len(people.guardians)} guardian(s) would be deleted."
            )
            self.stdout.write(f"{len(kept)} case(s) past their time are kept by an exception.")
        else:
            counts = retention_run()
            self.stdout.write(f"Deleted: {counts}")
