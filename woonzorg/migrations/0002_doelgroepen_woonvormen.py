"""Reference data: the doelgroepen and woonvormen the handreiking and the woonzorgvisies name."""

from django.db import migrations

DOELGROEPEN = [
    ("ouderen", "Ouderen", "Senioren, in het bijzonder 75-plussers met een (toekomstige) zorgvraag."),
    ("mensen-met-een-beperking", "Mensen met een beperking", "Lichamelijk, verstandelijk of zintuiglijk."),
    ("ggz", "Mensen met een psychische kwetsbaarheid", "Cliënten van de ggz die zelfstandig wonen."),
    ("beschermd-wonen", "Beschermd wonen", "Uitstroom uit en wonen in beschermd wonen."),
    ("maatschappelijke-opvang", "Maatschappelijke opvang", "Dak- en thuislozen en uitstroom uit de opvang."),
    ("uitstroom-jeugdzorg", "Uitstroom jeugdzorg", "Jongeren die de jeugdzorg verlaten."),
    ("statushouders", "Statushouders", "Vergunninghouders die de gemeente huisvest."),
    ("arbeidsmigranten", "Arbeidsmigranten", ""),
    ("studenten", "Studenten", ""),
    ("ex-gedetineerden", "Ex-gedetineerden", "Uitstroom uit detentie."),
    ("mantelzorgers", "Mantelzorgers", "Mantelzorgers en de mensen voor wie zij zorgen."),
    ("dementie", "Mensen met dementie", ""),
]

WOONVORMEN = [
    ("nultredenwoning", "Nultredenwoning", "Woning waarin keuken, woonkamer, slaapkamer en badkamer zonder trap bereikbaar zijn."),
    ("levensloopbestendige-woning", "Levensloopbestendige woning", "Geschikt of eenvoudig geschikt te maken voor bewoners met een zorgvraag."),
    ("geclusterde-woonvorm", "Geclusterde woonvorm", "Zelfstandige woningen bij elkaar met een ontmoetingsruimte, waar (op termijn) zorg kan worden geboden."),
    ("zorggeschikte-woning", "Zorggeschikte woning", "Woning waarin intensieve zorg aan huis geleverd kan worden (bijvoorbeeld via VPT)."),
    ("mantelzorgwoning", "Mantelzorgwoning", "Tijdelijke woonunit bij de woning van mantelzorger of zorgvrager."),
    ("verpleegzorgplek", "Verpleegzorgplek", "Intramurale plek in een verpleeghuis."),
    ("beschermd-wonenplek", "Beschermd-wonenplek", "Plek in een voorziening voor beschermd wonen."),
    ("opvangplek", "Opvangplek", "Plek in de maatschappelijke opvang of vrouwenopvang."),
    ("skaeve-huse", "Skaeve huse", "Prikkelarme woning voor mensen die elders niet kunnen wonen."),
    ("flexwoning", "Flexwoning", "Tijdelijke woning voor spoedzoekers."),
    ("studentenwoning", "Studentenwoning", ""),
    ("reguliere-woning", "Reguliere woning", "Woning zonder bijzondere geschiktheid."),
]


def load(apps, schema_editor):
    for model_name, rows in (("Doelgroep", DOELGROEPEN), ("Woonvorm", WOONVORMEN)):
        model = apps.get_model("woonzorg", model_name)
        for volgorde, (code, naam, omschrijving) in enumerate(rows, start=1):
            model.objects.update_or_create(
                code=code, defaults={"naam": naam, "omschrijving": omschrijving, "volgorde": volgorde}
            )


def unload(apps, schema_editor):
    for model_name, rows in (("Doelgroep", DOELGROEPEN), ("Woonvorm", WOONVORMEN)):
        apps.get_model("woonzorg", model_name).objects.filter(
            code__in=[code for code, _, _ in rows]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("woonzorg", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
