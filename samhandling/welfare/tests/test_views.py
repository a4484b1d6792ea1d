"""The permission matrix of every welfare page, and the pages' writes (idempotent, version-checked, audited)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from samhandling.audit.models import AuditEvent
from samhandling.organisations.models import Administration
from samhandling.organisations.tests import factories as f
from samhandling.welfare.models import (
    Contract,
    Fact,
    Flag,
    FlagRule,
    ImportBatch,
    IntegrityCheck,
    Person,
    PersonMatch,
    Supplier,
)
from samhandling.welfare.tests.conftest import FACT_HEADER, ORG_A, ORG_B, csv_bytes

D = datetime.date


@pytest.fixture
def world(controller, procurement_officer):
    hagersten = Administration.objects.get(name="Hägersten-Älvsjö stadsdelsförvaltning")
    rinkeby = Administration.objects.get(name="Rinkeby-Kista stadsdelsförvaltning")
    a = Supplier.objects.create(org_number=ORG_A, name="Omsorgen Exempel AB")
    b = Supplier.objects.create(org_number=ORG_B, name="Assistans Påhitt AB")
    p = Person.objects.create(name="Testa Testsson", name_key="testa testsson", birth_date=D(1970, 5, 5))
    q = Person.objects.create(name="Testa Testson", name_key="testa testson", birth_date=D(1970, 5, 5))
    Fact.objects.create(supplier=a, kind="beneficial_owner", person=p, valid_from=D(2024, 1, 1), source="Bolagsverket")
    Fact.objects.create(supplier=b, kind="beneficial_owner", person=p, valid_from=D(2024, 1, 1), source="Bolagsverket")
    contract = Contract.objects.create(reference="AVT-1", supplier=a, starts_on=D(2025, 1, 1), administration=hagersten)
    contract.procurement_staff.add(procurement_officer)
    check_a = IntegrityCheck.objects.create(
        supplier=a, procurement="Hemtjänst", administration=hagersten, created_by=controller
    )
    check_b = IntegrityCheck.objects.create(
        supplier=b, procurement="Assistans", administration=rinkeby, created_by=controller
    )
    flag = Flag.objects.create(
        rule=FlagRule.objects.get(code="account-changed"),
        supplier=a,
        key="k",
        explanation="Kontot byttes.",
        found_on=D(2025, 5, 1),
    )
    batch = ImportBatch.objects.create(
        kind="facts", file_name="x.csv", sha256="0", status="done", uploaded_by=controller
    )
    match = PersonMatch.objects.create(first=p, second=q, score="0.950")
    return {"a": a, "b": b, "check_a": check_a, "check_b": check_b, "flag": flag, "batch": batch, "match": match}


def pages(w):
    a, b = w["a"].pk, w["b"].pk
    return {
        "home": "/valfard/",
        "suppliers": "/valfard/leverantorer/",
        "new supplier": "/valfard/leverantorer/ny/",
        "supplier a": f"/valfard/leverantorer/{a}/",
        "supplier b": f"/valfard/leverantorer/{b}/",
        "edit a": f"/valfard/leverantorer/{a}/andra/",
        "network a": f"/valfard/leverantorer/{a}/natverk/",
        "new check a": f"/valfard/leverantorer/{a}/kontroll/ny/",
        "new check b": f"/valfard/leverantorer/{b}/kontroll/ny/",
        "imports": "/valfard/import/",
        "import": f"/valfard/import/{w['batch'].pk}/",
        "import status": f"/valfard/import/{w['batch'].pk}/status/",
        "checks": "/valfard/kontroller/",
        "check a": f"/valfard/kontroller/{w['check_a'].pk}/",
        "check b": f"/valfard/kontroller/{w['check_b'].pk}/",
        "flags": "/valfard/flaggor/",
        "flag": f"/valfard/flaggor/{w['flag'].pk}/",
        "rules": "/valfard/regler/",
        "matches": "/valfard/personer/matchningar/",
        "follow-up": "/valfard/uppfoljning/",
        "export": "/valfard/uppfoljning/export.csv",
    }


ALL = 200
CONTROLLER = {
    name: 200
    for name in [
        "home",
        "suppliers",
        "new supplier",
        "supplier a",
        "supplier b",
        "edit a",
        "network a",
        "new check a",
        "new check b",
        "imports",
        "import",
        "import status",
        "checks",
        "check a",
        "check b",
        "flags",
        "flag",
        "rules",
        "matches",
        "follow-up",
        "export",
    ]
}
PROCUREMENT = CONTROLLER | {
    "new supplier": 403,
    "supplier b": 404,
    "edit a": 403,
    "network a": 403,
    "new check b": 404,
    "imports": 403,
    "import": 403,
    "import status": 403,
    "check b": 404,
    "flags": 403,
    "flag": 403,
    "rules": 403,
    "matches": 403,
    "follow-up": 403,
    "export": 403,
}
FOLLOW_UP = {name: 403 for name in CONTROLLER} | {
    "home": 200,
    "suppliers": 302,
    "checks": 200,
    "check a": 200,
    "check b": 404,
}
OTHERS = {name: 403 for name in CONTROLLER}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("controller", CONTROLLER),
        ("procurement_officer", PROCUREMENT),
        ("follow_up_hagersten", FOLLOW_UP),
        ("follow_up_rinkeby", FOLLOW_UP | {"check a": 404, "check b": 200}),
        ("social_worker_hagersten", OTHERS),
        ("city_analyst", OTHERS),
        ("police_liaison", OTHERS),
        ("outsider", OTHERS),
    ],
)
def test_the_permission_matrix(request, client_for, world, persona, expected):
    if persona == "follow_up_rinkeby":
        user = f.contract_follow_up("Rinkeby-Kista")
    else:
        user = request.getfixturevalue(persona)
    client = client_for(user)
    got = {name: client.get(url).status_code for name, url in pages(world).items()}
    assert got == expected


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client, world):
    for url in pages(world).values():
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"], url


@pytest.mark.django_db
def test_procurement_staff_never_see_the_people_behind_a_supplier(client_for, procurement_officer, world):
    page = client_for(procurement_officer).get(f"/valfard/leverantorer/{world['a'].pk}/").content.decode()
    assert "Testa Testsson" not in page


@pytest.mark.django_db
def test_reading_a_supplier_and_its_people_is_audited(client_for, controller, world):
    client_for(controller).get(f"/valfard/leverantorer/{world['a'].pk}/natverk/")
    event = AuditEvent.objects.filter(verb="welfare.supplier.read").last()
    assert event.target_id == str(world["a"].pk) and event.purpose == "nätverksvy"


@pytest.mark.django_db
def test_the_network_view_links_to_a_second_supplier_with_the_same_owner(client_for, controller, world):
    page = client_for(controller).get(f"/valfard/leverantorer/{world['a'].pk}/natverk/").content.decode()
    assert (
        "<svg" in page and "Assistans Påhitt AB" in page and f"/valfard/leverantorer/{world['b'].pk}/natverk/" in page
    )


@pytest.mark.django_db
def test_creating_a_supplier_twice_gives_one_and_a_bad_check_digit_is_explained(client_for, controller):
    client = client_for(controller)
    data = {"org_number": "559200-0011", "name": "Omsorgen Exempel AB"}
    for _ in range(3):
        assert client.post("/valfard/leverantorer/ny/", data).status_code == 302
    assert Supplier.objects.count() == 1
    page = client.post("/valfard/leverantorer/ny/", {"org_number": "559200-0012", "name": "X"}).content.decode()
    assert "fel kontrollsiffra" in page and Supplier.objects.count() == 1
    page = client.post("/valfard/leverantorer/ny/", {"org_number": "559200-0029", "name": "X" * 201}).content.decode()
    assert "som mest 200 tecken" in page


@pytest.mark.django_db
def test_editing_a_supplier_someone_else_changed_shows_a_conflict(client_for, controller, world):
    client = client_for(controller)
    url = f"/valfard/leverantorer/{world['a'].pk}/andra/"
    assert client.post(url, {"name": "Nytt namn AB", "version": 1}).status_code == 302
    response = client.post(url, {"name": "Mitt namn AB", "version": 1})
    assert response.status_code == 409 and "Någon annan ändrade" in response.content.decode()
    assert Supplier.objects.get(pk=world["a"].pk).name == "Nytt namn AB"


@pytest.mark.django_db
def test_a_police_report_needs_its_date_and_reference_and_is_recorded(client_for, controller, world):
    client = client_for(controller)
    url = f"/valfard/flaggor/{world['flag'].pk}/"
    page = client.post(url, {"decision": "police", "reasons": "Brott misstänks.", "version": 1}).content.decode()
    assert "Ange polisanmälans datum." in page
    response = client.post(
        url,
        {
            "decision": "police",
            "reasons": "Brott misstänks.",
            "version": 1,
            "police_report_date": "2025-06-01",
            "police_reference": "5000-K123-25",
            "amount_stopped": "100000",
        },
    )
    assert response.status_code == 302
    stale = client.post(url, {"decision": "no_action", "reasons": "Inget.", "version": 1})
    assert stale.status_code == 409
    flag = Flag.objects.get(pk=world["flag"].pk)
    assert (flag.decision, flag.police_reference, flag.decided_by) == ("police", "5000-K123-25", controller)
    assert AuditEvent.objects.filter(verb="welfare.flag.decide", target_id=str(flag.pk)).count() == 1
    csv = client.get("/valfard/uppfoljning/export.csv").content.decode("utf-8-sig")
    assert "5000-K123-25" in csv and "Polisanmälan" in csv


@pytest.mark.django_db
def test_exports_neutralise_formulas(client_for, controller, world):
    world["flag"].decision = "police"
    world["flag"].police_reference = "=HYPERLINK(1)"
    world["flag"].police_report_date = D(2025, 6, 1)
    world["flag"].save()
    csv = client_for(controller).get("/valfard/uppfoljning/export.csv?year=2025").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv


@pytest.mark.django_db
def test_a_follow_up_user_reads_a_check_but_cannot_decide_it(client_for, follow_up_hagersten, world):
    url = f"/valfard/kontroller/{world['check_a'].pk}/"
    client = client_for(follow_up_hagersten)
    assert client.post(url, {"result": "approved", "reasons": "x", "version": 1}).status_code == 403
    assert IntegrityCheck.objects.get(pk=world["check_a"].pk).result == ""


@pytest.mark.django_db
def test_a_controller_decides_a_check_and_a_stale_form_is_a_conflict(client_for, controller, world):
    from samhandling.welfare import services

    check = services.check_create(actor=controller, supplier=world["a"], procurement="Ny upphandling")
    client = client_for(controller)
    url = f"/valfard/kontroller/{check.pk}/"
    manual = {f"item_{i.pk}": "yes" for i in check.items.filter(automatic=False)}
    assert client.post(url, {"result": "refused", "reasons": "Skatteskuld.", "version": 1, **manual}).status_code == 302
    assert client.post(url, {"result": "approved", "reasons": "Ok.", "version": 1, **manual}).status_code == 409
    assert IntegrityCheck.objects.get(pk=check.pk).result == "refused"


@pytest.mark.django_db
def test_a_match_is_confirmed_by_a_controller(client_for, controller, world):
    client = client_for(controller)
    assert client.post(f"/valfard/personer/matchningar/{world['match'].pk}/", {"same": "ja"}).status_code == 302
    assert PersonMatch.objects.get().status == "confirmed"
    assert Person.objects.get(name="Testa Testson").same_as.name == "Testa Testsson"


@pytest.mark.django_db
def test_new_check_is_started_from_the_page(client_for, procurement_officer, world):
    client = client_for(procurement_officer)
    response = client.post(f"/valfard/leverantorer/{world['a'].pk}/kontroll/ny/", {"procurement": "Avrop 2026"})
    assert response.status_code == 302
    assert IntegrityCheck.objects.filter(procurement="Avrop 2026", created_by=procurement_officer).exists()


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_imported_by_the_worker_with_progress_and_the_rules_run_there(client_for, controller):
    client = client_for(controller)
    content = csv_bytes(FACT_HEADER, f"{ORG_A};Omsorgen Exempel AB;status;Registrerad;;;;2024-01-10;;Bolagsverket")
    for _ in range(2):  # a double click
        response = client.post("/valfard/import/", {"kind": "facts", "file": SimpleUploadedFile("fakta.csv", content)})
        assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert 'hx-trigger="every 1s"' in client.get(f"/valfard/import/{batch.pk}/status/").content.decode()
    call_command("db_worker", batch=True, startup_delay=False, interval=0)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.content is None
    page = client.get(f"/valfard/import/{batch.pk}/").content.decode()
    assert "1 nya, 0 redan kända" in page and 'value="100"' in page
    assert client.post("/valfard/regler/", {"year": 2025}).status_code == 302
    call_command("db_worker", batch=True, startup_delay=False, interval=0)
    assert AuditEvent.objects.filter(verb="welfare.rules.run").exists()


@pytest.mark.django_db
def test_an_upload_that_is_not_a_table_is_refused_next_to_the_field(client_for, controller):
    page = (
        client_for(controller)
        .post("/valfard/import/", {"kind": "facts", "file": SimpleUploadedFile("x.csv", b"\x00\x01\x02")})
        .content.decode()
    )
    assert "varken CSV" in page and not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_three_parallel_posts_make_one_supplier_and_one_check(controller):
    import threading

    from django.db import connection
    from django.test import Client

    def post(url, data):
        client = Client()
        client.force_login(controller, backend="samhandling.accounts.backends.RoleBackend")
        try:
            client.post(url, data)
        finally:
            connection.close()

    def in_parallel(url, data):
        threads = [threading.Thread(target=post, args=(url, data)) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    in_parallel("/valfard/leverantorer/ny/", {"org_number": ORG_A, "name": "Omsorgen Exempel AB"})
    supplier = Supplier.objects.get()
    in_parallel(f"/valfard/leverantorer/{supplier.pk}/kontroll/ny/", {"procurement": "Hemtjänst 2026"})
    assert IntegrityCheck.objects.count() == 1
