"""Phase 5 pages: the monitoring dashboard, indicatoren with their streefwaarden and metingen,
the metingen upload, the evaluaties, the jaarschijfrapporten and the chain of an ambitie."""

from .evaluaties import (  # noqa: F401
    EvaluatieCreateView,
    EvaluatieDeleteView,
    EvaluatieDetailView,
    EvaluatieListView,
    EvaluatieUpdateView,
)
from .geschiedenis import IndicatorGeschiedenisView  # noqa: F401
from .indicatoren import (  # noqa: F401
    IndicatorCreateView,
    IndicatorDeleteView,
    IndicatorDetailView,
    IndicatorUpdateView,
    MetingView,
    StreefwaardenView,
)
from .keten import KetenAfdrukkenView, KetenView  # noqa: F401
from .metingen import MetingenSjabloonView, MetingenUploadView  # noqa: F401
from .monitoring import MonitoringView  # noqa: F401
from .rapporten import (  # noqa: F401
    RapportAanvragenView,
    RapportDownloadView,
    RapportenView,
    RapportStatusView,
)
