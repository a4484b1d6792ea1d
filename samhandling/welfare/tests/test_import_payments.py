"""Payment files: Swedish amounts, three date formats, unknown suppliers refused, a second import changes nothing."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from samhandling.welfare import services
from samhandling.welfare.models import Contract, ImportBatch, Payment, Supplier
from samhandling.welfare.tests.conftest import ORG_A, ORG_B, PAYMENT_HEADER, csv_bytes


@pytest.fixture
def supplier_a(controller):
    return services.supplier_create(actor=controller, org_number=ORG_A, name="Omsorgen Exempel AB")


def run(controller, content):
    batch = services.import_batch_create(
        actor=controller, kind="payments", file_name="betalningar.csv", content=content, enqueue=False
    )
    return services.import_batch_run(batch=batch)


GOOD = csv_bytes(
    PAYMENT_HEADER,
    f"V-1;{ORG_A};AVT-1;1 234 567,50;2025-01-31;123-4567;K100;hemtjänst;1 200,5;Hägersten-Älvsjö stadsdelsförvaltning",
    f"V-2;{ORG_A[:6]}-{ORG_A[6:]};AVT-1;1000;20250228;123-4567;K100;hemtjänst;100;",
    f"V-3;{ORG_A};AVT-1;2000.25;31/03/2025;123-4567;;hemtjänst;;",
)


@pytest.mark.django_db
def test_a_payment_file_is_saved_with_swedish_amounts_and_three_date_formats(controller, supplier_a):
    batch = run(controller, GOOD)
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert Payment.objects.count() == 3
    first = Payment.objects.get(reference="V-1")
    assert first.amount == Decimal("1234567.50") and first.volume == Decimal("1200.50")
    assert sorted(str(p.paid_on) for p in Payment.objects.all()) == ["2025-01-31", "2025-02-28", "2025-03-31"]
    contract = Contract.objects.get()
    assert contract.supplier == supplier_a and str(contract.starts_on) == "2025-01-31"
    assert contract.administration.name == "Hägersten-Älvsjö stadsdelsförvaltning"
    # The same file again: nothing new.
    again = run(controller, GOOD)
    assert (again.status, again.created_count, again.unchanged_count) == (ImportBatch.Status.DONE, 0, 3)
    assert Payment.objects.count() == 3


@pytest.mark.django_db
def test_an_unknown_supplier_and_bad_cells_reject_the_whole_file(controller, supplier_a):
    content = csv_bytes(
        PAYMENT_HEADER,
        f"V-1;{ORG_A};AVT-1;100;2025-01-31;123-4567;;hemtjänst;;",
        f"V-2;{ORG_B};AVT-2;100;2025-01-31;123-4567;;hemtjänst;;",
        f"V-3;{ORG_A};AVT-1;12,3,4;2025/31/01;123-4567;;trädgård;;",
        f"V-1;{ORG_A};AVT-1;100;2025-01-31;123-4567;;hemtjänst;;",
    )
    batch = run(controller, content)
    assert batch.status == ImportBatch.Status.REJECTED
    text = " ".join(e["message"] for e in batch.errors)
    assert f"Rad 3: leverantören {ORG_B[:6]}-{ORG_B[6:]} finns inte i Samhandling" in text
    assert "Rad 4: 12,3,4 är inte ett belopp" in text
    assert "trädgård är inte en känd tjänst" in text
    assert "Rad 5: verifikationen V-1 finns också på rad 2." in text
    assert not Payment.objects.exists() and not Contract.objects.exists()


@pytest.mark.django_db
def test_a_contract_of_another_supplier_is_refused(controller, supplier_a):
    other = Supplier.objects.create(org_number=ORG_B, name="Assistans Påhitt AB")
    Contract.objects.create(reference="AVT-9", supplier=other, starts_on="2024-01-01")
    batch = run(controller, csv_bytes(PAYMENT_HEADER, f"V-1;{ORG_A};AVT-9;100;2025-01-31;1;;hemtjänst;;"))
    assert "avtalet AVT-9 tillhör en annan leverantör" in batch.errors[0]["message"]


@pytest.mark.django_db
def test_the_command_line_runs_the_same_import(controller, supplier_a, tmp_path, capsys):
    path = tmp_path / "betalningar.csv"
    path.write_bytes(GOOD)
    call_command("import_welfare", "payments", str(path), "--user", controller.username)
    assert Payment.objects.count() == 3
    bad = tmp_path / "fel.csv"
    bad.write_bytes(csv_bytes(PAYMENT_HEADER, f"V-9;{ORG_B};AVT-1;100;2025-01-31;1;;hemtjänst;;"))
    with pytest.raises(CommandError, match="ingenting sparades"):
        call_command("import_welfare", "payments", str(bad))
    assert Payment.objects.count() == 3
