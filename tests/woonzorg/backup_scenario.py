"""The demo's side of the back-up round trip in test_backup.py, run in a subprocess against the
database in DATABASE_URL and the folder in MEDIA_ROOT:

    python -m tests.woonzorg.backup_scenario prepare    migrate and load the demo
    python -m tests.woonzorg.backup_scenario mutate     lose data the back-up must bring back
    python -m tests.woonzorg.backup_scenario snapshot   nothing

Each step then prints, as JSON, what a restore must bring back exactly.
"""

import hashlib
import json
import os
import sys
from io import StringIO
from pathlib import Path

import django

CHANGED_FILE = "na-de-back-up.txt"
NEW_REGIO = "Regio na de back-up"
COUNTED = (
    "woonzorg.User",
    "woonzorg.Regio",
    "woonzorg.Gemeente",
    "woonzorg.Gebied",
    "woonzorg.Organisatie",
    "woonzorg.Rol",
    "analyses.Woonzorganalyse",
    "analyses.Bevolkingscijfer",
    "visies.Woonzorgvisie",
    "visies.Ambitie",
    "prestatieafspraken.Overeenkomst",
    "prestatieafspraken.Afspraak",
    "prestatieafspraken.Partij",
    "prestatieafspraken.Ondertekening",
    "uitvoering.Uitvoeringsprogramma",
    "uitvoering.Activiteit",
    "borging.Indicator",
    "borging.Meting",
    "borging.Jaarschijfrapport",
)


def prepare():
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    # Fast hashing, as in the rest of the suite (tests/conftest.py): eight demo passwords with
    # the real hasher take seconds, and the back-up only copies the hashes.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", stdout=StringIO())


def mutate():
    from django.conf import settings
    from django.db import connection

    from borging.models import Indicator
    from prestatieafspraken.models import Ondertekening, Overeenkomst
    from uitvoering.models import Uitvoeringsprogramma
    from woonzorg.models import Gemeente, Regio

    # In the order the PROTECTed foreign keys allow. Signatures cannot be deleted through the
    # ORM (nor their overeenkomst): the lost database this simulates loses them in SQL.

    Indicator.objects.all().delete()
    Uitvoeringsprogramma.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Ondertekening._meta.db_table}")
    Overeenkomst.objects.all().delete()
    Gemeente.objects.filter(cbs_code="GM9001").update(naam="Gemeente A (gewijzigd)")
    Regio.objects.create(naam=NEW_REGIO)
    media = Path(settings.MEDIA_ROOT)
    for pdf in media.rglob("*.pdf"):
        pdf.unlink()
    (media / CHANGED_FILE).write_text("Geschreven na de back-up.\n")


def snapshot() -> dict:
    from django.apps import apps
    from django.conf import settings

    from prestatieafspraken import demo as afspraken_demo
    from prestatieafspraken.models import Overeenkomst
    from woonzorg.models import Gemeente, User

    overeenkomst = (
        Overeenkomst.objects.filter(titel=afspraken_demo.TITEL).prefetch_related("ondertekeningen")
    ).first()
    media = Path(settings.MEDIA_ROOT)
    return {
        "counts": {label: apps.get_model(label).objects.count() for label in COUNTED},
        "gemeente_a": Gemeente.objects.get(cbs_code="GM9001").naam,
        "password": User.objects.get(email="beleidsadviseur@gemeente-a.demo").password,
        "overeenkomst": overeenkomst
        and {
            "pk": overeenkomst.pk,
            "status": overeenkomst.status,
            "versie": overeenkomst.versie,
            "inhoud_hash": overeenkomst.inhoud_hash,
            "ondertekeningen": [
                {
                    "organisatie": str(o.organisatie),
                    "naam": o.naam,
                    "versie": o.versie,
                    "inhoud_hash": o.inhoud_hash,
                    "ondertekend_op": o.ondertekend_op.isoformat(),
                }
                for o in overeenkomst.ondertekeningen.order_by("pk")
            ],
        },
        "rapporten": sorted(
            r.bestand.name for r in apps.get_model("borging.Jaarschijfrapport").objects.all()
        ),
        "media": {
            str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(media.rglob("*"))
            if path.is_file()
        },
    }


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "woonzorg.settings")
    django.setup()
    {"prepare": prepare, "mutate": mutate, "snapshot": lambda: None}[sys.argv[1]]()
    print(json.dumps(snapshot()))
