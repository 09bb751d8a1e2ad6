"""Design tokens and named styles. A calm travel palette: teal sea, sand neutrals, warm accent.

Colours are Radix `rx.color` tokens. Radix's light scales miss WCAG AA in a few places we use
(white on teal/red/blue 9 is 3.1-3.9:1; teal/amber/red/blue 11 on their own 3-4 tints 3.8-4.3:1),
so `PALETTE` darkens exactly those steps; axe checks every page with them
(tests/e2e/test_accessibility.py). Only the light appearance is offered (no dark mode).
"""

import reflex as rx

ACCENT = "teal"
GRAY = "sand"

theme = rx.theme(appearance="light", accent_color=ACCENT, gray_color=GRAY, radius="large", scaling="100%")

stylesheets = ["/styles.css"]

# Radix steps replaced (light appearance). 9/10: solid fills under white text (>= 4.5:1 with white);
# 11: text and soft badges/buttons (>= 4.5:1 on steps 1-5 of its own scale and on the sand page).
# The alpha twins (-a9, -a10, -a11), which Links, soft Buttons and Badges read, get the same colour.
PALETTE: dict[str, dict[int, str]] = {
    "teal": {9: "#0e8073", 10: "#0a7568", 11: "#006b5d"},
    "red": {9: "#e0242a", 10: "#cc2529", 11: "#ae252a"},
    "blue": {9: "#0075cf", 10: "#046abc", 11: "#0b62af"},
    "amber": {11: "#915500"},
}


def palette_css() -> str:
    """The overrides as CSS. Doubled selectors outrank Radix's own `:root, .light, .light-theme`
    (including its display-p3 variant), whatever order the stylesheets load in."""
    props = "".join(
        f"--{scale}-{step}:{value};--{scale}-a{step}:{value};"
        for scale, steps in PALETTE.items()
        for step, value in steps.items()
    )
    toasts = "".join(f"--{kind}-text:{value};" for kind, value in TOAST_TEXT.items())
    return (
        f":root:root,.light.light,.light-theme.light-theme{{{props}}}"
        f"[data-sonner-toaster][data-sonner-theme=light][data-sonner-toaster]{{{toasts}}}"
    )


# Sonner's rich-colour toasts (Reflex's "cannot connect" notice among them) put text at 3.1-4.4:1
# on their tinted backgrounds; these reach >= 5.7:1 on the tint and on white. The doubled attribute
# outranks sonner's own `[data-sonner-toaster][data-sonner-theme=light]`.
TOAST_TEXT: dict[str, str] = {
    "success": "#17663a",
    "info": PALETTE["blue"][11],
    "warning": PALETTE["amber"][11],
    "error": PALETTE["red"][11],
}


FONT_FAMILY = 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif'

MAX_WIDTH = "72rem"
PAGE_PADDING_X = ["1rem", "1.5rem", "2rem"]  # phone, tablet, desktop

base_style: dict = {
    "font_family": FONT_FAMILY,
}

header_style: dict = {
    "position": "sticky",
    "top": "0",
    "z_index": "10",
    "width": "100%",
    "background_color": rx.color("gray", 1, alpha=True),
    "backdrop_filter": "blur(8px)",
    "border_bottom": f"1px solid {rx.color('gray', 4)}",
}

container_style: dict = {
    "width": "100%",
    "max_width": MAX_WIDTH,
    "margin_x": "auto",
    "padding_x": PAGE_PADDING_X,
}

main_style: dict = {
    **container_style,
    "flex": "1",
    "padding_y": ["1.5rem", "2rem", "3rem"],
}

footer_style: dict = {
    "width": "100%",
    "border_top": f"1px solid {rx.color('gray', 4)}",
    "background_color": rx.color("gray", 2),
    "color": rx.color("gray", 11),
}

hero_style: dict = {
    "width": "100%",
    "border_radius": "1.5rem",
    "padding": ["2rem 1.25rem", "3rem 2.5rem", "4.5rem 4rem"],
    "background": (
        f"radial-gradient(120% 140% at 100% 0%, {rx.color('amber', 3)} 0%, transparent 55%),"
        f"linear-gradient(160deg, {rx.color(ACCENT, 3)} 0%, {rx.color('cyan', 2)} 100%)"
    ),
    "border": f"1px solid {rx.color(ACCENT, 5)}",
}

card_style: dict = {
    "width": "100%",
    "padding": "1.25rem",
    "border_radius": "1rem",
    "background_color": rx.color("gray", 1),
    "border": f"1px solid {rx.color('gray', 5)}",
    "box_shadow": f"0 1px 2px {rx.color('gray', 3, alpha=True)}",
}

muted_text_style: dict = {"color": rx.color("gray", 11)}

nav_link_style: dict = {
    "color": rx.color("gray", 12),
    "font_weight": "500",
    "padding": ["0.375rem 0.5rem", "0.375rem 0.75rem"],
    "border_radius": "999px",
    "text_decoration": "none",
    "_hover": {"background_color": rx.color(ACCENT, 3), "text_decoration": "none"},
}

avatar_style: dict = {"flex_shrink": "0"}

# A link that looks like the primary button (a <button> inside an <a> is invalid HTML).
cta_link_style: dict = {
    "display": "inline-flex",
    "align_items": "center",
    "gap": "0.5rem",
    "padding": "0.875rem 1.5rem",
    "border_radius": "999px",
    "font_size": "1.125rem",
    "font_weight": "500",
    "background_color": "var(--accent-9)",
    "color": "var(--accent-contrast)",
    "text_decoration": "none",
    "_hover": {"background_color": "var(--accent-10)", "text_decoration": "none"},
}

# Account forms (sign-up, log-in, profile)
form_card_style: dict = {
    **card_style,
    "padding": ["1.25rem", "2rem"],
}

field_label_style: dict = {"font_weight": "500", "font_size": "0.9375rem"}

field_error_style: dict = {
    "color": rx.color("red", 11),
    "align_items": "center",
    "gap": "0.25rem",
    "min_height": "1.25rem",
}

nav_signup_link_style: dict = {
    **nav_link_style,
    "color": rx.color(ACCENT, 11),
    "border": f"1px solid {rx.color(ACCENT, 7)}",
    "white_space": "nowrap",
}

# The first name in the header: never widen the bar on a phone.
user_name_style: dict = {
    "max_width": ["6rem", "10rem"],
    "overflow": "hidden",
    "text_overflow": "ellipsis",
    "white_space": "nowrap",
}
