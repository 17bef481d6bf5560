"""Property-based tests of the metingen import (borging.importeren) and its upload page with
hostile files: no exception, nothing written when an error is reported, every cell error named
by row and column, and nothing from the file echoed back unescaped."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from borging.importeren import KOLOMMEN, importeer_metingen
from borging.models import Frequentie, Meting
from tests.borging.factories import IndicatorFactory
from tests.fuzz import aantal_regels, fuzz, niets_rauw, teruggedraaid
from tests.woonzorg.factories import GebiedFactory

FUZZ = fuzz(50)

VIJANDIG = [
    "=CMD()",
    "+SUM(1;2)",
    "-1",
    "@A1",
    "\t=1",
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    "99999999999999999999,99",
    "1.234.567.890.123",
    "12,345",
    "1e9",
    "NaN",
    "²",
    "١٢",
    "1999",
    "2101",
    "K5",
    "Q0",
    "",
    " ",
    '"',
    "x" * 301,
]


@pytest.fixture
def opzet(wereld):
    class Opzet:
        eigen = IndicatorFactory(
            gemeente=wereld.gemeente, naam="<b>Woningen</b>", eigenaar=wereld.corporatie
        )
        kwartaal = IndicatorFactory(
            gemeente=wereld.gemeente,
            naam="Wachtenden",
            eigenaar=wereld.corporatie,
            frequentie=Frequentie.PER_KWARTAAL,
        )
        elders = IndicatorFactory(gemeente=wereld.andere_gemeente, naam="Elders")
        centrum = GebiedFactory(gemeente=wereld.gemeente, naam="Centrum", cbs_code="WK000101")

    return Opzet


def cellen(opzet):
    """What may stand under each column: plausible values and hostile ones."""
    vijandig = st.one_of(st.sampled_from(VIJANDIG), st.text(max_size=10))
    indicatoren = [str(opzet.eigen.pk), str(opzet.kwartaal.pk), str(opzet.elders.pk)]
    return {
        "indicator": st.one_of(st.sampled_from([*indicatoren, "<b>Woningen</b>"]), vijandig),
        "jaar": st.one_of(st.integers(1990, 2110).map(str), vijandig),
        "kwartaal": st.one_of(st.sampled_from(["", "1", "K2", "q4"]), vijandig),
        "gebied": st.one_of(st.sampled_from(["", "Centrum", "WK000101", "WK000201"]), vijandig),
        "waarde": st.one_of(
            st.decimals(min_value=0, max_value=10**12, places=2).map(lambda d: str(d)),
            vijandig,
        ),
        "bron": vijandig,
        "toelichting": vijandig,
    }


@st.composite
def bestand(draw, opzet):
    kolommen = list(draw(st.permutations(KOLOMMEN)))
    if draw(st.booleans()):
        del kolommen[draw(st.integers(0, len(kolommen) - 1))]
    if draw(st.booleans()):
        kolommen.append("extra")
    per_kolom = cellen(opzet)
    rij = st.tuples(*(per_kolom.get(k, st.text(max_size=5)) for k in kolommen))
    rijen = draw(st.lists(rij, max_size=5))
    scheiding = draw(st.sampled_from([";", ",", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16"]))
    regels = [scheiding.join(kolommen), *(scheiding.join(r) for r in rijen)]
    return "\r\n".join(regels).encode(encoding, errors="replace")


bytes_ = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=100).map(lambda b: b"PK\x03\x04" + b),
    st.just(b""),
)


def controleer(data: bytes, naam: str, *, gemeente, user):
    with teruggedraaid():
        voor = Meting.objects.count()
        uitkomst = importeer_metingen(io.BytesIO(data), naam, gemeente=gemeente, user=user)
        if uitkomst.geldig:
            assert Meting.objects.count() == voor + uitkomst.nieuw
        else:
            assert Meting.objects.count() == voor, "an import with errors wrote something"
        for fout in uitkomst.fouten:
            assert str(fout).strip()
            if fout.kolom:
                assert fout.rij is not None, fout
                assert fout.kolom in KOLOMMEN, fout
            if fout.rij is not None:
                assert 1 <= fout.rij <= aantal_regels(data), fout


@FUZZ
@given(st.data(), st.sampled_from(["beleidsadviseur", "partner", "lezer"]))
def test_a_hostile_metingen_file_is_refused_or_imported_whole(wereld, opzet, data, rol):
    inhoud = data.draw(bestand(opzet))
    controleer(inhoud, "metingen.csv", gemeente=wereld.gemeente, user=wereld.user(rol))


@FUZZ
@given(bytes_, st.sampled_from(["metingen.csv", "metingen.xlsx", "metingen.pdf", "metingen"]))
def test_random_bytes_are_refused_with_a_reason(wereld, opzet, inhoud, naam):
    controleer(inhoud, naam, gemeente=wereld.gemeente, user=wereld.beleidsadviseur)


@settings(FUZZ, max_examples=30)
@given(st.data(), st.sampled_from(["beleidsadviseur", "partner"]))
def test_uploading_a_hostile_metingen_file_never_fails_and_echoes_nothing_raw(
    wereld, opzet, login, data, rol
):
    inhoud = data.draw(bestand(opzet)) if data.draw(st.booleans()) else data.draw(bytes_)
    naam = data.draw(st.sampled_from(["metingen.csv", "<script>alert(1)</script>.csv", "m.xlsx"]))
    client = login(wereld.user(rol))
    adres = reverse("borging:metingen_upload", kwargs={"gemeente": wereld.gemeente.cbs_code})
    with teruggedraaid():
        response = client.post(adres, {"bestand": SimpleUploadedFile(naam, inhoud)})
    assert response.status_code in (200, 302)
    niets_rauw(response.content)
    assert b"<b>Woningen" not in response.content
