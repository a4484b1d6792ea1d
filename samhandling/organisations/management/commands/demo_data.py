import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from samhandling.organisations.demo import (
    DEMO_PASSWORD,
    PERSONAS,
    TOTP_USERS,
    load_demo_organisations,
    totp_secret_base32,
)

# Each app that has demo content offers demo.load(stdout); they run in this order.
APP_DEMO_MODULES = [
    "samhandling.catalogue.demo",
    "samhandling.indicators.demo",
    "samhandling.plans.demo",
    "samhandling.cases.demo",
    "samhandling.collaboration.demo",
    "samhandling.places.demo",
    "samhandling.welfare.demo",
    "samhandling.results.demo",
    "samhandling.defectors.demo",
]


class Command(BaseCommand):
    help = "Load the fictitious demo data (idempotent). Refuses to run with production settings."

    def add_arguments(self, parser):
        parser.add_argument("--logins-only", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, logins_only=False, **options):
        if not settings.DEMO_MODE or not getattr(settings, "DEMO_DATA_ALLOWED", settings.DEMO_MODE):
            raise CommandError("Demodata får inte laddas med produktionsinställningar (DEMO_MODE är av).")
        if not logins_only:
            load_demo_organisations()
            for module_name in APP_DEMO_MODULES:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                module.load(self.stdout)
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"Demoinloggningar (alla med lösenordet {DEMO_PASSWORD}):")
        for username, _first, _last, role, _where in PERSONAS:
            line = f"  {username:<22} {role.label}"
            if username in TOTP_USERS:
                device = TOTPDevice.objects.filter(user__username=username, name="demo").first()
                if device:
                    line += f"  (TOTP-hemlighet: {totp_secret_base32(device)})"
            self.stdout.write(line)
