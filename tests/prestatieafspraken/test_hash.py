"""What a party signs: the canonical serialisation of an overeenkomst and its sha256.

The same text always gives the same hash, however it was entered; any change to what a reader of
the agreement sees gives another; jaarschijven are not part of the signed text."""

import datetime
import hashlib
import json

import pytest

from prestatieafspraken.models import Afspraak, Partij
from prestatieafspraken.services import bereken_hash, canoniek, inhoud, natuurlijk
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.woonzorg.factories import GemeenteFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    return GemeenteFactory(naam="Gemeente A", cbs_code="GM0001")


@pytest.fixture
def organisaties(gemeente):
    return [
        OrganisatieFactory(naam=naam, werkgebied=[gemeente])
        for naam in ("Gemeente A", "Woningcorporatie X", "Woningcorporatie Y", "Welzijn A")
    ]


def bouw(gemeente, organisaties, volgorde):
    """The worked example's overeenkomst, its parties and betrokkenen added in `volgorde`."""
    overeenkomst = OvereenkomstFactory(
        gemeente=gemeente, titel="Prestatieafspraken wonen, welzijn en zorg 2022–2025"
    )
    for index in volgorde:
        PartijFactory(overeenkomst=overeenkomst, organisatie=organisaties[index])
    geclusterd = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="1.1",
        titel="Ontwikkeling van geclusterde woonvormen",
        trekker=organisaties[0],
        aantal=110,
        eenheid="wooneenheden",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
        deadline=datetime.date(2025, 12, 31),
    )
    geclusterd.betrokkenen.add(*(organisaties[index] for index in volgorde if index != 0))
    ontmoeting = AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="2.1",
        domein="zorg_welzijn",
        titel="Activiteiten in de ontmoetingsruimten",
        trekker=organisaties[3],
    )
    ontmoeting.verwijzingen.add(geclusterd)
    return overeenkomst


@pytest.fixture
def overeenkomst(gemeente, organisaties):
    return bouw(gemeente, organisaties, [0, 1, 2, 3])


def test_the_hash_is_the_sha256_of_the_canonical_text(overeenkomst):
    tekst = canoniek(inhoud(overeenkomst))
    assert bereken_hash(overeenkomst) == hashlib.sha256(tekst.encode("utf-8")).hexdigest()
    assert len(bereken_hash(overeenkomst)) == 64


def test_the_same_content_gives_the_same_hash(overeenkomst):
    eerst = bereken_hash(overeenkomst)
    assert bereken_hash(overeenkomst) == eerst

    # Saving without a change: `gewijzigd` moves, the text does not.
    overeenkomst.save()
    for afspraak in overeenkomst.afspraken.all():
        afspraak.save()
    for partij in overeenkomst.partijen.all():
        partij.save()
    assert bereken_hash(overeenkomst) == eerst


def test_the_order_of_entry_does_not_matter(gemeente, organisaties, overeenkomst):
    andersom = bouw(gemeente, organisaties, [3, 2, 1, 0])
    assert inhoud(andersom) == inhoud(overeenkomst)
    assert bereken_hash(andersom) == bereken_hash(overeenkomst)

    # betrokkenen removed and added again in another order
    afspraak = overeenkomst.afspraken.get(nummer="1.1")
    betrokkenen = list(afspraak.betrokkenen.order_by("naam"))
    afspraak.betrokkenen.clear()
    afspraak.betrokkenen.add(*reversed(betrokkenen))
    assert bereken_hash(overeenkomst) == bereken_hash(andersom)


def test_the_versie_is_a_label_not_part_of_the_text(overeenkomst):
    eerst = bereken_hash(overeenkomst)
    overeenkomst.versie = 7
    overeenkomst.save()
    assert bereken_hash(overeenkomst) == eerst


def afspraak_11(o) -> Afspraak:
    return o.afspraken.get(nummer="1.1")


def wijzig(o, **velden):
    Afspraak.objects.filter(pk=afspraak_11(o).pk).update(**velden)


WIJZIGINGEN = {
    "tekst": lambda o, orgs: wijzig(o, tekst="We zetten in op meer geclusterde woonvormen."),
    "titel": lambda o, orgs: wijzig(o, titel="Geclusterde woonvormen"),
    "aantal": lambda o, orgs: wijzig(o, aantal=111),
    "eenheid": lambda o, orgs: wijzig(o, eenheid="woningen"),
    "nieuwbouw": lambda o, orgs: wijzig(o, aantal_nieuwbouw=70),
    "deadline": lambda o, orgs: wijzig(o, deadline=datetime.date(2026, 1, 1)),
    "geen-deadline": lambda o, orgs: wijzig(o, deadline=None),
    "trekker": lambda o, orgs: wijzig(o, trekker=orgs[1]),
    "type": lambda o, orgs: wijzig(o, type="garantie"),
    "nummer": lambda o, orgs: wijzig(o, nummer="1.2"),
    "betrokkene-erbij": lambda o, orgs: afspraak_11(o).betrokkenen.add(orgs[0]),
    "betrokkene-eraf": lambda o, orgs: afspraak_11(o).betrokkenen.remove(orgs[1]),
    "verwijzing-eraf": lambda o, orgs: o.afspraken.get(nummer="2.1").verwijzingen.clear(),
    "afspraak-erbij": lambda o, orgs: AfspraakFactory(overeenkomst=o, nummer="1.2"),
    "afspraak-eraf": lambda o, orgs: o.afspraken.get(nummer="2.1").delete(),
    "partij-erbij": lambda o, orgs: PartijFactory(
        overeenkomst=o, organisatie=OrganisatieFactory(werkgebied=[o.gemeente])
    ),
    "partij-eraf": lambda o, orgs: o.partijen.get(organisatie=orgs[2]).delete(),
    "rol": lambda o, orgs: o.partijen.filter(organisatie=orgs[3]).update(
        rol=Partij.Rol.MEDEONDERTEKENAAR
    ),
    "overeenkomst-titel": lambda o, orgs: (
        type(o).objects.filter(pk=o.pk).update(titel="Prestatieafspraken 2022–2026")
    ),
    "toelichting": lambda o, orgs: type(o).objects.filter(pk=o.pk).update(toelichting="Zie ook"),
    "periode": lambda o, orgs: type(o).objects.filter(pk=o.pk).update(periode_eind=2026),
    "organisatie-hernoemd": lambda o, orgs: (
        type(orgs[1]).objects.filter(pk=orgs[1].pk).update(naam="Woningcorporatie X-Y")
    ),
}


@pytest.mark.parametrize("wijziging", WIJZIGINGEN)
def test_any_change_of_the_text_gives_another_hash(overeenkomst, organisaties, wijziging):
    eerst = bereken_hash(overeenkomst)
    WIJZIGINGEN[wijziging](overeenkomst, organisaties)
    assert bereken_hash(overeenkomst) != eerst


def test_the_ambitie_a_reader_sees_is_part_of_the_text(overeenkomst):
    from tests.visies.factories import AmbitieFactory

    ambitie = AmbitieFactory(visie__gemeente=overeenkomst.gemeente, titel="Meer geclusterd")
    eerst = bereken_hash(overeenkomst)
    wijzig(overeenkomst, ambitie=ambitie)
    gekoppeld = bereken_hash(overeenkomst)
    assert gekoppeld != eerst
    type(ambitie).objects.filter(pk=ambitie.pk).update(titel="Veel meer geclusterd")
    assert bereken_hash(overeenkomst) != gekoppeld


def test_jaarschijven_and_jaardoelen_are_not_signed(overeenkomst):
    eerst = bereken_hash(overeenkomst)
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst, jaar=2024, toelichting="Start")
    doel = JaardoelFactory(jaarschijf=jaarschijf, afspraak=afspraak_11(overeenkomst), aantal=60)
    assert bereken_hash(overeenkomst) == eerst

    doel.aantal, doel.tekst = 50, "De marktpartij bouwt 50 woningen."
    doel.save()
    jaarschijf.toelichting = "Een nieuwe regeling"
    jaarschijf.save()
    JaarschijfFactory(overeenkomst=overeenkomst, jaar=2025)
    assert bereken_hash(overeenkomst) == eerst
    jaarschijf.delete()
    assert bereken_hash(overeenkomst) == eerst


def test_canoniek_is_sorted_compact_json_with_real_characters():
    data = {"titel": "beëindigd", "aantal": 110, "a": {"z": None, "b": [2, 1]}}
    assert canoniek(data) == '{"a":{"b":[2,1],"z":null},"aantal":110,"titel":"beëindigd"}'
    assert canoniek(dict(reversed(list(data.items())))) == canoniek(data)


def test_the_canonical_text_of_an_overeenkomst(overeenkomst):
    type(overeenkomst).objects.filter(pk=overeenkomst.pk).update(titel="Afspraken beëindigen")
    tekst = canoniek(inhoud(overeenkomst))
    assert "beëindigen" in tekst
    assert "\\u00eb" not in tekst
    assert json.loads(tekst) == inhoud(overeenkomst)
    assert tekst == json.dumps(json.loads(tekst), sort_keys=True, ensure_ascii=False,
                               separators=(",", ":"))  # fmt: skip
    assert canoniek(inhoud(overeenkomst)) == tekst

    data = json.loads(tekst)
    assert data["overeenkomst"]["titel"] == "Afspraken beëindigen"
    assert data["overeenkomst"]["gemeente"] == "GM0001"
    assert [p["organisatie"] for p in data["partijen"]] == sorted(
        p["organisatie"] for p in data["partijen"]
    )
    geclusterd = data["afspraken"][0]
    assert geclusterd["betrokkenen"] == ["Welzijn A", "Woningcorporatie X", "Woningcorporatie Y"]
    assert (geclusterd["aantal"], geclusterd["deadline"]) == (110, "2025-12-31")
    assert data["afspraken"][1]["verwijzingen"] == ["1.1"]


def test_natuurlijk_sorts_2_10_after_2_9():
    assert natuurlijk("2.10") > natuurlijk("2.9")
    nummers = ["2.10", "10.1", "2.9", "1.1", "2.1"]
    assert sorted(nummers, key=natuurlijk) == ["1.1", "2.1", "2.9", "2.10", "10.1"]
    assert sorted(nummers) != sorted(nummers, key=natuurlijk)


def test_the_afspraken_are_signed_in_natural_order(overeenkomst):
    for nummer in ("2.10", "2.9", "2.2"):
        AfspraakFactory(overeenkomst=overeenkomst, nummer=nummer, domein="zorg_welzijn")
    assert [a["nummer"] for a in inhoud(overeenkomst)["afspraken"]] == [
        "1.1",
        "2.1",
        "2.2",
        "2.9",
        "2.10",
    ]
