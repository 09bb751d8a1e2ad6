"""axe-core scans in the browser: WCAG 2.0/2.1/2.2 A and AA plus axe's best practices, 0 violations.

`scan` injects the pinned axe.min.js (devstack/axe.py) once per document and returns its violations;
`describe` turns them into a failure message naming the page/state, rule, impact and selectors.
The `assert_accessible` fixture (tests/e2e/conftest.py) is the one-liner tests call per state.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Finite animations (Radix fades, slide-ins) jump to their end state, so axe reads the final colours.
_SETTLE = """() => document.getAnimations().forEach(a => {
  const end = a.effect && a.effect.getComputedTiming().endTime;
  if (end !== undefined && end !== Infinity) a.finish();
})"""

_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map(n => n.target.join(' '))}));
}"""


def scan(page: Page, script: Path) -> list[dict]:
    """The page's axe violations now: [{id, impact, help, targets: [selector, ...]}, ...]."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(script))
    page.evaluate(_SETTLE)
    return page.evaluate(_RUN, TAGS)


def node_count(violations: list[dict]) -> int:
    return sum(len(v["targets"]) for v in violations)


def describe(state: str, violations: list[dict], limit: int = 8) -> str:
    lines = [f"{state}: {len(violations)} rule(s), {node_count(violations)} element(s)"]
    for v in violations:
        shown = ", ".join(v["targets"][:limit]) + (
            f" … +{len(v['targets']) - limit}" if len(v["targets"]) > limit else ""
        )
        lines.append(f"  {v['id']} ({v['impact']}) {v['help']}: {shown}")
    return "\n".join(lines)
