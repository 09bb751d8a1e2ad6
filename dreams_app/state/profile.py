"""Profile (/profile, logged-in only): change the names, change the password.

Every event checks the session again (cookie → Mongo), so a session ended in another tab or by
a password change elsewhere cannot save anything. After a password change the other sessions of
the user end; this one stays.
"""

from __future__ import annotations

import logging
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.state import forms
from dreams_app.state.auth import AuthState
from services.errors import DreamsError, ServiceUnavailable
from services.sessions.check import Access
from services.users import validation

logger = logging.getLogger(__name__)

NAME_FIELDS = ("first_name", "last_name")
PASSWORD_FIELDS = ("current_password", "new_password", "new_password_confirmation")
ID_PREFIX = "profile-"


class ProfileState(AuthState):
    profile_status: Literal["loading", "ready", "unavailable"] = "loading"  # unavailable: session store down
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    names_status: Literal["idle", "saving", "saved"] = "idle"
    password_status: Literal["idle", "saving", "saved"] = "idle"
    # Bumped to re-mount a form: its inputs are uncontrolled, so a new key is how new defaults show.
    names_form_key: int = 0
    password_form_key: int = 0
    _errors: dict[str, str] = {}
    _retry_after_s: int = 0

    @rx.var
    def errors(self) -> dict[str, str]:
        return forms.texts(self._errors, NAME_FIELDS + PASSWORD_FIELDS, self.lang, self._retry_after_s)

    @rx.event(background=True)
    async def open(self):
        """on_load: logged in → the form filled from the session; else to /login?next=/profile."""
        result = await self._checked()
        if result.access is Access.SIGNED_OUT:
            return rx.redirect(routes.login_url(routes.PROFILE), replace=True)
        async with self:
            if result.session is None:  # UNCHECKED: no form to fill from a session nobody could check
                self.profile_status = "unavailable"
                return None
            user = result.session.user
            self.profile_status = "ready"
            self.first_name, self.last_name, self.email = user.first_name, user.last_name, user.email
            self._errors, self.names_status, self.password_status = {}, "idle", "idle"
            self.names_form_key += 1
        return None

    async def _session(self):
        """(token, session) of this connection, checked now; session None when logged out.
        The session store down raises ServiceUnavailable: the form says so, nobody is logged out."""
        async with self:
            token = self._session_token()  # the cookie `_checked` reads too
        result = await self._checked()
        if result.access is Access.UNCHECKED:
            raise ServiceUnavailable("The session could not be checked.", dependency="mongo")
        return token, result.session

    @rx.event(background=True)
    async def save_names(self, form: dict[str, str]):
        first, last = str(form.get("first_name", "")).strip(), str(form.get("last_name", "")).strip()
        errors = validation.validate_profile(first_name=first, last_name=last)
        async with self:
            if self.names_status == "saving":
                return
            self._errors = errors
            if errors:
                return rx.set_focus(ID_PREFIX + forms.first_invalid(errors, NAME_FIELDS))
            self.names_status = "saving"
        try:
            _, session = await self._session()
            if session is None:
                async with self:
                    self.names_status = "idle"
                return rx.redirect(routes.login_url(routes.PROFILE))
            account = await backend.services().users.update_profile(session.user.user_id, first, last)
            await backend.services().sessions.rename(account.id, account.first_name, account.last_name)
        except Exception as exc:
            return await self._failed(exc, "names_status", NAME_FIELDS)
        async with self:
            self.first_name, self.last_name = account.first_name, account.last_name
            self.user_first_name = account.first_name  # the header
            self.names_status = "saved"

    @rx.event(background=True)
    async def change_password(self, form: dict[str, str]):
        current = str(form.get("current_password", ""))
        new, again = str(form.get("new_password", "")), str(form.get("new_password_confirmation", ""))
        async with self:
            if self.password_status == "saving":
                return
            errors = validation.validate_password_change(
                new_password=new, new_password_confirmation=again, email=self.email
            )
            if not current:
                errors = {"current_password": "required", **errors}
            self._errors = errors
            if errors:
                return rx.set_focus(ID_PREFIX + forms.first_invalid(errors, PASSWORD_FIELDS))
            self.password_status = "saving"
            client = self.client_address()
        try:
            token, session = await self._session()
            if session is None:
                async with self:
                    self.password_status = "idle"
                return rx.redirect(routes.login_url(routes.PROFILE))
            await backend.services().users.change_password(session.user.user_id, current, new, again, client)
            await backend.services().sessions.end_others(session.user.user_id, keep=token)
        except Exception as exc:
            return await self._failed(exc, "password_status", PASSWORD_FIELDS)
        async with self:
            self.password_status = "saved"
            self.password_form_key += 1

    async def _failed(self, exc: Exception, status_var: str, fields: tuple[str, ...]):
        if not isinstance(exc, DreamsError):
            logger.exception("profile change failed")
        errors = forms.service_errors(exc)
        async with self:
            self._errors, self._retry_after_s = errors, forms.retry_after_s(exc)
            setattr(self, status_var, "idle")
        field = forms.first_invalid(errors, fields)
        return rx.set_focus(ID_PREFIX + field) if field else None
