"""Reference data for prestatieafspraken: the handreiking's opgaven with example maatregelen
(Overzicht 1) and its six types of afspraak (Overzicht 2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from woonzorg.models import ReferentieQuerySet


class Domein(models.TextChoices):
    WONEN = "wonen", _("Wonen")
    ZORG_WELZIJN = "zorg_welzijn", _("Zorg en welzijn")
    FYSIEKE_OMGEVING = "fysieke_omgeving", _("Fysieke omgeving")


class Opgave(models.Model):
    domein = models.CharField(_("domein"), max_length=20, choices=Domein.choices)
    naam = models.CharField(_("naam"), max_length=300, unique=True)
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ReferentieQuerySet.as_manager()

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaven")
        ordering = ["domein", "volgorde", "naam"]

    def __str__(self):
        return self.naam


class Maatregel(models.Model):
    opgave = models.ForeignKey(
        Opgave, verbose_name=_("opgave"), on_delete=models.CASCADE, related_name="maatregelen"
    )
    tekst = models.TextField(_("tekst"))
    volgorde = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ReferentieQuerySet.as_manager()

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["volgorde", "pk"]

    def __str__(self):
        return self.tekst


class AfspraakType(models.TextChoices):
    PROCES = "proces", _("procesafspraak")
    BESCHRIJVEND = "beschrijvend", _("beschrijvende afspraak")
    INTENTIE = "intentie", _("intentieafspraak")
    HANDELING = "handeling", _("handelingsafspraak")
    GARANTIE = "garantie", _("garantieafspraak")
    TRANSACTIE = "transactie", _("transactieafspraak")


# (uitleg, voorbeeld) per type, as in Overzicht 2 of the handreiking.
TYPE_UITLEG = {
    AfspraakType.PROCES: (
        _("Manier van samenwerking, overleg, planning, monitoring, evaluatie en besluitvorming"),
        _(
            "De cyclus van overleg en afspraken is: 2x per jaar bestuurlijk overleg, 1x in de "
            "2 jaar vernieuwen van de afspraken in een monitoringsgesprek, na 4 jaar evaluatie"
        ),
    ),
    AfspraakType.BESCHRIJVEND: (
        _("Vastleggen of bevestigen uitgangspunten, posities, financiële afspraken"),
        _(
            "Het concept verzorgd wonen hanteren we als richtinggevend concept voor wonen en "
            "zorg voor senioren"
        ),
    ),
    AfspraakType.INTENTIE: (
        _("Eventueel handelen, als dit, dan dat"),
        _(
            "Als locatie x vrijkomt, dan wordt het vastgoed getransformeerd tot een gemengd "
            "wonen locatie"
        ),
    ),
    AfspraakType.HANDELING: (
        _("Activiteiten plannen of afstemmen"),
        _(
            "In de Week tegen Eenzaamheid organiseren zorgorganisaties A en B samen met de "
            "welzijnsorganisatie verschillende activiteiten, gericht op ontmoeting, voor senioren."
        ),
    ),
    AfspraakType.GARANTIE: (
        _("Waarborgen; de afspraak in principe te allen tijde nakomen"),
        _(
            "Bij een uithuiszetting na uitstroom uit een instelling delen gemeente, "
            "MO-organisatie en de woningcorporatie de kosten"
        ),
    ),
    AfspraakType.TRANSACTIE: (
        _("Ruilen of handelen tussen partijen en bijdragen om dit te realiseren"),
        _(
            "Zorgaanbieder x draagt vastgoed over aan woningcorporatie y in ruil voor renovatie "
            "van het complex"
        ),
    ),
}

# The handreiking allows these where an afspraak cannot be SMART yet (too little information).
SMART_VRIJGESTELD = frozenset({AfspraakType.PROCES, AfspraakType.INTENTIE})
