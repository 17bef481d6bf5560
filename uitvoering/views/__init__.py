"""Phase 4 pages: the uitvoeringsprogramma, its activiteiten, planning, begroting and voortgang."""

from .activiteiten import (  # noqa: F401
    ActiviteitCreateView,
    ActiviteitDeleteView,
    ActiviteitDetailView,
    ActiviteitListView,
    ActiviteitUpdateView,
    BegrotingspostenView,
    VoortgangView,
)
from .geschiedenis import ActiviteitGeschiedenisView  # noqa: F401
from .overzicht import BegrotingView, PlanningView, ProgrammaDetailView  # noqa: F401
from .programmas import (  # noqa: F401
    ProgrammaCreateView,
    ProgrammaDeleteView,
    ProgrammaIndexView,
    ProgrammaUpdateView,
)
