"""Demo suppliers for the welfare-crime pages. Every supplier and person here is invented and marked (demo).

The organisation numbers are in the 559200-00xx series with valid check digits and belong to no
real company that this project knows of; the names say "(demo)".
"""

import datetime
from decimal import Decimal

from django.db import transaction

from samhandling.accounts.models import User
from samhandling.organisations.models import Administration
from samhandling.welfare import services
from samhandling.welfare.importing.facts import FactRow
from samhandling.welfare.models import Contract, IntegrityCheck, Payment, Supplier

D = datetime.date
SOURCE_REG = "Bolagsverket (demo)"
SOURCE_TAX = "Skatteverket (demo)"

SUPPLIERS = [
    ("5592000011", "Omsorg Påhittad AB (demo)", "Demogatan 1, 117 00 Stockholm"),
    ("5592000029", "Assistans Fiktiv AB (demo)", "Låtsasvägen 5, 163 00 Spånga"),
    ("5592000037", "Hemtjänst Exempel AB (demo)", "Exempelgränd 3, 129 00 Hägersten"),
    ("5592000045", "Tvivelaktig Omsorg AB (demo)", "Demogatan 1, 117 00 Stockholm"),
]


def _facts() -> list[FactRow]:
    rows = []
    owner = ("Demo Demosson", D(1975, 3, 3))
    for number, name, address in SUPPLIERS:
        rows += [
            FactRow(number, name, "status", "Registrerad", None, "", None, D(2023, 1, 10), None, SOURCE_REG),
            FactRow(number, name, "f_tax", "ja", None, "", None, D(2023, 1, 10), None, SOURCE_TAX),
            FactRow(number, name, "address", address, None, "", None, D(2023, 1, 10), None, SOURCE_REG),
        ]
    rows += [
        FactRow("5592000011", SUPPLIERS[0][1], "beneficial_owner", "", None, *owner, D(2025, 2, 1), None, SOURCE_REG),
        FactRow(
            "5592000011",
            SUPPLIERS[0][1],
            "board_member",
            "",
            None,
            "Fia Fejksson",
            D(1980, 8, 8),
            D(2023, 1, 10),
            None,
            SOURCE_REG,
        ),
        FactRow(
            "5592000029",
            SUPPLIERS[1][1],
            "beneficial_owner",
            "",
            None,
            "DEMOSSON, Demo",
            D(1975, 3, 3),
            D(2024, 5, 1),
            None,
            SOURCE_REG,
        ),
        FactRow(
            "5592000029",
            SUPPLIERS[1][1],
            "signatory",
            "",
            None,
            "Demo Demoson",
            D(1975, 3, 3),
            D(2024, 5, 1),
            None,
            SOURCE_REG,
        ),
        FactRow(
            "5592000045",
            SUPPLIERS[3][1],
            "tax_debt",
            "",
            Decimal("312500.00"),
            "",
            None,
            D(2025, 9, 1),
            None,
            SOURCE_TAX,
        ),
        FactRow(
            "5592000011", SUPPLIERS[0][1], "bank_account", "5050-1055", None, "", None, D(2023, 1, 10), None, SOURCE_REG
        ),
        FactRow(
            "5592000011", SUPPLIERS[0][1], "bank_account", "5050-9999", None, "", None, D(2025, 6, 1), None, SOURCE_REG
        ),
    ]
    return rows


def load(stdout) -> None:
    controller = User.objects.filter(username="kontrollant").first()
    with transaction.atomic():
        services.facts_save(_facts())
        social = Administration.objects.get(name="Socialförvaltningen")
        suppliers = {s.org_number: s for s in Supplier.objects.filter(org_number__in=[n for n, _, _ in SUPPLIERS])}
        for i, (number, _, _) in enumerate(SUPPLIERS):
            contract, _ = Contract.objects.get_or_create(
                reference=f"DEMO-AVT-{i + 1}",
                defaults={
                    "supplier": suppliers[number],
                    "service": "home_care",
                    "starts_on": D(2024, 1, 1),
                    "administration": social,
                },
            )
            upphandlare = User.objects.filter(username="upphandlare").first()
            if upphandlare and i < 2:
                contract.procurement_staff.add(upphandlare)
            _payments(suppliers[number], contract, i)
        if controller is not None:
            services.rules_run(actor=controller, year=2025)
            if not IntegrityCheck.objects.filter(supplier=suppliers["5592000045"]).exists():
                services.check_create(
                    actor=controller,
                    supplier=suppliers["5592000045"],
                    procurement="Hemtjänst 2026 (demo)",
                    administration=social,
                )
    stdout.write(f"Välfärd: {len(SUPPLIERS)} påhittade leverantörer, utbetalningar 2024–2025 och flaggor.")


def _payments(supplier, contract, index) -> None:
    """Monthly payments 2024-2025; the first supplier's account changes in June 2025 and its hours jump in July."""
    made = []
    for year in (2024, 2025):
        for month in range(1, 13):
            hours = Decimal(400 + 10 * index + (month % 3))
            account = "5050-1055" if index == 0 else f"5050-{2000 + index}"
            if index == 0 and (year, month) >= (2025, 6):
                account = "5050-9999"
            if index == 0 and (year, month) >= (2025, 7):
                hours *= 3
            made.append(
                Payment(
                    reference=f"DEMO-{supplier.org_number}-{year}{month:02d}",
                    supplier=supplier,
                    contract=contract,
                    amount=hours * Decimal("450.00"),
                    paid_on=D(year, month, 25),
                    account=account,
                    cost_centre="K-DEMO",
                    service="home_care",
                    volume=hours,
                )
            )
    Payment.objects.bulk_create(made, ignore_conflicts=True)
