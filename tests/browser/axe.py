"""axe-core in the browser suite: inject the library, run it, fail with a readable report.

axe-core comes from npm (package.json, installed by scripts/install-test-deps.sh); it is injected
into the page under test only, never shipped to the site's visitors.
"""

from pathlib import Path

import pytest

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
MAX_TARGETS = 3

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
    summary: v.nodes.length ? v.nodes[0].failureSummary : "",
  }));
}
"""


def axe_violations(page) -> list[dict]:
    """The violations axe-core finds on the page as it is now."""
    if not AXE_PATH.is_file():
        pytest.fail(f"{AXE_PATH} is missing: run scripts/install-test-deps.sh.")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_PATH))
    return page.evaluate(_RUN_AXE, AXE_TAGS)


def format_violations(violations: list[dict], context: str) -> str:
    lines = [f"axe-core: {len(violations)} violation(s) on {context}"]
    for v in violations:
        targets = v["targets"]
        shown = ", ".join(targets[:MAX_TARGETS])
        more = f" (+{len(targets) - MAX_TARGETS} more)" if len(targets) > MAX_TARGETS else ""
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']}")
        lines.append(f"    on {len(targets)} element(s): {shown}{more}")
        if v["summary"]:
            summary = " ".join(v["summary"].split())
            lines.append(f"    {summary}")
        lines.append(f"    {v['helpUrl']}")
    return "\n".join(lines)


def assert_no_axe_violations(page, context: str) -> None:
    """Fail the test if axe-core finds any WCAG 2.1 A/AA or best-practice violation."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(format_violations(violations, context), pytrace=False)
