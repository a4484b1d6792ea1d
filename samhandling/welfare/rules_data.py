"""The checklist and the flag rules the system starts with. Data, loaded by a migration; the city
changes a threshold by adding a row with a later valid_from, so the earlier one stays on record."""

import datetime
from decimal import Decimal

VALID_FROM = datetime.date(2026, 1, 1)
SOURCE = (
    "Stockholms stads arbete mot välfärdsbrottslighet (seriositetskontroller och internkontroll); "
    "startvärde i Samhandling, tröskeln fastställs av staden"
)

CRITERIA = [
    # code, text, answered, threshold, order
    ("registrerad", "Leverantören är registrerad och aktiv", "registered", None, 10),
    ("f-skatt", "Leverantören har F-skatt", "f_tax", None, 20),
    ("skatteskuld", "Inga skatteskulder över tröskeln", "tax_debt", Decimal("10000"), 30),
    ("kronofogden", "Inga skulder hos Kronofogden", "enforcement", Decimal("0"), 40),
    ("verklig-huvudman", "Verklig huvudman är känd", "owner_known", None, 50),
    ("tidigare-fynd", "Styrelse och ägare är kontrollerade mot stadens tidigare fynd", "earlier_findings", None, 60),
    ("anbudssvar", "Leverantörens svar i anbudet är rimliga och styrkta", "controller", None, 70),
]

RULES = [
    # code, name, reason, threshold, window days, priority
    (
        "ownership-change-near-contract",
        "Ägare eller styrelse ändrad nära avtalsstart",
        "Byten av styrelse, firmatecknare eller verklig huvudman kort före eller efter att ett avtal börjar kan tyda på att bolaget köpts för att komma åt avtalet.",
        Decimal("1"),
        90,
        1,
    ),
    (
        "shared-person",
        "Samma person bakom flera leverantörer i samma tjänst",
        "När en person finns bakom flera leverantörer i samma tjänst kan upplägget dölja vem som styr och sprida risken.",
        Decimal("3"),
        365,
        2,
    ),
    (
        "account-changed",
        "Kontot som staden betalar till har bytts",
        "Ett nytt bankgiro eller plusgiro kan betyda att pengarna går till någon annan än leverantören.",
        Decimal("1"),
        365,
        2,
    ),
    (
        "payments-after-f-tax-withdrawn",
        "Utbetalning efter återkallad F-skatt",
        "Staden ska inte betala en leverantör som saknar F-skatt utan att pröva saken.",
        Decimal("0"),
        365,
        1,
    ),
    (
        "payments-after-enforcement-debt",
        "Utbetalning efter skuld hos Kronofogden",
        "En ny skuld hos Kronofogden kan tyda på att bolaget töms eller inte sköter sina åtaganden.",
        Decimal("0"),
        365,
        2,
    ),
    (
        "volume-out-of-line",
        "Fakturerad volym avviker från leverantörens egen historik",
        "En månad långt över leverantörens median (mätt i robusta avvikelser, MAD) kan betyda att fler timmar eller platser fakturerats än som utförts.",
        Decimal("3.5"),
        365,
        2,
    ),
    (
        "new-supplier-fast-growth",
        "Ny leverantör som växer ovanligt snabbt",
        "En ny leverantör vars månadsbelopp mångdubblas på kort tid bör följas upp.",
        Decimal("5"),
        365,
        3,
    ),
    (
        "shared-address",
        "Samma registrerade adress som många andra leverantörer",
        "Många bolag på samma adress kan vara brevlådeföretag.",
        Decimal("5"),
        365,
        3,
    ),
]


def load(CheckCriterion, FlagRule) -> None:  # noqa: N803 - historical models from the migration
    for code, text, answered, threshold, order in CRITERIA:
        CheckCriterion.objects.update_or_create(
            code=code,
            valid_from=VALID_FROM,
            defaults={"text": text, "answered": answered, "threshold": threshold, "order": order, "source": SOURCE},
        )
    for code, name, reason, threshold, window, priority in RULES:
        FlagRule.objects.update_or_create(
            code=code,
            valid_from=VALID_FROM,
            defaults={
                "name": name,
                "reason": reason,
                "threshold": threshold,
                "window_days": window,
                "priority": priority,
                "source": SOURCE,
            },
        )
