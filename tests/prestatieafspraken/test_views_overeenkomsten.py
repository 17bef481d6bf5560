"""The overeenkomst pages through the client: the phase page, the form, the partijen, the
agreement as a page and its status pages.

Who may open which page at all is the permission matrix (test_permissions.py); here: what the
pages show and do, including the refusals they explain in Dutch.
"""

import re
import types

import pytest
from django.core import mail
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import Domein, Ondertekening, Overeenkomst, Partij
from tests.prestatieafspraken.factories import (
    AfspraakFactory,
    JaarschijfFactory,
    OndertekeningFactory,
    OvereenkomstFactory,
    PartijFactory,
)
from tests.visies.factories import AmbitieFactory, WoonzorgvisieFactory
from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
from woonzorg.models import Organisatie, Rol

Status = Overeenkomst.Status


def html(response):
    return response.content.decode()


def url(naam, gemeente, **kwargs):
    return reverse(f"prestatieafspraken:{naam}", kwargs={"gemeente": gemeente.cbs_code, **kwargs})


def berichten(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def volg(client, response):
    """Follow a redirect and return the page with its messages."""
    assert response.status_code == 302, response.status_code
    return client.get(response["Location"])


@pytest.fixture
def w(wereld):
    """Gemeente A's visie and a concept with two parties (the corporatie and a zorgaanbieder,
    nobody of which has an account) and two afspraken; one the partner is not party to."""
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, titel="Woonzorgvisie A")
    overeenkomst = OvereenkomstFactory(
        gemeente=wereld.gemeente, titel="Prestatieafspraken A 2022–2025", visie=visie
    )
    zorgaanbieder = OrganisatieFactory(
        naam="Zorgaanbieder Y",
        soort=Organisatie.Soort.ZORGAANBIEDER,
        werkgebied=[wereld.gemeente],
    )
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    PartijFactory(
        overeenkomst=overeenkomst, organisatie=zorgaanbieder, rol=Partij.Rol.MEDEONDERTEKENAAR
    )
    AfspraakFactory(overeenkomst=overeenkomst, nummer="1.1", titel="Geclusterd wonen")
    AfspraakFactory(
        overeenkomst=overeenkomst,
        nummer="2.1",
        domein=Domein.ZORG_WELZIJN,
        titel="Ontmoeting in de wijk",
    )
    vreemde = OvereenkomstFactory(
        gemeente=wereld.gemeente,
        titel="Convenant zonder corporatie",
        soort=Overeenkomst.Soort.CONVENANT,
        periode_start=2024,
        periode_eind=2027,
    )
    PartijFactory(overeenkomst=vreemde, organisatie=zorgaanbieder)
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=wereld.gemeente,
        visie=visie,
        overeenkomst=overeenkomst,
        zorgaanbieder=zorgaanbieder,
        vreemde=vreemde,
        in_b=OvereenkomstFactory(gemeente=wereld.andere_gemeente, titel="Afspraken van B"),
    )


def ter_ondertekening(w):
    """Put w.overeenkomst out for signature without e-mail, as the service does it."""
    services.ter_ondertekening(w.overeenkomst, door=w.wereld.beleidsadviseur, mail=False)
    w.overeenkomst.refresh_from_db()
    return w.overeenkomst


# --- The phase page -------------------------------------------------------------------------------


def test_the_phase_page_lists_the_agreements_newest_period_first(w, login):
    OndertekeningFactory(overeenkomst=w.overeenkomst, organisatie=w.wereld.corporatie)

    response = login(w.wereld.lezer).get(url("index", w.gemeente))

    assert response.status_code == 200
    inhoud = html(response)
    assert "Fase 3 van 5" in inhoud
    assert "Wie doet wat?" in inhoud
    rijen = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", inhoud, re.S)
    assert len(rijen) == 2
    assert "Convenant zonder corporatie" in rijen[0]  # 2024 before 2022
    eigen = rijen[1]
    assert "Prestatieafspraken A 2022–2025" in eigen
    assert "2022–2025" in eigen and "Prestatieafspraken" in eigen and "concept" in eigen
    assert re.search(r'<td class="text-end">2</td>', eigen)  # two afspraken
    assert "1 van 2 getekend" in eigen
    assert "1 van 1 getekend" not in inhoud and "0 van 1 getekend" in rijen[0]
    assert "Afspraken van B" not in inhoud
    assert url("afspraken", w.gemeente) in inhoud
    assert url("catalogus", w.gemeente) in inhoud
    assert "Nieuwe overeenkomst" not in inhoud  # a lezer does not create


def test_a_signature_on_an_earlier_versie_is_not_counted(w, login):
    OndertekeningFactory(
        overeenkomst=w.overeenkomst, organisatie=w.wereld.corporatie, versie=0, vervallen=True
    )
    inhoud = html(login(w.wereld.lezer).get(url("index", w.gemeente)))
    assert "0 van 2 getekend" in inhoud


def test_editors_get_the_button_for_a_new_agreement(w, login):
    inhoud = html(login(w.wereld.programmaleider).get(url("index", w.gemeente)))
    assert "Nieuwe overeenkomst" in inhoud and url("create", w.gemeente) in inhoud


def test_the_partner_sees_only_the_agreements_its_organisatie_is_party_to(w, login):
    inhoud = html(login(w.wereld.partner).get(url("index", w.gemeente)))
    assert "Prestatieafspraken A 2022–2025" in inhoud
    assert "Convenant zonder corporatie" not in inhoud


def test_the_phase_page_filters_by_status_and_soort(w, login):
    ter_ondertekening(w)
    client = login(w.wereld.beleidsadviseur)

    op_status = html(client.get(url("index", w.gemeente), {"status": "ter_ondertekening"}))
    op_soort = html(client.get(url("index", w.gemeente), {"soort": "convenant"}))
    geen = client.get(url("index", w.gemeente), {"status": "beeindigd"})

    assert "Prestatieafspraken A 2022–2025" in op_status
    assert "Convenant zonder corporatie" not in op_status
    assert "Convenant zonder corporatie" in op_soort
    assert "Prestatieafspraken A 2022–2025" not in op_soort
    assert "Geen overeenkomsten met deze status of soort." in html(geen)
    assert "Alles tonen" in html(geen)


def test_an_unknown_filter_value_is_ignored_and_said(w, login):
    response = login(w.wereld.beleidsadviseur).get(url("index", w.gemeente), {"status": "weg"})
    inhoud = html(response)
    assert "die keuze is genegeerd" in inhoud
    assert "Prestatieafspraken A 2022–2025" in inhoud and "Convenant zonder corporatie" in inhoud


def test_the_empty_phase_page_says_what_to_do(wereld, login):
    editor = html(login(wereld.beleidsadviseur).get(url("index", wereld.gemeente)))
    assert "Voor Gemeente A zijn nog geen prestatieafspraken vastgelegd." in editor
    assert "Begin een overeenkomst" in editor
    assert "<table" not in editor

    partner = html(login(wereld.partner).get(url("index", wereld.gemeente)))
    assert "Zodra de gemeente een overeenkomst vastlegt" in partner
    assert "Nieuwe overeenkomst" not in partner


# --- Creating and changing ------------------------------------------------------------------------


def overeenkomst_data(**anders):
    return {
        "titel": "Prestatieafspraken 2026–2029",
        "soort": Overeenkomst.Soort.PRESTATIEAFSPRAKEN,
        "periode_start": "2026",
        "periode_eind": "2029",
        "toelichting": "",
        **anders,
    }


def test_creating_an_agreement_makes_a_concept_and_opens_it(w, login):
    client = login(w.wereld.beleidsadviseur)
    response = client.post(url("create", w.gemeente), overeenkomst_data(visie=w.visie.pk))

    nieuw = Overeenkomst.objects.get(titel="Prestatieafspraken 2026–2029")
    assert response["Location"] == nieuw.get_absolute_url()
    assert (nieuw.gemeente, nieuw.status, nieuw.versie, nieuw.visie) == (
        w.gemeente,
        Status.CONCEPT,
        1,
        w.visie,
    )
    pagina = volg(client, response)
    assert "De overeenkomst is aangemaakt als concept." in html(pagina)


def test_the_beheerder_may_create_too(w, login):
    response = login(w.wereld.beheerder).post(url("create", w.gemeente), overeenkomst_data())
    assert response.status_code == 302
    assert Overeenkomst.objects.filter(titel="Prestatieafspraken 2026–2029").exists()


def test_a_period_ending_before_it_starts_is_refused_in_dutch(w, login):
    response = login(w.wereld.beleidsadviseur).post(
        url("create", w.gemeente), overeenkomst_data(periode_start="2029", periode_eind="2026")
    )
    assert response.status_code == 200
    assert "Het eindjaar ligt voor het beginjaar." in html(response)
    assert "periode_eind" in response.context["form"].errors
    assert not Overeenkomst.objects.filter(titel="Prestatieafspraken 2026–2029").exists()


def test_the_visie_of_another_gemeente_is_not_a_choice(w, login):
    visie_b = WoonzorgvisieFactory(gemeente=w.wereld.andere_gemeente, titel="Visie van B")
    client = login(w.wereld.beleidsadviseur)

    formulier = html(client.get(url("create", w.gemeente)))
    response = client.post(url("create", w.gemeente), overeenkomst_data(visie=visie_b.pk))

    assert "Visie van B" not in formulier and "Woonzorgvisie A (versie 1, concept)" in formulier
    assert "visie" in response.context["form"].errors
    assert not Overeenkomst.objects.filter(titel="Prestatieafspraken 2026–2029").exists()


def test_lezer_and_partner_may_not_create(w, login):
    for wie in ("lezer", "partner"):
        client = login(w.wereld.user(wie))
        assert client.get(url("create", w.gemeente)).status_code == 403
        assert client.post(url("create", w.gemeente), overeenkomst_data()).status_code == 403
    assert not Overeenkomst.objects.filter(titel="Prestatieafspraken 2026–2029").exists()


def test_changing_a_concept_keeps_its_versie(w, login):
    client = login(w.wereld.beleidsadviseur)
    formulier = html(client.get(url("update", w.gemeente, pk=w.overeenkomst.pk)))
    response = client.post(
        url("update", w.gemeente, pk=w.overeenkomst.pk),
        overeenkomst_data(titel="Nieuwe titel", periode_start="2022", periode_eind="2025"),
    )

    w.overeenkomst.refresh_from_db()
    assert 'id="nieuwe-versie-waarschuwing"' not in formulier
    assert response["Location"] == w.overeenkomst.get_absolute_url()
    assert (w.overeenkomst.titel, w.overeenkomst.versie) == ("Nieuwe titel", 1)
    assert "De overeenkomst is opgeslagen." in html(volg(client, response))


def test_changing_an_agreement_out_for_signature_makes_a_new_versie(w, login):
    overeenkomst = ter_ondertekening(w)
    handtekening = OndertekeningFactory(
        overeenkomst=overeenkomst, organisatie=w.wereld.corporatie, versie=1
    )
    client = login(w.wereld.beleidsadviseur)

    formulier = html(client.get(url("update", w.gemeente, pk=overeenkomst.pk)))
    response = client.post(
        url("update", w.gemeente, pk=overeenkomst.pk),
        overeenkomst_data(titel="Scherpere titel", periode_start="2022", periode_eind="2025"),
    )

    overeenkomst.refresh_from_db()
    handtekening.refresh_from_db()
    assert 'id="nieuwe-versie-waarschuwing"' in formulier
    assert "handtekeningen die al zijn gezet vervallen" in formulier
    assert (overeenkomst.versie, overeenkomst.status) == (2, Status.TER_ONDERTEKENING)
    assert overeenkomst.inhoud_hash == services.bereken_hash(overeenkomst)
    assert handtekening.vervallen
    pagina = html(volg(client, response))
    assert "dit is nu versie 2" in pagina


def test_saving_without_a_change_makes_no_new_versie(w, login):
    overeenkomst = ter_ondertekening(w)
    login(w.wereld.beleidsadviseur).post(
        url("update", w.gemeente, pk=overeenkomst.pk),
        overeenkomst_data(
            titel=overeenkomst.titel, periode_start="2022", periode_eind="2025", visie=w.visie.pk
        ),
    )
    overeenkomst.refresh_from_db()
    assert overeenkomst.versie == 1


def test_an_ended_agreement_cannot_be_changed_and_says_why(w, login):
    Overeenkomst.objects.filter(pk=w.overeenkomst.pk).update(status=Status.BEEINDIGD)
    client = login(w.wereld.beleidsadviseur)
    for naam in ("update", "partijen", "delete", "afspraak_create"):
        response = client.get(url(naam, w.gemeente, pk=w.overeenkomst.pk))
        assert response.status_code == 403, naam
        assert "Deze overeenkomst is beëindigd" in html(response), naam


# --- Deleting -------------------------------------------------------------------------------------


def test_a_concept_is_deleted_after_confirmation(w, login):
    client = login(w.wereld.beleidsadviseur)
    vraag = client.get(url("delete", w.gemeente, pk=w.overeenkomst.pk))
    response = client.post(url("delete", w.gemeente, pk=w.overeenkomst.pk))

    assert "Weet u zeker dat u het concept" in html(vraag)
    assert "de 2 afspraken" in html(vraag)
    assert response["Location"] == url("index", w.gemeente)
    assert not Overeenkomst.objects.filter(pk=w.overeenkomst.pk).exists()
    assert "is verwijderd" in html(volg(client, response))


def test_an_agreement_out_for_signature_is_not_deleted(w, login):
    overeenkomst = ter_ondertekening(w)
    response = login(w.wereld.beleidsadviseur).post(url("delete", w.gemeente, pk=overeenkomst.pk))
    assert response.status_code == 403
    assert "Alleen een concept kan worden verwijderd." in html(response)
    assert Overeenkomst.objects.filter(pk=overeenkomst.pk).exists()


def test_a_concept_that_was_signed_before_is_kept(w, login):
    OndertekeningFactory(
        overeenkomst=w.overeenkomst, organisatie=w.wereld.corporatie, vervallen=True
    )
    response = login(w.wereld.beleidsadviseur).post(url("delete", w.gemeente, pk=w.overeenkomst.pk))
    assert response.status_code == 403
    assert "al eens ondertekend" in html(response)
    assert Overeenkomst.objects.filter(pk=w.overeenkomst.pk).exists()


def test_a_lezer_may_not_delete(w, login):
    response = login(w.wereld.lezer).post(url("delete", w.gemeente, pk=w.overeenkomst.pk))
    assert response.status_code == 403
    assert Overeenkomst.objects.filter(pk=w.overeenkomst.pk).exists()


# --- Partijen -------------------------------------------------------------------------------------


def partijen_data(overeenkomst, nieuwe=(), **per_partij):
    """The formset POST: the existing parties unchanged (or as given), then new ones."""
    bestaand = list(overeenkomst.partijen.order_by("pk"))
    rijen = [
        {"id": p.pk, "organisatie": p.organisatie_id, "rol": p.rol, **per_partij.get(str(p.pk), {})}
        for p in bestaand
    ] + list(nieuwe)
    data = {
        "partijen-TOTAL_FORMS": str(len(rijen)),
        "partijen-INITIAL_FORMS": str(len(bestaand)),
        "partijen-MIN_NUM_FORMS": "0",
        "partijen-MAX_NUM_FORMS": "1000",
    }
    for index, rij in enumerate(rijen):
        data.update({f"partijen-{index}-{naam}": waarde for naam, waarde in rij.items()})
    return data


def test_partijen_are_added_and_removed(w, login):
    client = login(w.wereld.beleidsadviseur)
    corporatie_partij = w.overeenkomst.partijen.get(organisatie=w.wereld.corporatie)
    formulier = html(client.get(url("partijen", w.gemeente, pk=w.overeenkomst.pk)))

    response = client.post(
        url("partijen", w.gemeente, pk=w.overeenkomst.pk),
        partijen_data(
            w.overeenkomst,
            nieuwe=[{"organisatie": w.wereld.gemeente_organisatie.pk, "rol": "ondertekenaar"}],
            **{str(corporatie_partij.pk): {"DELETE": "on"}},
        ),
    )

    assert "Woningcorporatie X (woningcorporatie)" in formulier
    assert "Woningcorporatie Z" not in formulier  # works only in Gemeente B
    assert response["Location"] == w.overeenkomst.get_absolute_url()
    assert set(w.overeenkomst.partijen.values_list("organisatie__naam", flat=True)) == {
        "Zorgaanbieder Y",
        "Gemeente A (organisatie)",
    }


def test_the_same_organisatie_twice_is_refused_in_dutch(w, login):
    response = login(w.wereld.beleidsadviseur).post(
        url("partijen", w.gemeente, pk=w.overeenkomst.pk),
        partijen_data(
            w.overeenkomst, nieuwe=[{"organisatie": w.wereld.corporatie.pk, "rol": "ondertekenaar"}]
        ),
    )
    assert response.status_code == 200
    assert "Elke organisatie is maar één keer partij" in html(response)
    assert w.overeenkomst.partijen.count() == 2


def test_an_organisatie_outside_the_gemeente_is_refused(w, login):
    response = login(w.wereld.beleidsadviseur).post(
        url("partijen", w.gemeente, pk=w.overeenkomst.pk),
        partijen_data(
            w.overeenkomst,
            nieuwe=[{"organisatie": w.wereld.andere_corporatie.pk, "rol": "ondertekenaar"}],
        ),
    )
    assert response.status_code == 200
    assert "Niet alle partijen zijn in orde" in html(response)
    assert not w.overeenkomst.partijen.filter(organisatie=w.wereld.andere_corporatie).exists()


def test_changing_the_parties_of_an_agreement_out_for_signature_makes_a_new_versie(w, login):
    overeenkomst = ter_ondertekening(w)
    handtekening = OndertekeningFactory(
        overeenkomst=overeenkomst, organisatie=w.wereld.corporatie, versie=1
    )
    client = login(w.wereld.beleidsadviseur)
    assert 'id="nieuwe-versie-waarschuwing"' in html(
        client.get(url("partijen", w.gemeente, pk=overeenkomst.pk))
    )

    client.post(
        url("partijen", w.gemeente, pk=overeenkomst.pk),
        partijen_data(
            overeenkomst,
            nieuwe=[{"organisatie": w.wereld.gemeente_organisatie.pk, "rol": "ondertekenaar"}],
        ),
    )

    overeenkomst.refresh_from_db()
    handtekening.refresh_from_db()
    assert overeenkomst.versie == 2 and handtekening.vervallen


# --- The agreement as a page ----------------------------------------------------------------------


def test_the_page_shows_the_agreement_its_parties_and_afspraken_by_domein_and_ambitie(w, login):
    ambitie = AmbitieFactory(visie=w.visie, titel="Meer geclusterde woonvormen")
    AfspraakFactory(
        overeenkomst=w.overeenkomst,
        nummer="1.2",
        titel="Honderdtien wooneenheden",
        smart=True,
        ambitie=ambitie,
        trekker=w.wereld.corporatie,
    )
    AfspraakFactory(overeenkomst=w.overeenkomst, nummer="1.10", titel="Tiende", ambitie=ambitie)
    JaarschijfFactory(overeenkomst=w.overeenkomst, jaar=2023)

    response = login(w.wereld.lezer).get(w.overeenkomst.get_absolute_url())

    inhoud = html(response)
    assert "Prestatieafspraken A 2022–2025" in inhoud
    assert "versie 1" in inhoud and "2022–2025" in inhoud
    assert reverse("visies:detail", kwargs={"gemeente": "GM0001", "pk": w.visie.pk}) in inhoud
    assert "Woningcorporatie X" in inhoud and "medeondertekenaar" in inhoud
    assert "Nog niet ter ondertekening aangeboden." in inhoud
    # Wonen before Zorg en welzijn; within Wonen the ambitie first, 1.2 before 1.10.
    assert inhoud.index(">Wonen</h3>") < inhoud.index(">Zorg en welzijn</h3>")
    wonen = inhoud[inhoud.index(">Wonen</h3>") : inhoud.index(">Zorg en welzijn</h3>")]
    assert wonen.index("Meer geclusterde woonvormen") < wonen.index("Zonder ambitie uit de visie")
    assert wonen.index("Honderdtien wooneenheden") < wonen.index("Tiende")
    assert '<span class="badge text-bg-success">SMART</span>' in wonen
    assert "nog niet SMART" in wonen
    assert "3 afspraken zijn nog niet SMART." in inhoud
    assert "Jaarschijf 2023" in inhoud
    assert url("pdf", w.gemeente, pk=w.overeenkomst.pk) in inhoud
    # A lezer reads; no actions.
    for naam in ("update", "partijen", "afspraak_create", "ter_ondertekening", "delete"):
        assert url(naam, w.gemeente, pk=w.overeenkomst.pk) not in inhoud, naam


def test_an_editor_gets_the_actions_the_status_allows(w, login):
    client = login(w.wereld.beleidsadviseur)
    concept = html(client.get(w.overeenkomst.get_absolute_url()))
    for naam in ("update", "partijen", "afspraak_create", "ter_ondertekening", "delete"):
        assert url(naam, w.gemeente, pk=w.overeenkomst.pk) in concept, naam
    assert f"?overeenkomst={w.overeenkomst.pk}" in concept
    assert url("jaarschijf_create", w.gemeente, pk=w.overeenkomst.pk) in concept
    assert url("terug_naar_concept", w.gemeente, pk=w.overeenkomst.pk) not in concept

    ter_ondertekening(w)
    uit = html(client.get(w.overeenkomst.get_absolute_url()))
    assert url("terug_naar_concept", w.gemeente, pk=w.overeenkomst.pk) in uit
    assert url("ter_ondertekening", w.gemeente, pk=w.overeenkomst.pk) not in uit
    assert url("delete", w.gemeente, pk=w.overeenkomst.pk) not in uit

    Overeenkomst.objects.filter(pk=w.overeenkomst.pk).update(status=Status.ONDERTEKEND)
    getekend = html(client.get(w.overeenkomst.get_absolute_url()))
    assert url("beeindigen", w.gemeente, pk=w.overeenkomst.pk) in getekend


def test_the_signing_section_shows_who_signed_who_is_missing_and_earlier_versies(w, login):
    overeenkomst = ter_ondertekening(w)
    OndertekeningFactory(
        overeenkomst=overeenkomst,
        organisatie=w.zorgaanbieder,
        versie=1,
        naam="Els Bakker",
        functie="bestuurder",
        inhoud_hash="a" * 64,
        vervallen=True,
    )
    Overeenkomst.objects.filter(pk=overeenkomst.pk).update(versie=2)
    OndertekeningFactory(
        overeenkomst=overeenkomst,
        organisatie=w.wereld.corporatie,
        versie=2,
        naam="Jan de Vries",
        functie="directeur-bestuurder",
        inhoud_hash="b" * 12 + "c" * 52,
    )

    inhoud = html(login(w.wereld.beleidsadviseur).get(overeenkomst.get_absolute_url()))

    sectie = inhoud[inhoud.index('id="ondertekening"') : inhoud.index('id="afspraken"')]
    assert "1 van 2 partijen hebben versie 2 getekend." in sectie
    assert "Jan de Vries, directeur-bestuurder" in sectie
    assert "<code>" + "b" * 12 + "…</code>" in sectie
    assert "b" * 12 + "c" * 52 in sectie  # the whole hash in the details
    assert "nog niet getekend" in sectie  # the zorgaanbieder, on versie 2
    eerdere = sectie[sectie.index('id="eerdere-ondertekeningen"') :]
    assert "Versie 1" in eerdere and "Els Bakker, bestuurder" in eerdere


def test_an_editor_is_told_which_party_has_nobody_to_sign_and_where_to_invite(w, login):
    # The corporatie has the partner; the zorgaanbieder has nobody.
    uitnodigen = reverse("uitnodigen", kwargs={"gemeente": w.gemeente.cbs_code})

    editor = html(login(w.wereld.beleidsadviseur).get(w.overeenkomst.get_absolute_url()))
    lezer = html(login(w.wereld.lezer).get(w.overeenkomst.get_absolute_url()))

    assert editor.count("Niemand van deze partij heeft een account") == 1
    assert "Iemand van Zorgaanbieder Y uitnodigen" in editor and uitnodigen in editor
    assert "Niemand van deze partij heeft een account" not in lezer


def test_who_may_sign_for_many_parties_agrees_with_the_service(w):
    lezer_y = UserFactory(organisatie=w.zorgaanbieder)
    RolFactory(user=lezer_y, gemeente=w.gemeente, soort=Rol.Soort.LEZER)
    elders = UserFactory(organisatie=w.zorgaanbieder)
    RolFactory(user=elders, gemeente=w.wereld.andere_gemeente, soort=Rol.Soort.PARTNER)
    inactief = UserFactory(organisatie=w.wereld.corporatie, is_active=False)
    RolFactory(user=inactief, gemeente=w.gemeente, soort=Rol.Soort.PARTNER)
    organisaties = [w.wereld.corporatie, w.zorgaanbieder, w.wereld.gemeente_organisatie]

    per_organisatie = services.ondertekenaars_per_organisatie(
        w.overeenkomst, [o.pk for o in organisaties]
    )

    for organisatie in organisaties:
        assert per_organisatie[organisatie.pk] == services.ondertekenaars(
            w.overeenkomst, organisatie
        ), organisatie
    assert per_organisatie[w.zorgaanbieder.pk] == []
    assert per_organisatie[w.wereld.corporatie.pk] == [w.wereld.partner]


def test_the_partner_gets_the_button_to_sign_for_its_organisatie(w, login):
    overeenkomst = ter_ondertekening(w)
    client = login(w.wereld.partner)
    voor = html(client.get(overeenkomst.get_absolute_url()))
    OndertekeningFactory(overeenkomst=overeenkomst, organisatie=w.wereld.corporatie, versie=1)
    na = html(client.get(overeenkomst.get_absolute_url()))

    assert "Teken namens Woningcorporatie X" in voor
    assert url("ondertekenen", w.gemeente, pk=overeenkomst.pk) in voor
    assert "Teken namens" not in na
    assert "Teken namens" not in html(login(w.wereld.lezer).get(overeenkomst.get_absolute_url()))


def test_another_partner_or_gemeente_does_not_find_the_agreement(w, login):
    assert login(w.wereld.partner).get(w.vreemde.get_absolute_url()).status_code == 404
    assert (
        login(w.wereld.andere_beleidsadviseur).get(w.overeenkomst.get_absolute_url()).status_code
        == 404
    )
    # Gemeente B's agreement under Gemeente A's address: not found either.
    assert (
        login(w.wereld.beleidsadviseur).get(url("detail", w.gemeente, pk=w.in_b.pk)).status_code
        == 404
    )


# --- Status -------------------------------------------------------------------------------------


def test_offering_for_signature_says_who_gets_an_email_then_sends_it(
    w, login, django_capture_on_commit_callbacks
):
    client = login(w.wereld.beleidsadviseur)
    adres = url("ter_ondertekening", w.gemeente, pk=w.overeenkomst.pk)

    vraag = html(client.get(adres))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(adres)

    assert "Wie een e-mail krijgt, per partij" in vraag
    assert w.wereld.partner.email in vraag
    assert "nog niemand met een account" in vraag  # the zorgaanbieder
    w.overeenkomst.refresh_from_db()
    assert w.overeenkomst.status == Status.TER_ONDERTEKENING
    assert w.overeenkomst.inhoud_hash == services.bereken_hash(w.overeenkomst)
    assert [m.to for m in mail.outbox] == [[w.wereld.partner.email]]
    pagina = html(volg(client, response))
    assert "Versie 1 ligt ter ondertekening." in pagina
    assert w.wereld.partner.get_full_name() in pagina
    assert "Nog niemand met een account bij Zorgaanbieder Y." in pagina


def test_the_service_refusal_is_shown_on_the_page(wereld, login):
    leeg = OvereenkomstFactory(gemeente=wereld.gemeente)
    response = login(wereld.beleidsadviseur).post(
        url("ter_ondertekening", wereld.gemeente, pk=leeg.pk)
    )
    assert response.status_code == 200
    inhoud = html(response)
    assert "Voeg eerst de partijen toe die ondertekenen." in inhoud
    assert "Er staan nog geen afspraken in de overeenkomst." in inhoud
    leeg.refresh_from_db()
    assert leeg.status == Status.CONCEPT


def test_a_transition_from_the_wrong_status_gets_the_service_message(w, login):
    client = login(w.wereld.beleidsadviseur)
    adres = url("beeindigen", w.gemeente, pk=w.overeenkomst.pk)

    vraag = html(client.get(adres))
    response = client.post(adres)

    assert "Dit kan nu niet: de overeenkomst is concept." in vraag
    assert "Beëindigen</button>" not in vraag
    assert "Alleen een ondertekende overeenkomst kan worden beëindigd." in html(response)
    w.overeenkomst.refresh_from_db()
    assert w.overeenkomst.status == Status.CONCEPT


def test_back_to_concept_says_which_signatures_vervallen(w, login):
    overeenkomst = ter_ondertekening(w)
    handtekening = OndertekeningFactory(
        overeenkomst=overeenkomst, organisatie=w.wereld.corporatie, versie=1
    )
    client = login(w.wereld.beleidsadviseur)
    adres = url("terug_naar_concept", w.gemeente, pk=overeenkomst.pk)

    vraag = html(client.get(adres))
    response = client.post(adres)

    assert "De handtekening die al is gezet, vervalt:" in vraag
    assert "Woningcorporatie X" in vraag
    overeenkomst.refresh_from_db()
    handtekening.refresh_from_db()
    assert (overeenkomst.status, overeenkomst.versie) == (Status.CONCEPT, 2)
    assert handtekening.vervallen
    assert "De overeenkomst is weer een concept." in html(volg(client, response))


def test_ending_a_signed_agreement_makes_it_read_only(w, login):
    Overeenkomst.objects.filter(pk=w.overeenkomst.pk).update(status=Status.ONDERTEKEND)
    client = login(w.wereld.programmaleider)
    adres = url("beeindigen", w.gemeente, pk=w.overeenkomst.pk)

    assert "niemand kan haar nog wijzigen" in html(client.get(adres))
    response = client.post(adres)

    w.overeenkomst.refresh_from_db()
    assert w.overeenkomst.status == Status.BEEINDIGD
    assert "De overeenkomst is beëindigd." in html(volg(client, response))
    again = client.get(adres)
    assert again.status_code == 403 and "Deze overeenkomst is beëindigd" in html(again)


def test_only_editors_change_the_status(w, login):
    for wie in ("lezer", "partner"):
        client = login(w.wereld.user(wie))
        for naam in ("ter_ondertekening", "terug_naar_concept", "beeindigen"):
            assert client.get(url(naam, w.gemeente, pk=w.overeenkomst.pk)).status_code == 403
            assert client.post(url(naam, w.gemeente, pk=w.overeenkomst.pk)).status_code == 403
    w.overeenkomst.refresh_from_db()
    assert w.overeenkomst.status == Status.CONCEPT
    assert not Ondertekening.objects.exists()


def test_the_beheerder_may_offer_for_signature(w, login):
    response = login(w.wereld.beheerder).post(
        url("ter_ondertekening", w.gemeente, pk=w.overeenkomst.pk)
    )
    assert response.status_code == 302
    w.overeenkomst.refresh_from_db()
    assert w.overeenkomst.status == Status.TER_ONDERTEKENING
