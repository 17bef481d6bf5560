"""Import population and supply figures from a CBS file or the Woonzorg-sjabloon.

    manage.py import_cijfers GM9001 kwb-2023.csv --jaar 2023 --bron "CBS 85618NED" [--dry-run]

Prints the plan; an invalid file stops with every error and writes nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from analyses.importers import ImportPlan, importeer, lees_cijfers
from woonzorg.models import Gemeente


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a str, not a lazy translation
        return _(
            "Importeer cijfers (CBS Kerncijfers wijken en buurten, StatLine-export of het "
            "Woonzorg-sjabloon) voor een gemeente."
        )

    def add_arguments(self, parser):
        parser.add_argument("gemeente", help=_("CBS-code van de gemeente, bijvoorbeeld GM0344."))
        parser.add_argument("bestand", help=_("Pad naar het .csv- of .xlsx-bestand."))
        parser.add_argument(
            "--jaar", type=int, help=_("Jaar van de cijfers; verplicht voor CBS-bestanden.")
        )
        parser.add_argument("--bron", default="", help=_("Bron die bij elk cijfer wordt bewaard."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Alleen controleren en het plan tonen; niets opslaan."),
        )

    def handle(self, *args, gemeente, bestand, jaar, bron, dry_run, **options):
        try:
            gemeente = Gemeente.objects.get(cbs_code=gemeente.upper())
        except Gemeente.DoesNotExist as fout:
            raise CommandError(_("Gemeente %(code)s bestaat niet.") % {"code": gemeente}) from fout
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(_("Bestand %(pad)s bestaat niet.") % {"pad": pad})

        actie = lees_cijfers if dry_run else importeer
        with pad.open("rb") as invoer:
            plan = actie(invoer, pad.name, gemeente=gemeente, jaar=jaar, bron=bron)
        if not plan.geldig:
            raise CommandError(
                "\n".join(
                    [_("%(bestand)s is niet geïmporteerd:") % {"bestand": pad.name}]
                    + [f"  {fout}" for fout in plan.fouten]
                )
            )
        self.stdout.write("\n".join(self.beschrijf(plan, gemeente)))
        if dry_run:
            self.stdout.write(_("Proefrun: er is niets opgeslagen."))
        else:
            self.stdout.write(self.style.SUCCESS(_("De cijfers zijn geïmporteerd.")))

    @staticmethod
    def beschrijf(plan: ImportPlan, gemeente) -> list[str]:
        regels = [
            _("Bestand: %(bestand)s (%(indeling)s)")
            % {"bestand": plan.bestandsnaam, "indeling": plan.indeling},
            _("Gemeente: %(gemeente)s (%(code)s)")
            % {"gemeente": gemeente, "code": gemeente.cbs_code},
            _("Nieuwe gebieden: %(aantal)s") % {"aantal": len(plan.nieuwe_gebieden)},
        ]
        regels += [f"  {gebied}" for gebied in plan.nieuwe_gebieden]
        regels.append(
            _(
                "Cijfers: %(nieuw)s nieuw, %(gewijzigd)s gewijzigd, %(ongewijzigd)s ongewijzigd, "
                "%(overgeslagen)s overgeslagen."
            )
            % {
                "nieuw": plan.nieuw,
                "gewijzigd": plan.gewijzigd,
                "ongewijzigd": plan.ongewijzigd,
                "overgeslagen": plan.overgeslagen,
            }
        )
        return regels
