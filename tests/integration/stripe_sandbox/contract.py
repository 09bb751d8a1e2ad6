"""Comparing a sandbox answer with stripe-mock's for the same request, field by field, by the spec.

stripe-mock answers from Stripe's own fixtures: its objects carry every field Stripe returns for
that type. The sandbox's object must have each of them with the same JSON type (null on one side
only where the spec says nullable), recursively; any field it has beyond them must be one the
spec declares; every enum value must be in the spec's enum.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from devstack.stripe_sandbox.spec import Spec


@dataclass
class Tally:
    requests: int = 0
    accepted_by_both: int = 0
    rejections_matched: int = 0
    rejections_per_stripe: int = 0  # stripe-mock does not check these; the sandbox does as Stripe
    objects_compared: int = 0
    fields_compared: int = 0
    spec_only_fields: int = 0  # in the sandbox's object and the spec, not in stripe-mock's fixture
    enum_values_checked: int = 0
    rows: list[tuple[str, str, str]] = field(default_factory=list)


TALLY = Tally()  # this run's counts; conftest.py prints them at the end of the session


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", dict: "object", list: "array"}[type(value)]


def compare(spec: Spec, ours: Any, theirs: Any, schema: dict[str, Any], tally: Tally, where: str = "") -> list[str]:
    """Differences between the sandbox's value and stripe-mock's (empty: same shape)."""
    problems: list[str] = []
    schema = spec.shape_for(ours if ours is not None else theirs, schema)
    if (
        isinstance(ours, dict)
        and isinstance(theirs, dict)
        and isinstance(ours.get("object"), str)
        and ours["object"] != theirs.get("object")
    ):
        # Polymorphic (an event's data.object): stripe-mock's fixture is another type.
        return check_enums(spec, ours, spec.object_schema(ours["object"]), tally, where)
    if isinstance(ours, dict) and isinstance(theirs, dict):
        tally.objects_compared += 1
        props = schema.get("properties", {})
        for key, their_value in theirs.items():
            here = f"{where}.{key}" if where else key
            tally.fields_compared += 1
            if key not in ours:
                problems.append(f"{here}: missing (stripe-mock has {_json_type_or_null(their_value)})")
                continue
            problems += _compare_field(spec, ours[key], their_value, props.get(key, {}), tally, here)
        for key in ours.keys() - theirs.keys():
            here = f"{where}.{key}" if where else key
            if props and key not in props:
                problems.append(f"{here}: not a field of this object in the spec")
            else:
                tally.spec_only_fields += 1
                problems += check_enums(spec, ours[key], props.get(key, {}), tally, here)
    elif isinstance(ours, list) and isinstance(theirs, list):
        if ours and theirs:
            for item in ours:
                problems += compare(spec, item, theirs[0], schema.get("items", {}), tally, f"{where}[]")
    return problems


def _json_type_or_null(value: Any) -> str:
    return "null" if value is None else _json_type(value)


def _compare_field(spec: Spec, ours: Any, theirs: Any, prop: dict[str, Any], tally: Tally, where: str) -> list[str]:
    nullable = bool(prop.get("nullable") or spec.resolve(prop).get("nullable"))
    if ours is None or theirs is None:
        if ours is None and theirs is not None and not nullable:
            return [f"{where}: null, but the spec says it is never null"]
        return check_enums(spec, ours, prop, tally, where)
    expandable = isinstance(ours, (str, dict)) and isinstance(theirs, (str, dict)) and ("x-expansionResources" in prop)
    if _json_type(ours) != _json_type(theirs) and not expandable:
        return [f"{where}: {_json_type(ours)}, stripe-mock has {_json_type(theirs)}"]
    if isinstance(ours, (dict, list)) and type(ours) is type(theirs):
        return compare(spec, ours, theirs, prop, tally, where)
    return check_enums(spec, ours, prop, tally, where)


def check_enums(spec: Spec, value: Any, schema: dict[str, Any], tally: Tally, where: str) -> list[str]:
    """Every enum value inside `value` is one the spec allows."""
    if value is None:
        return []
    schema = spec.shape_for(value, schema)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        return [
            p
            for key, item in value.items()
            for p in check_enums(spec, item, props.get(key, {}), tally, f"{where}.{key}")
        ]
    if isinstance(value, list):
        return [p for item in value for p in check_enums(spec, item, schema.get("items", {}), tally, f"{where}[]")]
    if "enum" in schema:
        tally.enum_values_checked += 1
        if value not in schema["enum"]:
            return [f"{where}: {value!r} is not in the spec's enum {schema['enum']}"]
    return []


def summary(tally: Tally) -> str:
    lines = [
        "",
        "Stripe contract (sandbox vs stripe-mock and Stripe's OpenAPI spec)",
        f"  {'case':60} {'outcome':30} detail",
        *(f"  {name:60} {outcome:30} {detail}" for name, outcome, detail in tally.rows),
        f"  requests checked:              {tally.requests}",
        f"    accepted by both:            {tally.accepted_by_both}",
        f"    rejections matched:          {tally.rejections_matched}",
        f"    rejected as Stripe does (stripe-mock does not check): {tally.rejections_per_stripe}",
        f"  objects compared:              {tally.objects_compared}",
        f"  fields compared (vs stripe-mock): {tally.fields_compared}",
        f"  spec-declared fields beyond stripe-mock's fixture: {tally.spec_only_fields}",
        f"  enum values checked:           {tally.enum_values_checked}",
    ]
    return "\n".join(lines)
