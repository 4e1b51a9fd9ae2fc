"""The rule catalogue: one module per rule, listed once in :data:`RULES`.

Codes group rules: NS1xx time zones and text, NS2xx your day, NS3xx the invite itself.
Retired codes are never reused.
"""

from __future__ import annotations

from collections.abc import Iterable

from noshow.errors import ConfigError
from noshow.model import Finding
from noshow.rules import (
    all_day,
    ambiguous_abbreviation,
    buffers,
    cancelled,
    conflict,
    conflicting_end,
    date_differs,
    dst_fold,
    dst_gap,
    floating_time,
    missing_end,
    missing_join_info,
    odd_hour,
    offset_change,
    outdated_entry,
    outside_business_hours,
    past,
    reminders,
    short_notice,
    text_time_mismatch,
    time_changed,
    timezone_definition_mismatch,
    travel_zone,
    unknown_timezone,
)
from noshow.rules.base import CalendarView, CheckSettings, Rule, RuleContext, StoredCopy

RULES: tuple[Rule, ...] = (
    floating_time.RULE,
    unknown_timezone.RULE,
    timezone_definition_mismatch.RULE,
    text_time_mismatch.RULE,
    ambiguous_abbreviation.RULE,
    dst_gap.RULE,
    dst_fold.RULE,
    offset_change.RULE,
    travel_zone.RULE,
    date_differs.RULE,
    odd_hour.RULE,
    outside_business_hours.RULE,
    conflict.RULE,
    buffers.BEFORE,
    buffers.AFTER,
    missing_join_info.RULE,
    reminders.NONE,
    reminders.SINGLE,
    short_notice.RULE,
    reminders.MISSING,
    outdated_entry.RULE,
    time_changed.RULE,
    cancelled.RULE,
    missing_end.RULE,
    past.RULE,
    conflicting_end.RULE,
    all_day.RULE,
)

__all__ = [
    "RULES",
    "CalendarView",
    "CheckSettings",
    "Rule",
    "RuleContext",
    "Selection",
    "StoredCopy",
    "find_rule",
    "run_rules",
]


def find_rule(name: str) -> Rule | None:
    """A rule by slug or code (case-insensitive)."""
    wanted = name.strip().lower()
    for rule in RULES:
        if wanted in (rule.slug, rule.code.lower()):
            return rule
    return None


class Selection:
    """Which rules run: ``select`` (all when empty) minus ``ignore``.

    Each entry is a slug, a code (``NS104``) or a code prefix (``NS1``, ``NS``).
    """

    def __init__(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> None:
        self.select = tuple(s.strip() for s in select if s.strip())
        self.ignore = tuple(s.strip() for s in ignore if s.strip())
        for entry in (*self.select, *self.ignore):
            if not any(self._matches(rule, entry) for rule in RULES):
                raise ConfigError(f"unknown rule {entry!r}: use a slug or code from `noshow rules`")

    @staticmethod
    def _matches(rule: Rule, entry: str) -> bool:
        lowered = entry.lower()
        return lowered == rule.slug or rule.code.lower().startswith(lowered)

    def enabled(self, rule: Rule) -> bool:
        """Whether ``rule`` runs under this selection."""
        chosen = not self.select or any(self._matches(rule, s) for s in self.select)
        return chosen and not any(self._matches(rule, i) for i in self.ignore)


def run_rules(ctx: RuleContext, selection: Selection | None = None) -> list[Finding]:
    """Every finding of every enabled rule for one invite, worst first, then by code; a finding
    repeated word for word counts once."""
    selection = selection or Selection()
    findings = [f for rule in RULES if selection.enabled(rule) for f in rule.check(ctx)]
    unique = list(dict.fromkeys(findings))  # one finding per fact, however it was reached
    return sorted(unique, key=lambda f: (f.severity.rank, f.code))
