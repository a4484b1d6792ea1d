"""Error pages: Swedish, with a reference number, never a stack trace."""

import logging
import re

import pytest

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r"Referensnummer: <strong>([0-9A-F]{10})</strong>")


def assert_safe_error_page(response, status, heading):
    html = response.content.decode()
    assert response.status_code == status
    assert '<html lang="sv">' in html
    assert heading in html
    assert REFERENCE.search(html), html
    for leak in ("Traceback", "RuntimeError", "Testfel", "File &quot;", 'File "', "django.core", "site-packages"):
        assert leak not in html
    return REFERENCE.search(html).group(1)


def test_403_page_is_swedish_with_a_reference(client_for, social_worker_hagersten):
    response = client_for(social_worker_hagersten).get("/granskning/")
    assert_safe_error_page(response, 403, "Du har inte behörighet till sidan")


def test_404_page_is_swedish_with_a_reference_for_anyone(client, client_for, social_worker_hagersten):
    assert_safe_error_page(client.get("/finns-inte/"), 404, "Sidan hittades inte")
    assert_safe_error_page(client_for(social_worker_hagersten).get("/finns-inte/"), 404, "Sidan hittades inte")


def test_every_error_gets_its_own_reference(client):
    first = REFERENCE.search(client.get("/finns-inte/").content.decode()).group(1)
    second = REFERENCE.search(client.get("/finns-inte/").content.decode()).group(1)
    assert first != second


@pytest.mark.urls("samhandling.core.tests.urls_raising")
def test_500_page_is_swedish_with_a_reference_and_no_stack_trace(client_for, social_worker_hagersten, caplog):
    client = client_for(social_worker_hagersten)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="samhandling.errors"):
        response = client.get("/testfel/?personnummer=19121212-1212")
    reference = assert_safe_error_page(response, 500, "Något gick fel")
    # The log carries the reference so support can find the error; not the query string.
    # One error line per failure, as the log collector gets it (JSON): the reference, the error's
    # class and frames, and not the exception's message (which here carries a personnummer).
    from samhandling.core.logging import JsonFormatter

    logged = [JsonFormatter().format(r) for r in caplog.records if r.name == "samhandling.errors"]
    assert len(logged) == 1 and reference in logged[0] and "RuntimeError" in logged[0], logged
    assert not any("19121212" in line for line in logged)


def test_error_pages_follow_the_chosen_language(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/konto/logga-in/"})
    html = client.get("/finns-inte/").content.decode()
    assert '<html lang="en">' in html
    assert "The page was not found" in html
    assert "Reference number:" in html
