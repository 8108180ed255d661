"""What a rule is (id, clause, severity, weight, parameters, texts) and the tunable settings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Severity(StrEnum):
    HARD = "hard"  # a plan must satisfy it
    SOFT = "soft"  # penalised by its weight, above every objective
    OFF = "off"
    AUDIT = "audit"  # reported by check only
    OBJECTIVE = "objective"  # a reward or penalty of the objective tier


@dataclass(frozen=True)
class Rule:
    """One catalog entry. Its derivation, model and verification live in the rule modules."""

    id: str
    clause: str
    default: Severity
    weight: int
    params: MappingProxyType
    title_en: str
    title_zh: str
    meaning_en: str
    meaning_zh: str
    clause_zh: str = ""  # the policy's own words

    @property
    def is_objective(self) -> bool:
        return self.default is Severity.OBJECTIVE

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def meaning(self, lang: str) -> str:
        return self.meaning_zh if lang == "zh" else self.meaning_en


def rule(
    id: str,
    clause: str,
    default: str,
    weight: int,
    title: tuple[str, str],
    meaning: tuple[str, str],
    clause_zh: str = "",
    **params: Any,
) -> Rule:
    return Rule(
        id,
        clause,
        Severity(default),
        weight,
        MappingProxyType(dict(params)),
        title[0],
        title[1],
        meaning[0],
        meaning[1],
        clause_zh,
    )


@dataclass(frozen=True)
class RuleSetting:
    severity: Severity
    weight: int
    params: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Parameters:
    """Severity, weight and parameters of every rule, plus general ones. Scenarios override it."""

    rules: MappingProxyType  # rule id -> RuleSetting
    general: MappingProxyType  # exemption and retirement ages, ...

    @classmethod
    def default(cls) -> Parameters:
        from rotaplan.rules.catalog import CATALOG, GENERAL

        return cls(
            MappingProxyType(
                {r.id: RuleSetting(r.default, r.weight, r.params) for r in CATALOG.values()}
            ),
            MappingProxyType(dict(GENERAL)),
        )

    def severity(self, rule_id: str) -> Severity:
        return self.rules[rule_id].severity

    def is_hard(self, rule_id: str) -> bool:
        return self.rules[rule_id].severity is Severity.HARD

    def active(self, rule_id: str) -> bool:
        return self.rules[rule_id].severity is not Severity.OFF

    def weight(self, rule_id: str) -> int:
        setting = self.rules[rule_id]
        return 0 if setting.severity is Severity.OFF else setting.weight

    def param(self, rule_id: str, name: str) -> Any:
        return self.rules[rule_id].params[name]

    def g(self, name: str) -> Any:
        return self.general[name]

    def with_rule(self, rule_id: str, **changes: Any) -> Parameters:
        """A copy with one rule's severity/weight/params changed (params merged)."""
        setting = self.rules[rule_id]
        params = dict(setting.params)
        params.update(changes.pop("params", {}))
        new = replace(setting, params=MappingProxyType(params), **changes)
        rules = dict(self.rules)
        rules[rule_id] = new
        return replace(self, rules=MappingProxyType(rules))

    def with_general(self, **changes: Any) -> Parameters:
        general = dict(self.general)
        general.update(changes)
        return replace(self, general=MappingProxyType(general))


@dataclass(frozen=True)
class Instance:
    """One rule applied to one subject: the unit of findings, constraints and verification.

    ``movers`` are the cadres whose move can satisfy it (exempt sides removed); an instance
    with ``waived`` set was cancelled by an exemption and is reported as EXEMPTION.
    """

    rule_id: str
    subject: str
    detail_key: str
    args: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    cadres: tuple[str, ...] = ()
    movers: tuple[str, ...] = ()
    unit_id: str | None = None
    leader_id: str | None = None
    finding: bool = True  # reported by ``check`` (an obligation or breach that applies now)
    waived: bool = False

    def detail(self, lang: str = "en") -> str:
        from rotaplan.rules.texts import detail

        return detail(self.detail_key, lang, **self.args)


def instance(rule_id: str, subject: str, detail_key: str, **kw: Any) -> Instance:
    args = kw.pop("args", {})
    return Instance(rule_id, subject, detail_key, MappingProxyType(dict(args)), **kw)
