"""Write the serious violent events as the indicator series (per district and year); rerunning changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from samhandling.places.services.event_indicator import event_indicator_update


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, action="append", help="A year to count (repeatable); default all.")

    def handle(self, *args: Any, **options: Any) -> None:
        created, corrected, unchanged = event_indicator_update(actor=None, years=options["year"])
        self.stdout.write(f"{created} nya, {corrected} rättade, {unchanged} oförändrade värden.")
