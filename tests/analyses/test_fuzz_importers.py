"""Property-based tests of the CBS and sjabloon import (analyses.importers) with hostile files:
it never raises, writes nothing when it reports an error, and names a row for every cell error.

Each example runs in a transaction that is rolled back, so examples do not see each other's data
and a failure is reproduced by the same (derandomized) example."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from analyses.importers import importeer
from analyses.importers.bestanden import MAX_AANTAL
from analyses.models import Bevolkingscijfer, Huishoudens, Voorraad
from analyses.sjabloon import KOLOMNAMEN
from tests.fuzz import aantal_regels, fuzz, niets_rauw, teruggedraaid
from tests.woonzorg.factories import GebiedFactory, GemeenteFactory
from woonzorg.models import Gebied

FUZZ = fuzz(60)

# Texts users and attackers put in cells: formulas, markup, odd whitespace and numbers.
VIJANDIG = [
    "=CMD()",
    "=cmd|' /C calc'!A0",
    "+SUM(1;2)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1",
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    "&lt;b&gt;",
    "Robert'); DROP TABLE analyses;--",
    "\x00",
    "\u202e",
    "١٢٣",
    "²",
    "∞",
    "NaN",
    "1e309",
    "-1",
    "-1.000",
    "0",
    "12,5",
    "1.234",
    "99999999999999999999999",
    str(MAX_AANTAL),
    str(MAX_AANTAL + 1),
    "9.223.372.036.854.775.808",
    "1899",
    "2101",
    "0000",
    "-2023",
    ".",
    "-",
    "",
    " ",
    '"',
    '";"',
]
CODES = ["WK900101", "WK900102", "BU90010101", "GM9001", "WK900201", "WK123456", "NL00", "9001"]
KOPPEN = [
    ["gwb_code_10", "regio", "recs", "a_inw", "a_65_oo", "a_hh", "a_1p_hh"],
    ["WijkenEnBuurten", "SoortRegio_2", "Codering_3", "AantalInwoners_5", "HuishoudensTotaal_28"],
    list(KOLOMNAMEN),
    ["gebied", "soort", "aantal"],
    ["naam", "waarde"],
]
SJABLOON_WAARDEN = ["bevolking", "voorraad", "75+", "65+", "ja", "nee", "Centrum", "2030"]

cel = st.one_of(
    st.sampled_from(VIJANDIG + CODES + SJABLOON_WAARDEN),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.text(max_size=12),
)


@st.composite
def kop(draw):
    """A known header with columns dropped, added or swapped, or a random one."""
    kolommen = list(draw(st.sampled_from(KOPPEN)))
    if draw(st.booleans()):
        kolommen = draw(st.permutations(kolommen))
    if draw(st.booleans()) and kolommen:
        del kolommen[draw(st.integers(0, len(kolommen) - 1))]
    if draw(st.booleans()):
        kolommen.append(draw(st.sampled_from(VIJANDIG[:9] + ["extra", "a_inw"])))
    return kolommen


aantal = st.one_of(
    st.integers(0, 5000).map(str),
    st.integers(2**63 - 9, 10**25).map(str),
    st.sampled_from(VIJANDIG),
)
tekst = st.one_of(st.sampled_from(VIJANDIG), st.text(max_size=12))
# What a plausible cell under each header holds, so that some files are valid and get written.
PLAUSIBEL = {
    "gwb_code_10": st.sampled_from(CODES[:3]),
    "wijkenenbuurten": st.sampled_from(CODES[:3]),
    "gebied": st.sampled_from([*CODES[:3], "Centrum", "<b>Centrum</b>"]),
    "recs": st.sampled_from(["Wijk", "Buurt", "=CMD()"]),
    "soortregio_2": st.sampled_from(["Wijk", "Buurt"]),
    "soort": st.sampled_from(["bevolking", "voorraad", "<script>"]),
    "jaar": st.sampled_from(["2030", "2023", "", "1800", "9999999999999"]),
    "leeftijdsklasse": st.sampled_from(["75+", "65+", "85 jaar en ouder", "@75"]),
    "prognose": st.sampled_from(["ja", "nee", "", "=TRUE()"]),
    "regio": tekst,
    "naam": tekst,
    "bron": tekst,
}


@st.composite
def tabel(draw):
    """A header with random rows, or with rows that fit it (1-3, so they are seldom repeated)."""
    kolommen = draw(kop())
    breedte = max(len(kolommen), 1)
    if draw(st.booleans()):
        rijen = draw(st.lists(st.lists(cel, max_size=breedte + 2), max_size=8))
    else:
        rij = st.tuples(*(PLAUSIBEL.get(k.lower(), aantal) for k in kolommen)).map(list)
        rijen = draw(st.lists(rij, min_size=1, max_size=3))
    return kolommen, rijen


def csv_bytes(kolommen, rijen, scheiding, encoding) -> bytes:
    regels = [scheiding.join(kolommen), *(scheiding.join(rij) for rij in rijen)]
    return "\r\n".join(regels).encode(encoding, errors="replace")


def xlsx_bytes(kolommen, rijen) -> bytes:
    werkmap = Workbook()
    blad = werkmap.active
    for rij in [kolommen, *rijen]:
        # Control characters cannot be stored in a worksheet at all.
        blad.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in rij])
    uit = io.BytesIO()
    werkmap.save(uit)
    return uit.getvalue()


@pytest.fixture
def gemeente(db):
    gemeente = GemeenteFactory(naam="Gemeente A", cbs_code="GM9001")
    GebiedFactory(gemeente=gemeente, naam="Centrum", cbs_code="WK900101")
    return gemeente


def aantallen() -> tuple[int, int]:
    cijfers = sum(m.objects.count() for m in (Bevolkingscijfer, Huishoudens, Voorraad))
    return cijfers, Gebied.objects.count()


def controleer_import(gemeente, data: bytes, naam: str, kolommen=(), *, jaar=2023):
    with teruggedraaid():
        cijfers, gebieden = aantallen()
        plan = importeer(io.BytesIO(data), naam, gemeente=gemeente, jaar=jaar, bron="")
        if plan.geldig:
            assert aantallen() == (cijfers + plan.nieuw, gebieden + len(plan.nieuwe_gebieden))
        else:
            assert aantallen() == (cijfers, gebieden), "an import with errors wrote something"
        bekend = {str(k).strip() for k in kolommen} | set(KOLOMNAMEN)
        for fout in plan.fouten:
            assert str(fout).strip()
            if fout.kolom:
                # An error about a column is about a cell: the user is told which row.
                assert fout.rij is not None, fout
                assert fout.kolom in bekend, fout
            if fout.rij is not None and not naam.endswith(".xlsx"):
                assert 1 <= fout.rij <= aantal_regels(data), fout
    return plan


@FUZZ
@given(
    tabel(),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-be"]),
    st.sampled_from([2023, None, 1800, 3000]),
)
def test_a_hostile_csv_is_refused_or_imported_whole(gemeente, tabel, scheiding, encoding, jaar):
    kolommen, rijen = tabel
    data = csv_bytes(kolommen, rijen, scheiding, encoding)
    controleer_import(gemeente, data, "cijfers.csv", kolommen, jaar=jaar)


@settings(FUZZ, max_examples=25)
@given(
    kop(),
    st.lists(
        st.lists(
            st.one_of(
                cel,
                st.integers(min_value=-(10**20), max_value=10**20),
                st.floats(allow_nan=True, allow_infinity=True),
                st.none(),
            ),
            max_size=8,
        ),
        max_size=5,
    ),
)
def test_a_hostile_xlsx_is_refused_or_imported_whole(gemeente, kolommen, rijen):
    data = xlsx_bytes(kolommen, rijen)
    controleer_import(gemeente, data, "cijfers.xlsx", kolommen)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300),
        st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=200).map(lambda b: b"\xd0\xcf\x11\xe0" + b),
        st.just(b""),
        st.just(b"\xef\xbb\xbf"),
    ),
    st.sampled_from(["cijfers.csv", "cijfers.xlsx", "cijfers.txt", "cijfers", "cijfers.exe"]),
)
def test_random_bytes_are_refused_with_a_reason(gemeente, data, naam):
    plan = controleer_import(gemeente, data, naam)
    if not data.strip(b"\xef\xbb\xbf"):
        assert not plan.geldig


@pytest.mark.parametrize("aantal", [str(MAX_AANTAL + 1), "99999999999999999999999"])
def test_a_count_too_large_for_the_database_is_an_error_not_a_crash(gemeente, aantal):
    data = f"gwb_code_10;regio;recs;a_inw\r\nWK900101;Centrum;Wijk;{aantal}".encode()

    plan = importeer(io.BytesIO(data), "kwb.csv", gemeente=gemeente, jaar=2023, bron="")

    assert [(f.rij, f.kolom) for f in plan.fouten] == [(2, "a_inw")]
    assert "te groot" in plan.fouten[0].reden
    assert not Bevolkingscijfer.objects.exists()


def test_the_largest_count_the_database_holds_is_imported(gemeente):
    data = f"gwb_code_10;regio;recs;a_inw\r\nWK900101;Centrum;Wijk;{MAX_AANTAL}".encode()

    plan = importeer(io.BytesIO(data), "kwb.csv", gemeente=gemeente, jaar=2023, bron="")

    assert plan.geldig, plan.fouten
    assert Bevolkingscijfer.objects.get().aantal == MAX_AANTAL


# --- Through the upload and confirmation pages ---------------------------------------------------


@settings(FUZZ, max_examples=30)
@given(
    st.one_of(
        tabel().map(lambda t: csv_bytes(*t, ";", "utf-8")),
        tabel().map(lambda t: csv_bytes(*t, ",", "utf-16")),
        st.binary(max_size=200),
    ),
    st.sampled_from(["kwb-2023.csv", "<script>alert(1)</script>.csv", "=cmd().xlsx"]),
    st.sampled_from(["", "2023", "-1", "<script>alert(1)</script>"]),
    st.sampled_from(["", '<script>alert("xss")</script>', "=CMD()", "x" * 400]),
)
def test_uploading_a_hostile_file_never_fails_and_echoes_nothing_raw(
    wereld, login, data, naam, jaar, bron
):
    wereld.gemeente.cbs_code = "GM9001"
    wereld.gemeente.save()
    client = login(wereld.beleidsadviseur)
    adres = reverse("analyses:import", kwargs={"gemeente": "GM9001"})
    with teruggedraaid():
        GebiedFactory(gemeente=wereld.gemeente, naam="<b>Centrum</b>", cbs_code="WK900101")
        response = client.post(
            adres, {"bestand": SimpleUploadedFile(naam, data), "jaar": jaar, "bron": bron}
        )
        assert response.status_code == 200
        niets_rauw(response.content)
        bevestigen = response.context.get("bevestigen")
        if bevestigen is not None:
            response = client.post(
                reverse("analyses:import_bevestigen", kwargs={"gemeente": "GM9001"}),
                dict(bevestigen.initial),
            )
            assert response.status_code == 302, response.status_code
