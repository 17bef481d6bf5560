"""Write one back-up: the database and MEDIA_ROOT, side by side (see woonzorg/backup.py).

    manage.py backup [--map backups/]

Prints the two files it wrote; the folder is created (owner only) when it does not exist.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from woonzorg import backup


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a str, not a lazy translation
        return _("Maakt een back-up van de database en de bestanden (MEDIA_ROOT).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--map",
            dest="folder",
            default="backups",
            help=_("Map waarin de back-up komt (standaard: backups/ in de huidige map)."),
        )

    def handle(self, *args, folder, **options):
        try:
            gemaakt = backup.make_backup(Path(folder))
        except OSError as fout:  # e.g. a folder this user may not write in
            raise CommandError(_("De back-up is mislukt: %(fout)s") % {"fout": fout}) from fout
        self.stdout.write(
            self.style.SUCCESS(
                _("Back-up gemaakt in %(map)s:") % {"map": gemaakt.database.parent.resolve()}
            )
        )
        for wat, pad in (
            (_("database (%(soort)s)") % {"soort": gemaakt.kind}, gemaakt.database),
            (_("bestanden (MEDIA_ROOT)"), gemaakt.media),
        ):
            grootte = filesizeformat(pad.stat().st_size)
            self.stdout.write(f"  {wat}: {pad.name} ({grootte})")
        self.stdout.write(
            _("Terugzetten: python manage.py restore %(pad)s") % {"pad": gemaakt.database}
        )
        self.stdout.write(
            _(
                "De back-up bevat persoonsgegevens en wachtwoordhashes. Kopieer hem naar een "
                "veilige plek buiten deze machine."
            )
        )
