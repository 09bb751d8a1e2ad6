"""The shared base of every feature state: the visitor's language, kept in the browser.

Feature states subclass `AppState`, so their computed vars can read `self.lang` and re-render
(server-side Babel formatting included) the moment the visitor switches language.
"""

import reflex as rx

from dreams_app.locales import DEFAULT_LOCALE, HTML_LANG, normalise_locale

LOCALE_STORAGE_KEY = "dreams_locale"


class AppState(rx.State):
    # Not a secret, so localStorage is fine; `sync` applies a switch to every open tab.
    locale: str = rx.LocalStorage(DEFAULT_LOCALE, name=LOCALE_STORAGE_KEY, sync=True)

    @rx.var
    def lang(self) -> str:
        """The locale in use: the stored choice if we support it, else the default."""
        return normalise_locale(self.locale)

    def client_address(self) -> str:
        """The browser's address, which the users worker throttles by. Reflex takes it from the
        websocket's peer, or from X-Forwarded-For only behind `trusted_proxy_hops` proxies of our
        own (services/config.py → rxconfig.py): by default the header is ignored, anyone can send it."""
        return self.router.session.client_ip or "unknown"

    @rx.event
    def set_locale(self, locale: str | list[str]):
        # The segmented control's on_change is typed str | list[str]; a single choice is a str.
        self.locale = normalise_locale(locale if isinstance(locale, str) else next(iter(locale), None))
        # Screen readers pick their voice from <html lang>.
        return rx.call_script(f"document.documentElement.lang = '{HTML_LANG[self.locale]}'")
