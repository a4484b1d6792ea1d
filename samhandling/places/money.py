"""Kronor the Swedish way: grouped thousands with a (non-breaking) space, 'kr' after."""

from decimal import Decimal


def kronor(value) -> str:
    """1234567 -> '1 234 567 kr'; None -> '–'."""
    if value is None or value == "":
        return "–"
    amount = int(Decimal(value).quantize(Decimal(1)))
    sign = "−" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", "\u00a0") + "\u00a0kr"
