"""axe-core in the browser tests: every WCAG 2.2 A and AA rule, and the landmark rule.

axe-core is vendored (tests/browser/vendor/axe-core, MPL-2.0) so the tests download
nothing. It is evaluated through the DevTools protocol, which the pages' Content Security
Policy does not govern, so the pages are checked exactly as they are served.
"""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()

# Every rule of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Besides: all content in landmarks (a back link once sat outside them on 51 pages).
EXTRA_RULES = ["region"]

RUN = """async ([tags, extra]) => {
  const rules = Object.fromEntries(extra.map((id) => [id, {enabled: true}]));
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " — " + n.failureSummary.replace(/\\s+/g, " ")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """The page's accessibility violations as axe-core finds them (an empty list if none)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_SOURCE}\n }}")
    return page.evaluate(RUN, [WCAG_22_AA, EXTRA_RULES])


def assert_accessible(page) -> None:
    """No WCAG 2.2 AA violation on the page as it is now (axe-core)."""
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:5]) for v in violations
    )
    assert not violations, f"axe-core found on {page.url}:\n{report}"
