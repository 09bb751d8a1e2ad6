"""What the sandbox does beyond stripe-mock (which is stateless): the rules of issue 14 with state.

test_contract.py checks shapes and rejections against stripe-mock; these check behaviour: list
filters and cursors, nested expand, updates, the idempotency key limit, the spec's enums in answers.
"""

from __future__ import annotations

import time
import uuid

import httpx
import pytest
import stripe

from .helpers import API_KEY, pay, session_params


def _new_sessions(client: stripe.StripeClient, n: int) -> list[str]:
    return [client.v1.checkout.sessions.create(params=session_params()).id for _ in range(n)]


def test_created_filters_select_by_creation_time(client: stripe.StripeClient) -> None:
    [session_id] = _new_sessions(client, 1)
    created = client.v1.checkout.sessions.retrieve(session_id).created

    def listed(**created_filter: int) -> list[str]:
        return [s.id for s in client.v1.checkout.sessions.list(params={"created": created_filter, "limit": 100}).data]

    assert session_id in listed(gte=created, lte=created)
    assert session_id in listed(gt=created - 1)
    assert session_id not in listed(gt=created)
    assert session_id not in listed(lt=created)
    assert listed(gte=int(time.time()) + 3600) == []
    exact = client.v1.checkout.sessions.list(params={"created": created, "limit": 100}).data
    assert session_id in [s.id for s in exact] and {s.created for s in exact} == {created}


def test_starting_after_and_ending_before_walk_the_list(client: stripe.StripeClient) -> None:
    _new_sessions(client, 4)
    everything = [s.id for s in client.v1.checkout.sessions.list(params={"limit": 100}).data]
    first = client.v1.checkout.sessions.list(params={"limit": 2})
    assert [s.id for s in first.data] == everything[:2] and first.has_more
    second = client.v1.checkout.sessions.list(params={"limit": 2, "starting_after": first.data[-1].id})
    assert [s.id for s in second.data] == everything[2:4]
    back = client.v1.checkout.sessions.list(params={"limit": 2, "ending_before": second.data[0].id})
    assert [s.id for s in back.data] == everything[:2]


def test_nested_expand_replaces_ids_at_every_level(client: stripe.StripeClient, http: httpx.Client) -> None:
    [session_id] = _new_sessions(client, 1)
    assert pay(http, session_id).status_code == 200
    session = client.v1.checkout.sessions.retrieve(
        session_id, params={"expand": ["payment_intent.latest_charge", "line_items"]}
    )
    assert session.payment_intent.object == "payment_intent"
    assert session.payment_intent.latest_charge.object == "charge"
    assert session.payment_intent.latest_charge.amount == session.amount_total
    assert [i.quantity for i in session.line_items.data] == [1, 2]

    listed = client.v1.checkout.sessions.list(
        params={"payment_intent": session.payment_intent.id, "expand": ["data.payment_intent"]}
    )
    assert [s.payment_intent.id for s in listed.data] == [session.payment_intent.id]

    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve(session_id, params={"expand": ["payment_intent.nonsense"]})
    assert caught.value.param == "expand"
    assert "payment_intent.nonsense" in caught.value.user_message


def test_update_merges_and_unsets_metadata(client: stripe.StripeClient) -> None:
    [session_id] = _new_sessions(client, 1)
    updated = client.v1.checkout.sessions.update(
        session_id, params={"metadata": {"note": "window seat", "user_id": ""}}
    )
    assert updated.metadata.to_dict() == {"quote_id": "quote-123", "note": "window seat"}
    assert client.v1.checkout.sessions.retrieve(session_id).metadata.to_dict() == updated.metadata.to_dict()
    cleared = client.v1.checkout.sessions.update(session_id, params={"metadata": ""})
    assert cleared.metadata.to_dict() == {}


def test_search_is_not_an_endpoint(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve("search")
    assert (caught.value.http_status, caught.value.code) == (404, "resource_missing")


def test_idempotency_keys_are_capped_at_255_characters(client: stripe.StripeClient) -> None:
    key = uuid.uuid4().hex * 8  # 256 characters
    ok = client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": key[:255]})
    assert ok.id.startswith("cs_test_")
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=session_params(), options={"idempotency_key": key})
    assert caught.value.http_status == 400
    assert "255" in caught.value.user_message


def test_answers_carry_the_fields_and_enum_values_of_the_spec(client: stripe.StripeClient) -> None:
    [session_id] = _new_sessions(client, 1)
    session = client.v1.checkout.sessions.retrieve(session_id)
    assert session.ui_mode == "hosted_page"
    assert session.shipping_options == []
    assert session.custom_text.to_dict() == {
        "after_submit": None,
        "shipping_address": None,
        "submit": None,
        "terms_of_service_acceptance": None,
    }


def test_a_ui_mode_without_a_sandbox_page_is_refused(client: stripe.StripeClient) -> None:
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create(params=session_params(ui_mode="embedded_page"))
    assert caught.value.param == "ui_mode"


def test_get_parameters_are_checked_too(base_url: str) -> None:
    response = httpx.get(
        f"{base_url}/v1/refunds", params={"colour": "red"}, headers={"Authorization": f"Bearer {API_KEY}"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parameter_unknown"
    assert response.json()["error"]["param"] == "colour"
