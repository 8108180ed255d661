"""The rule catalog (SPEC §4) and its derivation and verification, one module per family."""

from rotaplan.rules.base import Instance, Parameters, Rule, RuleSetting, Severity
from rotaplan.rules.catalog import CATALOG, GENERAL
from rotaplan.rules.context import Context, Outcome

__all__ = [
    "CATALOG",
    "GENERAL",
    "Context",
    "Instance",
    "Outcome",
    "Parameters",
    "Rule",
    "RuleSetting",
    "Severity",
]
