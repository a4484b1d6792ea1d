"""The welfare API's permission matrix: the same visibility as the pages; procurement never sees people."""

import datetime

import pytest

from samhandling.audit.models import AuditEvent
from samhandling.organisations.models import Administration
from samhandling.organisations.tests import factories as f
from samhandling.welfare.models import Contract, Fact, Flag, FlagRule, IntegrityCheck, Person, Supplier
from samhandling.welfare.tests.conftest import ORG_A, ORG_B

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(controller, procurement_officer):
    hagersten = Administration.objects.get(name="Hägersten-Älvsjö stadsdelsförvaltning")
    rinkeby = Administration.objects.get(name="Rinkeby-Kista stadsdelsförvaltning")
    a = Supplier.objects.create(org_number=ORG_A, name="Omsorgen Exempel AB")
    b = Supplier.objects.create(org_number=ORG_B, name="Assistans Påhitt AB")
    p = Person.objects.create(name="Testa Testsson", name_key="testa testsson", birth_date=D(1970, 5, 5))
    Fact.objects.create(supplier=a, kind="beneficial_owner", person=p, valid_from=D(2024, 1, 1), source="Bolagsverket")
    Fact.objects.create(supplier=a, kind="f_tax", value="ja", valid_from=D(2024, 1, 1), source="Skatteverket")
    contract = Contract.objects.create(reference="AVT-1", supplier=a, starts_on=D(2025, 1, 1), administration=hagersten)
    contract.procurement_staff.add(procurement_officer)
    IntegrityCheck.objects.create(supplier=a, procurement="Hemtjänst", administration=hagersten, created_by=controller)
    IntegrityCheck.objects.create(supplier=b, procurement="Assistans", administration=rinkeby, created_by=controller)
    Flag.objects.create(
        rule=FlagRule.objects.get(code="account-changed"),
        supplier=a,
        key="k",
        explanation="Kontot byttes.",
        found_on=D(2025, 5, 1),
    )
    return {"a": a, "b": b}


def names(response) -> list[str]:
    return sorted(row.get("name") or row.get("procurement") or row.get("rule") for row in response.json()["results"])


def test_a_controller_reads_suppliers_with_people_checks_and_flags(client_for, controller, world):
    client = client_for(controller)
    assert names(client.get("/api/v1/welfare/suppliers/")) == ["Assistans Påhitt AB", "Omsorgen Exempel AB"]
    detail = client.get(f"/api/v1/welfare/suppliers/{world['a'].pk}/").json()
    assert detail["org_number"] == "559200-0011"
    assert "Testa Testsson" in [fact["person"] for fact in detail["facts"]]
    assert names(client.get("/api/v1/welfare/checks/")) == ["Assistans", "Hemtjänst"]
    flags = client.get("/api/v1/welfare/flags/?beslut=ingen").json()["results"]
    assert [fl["rule"] for fl in flags] == ["account-changed"]
    assert client.get("/api/v1/welfare/flags/?beslut=police").json()["results"] == []
    assert AuditEvent.objects.filter(actor=controller, verb="welfare.api.flags").exists()
    assert AuditEvent.objects.filter(actor=controller, verb="welfare.supplier.read").exists()


def test_a_procurement_officer_sees_only_own_suppliers_and_never_people_or_flags(
    client_for, procurement_officer, world
):
    client = client_for(procurement_officer)
    assert names(client.get("/api/v1/welfare/suppliers/")) == ["Omsorgen Exempel AB"]
    detail = client.get(f"/api/v1/welfare/suppliers/{world['a'].pk}/")
    assert detail.status_code == 200
    facts = detail.json()["facts"]
    assert [fact["kind"] for fact in facts] == ["f_tax"]
    assert "Testa" not in detail.content.decode()
    assert client.get(f"/api/v1/welfare/suppliers/{world['b'].pk}/").status_code == 404
    assert names(client.get("/api/v1/welfare/checks/")) == ["Hemtjänst"]
    assert client.get("/api/v1/welfare/flags/").status_code == 403


def test_contract_follow_up_reads_its_administrations_check_results_only(client_for, follow_up_hagersten, world):
    client = client_for(follow_up_hagersten)
    assert names(client.get("/api/v1/welfare/checks/")) == ["Hemtjänst"]
    assert client.get("/api/v1/welfare/suppliers/").status_code == 403
    assert client.get(f"/api/v1/welfare/suppliers/{world['a'].pk}/").status_code == 403
    assert client.get("/api/v1/welfare/flags/").status_code == 403


@pytest.mark.parametrize("url", ["suppliers/", "suppliers/{a}/", "checks/", "flags/"])
def test_others_get_403_and_anonymous_is_refused(client, client_for, world, url):
    url = "/api/v1/welfare/" + url.format(a=world["a"].pk)
    outsider = f.social_worker("Rinkeby-Kista")
    assert client_for(outsider).get(url).status_code == 403
    assert client.get(url).status_code in {401, 403}
