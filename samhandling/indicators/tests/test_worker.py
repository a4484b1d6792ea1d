"""The upload page queues the import; the real db_worker runs it through the database backend."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from samhandling.indicators.models import ImportBatch, Value
from samhandling.indicators.tests.conftest import csv_file


@pytest.mark.django_db(transaction=True)
def test_an_uploaded_file_is_imported_by_the_worker_with_progress(client_for, city_analyst, rate_indicator):
    client = client_for(city_analyst)
    content = csv_file("behorighet;Bromma;2023;totalt;90,5;;;", "behorighet;Farsta;2023;totalt;80;;;")
    response = client.post("/indikatorer/import/", {"file": SimpleUploadedFile("varden.csv", content)})
    assert response.status_code == 302
    # A double click sends the same file again: still one import.
    client.post("/indikatorer/import/", {"file": SimpleUploadedFile("varden.csv", content)})
    batch = ImportBatch.objects.get()
    status = client.get(f"/indikatorer/import/{batch.pk}/status/").content.decode()
    assert "I kö" in status and 'hx-trigger="every 1s"' in status

    call_command("db_worker", batch=True, startup_delay=False, interval=0)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.content is None
    assert Value.objects.count() == 2
    page = client.get(f"/indikatorer/import/{batch.pk}/").content.decode()
    assert "2 nya värden, 0 rättade värden, 0 oförändrade." in page
    assert "hx-trigger" not in page and 'value="100"' in page


@pytest.mark.django_db(transaction=True)
def test_a_bad_upload_shows_every_error_with_its_row(client_for, city_analyst, rate_indicator):
    client = client_for(city_analyst)
    content = csv_file("behorighet;Atlantis;2023;totalt;90;;;", "behorighet;Bromma;2023;totalt;;60;50;")
    client.post("/indikatorer/import/", {"file": SimpleUploadedFile("fel.csv", content)})
    call_command("db_worker", batch=True, startup_delay=False, interval=0)
    batch = ImportBatch.objects.get()
    page = client.get(f"/indikatorer/import/{batch.pk}/").content.decode()
    assert "Filen har 2 fel. Ingenting sparades" in page
    assert "Rad 2: okänd stadsdel eller okänt stadsdelsområde ”Atlantis”." in page
    assert "Rad 3: täljaren (60) är större än nämnaren (50)." in page
    assert not Value.objects.exists()
