"""The sandbox's spec rules on a tiny OpenAPI document (pure logic; the real spec is exercised
against stripe-mock in tests/integration/stripe_sandbox/test_contract.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.stripe_sandbox.errors import StripeError
from devstack.stripe_sandbox.spec import Spec

FORM = "application/x-www-form-urlencoded"
DOCUMENT = {
    "info": {"version": "2099-01-01.test"},
    "components": {
        "schemas": {
            "thing": {
                "type": "object",
                "required": ["id", "tags", "text"],
                "x-expandableFields": ["owner"],
                "properties": {
                    "id": {"type": "string"},
                    "object": {"enum": ["thing"], "type": "string"},
                    "kind": {"enum": ["a", "b"], "type": "string", "nullable": True},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "text": {"$ref": "#/components/schemas/text"},
                    "note": {"type": "string"},  # optional: may be absent
                    "owner": {
                        "anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/owner"}],
                        "nullable": True,
                        "x-expansionResources": {"oneOf": [{"$ref": "#/components/schemas/owner"}]},
                    },
                },
            },
            "text": {"type": "object", "properties": {"submit": {"type": "string", "nullable": True}}},
            "owner": {"type": "object", "properties": {"id": {"type": "string"}, "object": {"enum": ["owner"]}}},
        }
    },
    "paths": {
        "/v1/things": {
            "post": {
                "requestBody": {
                    "content": {
                        FORM: {
                            "schema": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "kind": {"enum": ["a", "b"], "type": "string"},
                                    "count": {"type": "integer"},
                                    "money": {"type": "string", "format": "currency"},
                                    "metadata": {
                                        "anyOf": [
                                            {"type": "object", "additionalProperties": {"type": "string"}},
                                            {"enum": [""], "type": "string"},
                                        ]
                                    },
                                    "item": {
                                        "type": "object",
                                        "required": ["name"],
                                        "properties": {"name": {"type": "string", "maxLength": 5}},
                                    },
                                    "expand": {"type": "array", "items": {"type": "string"}},
                                },
                            }
                        }
                    }
                }
            },
            "get": {
                "parameters": [
                    {
                        "in": "query",
                        "name": "created",
                        "schema": {
                            "anyOf": [
                                {"type": "object", "properties": {"gte": {"type": "integer"}}},
                                {"type": "integer"},
                            ]
                        },
                    },
                    {"in": "query", "name": "limit", "schema": {"type": "integer"}},
                ]
            },
        }
    },
}


@pytest.fixture
def spec() -> Spec:
    return Spec(DOCUMENT)


def _error(spec: Spec, method: str, params: dict) -> StripeError:
    with pytest.raises(StripeError) as caught:
        spec.check_request(method, "/v1/things", params)
    return caught.value


@pytest.mark.parametrize(
    "params, code, param",
    [
        ({"surprise": "1"}, "parameter_unknown", "surprise"),
        ({"item": {"name": "x", "colour": "red"}}, "parameter_unknown", "item[colour]"),
        ({"item": {}}, "parameter_missing", "item[name]"),
        ({"item": {"name": "toolong"}}, "parameter_invalid", "item[name]"),
        ({"kind": "c"}, "parameter_invalid", "kind"),
        ({"count": "1.5"}, "parameter_invalid_integer", "count"),
        ({"money": "xyz"}, "parameter_invalid", "money"),
        ({"metadata": "x"}, "parameter_invalid", "metadata"),
        ({"expand": "owner"}, "parameter_invalid", "expand"),
    ],
)
def test_requests_outside_the_spec_get_stripes_error(spec: Spec, params: dict, code: str, param: str) -> None:
    error = _error(spec, "POST", params)
    assert (error.status, error.type, error.code, error.param) == (400, "invalid_request_error", code, param)


def test_an_enum_error_lists_the_allowed_values(spec: Spec) -> None:
    assert _error(spec, "POST", {"kind": "c"}).message == "Invalid kind: must be one of a, or b"


def test_requests_inside_the_spec_pass(spec: Spec) -> None:
    spec.check_request(
        "POST",
        "/v1/things",
        {
            "kind": "a",
            "count": "-3",
            "money": "BRL",
            "metadata": {"any": "thing"},
            "item": {"name": "ok"},
            "expand": ["owner"],
        },
    )
    spec.check_request("POST", "/v1/things", {"metadata": ""})  # "" unsets


def test_query_parameters_are_checked_for_get(spec: Spec) -> None:
    spec.check_request("GET", "/v1/things", {"created": {"gte": "5"}, "limit": "3"})
    spec.check_request("GET", "/v1/things", {"created": "5"})
    assert _error(spec, "GET", {"created": {"gte": "soon"}}).param == "created[gte]"
    assert _error(spec, "GET", {"kind": "a"}).code == "parameter_unknown"


def test_complete_adds_required_and_nullable_fields_only(spec: Spec) -> None:
    done = spec.complete_object({"id": "t_1", "object": "thing"})
    assert done == {"id": "t_1", "object": "thing", "kind": None, "tags": [], "text": {"submit": None}, "owner": None}


def test_complete_follows_an_expanded_field_into_its_resource(spec: Spec) -> None:
    done = spec.complete_object({"id": "t_1", "object": "thing", "owner": {"id": "o_1", "object": "owner"}})
    assert done["owner"] == {"id": "o_1", "object": "owner"}
    assert spec.expandable(spec.object_schema("thing")) == ["owner"]
    assert spec.is_expansion(spec.object_schema("thing"), "owner")


def test_a_missing_spec_file_names_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="make install"):
        Spec.load(tmp_path / "spec3.json")
