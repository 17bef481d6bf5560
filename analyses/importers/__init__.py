"""Import of population and supply figures from the files users have.

Three layouts are recognised from their header row:
- KWB: CBS "Kerncijfers wijken en buurten" as CSV/XLSX (gwb_code, regio, recs, a_inw, a_65_oo …);
- StatLine: the CBS OData/StatLine export of the same table (WijkenEnBuurten, SoortRegio_2,
  AantalInwoners_5, k_65JaarOfOuder_12, HuishoudensTotaal_nn …; numeric suffixes vary by year);
- the Woonzorg-sjabloon, for forecasts and supply CBS does not give per wijk.

An import is all or nothing: `lees_cijfers` reads and checks the whole file without writing and
returns an ImportPlan (the preview, or every error with row, column and reason);
`importeer` writes a valid plan in one transaction.

Files are read as a stream (CSV through a text wrapper, XLSX in openpyxl's read-only mode), and
rows of other gemeenten are dropped as soon as their code is read, so a national file of 17,000
rows costs little more memory than the gemeente's own rows. The file object must be seekable
(a Django UploadedFile is): it is rewound before reading, and again to retry a CSV as cp1252.

The package's modules, each importing only those above it:
- bestanden: cell values as users write them, and the rows of a CSV or XLSX file;
- gebieden: the gemeente's gebieden and those a file adds;
- plan: ImportFout, ImportPlan and the state of one reading (checking, comparing, writing);
- indelingen: recognising a layout from its header and reading its rows (KWB, StatLine, sjabloon);
- importeren: the entry points `lees_cijfers` and `importeer`.
"""

from .bestanden import Onleesbaar, lees_rijen
from .importeren import importeer, lees_cijfers
from .plan import ImportFout, ImportPlan

__all__ = ["ImportFout", "ImportPlan", "Onleesbaar", "importeer", "lees_cijfers", "lees_rijen"]
