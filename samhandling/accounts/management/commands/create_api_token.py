from django.core.management.base import BaseCommand, CommandError

from samhandling.accounts import services
from samhandling.accounts.models import User


class Command(BaseCommand):
    help = "Issue an API token for a user (replaces the user's old token). The key is printed once; audited."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--purpose", default="API access", help="Why the token is issued (kept in the audit log).")

    def handle(self, *args, username, purpose, **options):
        user = User.objects.filter(username=username).first()
        if user is None or not user.is_active:
            raise CommandError(f"Det finns ingen aktiv användare som heter {username}.")
        key = services.api_token_create(actor=None, user=user, purpose=purpose)
        self.stdout.write(f"API-nyckel för {username} (visas bara nu): {key}")
        self.stdout.write("Skicka den i huvudet  Authorization: Token <nyckel>")
