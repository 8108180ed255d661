"""Scenarios: YAML files mapped onto typed parameters, pins and bans.

A scenario never mutates a roster: :meth:`Scenario.apply` returns a new one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rotaplan.errors import UsageError
from rotaplan.models.dates import parse_date
from rotaplan.models.roster import Roster
from rotaplan.rules.base import Parameters, Severity
from rotaplan.rules.catalog import CATALOG

KEYS = {"name", "description", "as_of", "rules", "objectives", "pins", "bans", "leaders", "general"}
SEVERITIES = {"hard", "soft", "off"}


class ScenarioError(UsageError):
    """A scenario file that cannot be used (exit code 2)."""


@dataclass(frozen=True)
class Pin:
    """Fix a decision: the cadre takes this post, goes to this unit, or stays."""

    cadre: str
    post: str | None = None
    unit: str | None = None
    stay: bool = False

    def describe(self) -> str:
        if self.stay:
            return f"pin {self.cadre} stays"
        return f"pin {self.cadre} → {self.post or self.unit}"


@dataclass(frozen=True)
class Ban:
    """Forbid a decision: the cadre may not take this post or go to this unit."""

    cadre: str
    post: str | None = None
    unit: str | None = None

    def describe(self) -> str:
        return f"ban {self.cadre} ✗ {self.post or self.unit}"


@dataclass(frozen=True)
class Scenario:
    name: str = "default"
    description: str = ""
    as_of: date | None = None
    params: Parameters = field(default_factory=Parameters.default)
    pins: tuple[Pin, ...] = ()
    bans: tuple[Ban, ...] = ()
    leaders: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: str = ""
    digest: str = ""

    def apply(self, roster: Roster) -> Roster:
        """A new roster with the scenario's leader overrides; pins and bans are checked
        against it."""
        where = self.source or self.name
        problems = []
        for item in (*self.pins, *self.bans):
            kind = "pins" if isinstance(item, Pin) else "bans"
            if item.cadre not in roster.cadres:
                problems.append(f"{where}: {kind}: unknown cadre '{item.cadre}'")
            if item.post and item.post not in roster.posts:
                problems.append(f"{where}: {kind}: unknown post '{item.post}'")
            if item.unit and item.unit not in roster.units:
                problems.append(f"{where}: {kind}: unknown unit '{item.unit}'")
        for leader_id in self.leaders:
            if leader_id not in roster.leaders:
                problems.append(f"{where}: leaders: unknown leader '{leader_id}'")
        if problems:
            raise ScenarioError("\n".join(problems))
        if not self.leaders:
            return roster
        leaders = dict(roster.leaders)
        for leader_id, changes in self.leaders.items():
            leaders[leader_id] = replace(leaders[leader_id], **changes)
        return replace(roster, leaders=leaders)

    def summary_dict(self) -> dict:
        return {
            "name": self.name,
            "description": self.description,
            "source": self.source,
            "sha256": self.digest,
        }


def bundled_names() -> list[str]:
    folder = resources.files("rotaplan") / "scenarios"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def _bundled_text(name: str) -> str | None:
    path = resources.files("rotaplan") / "scenarios" / f"{name}.yaml"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def load_scenario(spec: str | Path | None) -> Scenario:
    """A scenario from a YAML file or the name of a bundled one (``strict``, ...)."""
    if spec is None:
        return Scenario()
    path = Path(spec)
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"{path}: cannot read: {exc}") from None
        source = str(path)
    else:
        text = _bundled_text(str(spec))
        if text is None:
            raise ScenarioError(
                f"scenario '{spec}' is neither a file nor a bundled scenario "
                f"({', '.join(bundled_names())})"
            )
        source = f"bundled:{spec}"
    return parse_scenario(text, source)


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise ScenarioError(f"{source}: not valid YAML{where}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{source}: a scenario is a mapping of keys ({', '.join(sorted(KEYS))})"
        )
    errors: list[str] = []

    def err(key: str, message: str) -> None:
        errors.append(f"{source}: {key}: {message}")

    for key in data:
        if key not in KEYS:
            err(str(key), f"unknown key (expected one of: {', '.join(sorted(KEYS))})")
    params = Parameters.default()
    for rule_id, spec in (data.get("rules") or {}).items():
        params = _rule(params, rule_id, spec, err)
    for rule_id, weight in (data.get("objectives") or {}).items():
        key = f"objectives.{rule_id}"
        if rule_id not in CATALOG or not CATALOG[rule_id].is_objective:
            err(key, "not an objective rule id")
        elif not _is_weight(weight):
            err(key, f"weight must be a whole number ≥ 0, not {weight!r}")
        else:
            params = params.with_rule(rule_id, weight=int(weight))
    for name, value in (data.get("general") or {}).items():
        if name not in params.general:
            err(f"general.{name}", f"unknown parameter (expected: {', '.join(params.general)})")
        elif not isinstance(value, int) or isinstance(value, bool):
            err(f"general.{name}", f"must be a whole number, not {value!r}")
        else:
            params = params.with_general(**{name: value})
    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = parse_date(data["as_of"])
        except ValueError as exc:
            err("as_of", str(exc))
    pins = tuple(_items(data.get("pins"), "pins", Pin, err))
    bans = tuple(_items(data.get("bans"), "bans", Ban, err))
    leaders: dict[str, dict[str, Any]] = {}
    for leader_id, changes in (data.get("leaders") or {}).items():
        if not isinstance(changes, dict) or set(changes) - {"max_units"}:
            err(f"leaders.{leader_id}", "only max_units may be set")
            continue
        cap = changes.get("max_units")
        if cap is not None and not _is_weight(cap):
            err(
                f"leaders.{leader_id}.max_units", f"must be a whole number ≥ 0 or null, not {cap!r}"
            )
            continue
        leaders[str(leader_id)] = {"max_units": cap}
    if errors:
        raise ScenarioError("\n".join(errors))
    return Scenario(
        name=str(data.get("name") or Path(source.removeprefix("bundled:")).stem),
        description=str(data.get("description") or ""),
        as_of=as_of,
        params=params,
        pins=pins,
        bans=bans,
        leaders=leaders,
        source=source,
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _is_weight(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _rule(params: Parameters, rule_id: str, spec: object, err) -> Parameters:
    key = f"rules.{rule_id}"
    if rule_id not in CATALOG:
        err(key, "unknown rule id")
        return params
    if not isinstance(spec, dict):
        err(key, "expected a mapping such as {severity: soft, weight: 50}")
        return params
    rule = CATALOG[rule_id]
    changes: dict[str, Any] = {}
    new_params: dict[str, Any] = {}
    for name, value in spec.items():
        if name == "severity":
            if value is False:  # YAML 1.1 reads an unquoted `off` as false
                value = "off"
            allowed = SEVERITIES if not rule.is_objective else {"objective", "off"}
            if rule.default is Severity.AUDIT:
                allowed = {"audit", "off"}
            if value not in allowed:
                err(
                    f"{key}.severity", f"must be one of {', '.join(sorted(allowed))}, not {value!r}"
                )
            else:
                changes["severity"] = Severity(value)
        elif name == "weight":
            if not _is_weight(value):
                err(f"{key}.weight", f"must be a whole number ≥ 0, not {value!r}")
            else:
                changes["weight"] = int(value)
        elif name in rule.params:
            default = rule.params[name]
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if not numeric and not (default is None and value is None):
                err(f"{key}.{name}", f"must be a number, not {value!r}")
            elif isinstance(default, int) and not isinstance(default, bool) and value != int(value):
                err(f"{key}.{name}", f"must be a whole number, not {value!r}")
            elif numeric and value < 0:
                err(f"{key}.{name}", f"must not be negative, not {value!r}")
            else:
                new_params[name] = type(default)(value) if default is not None else value
        else:
            known = ", ".join(["severity", "weight", *rule.params]) or "severity, weight"
            err(f"{key}.{name}", f"unknown setting (expected: {known})")
    if new_params:
        changes["params"] = new_params
    return params.with_rule(rule_id, **changes) if changes else params


def _items(raw: object, key: str, cls, err) -> list:
    if raw is None:
        return []
    if not isinstance(raw, list):
        err(key, "expected a list")
        return []
    out = []
    allowed = {"cadre", "post", "unit", "stay"} if cls is Pin else {"cadre", "post", "unit"}
    for index, item in enumerate(raw):
        where = f"{key}[{index}]"
        if not isinstance(item, dict) or "cadre" not in item:
            err(where, "expected a mapping with 'cadre'")
            continue
        extra = set(item) - allowed
        if extra:
            err(where, f"unknown key(s): {', '.join(sorted(map(str, extra)))}")
            continue
        targets = [k for k in ("post", "unit") if item.get(k)]
        stay = bool(item.get("stay", False))
        if len(targets) + stay != 1:
            err(where, "give exactly one of post, unit" + (" or stay: true" if cls is Pin else ""))
            continue
        kwargs = {"cadre": str(item["cadre"]), **{k: str(item[k]) for k in targets}}
        if stay:
            kwargs["stay"] = True
        out.append(cls(**kwargs))
    return out
