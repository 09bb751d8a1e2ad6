"""Hotel stars as ★★★★☆ with a spoken label ("4 estrelas"), not five meaningless symbols."""

import reflex as rx


def star_rating(stars: rx.Var[str], label: rx.Var[str]) -> rx.Component:
    return rx.text(
        stars,
        role="img",
        aria_label=label,
        title=label,
        color=rx.color("amber", 9),
        letter_spacing="0.05em",
        size="2",
        as_="span",
    )
