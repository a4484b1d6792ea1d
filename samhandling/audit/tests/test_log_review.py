"""The log-review page and its CSV export: filters, Swedish dates, roles, and the reviewer's own trail."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from samhandling.audit import services
from samhandling.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/granskning/"
EXPORT = "/granskning/export.csv"


@pytest.fixture
def events(social_worker_hagersten, social_worker_rinkeby):
    services.record(actor=social_worker_hagersten, verb="case.view", target=("cases.case", "11"), purpose="utredning")
    services.record(actor=social_worker_hagersten, verb="case.update", target=("cases.case", "11"), purpose="utredning")
    services.record(actor=social_worker_rinkeby, verb="case.view", target=("cases.case", "22"), purpose="utredning")
    services.record(actor=social_worker_rinkeby, verb="plan.view", target=("plans.plan", "5"), purpose="planering")


def rows(response):
    """The (user, action, record) cells of the result table."""
    import re

    html = response.content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        if len(cells) == 5:
            out.append((cells[1], cells[2], cells[3]))
    return out


def data_rows(client, path, **params):
    return [r for r in rows(client.get(path, params)) if not r[1].startswith("audit.")]


def test_the_log_reviewer_sees_every_event_newest_first(client_for, log_reviewer, events):
    client = client_for(log_reviewer)
    response = client.get(PAGE)
    assert response.status_code == 200
    found = data_rows(client, PAGE)
    assert found[:4] == [
        ("socsek-rinkeby-kista", "plan.view", "plans.plan #5"),
        ("socsek-rinkeby-kista", "case.view", "cases.case #22"),
        ("socsek-hägersten-älvsjö", "case.update", "cases.case #11"),
        ("socsek-hägersten-älvsjö", "case.view", "cases.case #11"),
    ]


def test_filter_by_user(client_for, log_reviewer, events):
    found = data_rows(client_for(log_reviewer), PAGE, user="socsek-rinkeby-kista")
    assert {r[0] for r in found} == {"socsek-rinkeby-kista"}
    assert len(found) == 2


def test_filter_by_record(client_for, log_reviewer, events):
    found = data_rows(client_for(log_reviewer), PAGE, target_type="cases.case", target_id="11")
    assert found == [
        ("socsek-hägersten-älvsjö", "case.update", "cases.case #11"),
        ("socsek-hägersten-älvsjö", "case.view", "cases.case #11"),
    ]


def test_filter_by_action(client_for, log_reviewer, events):
    found = data_rows(client_for(log_reviewer), PAGE, verb="case.view")
    assert [r[2] for r in found] == ["cases.case #22", "cases.case #11"]


def test_filter_by_period(client_for, log_reviewer, events):
    client = client_for(log_reviewer)
    today = timezone.localdate()
    assert len(data_rows(client, PAGE, date_from=today.isoformat(), date_to=today.isoformat())) >= 4
    assert data_rows(client, PAGE, date_from=(today + timedelta(days=1)).isoformat()) == []
    assert data_rows(client, PAGE, date_to=(today - timedelta(days=1)).isoformat()) == []


def test_a_period_that_ends_before_it_starts_is_explained_next_to_the_field(client_for, log_reviewer, events):
    response = client_for(log_reviewer).get(PAGE, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    html = response.content.decode()
    assert "Slutdatumet får inte vara före startdatumet." in html
    assert 'id="id_date_to_error"' in html
    assert 'value="2026-05-02"' in html  # nothing typed is lost


def test_dates_are_shown_the_swedish_way(client_for, log_reviewer, events):
    response = client_for(log_reviewer).get(PAGE)
    event = AuditEvent.objects.order_by("-id").first()
    local = timezone.localtime(event.created_at)
    assert local.strftime("%Y-%m-%d %H:%M") in response.content.decode()


def test_the_csv_export_holds_the_filtered_events(client_for, log_reviewer, events):
    response = client_for(log_reviewer).get(EXPORT, {"user": "socsek-hägersten-älvsjö"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="granskningslogg.csv"' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert table[0] == ["id", "tid", "användare", "åtgärd", "posttyp", "post-id", "syfte", "detaljer", "hash"]
    assert [(r[2], r[3], r[4], r[5]) for r in table[1:]] == [
        ("socsek-hägersten-älvsjö", "case.update", "cases.case", "11"),
        ("socsek-hägersten-älvsjö", "case.view", "cases.case", "11"),
    ]


def test_the_reviewers_own_searches_and_exports_are_audited(client_for, log_reviewer, events):
    client = client_for(log_reviewer)
    client.get(PAGE, {"verb": "case.view", "user": "socsek-rinkeby-kista"})
    b"".join(client.get(EXPORT, {"verb": "case.view"}).streaming_content)
    search = AuditEvent.objects.filter(verb="audit.search", actor_username="granskare").latest("id")
    assert search.details == {"filters": {"verb": "case.view", "user": "socsek-rinkeby-kista"}}
    assert search.purpose == "log review"
    export = AuditEvent.objects.filter(verb="audit.export", actor_username="granskare").latest("id")
    assert export.details == {"filters": {"verb": "case.view"}}


@pytest.mark.parametrize(
    "persona",
    [
        "system_admin",
        "city_analyst",
        "district_planner",
        "unit_manager_hagersten",
        "social_worker_hagersten",
        "field_worker",
        "school_reporter",
        "police_liaison",
        "catalogue_editor",
        "outsider",
    ],
)
@pytest.mark.parametrize("path", [PAGE, EXPORT])
def test_every_other_role_is_refused_with_403(client_for, request, persona, path, events):
    response = client_for(request.getfixturevalue(persona)).get(path)
    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in response.content.decode()
    assert "granskningslogg" not in response.get("Content-Disposition", "")


def test_anonymous_users_are_sent_to_login(client):
    for path in (PAGE, EXPORT):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logga-in/")
