"""Keeps keyboard focus after an in-app page change. The router swaps the page without a load, so
the link just pressed disappears and focus falls back to <body>: a keyboard user would start again
from the top, and a screen reader says nothing. On a path change (not a filter's query change) this
moves focus to <main> (tabindex=-1, the skip link's target), unless the new page focused something."""

import json

import reflex as rx

from dreams_app.components.page_layout import MAIN_ID


def route_focus_script() -> rx.Component:
    # Until the visitor presses a key or the pointer (at most 10 s: the new page may render late and
    # replace <main>), focus that falls to <body> goes to <main>; focus anywhere else is left alone.
    main = json.dumps(MAIN_ID)
    return rx.script(
        "(function(){var last=location.pathname,run=0;"
        "['keydown','pointerdown'].forEach(function(k){addEventListener(k,function(){run++},true)});"
        "function settle(n,id){if(id!==run)return;var a=document.activeElement;"
        "if(!a||a===document.body||!a.isConnected){var m=document.getElementById(" + main + ");"
        "if(m)m.focus({preventScroll:true})}"
        "if(n>0)setTimeout(function(){settle(n-1,id)},50)}"
        "function moved(){if(location.pathname===last)return;last=location.pathname;settle(200,++run)}"
        "['pushState','replaceState'].forEach(function(k){var o=history[k];"
        "history[k]=function(){var r=o.apply(this,arguments);moved();return r}});"
        "addEventListener('popstate',moved)})();"
    )
