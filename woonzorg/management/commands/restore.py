"""Restore a back-up made by `manage.py backup` into the configured database and MEDIA_ROOT.

    manage.py restore backups/woonzorg-20261204-153000.dump [--ja]

Asks first unless --ja (or --noinput) is given; checks the whole back-up before that.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from woonzorg import backup

JA = {"j", "ja", "y", "yes"}


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a str, not a lazy translation
        return _("Zet een back-up terug: overschrijft de database en de bestanden (MEDIA_ROOT).")

    def add_arguments(self, parser):
        parser.add_argument(
            "bestand",
            help=_(
                "Het databasebestand van de back-up (.dump of .sqlite3); het "
                "bestand -media.tar.gz moet ernaast staan."
            ),
        )
        parser.add_argument(
            "--ja",
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help=_("Niet om bevestiging vragen."),
        )

    def handle(self, *args, bestand, interactive, **options):
        gevonden = backup.open_backup(bestand)
        if interactive and not self.bevestigd(gevonden):
            raise CommandError(_("Afgebroken: er is niets teruggezet."))
        # No connection of this process may hold the database while it is replaced.
        connections.close_all()
        try:
            backup.restore_backup(gevonden)
        except OSError as fout:  # e.g. a MEDIA_ROOT this user may not write in
            raise CommandError(_("Terugzetten is mislukt: %(fout)s") % {"fout": fout}) from fout
        self.stdout.write(
            self.style.SUCCESS(
                _("Back-up %(pad)s teruggezet in %(database)s en %(media)s.")
                % {
                    "pad": gevonden.database.name,
                    "database": backup.database_label(settings.DATABASES["default"]),
                    "media": settings.MEDIA_ROOT,
                }
            )
        )
        self.stdout.write(
            _(
                "Is de back-up van een oudere versie van Woonzorg, draai dan: python manage.py "
                "migrate"
            )
        )

    def bevestigd(self, gevonden: backup.Backup) -> bool:
        vraag = _(
            "Dit overschrijft %(database)s en alle bestanden in %(media)s met de back-up "
            "%(pad)s. Wat sinds de back-up is veranderd, gaat verloren. Doorgaan? [j/N] "
        ) % {
            "database": backup.database_label(settings.DATABASES["default"]),
            "media": settings.MEDIA_ROOT,
            "pad": gevonden.database.name,
        }
        try:
            antwoord = input(vraag)
        except EOFError:  # no terminal to answer from: not a yes
            self.stdout.write("")
            antwoord = ""
        return antwoord.strip().lower() in JA
