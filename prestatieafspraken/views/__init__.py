"""Phase 3 pages: overeenkomsten and their afspraken, signing, the PDF, and jaarschijven."""

from .afspraken import (  # noqa: F401
    AfspraakCreateView,
    AfspraakDeleteView,
    AfspraakDetailView,
    AfspraakListView,
    AfspraakUpdateView,
    CatalogusView,
)
from .geschiedenis import AfspraakGeschiedenisView, OvereenkomstGeschiedenisView  # noqa: F401
from .jaarschijven import (  # noqa: F401
    JaarschijfCreateView,
    JaarschijfDeleteView,
    JaarschijfDetailView,
    JaarschijfUpdateView,
)
from .ondertekening import OndertekenenView, OvereenkomstPdfView  # noqa: F401
from .overeenkomsten import (  # noqa: F401
    BeeindigenView,
    OvereenkomstCreateView,
    OvereenkomstDeleteView,
    OvereenkomstDetailView,
    OvereenkomstIndexView,
    OvereenkomstUpdateView,
    PartijenView,
    TerOndertekeningView,
    TerugNaarConceptView,
)
