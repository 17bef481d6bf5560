"""The ketencheck: every broken link in a gemeente's chain, from bevinding to meting.

One service over all phases, composed the way the dashboard is: each phase names a function on
its Fase (`ketencheck`) that checks the links it owns, i.e. the link from the phase before it to
itself (visies checks that each bevinding is answered by an ambitie, uitvoering that each afspraak
is carried out by an activiteit). The core does not import the phases; it collects their
Controles in the order of the chain.

The check reads the gemeente's current chain: the bevindingen of the newest analyse, the ambities
of the visie in force, the afspraken of agreements that have not ended, the activiteiten still to
do and every indicator. What is history (a beëindigde overeenkomst, a finished activiteit) cannot
be mended and is not reported.
"""

from dataclasses import dataclass, field

from django.utils.module_loading import import_string

from .fasen import Fase, fasen


@dataclass(frozen=True)
class Breuk:
    """One broken link: the object where the chain stops, and where to mend it."""

    object: object  # str() names it
    url: str  # the object's own page
    ontbreekt: str  # what is missing, e.g. "geen trekker en geen einddatum"
    herstel_url: str = ""  # the page where it is mended, for those who may edit
    herstel: str = ""  # that page's label when it differs from the Controle's
    onderdeel_van: str = ""  # where it sits, e.g. an afspraak's overeenkomst


@dataclass(frozen=True)
class Controle:
    """One kind of link, checked over the current chain."""

    soort: str  # a slug, also the anchor on the ketencheck page: "ambitie-zonder-afspraak"
    volgorde: int  # place in the chain, from bevinding (10) to meting (70)
    titel: str  # "Ambities zonder afspraak"
    uitleg: str  # why the link matters, in the handreiking's words
    gecontroleerd: int  # how many objects were checked
    compleet: str  # the dashboard's wording of what is in order: "ambities met een afspraak"
    herstel: str = ""  # the label of the mending link: "Afspraak toevoegen"
    breuken: list[Breuk] = field(default_factory=list)

    @property
    def in_orde(self) -> int:
        return self.gecontroleerd - len(self.breuken)


def per_fase(gemeente, user) -> list[tuple[Fase, list[Controle]]]:
    """Each phase with the Controles of the links it owns (the dashboard shows them per phase).

    Meant for those who see the whole gemeente (woonzorg.permissions.has_full_view): a partner
    sees only its part of the chain, so to it every link it cannot see would look broken.
    """
    return [
        (fase, import_string(fase.ketencheck)(gemeente, user) if fase.ketencheck else [])
        for fase in fasen()
    ]


def ketencheck(gemeente, user) -> list[Controle]:
    """Every Controle over the gemeente's chain, in chain order (see per_fase)."""
    controles = [controle for _fase, lijst in per_fase(gemeente, user) for controle in lijst]
    return sorted(controles, key=lambda controle: controle.volgorde)


def aantal_breuken(controles: list[Controle]) -> int:
    return sum(len(controle.breuken) for controle in controles)
