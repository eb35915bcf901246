import re
from decimal import Decimal

import pytest

from doorstep.core.errors import ApplicationError
from doorstep.evidence import services
from doorstep.evidence.render import series_summary, series_svg
from doorstep.evidence.selectors import evidence_document, petition_evidence

pytestmark = pytest.mark.django_db

MET = "2010: 33,367\n2015: 31,877\n\n2024-03: 30,435\n"


def met(petition, actor=None):
    return services.series_add(
        petition=petition,
        title="Police officers in the Met",
        unit="officers",
        source="Home Office, Police workforce statistics",
        source_url="https://www.gov.uk/police-workforce",
        figures=MET,
        actor=actor,
    )


def test_figures_are_read_one_a_line_oldest_first():
    assert services.figures_parse(text="2024-03: 30,435\n2010: 33367\n2012-05-01 = 12.5") == [
        ("2010", Decimal("33367.00")),
        ("2012-05-01", Decimal("12.50")),
        ("2024-03", Decimal("30435.00")),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "at least one"),
        ("twenty ten: 5", "Line 1: start with a year"),
        ("2010: 5\n2011: lots", "Line 2: give the figure"),
        ("2010: 5\n2010: 6", "2010 is given twice"),
        ("2010-13: 5", "start with a year"),
        ("2010: 1e20", "too big"),
        ("2010: NaN", "too big"),
    ],
)
def test_bad_figures_say_which_line(text, message):
    with pytest.raises(ApplicationError, match=message):
        services.figures_parse(text=text)


def test_a_source_is_required_and_links_are_web_addresses(petition):
    with pytest.raises(ApplicationError, match="comes from"):
        services.fact_add(petition=petition, text="A fact", source=" ", actor=None)
    with pytest.raises(ApplicationError, match="web address"):
        services.fact_add(petition=petition, text="A fact", source="Me", source_url="javascript:alert(1)", actor=None)


def test_the_chart_is_an_image_with_a_title_and_a_summary():
    points = [("2010", Decimal(33367)), ("2024", Decimal(30435))]
    svg = str(series_svg(chart_id="c1", title="Officers", points=points, unit="officers"))
    assert 'role="img"' in svg and 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Officers</title>' in svg
    assert "down 2,932 officers (8.8%)" in svg
    assert len(re.findall("<rect ", svg)) == 2
    assert "33,367" in svg and "30,435" in svg


def test_a_title_cannot_break_out_of_the_chart():
    svg = str(series_svg(chart_id="c", title="<script>x</script>", points=[("2010", Decimal(1))]))
    assert "<script>" not in svg


def test_summaries():
    up = [("2010", Decimal(10)), ("2020", Decimal(15))]
    assert series_summary(title="T", points=up) == "T: from 10 in 2010 to 15 in 2020, up 5 (50.0%)."
    assert series_summary(title="T", points=up[:1]) == "T: 10 in 2010."


def test_the_petition_page_shows_the_chart_and_its_figures_as_a_table(client, petition):
    met(petition)
    services.fact_add(petition=petition, text="Three front counters closed in 2023", source="MOPAC", actor=None)
    page = client.get(f"/petitions/{petition.pk}").content.decode()
    section = page[page.index('id="evidence"') :]
    assert 'role="img"' in section
    assert '<th scope="row" class="govuk-table__header">2024-03</th>' in section
    assert "30,435" in section and "Home Office, Police workforce statistics" in section
    assert "Three front counters closed in 2023" in section


def test_no_evidence_no_section(client, petition):
    assert 'id="evidence"' not in client.get(f"/petitions/{petition.pk}").content.decode()


def test_the_json_has_the_evidence(client, petition):
    met(petition)
    services.fact_add(petition=petition, text="A fact", source="Somewhere", actor=None)
    evidence = client.get(f"/petitions/{petition.pk}.json").json()["data"]["attributes"]["doorstep"]["evidence"]
    assert evidence == evidence_document(petition=petition)
    [series] = evidence["series"]
    assert series["figures"][0] == {"period": "2010", "value": 33367}
    assert series["source_url"] == "https://www.gov.uk/police-workforce"
    assert evidence["facts"] == [{"text": "A fact", "source": "Somewhere", "source_url": None}]


def test_staff_add_and_remove_evidence(staff_client, petition):
    url = f"/staff/petitions/{petition.pk}/evidence"
    bad = staff_client.post(
        url, {"kind": "series", "series-title": "T", "series-figures": "soon: 5", "series-source": "S"}
    )
    assert "Line 1: start with a year" in bad.content.decode()
    staff_client.post(url, {"kind": "series", "series-title": "T", "series-figures": MET, "series-source": "S"})
    staff_client.post(url, {"kind": "fact", "fact-text": "F", "fact-source": "S"})
    evidence = petition_evidence(petition=petition)
    assert [len(evidence.series), len(evidence.facts)] == [1, 1]
    series_id = evidence.series[0].series.pk
    assert staff_client.post(f"{url}/series/{series_id}/remove").status_code == 302
    assert staff_client.post(f"{url}/nothing/1/remove").status_code == 404
    assert not petition_evidence(petition=petition).series


def test_data_entry_volunteers_cannot_edit_evidence(client, petition):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role="data_entry"))
    assert client.get(f"/staff/petitions/{petition.pk}/evidence").status_code == 403


def test_the_hand_in_bundle_has_the_evidence_after_the_cover_page(petition, tmp_path):
    from pypdf import PdfReader

    from doorstep.campaigns.bundle import bundle_write
    from doorstep.campaigns.selectors import handin_bundle_spec
    from tests.factories import sign

    sign(petition)
    met(petition)
    services.fact_add(petition=petition, text="Three front counters closed in 2023", source="MOPAC", actor=None)
    files = bundle_write(spec=handin_bundle_spec(petition=petition), directory=tmp_path)
    pages = [page.extract_text() for page in PdfReader(files.pdf).pages]
    assert "The evidence" not in pages[0]
    assert "The evidence" in pages[1]
    assert "Police officers in the Met" in pages[1] and "30,435" in pages[1]
    assert "Three front counters closed in 2023" in pages[1]
    assert "Signer" in pages[-1]  # the schedule follows


def test_a_bundle_without_evidence_has_no_evidence_page(petition, tmp_path):
    from pypdf import PdfReader

    from doorstep.campaigns.bundle import bundle_write
    from doorstep.campaigns.selectors import handin_bundle_spec

    files = bundle_write(spec=handin_bundle_spec(petition=petition), directory=tmp_path)
    assert not any("The evidence" in page.extract_text() for page in PdfReader(files.pdf).pages)


@pytest.mark.parametrize("size", [1, 5])
def test_the_evidence_takes_the_same_three_queries_however_much_there_is(petition, size, django_assert_max_num_queries):
    for number in range(size):
        met(petition)
        services.fact_add(petition=petition, text=f"Fact {number}", source="Somewhere", actor=None)
    with django_assert_max_num_queries(3):
        evidence = petition_evidence(petition=petition)
    assert (len(evidence.series), len(evidence.facts)) == (size, size)
