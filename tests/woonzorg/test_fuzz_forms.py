"""Property-based tests with hostile text: exports neutralise every spreadsheet formula, and the
main forms answer hostile input with a page or a redirect (never a 500) that shows it escaped."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.analyses.factories import WoonzorganalyseFactory
from tests.borging.factories import IndicatorFactory
from tests.fuzz import fuzz, niets_rauw, teruggedraaid
from woonzorg.spreadsheets import FORMULE_TEKENS, veilig

FUZZ = fuzz(30)

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "=CMD()",
    "+SUM(1;2)",
    "@A1",
    "-1",
    "\x00",
    "{{ 7|add:7 }}{% load static %}",
    "x" * 5000,
]
vijandig = st.one_of(
    st.sampled_from(PAYLOADS),
    st.tuples(st.text(max_size=20), st.sampled_from(PAYLOADS), st.text(max_size=20)).map("".join),
    st.text(max_size=50),
)
getal = st.one_of(
    st.sampled_from(["12,5", "-1", "1e999", "NaN", "99999999999999999999", "", "=1+1"]),
    st.text(max_size=10),
)


# --- Exports -------------------------------------------------------------------------------------


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.sampled_from(FORMULE_TEKENS), st.text())
def test_every_text_starting_with_a_formula_sign_is_kept_as_text(teken, rest):
    assert veilig(teken + rest) == "'" + teken + rest


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text())
def test_a_safe_text_never_starts_with_a_formula_sign_and_keeps_its_content(tekst):
    uit = veilig(tekst)
    assert uit[:1] not in FORMULE_TEKENS
    assert uit in (tekst, "'" + tekst)


# --- Forms through their pages -------------------------------------------------------------------


def geen_fout_en_niets_rauw(response):
    assert response.status_code in (200, 302), response.status_code
    niets_rauw(response.content)


def pagina_na(client, response):
    """The page a valid post leads to: where the saved text is shown back."""
    if response.status_code == 302:
        return client.get(response["Location"])
    return response


@pytest.fixture
def analyse(wereld):
    return WoonzorganalyseFactory(gemeente=wereld.gemeente)


@FUZZ
@given(vijandig, vijandig, getal, vijandig, vijandig)
def test_a_bevinding_with_hostile_text_is_refused_or_shown_escaped(
    wereld, analyse, login, titel, tekst, waarde, eenheid, bron
):
    client = login(wereld.beleidsadviseur)
    adres = reverse(
        "analyses:bevinding_create", kwargs={"gemeente": wereld.gemeente.cbs_code, "pk": analyse.pk}
    )
    data = {"titel": titel, "tekst": tekst, "waarde": waarde, "eenheid": eenheid, "bron": bron}
    with teruggedraaid():
        response = client.post(adres, data)
        geen_fout_en_niets_rauw(response)
        geen_fout_en_niets_rauw(pagina_na(client, response))


@pytest.fixture
def indicator(wereld):
    return IndicatorFactory(gemeente=wereld.gemeente, eigenaar=wereld.corporatie)


@FUZZ
@given(
    st.one_of(st.sampled_from(["2024", "2025"]), st.integers(1900, 2200).map(str), getal),
    st.one_of(st.sampled_from(["3", "12,5"]), getal),
    vijandig,
    vijandig,
    st.sampled_from(["beleidsadviseur", "partner"]),
)
def test_a_meting_with_hostile_text_is_refused_or_shown_escaped(
    wereld, indicator, login, jaar, waarde, bron, toelichting, rol
):
    client = login(wereld.user(rol))
    adres = reverse(
        "borging:meting", kwargs={"gemeente": wereld.gemeente.cbs_code, "pk": indicator.pk}
    )
    data = {"jaar": jaar, "waarde": waarde, "bron": bron, "toelichting": toelichting}
    with teruggedraaid():
        response = client.post(adres, data)
        geen_fout_en_niets_rauw(response)
        geen_fout_en_niets_rauw(pagina_na(client, response))
