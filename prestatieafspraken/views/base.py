"""What every prestatieafspraken page shares: the object of the URL through the permission layer,
and the afspraken of an overeenkomst fetched once with everything the pages show.

As in the visie: everything comes through `for_user()` and the gemeente in the URL, so another
gemeente's or another partner's agreement is a 404; changing asks woonzorg.permissions
(`require_edit`), which also refuses a beëindigde overeenkomst and says why.
"""

from django.db.models import Prefetch

from woonzorg.mixins import ObjectMixin
from woonzorg.models import Organisatie

from .. import services
from ..models import Afspraak, Jaarschijf, Ondertekening, Overeenkomst, Partij


class OvereenkomstMixin(ObjectMixin):
    model = Overeenkomst
    select_related = ("gemeente", "visie")

    @property
    def overeenkomst(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(overeenkomst=self.overeenkomst, **kwargs)


class AfspraakMixin(ObjectMixin):
    model = Afspraak
    select_related = ("overeenkomst__gemeente", "overeenkomst__visie")

    @property
    def afspraak(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            afspraak=self.afspraak, overeenkomst=self.afspraak.overeenkomst, **kwargs
        )


class JaarschijfMixin(ObjectMixin):
    model = Jaarschijf
    select_related = ("overeenkomst__gemeente",)

    @property
    def jaarschijf(self):
        return self.get_object()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            jaarschijf=self.jaarschijf, overeenkomst=self.jaarschijf.overeenkomst, **kwargs
        )


def afspraken_met_details(user, **filters) -> list[Afspraak]:
    """Afspraken with what lists and documents show, and their SMART-check as `afspraak.smart`.

    A fixed number of queries, however many afspraken and links there are.
    """
    afspraken = list(
        services.met_indicator(Afspraak.objects.for_user(user).filter(**filters))
        .select_related(
            "overeenkomst__gemeente",
            "opgave",
            "maatregel",
            "trekker",
            "ambitie__visie",
            "doelstelling__woonvorm",
            "woonvorm",
            "gebied",
        )
        .prefetch_related(
            Prefetch("betrokkenen", queryset=Organisatie.objects.order_by("naam")),
            Prefetch(
                "verwijzingen",
                queryset=Afspraak.objects.select_related("overeenkomst__gemeente"),
            ),
        )
    )
    for afspraak in afspraken:
        afspraak.smart = services.smart_check(afspraak)
    return afspraken


def ondertekenstand(overeenkomst) -> list[services.PartijStand]:
    """Per party who signed which versie; two queries."""
    partijen = Partij.objects.filter(overeenkomst=overeenkomst).select_related("organisatie")
    ondertekeningen = Ondertekening.objects.filter(overeenkomst=overeenkomst).select_related(
        "organisatie", "ondertekend_door"
    )
    return services.ondertekenstand(overeenkomst, list(partijen), list(ondertekeningen))


def base_url(request) -> str:
    """The site's address for links in e-mails, as the request reached us."""
    return request.build_absolute_uri("/")
