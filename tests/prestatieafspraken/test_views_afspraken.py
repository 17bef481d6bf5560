"""The afspraak pages through the client: the form (with the catalogue's prefill), the page of
one afspraak, and the list of all afspraken with its filters.

Who may open which page at all is the permission matrix (test_permissions.py); here: what the
pages show and do.
"""

import datetime
import re
import types

import pytest
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.filters import AfspraakFilter, Smart
from prestatieafspraken.models import (
    Afspraak,
    AfspraakType,
    Domein,
    Maatregel,
    Opgave,
    Overeenkomst,
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

Status = Overeenkomst.Status


def html(response):
    return response.content.decode()


def url(naam, gemeente, **kwargs):
    return reverse(f"prestatieafspraken:{naam}", kwargs={"gemeente": gemeente.cbs_code, **kwargs})


def volg(client, response):
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


@pytest.fixture
def w(wereld):
    """A concept the partner's corporatie is party to, with a visie, an ambitie with a
    doelstelling, and one afspraak; a second agreement the partner is not party to."""
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, titel="Woonzorgvisie A")
    ambitie = AmbitieFactory(visie=visie, titel="Meer geclusterde woonvormen")
    doelstelling = DoelstellingFactory(ambitie=ambitie, omschrijving="140 geclusterde woningen")
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Prestatieafspraken A", visie=visie
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    afspraak = AfspraakFactory(overeenkomst=overeenkomst, nummer="1.1", titel="Geclusterd wonen")
    vreemde = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Convenant zonder corporatie")
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=wereld.gemeente,
        visie=visie,
        ambitie=ambitie,
        doelstelling=doelstelling,
        overeenkomst=overeenkomst,
        afspraak=afspraak,
        vreemde=vreemde,
    )


def afspraak_data(**anders):
    return {
        "nummer": "1.2",
        "domein": Domein.WONEN,
        "type": AfspraakType.HANDELING,
        "titel": "110 geclusterde wooneenheden",
        "tekst": "Woningcorporatie X realiseert 110 geclusterde wooneenheden.",
        **anders,
    }


def ter_ondertekening(w):
    services.ter_ondertekening(w.overeenkomst, door=w.wereld.beleidsadviseur, mail=False)
    w.overeenkomst.refresh_from_db()
    return w.overeenkomst


# --- The form -------------------------------------------------------------------------------------


def test_the_form_suggests_the_next_number_and_explains_every_type(w, login):
    response = login(w.wereld.beleidsadviseur).get(
        url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk)
    )

    assert response.status_code == 200
    assert response.context["form"].initial["nummer"] == "1.2"
    inhoud = html(response)
    radios = re.findall(r'<input type="radio"[^>]*name="type"[^>]*>', inhoud)
    assert len(radios) == len(AfspraakType)
    # Each type with its uitleg and voorbeeld from Overzicht 2, readable without JavaScript.
    assert "Ruilen of handelen tussen partijen" in inhoud
    assert "Zorgaanbieder x draagt vastgoed over" in inhoud
    assert inhoud.count("Dit type hoeft niet SMART te zijn") == 2  # proces and intentie
    assert "Specifiek: een trekker" in inhoud and "Relevant: de ambitie" in inhoud
    assert 'type="date"' in inhoud


def test_the_choices_are_those_of_the_gemeente(w, login):
    AmbitieFactory(
        visie=WoonzorgvisieFactory(gemeente=w.wereld.andere_gemeente), titel="Ambitie van B"
    )
    AfspraakFactory(overeenkomst=w.vreemde, nummer="3.1", titel="Afspraak elders in A")
    AfspraakFactory(
        overeenkomst=OvereenkomstFactory(gemeente=w.wereld.andere_gemeente),
        titel="Afspraak van B",
    )
    GebiedFactory(gemeente=w.wereld.andere_gemeente, naam="Wijk van B")

    form = (
        login(w.wereld.beleidsadviseur)
        .get(url("afspraak_update", w.gemeente, pk=w.afspraak.pk))
        .context["form"]
    )

    def labels(veld):
        return str(form[veld])

    assert "Meer geclusterde woonvormen" in labels("ambitie")
    assert "Ambitie van B" not in labels("ambitie")
    assert "Woonzorgvisie A (versie 1, concept)" in labels("ambitie")  # grouped by visie
    assert "Woningcorporatie X" in labels("trekker")
    assert "Woningcorporatie Z" not in labels("trekker")
    assert "Woningcorporatie Z" not in labels("betrokkenen")
    assert "Wijk van B" not in labels("gebied")
    assert "Afspraak elders in A" in labels("verwijzingen")
    assert "Geclusterd wonen" not in labels("verwijzingen")  # not itself
    assert "Afspraak van B" not in labels("verwijzingen")
    assert "Zorg en welzijn" in labels("opgave")  # opgaven grouped by domein


def test_creating_an_afspraak_saves_it_with_its_links(w, login):
    andere = OrganisatieFactory(naam="Welzijn Z", werkgebied=[w.gemeente])
    client = login(w.wereld.beleidsadviseur)
    response = client.post(
        url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk),
        afspraak_data(
            trekker=w.wereld.corporatie.pk,
            betrokkenen=[andere.pk, w.wereld.gemeente_organisatie.pk],
            ambitie=w.ambitie.pk,
            doelstelling=w.doelstelling.pk,
            aantal="110",
            eenheid="wooneenheden",
            aantal_nieuwbouw="80",
            aantal_bestaande_bouw="30",
            deadline="2025-12-31",
            verwijzingen=[w.afspraak.pk],
        ),
    )

    afspraak = Afspraak.objects.get(nummer="1.2")
    assert response["Location"] == afspraak.get_absolute_url()
    assert afspraak.overeenkomst == w.overeenkomst
    assert set(afspraak.betrokkenen.all()) == {andere, w.wereld.gemeente_organisatie}
    assert list(afspraak.verwijzingen.all()) == [w.afspraak]
    assert (afspraak.aantal, afspraak.deadline) == (110, datetime.date(2025, 12, 31))
    assert services.smart_check(afspraak).smart
    assert "Afspraak 1.2 is toegevoegd." in html(volg(client, response))


@pytest.mark.parametrize(
    "anders,veld,melding",
    [
        ({"nummer": "1.1"}, "nummer", "Nummer 1.1 is al gebruikt in deze overeenkomst"),
        ({"aantal": "10"}, "eenheid", "Geef de eenheid bij het aantal"),
        (
            {
                "aantal": "10",
                "eenheid": "woningen",
                "aantal_nieuwbouw": "8",
                "aantal_bestaande_bouw": "5",
            },
            "aantal_bestaande_bouw",
            "Nieuwbouw en bestaande bouw samen (13) zijn meer dan het totaal (10).",
        ),
        ({"titel": ""}, "titel", "Dit veld is verplicht."),
        ({"type": ""}, "type", "Dit veld is verplicht."),
    ],
)
def test_an_afspraak_that_is_not_in_order_is_refused_in_dutch(w, login, anders, veld, melding):
    response = login(w.wereld.beleidsadviseur).post(
        url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk), afspraak_data(**anders)
    )
    assert response.status_code == 200
    assert veld in response.context["form"].errors
    assert melding in html(response)
    assert w.overeenkomst.afspraken.count() == 1


def test_the_opgave_must_match_the_domein_and_the_doelstelling_the_ambitie(w, login):
    zorg = Opgave.objects.filter(domein=Domein.ZORG_WELZIJN).first()
    andere_ambitie = AmbitieFactory(visie=w.visie, titel="Doorstroming")
    response = login(w.wereld.beleidsadviseur).post(
        url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk),
        afspraak_data(opgave=zorg.pk, ambitie=andere_ambitie.pk, doelstelling=w.doelstelling.pk),
    )
    fouten = response.context["form"].errors
    assert "Kies een opgave uit het domein Wonen." in fouten["opgave"]
    assert "Kies een doelstelling van de gekozen ambitie." in fouten["doelstelling"]
    assert w.overeenkomst.afspraken.count() == 1


def test_another_gemeentes_ambitie_is_refused(w, login):
    ambitie_b = AmbitieFactory(visie=WoonzorgvisieFactory(gemeente=w.wereld.andere_gemeente))
    response = login(w.wereld.beleidsadviseur).post(
        url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk),
        afspraak_data(ambitie=ambitie_b.pk),
    )
    assert "ambitie" in response.context["form"].errors
    assert w.overeenkomst.afspraken.count() == 1


def test_a_maatregel_from_the_catalogue_prefills_the_form(w, login):
    maatregel = Maatregel.objects.filter(opgave__domein=Domein.ZORG_WELZIJN).first()
    client = login(w.wereld.beleidsadviseur)
    adres = url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk) + f"?maatregel={maatregel.pk}"

    response = client.get(adres)

    initial = response.context["form"].initial
    assert (initial["domein"], initial["opgave"], initial["tekst"]) == (
        Domein.ZORG_WELZIJN,
        maatregel.opgave,
        maatregel.tekst,
    )
    assert initial["nummer"] == "2.1"  # the first of the zorg- en welzijnsdomein
    assert "Uit de catalogus:" in html(response) and maatregel.tekst in html(response)

    client.post(
        adres,
        afspraak_data(
            nummer="2.1",
            domein=Domein.ZORG_WELZIJN,
            opgave=maatregel.opgave.pk,
            titel=maatregel.tekst[:300],
            tekst=maatregel.tekst,
        ),
    )
    afspraak = Afspraak.objects.get(nummer="2.1")
    assert (afspraak.maatregel, afspraak.opgave) == (maatregel, maatregel.opgave)


def test_an_unknown_maatregel_is_ignored(w, login):
    response = login(w.wereld.beleidsadviseur).get(
        url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk) + "?maatregel=999999"
    )
    assert response.status_code == 200
    assert "Uit de catalogus:" not in html(response)


def test_adding_an_afspraak_to_an_agreement_out_for_signature_makes_a_new_versie(w, login):
    overeenkomst = ter_ondertekening(w)
    handtekening = OndertekeningFactory(
        overeenkomst=overeenkomst, organisatie=w.wereld.corporatie, versie=1
    )
    client = login(w.wereld.beleidsadviseur)
    formulier = html(client.get(url("afspraak_create", w.gemeente, pk=overeenkomst.pk)))

    response = client.post(
        url("afspraak_create", w.gemeente, pk=overeenkomst.pk),
        afspraak_data(betrokkenen=[w.wereld.corporatie.pk]),
    )

    overeenkomst.refresh_from_db()
    handtekening.refresh_from_db()
    assert 'id="nieuwe-versie-waarschuwing"' in formulier
    assert (overeenkomst.versie, overeenkomst.status) == (2, Status.TER_ONDERTEKENING)
    # The hash was taken after the M2M links were saved.
    assert overeenkomst.inhoud_hash == services.bereken_hash(overeenkomst)
    assert handtekening.vervallen
    assert "dit is nu versie 2" in html(volg(client, response))


def test_changing_an_afspraak_makes_a_new_versie_here_and_where_it_is_named(w, login):
    overeenkomst = ter_ondertekening(w)
    elders = OvereenkomstFactory(gemeente=w.gemeente, titel="Pact")
    PartijFactory(overeenkomst=elders, organisatie=w.wereld.corporatie)
    noemt = AfspraakFactory(overeenkomst=elders, nummer="1.1")
    noemt.verwijzingen.set([w.afspraak])
    services.ter_ondertekening(elders, door=w.wereld.beleidsadviseur, mail=False)
    client = login(w.wereld.beleidsadviseur)

    client.post(
        url("afspraak_update", w.gemeente, pk=w.afspraak.pk),
        afspraak_data(nummer="1.5", titel=w.afspraak.titel, tekst=w.afspraak.tekst),
    )

    overeenkomst.refresh_from_db()
    elders.refresh_from_db()
    w.afspraak.refresh_from_db()
    assert w.afspraak.nummer == "1.5"
    assert overeenkomst.versie == 2
    assert elders.versie == 2  # its text names "Prestatieafspraken A 1.5" now
    assert elders.inhoud_hash == services.bereken_hash(elders)


def test_changing_an_afspraak_of_a_concept_keeps_the_versie(w, login):
    client = login(w.wereld.beleidsadviseur)
    response = client.post(
        url("afspraak_update", w.gemeente, pk=w.afspraak.pk),
        afspraak_data(nummer="1.1", titel="Nieuwe titel", ambitie=w.ambitie.pk),
    )
    w.afspraak.refresh_from_db()
    w.overeenkomst.refresh_from_db()
    assert response["Location"] == w.afspraak.get_absolute_url()
    assert (w.afspraak.titel, w.afspraak.ambitie, w.overeenkomst.versie) == (
        "Nieuwe titel",
        w.ambitie,
        1,
    )


def test_deleting_an_afspraak_asks_first_and_makes_a_new_versie_when_out(w, login):
    overeenkomst = ter_ondertekening(w)
    AfspraakFactory(overeenkomst=overeenkomst, nummer="1.2")
    JaardoelFactory(
        jaarschijf=JaarschijfFactory(overeenkomst=overeenkomst, jaar=2023), afspraak=w.afspraak
    )
    services.registreer_wijziging(overeenkomst, door=w.wereld.beleidsadviseur, mail=False)
    overeenkomst.refresh_from_db()
    versie = overeenkomst.versie
    client = login(w.wereld.beleidsadviseur)

    vraag = html(client.get(url("afspraak_delete", w.gemeente, pk=w.afspraak.pk)))
    response = client.post(url("afspraak_delete", w.gemeente, pk=w.afspraak.pk))

    assert "Weet u zeker dat u afspraak 1.1" in vraag
    assert "De overeenkomst krijgt een nieuwe versie" in vraag
    assert response["Location"] == overeenkomst.get_absolute_url() + "#afspraken"
    assert not Afspraak.objects.filter(pk=w.afspraak.pk).exists()
    overeenkomst.refresh_from_db()
    assert overeenkomst.versie == versie + 1
    assert "is verwijderd" in html(volg(client, response))


def test_the_beheerder_may_add_afspraken(w, login):
    response = login(w.wereld.beheerder).post(
        url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk), afspraak_data()
    )
    assert response.status_code == 302
    assert w.overeenkomst.afspraken.filter(nummer="1.2").exists()


def test_lezer_and_partner_do_not_change_afspraken(w, login):
    for wie in ("lezer", "partner"):
        client = login(w.wereld.user(wie))
        create = url("afspraak_create", w.gemeente, pk=w.overeenkomst.pk)
        assert client.get(create).status_code == 403
        assert client.post(create, afspraak_data()).status_code == 403
        for naam in ("afspraak_update", "afspraak_delete"):
            assert client.post(url(naam, w.gemeente, pk=w.afspraak.pk)).status_code == 403
    assert Afspraak.objects.count() == 1


def test_an_ended_agreements_afspraken_cannot_be_changed(w, login):
    Overeenkomst.objects.filter(pk=w.overeenkomst.pk).update(status=Status.BEEINDIGD)
    response = login(w.wereld.beleidsadviseur).get(
        url("afspraak_update", w.gemeente, pk=w.afspraak.pk)
    )
    assert response.status_code == 403
    assert "Deze overeenkomst is beëindigd" in html(response)


# --- One afspraak as a page -----------------------------------------------------------------------


def test_the_afspraak_page_shows_everything(w, login):
    afspraak = AfspraakFactory(
        overeenkomst=w.overeenkomst,
        nummer="1.2",
        titel="Geclusterde wooneenheden",
        trekker=w.wereld.corporatie,
        ambitie=w.ambitie,
        doelstelling=w.doelstelling,
        aantal=110,
        eenheid="wooneenheden",
        aantal_nieuwbouw=80,
        aantal_bestaande_bouw=30,
        verwijzing="De regionale afspraken over verpleeghuiszorg",
    )
    afspraak.betrokkenen.set([w.wereld.gemeente_organisatie])
    afspraak.verwijzingen.set([w.afspraak])
    noemt = AfspraakFactory(overeenkomst=w.overeenkomst, nummer="2.1", titel="Voortbouwend")
    noemt.verwijzingen.set([afspraak])
    JaardoelFactory(
        jaarschijf=JaarschijfFactory(overeenkomst=w.overeenkomst, jaar=2024),
        afspraak=afspraak,
        aantal=40,
    )
    JaardoelFactory(
        jaarschijf=JaarschijfFactory(overeenkomst=w.overeenkomst, jaar=2023),
        afspraak=afspraak,
        aantal=20,
    )

    inhoud = html(login(w.wereld.partner).get(afspraak.get_absolute_url()))

    assert "Geclusterde wooneenheden" in inhoud
    assert "Nog niet SMART: er ontbreekt een deadline (tijdgebonden)." in inhoud
    assert f'href="{w.ambitie.get_absolute_url()}"' in inhoud
    assert f'href="{w.doelstelling.get_absolute_url()}"' in inhoud
    assert "110 wooneenheden" in inhoud and "waarvan nieuwbouw 80, in bestaande bouw 30" in inhoud
    assert "Gemeente A (organisatie)" in inhoud and "Woningcorporatie X" in inhoud
    verwijzingen = inhoud[inhoud.index('id="verwijzingen"') : inhoud.index('id="jaardoelen"')]
    genoemd = verwijzingen[verwijzingen.index("Wordt genoemd in") :]
    assert f'href="{w.afspraak.get_absolute_url()}"' in verwijzingen
    assert "De regionale afspraken over verpleeghuiszorg" in verwijzingen
    assert "2.1 Voortbouwend" in genoemd
    jaardoelen = inhoud[inhoud.index('id="jaardoelen"') :]
    assert jaardoelen.index(">2023<") < jaardoelen.index(">2024<")
    assert "20 wooneenheden" in jaardoelen and "40 wooneenheden" in jaardoelen
    # A partner reads, does not change.
    assert url("afspraak_update", w.gemeente, pk=afspraak.pk) not in inhoud


def test_a_referred_afspraak_the_partner_may_not_open_is_named_without_a_link(w, login):
    elders = AfspraakFactory(overeenkomst=w.vreemde, nummer="4.2", titel="Geheime titel")
    w.afspraak.verwijzingen.set([elders])
    noemt = AfspraakFactory(overeenkomst=w.vreemde, nummer="4.3", titel="Ook geheim")
    noemt.verwijzingen.set([w.afspraak])

    partner = html(login(w.wereld.partner).get(w.afspraak.get_absolute_url()))
    editor = html(login(w.wereld.beleidsadviseur).get(w.afspraak.get_absolute_url()))

    # As the signed text names it: the overeenkomst and the number.
    assert "Convenant zonder corporatie 4.2" in partner
    assert "Geheime titel" not in partner and elders.get_absolute_url() not in partner
    assert "Ook geheim" not in partner
    assert "Geheime titel" in editor and "Ook geheim" in editor


def test_a_smart_afspraak_says_so_and_an_exempt_one_says_it_need_not(w, login):
    smart = AfspraakFactory(overeenkomst=w.overeenkomst, nummer="1.3", smart=True)
    proces = AfspraakFactory(overeenkomst=w.overeenkomst, nummer="1.4", type=AfspraakType.PROCES)
    client = login(w.wereld.lezer)
    assert "SMART: met trekker, meetbaar doel, deadline en ambitie." in html(
        client.get(smart.get_absolute_url())
    )
    assert "hoeft niet SMART te zijn" in html(client.get(proces.get_absolute_url()))


def test_an_afspraak_elsewhere_is_not_found(w, login):
    elders = AfspraakFactory(overeenkomst=w.vreemde)
    assert login(w.wereld.partner).get(elders.get_absolute_url()).status_code == 404
    assert (
        login(w.wereld.andere_beleidsadviseur).get(w.afspraak.get_absolute_url()).status_code == 404
    )
    assert (
        login(w.wereld.andere_beleidsadviseur)
        .get(url("afspraak", w.wereld.andere_gemeente, pk=w.afspraak.pk))
        .status_code
        == 404
    )


# --- All afspraken --------------------------------------------------------------------------------


@pytest.fixture
def lijst(w):
    """Afspraken of all kinds over the two agreements of Gemeente A."""
    zorgaanbieder = OrganisatieFactory(naam="Zorg Q", werkgebied=[w.gemeente])
    afspraken = {
        "smart": AfspraakFactory(
            overeenkomst=w.overeenkomst,
            nummer="1.2",
            titel="Smart",
            smart=True,
            trekker=w.wereld.corporatie,
        ),
        "proces": AfspraakFactory(
            overeenkomst=w.overeenkomst, nummer="1.10", titel="Proces", type=AfspraakType.PROCES
        ),
        "zorg": AfspraakFactory(
            overeenkomst=w.vreemde,
            nummer="2.1",
            titel="Zorg",
            domein=Domein.ZORG_WELZIJN,
            trekker=zorgaanbieder,
        ),
        # Everything but a usable eenheid: not meetbaar.
        "spaties": AfspraakFactory(
            overeenkomst=w.vreemde,
            nummer="2.2",
            titel="Spaties",
            smart=True,
            eenheid="   ",
            trekker=zorgaanbieder,
        ),
    }
    return types.SimpleNamespace(zorgaanbieder=zorgaanbieder, **afspraken)


def titels(response):
    return re.findall(
        r'<th scope="row" class="fw-normal"><a href="[^"]*">([^<]*)</a>', html(response)
    )


def test_the_list_shows_the_afspraken_of_every_agreement(w, lijst, login):
    response = login(w.wereld.lezer).get(url("afspraken", w.gemeente))
    # Both agreements are 2022–2025: by title, then number order (1.2 before 1.10).
    assert titels(response) == ["Zorg", "Spaties", "Geclusterd wonen", "Smart", "Proces"]
    inhoud = html(response)
    assert "5 afspraken" in inhoud
    assert '<span class="badge text-bg-success">SMART</span>' in inhoud
    assert "SMART niet vereist" in inhoud


def test_the_partner_lists_only_its_own_agreements_afspraken(w, lijst, login):
    response = login(w.wereld.partner).get(url("afspraken", w.gemeente))
    assert titels(response) == ["Geclusterd wonen", "Smart", "Proces"]
    assert "Convenant zonder corporatie" not in html(response)  # not even as a filter choice


@pytest.mark.parametrize(
    "filter_,verwacht",
    [
        ({"domein": "zorg_welzijn"}, ["Zorg"]),
        ({"type": "proces"}, ["Proces"]),
        ({"smart": Smart.SMART}, ["Smart"]),
        ({"smart": Smart.NIET_VEREIST}, ["Proces"]),
        ({"smart": Smart.NOG_NIET}, ["Zorg", "Spaties", "Geclusterd wonen"]),
        (
            {"type": "handeling", "smart": Smart.NOG_NIET, "domein": "wonen"},
            ["Spaties", "Geclusterd wonen"],
        ),
    ],
)
def test_the_list_filters(w, lijst, login, filter_, verwacht):
    response = login(w.wereld.beleidsadviseur).get(url("afspraken", w.gemeente), filter_)
    assert titels(response) == verwacht


def test_the_list_filters_by_overeenkomst_and_trekker(w, lijst, login):
    client = login(w.wereld.beleidsadviseur)
    assert titels(client.get(url("afspraken", w.gemeente), {"overeenkomst": w.vreemde.pk})) == [
        "Zorg",
        "Spaties",
    ]
    assert titels(
        client.get(url("afspraken", w.gemeente), {"trekker": lijst.zorgaanbieder.pk})
    ) == [
        "Zorg",
        "Spaties",
    ]


def test_the_smart_filter_agrees_with_the_smart_check(w, lijst, wereld):
    basis = services.met_indicator(Afspraak.objects.all())
    for keuze in (Smart.SMART, Smart.NIET_VEREIST, Smart.NOG_NIET):
        filterset = AfspraakFilter(
            {"smart": keuze}, queryset=basis, user=wereld.beheerder, gemeente=wereld.gemeente
        )
        gevonden = set(filterset.qs)
        for afspraak in Afspraak.objects.all():
            check = services.smart_check(afspraak)
            badge = (
                Smart.SMART
                if check.smart
                else Smart.NIET_VEREIST
                if check.vrijgesteld
                else Smart.NOG_NIET
            )
            assert (afspraak in gevonden) == (badge == keuze), (afspraak, keuze)


def test_a_filter_that_matches_nothing_says_so(w, lijst, login):
    response = login(w.wereld.beleidsadviseur).get(
        url("afspraken", w.gemeente), {"type": "garantie"}
    )
    assert "Geen afspraken die aan deze filters voldoen." in html(response)
    foutief = login(w.wereld.beleidsadviseur).get(
        url("afspraken", w.gemeente), {"overeenkomst": "999999"}
    )
    assert "die keuze is genegeerd" in html(foutief)
    assert len(titels(foutief)) == 5


def test_the_empty_list_says_where_afspraken_come_from(wereld, login):
    inhoud = html(login(wereld.lezer).get(url("afspraken", wereld.gemeente)))
    assert "Er zijn nog geen afspraken die u kunt zien." in inhoud
    assert "<table" not in inhoud


def test_the_list_pages_by_fifty_and_keeps_the_filter(w, login):
    Afspraak.objects.bulk_create(
        Afspraak(
            overeenkomst=w.overeenkomst,
            nummer=f"2.{n}",
            domein=Domein.ZORG_WELZIJN,
            type=AfspraakType.HANDELING,
            titel=f"Zorg {n}",
            tekst="…",
        )
        for n in range(1, 56)
    )
    client = login(w.wereld.beleidsadviseur)

    eerste = client.get(url("afspraken", w.gemeente), {"domein": "zorg_welzijn"})
    tweede = client.get(url("afspraken", w.gemeente), {"domein": "zorg_welzijn", "page": "2"})

    assert titels(eerste)[:3] == ["Zorg 1", "Zorg 2", "Zorg 3"]  # 2.10 comes after 2.9
    assert titels(eerste)[9] == "Zorg 10"
    assert len(titels(eerste)) == 50
    assert "?domein=zorg_welzijn&amp;page=2" in html(eerste)
    assert titels(tweede) == [f"Zorg {n}" for n in range(51, 56)]
    assert "55 afspraken" in html(tweede)


def test_the_form_shows_the_smart_check_as_saved_even_after_a_refused_post(w, login):
    client = login(w.wereld.beleidsadviseur)
    adres = url("afspraak_update", w.gemeente, pk=w.afspraak.pk)

    opgeslagen = client.get(adres)
    geweigerd = client.post(
        adres, afspraak_data(nummer="1.1", titel="", trekker=w.wereld.corporatie.pk)
    )

    for response in (opgeslagen, geweigerd):
        smart = response.context["smart"]
        assert not smart.specifiek, "the posted trekker was not saved"
    assert 'id="smart-nu"' in html(opgeslagen)
