"""Who may open a staff page (services/sessions/access.py)."""

from datetime import UTC, datetime

import pytest

from services.sessions.access import StaffAccess, staff_access
from services.sessions.check import SIGNED_OUT, UNCHECKED, Access, SessionCheck
from services.sessions.models import ActiveSession, SessionUser

AT = datetime(2026, 12, 3, tzinfo=UTC)


def signed_in(session_role: str = "traveller") -> SessionCheck:
    user = SessionUser(user_id="u1", first_name="Ana", last_name="Souza", email="a@x.test", role=session_role)
    return SessionCheck(Access.SIGNED_IN, ActiveSession(user=user, created_at=AT, expires_at=AT))


@pytest.mark.parametrize(
    ("result", "role", "expected"),
    [
        (SIGNED_OUT, None, StaffAccess.LOG_IN),
        (SIGNED_OUT, "staff", StaffAccess.LOG_IN),
        (UNCHECKED, "staff", StaffAccess.UNAVAILABLE),
        (signed_in(), None, StaffAccess.UNAVAILABLE),  # the role could not be read: never assumed
        (signed_in(), "traveller", StaffAccess.FORBIDDEN),
        (signed_in(), "admin", StaffAccess.FORBIDDEN),  # an unknown role is no role
        (signed_in(), "staff", StaffAccess.ALLOWED),
        # The current role decides, not the snapshot taken at log-in: demoted staff lose access.
        (signed_in("staff"), "traveller", StaffAccess.FORBIDDEN),
    ],
)
def test_staff_access(result, role, expected):
    assert staff_access(result, role) is expected
