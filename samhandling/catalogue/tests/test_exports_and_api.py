"""Exports (opened as files) and the public read-only API."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from samhandling.catalogue.models import Method

pytestmark = pytest.mark.django_db


def export(client, fmt, **params):
    response = client.get(reverse("catalogue:method_export", kwargs={"fmt": fmt}), params)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="insatskatalogen.{fmt}"'
    return response.content


def test_csv_export_opens_in_excel_with_swedish_letters(client):
    body = export(client, "csv")
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Identifierare", "Namn", "Förkortning"]
    assert len(rows) == Method.objects.count() + 1
    by_slug = {r[0]: r for r in rows[1:]}
    assert by_slug["oppen-forskola"][1] == "Öppen förskola"
    mst = dict(zip(rows[0], by_slug["mst"], strict=True))
    assert mst["Källa för åldrarna"] == "Programägaren (MST Services)"
    assert mst["Källa för kunskapsunderlaget"] == "001 §4.1.2"
    assert mst["Finns i"] == "I 8 stadsdelsområden, som underlagen inte namnger"


def test_xlsx_export_is_a_real_workbook_with_the_filtered_methods(client):
    body = export(client, "xlsx", evidence="national_guideline")
    sheet = load_workbook(io.BytesIO(body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Namn"
    slugs = {r[0] for r in rows[1:]}
    assert {"bsft", "mst", "fft", "mdft"} <= slugs
    assert slugs == set(Method.objects.filter(evidence="national_guideline").values_list("slug", flat=True))


def test_json_export_has_every_method_and_says_when_availability_is_not_known(client):
    data = json.loads(export(client, "json"))
    methods = {m["slug"]: m for m in data["methods"]}
    assert len(methods) == Method.objects.count()
    assert methods["mst"]["availability"]["known"] is False
    assert methods["mst"]["availability"]["districts"] == []
    assert methods["mst"]["availability"]["district_count"] == 8, "eight districts, not named"
    assert methods["mst"]["fact_sources"]["ages"] == "Programägaren (MST Services)"
    assert methods["hembesoksprogram"]["availability"] == {
        "known": False,
        "districts": ["rinkeby-kista"],
        "note": Method.objects.get(slug="hembesoksprogram").availability_note,
        "district_count": None,
    }
    assert "BFST" in methods["bsft"]["aliases"]


def test_an_unknown_export_format_answers_404(client):
    assert client.get(reverse("catalogue:method_export", kwargs={"fmt": "pdf"})).status_code == 404


def test_the_api_is_public_and_filterable_with_the_page_parameters(client):
    response = client.get("/api/v1/methods/", {"q": "bfst"})
    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == "bsft"
    everything = client.get("/api/v1/methods/", {"limit": 500}).json()
    assert everything["count"] == Method.objects.count()
    filtered = client.get("/api/v1/methods/", {"age": 13, "district": "hagersten-alvsjo"}).json()
    assert 0 < filtered["count"] < everything["count"]
    for m in filtered["results"]:
        assert "hagersten-alvsjo" in m["availability"]["districts"]


def test_the_api_rejects_bad_filters_with_an_explanation(client):
    response = client.get("/api/v1/methods/", {"age": "tretton"})
    assert response.status_code == 400
    assert "age" in response.json()["errors"]


def test_the_api_serves_one_method_and_the_factors(client):
    method = client.get("/api/v1/methods/savry/").json()
    assert method["licensed_instrument"] is True
    assert method["instrument_users"]
    assert client.get("/api/v1/methods/finns-inte/").status_code == 404
    factors = client.get("/api/v1/factors/").json()
    assert {"risk-school-failure", "risk-family-conflict"} <= {f["code"] for f in factors}


@pytest.mark.parametrize("verb", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only_even_for_catalogue_editors(client_for, catalogue_editor, verb):
    client = client_for(catalogue_editor)
    for url in ["/api/v1/methods/", "/api/v1/methods/bsft/", "/api/v1/factors/"]:
        response = getattr(client, verb)(url, {"name": "x"}, content_type="application/json")
        assert response.status_code == 405
    assert Method.objects.get(slug="bsft").name != "x"
