"""Forms of the prestatieafspraken pages. Validation messages are Dutch and name the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Jaarschijf

# --- Signing and jaarschijven ---------------------------------------------------------------------


class OndertekenForm(forms.Form):
    """The signer confirms having read this exact versie; the hash says which text that was."""

    inhoud_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
    functie = forms.CharField(
        label=_("Functie"),
        max_length=200,
        required=False,
        help_text=_("In welke hoedanigheid u tekent, bijvoorbeeld directeur-bestuurder."),
    )
    akkoord = forms.BooleanField(
        label=_("Ik heb deze versie gelezen en onderteken haar namens mijn organisatie."),
        error_messages={"required": _("Vink aan dat u deze versie namens uw organisatie tekent.")},
    )


class JaarschijfForm(forms.Form):
    """Which year a new jaarschijf is for: a year of the period that has none yet."""

    jaar = forms.TypedChoiceField(label=_("Jaar"), coerce=int)

    def __init__(self, *args, overeenkomst, **kwargs):
        super().__init__(*args, **kwargs)
        bestaand = set(overeenkomst.jaarschijven.values_list("jaar", flat=True))
        self.fields["jaar"].choices = [(j, j) for j in overeenkomst.jaren if j not in bestaand]


class JaarschijfToelichtingForm(forms.ModelForm):
    class Meta:
        model = Jaarschijf
        fields = ["toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}


class JaardoelenForm(forms.Form):
    """Per afspraak of the overeenkomst a number and a text for this year.

    Fields are named `aantal_<afspraak pk>` and `tekst_<afspraak pk>`; `waarden()` gives them to
    services.bewaar_jaardoelen.
    """

    def __init__(self, *args, afspraken, jaardoelen, **kwargs):
        super().__init__(*args, **kwargs)
        self.afspraken = list(afspraken)
        per_afspraak = {d.afspraak_id: d for d in jaardoelen}
        for afspraak in self.afspraken:
            doel = per_afspraak.get(afspraak.pk)
            self.fields[f"aantal_{afspraak.pk}"] = forms.IntegerField(
                label=_("Jaardoel %(nummer)s") % {"nummer": afspraak.nummer},
                min_value=0,
                required=False,
                initial=doel.aantal if doel else None,
                error_messages={
                    "min_value": _("Een jaardoel is 0 of meer."),
                    "invalid": _("Vul een geheel getal in."),
                },
            )
            self.fields[f"tekst_{afspraak.pk}"] = forms.CharField(
                label=_("Wat dit jaar bij %(nummer)s") % {"nummer": afspraak.nummer},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=doel.tekst if doel else "",
            )

    def rijen(self):
        """(afspraak, aantal field, tekst field) per afspraak, for the template."""
        return [(a, self[f"aantal_{a.pk}"], self[f"tekst_{a.pk}"]) for a in self.afspraken]

    def waarden(self) -> dict:
        return {
            a.pk: (self.cleaned_data[f"aantal_{a.pk}"], self.cleaned_data[f"tekst_{a.pk}"])
            for a in self.afspraken
        }


# --- Overeenkomsten, partijen and afspraken ------------------------------------------------------
