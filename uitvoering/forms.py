"""Forms of the uitvoering pages. Validation messages are Dutch and name the field.

Every choice is limited to the programma's gemeente; the models' clean() checks what belongs
together (eind after start, an aantal with a bouwsoort, a jaar within the programma).
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prestatieafspraken.models import Afspraak
from prestatieafspraken.services import natuurlijk
from woonzorg.forms import (
    DatumInput,
    GebiedChoiceField,
    gegroepeerd,
    jaartal_veld,
    organisaties_van,
)
from woonzorg.models import Gebied, Rol, User, Woonvorm
from woonzorg.permissions import FULL_VIEW

from .models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang


def afspraak_label(afspraak) -> str:
    return f"{afspraak.nummer} {afspraak.titel}"


def datum_fouten(label):
    return {
        "invalid": _("Vul bij %(veld)s een datum in, bijvoorbeeld 2025-03-01.") % {"veld": label}
    }


# --- Uitvoeringsprogramma -------------------------------------------------------------------------


class ProgrammaleiderField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        naam = user.get_full_name()
        return f"{naam} ({user.email})" if naam else user.email


class ProgrammaForm(forms.ModelForm):
    class Meta:
        model = Uitvoeringsprogramma
        fields = [
            "titel",
            "periode_start",
            "periode_eind",
            "programmaleider",
            "status",
            "toelichting",
        ]
        field_classes = {"programmaleider": ProgrammaleiderField}
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "titel": _("Bijvoorbeeld: Uitvoeringsprogramma wonen en zorg 2025–2028."),
            "periode_eind": _("Een uitvoeringsprogramma loopt meestal drie tot vijf jaar."),
            "programmaleider": _("Wie het programma trekt en de voortgang bewaakt."),
            "status": _(
                "Een afgerond programma blijft leesbaar, maar kan niet meer worden gewijzigd."
            ),
        }
        error_messages = {
            "titel": {"required": _("Geef het programma een titel.")},
            "periode_start": {
                "required": _("Vul het beginjaar in."),
                "invalid": _("Vul bij Van (jaar) een jaartal in, bijvoorbeeld 2025."),
            },
            "periode_eind": {
                "required": _("Vul het eindjaar in."),
                "invalid": _("Vul bij Tot en met (jaar) een jaartal in, bijvoorbeeld 2028."),
            },
        }

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        # Set before validation: the model's clean() checks the programmaleider's role here.
        self.instance.gemeente = gemeente
        veld = self.fields["programmaleider"]
        veld.queryset = (
            User.objects.filter(
                pk__in=Rol.objects.filter(gemeente=gemeente, soort__in=FULL_VIEW).values("user")
            )
            .filter(is_active=True)
            .order_by("last_name", "first_name", "email")
        )
        veld.empty_label = _("(nog geen programmaleider)")
        veld.error_messages["invalid_choice"] = _(
            "Kies bij Programmaleider iemand van de gemeente met een rol in deze gemeente."
        )
        for naam in ("periode_start", "periode_eind"):
            jaartal_veld(self.fields[naam], self.fields[naam].label)


# --- Activiteit -----------------------------------------------------------------------------------


class ActiviteitForm(forms.ModelForm):
    class Meta:
        model = Activiteit
        fields = [
            "afspraak",
            "titel",
            "omschrijving",
            "trekker",
            "betrokkenen",
            "gebied",
            "locatie",
            "start",
            "eind",
            "status",
            "woonvorm",
            "aantal",
            "bouwsoort",
        ]
        field_classes = {"gebied": GebiedChoiceField}
        widgets = {
            "titel": forms.Textarea(attrs={"rows": 2}),
            "omschrijving": forms.Textarea(attrs={"rows": 4}),
            "betrokkenen": forms.CheckboxSelectMultiple,
            "start": DatumInput,
            "eind": DatumInput,
        }
        help_texts = {
            "titel": _("Wat er gebeurt, in één zin: bijvoorbeeld 20 geclusterde woningen Wijk Y."),
            "betrokkenen": _("Andere partijen die meewerken; zij zien de activiteit ook."),
            "start": _("Wanneer de activiteit begint."),
            "eind": _("Wanneer zij klaar moet zijn (de oplevering)."),
            "woonvorm": _("Leeg: de woonvorm van de afspraak."),
            "bouwsoort": _("Waar de woningen vandaan komen: de afspraak telt ze zo apart."),
        }
        error_messages = {
            "afspraak": {
                "required": _("Kies de afspraak die deze activiteit uitvoert."),
                "invalid_choice": _("Kies bij Afspraak een afspraak van deze gemeente."),
            },
            "titel": {"required": _("Geef de activiteit een titel.")},
            "trekker": {
                "invalid_choice": _("Kies bij Trekker een organisatie die in deze gemeente werkt.")
            },
            "betrokkenen": {
                "invalid_choice": _(
                    "Kies bij Betrokken partijen organisaties die in deze gemeente werken."
                )
            },
            "gebied": {"invalid_choice": _("Kies bij Gebied een gebied van deze gemeente.")},
            "start": datum_fouten(_("Start")),
            "eind": datum_fouten(_("Eind")),
            "aantal": {
                "invalid": _("Vul bij Aantal een geheel getal in."),
                "min_value": _(
                    "Het aantal is 1 of meer; laat het leeg als er niets wordt gebouwd."
                ),
            },
        }

    def __init__(self, *args, programma, **kwargs):
        super().__init__(*args, **kwargs)
        # Set before validation: the model's clean() compares afspraak and gebied with it.
        self.instance.programma = programma
        gemeente = programma.gemeente_id
        velden = self.fields

        afspraken = list(
            Afspraak.objects.filter(overeenkomst__gemeente=gemeente).select_related("overeenkomst")
        )
        afspraken.sort(
            key=lambda a: (
                -a.overeenkomst.periode_start,
                a.overeenkomst.titel,
                a.overeenkomst_id,
                natuurlijk(a.nummer),
            )
        )
        velden["afspraak"].queryset = Afspraak.objects.filter(overeenkomst__gemeente=gemeente)
        velden["afspraak"].choices = gegroepeerd(
            afspraken,
            lambda a: a.overeenkomst.titel,
            label=afspraak_label,
            leeg=_("(kies de afspraak)"),
        )
        self.afspraken = {a.pk: a for a in afspraken}

        organisaties = organisaties_van(gemeente)
        velden["trekker"].queryset = organisaties
        velden["trekker"].empty_label = _("(nog geen trekker)")
        velden["betrokkenen"].queryset = organisaties
        velden["gebied"].queryset = Gebied.objects.filter(gemeente=gemeente)
        velden["gebied"].empty_label = _("(de hele gemeente)")
        velden["woonvorm"].queryset = Woonvorm.objects.all()
        velden["woonvorm"].empty_label = _("(de woonvorm van de afspraak)")
        velden["aantal"].validators = [MinValueValidator(1)]
        velden["aantal"].widget.attrs["min"] = 1
        velden["bouwsoort"].choices = [
            ("", _("(geen woningbouw)")),
            *velden["bouwsoort"].choices[1:],
        ]

        # The aantal counts in the afspraak's unit; name it when the afspraak is known.
        gekozen = self.afspraken.get(self.instance.afspraak_id) or self.afspraken.get(
            _int(self.initial.get("afspraak"))
        )
        if gekozen and gekozen.eenheid:
            velden["aantal"].help_text = _(
                "Hoeveel deze activiteit oplevert, in de eenheid van de afspraak: %(eenheid)s."
            ) % {"eenheid": gekozen.eenheid}
        else:
            velden["aantal"].help_text = _(
                "Hoeveel deze activiteit oplevert, in de eenheid van de afspraak (bijvoorbeeld "
                "woningen); leeg als zij niets oplevert dat geteld wordt."
            )


def _int(waarde):
    try:
        return int(getattr(waarde, "pk", waarde))
    except (TypeError, ValueError):
        return None


# --- Begrotingsposten -----------------------------------------------------------------------------


class BedragField(forms.DecimalField):
    """An amount in euro as a Dutch user types it: € 12.500,50, 12500,50 or 12500."""

    widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("\xa0", "").replace(" ", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif re.fullmatch(r"\d{1,3}(\.\d{3})+", value):
                value = value.replace(".", "")  # 12.500: a thousands separator
        if value in self.empty_values:
            return None
        try:
            bedrag = Decimal(str(value))
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not bedrag.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return bedrag

    def prepare_value(self, value):
        """Shown with a decimal comma, without thousands separators: 12500,50."""
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


class BegrotingspostForm(forms.ModelForm):
    class Meta:
        model = Begrotingspost
        fields = ["jaar", "bedrag", "financier", "zekerheid", "besteed", "omschrijving"]
        field_classes = {"bedrag": BedragField, "besteed": BedragField}

    def __init__(self, *args, jaren, financiers, keuzes, **kwargs):
        super().__init__(*args, **kwargs)
        velden = self.fields
        velden["jaar"] = forms.TypedChoiceField(
            label=_("Jaar"),
            coerce=int,
            choices=[("", _("(kies het jaar)")), *((j, j) for j in jaren)],
            error_messages={
                "required": _("Kies het jaar van de post."),
                "invalid_choice": _("Kies bij Jaar een jaar van het programma (%(periode)s).")
                % {"periode": f"{jaren[0]}–{jaren[-1]}"},
            },
        )
        bedrag = velden["bedrag"]
        bedrag.label = _("Bedrag (€)")
        bedrag.error_messages.update(
            {
                "required": _("Vul het bedrag in euro in."),
                "invalid": _("Vul bij Bedrag een bedrag in euro in, bijvoorbeeld 12.500,00."),
                "max_decimal_places": _("Een bedrag heeft ten hoogste twee cijfers na de komma."),
                "max_digits": _("Vul bij Bedrag een bedrag onder de tien miljard euro in."),
                "max_whole_digits": _("Vul bij Bedrag een bedrag onder de tien miljard euro in."),
            }
        )
        velden["besteed"].label = _("Besteed (€)")
        velden["besteed"].error_messages.update(
            {
                "invalid": _("Vul bij Besteed een bedrag in euro in, bijvoorbeeld 12.500,00."),
                "min_value": _("Vul bij Besteed een bedrag van € 0 of meer in."),
                "max_decimal_places": _("Een bedrag heeft ten hoogste twee cijfers na de komma."),
                "max_digits": _("Vul bij Besteed een bedrag onder de tien miljard euro in."),
                "max_whole_digits": _("Vul bij Besteed een bedrag onder de tien miljard euro in."),
            }
        )
        velden["financier"].queryset = financiers
        velden["financier"].choices = keuzes  # read once for the whole formset
        velden["financier"].error_messages["invalid_choice"] = _(
            "Kies bij Financier een organisatie die in deze gemeente werkt, of laat het leeg."
        )

    def clean_bedrag(self):
        bedrag = self.cleaned_data["bedrag"]
        if bedrag is not None and bedrag <= 0:
            raise forms.ValidationError(_("Een bedrag is groter dan € 0."))
        return bedrag


class BaseBegrotingspostFormSet(forms.BaseInlineFormSet):
    """The posts of one activiteit: years of its programma, financiers of its gemeente."""

    def __init__(self, *args, instance, **kwargs):
        programma = instance.programma
        financiers = organisaties_van(programma.gemeente_id)
        keuzes = [("", _("(nog onbekend)"))] + [(o.pk, o.naam) for o in financiers]
        kwargs["form_kwargs"] = {
            "jaren": list(programma.jaren),
            "financiers": financiers,
            "keuzes": keuzes,
        }
        super().__init__(*args, instance=instance, **kwargs)


BegrotingspostFormSet = forms.inlineformset_factory(
    Activiteit,
    Begrotingspost,
    form=BegrotingspostForm,
    formset=BaseBegrotingspostFormSet,
    extra=2,
    can_delete=True,
)


# --- Voortgang ------------------------------------------------------------------------------------


class VoortgangForm(forms.ModelForm):
    """A report; services.meld_voortgang stores it (the form only checks the input)."""

    class Meta:
        model = Voortgang
        fields = ["datum", "status", "gerealiseerd_aantal", "toelichting"]
        widgets = {"datum": DatumInput, "toelichting": forms.Textarea(attrs={"rows": 4})}
        labels = {"gerealiseerd_aantal": _("Gerealiseerd aantal")}
        help_texts = {
            "datum": _("De dag waarop deze stand gold; vandaag of eerder."),
            "status": _("De activiteit krijgt de status van de nieuwste melding."),
            "toelichting": _("Wat er is gebeurd, wat tegenzit, wat de volgende stap is."),
        }
        error_messages = {
            "datum": {"required": _("Vul de datum van de melding in."), **datum_fouten(_("Datum"))},
            "status": {
                "required": _("Kies de status van de activiteit."),
                "invalid_choice": _("Kies bij Status een status uit de lijst."),
            },
            "gerealiseerd_aantal": {
                "invalid": _("Vul bij Gerealiseerd aantal een geheel getal in."),
                "min_value": _("Een gerealiseerd aantal is 0 of meer."),
            },
        }

    def __init__(self, *args, activiteit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activiteit = activiteit
        vandaag = timezone.localdate()
        self.fields["datum"].widget.attrs["max"] = vandaag.isoformat()
        aantal = self.fields["gerealiseerd_aantal"]
        eenheid = activiteit.afspraak.eenheid or _("eenheden")
        if activiteit.aantal:
            aantal.help_text = _(
                "Hoeveel er tot nu toe is opgeleverd, van de %(aantal)s geplande %(eenheid)s. "
                "Leeg: niet veranderd."
            ) % {"aantal": activiteit.aantal, "eenheid": eenheid}
        else:
            aantal.help_text = _(
                "Hoeveel er tot nu toe is opgeleverd, in %(eenheid)s. Leeg: niet veranderd."
            ) % {"eenheid": eenheid}

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum and datum > timezone.localdate():
            raise forms.ValidationError(_("De datum van een melding ligt niet in de toekomst."))
        return datum
