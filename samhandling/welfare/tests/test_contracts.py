"""The contract form: idempotent create on the reference, version-checked edit, procurement staff named, access."""

import datetime

import pytest

from samhandling.audit.models import AuditEvent
from samhandling.organisations.models import Administration
from samhandling.organisations.tests import factories as f
from samhandling.welfare.models import Contract, Supplier
from samhandling.welfare.tests.conftest import ORG_A, ORG_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def a(db):
    return Supplier.objects.create(org_number=ORG_A, name="Omsorgen Exempel AB")


def form_data(procurement_officer, **extra):
    admin = Administration.objects.get(name="Hägersten-Älvsjö stadsdelsförvaltning")
    return {
        "reference": "AVT-2026-7",
        "service": "home_care",
        "administration": admin.pk,
        "starts_on": "2026-02-01",
        "monthly_volume": "1200,5",
        "procurement_staff": [procurement_officer.pk],
    } | extra


def test_a_controller_adds_a_contract_once_and_the_named_officer_then_sees_the_supplier(
    client_for, controller, procurement_officer, a
):
    # (client_for logs the one test client in as the user given.)
    assert client_for(procurement_officer).get(f"/valfard/leverantorer/{a.pk}/").status_code == 404
    client = client_for(controller)
    url = f"/valfard/leverantorer/{a.pk}/avtal/nytt/"
    assert client.get(url).status_code == 200
    for _ in range(2):  # a double click is one contract
        response = client.post(url, form_data(procurement_officer))
        assert response.status_code == 302, response.context["form"].errors
    contract = Contract.objects.get()
    assert (contract.reference, contract.supplier, contract.starts_on) == ("AVT-2026-7", a, datetime.date(2026, 2, 1))
    assert str(contract.monthly_volume) == "1200.50"
    assert list(contract.procurement_staff.all()) == [procurement_officer]
    assert AuditEvent.objects.filter(verb="welfare.contract.create", target_id=str(contract.pk)).count() == 1
    assert "AVT-2026-7" in client.get(f"/valfard/leverantorer/{a.pk}/").content.decode()
    assert client_for(procurement_officer).get(f"/valfard/leverantorer/{a.pk}/").status_code == 200


def test_a_reference_of_another_supplier_is_refused_in_swedish(client_for, controller, procurement_officer, a):
    b = Supplier.objects.create(org_number=ORG_B, name="Assistans Påhitt AB")
    Contract.objects.create(reference="AVT-2026-7", supplier=b, starts_on=datetime.date(2026, 1, 1))
    response = client_for(controller).post(f"/valfard/leverantorer/{a.pk}/avtal/nytt/", form_data(procurement_officer))
    assert response.status_code == 200
    assert "Avtalsnumret hör till en annan leverantör" in response.content.decode()
    assert Contract.objects.filter(supplier=a).count() == 0


def test_an_edit_on_a_stale_version_is_a_conflict_and_saves_nothing(client_for, controller, procurement_officer, a):
    contract = Contract.objects.create(reference="AVT-2026-7", supplier=a, starts_on=datetime.date(2026, 1, 1))
    client = client_for(controller)
    url = f"/valfard/avtal/{contract.pk}/andra/"
    assert client.get(url).status_code == 200
    data = form_data(procurement_officer, service="assistance", version=1)
    assert client.post(url, data).status_code == 302
    contract.refresh_from_db()
    assert (contract.service, contract.version) == ("assistance", 2)
    assert list(contract.procurement_staff.all()) == [procurement_officer]
    stale = client.post(url, form_data(procurement_officer, service="school", version=1))
    assert stale.status_code == 409
    assert "Någon annan ändrade avtalet" in stale.content.decode()
    contract.refresh_from_db()
    assert contract.service == "assistance"


def test_only_controllers_add_or_change_contracts(client_for, procurement_officer, follow_up_hagersten, controller, a):
    contract = Contract.objects.create(reference="AVT-1", supplier=a, starts_on=datetime.date(2026, 1, 1))
    contract.procurement_staff.add(procurement_officer)
    for user in (procurement_officer, follow_up_hagersten, f.social_worker("Rinkeby-Kista")):
        client = client_for(user)
        assert client.get(f"/valfard/leverantorer/{a.pk}/avtal/nytt/").status_code == 403
        assert client.post(f"/valfard/avtal/{contract.pk}/andra/", {"version": 1}).status_code == 403
    assert client_for(controller).get("/valfard/avtal/999999/andra/").status_code == 404
    assert client_for(controller).get(f"/valfard/avtal/{contract.pk}/andra/").status_code == 200
