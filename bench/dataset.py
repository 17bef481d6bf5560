"""The benchmark's data set: the whole woonzorg cycle at national scale, synthetic.

Shape (VERSIE 1):
- 342 gemeenten (GM7001–GM7342, a code range no real gemeente and no demo uses) in 30 regio's,
  about 3,300 wijken and 14,000 buurten with CBS-shaped codes; one gemeente, GROOT (GM7001), has
  ten times the wijken and buurten of a normal one, and ten times everything below.
- Population figures for every wijk and buurt, every leeftijdsklasse and 12 years (five past
  years, this year, six forecast years), the supply of three woonvormen per wijk and year, and
  households per wijk: the figures are COPYed, they are most of the rows.
- Per gemeente: a vastgestelde woonzorganalyse (norms, 8 bevindingen), a vastgestelde visie
  (the standard themes, 20 ambities, their doelstellingen and onderbouwing, an afwegingskader
  with initiatieven), two overeenkomsten (one ondertekend, one ter ondertekening or, in a few
  gemeenten, still a concept) with 60 afspraken and their jaarschijven, an uitvoeringsprogramma
  with 150 activiteiten (begroting, voortgang), and 50 indicatoren with streefwaarden and five
  years of metingen.
- Organisations: per gemeente the gemeente, a local corporatie, a welzijnsorganisatie and a
  huurdersvereniging; per regio two corporaties, a zorgkantoor, two zorgaanbieders and a
  developer. Every organisation has a user (password WACHTWOORD, never staff) with a role in
  each gemeente it works in. The corporatie of the PARTNER works in NORMAAL and GROOT only.
- The chain is deliberately imperfect, as real ones are: bevindingen and ambities without a
  follow-up, afspraken without activiteit or indicator, activiteiten without trekker or
  planning, indicatoren without streefwaarde or recent meting, late and cancelled work, red
  stoplichten; so every check and warning has something to show.

Everything is written in bulk (bulk_create, COPY) inside one transaction, so no signal fires
and no audit entry is written; derived values (a signed text's hash, an activiteit's status and
realisation from its latest voortgang, an indicator's afspraak) are filled in as the services
would. A Regio named MARKER says the set is complete; `bouw` reuses it while it is there.
"""

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from analyses.models import (
    Behoeftenorm,
    Bevinding,
    Bevolkingscijfer,
    Huishoudens,
    Leeftijdsklasse,
    Voorraad,
    Woonzorganalyse,
)
from borging.models import Evaluatie, Frequentie, Indicator, Meting, Richting, Streefwaarde
from borging.services import traject, verwachte_waarde
from prestatieafspraken import services as afspraken_services
from prestatieafspraken.models import (
    Afspraak,
    AfspraakType,
    Bouwsoort,
    Domein,
    Jaardoel,
    Jaarschijf,
    Maatregel,
    Ondertekening,
    Opgave,
    Overeenkomst,
    Partij,
)
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang
from visies.models import (
    STANDAARD_THEMAS,
    Afwegingscriterium,
    Ambitie,
    Beoordeling,
    Doelstelling,
    Initiatief,
    Onderbouwing,
    Thema,
    Woonzorgvisie,
)
from woonzorg.models import Doelgroep, Gebied, Gemeente, Organisatie, Regio, Rol, User, Woonvorm

VERSIE = 1  # bump when the shape changes: an older set is then wiped and rebuilt
MARKER = f"Woonzorg-bench v{VERSIE}"
WACHTWOORD = "bench-2026"
DOMEIN = "bench.test"  # every bench user's e-mail ends in it

AANTAL_GEMEENTEN = 342
AANTAL_REGIOS = 30
EERSTE_CODE = 7001  # GM7001 …: far from real codes and from the demo's GM9001/GM9002
GROOT = f"GM{EERSTE_CODE:04d}"
NORMAAL = f"GM{EERSTE_CODE + 1:04d}"
SCHAAL_GROOT = 10

# Per normal gemeente; the large one has SCHAAL_GROOT times as many.
BEVINDINGEN = 8
AMBITIES = 20
AFSPRAKEN = (40, 20)  # per overeenkomst: prestatieafspraken, convenant
ACTIVITEITEN = 150
INDICATOREN = 50
INITIATIEVEN = 2
WIJKEN_GROOT = 94  # ten times the average of a normal gemeente (6–13 wijken)

BATCH = 5000
SEED = "woonzorg-bench"


@dataclass(frozen=True)
class Dataset:
    """What the benchmark needs to know about the data set: gemeenten and logins."""

    normaal: str  # cbs_code of a normal gemeente
    groot: str  # cbs_code of the large gemeente
    beleidsadviseur_normaal: str  # e-mail (the username) of a beleidsadviseur there
    beleidsadviseur_groot: str
    partner: str  # a corporatie's partner, party in NORMAAL and GROOT (and only there)
    partner_normaal: str  # a local corporatie's partner, in NORMAAL only


DATASET = Dataset(
    normaal=NORMAAL,
    groot=GROOT,
    beleidsadviseur_normaal=f"beleidsadviseur@{NORMAAL.lower()}.{DOMEIN}",
    beleidsadviseur_groot=f"beleidsadviseur@{GROOT.lower()}.{DOMEIN}",
    partner=f"woonpartners@regio01.{DOMEIN}",
    partner_normaal=f"corporatie@{NORMAAL.lower()}.{DOMEIN}",
)


def bouw(*, opnieuw: bool = False, uitvoer=print) -> Dataset:
    """Build the data set unless it is already there; opnieuw=True wipes it and rebuilds."""
    if not opnieuw and aanwezig():
        return DATASET
    with transaction.atomic():
        _stap(uitvoer, "Oude benchdata verwijderen", wis)
        b = Bouw(vandaag=timezone.localdate())
        _stap(uitvoer, "Gemeenten en gebieden", gemeenten_en_gebieden, b)
        _stap(uitvoer, "Organisaties en gebruikers", organisaties_en_gebruikers, b)
        _stap(uitvoer, "Bevolking, voorraad en huishoudens", cijfers, b)
        _stap(uitvoer, "Analyses", analyses, b)
        _stap(uitvoer, "Visies", visies, b)
        _stap(uitvoer, "Prestatieafspraken", afspraken, b)
        _stap(uitvoer, "Uitvoering", uitvoering, b)
        _stap(uitvoer, "Borging", borging, b)
        Regio.objects.create(naam=MARKER)
    _stap(uitvoer, "Statistieken bijwerken", _analyze)
    return DATASET


def _analyze() -> None:
    """Fresh planner statistics, as a database in use has them."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def aanwezig() -> bool:
    return (
        Regio.objects.filter(naam=MARKER).exists()
        and Gemeente.objects.filter(cbs_code=GROOT).exists()
    )


def _stap(uitvoer, naam, functie, *args):
    begin = time.perf_counter()
    functie(*args)
    uitvoer(f"{naam}… {time.perf_counter() - begin:.0f} s")


# --- Wiping ------------------------------------------------------------------------------------


def bench_gemeenten():
    return Gemeente.objects.filter(cbs_code__startswith="GM7")


def wis() -> None:
    """Delete every bench object. The phase tables go by raw deletes scoped to the bench
    gemeenten, children first: fast, and the only way past the PROTECTed links (the ORM refuses
    to delete a visie an overeenkomst refers to, even in one cascade, and a signature ever).
    Gemeenten, organisations and users then go through the ORM, so rows of models this module
    does not know about (a report the benchmark made) go with them."""
    from auditlog.context import disable_auditlog

    gemeenten = list(bench_gemeenten().values_list("pk", flat=True))
    regios = set(bench_gemeenten().exclude(regio=None).values_list("regio", flat=True)) | set(
        Regio.objects.filter(naam__startswith="Woonzorg-bench v").values_list("pk", flat=True)
    )
    organisaties = list(
        Organisatie.objects.filter(werkgebied__in=gemeenten)
        .exclude(werkgebied__in=Gemeente.objects.exclude(pk__in=gemeenten))
        .values_list("pk", flat=True)
        .distinct()
    )
    for model, pad in _BENCH_TABELLEN if gemeenten else ():
        _raw_delete(model.objects.filter(**{f"{pad}__in": gemeenten}))
    with disable_auditlog():
        User.objects.filter(email__endswith=f".{DOMEIN}").delete()
        bench_gemeenten().delete()
        Organisatie.objects.filter(pk__in=organisaties).delete()
        Regio.objects.filter(pk__in=regios, gemeenten=None).delete()


# (model, path to its gemeente), children before their parents.
_BENCH_TABELLEN = (
    (Meting, "indicator__gemeente"),
    (Streefwaarde, "indicator__gemeente"),
    (Evaluatie.afspraken.through, "evaluatie__gemeente"),
    (Evaluatie, "gemeente"),
    (Indicator, "gemeente"),
    (Voortgang, "activiteit__programma__gemeente"),
    (Begrotingspost, "activiteit__programma__gemeente"),
    (Activiteit.betrokkenen.through, "activiteit__programma__gemeente"),
    (Activiteit, "programma__gemeente"),
    (Uitvoeringsprogramma, "gemeente"),
    (Ondertekening, "overeenkomst__gemeente"),
    (Jaardoel, "jaarschijf__overeenkomst__gemeente"),
    (Jaarschijf, "overeenkomst__gemeente"),
    (Afspraak.betrokkenen.through, "afspraak__overeenkomst__gemeente"),
    (Afspraak.verwijzingen.through, "from_afspraak__overeenkomst__gemeente"),
    (Afspraak, "overeenkomst__gemeente"),
    (Partij, "overeenkomst__gemeente"),
    (Overeenkomst, "gemeente"),
    (Beoordeling, "initiatief__visie__gemeente"),
    (Initiatief, "visie__gemeente"),
    (Afwegingscriterium, "visie__gemeente"),
    (Doelstelling, "ambitie__visie__gemeente"),
    (Onderbouwing, "ambitie__visie__gemeente"),
    (Ambitie.doelgroepen.through, "ambitie__visie__gemeente"),
    (Ambitie.woonvormen.through, "ambitie__visie__gemeente"),
    (Ambitie.gebieden.through, "ambitie__visie__gemeente"),
    (Ambitie, "visie__gemeente"),
    (Thema, "visie__gemeente"),
    (Woonzorgvisie.partners.through, "woonzorgvisie__gemeente"),
    (Woonzorgvisie, "gemeente"),
    (Bevinding, "analyse__gemeente"),
    (Behoeftenorm, "analyse__gemeente"),
    (Woonzorganalyse, "gemeente"),
    (Bevolkingscijfer, "gebied__gemeente"),
    (Voorraad, "gebied__gemeente"),
    (Huishoudens, "gebied__gemeente"),
    (Gebied, "gemeente"),
    (Rol, "gemeente"),
    (Organisatie.werkgebied.through, "gemeente"),
)


def _raw_delete(queryset) -> None:
    """DELETE the rows of a queryset in one statement, without loading them."""
    model = queryset.model
    sql, params = queryset.values("pk").query.sql_with_params()
    tabel = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {tabel} WHERE id IN ({sql})", params)


# --- Bulk helpers -------------------------------------------------------------------------------


def _maak(model, objecten: list) -> list:
    """bulk_create in batches; PostgreSQL sets the primary keys on the objects."""
    return model.objects.bulk_create(objecten, batch_size=BATCH)


def _copy(model, velden: tuple[str, ...], rijen) -> int:
    """COPY rows (tuples in the order of `velden`, attnames) into the model's table."""
    opts = model._meta
    kolommen = ", ".join(connection.ops.quote_name(opts.get_field(v).column) for v in velden)
    sql = f"COPY {connection.ops.quote_name(opts.db_table)} ({kolommen}) FROM STDIN"
    aantal = 0
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for rij in rijen:
            copy.write_row(rij)
            aantal += 1
    return aantal


def _koppel(through, links: str, rechts: str, paren) -> int:
    """Bulk insert the rows of an M2M through table: (left id, right id) pairs, once each."""
    return _copy(through, (f"{links}_id", f"{rechts}_id"), sorted(set(paren)))


# --- The state of the build ---------------------------------------------------------------------


@dataclass
class G:
    """One gemeente under construction, with what later phases need of the earlier ones."""

    gemeente: Gemeente
    schaal: int
    rnd: random.Random
    regio_index: int
    wijken: list = field(default_factory=list)
    buurten: list = field(default_factory=list)
    org: dict = field(default_factory=dict)  # role in the gemeente → Organisatie
    users: dict = field(default_factory=dict)  # "beleidsadviseur", … → User
    melder: dict = field(default_factory=dict)  # organisatie id → the User reporting for it
    ouderen_75: int = 0  # 75-plussers in the analyse's peiljaar
    analyse: Woonzorganalyse | None = None
    bevindingen: list = field(default_factory=list)
    visie: Woonzorgvisie | None = None
    ambities: list = field(default_factory=list)
    doelstellingen: dict = field(default_factory=dict)  # ambitie (object id) → [Doelstelling]
    overeenkomsten: list = field(default_factory=list)
    partijen: dict = field(default_factory=dict)  # overeenkomst (object id) → [Organisatie]
    afspraken: list = field(default_factory=list)
    programma: Uitvoeringsprogramma | None = None
    activiteiten: list = field(default_factory=list)

    @property
    def naam(self) -> str:
        return self.gemeente.naam

    @property
    def code(self) -> str:
        return self.gemeente.cbs_code

    def organisaties(self) -> list:
        """Every organisation working here, the gemeente first."""
        return list(dict.fromkeys(self.org.values()))

    def door(self, organisatie) -> User:
        """Who reports (voortgang, metingen) for an organisation here: its own partner, or the
        programmaleider when it has nobody here."""
        if organisatie is not None and organisatie.pk in self.melder:
            return self.melder[organisatie.pk]
        return self.users["programmaleider"]


@dataclass
class Bouw:
    vandaag: datetime.date
    gemeenten: list[G] = field(default_factory=list)
    woonvormen: dict = field(default_factory=dict)  # code → Woonvorm
    doelgroepen: dict = field(default_factory=dict)  # code → Doelgroep
    opgaven: dict = field(default_factory=dict)  # domein → [Opgave]
    maatregelen: dict = field(default_factory=dict)  # opgave id → [Maatregel]

    @property
    def jaar(self) -> int:
        return self.vandaag.year

    @property
    def jaren(self) -> range:
        """The years with population figures: five past years, this year, six ahead."""
        return range(self.jaar - 5, self.jaar + 7)


# --- Names ------------------------------------------------------------------------------------

VOOR = (
    "Aal", "Berg", "Bree", "Dal", "Dron", "Eem", "Ees", "Gel", "Haar", "Heer", "Hol", "Kam", "Lin",
    "Loos", "Maas", "Mid", "Noord", "Olde", "Oost", "Raal", "Rijn", "Ros", "Schoon", "Sted", "Ter",
    "Vaal", "Veen", "Vlie", "Wes", "Zand",
)  # fmt: skip
NA = (
    "dam", "dijk", "hoven", "broek", "horst", "veen", "wijk", "wolde", "lo", "mond", "sloot",
    "berg", "meer", "haven", "burg", "dorp",
)  # fmt: skip
WIJKNAMEN = (
    "Centrum", "Noord", "Oost", "Zuid", "West", "Oude Dorp", "Haven", "Molenwijk", "Bloemenwijk",
    "Vogelwijk", "Kloosterveld", "Schildersbuurt", "Parkwijk", "Stationskwartier", "Buitenhof",
    "Rivierwijk",
)  # fmt: skip
BUURTDELEN = ("Noord", "Oost", "Zuid", "West", "Midden", "Park", "Hof")
STRATEN = (
    "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Julianalaan",
    "Beatrixstraat", "Wilhelminapark", "Nieuwstraat", "Parklaan", "Emmastraat", "Irenestraat",
    "Lindelaan", "Esdoornhof",
)  # fmt: skip
VOORNAMEN = (
    "Sanne", "Martijn", "Ingrid", "Kees", "Fatima", "Pieter", "Lotte", "Ruud", "Anouk", "Mohamed",
    "Eva", "Bram", "Noor", "Daan", "Sophie", "Youssef", "Femke", "Jeroen", "Lisa", "Thijs", "Emma",
    "Hamza", "Iris", "Wouter",
)  # fmt: skip
ACHTERNAMEN = (
    "de Vries", "Bakker", "Jansen", "Visser", "El Amrani", "Smit", "Mulder", "Hendriks", "de Jong",
    "van Dijk", "Meijer", "Bos", "Yilmaz", "de Boer", "Peters", "Dekker", "van Leeuwen", "Brouwer",
    "de Graaf", "Kok", "Vermeulen", "Postma",
)  # fmt: skip


def gemeentenamen() -> list[str]:
    rnd = random.Random(SEED)
    namen = [v + n for v in VOOR for n in NA]
    rnd.shuffle(namen)
    return ["Maasstad", *namen[: AANTAL_GEMEENTEN - 1]]


def wijknaam(index: int) -> str:
    basis = WIJKNAMEN[index % len(WIJKNAMEN)]
    ronde = index // len(WIJKNAMEN)
    return basis if ronde == 0 else f"{basis} {ronde + 1}"


# --- Phase 0: gemeenten and gebieden -------------------------------------------------------------


def gemeenten_en_gebieden(b: Bouw) -> None:
    namen = gemeentenamen()
    # Regio i holds every AANTAL_REGIOS-th gemeente, so GROOT and NORMAAL share regio 1.
    per_regio = [namen[i::AANTAL_REGIOS] for i in range(AANTAL_REGIOS)]
    regios = _maak(Regio, [Regio(naam=f"Regio {leden[0]}") for leden in per_regio])
    regio_van = {naam: i for i, leden in enumerate(per_regio) for naam in leden}
    # GROOT and NORMAAL are the first two of regio 1: namen[0] and namen[AANTAL_REGIOS].
    volgorde = [namen[0], namen[AANTAL_REGIOS]] + [
        n for n in namen if n not in (namen[0], namen[AANTAL_REGIOS])
    ]
    gemeenten = _maak(
        Gemeente,
        [
            Gemeente(naam=naam, cbs_code=f"GM{EERSTE_CODE + i:04d}", regio=regios[regio_van[naam]])
            for i, naam in enumerate(volgorde)
        ],
    )
    for gemeente in gemeenten:
        schaal = SCHAAL_GROOT if gemeente.cbs_code == GROOT else 1
        rnd = random.Random(f"{SEED}-{gemeente.cbs_code}")
        b.gemeenten.append(G(gemeente, schaal, rnd, regio_van[gemeente.naam]))

    for g in b.gemeenten:
        aantal = WIJKEN_GROOT if g.schaal > 1 else g.rnd.randint(6, 13)
        nummer = g.code[2:]
        g.wijken = [
            Gebied(
                gemeente=g.gemeente,
                naam=wijknaam(i),
                soort=Gebied.Soort.WIJK,
                cbs_code=f"WK{nummer}{i:02d}",
            )
            for i in range(aantal)
        ]
    _maak(Gebied, [w for g in b.gemeenten for w in g.wijken])
    for g in b.gemeenten:
        for w in g.wijken:
            for j in range(g.rnd.choice((2, 3, 4, 4, 5, 5, 6))):
                g.buurten.append(
                    Gebied(
                        gemeente=g.gemeente,
                        naam=f"{w.naam} {BUURTDELEN[j]}",
                        soort=Gebied.Soort.BUURT,
                        cbs_code=f"BU{w.cbs_code[2:]}{j + 1:02d}",
                        parent=w,
                    )
                )
    _maak(Gebied, [buurt for g in b.gemeenten for buurt in g.buurten])

    b.woonvormen = {w.code: w for w in Woonvorm.objects.all()}
    b.doelgroepen = {d.code: d for d in Doelgroep.objects.all()}
    for opgave in Opgave.objects.order_by("pk"):
        b.opgaven.setdefault(opgave.domein, []).append(opgave)
    for maatregel in Maatregel.objects.order_by("pk"):
        b.maatregelen.setdefault(maatregel.opgave_id, []).append(maatregel)


# --- Phase 1: organisations, users and roles -----------------------------------------------------

OS = Organisatie.Soort
# (key in G.org, name pattern, soort, e-mail local part or None)
LOKAAL = (
    ("gemeente", "Gemeente {}", OS.GEMEENTE, None),
    ("corporatie", "Woningstichting {}", OS.WONINGCORPORATIE, "corporatie"),
    ("welzijn", "Welzijn {}", OS.WELZIJNSORGANISATIE, "welzijn"),
    ("huurders", "Huurdersvereniging {}", OS.HUURDERSORGANISATIE, "huurders"),
)
# (key in G.org, name pattern, soort, e-mail local part, which gemeenten of the regio)
REGIONAAL = (
    ("regiocorporatie", "Woonpartners {}", OS.WONINGCORPORATIE, "woonpartners", "eerste twee"),
    ("regiocorporatie", "Wooncompagnie {}", OS.WONINGCORPORATIE, "wooncompagnie", "overige"),
    ("zorgkantoor", "Zorgkantoor {}", OS.ZORGKANTOOR, "zorgkantoor", "alle"),
    ("zorggroep", "Zorggroep {}", OS.ZORGAANBIEDER, "zorggroep", "alle"),
    ("thuiszorg", "Thuiszorg {}", OS.ZORGAANBIEDER, "thuiszorg", "alle"),
    ("ontwikkelaar", "Bouwontwikkeling {} BV", OS.MARKTPARTIJ, "ontwikkelaar", "alle"),
)
STAF = ("beleidsadviseur", "programmaleider", "lezer")


def organisaties_en_gebruikers(b: Bouw) -> None:
    rnd = random.Random(f"{SEED}-mensen")
    wachtwoord = make_password(WACHTWOORD)
    organisaties, users, werkgebied, rollen = [], [], [], []

    def persoon(email, organisatie):
        user = User(
            email=email,
            first_name=rnd.choice(VOORNAMEN),
            last_name=rnd.choice(ACHTERNAMEN),
            organisatie=organisatie,
            password=wachtwoord,
            is_active=True,
            is_staff=False,
            is_superuser=False,
            herinneringen=False,
        )
        users.append(user)
        return user

    for g in b.gemeenten:
        domein = f"{g.code.lower()}.{DOMEIN}"
        for sleutel, patroon, soort, lokaal_deel in LOKAAL:
            org = Organisatie(naam=patroon.format(g.naam), soort=soort)
            organisaties.append(org)
            g.org[sleutel] = org
            werkgebied.append((org, g))
            if lokaal_deel:
                user = persoon(f"{lokaal_deel}@{domein}", org)
                rollen.append((user, g, Rol.Soort.PARTNER))
                g.melder[id(org)] = user
        for soort in STAF:
            user = persoon(f"{soort}@{domein}", g.org["gemeente"])
            g.users[soort] = user
            rollen.append((user, g, soort))
        g.melder[id(g.org["gemeente"])] = g.users["programmaleider"]

    per_regio = defaultdict(list)
    for g in b.gemeenten:
        per_regio[g.regio_index].append(g)
    for index, leden in sorted(per_regio.items()):
        kern = leden[0].naam
        for sleutel, patroon, soort, lokaal_deel, bereik in REGIONAAL:
            gebied = {"eerste twee": leden[:2], "overige": leden[2:], "alle": leden}[bereik]
            if not gebied:
                continue
            org = Organisatie(naam=patroon.format(kern), soort=soort)
            organisaties.append(org)
            user = persoon(f"{lokaal_deel}@regio{index + 1:02d}.{DOMEIN}", org)
            for g in gebied:
                g.org[sleutel] = org
                werkgebied.append((org, g))
                rollen.append((user, g, Rol.Soort.PARTNER))
                g.melder[id(org)] = user

    _maak(Organisatie, organisaties)
    _maak(User, users)
    for g in b.gemeenten:  # object ids were keys while there were no primary keys yet
        g.melder = {org.pk: g.melder[id(org)] for org in g.organisaties() if id(org) in g.melder}
    _koppel(
        Organisatie.werkgebied.through,
        "organisatie",
        "gemeente",
        ((org.pk, g.gemeente.pk) for org, g in werkgebied),
    )
    _copy(
        Rol,
        ("user_id", "gemeente_id", "soort"),
        ((user.pk, g.gemeente.pk, soort) for user, g, soort in rollen),
    )


# --- Phase 2: figures ----------------------------------------------------------------------------

K = Leeftijdsklasse
DISJUNCT = (K.K0_14, K.K15_24, K.K25_44, K.K45_64, K.K65_PLUS)  # add up to totaal
KLASSEN = (K.TOTAAL, *DISJUNCT, K.K75_PLUS, K.K85_PLUS)
GROEI = {  # yearly change per band
    K.K0_14: -0.005,
    K.K15_24: 0.0,
    K.K25_44: 0.003,
    K.K45_64: -0.004,
    K.K65_PLUS: 0.02,
    K.K75_PLUS: 0.035,
    K.K85_PLUS: 0.05,
}
VOORRAAD_WOONVORMEN = {  # per 1,000 75-plussers in a wijk, roughly
    "nultredenwoning": (250, 380),
    "geclusterde-woonvorm": (0, 60),
    "verpleegzorgplek": (0, 160),
}


def _bevolking_buurt(rnd, jaren, nu) -> dict[int, list[int]]:
    """One buurt's inhabitants per year, in the order of KLASSEN, consistent between bands."""
    totaal = rnd.randint(300, 2600)
    aandeel = {
        K.K0_14: rnd.uniform(0.12, 0.19),
        K.K15_24: rnd.uniform(0.09, 0.15),
        K.K45_64: rnd.uniform(0.24, 0.30),
        K.K65_PLUS: rnd.uniform(0.12, 0.32),
    }
    aandeel[K.K25_44] = 1 - sum(aandeel.values())
    aandeel[K.K75_PLUS] = aandeel[K.K65_PLUS] * rnd.uniform(0.38, 0.52)
    aandeel[K.K85_PLUS] = aandeel[K.K75_PLUS] * rnd.uniform(0.20, 0.30)
    groei = {k: g + rnd.uniform(-0.004, 0.004) for k, g in GROEI.items()}
    per_jaar = {}
    for jaar in jaren:
        t = jaar - nu
        w = {k: round(totaal * aandeel[k] * (1 + groei[k]) ** t) for k in aandeel}
        w[K.K75_PLUS] = min(w[K.K75_PLUS], w[K.K65_PLUS])
        w[K.K85_PLUS] = min(w[K.K85_PLUS], w[K.K75_PLUS])
        w[K.TOTAAL] = sum(w[k] for k in DISJUNCT)
        per_jaar[jaar] = [w[k] for k in KLASSEN]
    return per_jaar


def cijfers(b: Bouw) -> None:
    if set(KLASSEN) != set(Leeftijdsklasse.values):
        raise RuntimeError("Leeftijdsklasse changed: teach bench.dataset the new bands.")
    nu, peiljaar = b.jaar, b.jaar - 2
    per_wijk: dict[int, dict[int, list[int]]] = {}

    def rijen():
        for g in b.gemeenten:
            meting = f"CBS Kerncijfers wijken en buurten (synthetisch, {g.naam})"
            prognose = f"Bevolkingsprognose {g.naam} (synthetisch)"
            buurten_van = defaultdict(list)
            for buurt in g.buurten:
                buurten_van[buurt.parent_id].append(buurt)
            for wijk in g.wijken:
                som = {jaar: [0] * len(KLASSEN) for jaar in b.jaren}
                for buurt in buurten_van[wijk.pk]:
                    for jaar, waarden in _bevolking_buurt(g.rnd, b.jaren, nu).items():
                        som[jaar] = [a + w for a, w in zip(som[jaar], waarden, strict=True)]
                        yield from _cijferrijen(buurt.pk, jaar, waarden, nu, meting, prognose)
                for jaar, waarden in som.items():
                    yield from _cijferrijen(wijk.pk, jaar, waarden, nu, meting, prognose)
                per_wijk[wijk.pk] = som
                g.ouderen_75 += som[peiljaar][KLASSEN.index(K.K75_PLUS)]

    _copy(
        Bevolkingscijfer,
        ("gebied_id", "jaar", "leeftijdsklasse", "aantal", "prognose", "bron"),
        rijen(),
    )

    def voorraad():
        for g in b.gemeenten:
            bron = f"Woningregistratie {g.naam} en zorgkantoor (synthetisch)"
            for wijk in g.wijken:
                ouderen = per_wijk[wijk.pk][peiljaar][KLASSEN.index(K.K75_PLUS)]
                for code, (laag, hoog) in VOORRAAD_WOONVORMEN.items():
                    # Some wijken have none of a woonvorm: a 0 row, so the total is known.
                    basis = 0 if g.rnd.random() < 0.15 else ouderen * g.rnd.uniform(laag, hoog)
                    for jaar in range(nu - 5, nu + 1):
                        aantal = round(basis / 1000 * (1 + 0.02 * (jaar - nu)))
                        yield wijk.pk, b.woonvormen[code].pk, jaar, aantal, bron

    _copy(Voorraad, ("gebied_id", "woonvorm_id", "jaar", "aantal", "bron"), voorraad())

    def huishoudens():
        for g in b.gemeenten:
            for wijk in g.wijken:
                for jaar in range(nu - 2, nu + 1):
                    totaal = round(per_wijk[wijk.pk][jaar][0] / g.rnd.uniform(2.0, 2.4))
                    eenpersoons = round(totaal * g.rnd.uniform(0.3, 0.45))
                    yield wijk.pk, jaar, totaal, eenpersoons, "CBS (synthetisch)"

    _copy(Huishoudens, ("gebied_id", "jaar", "totaal", "eenpersoons", "bron"), huishoudens())


def _cijferrijen(gebied_id, jaar, waarden, nu, meting, prognose):
    is_prognose = jaar > nu
    bron = prognose if is_prognose else meting
    for klasse, aantal in zip(KLASSEN, waarden, strict=True):
        yield gebied_id, jaar, klasse, aantal, is_prognose, bron


# --- Phase 3: analyses ---------------------------------------------------------------------------

NORMEN = (  # (woonvorm, leeftijdsklasse, per 1,000)
    ("nultredenwoning", K.K75_PLUS, Decimal(330)),
    ("geclusterde-woonvorm", K.K75_PLUS, Decimal(50)),
    ("verpleegzorgplek", K.K85_PLUS, Decimal(130)),
    ("levensloopbestendige-woning", K.K65_PLUS, Decimal(80)),
    ("mantelzorgwoning", K.K75_PLUS, Decimal(8)),
)
# (titel, tekst, doelgroep, woonvorm, waarde range, eenheid, about one wijk)
BEVINDING_SJABLONEN = (
    ("{w}% van de 65-plussers wil verhuizen naar een geschikte woning",
     "Uit het woonwensenonderzoek: een geschikte woning waar ontmoeting mogelijk is en op termijn "
     "zorg kan worden geboden.", "ouderen", "geclusterde-woonvorm", (15, 30), "%", False),
    ("{gebied} heeft het hoogste aandeel 75-plussers",
     "Hier is de vraag naar geschikte en geclusterde woningen het eerst en het grootst.",
     "ouderen", None, (11, 18), "%", True),
    ("Over tien jaar een tekort van {w} verpleegzorgplekken",
     "Het aantal 85-plussers groeit met vijf procent per jaar; het aanbod groeit niet mee.",
     "ouderen", "verpleegzorgplek", (15, 90), "plekken", False),
    ("{w} mensen met dementie wonen thuis",
     "De meesten wonen samen met een mantelzorger die het zwaar heeft.",
     "dementie", None, (300, 1500), "personen", False),
    ("De wachttijd voor een sociale huurwoning is {w} jaar",
     "Senioren die willen verhuizen, blijven in een ongeschikte woning wonen.",
     None, None, (4, 11), "jaar", False),
    ("{w} mensen per jaar stromen uit beschermd wonen en zoeken een woning",
     "Zonder woning blijven zij langer dan nodig in een instelling.",
     "beschermd-wonen", "beschermd-wonenplek", (10, 60), "personen", False),
    ("{w}% van de mantelzorgers voelt zich zwaar belast",
     "Respijtzorg en een mantelzorgwoning dichtbij helpen.",
     "mantelzorgers", "mantelzorgwoning", (12, 25), "%", False),
    ("Slechts {w}% van de woningen in {gebied} is nultreden",
     "De meeste woningen zijn eengezinswoningen met een trap.",
     "ouderen", "nultredenwoning", (8, 20), "%", True),
)  # fmt: skip


def analyses(b: Bouw) -> None:
    landelijk_75 = sum(g.ouderen_75 for g in b.gemeenten) or 1
    for g in b.gemeenten:
        g.analyse = Woonzorganalyse(
            gemeente=g.gemeente,
            titel=f"Woonzorganalyse {g.naam} {b.jaar - 2}",
            peiljaar=b.jaar - 2,
            status=Woonzorganalyse.Status.VASTGESTELD,
            samenvatting=(
                f"{g.naam} vergrijst: het aantal 75-plussers groeit met ruim drie procent per "
                "jaar. Er zijn te weinig geschikte en geclusterde woningen, en vanaf 2030 te "
                "weinig verpleegzorgplekken."
            ),
            aandeel_75plus=(Decimal(100 * g.ouderen_75) / landelijk_75).quantize(Decimal("0.001")),
            aandeel_75plus_bron="CBS StatLine, bevolking op 1 januari (synthetisch)",
        )
    _maak(Woonzorganalyse, [g.analyse for g in b.gemeenten])

    normen, bevindingen = [], []
    for g in b.gemeenten:
        for code, klasse, per_1000 in NORMEN:
            normen.append(
                Behoeftenorm(
                    analyse=g.analyse,
                    woonvorm=b.woonvormen[code],
                    leeftijdsklasse=klasse,
                    per_1000=per_1000,
                    bron=f"Eigen norm {g.naam} op basis van woonwensenonderzoek (synthetisch)",
                )
            )
        for i in range(BEVINDINGEN * g.schaal):
            titel, tekst, doelgroep, woonvorm, (laag, hoog), eenheid, met_wijk = (
                BEVINDING_SJABLONEN[i % len(BEVINDING_SJABLONEN)]
            )
            ronde = i // len(BEVINDING_SJABLONEN)
            gebied = g.wijken[(i * 7) % len(g.wijken)] if met_wijk or ronde else None
            waarde = g.rnd.randint(laag, hoog)
            titel = titel.format(w=waarde, gebied=gebied.naam if gebied else "")
            if ronde and not met_wijk:
                titel = f"{titel} ({gebied.naam})"
            g.bevindingen.append(
                Bevinding(
                    analyse=g.analyse,
                    titel=titel,
                    tekst=tekst,
                    doelgroep=b.doelgroepen[doelgroep] if doelgroep else None,
                    woonvorm=b.woonvormen[woonvorm] if woonvorm else None,
                    gebied=gebied,
                    waarde=Decimal(waarde),
                    eenheid=eenheid,
                    bron=f"Woonwensenonderzoek {g.naam} {b.jaar - 3} (synthetisch)",
                )
            )
            bevindingen.append(g.bevindingen[-1])
    _maak(Behoeftenorm, normen)
    _maak(Bevinding, bevindingen)


# --- Phase 4: visies -----------------------------------------------------------------------------

LANGER_THUIS, DOORSTROMEN, INNOVATIE = range(3)
# (thema, titel, doelgroepen, woonvormen, bevinding templates, doelstelling or None), where a
# doelstelling is (omschrijving, woonvorm, aantal range or None, eenheid)
AMBITIE_SJABLONEN = (
    (LANGER_THUIS, "Meer geclusterde woonvormen voor senioren, dichtbij (zorg)voorzieningen",
     ("ouderen",), ("geclusterde-woonvorm",), (0,),
     ("Geclusterde woningen erbij", "geclusterde-woonvorm", (80, 200), "woningen")),
    (LANGER_THUIS, "Meer nultredenwoningen in de wijken met de meeste 75-plussers",
     ("ouderen",), ("nultredenwoning",), (1, 7),
     ("Nultredenwoningen erbij, nieuw of aangepast", "nultredenwoning", (100, 300), "woningen")),
    (LANGER_THUIS, "Bestaande woningen geschikt maken met woningaanpassingen",
     ("ouderen", "mensen-met-een-beperking"), ("zorggeschikte-woning",), (),
     ("Woningen aangepast", "zorggeschikte-woning", (150, 400), "woningen")),
    (LANGER_THUIS, "Voldoende verpleegzorgplekken voor de groeiende groep 85-plussers",
     ("ouderen", "dementie"), ("verpleegzorgplek",), (2,),
     ("Verpleegzorgplekken erbij", "verpleegzorgplek", (20, 80), "plekken")),
    (LANGER_THUIS, "Mantelzorgers ontlasten met mantelzorgwoningen en respijtzorg",
     ("mantelzorgers",), ("mantelzorgwoning",), (6,),
     ("Mantelzorgwoningen", "mantelzorgwoning", (10, 40), "units")),
    (LANGER_THUIS, "Mensen met dementie wonen veilig thuis in een dementievriendelijke wijk",
     ("dementie",), (), (3,), ("Dementievriendelijke wijken", None, (2, 6), "wijken")),
    (LANGER_THUIS, "Zorg en ondersteuning dichtbij, in elke wijk",
     ("ouderen",), (), (), ("Wijksteunpunten", None, (3, 8), "steunpunten")),
    (DOORSTROMEN, "Senioren verhuizen eerder naar een passende woning",
     ("ouderen",), (), (0,),
     ("Meer senioren verhuizen met hulp van een wooncoach", None, None, "verhuizingen")),
    (DOORSTROMEN, "Voorrang bij passende woningen voor senioren in een ongeschikte woning",
     ("ouderen",), ("levensloopbestendige-woning",), (4,), None),
    (DOORSTROMEN, "Een goede uitstroom uit beschermd wonen en maatschappelijke opvang",
     ("beschermd-wonen", "maatschappelijke-opvang"), ("beschermd-wonenplek",), (5,),
     ("Woningen per jaar voor uitstromers", "reguliere-woning", (15, 60), "woningen")),
    (DOORSTROMEN, "Passende huisvesting voor statushouders en spoedzoekers",
     ("statushouders",), ("flexwoning",), (),
     ("Flexwoningen", "flexwoning", (20, 100), "woningen")),
    (DOORSTROMEN, "Een woonruimteverdeling die inspeelt op de vraag naar zorg",
     ("ouderen", "ggz"), (), (4,), None),
    (DOORSTROMEN, "Jongeren uit de jeugdzorg vinden een eigen plek",
     ("uitstroom-jeugdzorg",), ("reguliere-woning",), (),
     ("Woningen voor jongeren uit de jeugdzorg", "reguliere-woning", (10, 30), "woningen")),
    (DOORSTROMEN, "Levensloopbestendig bouwen als norm voor de nieuwbouw",
     ("ouderen",), ("levensloopbestendige-woning",), (),
     ("Levensloopbestendige nieuwbouw", "levensloopbestendige-woning", (150, 500), "woningen")),
    (INNOVATIE, "Ruimte voor woonvormen die inwoners zelf opzetten, zoals een knarrenhof",
     ("ouderen",), ("geclusterde-woonvorm",), (), None),
    (INNOVATIE, "Zorgtechnologie in elke geschikte woning",
     ("ouderen", "dementie"), (), (),
     ("Huishoudens met zorgtechnologie", None, (200, 800), "huishoudens")),
    (INNOVATIE, "Ontmoetingsruimten in bestaande seniorencomplexen",
     ("ouderen",), ("geclusterde-woonvorm",), (0,),
     ("Ontmoetingsruimten", None, (4, 12), "ontmoetingsruimten")),
    (INNOVATIE, "Skaeve huse voor wie niet in een gewone wijk kan wonen",
     ("maatschappelijke-opvang", "ggz"), ("skaeve-huse",), (),
     ("Skaeve huse", "skaeve-huse", (4, 12), "woningen")),
    (INNOVATIE, "Een beweegvriendelijke en toegankelijke openbare ruimte",
     ("ouderen", "mensen-met-een-beperking"), (), (),
     ("Toegankelijke looproutes", None, (5, 20), "looproutes")),
    (INNOVATIE, "Samen leren: elk jaar een monitor van wonen en zorg", (), (), (), None),
)  # fmt: skip

CRITERIA = (
    ("Ligging binnen 500 meter van (zorg)voorzieningen", 3),
    ("Draagt bij aan het tekort aan geclusterde woonvormen", 3),
    ("Ontmoetingsruimte voor de buurt", 2),
    ("Betaalbaar: sociale huur of middenhuur", 2),
    ("Zorg geregeld met een zorgaanbieder", 1),
)


def visies(b: Bouw) -> None:
    for g in b.gemeenten:
        g.visie = Woonzorgvisie(
            gemeente=g.gemeente,
            titel=f"Woonzorgvisie {g.naam} {b.jaar - 1}–{b.jaar + 4}",
            periode_start=b.jaar - 1,
            periode_eind=b.jaar + 4,
            status=Woonzorgvisie.Status.VASTGESTELD,
            vastgesteld_op=datetime.date(b.jaar - 1, 3, g.rnd.randint(1, 28)),
            besluit=f"Raadsbesluit {b.jaar - 1}-{g.rnd.randint(10, 99):03d} (synthetisch)",
            samenvatting=(
                f"{g.naam} en haar partners werken aan drie thema's: langer zelfstandig thuis, "
                "doorstromen en innovatie en vernieuwing."
            ),
            analyse=g.analyse,
        )
    _maak(Woonzorgvisie, [g.visie for g in b.gemeenten])
    _koppel(
        Woonzorgvisie.partners.through,
        "woonzorgvisie",
        "organisatie",
        ((g.visie.pk, org.pk) for g in b.gemeenten for org in g.organisaties()[1:]),
    )

    themas = {}
    for g in b.gemeenten:
        themas[g.code] = [
            Thema(visie=g.visie, naam=naam, omschrijving=omschrijving, volgorde=i)
            for i, (naam, omschrijving) in enumerate(STANDAARD_THEMAS, start=1)
        ]
    _maak(Thema, [t for rij in themas.values() for t in rij])

    doelgroepen, woonvormen, gebieden, onderbouwing, doelstellingen = [], [], [], [], []
    for g in b.gemeenten:
        for i in range(AMBITIES * g.schaal):
            thema, titel, dg, wv, bev, doel = AMBITIE_SJABLONEN[i % len(AMBITIE_SJABLONEN)]
            ronde = i // len(AMBITIE_SJABLONEN)
            wijk = g.wijken[(i * 3) % len(g.wijken)] if ronde else None
            ambitie = Ambitie(
                visie=g.visie,
                thema=themas[g.code][thema],
                titel=f"{titel} — {wijk.naam}" if wijk else titel,
                toelichting=(
                    "Wat we samen willen bereiken, voor wie en waar, en waarom: zo volgt het "
                    "uit de woonzorganalyse."
                ),
                volgorde=i + 1,
            )
            g.ambities.append(ambitie)
            doelgroepen += [(ambitie, b.doelgroepen[code]) for code in dg]
            woonvormen += [(ambitie, b.woonvormen[code]) for code in wv]
            if wijk:
                gebieden.append((ambitie, wijk))
            # Onderbouwing by the matching findings of the ambitie's round; the last finding
            # of every round grounds nothing (the ketencheck shows it).
            for sjabloon in bev:
                index = ronde * len(BEVINDING_SJABLONEN) + sjabloon
                if index < len(g.bevindingen) and sjabloon != len(BEVINDING_SJABLONEN) - 1:
                    onderbouwing.append((ambitie, g.bevindingen[index]))
            if doel:
                omschrijving, woonvorm, bereik, eenheid = doel
                g.doelstellingen[id(ambitie)] = [
                    Doelstelling(
                        ambitie=ambitie,
                        omschrijving=omschrijving,
                        woonvorm=b.woonvormen[woonvorm] if woonvorm else None,
                        aantal=g.rnd.randint(*bereik) if bereik else None,
                        eenheid=eenheid,
                        gebied=wijk,
                        locatie="" if wijk else "hele gemeente",
                        streefjaar=b.jaar + 4,
                    )
                ]
                doelstellingen += g.doelstellingen[id(ambitie)]
    _maak(Ambitie, [a for g in b.gemeenten for a in g.ambities])
    _maak(Doelstelling, doelstellingen)
    _koppel(Ambitie.doelgroepen.through, "ambitie", "doelgroep", _ids(doelgroepen))
    _koppel(Ambitie.woonvormen.through, "ambitie", "woonvorm", _ids(woonvormen))
    _koppel(Ambitie.gebieden.through, "ambitie", "gebied", _ids(gebieden))
    _koppel(Onderbouwing, "ambitie", "bevinding", _ids(onderbouwing))
    afwegingskader(b)


def _ids(paren):
    return ((links.pk, rechts.pk) for links, rechts in paren)


def afwegingskader(b: Bouw) -> None:
    criteria = {
        g.code: [Afwegingscriterium(visie=g.visie, naam=n, weging=w) for n, w in CRITERIA]
        for g in b.gemeenten
    }
    _maak(Afwegingscriterium, [c for rij in criteria.values() for c in rij])
    initiatieven = []
    for g in b.gemeenten:
        for i in range(INITIATIEVEN * g.schaal):
            wijk = g.wijken[(i * 5) % len(g.wijken)]
            ontwikkelaar = i % 2 == 1
            initiatieven.append(
                Initiatief(
                    visie=g.visie,
                    titel=(
                        f"Geclusterde woningen op de oude schoollocatie in {wijk.naam}"
                        if ontwikkelaar
                        else f"Knarrenhof {wijk.naam}"
                    ),
                    soort=Initiatief.Soort.ONTWIKKELAAR
                    if ontwikkelaar
                    else Initiatief.Soort.BURGERINITIATIEF,
                    indiener=g.org["ontwikkelaar"].naam if ontwikkelaar else "Bewonersgroep",
                    organisatie=g.org["ontwikkelaar"] if ontwikkelaar else None,
                    omschrijving="Woningen rond een gezamenlijke hof met een ontmoetingsruimte.",
                    gebied=wijk,
                    woonvorm=b.woonvormen["geclusterde-woonvorm"],
                    aantal=g.rnd.randint(12, 60),
                    ingediend_op=b.vandaag - datetime.timedelta(days=g.rnd.randint(20, 500)),
                    besluit=g.rnd.choice(Initiatief.Besluit.values),
                )
            )
    _maak(Initiatief, initiatieven)
    beoordelingen = []
    for initiatief in initiatieven:
        rnd = random.Random(f"{SEED}-initiatief-{initiatief.pk}")
        for criterium in criteria[initiatief.visie.gemeente.cbs_code][: rnd.randint(3, 5)]:
            beoordelingen.append(
                Beoordeling(
                    initiatief=initiatief,
                    criterium=criterium,
                    score=rnd.randint(1, 5),
                    motivering="Beoordeeld in het overleg van de partners.",
                )
            )
    _maak(Beoordeling, beoordelingen)


# --- Phase 5: prestatieafspraken -----------------------------------------------------------------

T = AfspraakType
# (domein, type, titel, eenheid, woonvormen or None, aantal range or None)
AFSPRAAK_SJABLONEN = (
    (Domein.WONEN, T.HANDELING, "Realisatie van {aantal} woningen: {woonvorm}", "woningen",
     ("geclusterde-woonvorm", "nultredenwoning", "levensloopbestendige-woning"), (20, 150)),
    (Domein.WONEN, T.HANDELING, "Geschikt maken van {aantal} bestaande woningen", "woningen",
     ("zorggeschikte-woning",), (30, 200)),
    (Domein.WONEN, T.GARANTIE, "Elk jaar {aantal} woningen voor uitstromers", "woningen",
     ("reguliere-woning",), (5, 30)),
    (Domein.WONEN, T.TRANSACTIE, "Vastgoedruil voor {aantal} geclusterde wooneenheden",
     "wooneenheden", ("geclusterde-woonvorm",), (12, 60)),
    (Domein.WONEN, T.HANDELING, "{aantal} mantelzorgwoningen", "units",
     ("mantelzorgwoning",), (5, 25)),
    (Domein.WONEN, T.BESCHRIJVEND, "Verzorgd wonen als richtinggevend concept", "", None, None),
    (Domein.WONEN, T.PROCES, "Cyclus van overleg, monitoring en evaluatie", "", None, None),
    (Domein.WONEN, T.INTENTIE, "Transformatie van vrijkomende locaties tot gemengd wonen", "",
     None, None),
    (Domein.ZORG_WELZIJN, T.HANDELING, "Inzet van {aantal} wooncoaches voor senioren",
     "wooncoaches", None, (2, 8)),
    (Domein.ZORG_WELZIJN, T.HANDELING, "Activiteiten in {aantal} ontmoetingsruimten",
     "ontmoetingsruimten", None, (3, 12)),
    (Domein.ZORG_WELZIJN, T.HANDELING, "{aantal} verpleegzorgplekken erbij", "plekken",
     ("verpleegzorgplek",), (10, 60)),
    (Domein.ZORG_WELZIJN, T.GARANTIE, "Gedeelde kosten bij uithuiszetting na uitstroom", "",
     None, None),
    (Domein.ZORG_WELZIJN, T.HANDELING, "Huisbezoeken bij {aantal} 75-plussers", "huisbezoeken",
     None, (200, 900)),
    (Domein.ZORG_WELZIJN, T.INTENTIE, "Intensieve zorg thuis met een volledig pakket thuis", "",
     None, None),
    (Domein.FYSIEKE_OMGEVING, T.HANDELING, "{aantal} toegankelijke looproutes naar voorzieningen",
     "looproutes", None, (3, 15)),
    (Domein.FYSIEKE_OMGEVING, T.HANDELING, "{aantal} rustpunten en bankjes in de wijken",
     "rustpunten", None, (20, 120)),
    (Domein.FYSIEKE_OMGEVING, T.BESCHRIJVEND, "Beweegvriendelijke inrichting van de openbare "
     "ruimte", "", None, None),
    (Domein.FYSIEKE_OMGEVING, T.INTENTIE, "Hittebestendige ontmoetingsplekken", "", None, None),
)  # fmt: skip
BOUW_WOONVORMEN = frozenset(
    {
        "geclusterde-woonvorm",
        "nultredenwoning",
        "levensloopbestendige-woning",
        "zorggeschikte-woning",
        "mantelzorgwoning",
    }
)
DOMEIN_NUMMER = afspraken_services.DOMEIN_NUMMER
WETHOUDER = "wethouder Wonen en Zorg"
FUNCTIES = ("directeur-bestuurder", "voorzitter", "regiomanager")


def afspraken(b: Bouw) -> None:
    P = Partij.Rol
    partijen = []
    for g in b.gemeenten:
        prestatie = Overeenkomst(
            gemeente=g.gemeente,
            titel=f"Prestatieafspraken wonen, welzijn en zorg {g.naam} {b.jaar - 2}–{b.jaar + 1}",
            soort=Overeenkomst.Soort.PRESTATIEAFSPRAKEN,
            periode_start=b.jaar - 2,
            periode_eind=b.jaar + 1,
            status=Overeenkomst.Status.ONDERTEKEND,
            visie=g.visie,
            toelichting="De gemeente, de corporaties en de huurders maken samen met zorg en "
            "welzijn afspraken over wonen, welzijn en zorg.",
        )
        # A few gemeenten still draft their convenant; NORMAAL and GROOT have it out for signing.
        concept = g.code not in (NORMAAL, GROOT) and g.rnd.random() < 0.15
        convenant = Overeenkomst(
            gemeente=g.gemeente,
            titel=f"Convenant langer thuis {g.naam} {b.jaar}–{b.jaar + 3}",
            soort=Overeenkomst.Soort.CONVENANT,
            periode_start=b.jaar,
            periode_eind=b.jaar + 3,
            status=Overeenkomst.Status.CONCEPT
            if concept
            else Overeenkomst.Status.TER_ONDERTEKENING,
            visie=g.visie,
            toelichting="Zorg, welzijn en wonen werken samen aan langer zelfstandig thuis.",
        )
        g.overeenkomsten = [prestatie, convenant]
        g.partijen[id(prestatie)] = [
            (g.org[k], P.ONDERTEKENAAR)
            for k in ("gemeente", "corporatie", "regiocorporatie", "huurders")
        ] + [(g.org[k], P.MEDEONDERTEKENAAR) for k in ("zorgkantoor", "zorggroep", "welzijn")]
        g.partijen[id(convenant)] = [
            (g.org[k], P.ONDERTEKENAAR)
            for k in ("gemeente", "regiocorporatie", "zorgkantoor", "thuiszorg")
        ] + [(g.org[k], P.MEDEONDERTEKENAAR) for k in ("welzijn", "zorggroep")]
    _maak(Overeenkomst, [o for g in b.gemeenten for o in g.overeenkomsten])
    for g in b.gemeenten:
        for o in g.overeenkomsten:
            partijen += [
                Partij(overeenkomst=o, organisatie=org, rol=rol) for org, rol in g.partijen[id(o)]
            ]
    _maak(Partij, partijen)

    betrokkenen, verwijzingen = [], []
    for g in b.gemeenten:
        for o, aantal in zip(g.overeenkomsten, AFSPRAKEN, strict=True):
            nummers = defaultdict(int)
            eigen = []
            for _ in range(aantal * g.schaal):
                afspraak = _afspraak(b, g, o, nummers)
                eigen.append(afspraak)
                pool = [org for org in g.organisaties() if org is not afspraak.trekker]
                betrokkenen += [(afspraak, org) for org in g.rnd.sample(pool, g.rnd.randint(1, 3))]
                if eigen[:-1] and g.rnd.random() < 0.05:
                    verwijzingen.append((afspraak, g.rnd.choice(eigen[:-1])))
            g.afspraken += eigen
    _maak(Afspraak, [a for g in b.gemeenten for a in g.afspraken])
    _koppel(Afspraak.betrokkenen.through, "afspraak", "organisatie", _ids(betrokkenen))
    _koppel(Afspraak.verwijzingen.through, "from_afspraak", "to_afspraak", _ids(verwijzingen))
    jaarschijven(b)
    ondertekeningen(b)


def _afspraak(b: Bouw, g: G, o: Overeenkomst, nummers) -> Afspraak:
    rnd = g.rnd
    domein, soort, titel, eenheid, woonvormen, bereik = AFSPRAAK_SJABLONEN[
        rnd.randrange(len(AFSPRAAK_SJABLONEN))
    ]
    nummers[domein] += 1
    # The last ambities of the visie get no afspraak: the ketencheck shows them.
    zonder = max(2, len(g.ambities) // 8)
    ambitie = None if rnd.random() < 0.05 else rnd.choice(g.ambities[:-zonder])
    doelen = g.doelstellingen.get(id(ambitie), [])
    opgave = rnd.choice(b.opgaven[domein])
    maatregelen = b.maatregelen.get(opgave.pk, [])
    woonvorm = b.woonvormen[rnd.choice(woonvormen)] if woonvormen else None
    aantal = rnd.randint(*bereik) if bereik else None
    nieuwbouw = bestaand = None
    if aantal and woonvorm and woonvorm.code in BOUW_WOONVORMEN and rnd.random() < 0.6:
        nieuwbouw = round(aantal * rnd.uniform(0.4, 0.8))
        bestaand = aantal - nieuwbouw
    partijen = [org for org, _rol in g.partijen[id(o)]]
    trekker = None if rnd.random() < 0.04 else rnd.choice(partijen)
    # Deadlines in the agreement's period; some passed already.
    eerste = datetime.date(o.periode_start, 6, 30)
    laatste = datetime.date(o.periode_eind, 12, 31)
    deadline = None
    if rnd.random() < 0.85:
        deadline = eerste + datetime.timedelta(days=rnd.randint(0, (laatste - eerste).days))
        deadline = datetime.date(deadline.year, 12 if rnd.random() < 0.5 else 6, 30)
    tekst_titel = titel.format(
        aantal=aantal or "", woonvorm=woonvorm.naam.lower() if woonvorm else ""
    )
    return Afspraak(
        overeenkomst=o,
        nummer=f"{DOMEIN_NUMMER[domein]}.{nummers[domein]}",
        domein=domein,
        opgave=opgave,
        maatregel=rnd.choice(maatregelen) if maatregelen and rnd.random() < 0.5 else None,
        type=soort,
        titel=tekst_titel,
        tekst=(
            f"{tekst_titel}. {trekker.naam if trekker else 'De partijen'} zorgt ervoor dat de "
            "afspraak wordt nagekomen en meldt de voortgang in het bestuurlijk overleg."
        ),
        trekker=trekker,
        ambitie=ambitie,
        doelstelling=doelen[0] if doelen and rnd.random() < 0.5 else None,
        woonvorm=woonvorm,
        aantal=aantal,
        eenheid=eenheid if aantal else "",
        aantal_nieuwbouw=nieuwbouw,
        aantal_bestaande_bouw=bestaand,
        gebied=rnd.choice(g.wijken) if rnd.random() < 0.2 else None,
        deadline=deadline,
        verwijzing="Regionale afspraken over verpleeghuiszorg" if rnd.random() < 0.03 else "",
    )


def jaarschijven(b: Bouw) -> None:
    schijven, doelen = [], []
    for g in b.gemeenten:
        for o in g.overeenkomsten:
            per_jaar = {
                jaar: Jaarschijf(
                    overeenkomst=o,
                    jaar=jaar,
                    toelichting=f"Wat de partijen in {jaar} samen doen.",
                )
                for jaar in o.jaren
                if jaar <= b.jaar + 1
            }
            schijven += per_jaar.values()
            for afspraak in g.afspraken:
                if afspraak.overeenkomst is not o or not afspraak.aantal:
                    continue
                jaren = list(per_jaar)
                deel, rest = divmod(afspraak.aantal, len(jaren))
                for n, jaar in enumerate(jaren):
                    doelen.append(
                        Jaardoel(
                            jaarschijf=per_jaar[jaar],
                            afspraak=afspraak,
                            aantal=deel + (1 if n < rest else 0) or None,
                            tekst=f"Het deel van {jaar}.",
                        )
                    )
    _maak(Jaarschijf, schijven)
    _maak(Jaardoel, doelen)


def ondertekeningen(b: Bouw) -> None:
    """The hash of what was put out for signing, as the service computes it, and the
    signatures: all parties on the signed agreement (in some gemeenten after a second versie),
    some on the convenant — never yet the PARTNER's corporatie, so it has something to sign."""
    te_tekenen = [
        o for g in b.gemeenten for o in g.overeenkomsten if o.status != Overeenkomst.Status.CONCEPT
    ]
    for o in te_tekenen:
        o.inhoud_hash = afspraken_services.bereken_hash(o)
    rijen = []
    for g in b.gemeenten:
        for o in g.overeenkomsten:
            if o.status == Overeenkomst.Status.CONCEPT:
                continue
            getekend = o.status == Overeenkomst.Status.ONDERTEKEND
            if getekend and g.rnd.random() < 0.2:  # a second versie: the first ones vervallen
                o.versie = 2
            tekenen_op = datetime.datetime(o.periode_start, 1, 20, 10, tzinfo=datetime.UTC)
            for n, (org, _rol) in enumerate(g.partijen[id(o)]):
                if not getekend:
                    if org is g.org["regiocorporatie"] or (n and g.rnd.random() < 0.5):
                        continue
                    tekenen_op = timezone.now() - datetime.timedelta(days=g.rnd.randint(1, 20))
                door = g.users["beleidsadviseur"] if n == 0 else g.melder[org.pk]
                rijen.append((o, org, door, tekenen_op, n))
    handtekeningen = []
    for o, org, door, tekenen_op, n in rijen:
        for versie in range(1, o.versie + 1):
            vervallen = versie < o.versie
            handtekeningen.append(
                Ondertekening(
                    overeenkomst=o,
                    organisatie=org,
                    ondertekend_door=door,
                    naam=door.get_full_name(),
                    functie=WETHOUDER if n == 0 else FUNCTIES[n % len(FUNCTIES)],
                    ondertekend_op=tekenen_op + datetime.timedelta(days=120 * (versie - 1)),
                    versie=versie,
                    inhoud_hash=(
                        afspraken_services.hash_inhoud({"eerdere versie": o.inhoud_hash})
                        if vervallen
                        else o.inhoud_hash
                    ),
                    vervallen=vervallen,
                )
            )
    Overeenkomst.objects.bulk_update(te_tekenen, ["inhoud_hash", "versie"], batch_size=BATCH)
    _maak(Ondertekening, handtekeningen)


# --- Phase 6: uitvoering -------------------------------------------------------------------------

S = Activiteit.Status
# What an activiteit is called: building work by its number and address, the rest by its wijk.
BOUWACTIES = ("bouw aan de", "ombouw van het complex aan de", "renovatie aan de", "transformatie")
ACTIES = {
    Domein.WONEN: ("Woonwensgesprekken", "Bemiddeling naar een passende woning", "Woonbeurs"),
    Domein.ZORG_WELZIJN: (
        "Inloopspreekuur wonen en zorg", "Wooncoach-spreekuur", "Buurtkamer",
        "Huisbezoeken 75-plussers", "Ontmoetingsmiddagen",
    ),
    Domein.FYSIEKE_OMGEVING: ("Rollatorroute", "Bankjesplan", "Schouw toegankelijkheid"),
}  # fmt: skip


def uitvoering(b: Bouw) -> None:
    for g in b.gemeenten:
        g.programma = Uitvoeringsprogramma(
            gemeente=g.gemeente,
            titel=f"Uitvoeringsprogramma wonen en zorg {g.naam} {b.jaar - 2}–{b.jaar + 2}",
            periode_start=b.jaar - 2,
            periode_eind=b.jaar + 2,
            programmaleider=g.users["programmaleider"],
            status=Uitvoeringsprogramma.Status.VASTGESTELD,
            toelichting="Wie doet wat, wanneer en met welk budget.",
        )
    _maak(Uitvoeringsprogramma, [g.programma for g in b.gemeenten])

    betrokkenen, meldingen = [], []
    for g in b.gemeenten:
        for afspraak, aantal in _verdeling(g, ACTIVITEITEN * g.schaal):
            g.activiteiten += _activiteiten(b, g, afspraak, aantal)
        for activiteit in g.activiteiten:
            pool = [org for org in g.organisaties() if org is not activiteit.trekker]
            betrokkenen += [(activiteit, org) for org in g.rnd.sample(pool, g.rnd.randint(0, 2))]
            meldingen += _voortgang(b, g, activiteit)
    _maak(Activiteit, [a for g in b.gemeenten for a in g.activiteiten])
    _koppel(Activiteit.betrokkenen.through, "activiteit", "organisatie", _ids(betrokkenen))
    nu = timezone.now()
    _copy(
        Voortgang,
        ("activiteit_id", "datum", "status", "gerealiseerd_aantal", "toelichting", "door_id",
         "gemeld_op"),
        (
            (a.pk, datum, status, aantal, toelichting, door.pk, nu)
            for a, datum, status, aantal, toelichting, door in meldingen
        ),
    )  # fmt: skip
    _copy(
        Begrotingspost,
        ("activiteit_id", "jaar", "bedrag", "financier_id", "omschrijving", "zekerheid",
         "besteed"),
        (post for g in b.gemeenten for a in g.activiteiten for post in _begroting(b, g, a)),
    )  # fmt: skip


def _verdeling(g: G, totaal: int) -> list[tuple[Afspraak, int]]:
    """How many activiteiten each afspraak gets. Afspraken that promise a result get them, bar
    one in ten (the ketencheck shows those); a few proces- and intentieafspraken get one too."""
    resultaat = [
        a for a in g.afspraken if a.type not in (T.PROCES, T.INTENTIE) and g.rnd.random() > 0.1
    ]
    overig = [a for a in g.afspraken if a.type in (T.PROCES, T.INTENTIE)]
    verdeling = defaultdict(int)
    for afspraak in resultaat:
        verdeling[id(afspraak)] += 1
    for afspraak in g.rnd.sample(overig, len(overig) // 3):
        verdeling[id(afspraak)] += 1
    # The rest mostly goes to the afspraken with a number to plan.
    met_aantal = [a for a in resultaat if a.aantal] or resultaat
    for _ in range(totaal - sum(verdeling.values())):
        verdeling[id(g.rnd.choice(met_aantal))] += 1
    per_id = {id(a): a for a in g.afspraken}
    return [(per_id[sleutel], n) for sleutel, n in verdeling.items()]


def _activiteiten(b: Bouw, g: G, afspraak: Afspraak, n: int) -> list[Activiteit]:
    rnd = g.rnd
    bouw = bool(afspraak.woonvorm and afspraak.woonvorm.code in BOUW_WOONVORMEN)
    # Plans cover the agreed number more or less: some short, some over, some exact.
    aantallen = [None] * n
    if afspraak.aantal:
        gepland = max(n, round(afspraak.aantal * rnd.choice((0.6, 0.9, 1.0, 1.0, 1.2))))
        grenzen = sorted(rnd.sample(range(1, gepland), n - 1)) if n > 1 else []
        aantallen = [b_ - a_ for a_, b_ in zip([0, *grenzen], [*grenzen, gepland], strict=True)]
    begin_programma = datetime.date(b.jaar - 2, 1, 1)
    eind_programma = datetime.date(b.jaar + 2, 12, 31)
    activiteiten = []
    for k in range(n):
        wijk = rnd.choice(g.wijken)
        straat = f"{rnd.choice(STRATEN)} {rnd.randint(1, 180)}"
        if bouw:
            woonvorm = afspraak.woonvorm.naam.lower()
            titel = f"{aantallen[k]} {woonvorm}: {rnd.choice(BOUWACTIES)} {straat}"
        else:
            titel = f"{rnd.choice(ACTIES[afspraak.domein])} {wijk.naam}"
        start = eind = None
        if rnd.random() > 0.03:  # a few have no planning yet
            start = begin_programma + datetime.timedelta(days=rnd.randint(0, 365 * 4 + 180))
            eind = min(eind_programma, start + datetime.timedelta(days=rnd.randint(90, 900)))
        trekker = afspraak.trekker if rnd.random() < 0.7 else rnd.choice(g.organisaties())
        if rnd.random() < 0.03:
            trekker = None
        activiteiten.append(
            Activiteit(
                programma=g.programma,
                afspraak=afspraak,
                titel=titel,
                omschrijving=f"Voert afspraak {afspraak.nummer} uit: {afspraak.titel}.",
                trekker=trekker,
                gebied=wijk if bouw else rnd.choice((wijk, rnd.choice(g.buurten), None)),
                locatie=straat if bouw else "",
                start=start,
                eind=eind,
                status=_status(rnd, start, eind, b.vandaag),
                woonvorm=afspraak.woonvorm if bouw else None,
                aantal=aantallen[k],
                bouwsoort=rnd.choice(Bouwsoort.values) if bouw and aantallen[k] else "",
            )
        )
    return activiteiten


def _status(rnd, start, eind, vandaag) -> str:
    if rnd.random() < 0.03:
        return S.GEANNULEERD
    if start is None or start > vandaag:
        return S.GEPLAND
    if eind < vandaag:  # past its end: mostly done, some late
        return rnd.choices((S.GEREED, S.IN_UITVOERING, S.VERTRAAGD), (75, 15, 10))[0]
    return rnd.choices((S.IN_UITVOERING, S.VERTRAAGD), (85, 15))[0]


TOELICHTING = {
    S.GEREED: "Opgeleverd.",
    S.VERTRAAGD: "Vertraagd: de vergunning laat op zich wachten.",
    S.GEANNULEERD: "Geannuleerd: de locatie is niet beschikbaar.",
}


def _voortgang(b: Bouw, g: G, a: Activiteit) -> list[tuple]:
    """One to three reports, the newest giving the activiteit's status; its realisation is
    that of the newest report with a number, as services.meld_voortgang keeps it."""
    rnd = g.rnd
    door = g.door(a.trekker)
    eerste = max(a.start or b.vandaag, datetime.date(b.jaar - 2, 1, 1))
    laatste = min(a.eind or b.vandaag, b.vandaag)
    if a.status == S.GEPLAND or laatste < eerste:  # not started (or cancelled before it did)
        datum = b.vandaag - datetime.timedelta(days=rnd.randint(1, 60))
        return [(a, datum, a.status, None, TOELICHTING.get(a.status, "Voorbereiding loopt."), door)]
    aantal = rnd.randint(1, 3)
    dagen = sorted(
        rnd.sample(range((laatste - eerste).days + 1), min(aantal, (laatste - eerste).days + 1))
    )
    meldingen = []
    for n, dag in enumerate(dagen):
        laatst = n == len(dagen) - 1
        status = a.status if laatst else S.IN_UITVOERING
        gerealiseerd = None
        if a.aantal:
            if status == S.GEREED:
                gerealiseerd = a.aantal if rnd.random() < 0.85 else max(1, a.aantal - 2)
            elif status != S.GEPLAND:
                gerealiseerd = round(a.aantal * (n + 1) / (len(dagen) + 1) * rnd.uniform(0.5, 1))
        toelichting = TOELICHTING.get(status, "Loopt volgens plan.")
        meldingen.append(
            (a, eerste + datetime.timedelta(days=dag), status, gerealiseerd, toelichting, door)
        )
    a.gerealiseerd_aantal = next((m[3] for m in reversed(meldingen) if m[3] is not None), None)
    return meldingen


def _begroting(b: Bouw, g: G, a: Activiteit):
    rnd = g.rnd
    jaren = range(b.jaar - 2, b.jaar + 3)
    if a.start:
        jaren = [j for j in jaren if a.start.year <= j <= a.eind.year] or [a.start.year]
    for jaar in rnd.sample(list(jaren), min(len(jaren), rnd.randint(1, 3))):
        bedrag = Decimal(rnd.randint(5, 400) * 2500)
        if a.aantal and a.woonvorm:
            bedrag = Decimal(a.aantal * rnd.randint(20, 90) * 1000)
        financier = rnd.choice((a.trekker, g.org["gemeente"], a.trekker, None)) or None
        zekerheid = rnd.choices(Begrotingspost.Zekerheid.values, (70, 30))[0]
        besteed = None
        if jaar < b.jaar and a.status != S.GEPLAND:
            besteed = (bedrag * Decimal(rnd.uniform(0.5, 1.05))).quantize(Decimal("0.01"))
        yield (
            a.pk,
            jaar,
            bedrag,
            financier.pk if financier else None,
            f"Bijdrage {financier.naam if financier else 'nog onbekend'} {jaar}",
            zekerheid,
            besteed,
        )


# --- Phase 7: borging ----------------------------------------------------------------------------

# (naam, eenheid, richting, nulmeting, streefwaarde in the last year)
ALGEMENE_INDICATOREN = (
    ("Percentage 75-plussers in een geschikte woning", "procent", Richting.HOGER, 45, 60),
    ("Gemiddelde wachttijd voor een sociale huurwoning", "maanden", Richting.LAGER, 60, 42),
    ("Percentage eenzame ouderen", "procent", Richting.LAGER, 48, 40),
    ("Verhuizingen van senioren met een wooncoach", "verhuizingen", Richting.HOGER, 0, 120),
    ("Bezettingsgraad van de ontmoetingsruimten", "procent", Richting.HOGER, 40, 75),
    ("Uitstromers uit beschermd wonen met een eigen woning", "personen", Richting.HOGER, 0, 60),
)


def borging(b: Bouw) -> None:
    indicatoren, plannen = [], []
    for g in b.gemeenten:
        for indicator, plan in _indicatoren(b, g, INDICATOREN * g.schaal):
            indicatoren.append(indicator)
            plannen.append((g, indicator, plan))
    _maak(Indicator, indicatoren)
    streef, metingen = [], []
    for g, indicator, (streefwaarden, kwaliteit, achter) in plannen:
        streef += [(indicator.pk, jaar, waarde) for jaar, waarde in streefwaarden]
        metingen += _metingen(b, g, indicator, streefwaarden, kwaliteit, achter)
    _copy(Streefwaarde, ("indicator_id", "jaar", "waarde"), streef)
    nu = timezone.now()
    _copy(
        Meting,
        ("indicator_id", "jaar", "kwartaal", "waarde", "bron", "toelichting", "ingevoerd_door_id",
         "ingevoerd_op"),
        (rij + (nu,) for rij in metingen),
    )  # fmt: skip
    evaluaties(b)


def _indicatoren(b: Bouw, g: G, aantal: int):
    """Indicatoren of afspraken and activiteiten; some afspraken stay unmeasured."""
    rnd = g.rnd
    met_aantal = [a for a in g.afspraken if a.aantal and a.type not in (T.PROCES, T.INTENTIE)]
    rnd.shuffle(met_aantal)
    gemeten = met_aantal[: max(1, round(len(met_aantal) * 0.8))]
    activiteiten = [a for a in g.activiteiten if a.aantal]
    for i in range(aantal):
        activiteit = None
        if i < len(gemeten) and i < aantal * 0.7:
            afspraak = gemeten[i]
        elif activiteiten and rnd.random() < 0.6:
            activiteit = rnd.choice(activiteiten)
            afspraak = activiteit.afspraak  # as Indicator.save() derives it
        else:
            afspraak = rnd.choice(gemeten or g.afspraken)
        eigenaar = (activiteit or afspraak).trekker or g.org["gemeente"]
        if activiteit is None and (i % 4 == 3 or not afspraak.aantal):
            naam, eenheid, richting, nul, doel = ALGEMENE_INDICATOREN[i % len(ALGEMENE_INDICATOREN)]
        else:
            bron = activiteit or afspraak
            naam = f"Gerealiseerd: {bron.titel}"[:200]
            eenheid = afspraak.eenheid or "aantal"
            richting, nul, doel = Richting.HOGER, 0, (bron.aantal or afspraak.aantal or 10)
        kwartaal = rnd.random() < 0.15
        jaren = (b.jaar - 4, b.jaar - 2, b.jaar, b.jaar + 2)
        streefwaarden = [
            (jaar, Decimal(nul + (doel - nul) * (n + 1) / len(jaren)).quantize(Decimal("0.01")))
            for n, jaar in enumerate(jaren)
        ]
        if rnd.random() < 0.05:  # nothing to steer by yet
            streefwaarden = []
        indicator = Indicator(
            gemeente=g.gemeente,
            naam=naam,
            eenheid=eenheid,
            afspraak=afspraak,
            activiteit=activiteit,
            eigenaar=eigenaar,
            frequentie=Frequentie.PER_KWARTAAL if kwartaal else Frequentie.JAARLIJKS,
            richting=richting,
            nulmeting=Decimal(nul),
            nulmeting_jaar=b.jaar - 6,
            gebied=activiteit.gebied if activiteit and activiteit.gebied in g.wijken else None,
            bron=f"Monitor wonen en zorg {g.naam}",
        )
        # How it goes: on track, a little behind, far behind; and sometimes the last meting
        # is missing.
        kwaliteit = rnd.choices((1.03, 0.94, 0.7), (50, 25, 25))[0]
        achter = rnd.random() < 0.12
        yield indicator, (streefwaarden, kwaliteit, achter)


def _metingen(b: Bouw, g: G, indicator: Indicator, streefwaarden, kwaliteit, achter):
    """Five years of metingen: yearly ones up to last year, quarterly ones up to last quarter."""
    verwacht = traject((indicator.nulmeting_jaar, indicator.nulmeting), streefwaarden)
    if indicator.frequentie == Frequentie.PER_KWARTAAL:
        laatste = (b.jaar, (b.vandaag.month - 1) // 3) if b.vandaag.month > 3 else (b.jaar - 1, 4)
        perioden = [
            (jaar, k)
            for jaar in range(b.jaar - 4, b.jaar + 1)
            for k in range(1, 5)
            if (jaar, k) <= laatste
        ]
    else:
        perioden = [(jaar, None) for jaar in range(b.jaar - 5, b.jaar)]
    if achter:
        perioden = perioden[:-1]
    door = g.door(indicator.eigenaar)
    for jaar, kwartaal in perioden:
        basis = verwachte_waarde(verwacht, jaar, kwartaal) if verwacht else None
        if basis is None:
            basis = indicator.nulmeting
        factor = kwaliteit if indicator.richting == Richting.HOGER else 2 - kwaliteit
        waarde = max(Decimal(0), basis * Decimal(factor * g.rnd.uniform(0.98, 1.02)))
        yield (
            indicator.pk,
            jaar,
            kwartaal,
            waarde.quantize(Decimal("0.01")),
            indicator.bron,
            "",
            door.pk,
        )


def evaluaties(b: Bouw) -> None:
    evaluaties_, koppelingen = [], []
    for g in b.gemeenten:
        for jaar in (b.jaar - 2, b.jaar - 1):
            evaluatie = Evaluatie(
                gemeente=g.gemeente,
                jaar=jaar,
                wat_gaat_goed="De corporaties leveren de geclusterde woningen op tijd op.",
                obstakels="De nieuwbouw loopt achter door stikstof en netcongestie.",
                bijsturing="De partners zoeken samen naar extra locaties.",
            )
            evaluaties_.append(evaluatie)
            koppelingen += [(evaluatie, a) for a in g.rnd.sample(g.afspraken, 3)]
    _maak(Evaluatie, evaluaties_)
    _koppel(Evaluatie.afspraken.through, "evaluatie", "afspraak", _ids(koppelingen))


# --- Counting ------------------------------------------------------------------------------------


def tellingen() -> dict[str, int]:
    """Rows per table of the six apps (whole tables: the bench has its database to itself)."""
    from django.apps import apps

    uitkomst = {}
    for label in ("woonzorg", "analyses", "visies", "prestatieafspraken", "uitvoering", "borging"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uitkomst[model._meta.db_table] = model._base_manager.count()
    return uitkomst
