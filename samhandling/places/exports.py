"""Exports: every text cell is neutralised so a spreadsheet never runs it as a formula."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(rows):
    """Prefix text starting with =, +, -, @, tab or CR with an apostrophe; numbers stay numbers."""
    out = []
    for row in rows:
        out.append([f"'{c}" if isinstance(c, str) and c.startswith(FORMULA_START) else c for c in row])
    return out
