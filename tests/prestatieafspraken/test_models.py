"""The invariants of the prestatieafspraken models (full_clean), and who sees which rows
(`for_user`): gemeente staff and lezers all of their gemeente, a partner only the agreements its
organisatie is party to, with everything that belongs to them."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from prestatieafspraken.models import (
    Afspraak,
    Domein,
    Jaardoel,
    Jaarschijf,
    Ondertekening,
    Opgave,
    Overeenkomst,
    Partij,
)
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaardoelFactory,
    JaarschijfFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.visies.factories import AmbitieFactory, DoelstellingFactory, WoonzorgvisieFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overeenkomst(wereld):
    return OvereenkomstFactory(gemeente=wereld.gemeente)


def fouten(obj) -> dict:
    with pytest.raises(ValidationError) as fout:
        obj.full_clean()
    return fout.value.message_dict


# --- Overeenkomst ---------------------------------------------------------------------------------


def test_a_valid_overeenkomst(wereld):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    Overeenkomst(
        gemeente=wereld.gemeente, titel="Afspraken", periode_start=2022, periode_eind=2022,
        visie=visie,
    ).full_clean()  # fmt: skip


def test_the_periode_ends_after_it_starts(wereld):
    o = Overeenkomst(gemeente=wereld.gemeente, titel="t", periode_start=2025, periode_eind=2022)
    assert fouten(o) == {"periode_eind": ["Het eindjaar ligt voor het beginjaar."]}


def test_the_database_refuses_a_reversed_periode_too(wereld):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OvereenkomstFactory(gemeente=wereld.gemeente, periode_start=2025, periode_eind=2022)


def test_the_visie_is_one_of_the_gemeente(wereld):
    visie = WoonzorgvisieFactory(gemeente=wereld.andere_gemeente)
    o = Overeenkomst(
        gemeente=wereld.gemeente, titel="t", periode_start=2022, periode_eind=2025, visie=visie
    )
    assert fouten(o) == {"visie": ["Kies een visie van deze gemeente."]}


# --- Afspraak -------------------------------------------------------------------------------------


def afspraak(overeenkomst, **velden) -> Afspraak:
    return Afspraak(
        overeenkomst=overeenkomst,
        nummer="1.1",
        domein=Domein.WONEN,
        type=Afspraak.Type.HANDELING,
        titel="Geclusterde woonvormen",
        tekst="We zetten in op geclusterde woonvormen.",
        **velden,
    )


def test_a_valid_afspraak_of_the_worked_example(wereld, overeenkomst):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    afspraak(
        overeenkomst,
        opgave=Opgave.objects.get(naam__startswith="Woonvormen / geclusterde"),
        ambitie=ambitie,
        doelstelling=DoelstellingFactory(ambitie=ambitie),
        gebied=GebiedFactory(gemeente=wereld.gemeente),
        trekker=wereld.gemeente_organisatie,
        aantal=110,
        eenheid="wooneenheden",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
        deadline=datetime.date(2025, 12, 31),
    ).full_clean()


def test_the_ambitie_comes_from_a_visie_of_the_gemeente(wereld, overeenkomst):
    vreemd = AmbitieFactory(visie__gemeente=wereld.andere_gemeente)
    assert fouten(afspraak(overeenkomst, ambitie=vreemd)) == {
        "ambitie": ["Kies een ambitie uit een visie van deze gemeente."]
    }


def test_the_gebied_is_one_of_the_gemeente(wereld, overeenkomst):
    vreemd = GebiedFactory(gemeente=wereld.andere_gemeente)
    assert fouten(afspraak(overeenkomst, gebied=vreemd)) == {
        "gebied": ["Kies een gebied van deze gemeente."]
    }


def test_the_doelstelling_is_one_of_the_ambitie(wereld, overeenkomst):
    ambitie = AmbitieFactory(visie__gemeente=wereld.gemeente)
    andere = DoelstellingFactory(ambitie=AmbitieFactory(visie=ambitie.visie))
    assert fouten(afspraak(overeenkomst, ambitie=ambitie, doelstelling=andere)) == {
        "doelstelling": ["Kies een doelstelling van de gekozen ambitie."]
    }
    # nor without an ambitie
    assert "doelstelling" in fouten(afspraak(overeenkomst, doelstelling=andere))


def test_an_aantal_needs_an_eenheid(overeenkomst):
    assert fouten(afspraak(overeenkomst, aantal=110)) == {
        "eenheid": ["Geef de eenheid bij het aantal, bijvoorbeeld woningen."]
    }


def test_nieuwbouw_and_bestaande_bouw_do_not_exceed_the_aantal(overeenkomst):
    te_veel = afspraak(
        overeenkomst,
        aantal=110,
        eenheid="wooneenheden",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=31,
    )
    assert fouten(te_veel) == {
        "aantal_bestaande_bouw": [
            "Nieuwbouw en bestaande bouw samen (111) zijn meer dan het totaal (110)."
        ]
    }
    precies = afspraak(
        overeenkomst, aantal=110, eenheid="wooneenheden", aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
    )  # fmt: skip
    precies.full_clean()


def test_a_split_needs_a_total(overeenkomst):
    assert fouten(afspraak(overeenkomst, aantal_nieuwbouw=80)) == {
        "aantal": ["Geef het totale aantal, waarvan de nieuwbouw en bestaande bouw."]
    }


def test_the_opgave_is_of_the_afspraaks_domein(overeenkomst):
    zorg = Opgave.objects.get(naam="Vroegsignalering en preventie")
    assert fouten(afspraak(overeenkomst, opgave=zorg)) == {
        "opgave": ["Kies een opgave uit het domein Wonen."]
    }


def test_an_afspraak_nummer_is_unique_within_its_overeenkomst(overeenkomst):
    AfspraakFactory(overeenkomst=overeenkomst, nummer="1.1")
    assert fouten(afspraak(overeenkomst)) == {
        "__all__": ["Deze overeenkomst heeft al een afspraak met dit nummer."]
    }
    afspraak(OvereenkomstFactory(gemeente=overeenkomst.gemeente)).full_clean()


# --- Partij, Jaarschijf, Jaardoel -----------------------------------------------------------------


def test_a_partij_works_in_the_gemeente(wereld, overeenkomst):
    Partij(overeenkomst=overeenkomst, organisatie=wereld.corporatie).full_clean()
    partij = Partij(overeenkomst=overeenkomst, organisatie=wereld.andere_corporatie)
    assert fouten(partij) == {"organisatie": ["Kies een organisatie die in deze gemeente werkt."]}


def test_a_partij_is_party_once(wereld, overeenkomst):
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    partij = Partij(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    assert fouten(partij) == {"__all__": ["Deze organisatie is al partij bij de overeenkomst."]}


def test_a_jaarschijf_lies_within_the_periode(overeenkomst):
    Jaarschijf(overeenkomst=overeenkomst, jaar=2025).full_clean()
    assert fouten(Jaarschijf(overeenkomst=overeenkomst, jaar=2026)) == {
        "jaar": ["Kies een jaar binnen de periode van de overeenkomst."]
    }


def test_a_jaardoel_belongs_to_an_afspraak_of_the_same_overeenkomst(overeenkomst):
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst)
    Jaardoel(
        jaarschijf=jaarschijf, afspraak=AfspraakFactory(overeenkomst=overeenkomst)
    ).full_clean()
    vreemd = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=overeenkomst.gemeente))
    assert fouten(Jaardoel(jaarschijf=jaarschijf, afspraak=vreemd)) == {
        "__all__": ["Een jaardoel hoort bij een afspraak van dezelfde overeenkomst."]
    }


# --- Visibility -----------------------------------------------------------------------------------

MODELLEN = (Overeenkomst, Partij, Afspraak, Jaarschijf, Jaardoel, Ondertekening)


def vul(overeenkomst, organisatie):
    """One of each row for `overeenkomst`, with `organisatie` as its party."""
    partij = PartijFactory(overeenkomst=overeenkomst, organisatie=organisatie)
    afspraak = AfspraakFactory(overeenkomst=overeenkomst)
    jaarschijf = JaarschijfFactory(overeenkomst=overeenkomst)
    jaardoel = JaardoelFactory(jaarschijf=jaarschijf, afspraak=afspraak)
    ondertekening = OndertekeningFactory(overeenkomst=overeenkomst, organisatie=organisatie)
    return {
        Overeenkomst: overeenkomst,
        Partij: partij,
        Afspraak: afspraak,
        Jaarschijf: jaarschijf,
        Jaardoel: jaardoel,
        Ondertekening: ondertekening,
    }


@pytest.fixture
def rijen(wereld):
    """Per model: the row of an agreement the partner's corporatie is party to, one it is not
    party to (in the same gemeente), and one of Gemeente B."""
    anders = OrganisatieFactory(naam="Zorgaanbieder A", werkgebied=[wereld.gemeente])
    eigen = vul(OvereenkomstFactory(gemeente=wereld.gemeente), wereld.corporatie)
    # the corporatie as trekker or betrokkene is not the same as being party to it
    vreemd = vul(OvereenkomstFactory(gemeente=wereld.gemeente), anders)
    vreemd[Afspraak].trekker = wereld.corporatie
    vreemd[Afspraak].save()
    vreemd[Afspraak].betrokkenen.add(wereld.corporatie)
    in_b = vul(OvereenkomstFactory(gemeente=wereld.andere_gemeente), wereld.andere_corporatie)
    return {"eigen": eigen, "vreemd": vreemd, "in_b": in_b}


def zichtbaar(model, user):
    return set(model.objects.for_user(user))


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m.__name__)
@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "lezer"])
def test_staff_and_lezers_see_all_of_their_gemeente(wereld, rijen, model, wie):
    assert zichtbaar(model, wereld.user(wie)) == {rijen["eigen"][model], rijen["vreemd"][model]}


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m.__name__)
def test_a_partner_sees_only_what_its_organisatie_is_party_to(wereld, rijen, model):
    assert zichtbaar(model, wereld.partner) == {rijen["eigen"][model]}


def test_a_partner_sees_every_party_of_its_agreements(wereld, rijen):
    mede = PartijFactory(
        overeenkomst=rijen["eigen"][Overeenkomst],
        organisatie=OrganisatieFactory(werkgebied=[wereld.gemeente]),
    )
    assert zichtbaar(Partij, wereld.partner) == {rijen["eigen"][Partij], mede}
    # one row per agreement, however many parties it has
    assert Overeenkomst.objects.for_user(wereld.partner).count() == 1


def test_a_partner_sees_nothing_of_a_gemeente_where_it_has_no_role(wereld, rijen):
    # the corporatie also works in Gemeente B and is party there, but the partner has no role in B
    wereld.corporatie.werkgebied.add(wereld.andere_gemeente)
    in_b = vul(OvereenkomstFactory(gemeente=wereld.andere_gemeente), wereld.corporatie)
    assert in_b[Overeenkomst] not in zichtbaar(Overeenkomst, wereld.partner)


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m.__name__)
def test_another_gemeentes_users_see_nothing_of_it(wereld, rijen, model):
    assert zichtbaar(model, wereld.andere_beleidsadviseur) == {rijen["in_b"][model]}


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m.__name__)
def test_anonymous_sees_nothing(rijen, model):
    assert zichtbaar(model, AnonymousUser()) == set()


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m.__name__)
def test_the_beheerder_sees_everything(wereld, rijen, model):
    assert zichtbaar(model, wereld.beheerder) == {r[model] for r in rijen.values()}
