"""The rules and operations of prestatieafspraken: the public API of this app for later phases.

- smart_check: is an afspraak specifiek, meetbaar, tijdgebonden and relevant? Proces- and
  intentieafspraken are not held to it (the handreiking: sometimes an agreement cannot be SMART
  yet, and a proces- or intentieafspraak keeps the work going).
- inhoud and bereken_hash: the canonical serialisation of an overeenkomst and its sha256, which a
  signature records.
- ter_ondertekening, terug_naar_concept, onderteken, beeindigen: the status and its transitions;
  registreer_wijziging makes a new versie when the text of an agreement out for signature (or
  signed) changes, and marks earlier signatures vervallen.
- nieuwe_jaarschijf, bewaar_jaarschijf, verwijder_jaarschijf: what each afspraak commits to in
  one year.
- register_afspraak_sectie: later phases add a section to an afspraak's page (the uitvoering its
  activiteiten and dekking) without this app importing them.

Every write runs in one transaction and records what happened in the audit log.
"""

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visies.services import opsomming
from woonzorg import audit, permissions
from woonzorg.lezing import eenmaal
from woonzorg.models import User

from .models import (
    SMART_VRIJGESTELD,
    Afspraak,
    Domein,
    Jaardoel,
    Jaarschijf,
    Maatregel,
    Ondertekening,
    Overeenkomst,
    Partij,
)

Status = Overeenkomst.Status
logger = logging.getLogger(__name__)

# --- What the chain holds to account ------------------------------------------------------------

# Agreements that have not ended: their afspraken are still to be carried out and signed.
LOPEND = (Status.CONCEPT, Status.TER_ONDERTEKENING, Status.ONDERTEKEND)

# The afspraken the ketencheck holds to an activiteit and an indicator: those of running
# agreements that promise a result. Proces- and intentieafspraken promise to work together, and
# the SMART-check leaves them alone too.
MET_RESULTAAT = Q(overeenkomst__status__in=LOPEND) & ~Q(type__in=SMART_VRIJGESTELD)


@eenmaal
def overeenkomsten_van(gemeente, user) -> list[Overeenkomst]:
    """The gemeente's overeenkomsten the user sees, newest first, with the parties the user
    sees and every signature; read once per page (woonzorg.lezing) for the dashboard's numbers
    and the ketencheck. Three queries."""
    return list(
        Overeenkomst.objects.for_user(user)
        .filter(gemeente=gemeente)
        .select_related("gemeente")
        .prefetch_related(
            Prefetch(
                "partijen", queryset=Partij.objects.for_user(user).select_related("organisatie")
            ),
            Prefetch("ondertekeningen", queryset=Ondertekening.objects.all()),
        )
        .order_by("-periode_start", "titel", "pk")
    )


@eenmaal
def afspraken_van(gemeente, user) -> list[Afspraak]:
    """The gemeente's afspraken the user sees with their overeenkomst and woonvorm, and whether
    an indicator monitors them (met_indicator); read once per page (woonzorg.lezing) for the
    dashboard's numbers and the ketencheck. One query."""
    afspraken = list(
        met_indicator(Afspraak.objects.for_user(user).in_gemeente(gemeente)).select_related(
            "overeenkomst", "woonvorm"
        )
    )
    for afspraak in afspraken:
        afspraak.overeenkomst.gemeente = gemeente  # the one instance, not one per row
    return afspraken


def met_resultaat(afspraak: Afspraak) -> bool:
    """MET_RESULTAAT for one afspraak (with its overeenkomst loaded)."""
    return afspraak.overeenkomst.status in LOPEND and not afspraak.smart_vrijgesteld


def op_volgorde(afspraken) -> list[Afspraak]:
    """Newest agreement first, and within one its afspraken as numbered: 1.9 before 1.10."""
    return sorted(
        afspraken,
        key=lambda a: (-a.overeenkomst.periode_start, a.overeenkomst_id, natuurlijk(a.nummer)),
    )


# --- SMART-check ----------------------------------------------------------------------------------

SMART_ONDERDELEN = {
    "specifiek": gettext_lazy("een trekker (specifiek)"),
    "meetbaar": gettext_lazy("een aantal met eenheid of een indicator (meetbaar)"),
    "tijdgebonden": gettext_lazy("een deadline (tijdgebonden)"),
    "relevant": gettext_lazy("een ambitie uit de visie (relevant)"),
}


@dataclass(frozen=True)
class SmartCheck:
    """Which of the four SMART criteria an afspraak meets, and whether it is held to them."""

    specifiek: bool
    meetbaar: bool
    tijdgebonden: bool
    relevant: bool
    vrijgesteld: bool = False

    @property
    def smart(self) -> bool:
        return self.specifiek and self.meetbaar and self.tijdgebonden and self.relevant

    @property
    def in_orde(self) -> bool:
        """SMART, or a type the handreiking does not hold to it."""
        return self.vrijgesteld or self.smart

    @property
    def ontbreekt(self) -> list[str]:
        return [str(label) for naam, label in SMART_ONDERDELEN.items() if not getattr(self, naam)]

    @property
    def advies(self) -> str:
        if self.smart:
            return _("SMART: met trekker, meetbaar doel, deadline en ambitie.")
        if self.vrijgesteld:
            return _(
                "Een proces- of intentieafspraak hoeft niet SMART te zijn; het mag wel. "
                "Nog niet ingevuld: %(wat)s."
            ) % {"wat": opsomming(self.ontbreekt)}
        return _("Nog niet SMART: er ontbreekt %(wat)s.") % {"wat": opsomming(self.ontbreekt)}


def smart_check(afspraak: Afspraak, *, heeft_indicator: bool | None = None) -> SmartCheck:
    """The SMART-check of one afspraak; no query.

    An indicator (borging) also makes an afspraak meetbaar. Pass `heeft_indicator`, or fetch the
    afspraken with `met_indicator()`, which annotates it once borging declares the relation.
    """
    if heeft_indicator is None:
        heeft_indicator = bool(getattr(afspraak, "heeft_indicator", False))
    return SmartCheck(
        specifiek=bool(afspraak.trekker_id),
        meetbaar=bool(afspraak.aantal and afspraak.eenheid.strip()) or heeft_indicator,
        tijdgebonden=bool(afspraak.deadline),
        relevant=bool(afspraak.ambitie_id),
        vrijgesteld=afspraak.smart_vrijgesteld,
    )


def met_indicator(afspraken):
    """Annotate `heeft_indicator` on a queryset of afspraken, once a later phase declares
    Afspraak.indicatoren (borging); unchanged before that. One subquery, not one per row."""
    try:
        relatie = Afspraak._meta.get_field("indicatoren")
    except FieldDoesNotExist:
        return afspraken
    indicatoren = relatie.related_model._base_manager.filter(**{relatie.field.name: OuterRef("pk")})
    return afspraken.annotate(heeft_indicator=Exists(indicatoren))


# --- The signed content ---------------------------------------------------------------------------


def inhoud(overeenkomst: Overeenkomst) -> dict:
    """What a party signs: the overeenkomst, its parties and its afspraken, as plain data.

    Read fresh from the database (never from a prefetch cache), in a fixed order, and by the
    names a reader sees, so the same text always gives the same hash. The versie is a label of
    the text, not part of it; jaarschijven fill in the years and are not signed.
    """
    o = Overeenkomst.objects.select_related("gemeente", "visie").get(pk=overeenkomst.pk)
    partijen = Partij.objects.filter(overeenkomst=o).select_related("organisatie")
    afspraken = (
        Afspraak.objects.filter(overeenkomst=o)
        .select_related(
            "opgave", "trekker", "ambitie", "doelstelling__woonvorm", "woonvorm", "gebied"
        )
        .prefetch_related("betrokkenen", "verwijzingen__overeenkomst")
    )
    return {
        "overeenkomst": {
            "gemeente": o.gemeente.cbs_code,
            "titel": o.titel,
            "soort": o.soort,
            "periode": [o.periode_start, o.periode_eind],
            "toelichting": o.toelichting,
            "visie": o.visie.titel if o.visie else None,
        },
        "partijen": sorted(
            ({"organisatie": p.organisatie.naam, "rol": p.rol} for p in partijen),
            key=lambda p: p["organisatie"],
        ),
        "afspraken": sorted(
            (_afspraak_inhoud(a, o) for a in afspraken),
            key=lambda a: (natuurlijk(a["nummer"]), a["titel"]),
        ),
    }


def _afspraak_inhoud(a: Afspraak, overeenkomst: Overeenkomst) -> dict:
    def verwijzing(andere):
        if andere.overeenkomst_id == overeenkomst.pk:
            return andere.nummer
        return f"{andere.overeenkomst.titel} {andere.nummer}"

    return {
        "nummer": a.nummer,
        "domein": a.domein,
        "opgave": a.opgave.naam if a.opgave else None,
        "type": a.type,
        "titel": a.titel,
        "tekst": a.tekst,
        "trekker": a.trekker.naam if a.trekker else None,
        "betrokkenen": sorted(o.naam for o in a.betrokkenen.all()),
        "ambitie": a.ambitie.titel if a.ambitie else None,
        "doelstelling": str(a.doelstelling) if a.doelstelling else None,
        "woonvorm": a.woonvorm.naam if a.woonvorm else None,
        "aantal": a.aantal,
        "eenheid": a.eenheid,
        "aantal_nieuwbouw": a.aantal_nieuwbouw,
        "aantal_bestaande_bouw": a.aantal_bestaande_bouw,
        "gebied": a.gebied.naam if a.gebied else None,
        "deadline": a.deadline.isoformat() if a.deadline else None,
        "verwijzingen": sorted(verwijzing(andere) for andere in a.verwijzingen.all()),
        "verwijzing": a.verwijzing,
    }


def natuurlijk(nummer: str) -> tuple:
    """Sort key that puts 2.10 after 2.9: numbers as numbers, the rest as text."""
    return tuple(int(deel) if deel.isdigit() else deel for deel in re.split(r"(\d+)", nummer))


def canoniek(data: dict) -> str:
    """One JSON text per content: sorted keys, no insignificant whitespace, real characters."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def hash_inhoud(data: dict) -> str:
    """The sha256 of content as `inhoud` gives it: what a signature records."""
    return hashlib.sha256(canoniek(data).encode("utf-8")).hexdigest()


def bereken_hash(overeenkomst: Overeenkomst) -> str:
    return hash_inhoud(inhoud(overeenkomst))


# --- Who signs, and who has ----------------------------------------------------------------------


def ondertekenaars_per_organisatie(overeenkomst: Overeenkomst, organisatie_ids) -> dict:
    """Who may sign for each organisatie here, in one query: {organisatie id: [User]}."""
    return permissions.ondertekenaars(overeenkomst.gemeente_id, organisatie_ids)


def ondertekenaars(overeenkomst: Overeenkomst, organisatie) -> list[User]:
    return ondertekenaars_per_organisatie(overeenkomst, [organisatie.pk])[organisatie.pk]


@dataclass
class PartijStand:
    """One party's signatures: on the current versie (or missing) and on earlier versies."""

    partij: Partij
    huidige: Ondertekening | None = None
    eerdere: list[Ondertekening] = field(default_factory=list)

    @property
    def getekend(self) -> bool:
        return self.huidige is not None


@dataclass
class Ondertekenstand:
    """Who signed one overeenkomst's current versie, and who has not."""

    overeenkomst: Overeenkomst
    partijen: list[PartijStand]

    @property
    def getekend(self) -> list[PartijStand]:
        return [p for p in self.partijen if p.getekend]

    @property
    def ontbrekend(self) -> list[PartijStand]:
        return [p for p in self.partijen if not p.getekend]

    @property
    def volledig(self) -> bool:
        """Every party signed the current versie; an agreement without parties is not."""
        return bool(self.partijen) and not self.ontbrekend


def ondertekenstand(overeenkomst, partijen, ondertekeningen) -> list[PartijStand]:
    """Per party, who signed which versie. Takes the rows (prefetched); makes no query."""
    stand = {p.organisatie_id: PartijStand(p) for p in partijen}
    for o in sorted(ondertekeningen, key=lambda o: (-o.versie, o.ondertekend_op)):
        regel = stand.get(o.organisatie_id)
        if regel is None:
            continue  # an organisatie that signed and has since been removed as a party
        if o.versie == overeenkomst.versie and not o.vervallen:
            regel.huidige = o
        else:
            regel.eerdere.append(o)
    return list(stand.values())


# --- Status transitions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Aanbieding:
    """Who was asked to sign, and which parties have nobody with an account yet."""

    ontvangers: list[User]
    zonder_account: list


def _vergrendel(overeenkomst: Overeenkomst) -> Overeenkomst:
    """The overeenkomst again, locked until the end of the transaction."""
    return (
        Overeenkomst.objects.select_for_update().select_related("gemeente").get(pk=overeenkomst.pk)
    )


def _require_editor(user, overeenkomst):
    if not permissions.can_edit(user, overeenkomst):
        raise PermissionDenied(_("U mag de status van deze overeenkomst niet wijzigen."))


@transaction.atomic
def ter_ondertekening(
    overeenkomst: Overeenkomst, *, door: User, base_url: str = "", mail: bool = True
) -> Aanbieding:
    """Put a concept out for signature: fix the text's hash and e-mail every party's signers."""
    o = _vergrendel(overeenkomst)
    _require_editor(door, o)
    if o.status != Status.CONCEPT:
        raise ValidationError(_("Alleen een concept kan ter ondertekening worden aangeboden."))
    fouten = []
    if not o.partijen.exists():
        fouten.append(_("Voeg eerst de partijen toe die ondertekenen."))
    if not o.afspraken.exists():
        fouten.append(_("Er staan nog geen afspraken in de overeenkomst."))
    if fouten:
        raise ValidationError(fouten)
    o.status = Status.TER_ONDERTEKENING
    o.inhoud_hash = bereken_hash(o)
    o.save(update_fields=["status", "inhoud_hash", "gewijzigd"])
    audit.log(
        door,
        o,
        _("Versie %(versie)s ter ondertekening aangeboden (sha256 %(hash)s).")
        % {"versie": o.versie, "hash": o.inhoud_hash},
    )
    return _vraag_handtekeningen(o, base_url=base_url, mail=mail)


def _vraag_handtekeningen(o: Overeenkomst, *, base_url: str, mail: bool) -> Aanbieding:
    ontvangers, zonder_account, berichten = [], [], []
    link = base_url.rstrip("/") + reverse(
        "prestatieafspraken:ondertekenen", kwargs={"gemeente": o.gemeente.cbs_code, "pk": o.pk}
    )
    getekend = set(o.ondertekeningen.filter(versie=o.versie).values_list("organisatie", flat=True))
    open_ = [
        p for p in o.partijen.select_related("organisatie") if p.organisatie_id not in getekend
    ]
    per_organisatie = ondertekenaars_per_organisatie(o, [p.organisatie_id for p in open_])
    for partij in open_:
        mensen = per_organisatie[partij.organisatie_id]
        if not mensen:
            zonder_account.append(partij.organisatie)
        for user in mensen:
            context = {"user": user, "overeenkomst": o, "partij": partij, "link": link}
            onderwerp = _("Ter ondertekening: %(titel)s (versie %(versie)s)") % {
                "titel": o.titel,
                "versie": o.versie,
            }
            tekst = render_to_string("prestatieafspraken/ondertekenen_email.txt", context)
            berichten.append((onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [user.email]))
            ontvangers.append(user)
    if mail and berichten:
        transaction.on_commit(lambda: _verstuur(berichten))
    return Aanbieding(ontvangers=ontvangers, zonder_account=zonder_account)


def _verstuur(berichten) -> None:
    """Send after the commit; a mail server that fails is logged, the change stands."""
    try:
        send_mass_mail(berichten, fail_silently=False)
    except Exception:
        logger.exception("Verzoek tot ondertekening niet verstuurd (%s berichten)", len(berichten))


@transaction.atomic
def terug_naar_concept(overeenkomst: Overeenkomst, *, door: User) -> Overeenkomst:
    """Withdraw an agreement from signing; signatures already given become vervallen."""
    o = _vergrendel(overeenkomst)
    _require_editor(door, o)
    if o.status != Status.TER_ONDERTEKENING:
        raise ValidationError(_("Alleen een overeenkomst die ter ondertekening ligt, kan terug."))
    vervallen = o.ondertekeningen.filter(vervallen=False).update(vervallen=True)
    o.versie += 1  # the next offer is a new versie, whether or not its text changes
    o.status = Status.CONCEPT
    o.inhoud_hash = ""
    o.save(update_fields=["status", "versie", "inhoud_hash", "gewijzigd"])
    audit.log(
        door,
        o,
        _("Teruggezet naar concept; %(aantal)s ondertekening(en) vervallen.")
        % {"aantal": vervallen},
    )
    return o


@transaction.atomic
def beeindigen(overeenkomst: Overeenkomst, *, door: User) -> Overeenkomst:
    """End a signed agreement; from then on it is read-only for everyone."""
    o = _vergrendel(overeenkomst)
    _require_editor(door, o)
    if o.status != Status.ONDERTEKEND:
        raise ValidationError(_("Alleen een ondertekende overeenkomst kan worden beëindigd."))
    o.status = Status.BEEINDIGD
    o.save(update_fields=["status", "gewijzigd"])
    audit.log(door, o, _("Overeenkomst beëindigd."))
    return o


@transaction.atomic
def registreer_wijziging(
    overeenkomst: Overeenkomst, *, door: User, base_url: str = "", mail: bool = True
) -> bool:
    """After a change to the text: a new versie when it is out for signature or signed.

    Call it in the transaction that saved the change (M2M links included). Earlier signatures
    become vervallen, the agreement is ter ondertekening again, and the parties are asked to
    sign the new versie. Returns whether a new versie was made.
    """
    o = _vergrendel(overeenkomst)
    if not o.wordt_ondertekend:
        return False
    nieuw = bereken_hash(o)
    if nieuw == o.inhoud_hash:
        return False
    o.versie += 1
    o.inhoud_hash = nieuw
    o.status = Status.TER_ONDERTEKENING
    o.save(update_fields=["versie", "inhoud_hash", "status", "gewijzigd"])
    vervallen = o.ondertekeningen.filter(vervallen=False).update(vervallen=True)
    audit.log(
        door,
        o,
        _(
            "Tekst gewijzigd: versie %(versie)s (sha256 %(hash)s); %(aantal)s eerdere "
            "ondertekening(en) vervallen."
        )
        % {"versie": o.versie, "hash": nieuw, "aantal": vervallen},
    )
    _vraag_handtekeningen(o, base_url=base_url, mail=mail)
    overeenkomst.versie, overeenkomst.status, overeenkomst.inhoud_hash = o.versie, o.status, nieuw
    return True


def verwijzende_overeenkomsten(afspraken) -> list[Overeenkomst]:
    """Other overeenkomsten with an afspraak that refers to one of these (a queryset): their
    signed text names these by title and number, so it changes with them."""
    return list(
        Overeenkomst.objects.filter(afspraken__verwijzingen__in=afspraken)
        .exclude(pk__in=afspraken.values("overeenkomst"))
        .distinct()
    )


def registreer_wijzigingen(overeenkomsten, *, door: User, base_url: str = "") -> list:
    """registreer_wijziging for each overeenkomst whose text may have changed; returns those
    that got a new versie. Call inside the transaction that saved the change."""
    return [o for o in overeenkomsten if registreer_wijziging(o, door=door, base_url=base_url)]


def onderteken(
    overeenkomst: Overeenkomst,
    *,
    door: User,
    gelezen_hash: str,
    functie: str = "",
    base_url: str = "",
) -> Ondertekening:
    """Sign the versie the user read, for the user's own organisatie.

    `gelezen_hash` is the hash of the text the signer was shown: if the text changed since,
    nothing is signed and the signer is asked to read the new versie.
    """
    # A change made where registreer_wijziging was not called (an ambitie renamed in a concept
    # visie) still makes a new versie, in its own transaction so a refusal below keeps it, and
    # asks the parties again. Only someone who may sign here sets that off.
    if (
        overeenkomst.wordt_ondertekend
        and permissions.can_sign(door, overeenkomst)
        and bereken_hash(overeenkomst) != overeenkomst.inhoud_hash
    ):
        registreer_wijziging(overeenkomst, door=door, base_url=base_url)
    with transaction.atomic():
        return _onderteken(overeenkomst, door=door, gelezen_hash=gelezen_hash, functie=functie)


def _onderteken(overeenkomst, *, door, gelezen_hash, functie) -> Ondertekening:
    o = _vergrendel(overeenkomst)
    organisatie = door.organisatie
    eerder = (
        o.ondertekeningen.filter(organisatie=organisatie, versie=o.versie, vervallen=False).first()
        if organisatie
        else None
    )
    if eerder:  # also after the last signature, when the status is ondertekend
        raise ValidationError(
            _("%(organisatie)s heeft versie %(versie)s al ondertekend (door %(naam)s).")
            % {"organisatie": organisatie, "versie": o.versie, "naam": eerder.naam}
        )
    if o.status != Status.TER_ONDERTEKENING:
        raise ValidationError(_("Deze overeenkomst ligt niet ter ondertekening."))
    if not permissions.can_sign(door, o):
        raise PermissionDenied(_("U kunt deze overeenkomst niet namens uw organisatie tekenen."))
    if gelezen_hash != o.inhoud_hash:
        raise ValidationError(
            _(
                "De tekst is gewijzigd sinds u hem opende. Lees versie %(versie)s en onderteken "
                "opnieuw."
            )
            % {"versie": o.versie}
        )
    try:
        with transaction.atomic():
            ondertekening = Ondertekening.objects.create(
                overeenkomst=o,
                organisatie=organisatie,
                ondertekend_door=door,
                naam=door.get_full_name() or door.email,
                functie=functie.strip(),
                ondertekend_op=timezone.now(),
                versie=o.versie,
                inhoud_hash=o.inhoud_hash,
            )
    except IntegrityError as fout:  # two colleagues signing at the same moment
        raise ValidationError(
            _("%(organisatie)s heeft deze versie al ondertekend.") % {"organisatie": organisatie}
        ) from fout
    audit.log(
        door,
        o,
        _("Ondertekend namens %(organisatie)s: versie %(versie)s, sha256 %(hash)s.")
        % {"organisatie": organisatie, "versie": o.versie, "hash": o.inhoud_hash},
    )
    if not o.ondertekenaar_ids():
        o.status = Status.ONDERTEKEND
        o.save(update_fields=["status", "gewijzigd"])
        audit.log(
            door, o, _("Alle partijen hebben versie %(versie)s ondertekend.") % {"versie": o.versie}
        )
    overeenkomst.status, overeenkomst.versie = o.status, o.versie
    return ondertekening


# --- Afspraken ------------------------------------------------------------------------------------

DOMEIN_NUMMER = {domein: index for index, domein in enumerate(Domein, start=1)}


def volgend_nummer(overeenkomst: Overeenkomst, domein: str) -> str:
    """A suggestion: the domain's number and the next free number in it (1.1, 1.2, 2.1 …)."""
    prefix = DOMEIN_NUMMER.get(domein, 1)
    hoogste = 0
    for nummer in overeenkomst.afspraken.values_list("nummer", flat=True):
        deel = re.fullmatch(rf"{prefix}\.(\d+)", nummer.strip())
        if deel:
            hoogste = max(hoogste, int(deel.group(1)))
    return f"{prefix}.{hoogste + 1}"


def uit_maatregel(maatregel: Maatregel) -> dict:
    """The start of an afspraak drafted from a maatregel of the catalogue."""
    return {
        "domein": maatregel.opgave.domein,
        "opgave": maatregel.opgave,
        "maatregel": maatregel,
        "titel": maatregel.tekst[:300],
        "tekst": maatregel.tekst,
    }


# --- Jaarschijven ---------------------------------------------------------------------------------


@transaction.atomic
def nieuwe_jaarschijf(overeenkomst: Overeenkomst, jaar: int, *, door: User) -> Jaarschijf:
    """A jaarschijf for `jaar`, starting from the one before it: its jaardoelen are copied."""
    o = _vergrendel(overeenkomst)
    if not permissions.can_edit(door, o):
        raise PermissionDenied
    if jaar not in o.jaren:
        raise ValidationError(
            {"jaar": _("Kies een jaar van %(periode)s.") % {"periode": o.periode}}
        )
    if o.jaarschijven.filter(jaar=jaar).exists():
        raise ValidationError({"jaar": _("Er is al een jaarschijf %(jaar)s.") % {"jaar": jaar}})
    vorige = o.jaarschijven.filter(jaar__lt=jaar).order_by("-jaar").first()
    jaarschijf = Jaarschijf.objects.create(overeenkomst=o, jaar=jaar)
    if vorige:
        Jaardoel.objects.bulk_create(
            Jaardoel(
                jaarschijf=jaarschijf, afspraak_id=d.afspraak_id, aantal=d.aantal, tekst=d.tekst
            )
            for d in vorige.jaardoelen.all()
        )
    audit.log(door, jaarschijf, _("Jaarschijf %(jaar)s aangemaakt.") % {"jaar": jaar},
              actie=audit.ADDITION)  # fmt: skip
    return jaarschijf


@transaction.atomic
def bewaar_jaarschijf(jaarschijf: Jaarschijf, *, toelichting: str, jaardoelen: dict, door: User):
    """Save the year's toelichting and its commitment per afspraak: {afspraak_id: (aantal, tekst)}.

    An afspraak with neither a number nor a text has no jaardoel this year. Jaarschijven are not
    part of the signed text: no new versie.
    """
    if not permissions.can_edit(door, jaarschijf):
        raise PermissionDenied
    eigen = set(jaarschijf.overeenkomst.afspraken.values_list("pk", flat=True))
    if not set(jaardoelen) <= eigen:
        raise ValidationError(_("Deze afspraak hoort niet bij de overeenkomst."))
    jaarschijf.toelichting = toelichting.strip()
    jaarschijf.save(update_fields=["toelichting"])
    for afspraak_id, (aantal, tekst) in jaardoelen.items():
        tekst = (tekst or "").strip()
        if aantal is None and not tekst:
            Jaardoel.objects.filter(jaarschijf=jaarschijf, afspraak_id=afspraak_id).delete()
        else:
            Jaardoel.objects.update_or_create(
                jaarschijf=jaarschijf,
                afspraak_id=afspraak_id,
                defaults={"aantal": aantal, "tekst": tekst},
            )
    audit.log(door, jaarschijf, _("Jaarschijf %(jaar)s gewijzigd.") % {"jaar": jaarschijf.jaar})


@transaction.atomic
def verwijder_jaarschijf(jaarschijf: Jaarschijf, *, door: User) -> None:
    if not permissions.can_edit(door, jaarschijf):
        raise PermissionDenied
    audit.log(
        door,
        jaarschijf.overeenkomst,
        _("Jaarschijf %(jaar)s verwijderd.") % {"jaar": jaarschijf.jaar},
    )
    jaarschijf.delete()


# --- Reading the agreement ------------------------------------------------------------------------


@dataclass
class Groep:
    """Afspraken of one domain, per ambitie they make concrete (None: without ambitie)."""

    domein: Domein
    per_ambitie: list[tuple] = field(default_factory=list)  # [(ambitie | None, [afspraak])]

    @property
    def afspraken(self) -> list[Afspraak]:
        return [a for _ambitie, afspraken in self.per_ambitie for a in afspraken]


def groepeer(afspraken) -> list[Groep]:
    """Afspraken grouped by domain (in the catalogue's order), then by ambitie, each in number
    order; afspraken without ambitie last within their domain. Expects ambitie selected."""
    groepen = []
    for domein in Domein:
        eigen = sorted(
            (a for a in afspraken if a.domein == domein), key=lambda a: natuurlijk(a.nummer)
        )
        if not eigen:
            continue
        per_ambitie: dict = {}
        for afspraak in eigen:
            per_ambitie.setdefault(afspraak.ambitie, []).append(afspraak)
        volgorde = sorted(per_ambitie, key=lambda ambitie: ambitie is None)
        groepen.append(Groep(domein, [(ambitie, per_ambitie[ambitie]) for ambitie in volgorde]))
    return groepen


# --- Sections later phases add to an afspraak's page ----------------------------------------------

# f(afspraak, user) -> (template name, context) or None. A later phase registers one in its
# AppConfig.ready(); this app imports no later phase.
_afspraak_secties: list = []


def register_afspraak_sectie(sectie):
    """Let a later phase show its part of an afspraak on the afspraak's page (a decorator too)."""
    if sectie not in _afspraak_secties:
        _afspraak_secties.append(sectie)
    return sectie


def afspraak_secties(afspraak: Afspraak, user) -> list[tuple[str, dict]]:
    return [deel for sectie in _afspraak_secties if (deel := sectie(afspraak, user))]
