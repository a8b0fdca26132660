"""Retention: per category of settings.OPBOUW_RETENTION, remove what is due.

The rules live with the data (each app's personal_data.py registers its own); this runs them.
Idempotent: what a run removed is not due any more, so a second run changes nothing.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from opbouw.core import personal_data as pd


@dataclass(frozen=True)
class RetentionLine:
    category: str
    days: int | None
    description: str
    action: str
    due: int
    done: int  # 0 on a dry run
    registered: bool


def retention_run(*, dry_run: bool = False) -> list[RetentionLine]:
    configured: dict[str, int] = dict(getattr(settings, "OPBOUW_RETENTION", {}))
    rules = {rule.category: rule for rule in pd.retention_rules()}
    lines = []
    for category in sorted(configured.keys() | rules.keys()):
        rule = rules.get(category)
        days = configured.get(category)
        if rule is None or days is None:
            lines.append(
                RetentionLine(
                    category, days, str(rule.description) if rule else "", "", 0, 0, False
                )
            )
            continue
        due = rule.due(days)
        done = 0
        if not dry_run and due:
            with transaction.atomic():
                done = rule.apply(days)
        lines.append(
            RetentionLine(category, days, str(rule.description), str(rule.action), due, done, True)
        )
    return lines
