from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from samhandling.indicators.importing import FileProblem
from samhandling.indicators.models import ImportBatch
from samhandling.indicators.services import import_batch_create, import_batch_run


class Command(BaseCommand):
    help = "Importera indikatorvärden från en CSV- eller Excelfil (allt eller inget)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- eller xlsx-fil")
        parser.add_argument("--user", help="Användarnamn som importen registreras på i granskningsloggen.")

    def handle(self, *args, file, user=None, **options):
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
            # The import runs here and now: the file need not be stored for a worker.
            batch = import_batch_create(
                actor=actor, file_name=path.name, content=content, enqueue=False, store_content=False
            )
        except FileProblem as exc:
            raise CommandError(str(exc)) from exc
        batch = import_batch_run(batch=batch, actor=actor, content=content)
        if batch.status != ImportBatch.Status.DONE:
            for error in batch.errors:
                self.stderr.write(error["message"])
            raise CommandError(f"Importen avvisades: {len(batch.errors)} fel, ingenting sparades.")
        self.stdout.write(
            f"Importerat {batch.file_name}: {batch.created_count} nya, {batch.updated_count} rättade, "
            f"{batch.unchanged_count} oförändrade värden."
        )
