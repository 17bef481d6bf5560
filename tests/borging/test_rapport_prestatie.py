"""A big gemeente's jaarschijfrapport stays quick: 60 afspraken, each with an activiteit, a
begrotingspost and an indicator with streefwaarden, metingen and its chart, in under 10 seconds.

The time is printed (pytest -s shows it), so a slow change is noticed before it hits the limit.
WeasyPrint is imported before the clock starts: a worker loads it once, not per report.
"""

import importlib
import io
import time

import pytest
from pypdf import PdfReader

from borging.models import Jaarschijfrapport
from borging.rapport import maak_pdf
from tests.borging.factories import JaarschijfrapportFactory, jaarschijfgegevens

AFSPRAKEN = 60
LIMIET = 10.0  # seconds


@pytest.mark.prestatie
def test_sixty_afspraken_render_in_under_ten_seconds(wereld):
    jaarschijfgegevens(wereld.gemeente, afspraken=AFSPRAKEN, jaar=2024)
    rapport = JaarschijfrapportFactory(gemeente=wereld.gemeente, jaar=2024)
    importlib.import_module("weasyprint")

    begin = time.perf_counter()
    maak_pdf(rapport)
    duur = time.perf_counter() - begin

    print(f"\nJaarschijfrapport met {AFSPRAKEN} afspraken: {duur:.2f} s")
    assert rapport.status == Jaarschijfrapport.Status.KLAAR
    with rapport.bestand.open("rb") as bestand:
        reader = PdfReader(io.BytesIO(bestand.read()))
    tekst = reader.pages[-1].extract_text()
    assert f"Afspraak {AFSPRAKEN}: geclusterde woningen" in tekst  # the last jaardoel row
    assert duur < LIMIET, f"{duur:.2f} s for {AFSPRAKEN} afspraken"
