"""The developer's inbox: a list page and a message page. Plain HTML, every value escaped.

The HTML body is shown in a sandboxed iframe (`srcdoc`, no scripts) whose links open in the top
window, so a developer can click the confirmation link as a user would.
"""

from __future__ import annotations

from html import escape

from devstack.mailserver.links import urls_in_text
from devstack.mailserver.models import StoredMessage

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#1d3557;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:center}
header a{color:#fff;text-decoration:none;font-weight:600} header .muted{color:#d3dbe8}
main{max-width:1000px;margin:24px auto;padding:0 16px}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e3e6ea;vertical-align:top}
tr.msg:hover{background:#eef3fb} .muted{color:#687080}
iframe{width:100%;height:480px;border:1px solid #d0d5dc;background:#fff}
pre{white-space:pre-wrap;background:#fff;border:1px solid #d0d5dc;padding:12px}
button{cursor:pointer}
"""


def _layout(title: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><header><a href='/'>Dreams mail (local)</a>"
        f"<span class='muted'>messages sent to the local SendGrid stand-in</span></header>"
        f"<main>{body}</main></body></html>"
    )


def inbox_page(messages: list[StoredMessage], to: str | None = None) -> str:
    rows = "".join(
        f"<tr class='msg'><td>{escape(', '.join(m.to))}</td>"
        f"<td><a href='/messages/{escape(m.id)}'>{escape(m.subject) or '(no subject)'}</a></td>"
        f"<td class='muted'><time datetime='{m.received_at.isoformat()}'>"
        f"{m.received_at:%Y-%m-%d %H:%M:%S} UTC</time></td></tr>"
        for m in messages
    )
    if not rows:
        rows = "<tr><td colspan='3' class='muted'>No messages yet.</td></tr>"
    heading = f"Inbox for {escape(to)}" if to else "Inbox"
    body = (
        f"<h1>{heading} <span class='muted'>({len(messages)})</span></h1>"
        "<form method='post' action='/clear'><button type='submit'>Delete all</button></form><br>"
        f"<table><thead><tr><th>To</th><th>Subject</th><th>Received</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    return _layout(heading, body)


def message_page(m: StoredMessage) -> str:
    sender = f"{m.from_name} <{m.from_email}>" if m.from_name else m.from_email
    facts = [
        ("From", sender),
        ("To", ", ".join(m.to)),
        ("Cc", ", ".join(m.cc)),
        ("Reply-To", m.reply_to or ""),
        ("Subject", m.subject),
        ("Received", f"{m.received_at:%Y-%m-%d %H:%M:%S} UTC"),
        ("Categories", ", ".join(m.categories)),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in facts if v)
    links = "".join(f"<li><a href='{escape(url)}'>{escape(url)}</a></li>" for url in m.links)
    parts = [f"<h1>{escape(m.subject)}</h1><table>{table}</table>"]
    if links:
        parts.append(f"<h2>Links</h2><ul class='links'>{links}</ul>")
    if m.html:
        # <base target=_top>: links leave the iframe; the sandbox blocks scripts and forms.
        srcdoc = escape("<base target='_top'>" + m.html, quote=True)
        parts.append(
            "<h2>HTML</h2><iframe title='HTML body' sandbox='allow-popups "
            "allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation' "
            f'srcdoc="{srcdoc}"></iframe>'
        )
    if m.text:
        parts.append(f"<h2>Text</h2><pre class='text-body'>{linkify(m.text)}</pre>")
    return _layout(m.subject, "".join(parts))


def not_found_page(id_: str) -> str:
    return _layout("Not found", f"<h1>No message {escape(id_)}</h1><p><a href='/'>Back to the inbox</a></p>")


def linkify(text: str) -> str:
    """Escape plain text and turn its http(s) URLs into anchors."""
    out, pos = [], 0
    for url in urls_in_text(text):
        start = text.find(url, pos)
        out += [escape(text[pos:start]), f"<a href='{escape(url)}'>{escape(url)}</a>"]
        pos = start + len(url)
    out.append(escape(text[pos:]))
    return "".join(out)
