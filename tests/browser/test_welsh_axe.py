"""axe-core finds nothing on the Welsh public pages: the petition list and page (with its
evidence chart), signing (and its errors), asking for a paper pack (with the puzzle on),
starting and supporting a resident's petition, and the privacy notice."""

from pathlib import Path

import pytest

from tests.factories import PetitionFactory, start_petition

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
if not AXE.exists():  # vendored with the accessibility checks of the public pages (issue 14)
    pytest.skip(f"axe-core is not vendored at {AXE}", allow_module_level=True)
# WCAG 2.1 A and AA, as the service standard asks.
AXE_RUN = """async () => {
  const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


@pytest.fixture
def axe_page(browser, live_server, transactional_db):
    """A page whose context lets axe's script in past the Content Security Policy (which is
    otherwise what the site sends)."""
    context = browser.new_context(base_url=live_server.url, locale="cy-GB", bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def welsh_petition(transactional_db):
    from doorstep.evidence import services

    petition = PetitionFactory(
        action="Keep the library open",
        action_cy="Cadwch y llyfrgell ar agor",
        background="The library is due to close.",
        background_cy="Mae'r llyfrgell i fod i gau.",
    )
    services.series_add(
        petition=petition,
        title="Ymweliadau",
        unit="ymweliad",
        source="Y cyngor",
        figures="2020: 12,000\n2024: 9,500\n",
        actor=None,
    )
    return petition


def test_the_welsh_public_pages_pass_axe(axe_page, welsh_petition, settings):
    page = axe_page
    import dataclasses

    from doorstep.trust.services import switches_set

    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, petition_scheme=True)
    switches_set(actor=None, proof_of_work_required=True)
    proposal = start_petition(language="cy")
    pk = welsh_petition.pk
    pages = [
        "/cy/petitions",
        f"/cy/petitions/{pk}",
        f"/cy/petitions/{pk}/sign",
        f"/cy/petitions/{pk}/paper-pack",
        "/cy/petitions/start",
        "/cy/petitions/start/what",
        f"/cy/petitions/{proposal.petition_id}/support/{proposal.share_token}",
        "/cy/privacy",
        "/cy/your-data",
    ]
    found = {}
    for path in pages:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == "cy", path
        if violations := axe_violations(page):
            found[path] = violations
    # A form sent empty: its error summary and messages, in Welsh.
    page.goto(f"/cy/petitions/{pk}/sign")
    page.get_by_role("button", name="Parhau").click()
    page.wait_for_selector(".govuk-error-summary")
    if violations := axe_violations(page):
        found["sign, with errors"] = violations
    assert found == {}
