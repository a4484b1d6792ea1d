from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from samhandling.welfare.importing.reading import FileProblem
from samhandling.welfare.models import ImportBatch
from samhandling.welfare.services import import_batch_create, import_batch_run


class Command(BaseCommand):
    help = "Importera leverantörsuppgifter (facts), FollowTheMoney-JSON (ftm) eller betalningar (payments); allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[k.value for k in ImportBatch.Kind])
        parser.add_argument("file")
        parser.add_argument("--user", help="Användarnamn som importen registreras på i granskningsloggen.")

    def handle(self, *args, kind, file, user=None, **options):
        translation.activate("sv")  # the row errors in Swedish, as on the page
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen finns inte: {file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"Okänd användare: {user}")
        content = path.read_bytes()
        try:
            batch = import_batch_create(
                actor=actor, kind=kind, file_name=path.name, content=content, enqueue=False, store_content=False
            )
        except FileProblem as exc:
            raise CommandError(str(exc)) from exc
        batch = import_batch_run(batch=batch, actor=actor, content=content)
        if batch.status != ImportBatch.Status.DONE:
            for error in batch.errors[:50]:
                self.stderr.write(error["message"])
            raise CommandError(f"Importen avvisades: {len(batch.errors)} fel, ingenting sparades.")
        self.stdout.write(
            f"Importerat {batch.file_name}: {batch.created_count} nya, {batch.unchanged_count} redan kända."
        )
