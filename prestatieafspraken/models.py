"""Phase 3, prestatieafspraken: agreements between the gemeente and its partners, their afspraken
with type and catalogue topic, the jaarschijven, and the signatures.

The catalogue is reference data: the handreiking's opgaven with example maatregelen (Overzicht 1)
and its six types of afspraak (Overzicht 2).

A signature holds a sha256 over a canonical serialisation of what was signed (services.inhoud).
When the text of an agreement that is out for signature or signed changes, it gets a new versie
and earlier signatures become vervallen (services.registreer_wijziging). Jaarschijven fill in the
years of the agreement and are not part of the signed text.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from visies.models import Ambitie, Doelstelling, Woonzorgvisie
from woonzorg.models import Gebied, Gemeente, Organisatie, ReferentieQuerySet, Woonvorm
from woonzorg.querysets import ScopedQuerySet
from woonzorg.validators import jaar_validators


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


class Bouwsoort(models.TextChoices):
    """Where a woning comes from; uitvoering's activiteiten use the same choices."""

    NIEUWBOUW = "nieuwbouw", _("nieuwbouw")
    BESTAANDE_BOUW = "bestaande_bouw", _("bestaande bouw")
    TRANSFORMATIE = "transformatie", _("transformatie")


# --- Overeenkomst ---------------------------------------------------------------------------------


class OvereenkomstQuerySet(ScopedQuerySet):
    # A partner sees the agreements its organisatie is party to, nothing else.
    partner_paths = ("partijen__organisatie",)


class Overeenkomst(models.Model):
    class Soort(models.TextChoices):
        PRESTATIEAFSPRAKEN = "prestatieafspraken", _("prestatieafspraken")
        SAMENWERKINGSOVEREENKOMST = (
            "samenwerkingsovereenkomst",
            _("samenwerkingsovereenkomst of pact"),
        )
        CONVENANT = "convenant", _("convenant")
        WERKAFSPRAKEN = "werkafspraken", _("werkafspraken")

    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        TER_ONDERTEKENING = "ter_ondertekening", _("ter ondertekening")
        ONDERTEKEND = "ondertekend", _("ondertekend")
        BEEINDIGD = "beeindigd", _("beëindigd")

    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="overeenkomsten",
    )
    titel = models.CharField(_("titel"), max_length=200)
    soort = models.CharField(
        _("soort"), max_length=30, choices=Soort.choices, default=Soort.PRESTATIEAFSPRAKEN
    )
    periode_start = models.PositiveSmallIntegerField(_("van (jaar)"), validators=jaar_validators)
    periode_eind = models.PositiveSmallIntegerField(
        _("tot en met (jaar)"), validators=jaar_validators
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT, editable=False
    )
    visie = models.ForeignKey(
        Woonzorgvisie,
        verbose_name=_("woonzorgvisie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="overeenkomsten",
        help_text=_("De visie waarvan deze afspraken de ambities concreet maken."),
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    versie = models.PositiveSmallIntegerField(_("versie"), default=1, editable=False)
    inhoud_hash = models.CharField(
        _("sha256 van de inhoud"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Van de versie die ter ondertekening ligt of is ondertekend."),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = OvereenkomstQuerySet.as_manager()

    class Meta:
        verbose_name = _("overeenkomst")
        verbose_name_plural = _("overeenkomsten")
        ordering = ["-periode_start", "titel", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(periode_eind__gte=models.F("periode_start")),
                name="overeenkomst_periode_oplopend",
                violation_error_message=_("Het eindjaar ligt voor het beginjaar."),
            )
        ]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse(
            "prestatieafspraken:detail",
            kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.pk},
        )

    @property
    def alleen_lezen(self) -> bool:
        return self.status == self.Status.BEEINDIGD

    alleen_lezen_reden = _("Deze overeenkomst is beëindigd en kan niet meer worden gewijzigd.")

    @property
    def periode(self) -> str:
        return f"{self.periode_start}–{self.periode_eind}"

    @property
    def jaren(self) -> range:
        return range(self.periode_start, self.periode_eind + 1)

    @property
    def wordt_ondertekend(self) -> bool:
        """Out for signature or signed: a change of its text makes a new versie."""
        return self.status in (self.Status.TER_ONDERTEKENING, self.Status.ONDERTEKEND)

    def ondertekenaar_ids(self) -> list[int]:
        """Organisaties that may sign now: every party that has not signed this versie yet."""
        if self.status != self.Status.TER_ONDERTEKENING:
            return []
        getekend = self.ondertekeningen.filter(versie=self.versie).values("organisatie")
        return list(
            self.partijen.exclude(organisatie__in=getekend).values_list("organisatie", flat=True)
        )

    def clean(self):
        errors = {}
        if self.periode_start and self.periode_eind and self.periode_eind < self.periode_start:
            errors["periode_eind"] = _("Het eindjaar ligt voor het beginjaar.")
        if self.visie_id and self.gemeente_id and self.visie.gemeente_id != self.gemeente_id:
            errors["visie"] = _("Kies een visie van deze gemeente.")
        if errors:
            raise ValidationError(errors)


class OvereenkomstOnderdeelQuerySet(ScopedQuerySet):
    gemeente_path = "overeenkomst__gemeente"
    partner_paths = ("overeenkomst__partijen__organisatie",)


class OvereenkomstOnderdeel(models.Model):
    """What belongs to one overeenkomst: seen by whoever sees the overeenkomst."""

    overeenkomst = models.ForeignKey(
        Overeenkomst, verbose_name=_("overeenkomst"), on_delete=models.CASCADE
    )

    objects = OvereenkomstOnderdeelQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def gemeente(self):
        return self.overeenkomst.gemeente

    @property
    def alleen_lezen(self) -> bool:
        return self.overeenkomst.alleen_lezen

    alleen_lezen_reden = Overeenkomst.alleen_lezen_reden


class Partij(OvereenkomstOnderdeel):
    """An organisatie that signs the overeenkomst: a main party or a co-signer.

    The handreiking urges zorg- and welzijnsorganisaties and the zorgkantoor to co-sign
    (medeondertekenaar); every party signs before the overeenkomst is ondertekend.
    """

    class Rol(models.TextChoices):
        ONDERTEKENAAR = "ondertekenaar", _("ondertekenaar")
        MEDEONDERTEKENAAR = "medeondertekenaar", _("medeondertekenaar")

    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT
    )
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices, default=Rol.ONDERTEKENAAR)

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["-rol", "organisatie__naam"]  # the ondertekenaars first
        default_related_name = "partijen"
        constraints = [
            models.UniqueConstraint(
                fields=["overeenkomst", "organisatie"],
                name="partij_uniek",
                violation_error_message=_("Deze organisatie is al partij bij de overeenkomst."),
            )
        ]

    def __str__(self):
        return f"{self.organisatie} ({self.get_rol_display()})"

    def clean(self):
        if (
            self.organisatie_id
            and self.overeenkomst_id
            and not self.organisatie.werkgebied.filter(pk=self.overeenkomst.gemeente_id).exists()
        ):
            raise ValidationError(
                {"organisatie": _("Kies een organisatie die in deze gemeente werkt.")}
            )


class Afspraak(OvereenkomstOnderdeel):
    """One agreement within an overeenkomst: what, who, for which ambitie, how much, when."""

    Type = AfspraakType

    nummer = models.CharField(_("nummer"), max_length=20, help_text=_("Bijvoorbeeld 2.3."))
    domein = models.CharField(_("domein"), max_length=20, choices=Domein.choices)
    opgave = models.ForeignKey(
        Opgave, verbose_name=_("opgave"), on_delete=models.PROTECT, null=True, blank=True
    )
    maatregel = models.ForeignKey(
        Maatregel,
        verbose_name=_("uit de catalogus"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    type = models.CharField(_("type"), max_length=20, choices=AfspraakType.choices)
    titel = models.CharField(_("titel"), max_length=300)
    tekst = models.TextField(_("tekst van de afspraak"))
    trekker = models.ForeignKey(
        Organisatie,
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="getrokken_afspraken",
        help_text=_("De organisatie die ervoor zorgt dat de afspraak wordt nagekomen."),
    )
    betrokkenen = models.ManyToManyField(
        Organisatie,
        verbose_name=_("betrokken partijen"),
        blank=True,
        related_name="betrokken_afspraken",
    )
    ambitie = models.ForeignKey(
        Ambitie,
        verbose_name=_("ambitie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("De ambitie uit de woonzorgvisie die deze afspraak concreet maakt."),
    )
    doelstelling = models.ForeignKey(
        Doelstelling,
        verbose_name=_("doelstelling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    woonvorm = models.ForeignKey(
        Woonvorm, verbose_name=_("woonvorm"), on_delete=models.PROTECT, null=True, blank=True
    )
    aantal = models.PositiveIntegerField(
        _("aantal"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    eenheid = models.CharField(
        _("eenheid"),
        max_length=50,
        blank=True,
        help_text=_("Bijvoorbeeld woningen, wooneenheden, plekken, ontmoetingsruimten."),
    )
    aantal_nieuwbouw = models.PositiveIntegerField(_("waarvan nieuwbouw"), null=True, blank=True)
    aantal_bestaande_bouw = models.PositiveIntegerField(
        _("waarvan in bestaande bouw"),
        null=True,
        blank=True,
        help_text=_("Ook door transformatie van bestaand vastgoed."),
    )
    gebied = models.ForeignKey(
        Gebied, verbose_name=_("gebied"), on_delete=models.PROTECT, null=True, blank=True
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    verwijzingen = models.ManyToManyField(
        "self",
        verbose_name=_("verwijst naar"),
        symmetrical=False,
        blank=True,
        related_name="verwezen_door",
        help_text=_("Andere afspraken waar deze op voortbouwt, in plaats van ze te herhalen."),
    )
    verwijzing = models.CharField(
        _("verwijzing naar andere afspraken"),
        max_length=300,
        blank=True,
        help_text=_(
            "Afspraken buiten Woonzorg, bijvoorbeeld de regionale afspraken over intramurale "
            "verpleeghuiszorg of de uitstroom uit beschermd wonen."
        ),
    )

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["overeenkomst_id", "nummer", "pk"]
        default_related_name = "afspraken"
        constraints = [
            models.UniqueConstraint(
                fields=["overeenkomst", "nummer"],
                name="afspraak_nummer_uniek",
                violation_error_message=_(
                    "Deze overeenkomst heeft al een afspraak met dit nummer."
                ),
            )
        ]

    def __str__(self):
        return f"{self.nummer} {self.titel}"

    def get_absolute_url(self):
        return reverse(
            "prestatieafspraken:afspraak",
            kwargs={"gemeente": self.overeenkomst.gemeente.cbs_code, "pk": self.pk},
        )

    @property
    def smart_vrijgesteld(self) -> bool:
        return self.type in SMART_VRIJGESTELD

    def rapporteur_ids(self) -> list[int]:
        return [self.trekker_id] if self.trekker_id else []

    def clean(self):
        errors = {}
        if self.aantal and not self.eenheid:
            errors["eenheid"] = _("Geef de eenheid bij het aantal, bijvoorbeeld woningen.")
        delen = [d for d in (self.aantal_nieuwbouw, self.aantal_bestaande_bouw) if d is not None]
        if delen and not self.aantal:
            errors["aantal"] = _("Geef het totale aantal, waarvan de nieuwbouw en bestaande bouw.")
        elif delen and sum(delen) > self.aantal:
            errors["aantal_bestaande_bouw"] = _(
                "Nieuwbouw en bestaande bouw samen (%(som)s) zijn meer dan het totaal (%(aantal)s)."
            ) % {"som": sum(delen), "aantal": self.aantal}
        if self.opgave_id and self.domein and self.opgave.domein != self.domein:
            errors["opgave"] = _("Kies een opgave uit het domein %(domein)s.") % {
                "domein": self.get_domein_display()
            }
        if self.doelstelling_id and self.doelstelling.ambitie_id != self.ambitie_id:
            errors["doelstelling"] = _("Kies een doelstelling van de gekozen ambitie.")
        if self.overeenkomst_id:
            gemeente_id = self.overeenkomst.gemeente_id
            if self.ambitie_id and self.ambitie.visie.gemeente_id != gemeente_id:
                errors["ambitie"] = _("Kies een ambitie uit een visie van deze gemeente.")
            if self.gebied_id and self.gebied.gemeente_id != gemeente_id:
                errors["gebied"] = _("Kies een gebied van deze gemeente.")
        if errors:
            raise ValidationError(errors)


class Jaarschijf(OvereenkomstOnderdeel):
    """What the agreement commits to in one year of its period."""

    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=jaar_validators)
    toelichting = models.TextField(
        _("toelichting"),
        blank=True,
        help_text=_("Wat dit jaar anders of urgenter is, bijvoorbeeld een nieuwe regeling."),
    )

    class Meta:
        verbose_name = _("jaarschijf")
        verbose_name_plural = _("jaarschijven")
        ordering = ["jaar"]
        default_related_name = "jaarschijven"
        constraints = [
            models.UniqueConstraint(
                fields=["overeenkomst", "jaar"],
                name="jaarschijf_uniek",
                violation_error_message=_(
                    "Deze overeenkomst heeft al een jaarschijf voor dit jaar."
                ),
            )
        ]

    def __str__(self):
        return _("Jaarschijf %(jaar)s") % {"jaar": self.jaar}

    def get_absolute_url(self):
        return reverse(
            "prestatieafspraken:jaarschijf",
            kwargs={"gemeente": self.overeenkomst.gemeente.cbs_code, "pk": self.pk},
        )

    def clean(self):
        if self.overeenkomst_id and self.jaar and self.jaar not in self.overeenkomst.jaren:
            raise ValidationError(
                {"jaar": _("Kies een jaar binnen de periode van de overeenkomst.")}
            )


class JaardoelQuerySet(ScopedQuerySet):
    gemeente_path = "jaarschijf__overeenkomst__gemeente"
    partner_paths = ("jaarschijf__overeenkomst__partijen__organisatie",)


class Jaardoel(models.Model):
    """One afspraak's commitment in one jaarschijf."""

    jaarschijf = models.ForeignKey(
        Jaarschijf, verbose_name=_("jaarschijf"), on_delete=models.CASCADE
    )
    afspraak = models.ForeignKey(Afspraak, verbose_name=_("afspraak"), on_delete=models.CASCADE)
    aantal = models.PositiveIntegerField(_("jaardoel"), null=True, blank=True)
    tekst = models.TextField(_("wat dit jaar"), blank=True)

    objects = JaardoelQuerySet.as_manager()

    class Meta:
        verbose_name = _("jaardoel")
        verbose_name_plural = _("jaardoelen")
        ordering = ["afspraak__nummer", "pk"]
        default_related_name = "jaardoelen"
        constraints = [
            models.UniqueConstraint(fields=["jaarschijf", "afspraak"], name="jaardoel_uniek")
        ]

    def __str__(self):
        return f"{self.jaarschijf.jaar}: {self.afspraak}"

    @property
    def gemeente(self):
        return self.jaarschijf.overeenkomst.gemeente

    @property
    def alleen_lezen(self) -> bool:
        return self.jaarschijf.alleen_lezen

    alleen_lezen_reden = Overeenkomst.alleen_lezen_reden

    def clean(self):
        if (
            self.afspraak_id
            and self.jaarschijf_id
            and self.afspraak.overeenkomst_id != self.jaarschijf.overeenkomst_id
        ):
            raise ValidationError(
                _("Een jaardoel hoort bij een afspraak van dezelfde overeenkomst.")
            )


class OndertekeningOnveranderlijk(PermissionDenied):
    """Raised on any attempt to change or delete a signature; a page that triggers it is a 403."""


def _onveranderlijk():
    return OndertekeningOnveranderlijk(_("Een ondertekening wordt nooit gewijzigd of verwijderd."))


class OndertekeningQuerySet(OvereenkomstOnderdeelQuerySet):
    """Signatures in bulk are as immutable as one: no delete, and the only update is the one
    services.registreer_wijziging and terug_naar_concept make, marking them vervallen."""

    def update(self, **kwargs):
        if kwargs != {"vervallen": True}:
            raise _onveranderlijk()
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        raise _onveranderlijk()

    delete.queryset_only = True


class Ondertekening(OvereenkomstOnderdeel):
    """A signature for an organisatie on one versie, with the hash of what was signed.

    Never changed after it is made (`alleen_lezen`): a changed text makes a new versie, and
    this one vervallen. Only services.onderteken and services.registreer_wijziging write here.
    The model enforces it for every caller, the admin and the shell included: saving an existing
    signature may only mark it vervallen, and deleting one (or its overeenkomst) is refused.
    """

    # PROTECT, not the CASCADE of other onderdelen: an overeenkomst that was ever signed stays.
    overeenkomst = models.ForeignKey(
        Overeenkomst, verbose_name=_("overeenkomst"), on_delete=models.PROTECT
    )
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT
    )
    ondertekend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ondertekend door"),
        on_delete=models.PROTECT,
        related_name="ondertekeningen",
    )
    # The name and capacity as they were at the moment of signing, for the signed document.
    naam = models.CharField(_("naam ondertekenaar"), max_length=300)
    functie = models.CharField(
        _("functie"),
        max_length=200,
        blank=True,
        help_text=_("In welke hoedanigheid u tekent, bijvoorbeeld directeur-bestuurder."),
    )
    ondertekend_op = models.DateTimeField(_("ondertekend op"))
    versie = models.PositiveSmallIntegerField(_("versie"))
    inhoud_hash = models.CharField(_("sha256 van de inhoud"), max_length=64)
    vervallen = models.BooleanField(
        _("vervallen"), default=False, help_text=_("De tekst is na ondertekening gewijzigd.")
    )

    objects = OndertekeningQuerySet.as_manager()

    alleen_lezen = True
    alleen_lezen_reden = _("Een ondertekening wordt nooit gewijzigd.")

    class Meta:
        verbose_name = _("ondertekening")
        verbose_name_plural = _("ondertekeningen")
        ordering = ["-versie", "ondertekend_op", "pk"]
        default_related_name = "ondertekeningen"
        constraints = [
            models.UniqueConstraint(
                fields=["overeenkomst", "organisatie", "versie"],
                name="ondertekening_uniek",
                violation_error_message=_(
                    "Deze organisatie heeft deze versie van de overeenkomst al ondertekend."
                ),
            )
        ]

    def __str__(self):
        return f"{self.organisatie} — {self.overeenkomst} v{self.versie}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self._alleen_vervallen(kwargs.get("update_fields"))
            kwargs["update_fields"] = ["vervallen"]
        super().save(*args, **kwargs)

    def _alleen_vervallen(self, update_fields) -> None:
        """Saving an existing signature is allowed for one transition only: from geldig to
        vervallen, with every other field as it was signed."""
        if update_fields is not None and set(update_fields) - {"vervallen"}:
            raise _onveranderlijk()
        velden = [f.attname for f in self._meta.concrete_fields]
        opgeslagen = type(self)._base_manager.filter(pk=self.pk).values(*velden).first()
        if opgeslagen is None:
            raise _onveranderlijk()
        for veld in velden:
            if veld != "vervallen" and getattr(self, veld) != opgeslagen[veld]:
                raise _onveranderlijk()
        if opgeslagen["vervallen"] or not self.vervallen:
            raise _onveranderlijk()

    def delete(self, *args, **kwargs):
        raise _onveranderlijk()

    def get_additional_data(self) -> dict:
        """Stored with its audit trail entries, so an overeenkomst's history finds them."""
        return {"overeenkomst": self.overeenkomst_id}
