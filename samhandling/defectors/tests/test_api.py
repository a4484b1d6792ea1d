"""The read-only defector API: the permission matrix, masking and auditing."""

import pytest

from samhandling.audit.models import AuditEvent
from samhandling.defectors.tests import helpers as h
from samhandling.organisations.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    return h.interest(hours_ago=3, personal_number="20080101-0018")


def test_the_holding_team_reads_its_cases_masked_and_audited(client_for, case):
    for user in (h.team_member(), h.team_manager()):
        client = client_for(user)
        rows = client.get("/api/v1/defectors/")
        assert rows.status_code == 200
        assert [r["reference"] for r in rows.json()] == [case.reference]
        detail = client.get(f"/api/v1/defectors/{case.pk}/")
        assert detail.status_code == 200
        body = detail.json()
        assert body["reference"] == case.reference and body["first_contact_made"] is False
        assert body["support_items"] == []
        text = rows.text + detail.text
        assert "Testavhoppare" not in text and "Hemlig" not in text and "20080101" not in text
    assert AuditEvent.objects.filter(verb="defectors.case.list").count() == 2
    assert AuditEvent.objects.filter(verb="defectors.case.view", target_id=str(case.pk)).count() == 2


@pytest.mark.parametrize(
    "who",
    ["other_sig", "field_worker", "social_worker", "police", "log_reviewer", "outsider"],
)
def test_everyone_outside_the_holding_team_gets_403_on_the_list_and_404_on_the_case(client_for, case, who):
    user = {
        "other_sig": lambda: h.sig_member("Rinkeby-Kista"),
        # The field worker registered the interest: the receipt page, not the API, is theirs.
        "field_worker": lambda: case.received_by,
        "social_worker": lambda: f.social_worker("Hägersten-Älvsjö"),
        "police": lambda: f.police_liaison(),
        "log_reviewer": lambda: f.log_reviewer(),
        "outsider": lambda: f.outsider(),
    }[who]()
    client = client_for(user)
    if who == "other_sig":  # a team, but not this case's: an empty list
        assert client.get("/api/v1/defectors/").json() == []
    else:
        assert client.get("/api/v1/defectors/").status_code == 403
    assert client.get(f"/api/v1/defectors/{case.pk}/").status_code == 404


def test_anonymous_callers_are_refused(client, case):
    assert client.get("/api/v1/defectors/").status_code in (401, 403)
    assert client.get(f"/api/v1/defectors/{case.pk}/").status_code in (401, 403)
