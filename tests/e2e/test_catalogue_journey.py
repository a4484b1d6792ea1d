"""Browser journeys through the method catalogue, checked with axe-core (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from samhandling.audit.models import AuditEvent
from samhandling.catalogue.models import Method
from samhandling.organisations.tests import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_visitor_searches_the_catalogue_uses_the_finder_and_compares_periods(live_server, page, assert_accessible):
    page.goto(f"{live_server.url}/katalog/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Insatskatalog")
    assert_accessible(page)

    page.get_by_label("Sök", exact=True).fill("bfst")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page).to_have_url(re.compile(r"q=bfst"))
    first = page.locator(".method-results > li h2 a").first
    expect(first).to_have_text("Kort strategisk familjeterapi")
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kort strategisk familjeterapi (BSFT)")
    expect(page.get_by_text("Brief Strategic Family Treatment")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/katalog/hitta/")
    page.get_by_label("Ålder", exact=True).fill("13")
    page.get_by_label("Stadsdelsområde", exact=True).select_option(label="Skärholmen")
    # FKUI draws the checkbox on its label; a person clicks the label.
    for factor in ["Skolmisslyckanden och skolfrånvaro", "Relationsproblem i hemmet"]:
        page.locator("label.checkbox__label", has_text=factor).click()
        expect(page.get_by_label(factor)).to_be_checked()
    page.get_by_role("button", name="Hitta metoder").click()
    expect(page.get_by_role("heading", name=re.compile("Passar och finns i Skärholmen"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Skulle passa men finns inte i Skärholmen"))).to_be_visible()
    expect(page.get_by_role("link", name="Skolsociala team", exact=True)).to_be_visible()
    # Methods whose ages the sources do not give are shown apart, never as fitting; adults' and
    # small children's methods are not offered to a 13-year-old.
    expect(page.get_by_role("heading", name=re.compile("Ålder okänd"))).to_be_visible()
    expect(page.get_by_role("link", name="Öppen förskola", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Jobbtorg Stockholm", exact=True)).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/katalog/strategi/")
    expect(page.get_by_role("heading", name=re.compile("Jämförelse mellan 2019-2022 och 2024-2026"))).to_be_visible()
    assert_accessible(page)


def test_an_editor_corrects_a_method_and_the_change_shows_in_its_history(
    live_server, page, browser_login, assert_accessible
):
    editor = f.catalogue_editor()
    browser_login(page, editor.username)
    # MDFT is recommended by Socialstyrelsen, but the sources give no ages for it.
    page.goto(f"{live_server.url}/katalog/metod/mdft/")
    page.get_by_role("link", name="Ändra", exact=True).click()
    assert_accessible(page)

    page.get_by_role("spinbutton", name=re.compile("^Lägsta ålder")).fill("17")
    page.get_by_role("spinbutton", name=re.compile("^Högsta ålder")).fill("12")
    page.get_by_label("Om åldrarna", exact=True).fill("enligt Socialstyrelsens kunskapsstöd")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Inget sparades")).to_be_visible()
    expect(page.get_by_text("Högsta åldern får inte vara lägre än lägsta åldern.")).to_be_visible()
    expect(page.get_by_label("Om åldrarna", exact=True)).to_have_value("enligt Socialstyrelsens kunskapsstöd")
    assert_accessible(page)

    page.get_by_role("spinbutton", name=re.compile("^Lägsta ålder")).fill("12")
    page.get_by_role("spinbutton", name=re.compile("^Högsta ålder")).fill("17")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Dina ändringar sparades.")).to_be_visible()
    history = page.locator("#history + .table-scroll table")
    expect(history).to_contain_text(editor.username)
    expect(history).to_contain_text("lägsta ålder")
    assert_accessible(page)

    mdft = Method.objects.get(slug="mdft")
    assert (mdft.age_min, mdft.age_max) == (12, 17)
    assert mdft.fact_sources["ages"].startswith("Ändrad i katalogen"), "the editor's change is the ages' source"
    assert AuditEvent.objects.filter(verb="catalogue.method.update", target_id=str(mdft.pk)).count() == 1
