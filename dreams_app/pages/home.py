"""`/`: the brand, a hero and the way in. The search form will live in the hero."""
import reflex as rx

from dreams_app import routes, styles
from dreams_app.i18n import t
from dreams_app.template import page


def _feature(icon: str, title_key: str, text_key: str) -> rx.Component:
    return rx.vstack(
        rx.center(rx.icon(icon, size=22, aria_hidden="true"), width="2.75rem", height="2.75rem",
                  border_radius="0.75rem", background_color=rx.color(styles.ACCENT, 3),
                  color=rx.color(styles.ACCENT, 11)),
        rx.heading(t(title_key), as_="h2", size="4"),
        rx.text(t(text_key), style=styles.muted_text_style),
        spacing="2",
        style=styles.card_style,
    )


@page(route=routes.HOME, title_key="home.title")
def home_page() -> rx.Component:
    return rx.vstack(
        rx.vstack(
            rx.heading(t("home.hero_title"), as_="h1", size="9", weight="bold", letter_spacing="-0.03em",
                       max_width="40rem", font_size=["2.25rem", "3rem", "3.75rem"], line_height="1.1"),
            rx.text(t("home.hero_text"), size="5", max_width="36rem", color=rx.color("gray", 11)),
            rx.link(t("home.cta_users"), rx.icon("arrow-right", size=18, aria_hidden="true"),
                    href=routes.users_url(), style=styles.cta_link_style, margin_top="1rem"),
            spacing="4",
            style=styles.hero_style,
        ),
        rx.grid(
            _feature("map", "home.feature_one_title", "home.feature_one_text"),
            _feature("lock", "home.feature_two_title", "home.feature_two_text"),
            _feature("credit-card", "home.feature_three_title", "home.feature_three_text"),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="4",
            width="100%",
        ),
        spacing="6",
        width="100%",
    )
