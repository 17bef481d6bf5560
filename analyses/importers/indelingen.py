"""The layouts a file can have, recognised from its header row, with their column mappings:
CBS Kerncijfers wijken en buurten (KWB), its StatLine export, and the Woonzorg-sjabloon."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from woonzorg.models import Woonvorm

from ..models import Bevolkingscijfer, Huishoudens, Leeftijdsklasse, Voorraad
from ..sjabloon import KOLOMNAMEN
from .bestanden import _CODE, _GEBIED_CODE, _aantal, _cbs_code, _cel, _jaar, _Ongeldig, _tekst
from .gebieden import _Gebieden
from .plan import MAX_BRON, _Cijfer, _Lezing

# --- The columns of the CBS layouts -------------------------------------------------------------


@dataclass(frozen=True)
class CbsKolom:
    """One figure of the KWB table, under its KWB code and its StatLine key (without _NN)."""

    kwb: str
    statline: str
    leeftijdsklasse: str = ""  # stored as a Bevolkingscijfer of this age band …
    huishoudens: str = ""  # … or as this field of Huishoudens


CBS_KOLOMMEN = (
    CbsKolom("a_inw", "AantalInwoners", leeftijdsklasse=Leeftijdsklasse.TOTAAL),
    CbsKolom("a_00_14", "k_0Tot15Jaar", leeftijdsklasse=Leeftijdsklasse.K0_14),
    CbsKolom("a_15_24", "k_15Tot25Jaar", leeftijdsklasse=Leeftijdsklasse.K15_24),
    CbsKolom("a_25_44", "k_25Tot45Jaar", leeftijdsklasse=Leeftijdsklasse.K25_44),
    CbsKolom("a_45_64", "k_45Tot65Jaar", leeftijdsklasse=Leeftijdsklasse.K45_64),
    CbsKolom("a_65_oo", "k_65JaarOfOuder", leeftijdsklasse=Leeftijdsklasse.K65_PLUS),
    CbsKolom("a_hh", "HuishoudensTotaal", huishoudens="totaal"),
    CbsKolom("a_1p_hh", "Eenpersoonshuishoudens", huishoudens="eenpersoons"),
)
KWB_CODE_VOORKEUR = ("gwb_code_10", "gwb_code")  # with their GM/WK/BU prefix; others after
STATLINE_CODE_KOLOMMEN = ("Codering", "WijkenEnBuurten")


def _onherkend() -> str:
    return _(
        "De kolommen van dit bestand zijn niet herkend. Verwacht wordt een CBS-bestand "
        "Kerncijfers wijken en buurten (met gwb_code, regio, recs en cijfers als %(kwb)s), "
        "een StatLine-export van die tabel (WijkenEnBuurten, SoortRegio, Codering, %(statline)s) "
        "of het Woonzorg-sjabloon (%(sjabloon)s)."
    ) % {
        "kwb": ", ".join(k.kwb for k in CBS_KOLOMMEN),
        "statline": ", ".join(k.statline for k in CBS_KOLOMMEN),
        "sjabloon": ", ".join(KOLOMNAMEN),
    }


# --- Layouts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kolom:
    index: int
    naam: str  # as in the file


def _kolommen(kop: list, sleutel=lambda naam: naam.lower()) -> dict[str, _Kolom]:
    """Header cells by a normalised name; the first of two equal names wins."""
    gevonden: dict[str, _Kolom] = {}
    for index, cel in enumerate(kop):
        naam = _tekst(cel)
        if naam:
            gevonden.setdefault(sleutel(naam), _Kolom(index, naam))
    return gevonden


def _zonder_volgnummer(naam: str) -> str:
    """StatLine keys carry a position suffix that shifts between years: AantalInwoners_5."""
    return re.sub(r"_\d+$", "", naam).lower()


def _kwb_code_voorkeur(kolom: _Kolom) -> int:
    naam = kolom.naam.lower()
    voorkeur = KWB_CODE_VOORKEUR
    return voorkeur.index(naam) if naam in voorkeur else len(voorkeur)


@dataclass
class _CbsIndeling:
    """KWB and StatLine: one row per region, a column per figure, the year from the caller."""

    naam: str
    code: list[_Kolom]  # tried in this order
    soort_regio: _Kolom | None
    regionaam: _Kolom | None
    cijfers: list[tuple[_Kolom, CbsKolom]]
    gezien: dict[str, int] = field(default_factory=dict)  # gebied code -> first row

    @classmethod
    def kwb(cls, kop: list) -> "_CbsIndeling | None":
        kolommen = _kolommen(kop)
        code = [kolom for naam, kolom in kolommen.items() if naam.startswith("gwb_code")]
        if not code:
            return None
        code.sort(key=_kwb_code_voorkeur)
        return cls(
            naam=_("CBS Kerncijfers wijken en buurten"),
            code=code,
            soort_regio=kolommen.get("recs"),
            regionaam=kolommen.get("regio"),
            cijfers=[(kolommen[k.kwb], k) for k in CBS_KOLOMMEN if k.kwb in kolommen],
        )

    @classmethod
    def statline(cls, kop: list) -> "_CbsIndeling | None":
        kolommen = _kolommen(kop, _zonder_volgnummer)
        code = [kolommen[n.lower()] for n in STATLINE_CODE_KOLOMMEN if n.lower() in kolommen]
        if not code:
            return None
        return cls(
            naam=_("CBS StatLine-export Kerncijfers wijken en buurten"),
            code=code,
            soort_regio=kolommen.get("soortregio"),
            regionaam=kolommen.get("wijkenenbuurten"),
            cijfers=[
                (kolommen[k.statline.lower()], k)
                for k in CBS_KOLOMMEN
                if k.statline.lower() in kolommen
            ],
        )

    def begin(self, lezing: "_Lezing") -> None:
        if not self.cijfers:
            lezing.fout(
                None,
                "",
                _(
                    "Het bestand heeft geen kolommen met cijfers die Woonzorg kan importeren; "
                    "verwacht wordt een of meer van %(kolommen)s."
                )
                % {"kolommen": ", ".join(f"{k.kwb} ({k.statline})" for k in CBS_KOLOMMEN)},
            )
        if lezing.jaar is None:
            lezing.fout(
                None,
                "",
                _(
                    "Geef het jaar op waarover de cijfers gaan: een CBS-bestand vermeldt "
                    "het jaar niet per rij."
                ),
            )
        lezing.bron = lezing.bron or _("CBS Kerncijfers wijken en buurten %(jaar)s") % {
            "jaar": lezing.jaar
        }

    def lees_rij(self, lezing: "_Lezing", rij: int, cellen: list) -> None:
        code, codekolom = self._code(lezing, rij, cellen)
        if code is None:
            return
        if not lezing.is_eigen_code(code) or code.startswith("GM"):
            # Another gemeente's row (a national file), or the gemeente's total, which
            # Woonzorg adds up from its wijken.
            lezing.plan.overgeslagen += 1
            return
        if code in self.gezien:
            lezing.fout(
                rij,
                codekolom,
                _("Gebied %(code)s staat al in rij %(rij)s.")
                % {"code": code, "rij": self.gezien[code]},
            )
            return
        self.gezien[code] = rij
        gebied = lezing.gebieden.via_code(code, self._regionaam(cellen), rij, codekolom)
        self._lees_cijfers(lezing, rij, cellen, gebied)

    def _code(self, lezing: "_Lezing", rij: int, cellen: list) -> tuple[str | None, str]:
        soort = _tekst(_cel(cellen, self.soort_regio.index)) if self.soort_regio else ""
        onleesbaar = None
        for kolom in self.code:
            waarde = _tekst(_cel(cellen, kolom.index))
            if not waarde:
                continue
            code = _cbs_code(waarde, soort)
            if code:
                return code, kolom.naam
            onleesbaar = onleesbaar or (kolom, waarde)
        if onleesbaar:
            kolom, waarde = onleesbaar
            lezing.fout(
                rij,
                kolom.naam,
                _("'%(waarde)s' is geen CBS-code van een gemeente, wijk of buurt.")
                % {"waarde": waarde},
            )
        else:
            lezing.fout(rij, self.code[0].naam, _("De CBS-code ontbreekt."))
        return None, ""

    def _regionaam(self, cellen: list) -> str:
        naam = _tekst(_cel(cellen, self.regionaam.index)) if self.regionaam else ""
        # StatLine's WijkenEnBuurten holds the name in one export and the code in another.
        return "" if _CODE.match(naam.upper().replace(" ", "")) else naam

    def _lees_cijfers(self, lezing: "_Lezing", rij: int, cellen: list, gebied: str) -> None:
        huishoudens: dict[str, int] = {}
        for kolom, cbs in self.cijfers:
            try:
                aantal = _aantal(_cel(cellen, kolom.index))
            except _Ongeldig as fout:
                lezing.fout(rij, kolom.naam, str(fout))
                continue
            if aantal is None:
                lezing.plan.overgeslagen += 1
            elif cbs.leeftijdsklasse:
                waarden = {"aantal": aantal, "prognose": False}
                figuur = (Bevolkingscijfer, gebied, lezing.jaar, cbs.leeftijdsklasse, waarden)
                lezing.cijfer(_Cijfer(*figuur, lezing.bron, rij), kolom.naam)
            else:
                huishoudens[cbs.huishoudens] = aantal
        if "totaal" in huishoudens:
            waarden = {
                "totaal": huishoudens["totaal"],
                "eenpersoons": huishoudens.get("eenpersoons"),
            }
            figuur = (Huishoudens, gebied, lezing.jaar, None, waarden)
            lezing.cijfer(_Cijfer(*figuur, lezing.bron, rij), "")
        else:
            # Households without their total cannot be stored.
            lezing.plan.overgeslagen += len(huishoudens)


SOORT_MODEL = {"bevolking": Bevolkingscijfer, "voorraad": Voorraad}
PROGNOSE = {"": False, "nee": False, "ja": True}


def _leeftijdsklassen() -> dict[str, str]:
    """75+, "75 +" and "75 jaar en ouder" all name the same band."""

    def sleutel(tekst) -> str:
        return re.sub(r"\s+", "", str(tekst).lower())

    klassen = {sleutel(k.label): k.value for k in Leeftijdsklasse}
    klassen.update({sleutel(k.value): k.value for k in Leeftijdsklasse})
    return klassen


@dataclass
class _SjabloonIndeling:
    """One figure per row: gebied, soort, jaar, leeftijdsklasse or woonvorm, aantal."""

    kolommen: dict[str, _Kolom]
    woonvormen: dict[str, int] = field(default_factory=dict)  # code and naam, lower case -> id
    klassen: dict[str, str] = field(default_factory=_leeftijdsklassen)

    @property
    def naam(self) -> str:
        return _("Woonzorg-sjabloon")

    @classmethod
    def herken(cls, kop: list) -> "_SjabloonIndeling | None":
        kolommen = _kolommen(kop)
        if not {"gebied", "soort", "aantal"} <= kolommen.keys():
            return None
        woonvormen = {}
        for pk, code, naam in Woonvorm.objects.values_list("pk", "code", "naam"):
            woonvormen[naam.lower()] = pk
            woonvormen[code.lower()] = pk
        return cls({n: k for n, k in kolommen.items() if n in KOLOMNAMEN}, woonvormen)

    def begin(self, lezing: "_Lezing") -> None:
        if "jaar" not in self.kolommen and lezing.jaar is None:
            lezing.fout(
                None, "", _("Het bestand heeft geen kolom jaar; voeg die toe of geef het jaar op.")
            )
        lezing.bron = lezing.bron or _("Woonzorg-sjabloon %(bestand)s") % {
            "bestand": lezing.plan.bestandsnaam
        }

    def kolom(self, naam: str) -> str:
        kolom = self.kolommen.get(naam)
        return kolom.naam if kolom else naam

    def lees_rij(self, lezing: "_Lezing", rij: int, cellen: list) -> None:
        fouten_voor = lezing.aantal_fouten
        gebied = self._gebied(lezing, rij, cellen)
        model = self._lees(lezing, rij, "soort", cellen, self._soort)
        jaar = self._lees(lezing, rij, "jaar", cellen, self._jaar(lezing))
        kenmerk = None
        if model is Bevolkingscijfer:
            kenmerk = self._lees(lezing, rij, "leeftijdsklasse", cellen, self._klasse)
        elif model is Voorraad:
            kenmerk = self._lees(lezing, rij, "woonvorm", cellen, self._woonvorm)
        prognose = self._lees(lezing, rij, "prognose", cellen, self._prognose(model))
        aantal = self._lees(lezing, rij, "aantal", cellen, _aantal, als_tekst=False)
        bron = self._lees(lezing, rij, "bron", cellen, self._bron(lezing))
        if lezing.aantal_fouten > fouten_voor:
            return
        if aantal is None:
            lezing.plan.overgeslagen += 1
            return
        waarden = (
            {"aantal": aantal, "prognose": prognose}
            if model is Bevolkingscijfer
            else {"aantal": aantal}
        )
        cijfer = _Cijfer(model, gebied, jaar, kenmerk, waarden, bron, rij)
        lezing.cijfer(cijfer, self.kolom("gebied"))

    def _lees(self, lezing, rij, naam, cellen, lees, *, als_tekst=True):
        kolom = self.kolommen.get(naam)
        cel = _cel(cellen, kolom.index) if kolom else None
        try:
            # A count is read from the cell itself: Excel's 1.5 is not the Dutch "1.5".
            return lees(_tekst(cel) if als_tekst else cel)
        except _Ongeldig as fout:
            lezing.fout(rij, self.kolom(naam), str(fout))
            return None

    def _gebied(self, lezing: "_Lezing", rij: int, cellen: list) -> str | None:
        kolom = self.kolom("gebied")
        tekst = _tekst(_cel(cellen, self.kolommen["gebied"].index))
        code = tekst.upper().replace(" ", "")
        reden = None
        if not tekst:
            reden = _("Vul een gebied in: een CBS-code (WK of BU) of de naam van een gebied.")
        elif _GEBIED_CODE.match(code):
            if lezing.is_eigen_code(code):
                return lezing.gebieden.via_code(code, "", rij, kolom)
            reden = _("%(code)s is geen wijk of buurt van %(gemeente)s.") % {
                "code": code,
                "gemeente": lezing.gemeente,
            }
        else:
            gevonden = lezing.gebieden.op_naam.get(tekst, [])
            if len(gevonden) == 1:
                return _Gebieden.sleutel(gevonden[0])
            if gevonden:
                reden = _("Er zijn meer gebieden met de naam '%(naam)s'; gebruik de CBS-code.")
            else:
                reden = _(
                    "Onbekend gebied '%(naam)s'. Gebruik een CBS-code (WK of BU) of de precieze "
                    "naam van een gebied van %(gemeente)s."
                )
            reden %= {"naam": tekst, "gemeente": lezing.gemeente}
        lezing.fout(rij, kolom, reden)
        return None

    def _soort(self, tekst: str):
        model = SOORT_MODEL.get(tekst.lower())
        if model is None:
            raise _Ongeldig(
                _("'%(waarde)s' is geen soort; kies bevolking of voorraad.") % {"waarde": tekst}
            )
        return model

    def _jaar(self, lezing: "_Lezing"):
        def lees(tekst: str) -> int:
            if not tekst and lezing.jaar is not None:
                return lezing.jaar
            if not tekst:
                raise _Ongeldig(_("Vul het jaar in."))
            return _jaar(tekst)

        return lees

    def _klasse(self, tekst: str) -> str:
        klasse = self.klassen.get(re.sub(r"\s+", "", tekst.lower()))
        if klasse is None:
            raise _Ongeldig(
                _("'%(waarde)s' is geen leeftijdsklasse; kies uit %(klassen)s.")
                % {"waarde": tekst, "klassen": ", ".join(Leeftijdsklasse.values)}
            )
        return klasse

    def _woonvorm(self, tekst: str) -> int:
        woonvorm = self.woonvormen.get(tekst.lower())
        if woonvorm is None:
            raise _Ongeldig(
                _("'%(waarde)s' is geen woonvorm; gebruik de code of de naam uit de toelichting.")
                % {"waarde": tekst}
            )
        return woonvorm

    def _prognose(self, model):
        def lees(tekst: str) -> bool:
            prognose = PROGNOSE.get(tekst.lower())
            if prognose is None:
                raise _Ongeldig(_("'%(waarde)s' is geen ja of nee.") % {"waarde": tekst})
            if prognose and model is Voorraad:
                raise _Ongeldig(_("Een voorraad is een telling; laat prognose leeg of vul nee in."))
            return prognose

        return lees

    def _bron(self, lezing: "_Lezing"):
        def lees(tekst: str) -> str:
            if len(tekst) > MAX_BRON:
                raise _Ongeldig(_("De bron is langer dan %(max)s tekens.") % {"max": MAX_BRON})
            return tekst or lezing.bron

        return lees


def _herken_kop(kop: list):
    for herken in (_CbsIndeling.kwb, _CbsIndeling.statline, _SjabloonIndeling.herken):
        indeling = herken(kop)
        if indeling is not None:
            return indeling
    return None
