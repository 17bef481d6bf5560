"""The audit trail (issue 10): django-auditlog records who changed which field from what to what,
and the history pages show it, merged with woonzorg.audit's messages, to the editors of the
gemeente only (woonzorg.permissions.can_see_history)."""

import types
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import Afspraak, AfspraakType, Domein, Overeenkomst
from tests.borging.factories import IndicatorFactory, MetingFactory
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory
from tests.uitvoering.factories import ActiviteitFactory, UitvoeringsprogrammaFactory
from woonzorg import geschiedenis


@pytest.fixture
def w(wereld):
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken A")
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    afspraak = AfspraakFactory(
        overeenkomst=overeenkomst, nummer="1.1", titel="Geclusterd wonen", trekker=None
    )
    programma = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente)
    activiteit = ActiviteitFactory(
        programma=programma, afspraak=afspraak, trekker=wereld.corporatie
    )
    indicator = IndicatorFactory(gemeente=wereld.gemeente, eigenaar=wereld.corporatie)
    return types.SimpleNamespace(
        wereld=wereld,
        gemeente=wereld.gemeente,
        overeenkomst=overeenkomst,
        afspraak=afspraak,
        activiteit=activiteit,
        indicator=indicator,
    )


def adressen(w):
    g = w.gemeente.cbs_code
    return {
        "prestatieafspraken:geschiedenis": reverse(
            "prestatieafspraken:geschiedenis", kwargs={"gemeente": g, "pk": w.overeenkomst.pk}
        ),
        "prestatieafspraken:afspraak_geschiedenis": reverse(
            "prestatieafspraken:afspraak_geschiedenis", kwargs={"gemeente": g, "pk": w.afspraak.pk}
        ),
        "uitvoering:activiteit_geschiedenis": reverse(
            "uitvoering:activiteit_geschiedenis", kwargs={"gemeente": g, "pk": w.activiteit.pk}
        ),
        "borging:indicator_geschiedenis": reverse(
            "borging:indicator_geschiedenis", kwargs={"gemeente": g, "pk": w.indicator.pk}
        ),
    }


def afspraak_post(afspraak, **anders):
    return {
        "nummer": afspraak.nummer,
        "domein": Domein.WONEN,
        "type": AfspraakType.HANDELING,
        "titel": afspraak.titel,
        "tekst": afspraak.tekst,
        **anders,
    }


def test_an_edit_through_the_page_records_actor_field_old_and_new_value(w, login):
    client = login(w.wereld.beleidsadviseur)
    url = reverse(
        "prestatieafspraken:afspraak_update",
        kwargs={"gemeente": w.gemeente.cbs_code, "pk": w.afspraak.pk},
    )
    response = client.post(url, afspraak_post(w.afspraak, titel="Meer geclusterd wonen"))
    assert response.status_code == 302

    entry = LogEntry.objects.get_for_object(w.afspraak).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == w.wereld.beleidsadviseur
    assert entry.changes["titel"] == ["Geclusterd wonen", "Meer geclusterd wonen"]
    assert entry.remote_addr is None  # no IP addresses kept

    response = client.get(adressen(w)["prestatieafspraken:afspraak_geschiedenis"])
    inhoud = response.content.decode()
    assert response.status_code == 200
    assert "Titel" in inhoud  # the field's verbose_name, in Dutch
    assert "Geclusterd wonen" in inhoud and "Meer geclusterd wonen" in inhoud
    assert w.wereld.beleidsadviseur.get_full_name() in inhoud


def test_the_history_is_newest_first_and_paginated(w, login):
    for nummer in range(30):
        w.afspraak.titel = f"Titel {nummer}"
        w.afspraak.save()
    regels = geschiedenis.regels([w.afspraak])
    assert regels[0].wijzigingen[0].nieuw == "Titel 29"
    assert [r.wanneer for r in regels] == sorted((r.wanneer for r in regels), reverse=True)

    client = login(w.wereld.programmaleider)
    adres = adressen(w)["prestatieafspraken:afspraak_geschiedenis"]
    eerste = client.get(adres).content.decode()
    assert "Titel 29" in eerste and "Titel 0<" not in eerste
    assert "Titel 0<" in client.get(adres + "?page=2").content.decode()


def test_choices_related_objects_and_m2m_read_as_the_user_knows_them(w):
    w.afspraak.domein = Domein.ZORG_WELZIJN
    w.afspraak.trekker = w.wereld.corporatie
    w.afspraak.save()
    w.afspraak.betrokkenen.add(w.wereld.gemeente_organisatie)
    wijzigingen = {}  # the newest change of each field
    for regel in geschiedenis.regels([w.afspraak]):
        for v in regel.wijzigingen:
            wijzigingen.setdefault(str(v.veld), v)
    assert (wijzigingen["domein"].oud, wijzigingen["domein"].nieuw) == ("Wonen", "Zorg en welzijn")
    assert wijzigingen["trekker"].nieuw == "Woningcorporatie X"
    assert "Gemeente A (organisatie)" in wijzigingen["betrokken partijen"].nieuw


def test_status_messages_of_woonzorg_audit_are_merged_in(w, login):
    services.ter_ondertekening(w.overeenkomst, door=w.wereld.beleidsadviseur, mail=False)
    client = login(w.wereld.beleidsadviseur)
    inhoud = client.get(adressen(w)["prestatieafspraken:geschiedenis"]).content.decode()
    # the field change (status) and the audit message of the service
    assert "ter ondertekening" in inhoud
    regels = geschiedenis.regels([w.overeenkomst])
    assert any(r.bericht for r in regels) and any(r.wijzigingen for r in regels)


def test_a_corrected_meting_keeps_its_old_value_in_the_indicators_history(w, login):
    meting = MetingFactory(
        indicator=w.indicator, jaar=2024, waarde=Decimal(40), ingevoerd_door=w.wereld.partner
    )
    meting.waarde = Decimal(45)
    meting.save()
    weg = MetingFactory(
        indicator=w.indicator, jaar=2023, waarde=Decimal(10), ingevoerd_door=w.wereld.partner
    )
    weg.delete()
    inhoud = (
        login(w.wereld.beleidsadviseur)
        .get(adressen(w)["borging:indicator_geschiedenis"])
        .content.decode()
    )
    assert '<td class="text-break">40</td>' in inhoud
    assert '<td class="text-break">45</td>' in inhoud
    assert "verwijderd" in inhoud  # a deleted meting's history is still found


def test_a_begrotingspost_shows_in_the_activiteits_history(w, login):
    from tests.uitvoering.factories import BegrotingspostFactory

    BegrotingspostFactory(activiteit=w.activiteit, jaar=2025, bedrag=Decimal("1000.00"))
    w.activiteit.titel = "Nieuwe titel van de activiteit"
    w.activiteit.save()
    inhoud = (
        login(w.wereld.beleidsadviseur)
        .get(adressen(w)["uitvoering:activiteit_geschiedenis"])
        .content.decode()
    )
    assert "Nieuwe titel van de activiteit" in inhoud
    assert "1000" in inhoud


@pytest.mark.parametrize("wie", ["beleidsadviseur", "programmaleider", "beheerder"])
def test_editors_and_the_beheerder_open_every_history(w, login, wie):
    client = login(w.wereld.user(wie))
    for naam, adres in adressen(w).items():
        assert client.get(adres).status_code == 200, naam


@pytest.mark.parametrize("wie", ["lezer", "partner"])
def test_lezers_and_partners_are_refused(w, login, wie):
    client = login(w.wereld.user(wie))
    for naam, adres in adressen(w).items():
        # 403 where they may see the object (the partner is party to it), else 404
        assert client.get(adres).status_code in (403, 404), (naam, wie)
    assert client.get(adressen(w)["prestatieafspraken:geschiedenis"]).status_code == 403


def test_another_gemeentes_user_finds_nothing(w, login):
    client = login(w.wereld.andere_beleidsadviseur)
    for naam, adres in adressen(w).items():
        assert client.get(adres).status_code == 404, naam
    # nor under its own gemeente's code
    for naam, adres in adressen(w).items():
        vreemd = adres.replace(w.gemeente.cbs_code, w.wereld.andere_gemeente.cbs_code)
        assert client.get(vreemd).status_code == 404, naam


def test_a_partner_not_party_gets_404(w, login, wereld):
    from tests.woonzorg.factories import OrganisatieFactory, RolFactory, UserFactory
    from woonzorg.models import Rol

    ander = OrganisatieFactory(naam="Zorgaanbieder Y", werkgebied=[wereld.gemeente])
    user = UserFactory(organisatie=ander)
    RolFactory(user=user, gemeente=wereld.gemeente, soort=Rol.Soort.PARTNER)
    client = login(user)
    assert client.get(adressen(w)["prestatieafspraken:geschiedenis"]).status_code == 404
    assert client.get(adressen(w)["prestatieafspraken:afspraak_geschiedenis"]).status_code == 404


def test_the_detail_pages_link_the_history_for_editors_only(w, login):
    detail = {
        "prestatieafspraken:geschiedenis": w.overeenkomst.get_absolute_url(),
        "prestatieafspraken:afspraak_geschiedenis": w.afspraak.get_absolute_url(),
        "uitvoering:activiteit_geschiedenis": w.activiteit.get_absolute_url(),
        "borging:indicator_geschiedenis": w.indicator.get_absolute_url(),
    }
    for wie, ziet in (("beleidsadviseur", True), ("lezer", False)):
        client = login(w.wereld.user(wie))
        for naam, adres in adressen(w).items():
            inhoud = client.get(detail[naam]).content.decode()
            assert (f'href="{adres}"' in inhoud) is ziet, (wie, naam)


def test_users_are_audited_without_password_or_bookkeeping(w):
    user = w.wereld.partner
    user.first_name = "Nieuwe"
    user.set_password("iets-anders-123")
    user.laatste_herinnering = "2026-12-04"
    user.save()
    entry = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE).get()
    assert "first_name" in entry.changes
    assert not {"password", "last_login", "laatste_herinnering"} & set(entry.changes)


def test_the_admin_lists_the_audit_log_read_only(w, login):
    client = login(w.wereld.beheerder)
    w.afspraak.titel = "Gewijzigd in de shell"
    w.afspraak.save()
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Afspraak)
    ).first()
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    response = client.post(
        reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def test_a_new_object_lists_its_fields_not_its_id_or_reverse_relations():
    assert geschiedenis.getoond(Overeenkomst, "titel")
    assert geschiedenis.getoond(Overeenkomst, "gemeente")
    assert not geschiedenis.getoond(Overeenkomst, "id")
    assert not geschiedenis.getoond(Overeenkomst, "afspraken")  # the reverse relation of Afspraak
    assert geschiedenis.getoond(Overeenkomst, "een veld dat niet meer bestaat")
