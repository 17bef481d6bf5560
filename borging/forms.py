"""Forms of the borging pages. Validation messages are Dutch and name the field.

Every choice is limited to the gemeente: its afspraken and activiteiten, the organisaties that
work there, its gebieden. The models' clean() checks what belongs together.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from prestatieafspraken.models import Afspraak
from prestatieafspraken.services import natuurlijk
from uitvoering.forms import BedragField, afspraak_label
from uitvoering.models import Activiteit
from woonzorg.forms import GebiedChoiceField, gegroepeerd, jaartal_veld, organisaties_van
from woonzorg.models import Gebied

from .models import Evaluatie, Frequentie, Indicator, Streefwaarde

# The handreiking's examples, offered while typing a name (a <datalist>).
VOORBEELDEN = (
    _("Aantal geclusterde woningen"),
    _("Aantal ontmoetingsruimten"),
    _("Aantal nieuw gebouwde geschikte woningen per jaar"),
)


class WaardeField(BedragField):
    """A value as a Dutch user types it: 1.234,5 or 1234,5 (BedragField without the €)."""


def jaar_veld(veld, label):
    jaartal_veld(veld, label)
    veld.error_messages["invalid"] = _("Vul bij %(veld)s een jaartal in, bijvoorbeeld 2024.") % {
        "veld": label
    }


def waarde_fouten(veld, label):
    veld.error_messages.update(
        {
            "required": _("Vul bij %(veld)s een getal in.") % {"veld": label},
            "invalid": _("Vul bij %(veld)s een getal in, bijvoorbeeld 12 of 12,5.")
            % {"veld": label},
            "min_value": _("%(veld)s is 0 of meer.") % {"veld": label},
            "max_decimal_places": _("Ten hoogste twee cijfers na de komma."),
            "max_digits": _("Vul bij %(veld)s een kleiner getal in.") % {"veld": label},
            "max_whole_digits": _("Vul bij %(veld)s een kleiner getal in.") % {"veld": label},
        }
    )


def afspraken_van(gemeente) -> list[Afspraak]:
    """The gemeente's afspraken, newest agreement first, in number order."""
    return sorted(
        Afspraak.objects.filter(overeenkomst__gemeente=gemeente).select_related("overeenkomst"),
        key=lambda a: (-a.overeenkomst.periode_start, a.overeenkomst_id, natuurlijk(a.nummer)),
    )


NULMETING = ("nulmeting", "nulmeting_jaar")


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "naam",
            "eenheid",
            "afspraak",
            "activiteit",
            "eigenaar",
            "frequentie",
            "richting",
            "nulmeting",
            "nulmeting_jaar",
            "gebied",
            "bron",
            "toelichting",
        ]
        field_classes = {"gebied": GebiedChoiceField, "nulmeting": WaardeField}
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "naam": {"required": _("Geef de indicator een naam.")},
            "eenheid": {"required": _("Vul de eenheid in, bijvoorbeeld woningen.")},
            "eigenaar": {"required": _("Kies de organisatie die de metingen levert.")},
        }

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.gemeente = gemeente  # set before validation: clean() compares with it
        velden = self.fields
        velden["naam"].widget.attrs["list"] = "indicator-voorbeelden"
        afspraken = afspraken_van(gemeente)
        velden["afspraak"].queryset = Afspraak.objects.filter(overeenkomst__gemeente=gemeente)
        velden["afspraak"].choices = gegroepeerd(
            afspraken, lambda a: a.overeenkomst.titel, label=afspraak_label, leeg="---------"
        )
        activiteiten = (
            Activiteit.objects.filter(programma__gemeente=gemeente)
            .select_related("programma")
            .order_by("programma__titel", "titel")
        )
        velden["activiteit"].queryset = activiteiten
        velden["activiteit"].choices = gegroepeerd(
            activiteiten, lambda a: a.programma.titel, leeg="---------"
        )
        velden["activiteit"].help_text = _(
            "Meet de indicator één activiteit, kies die dan; de afspraak volgt uit de activiteit."
        )
        velden["eigenaar"].queryset = organisaties_van(gemeente)
        velden["gebied"].queryset = Gebied.objects.filter(gemeente=gemeente).order_by(
            "soort", "naam"
        )
        waarde_fouten(velden["nulmeting"], _("Nulmeting"))
        jaar_veld(velden["nulmeting_jaar"], _("Jaar van de nulmeting"))
        for naam, tekst in (
            ("afspraak", _("Kies bij Afspraak een afspraak van deze gemeente.")),
            ("activiteit", _("Kies bij Activiteit een activiteit van deze gemeente.")),
            ("eigenaar", _("Kies bij Eigenaar een organisatie die in deze gemeente werkt.")),
            ("gebied", _("Kies bij Gebied een gebied van deze gemeente.")),
        ):
            velden[naam].error_messages["invalid_choice"] = tekst

    def _post_clean(self):
        # A nulmeting or year the form refused reaches the model as missing, and the model would
        # add that the other one needs it; the form's own message says what is wrong.
        eerder = {naam: len(self.errors[naam]) for naam in NULMETING if naam in self.errors}
        super()._post_clean()
        for naam, aantal in eerder.items():
            del self._errors[naam][aantal:]


class StreefwaardeForm(forms.ModelForm):
    class Meta:
        model = Streefwaarde
        fields = ["jaar", "waarde"]
        field_classes = {"waarde": WaardeField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jaar_veld(self.fields["jaar"], _("Jaar"))
        self.fields["jaar"].error_messages["required"] = _("Vul het jaar van de streefwaarde in.")
        waarde_fouten(self.fields["waarde"], _("Streefwaarde"))

    def clean_jaar(self):
        # The trajectory runs from the nulmeting to the streefwaarden: none before it.
        jaar = self.cleaned_data["jaar"]
        nulmeting_jaar = self.instance.indicator.nulmeting_jaar
        if jaar is not None and nulmeting_jaar and jaar <= nulmeting_jaar:
            raise forms.ValidationError(
                _("Een streefwaarde ligt na het jaar van de nulmeting (%(jaar)s).")
                % {"jaar": nulmeting_jaar}
            )
        return jaar


StreefwaardeFormSet = forms.inlineformset_factory(
    Indicator,
    Streefwaarde,
    form=StreefwaardeForm,
    extra=3,
    can_delete=True,
)


class MetingForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"))
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("(het hele jaar)")), *((k, f"K{k}") for k in range(1, 5))],
        error_messages={"invalid_choice": _("Kies bij Kwartaal 1, 2, 3 of 4, of laat het leeg.")},
    )
    gebied = GebiedChoiceField(
        label=_("Gebied"),
        queryset=Gebied.objects.none(),
        required=False,
        empty_label=_("(de hele gemeente)"),
        error_messages={"invalid_choice": _("Kies bij Gebied een gebied van deze gemeente.")},
    )
    waarde = WaardeField(label=_("Waarde"), max_digits=12, decimal_places=2, min_value=0)
    bron = forms.CharField(label=_("Bron"), max_length=300, required=False)
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        jaar_veld(self.fields["jaar"], _("Jaar"))
        self.fields["jaar"].error_messages["required"] = _("Vul het jaar van de meting in.")
        waarde_fouten(self.fields["waarde"], _("Waarde"))
        self.fields["waarde"].label = _("Waarde (%(eenheid)s)") % {"eenheid": indicator.eenheid}
        self.fields["gebied"].queryset = Gebied.objects.filter(
            gemeente=indicator.gemeente_id
        ).order_by("soort", "naam")
        self.fields["bron"].help_text = _("Leeg: de bron van de indicator (%(bron)s).") % {
            "bron": indicator.bron or _("niet opgegeven")
        }
        if indicator.frequentie == Frequentie.JAARLIJKS:
            del self.fields["kwartaal"]

    def clean(self):
        cleaned = super().clean()
        cleaned.setdefault("kwartaal", None)
        return cleaned


class MetingenUploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bestand (CSV of Excel)"),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
        },
    )

    MAX_GROOTTE = 5 * 1024 * 1024

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > self.MAX_GROOTTE:
            raise forms.ValidationError(_("Het bestand is groter dan 5 MB."))
        return bestand


class EvaluatieForm(forms.ModelForm):
    class Meta:
        model = Evaluatie
        fields = ["jaar", "wat_gaat_goed", "obstakels", "bijsturing", "afspraken"]
        widgets = {
            "wat_gaat_goed": forms.Textarea(attrs={"rows": 4}),
            "obstakels": forms.Textarea(attrs={"rows": 4}),
            "bijsturing": forms.Textarea(attrs={"rows": 4}),
            "afspraken": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "wat_gaat_goed": {"required": _("Beschrijf wat er goed gaat.")},
        }

    def __init__(self, *args, gemeente, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.gemeente = gemeente
        jaar_veld(self.fields["jaar"], _("Jaar"))
        self.fields["jaar"].error_messages["required"] = _("Vul het jaar van de evaluatie in.")
        afspraken = self.fields["afspraken"]
        afspraken.queryset = Afspraak.objects.filter(overeenkomst__gemeente=gemeente)
        afspraken.choices = [(a.pk, afspraak_label(a)) for a in afspraken_van(gemeente)]
        afspraken.error_messages["invalid_choice"] = _(
            "Kies bij Afspraken alleen afspraken van deze gemeente."
        )

    def clean_jaar(self):
        # The constraint names the gemeente, which is no field here: Django would not check it.
        jaar = self.cleaned_data["jaar"]
        andere = Evaluatie.objects.filter(gemeente=self.instance.gemeente, jaar=jaar)
        if andere.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("Voor %(jaar)s is al een evaluatie vastgelegd; vul die aan.") % {"jaar": jaar}
            )
        return jaar


class RapportForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        jaar_veld(self.fields["jaar"], _("Jaar"))
        self.fields["jaar"].error_messages["required"] = _("Vul het jaar van het rapport in.")
