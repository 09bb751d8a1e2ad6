"""What a session knows about its user: a snapshot for the header, refreshed on profile changes."""
from datetime import datetime

from pydantic import BaseModel


class SessionUser(BaseModel):
    user_id: str
    first_name: str
    last_name: str
    email: str


class ActiveSession(BaseModel):
    user: SessionUser
    created_at: datetime
    expires_at: datetime
