"""`/`: the brand, the package search in the hero, and what makes a Dreams package different.

`?from=GRU&to=LIS&…` prefills the form (the results page's "Change search" link).
"""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.search_form import search_form
from dreams_app.i18n import t
from dreams_app.state.auth import AuthState
from dreams_app.state.search import SearchState
from dreams_app.template import page


def _feature(icon: str, title_key: str, text_key: str) -> rx.Component:
    return rx.vstack(
        rx.center(
            rx.icon(icon, size=22, aria_hidden="true"),
            width="2.75rem",
            height="2.75rem",
            border_radius="0.75rem",
            background_color=rx.color(styles.ACCENT, 3),
            color=rx.color(styles.ACCENT, 11),
        ),
        rx.heading(t(title_key), as_="h2", size="4"),
        rx.text(t(text_key), style=styles.muted_text_style),
        spacing="2",
        style=styles.card_style,
    )


@page(route=routes.HOME, title_key="home.title", on_load=SearchState.prefill)
def home_page() -> rx.Component:
    return rx.vstack(
        rx.vstack(
            rx.heading(
                t("home.hero_title"),
                as_="h1",
                size="9",
                weight="bold",
                letter_spacing="-0.03em",
                max_width="40rem",
                font_size=["2rem", "2.75rem", "3.25rem"],
                line_height="1.1",
            ),
            rx.text(t("home.hero_text"), size="4", max_width="36rem", color=rx.color("gray", 11)),
            rx.box(search_form(), width="100%", margin_top="0.5rem"),
            spacing="4",
            style={**styles.hero_style, "padding": ["1.25rem 0.75rem", "2.5rem 2rem", "3.5rem 3.5rem"]},
        ),
        rx.grid(
            _feature("map", "home.feature_one_title", "home.feature_one_text"),
            _feature("lock", "home.feature_two_title", "home.feature_two_text"),
            _feature("credit-card", "home.feature_three_title", "home.feature_three_text"),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="4",
            width="100%",
        ),
        rx.cond(
            AuthState.is_staff,
            rx.flex(  # the users list is for staff (it checks again itself)
                rx.link(
                    t("home.cta_users"),
                    rx.icon("arrow-right", size=16, aria_hidden="true"),
                    href=routes.users_url(),
                    style=styles.nav_link_style,
                    display="inline-flex",
                    align_items="center",
                    gap="0.375rem",
                ),
                justify="center",
                width="100%",
            ),
        ),
        spacing="6",
        width="100%",
    )
