"""Accessibility checks for the browser tests: axe-core, as bundled by axe-playwright-python.

``assert_no_axe_violations(page)`` runs axe-core's WCAG 2.0 A/AA and 2.1 AA rules on the page
Playwright shows now, and fails with a readable list of what it found (rule, impact, help, the
CSS targets of the offending nodes). Nothing downloads: the script is the ``axe.min.js`` file
inside the installed package. It is evaluated through the DevTools protocol rather than added as
a ``<script>`` tag, so the site's nonce-based Content-Security-Policy does not block it.

    from tests.axe import assert_no_axe_violations

    page.goto(url)
    assert_no_axe_violations(page)                       # the whole page
    assert_no_axe_violations(page, context="main")       # only within <main>
"""
from pathlib import Path

import axe_playwright_python

AXE_SCRIPT_PATH = Path(axe_playwright_python.__file__).parent / "axe.min.js"
_AXE_SCRIPT = None

#: The rule sets the project promises to meet.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _script():
    global _AXE_SCRIPT
    if _AXE_SCRIPT is None:
        _AXE_SCRIPT = AXE_SCRIPT_PATH.read_text(encoding="utf-8")
    return _AXE_SCRIPT


def axe_violations(page, context=None, tags=TAGS):
    """axe-core's violations on ``page`` (a list of axe's result dicts), limited to ``context`` if given.

    ``context`` is anything axe.run accepts as its context: a CSS selector, or a dict such as
    ``{"exclude": [["#map"]]}``.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_script())
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    return page.evaluate(
        "([context, options]) => (context === null ? axe.run(document, options) : axe.run(context, options))"
        ".then(results => results.violations)",
        [context, options],
    )


def format_violations(violations):
    """One readable block per violated rule: id, impact, help, and each node's target and summary."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact') or 'n/a'}): {violation['help']}"
                     f" [{len(violation['nodes'])} node(s)] {violation.get('helpUrl', '')}")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node.get("target", []))
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            lines.append(f"    {target}: {summary[:300]}")
            html = (node.get("html") or "").strip()
            if html:
                lines.append(f"      {html[:200]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, context=None, tags=TAGS):
    """Fail, listing every violation readably, when axe-core finds any on ``page`` (see the module doc)."""
    violations = axe_violations(page, context=context, tags=tags)
    if violations:
        raise AssertionError(f"axe-core found {len(violations)} violated rule(s) on {page.url}:\n"
                             + format_violations(violations))
