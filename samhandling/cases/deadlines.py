"""Statutory deadlines from the rule in force on the date that counts."""

import calendar
import datetime

from samhandling.cases.models import DeadlineRule


class NoRuleInForce(Exception):
    pass


def rule_in_force(kind: str, on: datetime.date) -> DeadlineRule:
    """The deadline rule of that kind in force on the given date (latest valid_from not after it)."""
    rule = DeadlineRule.objects.filter(kind=kind, valid_from__lte=on).order_by("-valid_from").first()
    if rule is None:
        raise NoRuleInForce(f"No {kind} rule in force on {on}")
    return rule


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_date(kind: str, start: datetime.date) -> tuple[datetime.date, DeadlineRule]:
    """The deadline counted from `start` (the day of receipt or of opening) under the rule then in force."""
    rule = rule_in_force(kind, start)
    return add_months(start, rule.months) + datetime.timedelta(days=rule.days), rule
