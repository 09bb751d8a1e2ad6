"""Staff accounts, from the command line (an operator's tool; there is no web form for it).

    python -m services.users.admin create-staff EMAIL [--password P] [--first-name F] [--last-name L]
    python -m services.users.admin remove-staff EMAIL

`create-staff` is idempotent. A new address gets an active staff account (the operator vouches for
it, so no confirmation e-mail). An active traveller is promoted and keeps their password unless one
is given. A pending (unconfirmed) account is promoted, confirmed and given a NEW password (the given
or a generated one): whoever typed its sign-up password never proved the address, and must not
inherit staff rights with it. `remove-staff` makes staff a traveller again.

Same rules as sign-up (validation.py: names, e-mail, password; argon2id through Passwords). The
change and its event (`users.created` for a newly active account, `users.role_changed` otherwise)
are committed in one transaction through the outbox, then published: the projector copies the
role into Mongo `users`, where the web checks it on every staff page load and event. If Kafka is
down the event stays in the outbox and the users worker publishes it on its next command or start.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from services.clock import Clock, utc_now
from services.errors import ValidationFailed
from services.messaging.registry import Message
from services.messaging.topics import USERS_CREATED
from services.roles import STAFF, TRAVELLER
from services.users import outbox, repository
from services.users.events import UserCreated, UserRoleChanged
from services.users.models import User
from services.users.passwords import Passwords
from services.users.validation import check_email, check_name, check_new_password, message, normalized_email

SessionFactory = Callable[[], Session]
_TEXTS = {"no_account": "No account has this e-mail address."}

# `make run`'s demo operator (devstack/__main__.py prints it with the URL). A fixed, public password:
# for a laptop demo only — a real deployment creates its staff with this command instead.
DEMO_STAFF_EMAIL = "staff@dreams.test"  # .test: reserved, and accepted by the sign-up rules
DEMO_STAFF_PASSWORD = "dreams-staff-demo"


@dataclass(frozen=True)
class StaffChange:
    email: str
    outcome: str  # "created" | "promoted" | "password_set" | "unchanged" | "demoted"
    password: str | None = None  # set only when this run set it (given or generated): print it once
    published: bool = True  # False: the event waits in the outbox for the users worker


def generate_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 bits


def _check(email: str, password: str | None, first_name: str, last_name: str) -> str:
    errors: dict[str, str] = {}
    check_email(email, errors)
    check_name("first_name", first_name, errors)
    check_name("last_name", last_name, errors)
    if password is not None:
        check_new_password(password, password, email, errors)
    if errors:
        raise ValidationFailed(errors)
    canonical = normalized_email(email)
    assert canonical is not None  # validated above
    return canonical


def create_staff(
    sessions: SessionFactory,
    email: str,
    *,
    password: str | None = None,
    first_name: str = "Staff",
    last_name: str = "Dreams",
    hasher: Passwords | None = None,
    clock: Clock = utc_now,
) -> StaffChange:
    """Make EMAIL a staff account (see the module's doc). ValidationFailed for a bad e-mail or password.

    Two runs at once for a new address: the password is chosen from a first read, so if the account
    is not as it was then when the write comes (or the insert meets the unique e-mail), the run
    starts over and finds the account the other made — it neither fails nor overwrites the
    password the other one printed."""
    email = _check(email, password, first_name, last_name)
    hasher = hasher or Passwords()
    for _ in range(3):
        try:
            change = _create_staff(sessions, email, password, first_name, last_name, hasher, clock)
        except IntegrityError:
            continue
        if change is not None:
            return change
    raise RuntimeError(f"the account {email} kept changing while this ran; run the command again")


def _state(user: User | None) -> str | None:
    return None if user is None else user.status


def _create_staff(
    sessions: SessionFactory,
    email: str,
    password: str | None,
    first_name: str,
    last_name: str,
    hasher: Passwords,
    clock: Clock,
) -> StaffChange | None:
    """One attempt; None when the account changed between the read and the write."""
    now = clock()
    with sessions() as session:
        user = repository.get_by_email(session, email)
        seen = _state(user)
        new_password = password
        if user is None or user.status != "active":
            new_password = password or generate_password()
        password_hash = hasher.hash(new_password) if new_password else None  # ~75 ms, outside the transaction
    with sessions() as session:
        user = repository.get_by_email(session, email)
        if _state(user) != seen:
            return None
        if user is None:
            user = User(
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                email=email,
                email_normalized=email.lower(),
                status="active",
                role=STAFF,
                created_at=now,
                confirmed_at=now,
                password_hash=password_hash,
            )
            session.add(user)
            outcome, event = "created", UserCreated
        elif user.status != "active":
            user.status, user.confirmed_at, user.role = "active", now, STAFF
            outcome, event = "promoted", UserCreated  # the projection learns of the account only now
        elif user.role != STAFF:
            user.role = STAFF
            outcome, event = "promoted", UserRoleChanged
        else:  # already staff: at most a new password, which no event carries
            outcome, event = ("password_set" if password_hash else "unchanged"), None
        if password_hash:
            user.password_hash, user.updated_at = password_hash, now
        _announce(session, user, event, now)
        shown = user.email  # as the account spells it, not as typed now
        session.commit()
    return StaffChange(email=shown, outcome=outcome, password=new_password)


def remove_staff(sessions: SessionFactory, email: str, *, clock: Clock = utc_now) -> StaffChange:
    """Staff → traveller; an unknown address is a ValidationFailed on `email`."""
    now = clock()
    with sessions() as session:
        user = repository.get_by_email(session, email)
        if user is None:
            raise ValidationFailed({"email": "no_account"})
        outcome = "demoted" if user.role == STAFF else "unchanged"
        if outcome == "demoted":
            user.role = TRAVELLER
            # A pending account is not in the projection yet: its users.created will carry the role.
            _announce(session, user, UserRoleChanged if user.status == "active" else None, now)
        shown = user.email
        session.commit()
    return StaffChange(email=shown, outcome=outcome)


def _announce(session: Session, user: User, event: type[Message] | None, now) -> None:
    if event is None:
        return
    user.updated_at = now
    user.version += 1
    session.add(user)
    session.flush()
    outbox.add(session, USERS_CREATED.name, user.id, event(**repository.snapshot(user)), now)


def publish_pending(sessions: SessionFactory, settings) -> bool:
    """Publish the outbox now (a short wait for Kafka); False if it must wait for the users worker."""
    from services.messaging.kafka_config import producer_config
    from services.messaging.publisher import Publisher

    publisher = Publisher(producer_config(settings), ack_timeout_s=min(settings.kafka_request_timeout_s, 10))
    try:
        outbox.flush(sessions, publisher.publish, utc_now)
        return True
    except outbox.PublishPending:
        return False
    finally:
        publisher.close()


def ensure_demo_staff(settings) -> StaffChange:
    """`make run`: the demo operator exists, as staff, with the demo password. Idempotent."""
    sessions = _sessions(settings)
    with sessions() as session:
        user = repository.get_by_email(session, DEMO_STAFF_EMAIL)
        fine = (
            user is not None
            and user.role == STAFF
            and user.status == "active"
            and Passwords().verify(user.password_hash, DEMO_STAFF_PASSWORD)
        )
    change = (
        StaffChange(DEMO_STAFF_EMAIL, "unchanged")
        if fine
        else create_staff(
            sessions, DEMO_STAFF_EMAIL, password=DEMO_STAFF_PASSWORD, first_name="Demo", last_name="Staff"
        )
    )
    published = publish_pending(sessions, settings)
    return StaffChange(change.email, change.outcome, DEMO_STAFF_PASSWORD, published)


def _sessions(settings) -> SessionFactory:
    from functools import partial

    from services.users.db import make_engine, migrate

    engine = make_engine(settings.database_url)
    migrate(engine)
    return partial(Session, engine)


def main(argv: list[str] | None = None) -> int:
    from services.config import get_settings

    parser = argparse.ArgumentParser(prog="python -m services.users.admin", description="Staff accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-staff", help="create a staff account, or promote an existing one")
    create.add_argument("email")
    create.add_argument("--password", help="default: keep an active account's password, else generate one")
    create.add_argument("--first-name", default="Staff")
    create.add_argument("--last-name", default="Dreams")
    remove = commands.add_parser("remove-staff", help="make a staff account a traveller again")
    remove.add_argument("email")
    args = parser.parse_args(argv)

    try:
        if args.command == "create-staff":  # bad input is answered before any database is opened
            _check(args.email, args.password, args.first_name, args.last_name)
        settings = get_settings()
        sessions = _sessions(settings)
        if args.command == "create-staff":
            change = create_staff(
                sessions, args.email, password=args.password, first_name=args.first_name, last_name=args.last_name
            )
        else:
            change = remove_staff(sessions, args.email)
    except ValidationFailed as exc:
        for field, key in exc.fields.items():
            print(f"{field.replace('_', ' ')}: {_TEXTS.get(key) or message(key)}", file=sys.stderr)
        return 2
    print(f"{change.email}: {change.outcome}")
    if change.password:
        print(f"password: {change.password}")
    if not publish_pending(sessions, settings):
        print(
            "Kafka did not take the event yet: the users worker publishes it on its next command or start",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
