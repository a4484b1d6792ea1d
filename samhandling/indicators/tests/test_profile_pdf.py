"""A district profile with many indicators is made as PDF by the worker; a small one at once."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from samhandling.audit.models import AuditEvent
from samhandling.indicators import exports
from samhandling.indicators.models import Indicator, Level, ProfileExport, Value
from samhandling.organisations.models import District


def make_indicators(count: int) -> list[Indicator]:
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"ind-{n:03d}",
                name=f"Testindikator nummer {n:03d}",
                kind=Indicator.Kind.RATE,
                unit="%",
                source="Testkälla",
                direction=Indicator.Direction.HIGHER,
            )
            for n in range(count)
        ]
    )
    bromma = District.objects.get(code="bromma")
    Value.objects.bulk_create(
        [
            Value(indicator=i, level=level, district=bromma if level == Level.DISTRICT else None, period=year,
                  value=Decimal(40 + n % 20) + (year == "2024"))
            for n, i in enumerate(indicators)
            for year in ("2023", "2024")
            for level in (Level.DISTRICT, Level.CITY)
        ]
    )  # fmt: skip
    return indicators


@pytest.mark.django_db(transaction=True)
def test_a_large_profile_pdf_is_made_by_the_worker_and_offered_when_ready(client_for, district_planner):
    make_indicators(exports.PDF_IN_BACKGROUND_OVER + 1)
    client = client_for(district_planner)
    response = client.get("/indikatorer/stadsdel/bromma/ladda-ner.pdf")
    assert response.status_code == 302
    # A double click (or a reload) while it is queued gives the same job.
    again = client.get("/indikatorer/stadsdel/bromma/ladda-ner.pdf")
    assert again["Location"] == response["Location"]
    job = ProfileExport.objects.get()
    assert response["Location"] == f"/indikatorer/stadsdel/pdf/{job.pk}/"

    page = client.get(response["Location"]).content.decode()
    assert "PDF:en görs i bakgrunden" in page and "I kö" in page
    status = client.get(f"/indikatorer/stadsdel/pdf/{job.pk}/status/").content.decode()
    assert 'hx-trigger="every 2s"' in status
    assert client.get(f"/indikatorer/stadsdel/pdf/{job.pk}/fil/").status_code == 404  # not ready yet
    profile = client.get("/indikatorer/stadsdel/bromma/").content.decode()
    assert "Dina PDF:er av den här profilen" in profile and f'href="/indikatorer/stadsdel/pdf/{job.pk}/"' in profile

    call_command("db_worker", batch=True, startup_delay=False, interval=0)

    job.refresh_from_db()
    assert job.status == ProfileExport.Status.DONE and job.indicator_count == 51
    status = client.get(f"/indikatorer/stadsdel/pdf/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in status and "Ladda ner PDF:en" in status and "51 indikatorer" in status
    download = client.get(f"/indikatorer/stadsdel/pdf/{job.pk}/fil/")
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="stadsdelsprofil-bromma.pdf"' in download["Content-Disposition"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.content)).pages)
    assert "Stadsdelsprofil: Bromma" in text
    assert "Testindikator nummer 000" in text and "Testindikator nummer 050" in text
    verbs = set(AuditEvent.objects.filter(target_id=str(job.pk)).values_list("verb", flat=True))
    assert {"indicators.profile_pdf_requested", "indicators.profile_pdf_created"} <= verbs


@pytest.mark.django_db
def test_a_small_profile_pdf_is_made_at_once(client_for, district_planner):
    make_indicators(3)
    response = client_for(district_planner).get("/indikatorer/stadsdel/bromma/ladda-ner.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not ProfileExport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "status/", "fil/"])
def test_only_the_requester_sees_a_background_pdf(client_for, district_planner, city_analyst, outsider, suffix):
    make_indicators(exports.PDF_IN_BACKGROUND_OVER + 1)
    client_for(district_planner).get("/indikatorer/stadsdel/bromma/ladda-ner.pdf")
    job = ProfileExport.objects.get()
    url = f"/indikatorer/stadsdel/pdf/{job.pk}/{suffix}"
    expected = 404 if suffix == "fil/" else 200  # the file only once it is ready
    assert client_for(district_planner).get(url).status_code == expected
    assert client_for(city_analyst).get(url).status_code == 404  # another user's request stays unknown
    assert client_for(outsider).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # anonymous: to the login page
    assert client_for(district_planner).get(f"/indikatorer/stadsdel/pdf/{job.pk + 1}/{suffix}").status_code == 404
