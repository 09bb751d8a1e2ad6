"""The projector process on its own: duplicate and out-of-order users-created events."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.registry import wrap
from services.messaging.topics import USERS_CREATED
from services.users.events import UserCreated, UserProfileChanged
from tests.integration.conftest import eventually

pytestmark = pytest.mark.usefixtures("workers")


@pytest.fixture
def publisher(kafka):
    publisher = Publisher(producer_config(kafka))
    yield publisher
    publisher.close()


def snapshot(user_id: str, version: int, first_name: str) -> dict:
    now = datetime.now(UTC)
    return dict(
        id=user_id,
        first_name=first_name,
        last_name="Lima",
        email=f"{user_id}@dreams.test",
        locale="en",
        created_at=now,
        confirmed_at=now,
        updated_at=now,
        version=version,
    )


def test_same_event_twice_leaves_one_document(publisher, projection):
    user_id = uuid.uuid4().hex
    envelope = wrap(UserCreated(**snapshot(user_id, 1, "Bia")))
    publisher.publish(USERS_CREATED.name, envelope, key=user_id)
    doc = eventually(lambda: _one(projection, user_id))
    publisher.publish(USERS_CREATED.name, envelope, key=user_id)
    # A marker after the duplicate on the same partition: once it is applied, the duplicate was too.
    marker = wrap(UserProfileChanged(**snapshot(user_id, 2, "Bia Marker")))
    publisher.publish(USERS_CREATED.name, marker, key=user_id)
    eventually(lambda: _one(projection, user_id, first_name="Bia Marker"))
    assert projection.count_documents({"_id": user_id}) == 1
    assert doc["projected_event_id"] == envelope.id


def test_an_older_event_never_overwrites_a_newer_one(publisher, projection):
    user_id = uuid.uuid4().hex
    newer = wrap(UserProfileChanged(**snapshot(user_id, 3, "Newest")))
    older = wrap(UserCreated(**snapshot(user_id, 1, "Oldest")))
    publisher.publish(USERS_CREATED.name, newer, key=user_id)
    eventually(lambda: _one(projection, user_id, first_name="Newest"))
    publisher.publish(USERS_CREATED.name, older, key=user_id)
    marker_id = uuid.uuid4().hex  # same partition as user_id is not guaranteed: wait on the log instead
    publisher.publish(USERS_CREATED.name, wrap(UserCreated(**snapshot(marker_id, 1, "M"))), key=user_id)
    eventually(lambda: _one(projection, marker_id))
    doc = _one(projection, user_id)
    assert (doc["first_name"], doc["version"], doc["projected_event_id"]) == ("Newest", 3, newer.id)


def _one(collection, user_id: str, **match):
    doc = collection.find_one({"_id": user_id, **match})
    assert doc is not None
    return doc
