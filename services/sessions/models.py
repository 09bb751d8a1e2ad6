"""What a session knows about its user: a snapshot for the header, refreshed on profile changes."""

from datetime import datetime

from pydantic import BaseModel

from services.roles import TRAVELLER, Role


class SessionUser(BaseModel):
    user_id: str
    first_name: str
    last_name: str
    email: str
    # At log-in, for what the header shows (the staff links); access is decided on the role read
    # again on every staff page load and event (services/sessions/access.py).
    role: Role = TRAVELLER


class ActiveSession(BaseModel):
    user: SessionUser
    created_at: datetime
    expires_at: datetime
