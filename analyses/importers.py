"""Import of population and supply figures from the files users have.

Three layouts are recognised from their header row:
- KWB: CBS "Kerncijfers wijken en buurten" as CSV/XLSX (gwb_code, regio, recs, a_inw, a_65_oo …);
- StatLine: the CBS OData/StatLine export of the same table (WijkenEnBuurten, SoortRegio_2,
  AantalInwoners_5, k_65JaarOfOuder_12, HuishoudensTotaal_nn …; numeric suffixes vary by year);
- the Woonzorg-sjabloon, for forecasts and supply CBS does not give per wijk.

An import is all or nothing: `lees_cijfers` reads and checks the whole file without writing and
returns an ImportPlan (the preview, or every error with row, column and reason);
`importeer` writes a valid plan in one transaction.

STUB: the API is fixed; the implementation is being written.
"""

from dataclasses import dataclass, field
from typing import BinaryIO


@dataclass(frozen=True)
class ImportFout:
    rij: int | None  # row number as the user sees it in the file (header = 1); None: whole file
    kolom: str  # column name as in the file; "" when the error is not about one column
    reden: str  # Dutch, e.g. "'12a' is geen getal"

    def __str__(self):
        ...


@dataclass
class ImportPlan:
    """What an import would do; `fouten` empty means it can be carried out."""

    indeling: str = ""  # Dutch name of the recognised layout, e.g. "CBS Kerncijfers wijken en buurten"
    bestandsnaam: str = ""
    fouten: list[ImportFout] = field(default_factory=list)
    nieuwe_gebieden: list[str] = field(default_factory=list)  # "WK034401 Centrum (wijk)"
    nieuw: int = 0  # figures that will be added
    gewijzigd: int = 0  # figures whose value changes
    ongewijzigd: int = 0  # figures already present with the same value
    overgeslagen: int = 0  # rows of other gemeenten (a national file) or unknown values ("." / "")

    @property
    def geldig(self) -> bool:
        return not self.fouten


def lees_cijfers(
    bestand: BinaryIO, bestandsnaam: str, *, gemeente, jaar: int | None, bron: str
) -> ImportPlan:
    """Read and check a file (CSV or XLSX, by name and content) for `gemeente`; writes nothing.

    `jaar` is required for the CBS layouts (their rows carry no year); the sjabloon has a
    year per row. `bron` is stored with every figure (e.g. "CBS 85618NED (2023)").
    """
    raise NotImplementedError


def importeer(bestand: BinaryIO, bestandsnaam: str, *, gemeente, jaar, bron) -> ImportPlan:
    """Read the file again and write it in one transaction; raises nothing for a bad file but
    returns the plan with its errors and writes nothing then."""
    raise NotImplementedError
