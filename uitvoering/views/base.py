"""What every uitvoering page shares: the object of the URL through the permission layer, and
the activiteiten fetched once with what the pages show.

Everything comes through `for_user()` and the gemeente in the URL: another gemeente's programme
is a 404, and so is an activiteit of another partner (a partner sees what its organisatie is
trekker of or involved in). Changing asks woonzorg.permissions; progress is reported by whoever
`can_report` allows (the trekker's people and gemeente staff).
"""

from django.db.models import Prefetch

from woonzorg.mixins import ObjectMixin
from woonzorg.models import Organisatie

from ..models import Activiteit, Begrotingspost, Uitvoeringsprogramma


class ProgrammaMixin(ObjectMixin):
    model = Uitvoeringsprogramma
    select_related = ("gemeente", "programmaleider")

    @property
    def programma(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(programma=self.programma, **kwargs)


class ActiviteitMixin(ObjectMixin):
    model = Activiteit
    select_related = (
        "programma__gemeente",
        "afspraak__overeenkomst__gemeente",
        "trekker",
        "gebied",
        "woonvorm",
    )

    @property
    def activiteit(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            activiteit=self.activiteit, programma=self.activiteit.programma, **kwargs
        )


def activiteiten_met_details(user, **filters) -> list[Activiteit]:
    """Activiteiten with what lists, the planning and the dekking show; a fixed number of
    queries, however many there are."""
    return list(
        Activiteit.objects.for_user(user)
        .filter(**filters)
        .select_related(
            "programma__gemeente",
            "afspraak__overeenkomst__gemeente",
            "afspraak__woonvorm",
            "trekker",
            "gebied",
            "woonvorm",
        )
        .prefetch_related(
            Prefetch("betrokkenen", queryset=Organisatie.objects.order_by("naam")),
            Prefetch(
                "begrotingsposten",
                queryset=Begrotingspost.objects.select_related("financier"),
            ),
        )
    )
