from django.core.management.base import BaseCommand
from django.db import transaction

from samhandling.catalogue.loader import fact_counts, load_catalogue
from samhandling.catalogue.models import Factor, Method, PriorityArea, Strategy, SubArea
from samhandling.organisations.models import Committee, District


class Command(BaseCommand):
    help = "Create or update the strategy and method catalogue from catalogue/data/catalogue.json and method_facts.json (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = load_catalogue(Strategy, PriorityArea, SubArea, Factor, Method, District, Committee)
            counts.update(fact_counts(Method))
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
