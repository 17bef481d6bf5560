"""The server-side line chart: valid SVG that says what it shows, also without colour."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from woonzorg.charts import getal_nl, lijngrafiek

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def grafiek(**kwargs):
    defaults = {
        "titel": "Geclusterde woonvorm: vraag en aanbod",
        "jaren": [2024, 2030, 2035],
        "reeksen": [("Vraag", [Decimal("164.8"), 195.5, 232]), ("Aanbod", [56, 56, 80])],
    }
    return lijngrafiek(**{**defaults, **kwargs})


def test_the_chart_is_valid_svg_with_role_img_a_title_and_a_description():
    root = parse(grafiek())
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    titel, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert titel.text == "Geclusterde woonvorm: vraag en aanbod"
    # The description states every value in Dutch notation, for screen readers.
    assert desc.text == (
        "Vraag: 2024: 164,8, 2030: 195,5, 2035: 232. Aanbod: 2024: 56, 2030: 56, 2035: 80."
    )
    assert root.get("aria-labelledby") == f"{titel.get('id')} {desc.get('id')}"


def test_one_polyline_and_one_marker_per_value_for_each_series():
    root = parse(grafiek())
    reeksen = root.findall(f".//{SVG}g[@class='reeks']")
    assert [g.get("data-reeks") for g in reeksen] == ["Vraag", "Aanbod"]
    assert len(root.findall(f".//{SVG}g[@class='reeks']/{SVG}polyline")) == 2
    for reeks in reeksen:
        assert len(reeks.findall(f"{SVG}circle")) == 3


def test_series_differ_by_dash_pattern_not_only_by_colour():
    lijnen = parse(grafiek()).findall(f".//{SVG}g[@class='reeks']/{SVG}polyline")
    assert lijnen[0].get("stroke-dasharray") is None
    assert lijnen[1].get("stroke-dasharray") == "8 4"
    assert lijnen[0].get("stroke") != lijnen[1].get("stroke")


def test_year_labels_gridlines_and_a_legend():
    root = parse(grafiek(reeksen=[("Vraag", [1200, 1500, 2400])]))
    teksten = [t.text for t in root.iter(f"{SVG}text")]
    for jaar in ("2024", "2030", "2035"):
        assert jaar in teksten
    # Round gridline values with a Dutch thousands separator.
    assert {"0", "500", "1.000", "1.500", "2.000", "2.500"} <= set(teksten)
    assert "Vraag" in [t.text for t in root.find(f".//{SVG}g[@class='legenda']").iter(f"{SVG}text")]


def test_none_is_a_gap_in_the_line():
    root = parse(grafiek(jaren=[2024, 2025, 2026, 2027], reeksen=[("Aanbod", [56, None, 60, 61])]))
    reeks = root.find(f".//{SVG}g[@class='reeks']")
    # 56 stands alone (a marker, no line); 60 and 61 are joined.
    assert len(reeks.findall(f"{SVG}polyline")) == 1
    assert len(reeks.findall(f"{SVG}circle")) == 3
    assert "2025: onbekend" in root.find(f"{SVG}desc").text


def test_a_single_year_is_one_centred_marker():
    root = parse(lijngrafiek(titel="Eén jaar", jaren=[2024], reeksen=[("Vraag", [10])]))
    assert root.findall(f".//{SVG}polyline") == []
    cirkel = root.find(f".//{SVG}g[@class='reeks']/{SVG}circle")
    assert float(cirkel.get("cx")) == pytest.approx(64 + (640 - 64 - 16) / 2)


def test_all_unknown_says_so_and_draws_no_lines():
    root = parse(grafiek(reeksen=[("Vraag", [None, None, None]), ("Aanbod", [None] * 3)]))
    assert root.findall(f".//{SVG}polyline") == []
    assert root.findall(f".//{SVG}g[@class='reeks']/{SVG}circle") == []
    assert root.find(f"{SVG}desc").text == "Geen gegevens."
    assert "Geen gegevens" in [t.text for t in root.iter(f"{SVG}text")]


def test_no_years_at_all_is_still_valid_svg():
    root = parse(lijngrafiek(titel="Leeg", jaren=[], reeksen=[]))
    assert root.find(f"{SVG}desc").text == "Geen gegevens."


def test_labels_are_escaped():
    root = parse(lijngrafiek(titel="<Vraag & aanbod>", jaren=[2024], reeksen=[("a<b", [1])]))
    assert root.find(f"{SVG}title").text == "<Vraag & aanbod>"


def test_a_series_of_the_wrong_length_is_a_programming_error():
    with pytest.raises(ValueError):
        lijngrafiek(titel="x", jaren=[2024, 2025], reeksen=[("Vraag", [1])])


def test_many_years_do_not_crowd_the_axis():
    jaren = list(range(2020, 2051))
    root = parse(lijngrafiek(titel="x", jaren=jaren, reeksen=[("Vraag", list(range(31)))]))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit()]
    jaarlabels = [label for label in labels if len(label) == 4 and label.startswith("20")]
    assert "2020" in jaarlabels and "2050" in jaarlabels
    assert len(jaarlabels) < 16


def test_unit_is_shown_and_described():
    root = parse(grafiek(eenheid="woningen"))
    assert "woningen" in [t.text for t in root.iter(f"{SVG}text")]
    assert "Vraag (woningen): 2024" in root.find(f"{SVG}desc").text


@pytest.mark.parametrize(
    ("waarde", "decimalen", "tekst"),
    [
        (1234, None, "1.234"),
        (Decimal("1049.4"), None, "1.049,4"),
        (Decimal("14.60"), None, "14,6"),
        (Decimal("1290.0"), None, "1.290"),
        (-3.5, None, "-3,5"),
        (2.5, 1, "2,5"),
        (1_000_000, 0, "1.000.000"),
        (None, None, "onbekend"),
    ],
)
def test_dutch_number_notation(waarde, decimalen, tekst):
    assert getal_nl(waarde, decimalen) == tekst
