"""One direction's flights as a timeline: every segment (local time and UTC offset where it happens,
airports, duration, aircraft) with the layovers between them, plus stops and baggage."""

import reflex as rx

from dreams_app import styles

Item = rx.Var  # dict[str, str] from state/package_view.flight_items


def _moment(time: rx.Var, day: rx.Var, zone: rx.Var, place: rx.Var, testid: str) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(time, weight="bold", size="4", data_testid=testid),
            rx.text(day, size="1", style=styles.muted_text_style),
            rx.text(zone, size="1", style=styles.muted_text_style, data_testid=f"{testid}-zone"),
            spacing="0",
            width="6.5rem",
            flex_shrink="0",
        ),
        rx.text(place, size="2", flex="1", min_width="0"),
        align="start",
        spacing="3",
        width="100%",
    )


def _segment(item: Item) -> rx.Component:
    return rx.el.li(
        rx.vstack(
            rx.hstack(
                rx.badge(item["flight"], variant="soft", radius="full"),
                rx.text(item["duration"], size="2", style=styles.muted_text_style),
                rx.text(item["aircraft"], size="1", style=styles.muted_text_style),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            _moment(item["dep_time"], item["dep_day"], item["dep_zone"], item["dep_place"], "segment-departure"),
            _moment(item["arr_time"], item["arr_day"], item["arr_zone"], item["arr_place"], "segment-arrival"),
            spacing="2",
            padding_left="1rem",
            border_left=f"3px solid {rx.color(styles.ACCENT, 8)}",
        ),
        list_style="none",
        data_testid="flight-segment",
    )


def _layover(item: Item) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.icon("clock", size=14, aria_hidden="true"),
            rx.text(item["text"], size="2"),
            align="center",
            spacing="2",
            padding="0.375rem 0.75rem",
            border_radius="999px",
            background_color=rx.color("amber", 3),
            color=rx.color("amber", 11),
            width="fit-content",
        ),
        list_style="none",
        data_testid="layover",
    )


def flight_timeline(
    title: rx.Var[str], info: rx.Var[dict[str, str]], items: rx.Var[list[dict[str, str]]], testid: str
) -> rx.Component:
    return rx.vstack(
        rx.vstack(
            rx.heading(title, " · ", info["route"], as_="h3", size="4"),
            rx.text(
                info["day"], " · ", info["duration"], " · ", info["stops"], size="2", style=styles.muted_text_style
            ),
            rx.hstack(
                rx.icon("luggage", size=14, aria_hidden="true"),
                rx.text(info["baggage"], size="2"),
                rx.text("·", aria_hidden="true"),
                rx.text(info["cabin"], size="2"),
                align="center",
                spacing="2",
                wrap="wrap",
                data_testid="baggage",
            ),
            spacing="1",
        ),
        rx.el.ol(
            rx.foreach(items, lambda item: rx.cond(item["kind"] == "layover", _layover(item), _segment(item))),
            display="flex",
            flex_direction="column",
            gap="0.75rem",
            padding="0",
            margin="0",
        ),
        spacing="3",
        width="100%",
        data_testid=testid,
    )
