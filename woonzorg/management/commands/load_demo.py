"""Load the handreiking's worked example "Gemeente A": geography, partners and demo users.

Idempotent: every object is keyed on its natural key (cbs_code, naam, email), so running it again
changes nothing except resetting the demo users' passwords.

Later phases add their part of the example without this core app importing them: every installed
app with a module `<app>.demo` that has a function `load(core: DemoCore) -> str` is called after
load_core(), in INSTALLED_APPS order (so a phase can build on the phases before it), in the same
transaction. `load` is idempotent too and returns a short Dutch line saying what it loaded.
"""

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.management.base import BaseCommand
from django.db import transaction

from woonzorg.models import Gebied, Gemeente, Organisatie, Regio, Rol, User

DEMO_PASSWORD = "woonzorg-demo-2026"
DEMO_URL = "http://127.0.0.1:8000/"

GM_A, GM_B = "GM9001", "GM9002"
GEMEENTEN = ((GM_A, "Gemeente A"), (GM_B, "Gemeente B"))
REGIO = "Regio A"

# (wijk code, wijk naam, (buurt naam, buurt naam)); buurt codes follow the wijk code.
WIJKEN = (
    ("WK900101", "Centrum", ("Binnenstad", "Stationsbuurt")),
    ("WK900102", "Wijk Y", ("Schildersbuurt", "Oude Weide")),
    ("WK900103", "Noord", ("Bloemenbuurt", "Noorderpark")),
    ("WK900104", "Zuid", ("Vogelbuurt", "Zuiderhof")),
    ("WK900201", "Centrum", ()),
    ("WK900202", "Buitenwijk", ()),
)
KERNEN = ((GM_A, "Dorp Oost"),)

S = Organisatie.Soort
ORGANISATIES = (
    ("Gemeente A", S.GEMEENTE, (GM_A,)),
    ("Gemeente B", S.GEMEENTE, (GM_B,)),
    ("Woningcorporatie X", S.WONINGCORPORATIE, (GM_A,)),
    ("Woningcorporatie Y", S.WONINGCORPORATIE, (GM_A, GM_B)),
    ("Welzijnsorganisatie A", S.WELZIJNSORGANISATIE, (GM_A,)),
    ("Zorgaanbieder A", S.ZORGAANBIEDER, (GM_A,)),
    ("Zorgkantoor Regio A", S.ZORGKANTOOR, (GM_A, GM_B)),
    ("Huurdersorganisatie A", S.HUURDERSORGANISATIE, (GM_A,)),
    ("Marktpartij Ontwikkeling", S.MARKTPARTIJ, (GM_A,)),
)

R = Rol.Soort
# (email, first name, last name, organisatie, ((gemeente, rol), ...))
USERS = (
    ("beleidsadviseur@gemeente-a.demo", "Sanne", "de Vries", "Gemeente A",
     ((GM_A, R.BELEIDSADVISEUR),)),
    ("programmaleider@gemeente-a.demo", "Martijn", "Bakker", "Gemeente A",
     ((GM_A, R.PROGRAMMALEIDER),)),
    ("lezer@gemeente-a.demo", "Ingrid", "Jansen", "Gemeente A", ((GM_A, R.LEZER),)),
    ("partner@woningcorporatie-x.demo", "Kees", "Visser", "Woningcorporatie X",
     ((GM_A, R.PARTNER),)),
    ("partner@woningcorporatie-y.demo", "Fatima", "El Amrani", "Woningcorporatie Y",
     ((GM_A, R.PARTNER), (GM_B, R.PARTNER))),
    ("partner@zorgkantoor.demo", "Pieter", "Smit", "Zorgkantoor Regio A", ((GM_A, R.PARTNER),)),
    ("beleidsadviseur@gemeente-b.demo", "Lotte", "Mulder", "Gemeente B",
     ((GM_B, R.BELEIDSADVISEUR),)),
)  # fmt: skip
BEHEERDER = ("beheerder@woonzorg.demo", "Ruud", "Hendriks")


@dataclass
class DemoCore:
    regio: Regio
    gemeenten: dict[str, Gemeente]  # by cbs_code
    gebieden: dict[str, Gebied]  # by cbs_code; a kern by its naam
    organisaties: dict[str, Organisatie]  # by naam
    users: dict[str, User] = field(default_factory=dict)  # by email

    @property
    def gemeente_a(self) -> Gemeente:
        return self.gemeenten[GM_A]


def _user(email, first_name, last_name, organisatie=None, superuser=False):
    user, _ = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "organisatie": organisatie,
            "is_active": True,
            "is_staff": superuser,
            "is_superuser": superuser,
        },
    )
    validate_password(DEMO_PASSWORD, user)
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def load_core() -> DemoCore:
    regio, _ = Regio.objects.get_or_create(naam=REGIO)
    gemeenten = {
        code: Gemeente.objects.update_or_create(
            cbs_code=code, defaults={"naam": naam, "regio": regio}
        )[0]
        for code, naam in GEMEENTEN
    }

    gebieden = {}
    for code, naam, buurten in WIJKEN:
        gemeente = gemeenten["GM" + code[2:6]]
        wijk, _ = Gebied.objects.update_or_create(
            cbs_code=code,
            defaults={"gemeente": gemeente, "naam": naam, "soort": Gebied.Soort.WIJK},
        )
        gebieden[code] = wijk
        for i, buurt_naam in enumerate(buurten, start=1):
            buurt_code = f"BU{code[2:]}{i:02d}"
            gebieden[buurt_code], _ = Gebied.objects.update_or_create(
                cbs_code=buurt_code,
                defaults={
                    "gemeente": gemeente,
                    "naam": buurt_naam,
                    "soort": Gebied.Soort.BUURT,
                    "parent": wijk,
                },
            )
    for code, naam in KERNEN:
        gebieden[naam], _ = Gebied.objects.get_or_create(
            gemeente=gemeenten[code], soort=Gebied.Soort.KERN, naam=naam
        )

    organisaties = {}
    for naam, soort, werkgebied in ORGANISATIES:
        org, _ = Organisatie.objects.update_or_create(naam=naam, defaults={"soort": soort})
        # add, not set: an organisatie may since have been invited into another gemeente
        org.werkgebied.add(*(gemeenten[code] for code in werkgebied))
        organisaties[naam] = org

    core = DemoCore(regio, gemeenten, gebieden, organisaties)
    for email, first_name, last_name, org, rollen in USERS:
        user = _user(email, first_name, last_name, organisaties[org])
        for code, soort in rollen:
            Rol.objects.update_or_create(
                user=user, gemeente=gemeenten[code], defaults={"soort": soort}
            )
        core.users[email] = user
    core.users[BEHEERDER[0]] = _user(*BEHEERDER, superuser=True)
    return core


def demo_loaders():
    """(label, load) for every installed app that ships a demo module, in INSTALLED_APPS order."""
    loaders = []
    for config in apps.get_app_configs():
        # Only packages have submodules; find_spec imports the package, not the demo module.
        if not hasattr(config.module, "__path__") or find_spec(f"{config.name}.demo") is None:
            continue
        load = getattr(import_module(f"{config.name}.demo"), "load", None)
        if callable(load):
            fase = getattr(config, "fase", None)
            loaders.append((str(fase.naam if fase else config.verbose_name), load))
    return loaders


class Command(BaseCommand):
    help = "Laadt het voorbeeld 'Gemeente A' uit de handreiking met demogebruikers (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            core = load_core()
            geladen = [(label, load(core)) for label, load in demo_loaders()]
        for label, samenvatting in geladen:
            self.stdout.write(f"{label}: {samenvatting}")
        self.print_logins(core)

    def print_logins(self, core: DemoCore):
        rows = [("E-mail", "Rol(len)", "Wachtwoord")]
        for email, user in core.users.items():
            rollen = ", ".join(
                f"{r.get_soort_display()} in {r.gemeente}"
                for r in user.rollen.select_related("gemeente")
            )
            rollen = rollen or "beheerder (superuser; stelt eerst tweestapsverificatie in)"
            rows.append((email, rollen, DEMO_PASSWORD))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(self.style.SUCCESS("Demo 'Gemeente A' geladen. Inloggen:"))
        for n, row in enumerate(rows):
            line = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            self.stdout.write(self.style.MIGRATE_HEADING(line) if n == 0 else line)
        self.stdout.write(self.style.SUCCESS(f"Open {DEMO_URL} (beheer: {DEMO_URL}beheer/)"))
