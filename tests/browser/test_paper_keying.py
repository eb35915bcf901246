"""The keying grid driven from the keyboard alone, as a volunteer with a handheld scanner would:
the scanner types the sheet code and Enter, then rows are typed, Tab and Enter only."""

import re

import pytest

from tests.factories import PetitionFactory, UserFactory, printed_sheet

from .chromium import chromium_missing_reason

if reason := chromium_missing_reason():
    pytest.skip(reason, allow_module_level=True)

from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def sign_in(page, user):
    page.goto("/staff/sign-in")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.keyboard.press("Enter")
    # A data-entry volunteer lands on the sheet finder.
    expect(page).to_have_url(re.compile(r"/staff/paper/$"))


def test_key_a_sheet_from_the_keyboard(page):
    from doorstep.paper.models import Sheet, SheetRow
    from doorstep.signatures.selectors.counts import petition_counts

    volunteer = UserFactory(role="data_entry")
    petition = PetitionFactory()
    sheet = printed_sheet(petition)
    sign_in(page, volunteer)

    # The sheet code box is focused, ready for the scanner.
    expect(page.get_by_role("heading", name="Key in a paper sheet")).to_be_visible()
    code_box = page.get_by_label("Sheet code")
    expect(code_box).to_be_focused()

    # A mistyped check character is refused at once.
    wrong = sheet.code[:-1] + ("2" if sheet.code[-1] != "2" else "3")
    page.keyboard.type(wrong)
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("a character is mistyped")

    page.get_by_label("Sheet code").fill("")
    page.get_by_label("Sheet code").focus()
    page.keyboard.type(sheet.code.lower())
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/staff/paper/sheets/{sheet.code}$"))
    expect(page.locator("#row-1-name")).to_be_focused()

    # Row 1: name, address, postcode, Enter saves and moves on.
    page.keyboard.type("Ann Lee")
    page.keyboard.press("Tab")
    page.keyboard.type("1 Elm Road")
    page.keyboard.press("Tab")
    page.keyboard.type("rm10 7xx")
    page.keyboard.press("Enter")
    expect(page.locator("#row-1-state")).to_have_text("Saved, counted")
    expect(page.locator("#row-2-name")).to_be_focused()
    # The count's hint follows the rows as they are keyed, without a reload.
    expect(page.locator("#keyed-so-far")).to_have_text("1")

    # Row 2: the postcode is checked as it is typed, then fixed; the updates box ticked with Space.
    page.keyboard.type("Bob Ray")
    page.keyboard.press("Tab")
    page.keyboard.type("2 Elm Road")
    page.keyboard.press("Tab")
    page.keyboard.type("RM10 XXZ")
    expect(page.locator("#row-2-postcode")).to_have_class(re.compile("govuk-input--error"))
    expect(page.locator("#row-2-state")).to_have_text("Postcode looks wrong: check it")
    page.keyboard.press("Enter")  # refused: the focus stays on the postcode
    expect(page.locator("#row-2-postcode")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Backspace")
    page.keyboard.type("7XY")
    expect(page.locator("#row-2-postcode")).not_to_have_class(re.compile("govuk-input--error"))
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.locator("#row-2-state")).to_have_text("Saved, counted")
    expect(page.locator("#keyed-so-far")).to_have_text("2")

    # Saving is per row: a browser that closes now loses nothing.
    page.reload()
    expect(page.locator("#row-1-name")).to_have_value("Ann Lee")
    expect(page.locator("#row-2-updates")).to_be_checked()
    expect(page.locator("#row-3-name")).to_be_focused()

    # Row 3 is illegible: Tab to the last box and choose it by its first letter.
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(page.locator("#row-3-status")).to_be_focused()
    page.keyboard.type("i")
    expect(page.locator("#row-3-status")).to_have_value("illegible")
    page.keyboard.press("Enter")
    expect(page.locator("#row-3-state")).to_have_text("Saved, illegible")

    # Enter on an empty row goes to the count; Enter there finishes the sheet.
    expect(page.locator("#row-4-name")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#declared_count")).to_be_focused()
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/staff/paper/$"))
    expect(page.get_by_text(re.compile(r"finished: 3 rows"))).to_be_visible()

    sheet.refresh_from_db()
    assert sheet.state == Sheet.State.KEYED and sheet.declared_count == 3
    rows = {r.number: r for r in SheetRow.objects.filter(sheet=sheet)}
    assert (rows[2].postcode, rows[2].updates_consent) == ("RM10 7XY", True)
    assert rows[3].status == "illegible"
    assert petition_counts(petition=petition).paper == 2


@pytest.mark.parametrize("width", [390, 1280])
def test_the_postcode_box_shows_a_whole_postcode(page, width):
    volunteer = UserFactory(role="data_entry")
    sheet = printed_sheet(PetitionFactory())
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, volunteer)
    page.goto(f"/staff/paper/sheets/{sheet.code}")
    box = page.locator("#row-1-postcode")
    box.fill("RM10 8AA")
    # Nothing of it is hidden: the text is no wider than the box shows.
    assert box.evaluate("(input) => input.scrollWidth <= input.clientWidth")
    box.fill("SW1A 1AA")
    assert box.evaluate("(input) => input.scrollWidth <= input.clientWidth")


def test_a_bad_row_shows_its_error_and_keeps_the_others(page):
    petition = PetitionFactory()
    sheet = printed_sheet(petition)
    sign_in(page, UserFactory(role="data_entry"))
    page.goto(f"/staff/paper/sheets/{sheet.code}")
    expect(page.locator("#row-1-name")).to_be_focused()
    # A row with a postcode but no name: the server refuses it and says why.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("RM10 7XX")
    page.keyboard.press("Enter")
    expect(page.locator("#row-1-state")).to_have_text("Type the name, or mark the row illegible")
    expect(page.locator("#row-1-name")).to_have_class(re.compile("govuk-input--error"))
    expect(page.locator("#row-2-name")).to_be_focused()
    page.keyboard.type("Cat Ray")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("RM10 7XX")
    page.keyboard.press("Enter")
    expect(page.locator("#row-2-state")).to_have_text("Saved, counted")
    # Back to row 1 with Shift+Tab (two rows of five boxes), fill the name, and it saves.
    expect(page.locator("#row-3-name")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
    expect(page.locator("#row-1-name")).to_be_focused()
    page.keyboard.type("Dee Ray")
    page.keyboard.press("Enter")
    expect(page.locator("#row-1-state")).to_have_text("Saved, counted")


def test_a_row_typed_when_the_page_is_left_is_still_saved(page):
    import time

    from doorstep.paper.models import SheetRow

    sheet = printed_sheet(PetitionFactory())
    sign_in(page, UserFactory(role="data_entry"))
    page.goto(f"/staff/paper/sheets/{sheet.code}")
    expect(page.locator("#row-1-name")).to_be_focused()
    page.keyboard.type("Eve Ray")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("RM10 7XX")
    # Leave without Enter and without leaving the row: the page sends it as it goes.
    page.goto("/staff/paper/")
    deadline = time.monotonic() + 5
    while not SheetRow.objects.filter(sheet=sheet, number=1).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert SheetRow.objects.get(sheet=sheet, number=1).name == "Eve Ray"
