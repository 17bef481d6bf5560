"""Phase 5, borging: the monitoring agreements (indicatoren with streefwaarden), the metingen
partners deliver, the yearly evaluatie and the jaarschijfrapport.

"Monitoring van belangrijke indicatoren maakt het mogelijk om tijdig bij te sturen." An
indicator belongs to an afspraak and/or an activiteit, has an eigenaar (the organisatie that
delivers its metingen) and a trajectory from its nulmeting to its streefwaarden; the stoplicht
(services.stoplicht) compares the metingen with that trajectory.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prestatieafspraken.models import Afspraak, Overeenkomst
from uitvoering.models import Activiteit, Uitvoeringsprogramma
from woonzorg.models import Gebied, Gemeente, Organisatie
from woonzorg.querysets import ScopedQuerySet
from woonzorg.validators import jaar_validators

waarde_validators = [MinValueValidator(Decimal(0))]


class Frequentie(models.TextChoices):
    JAARLIJKS = "jaarlijks", _("jaarlijks")
    PER_KWARTAAL = "per_kwartaal", _("per kwartaal")


class Richting(models.TextChoices):
    HOGER = "hoger", _("hoger is beter")
    LAGER = "lager", _("lager is beter")


# An indicator of an ended agreement or of a finished programme is history.
GESCHIEDENIS_AFSPRAAK = Q(afspraak__overeenkomst__status=Overeenkomst.Status.BEEINDIGD)
GESCHIEDENIS_ACTIVITEIT = Q(activiteit__programma__status=Uitvoeringsprogramma.Status.AFGEROND)


class IndicatorQuerySet(ScopedQuerySet):
    # A partner sees the indicators its organisatie owns, and those of the afspraken and
    # activiteiten it is party to or carries out.
    partner_paths = (
        "eigenaar",
        "afspraak__overeenkomst__partijen__organisatie",
        "activiteit__trekker",
        "activiteit__betrokkenen",
    )

    def lopend(self):
        """Without what is history: indicators of an ended agreement or a finished programme
        are read back, not measured any more."""
        return self.exclude(GESCHIEDENIS_AFSPRAAK).exclude(GESCHIEDENIS_ACTIVITEIT)

    def met_looptijd(self):
        """Annotate `is_lopend` (what lopend() keeps) and `activiteit_afspraak_id` (the afspraak
        an activiteit's indicator measures) as plain values: a page that goes over hundreds of
        indicatoren need not load their afspraken and activiteiten for that."""
        geschiedenis = GESCHIEDENIS_AFSPRAAK | GESCHIEDENIS_ACTIVITEIT
        return self.annotate(
            is_lopend=Case(When(geschiedenis, then=Value(False)), default=Value(True)),
            activiteit_afspraak_id=F("activiteit__afspraak"),
        )


class Indicator(models.Model):
    """What is measured to see whether an afspraak or activiteit works, and by whom."""

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="indicatoren"
    )
    naam = models.CharField(
        _("naam"),
        max_length=200,
        help_text=_("Bijvoorbeeld: aantal geclusterde woningen, aantal ontmoetingsruimten."),
    )
    eenheid = models.CharField(
        _("eenheid"), max_length=50, help_text=_("Bijvoorbeeld woningen, ruimten, procent.")
    )
    afspraak = models.ForeignKey(
        Afspraak,
        verbose_name=_("afspraak"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicatoren",
        help_text=_("De prestatieafspraak waarvan deze indicator de voortgang meet."),
    )
    activiteit = models.ForeignKey(
        Activiteit,
        verbose_name=_("activiteit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicatoren",
    )
    eigenaar = models.ForeignKey(
        Organisatie,
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="indicatoren",
        help_text=_("De organisatie die de metingen levert."),
    )
    frequentie = models.CharField(
        _("frequentie"), max_length=20, choices=Frequentie.choices, default=Frequentie.JAARLIJKS
    )
    richting = models.CharField(
        _("richting"), max_length=10, choices=Richting.choices, default=Richting.HOGER
    )
    nulmeting = models.DecimalField(
        _("nulmeting"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=waarde_validators,
        help_text=_("De stand bij de start: het begin van het traject naar de streefwaarde."),
    )
    nulmeting_jaar = models.PositiveSmallIntegerField(
        _("jaar van de nulmeting"), null=True, blank=True, validators=jaar_validators
    )
    gebied = models.ForeignKey(
        Gebied,
        verbose_name=_("gebied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leeg: de hele gemeente. Met een gebied toont de indicator de wijkcijfers."),
    )
    bron = models.CharField(
        _("bron"), max_length=300, blank=True, help_text=_("Waar de metingen vandaan komen.")
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["naam", "pk"]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        # An indicator of an activiteit measures the afspraak that activiteit carries out.
        if self.activiteit_id and not self.afspraak_id:
            self.afspraak_id = self.activiteit.afspraak_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "borging:indicator", kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.pk}
        )

    def rapporteur_ids(self) -> list[int]:
        """The eigenaar delivers the metingen (permissions.can_report)."""
        return [self.eigenaar_id] if self.eigenaar_id else []

    def clean(self):
        errors = {}
        if (self.nulmeting is None) != (self.nulmeting_jaar is None):
            veld = "nulmeting_jaar" if self.nulmeting_jaar is None else "nulmeting"
            errors[veld] = _("Geef de nulmeting en het jaar waarin zij is gemeten samen op.")
        if self.gemeente_id:
            if self.afspraak_id and self.afspraak.overeenkomst.gemeente_id != self.gemeente_id:
                errors["afspraak"] = _("Kies een afspraak van deze gemeente.")
            if self.activiteit_id:
                if self.activiteit.programma.gemeente_id != self.gemeente_id:
                    errors["activiteit"] = _("Kies een activiteit van deze gemeente.")
                elif self.afspraak_id and self.activiteit.afspraak_id != self.afspraak_id:
                    errors["activiteit"] = _("Kies een activiteit die deze afspraak uitvoert.")
            if self.gebied_id and self.gebied.gemeente_id != self.gemeente_id:
                errors["gebied"] = _("Kies een gebied van deze gemeente.")
        if errors:
            raise ValidationError(errors)


class IndicatorOnderdeelQuerySet(ScopedQuerySet):
    gemeente_path = "indicator__gemeente"
    partner_paths = tuple(f"indicator__{path}" for path in IndicatorQuerySet.partner_paths)


class Streefwaarde(models.Model):
    """Where the indicator should be at the end of a year."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE)
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=jaar_validators)
    waarde = models.DecimalField(
        _("streefwaarde"), max_digits=12, decimal_places=2, validators=waarde_validators
    )

    objects = IndicatorOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        ordering = ["indicator", "jaar"]
        default_related_name = "streefwaarden"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "jaar"],
                name="streefwaarde_uniek",
                violation_error_message=_(
                    "Deze indicator heeft al een streefwaarde voor dit jaar."
                ),
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.jaar}: {self.waarde}"

    @property
    def gemeente(self):
        return self.indicator.gemeente


class Meting(models.Model):
    """A measured value: the stand at the end of a year or quarter, for the whole gemeente or
    one gebied. Entering the same period again replaces the value (a correction)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE)
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=jaar_validators)
    kwartaal = models.PositiveSmallIntegerField(
        _("kwartaal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Leeg: een meting over het hele jaar."),
    )
    gebied = models.ForeignKey(
        Gebied,
        verbose_name=_("gebied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leeg: de hele gemeente."),
    )
    waarde = models.DecimalField(
        _("waarde"), max_digits=12, decimal_places=2, validators=waarde_validators
    )
    bron = models.CharField(_("bron"), max_length=300, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        on_delete=models.PROTECT,
        related_name="metingen",
    )
    ingevoerd_op = models.DateTimeField(_("ingevoerd op"), auto_now=True)

    objects = IndicatorOnderdeelQuerySet.as_manager()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["indicator", "-jaar", "-kwartaal", "pk"]
        default_related_name = "metingen"
        constraints = [
            # One value per period and gebied; a missing kwartaal or gebied is a value too.
            models.UniqueConstraint(
                "indicator",
                "jaar",
                Coalesce("kwartaal", 0),
                Coalesce("gebied", 0),
                name="meting_per_periode_uniek",
                violation_error_message=_(
                    "Voor deze indicator, periode en dit gebied is al een meting ingevoerd."
                ),
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.periode}: {self.waarde}"

    def get_additional_data(self) -> dict:
        """Stored with its audit trail entries, so the indicator's history finds them, also of
        metingen deleted since."""
        return {"indicator": self.indicator_id}

    @property
    def gemeente(self):
        return self.indicator.gemeente

    @property
    def periode(self) -> str:
        return f"{self.jaar} K{self.kwartaal}" if self.kwartaal else str(self.jaar)

    def clean(self):
        errors = {}
        if self.indicator_id:
            if self.gebied_id and self.gebied.gemeente_id != self.indicator.gemeente_id:
                errors["gebied"] = _("Kies een gebied van deze gemeente.")
            if self.kwartaal and self.indicator.frequentie == Frequentie.JAARLIJKS:
                errors["kwartaal"] = _(
                    "Deze indicator wordt jaarlijks gemeten; laat het kwartaal leeg."
                )
        if errors:
            raise ValidationError(errors)


class EvaluatieQuerySet(ScopedQuerySet):
    # The evaluation is the partners' shared learning: every partner of the gemeente reads it.
    shared_with_partners = True


class Evaluatie(models.Model):
    """The yearly look back: what goes well, the obstacles met, and the bijsturing decided."""

    gemeente = models.ForeignKey(
        Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="evaluaties"
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=jaar_validators)
    wat_gaat_goed = models.TextField(_("wat gaat goed"))
    obstakels = models.TextField(_("ervaren obstakels"), blank=True)
    bijsturing = models.TextField(
        _("bijsturing"),
        blank=True,
        help_text=_("Wat de partners hebben besloten aan te passen, en waarom."),
    )
    afspraken = models.ManyToManyField(
        Afspraak,
        verbose_name=_("afspraken"),
        blank=True,
        related_name="evaluaties",
        help_text=_("De afspraken waar de evaluatie over gaat."),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    gewijzigd = models.DateTimeField(_("gewijzigd"), auto_now=True)

    objects = EvaluatieQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["-jaar", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente", "jaar"],
                name="evaluatie_per_jaar_uniek",
                violation_error_message=_("Voor dit jaar is al een evaluatie vastgelegd."),
            )
        ]

    def __str__(self):
        return _("Evaluatie %(jaar)s") % {"jaar": self.jaar}

    def get_absolute_url(self):
        return reverse(
            "borging:evaluatie", kwargs={"gemeente": self.gemeente.cbs_code, "pk": self.pk}
        )


class RapportQuerySet(ScopedQuerySet):
    """The report covers every partner's work: gemeente staff and lezers read it."""


def rapport_pad(rapport, bestandsnaam: str) -> str:
    return f"jaarschijfrapporten/{rapport.gemeente.cbs_code}/{bestandsnaam}"


class Jaarschijfrapport(models.Model):
    """One generation of the yearly report as a PDF; earlier ones are kept."""

    class Status(models.TextChoices):
        WACHTRIJ = "wachtrij", _("in de wachtrij")
        BEZIG = "bezig", _("wordt gemaakt")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")

    LOPEND = (Status.WACHTRIJ, Status.BEZIG)

    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="jaarschijfrapporten",
    )
    jaar = models.PositiveSmallIntegerField(_("jaar"), validators=jaar_validators)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WACHTRIJ
    )
    bestand = models.FileField(_("bestand"), upload_to=rapport_pad, blank=True)
    fout = models.TextField(_("reden van de fout"), blank=True)
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jaarschijfrapporten",
        help_text=_("Leeg: gemaakt door de jaarlijkse planning in januari."),
    )
    aangemaakt = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    klaar_op = models.DateTimeField(_("klaar op"), null=True, blank=True)

    objects = RapportQuerySet.as_manager()

    class Meta:
        verbose_name = _("jaarschijfrapport")
        verbose_name_plural = _("jaarschijfrapporten")
        ordering = ["-jaar", "-aangemaakt", "-pk"]

    def __str__(self):
        return _("Jaarschijfrapport %(jaar)s") % {"jaar": self.jaar}

    def get_absolute_url(self):
        return (
            reverse("borging:rapporten", kwargs={"gemeente": self.gemeente.cbs_code})
            + f"#rapport-{self.pk}"
        )

    # Longer than every try with its pauses and time limits takes: the message was lost.
    VASTGELOPEN_NA = datetime.timedelta(hours=1)

    @property
    def vastgelopen(self) -> bool:
        """In the queue or being made for so long that it will not finish any more."""
        return self.status in self.LOPEND and self.aangemaakt < timezone.now() - self.VASTGELOPEN_NA

    @property
    def loopt(self) -> bool:
        """Still being made: the page keeps asking for its status."""
        return self.status in self.LOPEND and not self.vastgelopen
