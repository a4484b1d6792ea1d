"""Hostile input through every create form and every API: a Swedish error, no new rows, never a 500.

The create forms come from tests/test_idempotent_creates.py (the same valid data); here each
free-text field in turn gets a flood of text, identity numbers get other scripts' digits and
invisible characters, and every API endpoint gets hostile query strings.
"""

import re

import pytest
from django.test import Client

from samhandling.organisations.tests import factories as f

from .test_idempotent_creates import CREATES, _client

pytestmark = pytest.mark.django_db

FLOOD = "Å" * 100_001
IDENTITY_PAYLOADS = {
    "\u0662\u0660\u0661\u0662\u0660\u0663\u0661\u0664-\u0669\u0668\u0662\u0666": "siffrorna 0–9",  # Arabic-Indic
    "\uff12\uff10\uff11\uff12\uff10\uff13\uff11\uff14-\uff19\uff18\uff12\uff16": "siffrorna 0–9",  # full-width
    "20120314\u200b-9826": "osynliga tecken",  # zero-width space
    "\u202e20120314-9826": "osynliga tecken",  # right-to-left override
}


def _free_text_fields(data: dict) -> list[str]:
    """Fields the user types prose into (the fixtures' prose values have spaces)."""
    return [k for k, v in data.items() if isinstance(v, str) and " " in v and not re.fullmatch(r"[\d\-: ]+", v)]


# Forms without a free-text field (choices, dates and numbers only) are left out.
TEXT_CREATES = [
    b
    for b in CREATES
    if b.__name__
    not in {"reporter_feedback", "instrument_use", "round_create", "membership_give", "defector_needs_investigation"}
]


@pytest.mark.parametrize("build", TEXT_CREATES, ids=[b.__name__ for b in TEXT_CREATES])
def test_a_flood_in_any_text_field_is_refused_in_swedish_and_saves_nothing(build):
    create = build()
    client = _client(create.user)
    fields = _free_text_fields(create.data)
    assert fields, "the form's test data has no free-text field"
    for name in fields:
        before = create.model.objects.count()
        response = client.post(create.url, {**create.data, name: FLOOD})
        assert response.status_code == 200, (name, response.status_code)
        assert "tecken" in response.text and "som mest" in response.text, name
        assert create.model.objects.count() == before, name


@pytest.mark.parametrize("payload", list(IDENTITY_PAYLOADS))
def test_identity_numbers_in_other_digits_or_with_invisible_characters_are_refused(payload):
    from samhandling.cases.models import ConcernReport, Person
    from samhandling.organisations.models import District

    f.social_worker()
    data = {
        "submission_token": "6f1d3f0e-8c1a-4b8e-9a51-0b7a7f3c2d11",
        "reporter_kind": "public",
        "anonymous": "on",
        "child_personal_number": payload,
        "district": District.objects.get(name="Hägersten-Älvsjö").pk,
        "description": "Oro för barnet.",
    }
    response = Client().post("/arenden/anmalan/", data)
    assert response.status_code == 200 and IDENTITY_PAYLOADS[payload] in response.text
    assert not ConcernReport.objects.exists() and not Person.objects.exists()


API_PATHS = [
    "/api/v1/me/",
    "/api/v1/methods/",
    "/api/v1/factors/",
    "/api/v1/indikatorer/",
    "/api/v1/oppna-data/indikatorer/",
    "/api/v1/oppna-data/indikatorvarden/",
    "/api/v1/oppna-data/indikatorvarden.csv",
    "/api/v1/plans/",
    "/api/v1/cases/mine/",
]
QUERIES = [
    "limit=-1&offset=-5",
    "limit=99999999999999999999",
    "q=%E2%80%AE%E2%80%8Bx&indikator=%00",
    "q=" + "a" * 5000,
    "omrade=%27%3B+DROP+TABLE+x%3B--&period=%3D1%2B1",
]


@pytest.mark.parametrize("path", API_PATHS)
def test_no_api_endpoint_answers_hostile_query_strings_with_a_500(path, client_for):
    client = client_for(f.social_worker())
    for query in QUERIES:
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (path, query)
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(path, data={"name": FLOOD}, content_type="application/json")
        assert response.status_code in (403, 405), (path, method, response.status_code)
