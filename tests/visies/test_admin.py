"""The beheerder's Django admin for the visie: pages open with a fixed number of queries, a
vastgestelde visie and its content are read-only there too, and initiatieven stay editable."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.analyses.factories import BevindingFactory, WoonzorganalyseFactory
from tests.visies.factories import (
    AfwegingscriteriumFactory,
    AmbitieFactory,
    BeoordelingFactory,
    DoelstellingFactory,
    InitiatiefFactory,
    ThemaFactory,
    WoonzorgvisieFactory,
)
from tests.woonzorg.factories import OrganisatieFactory
from visies.models import Ambitie, Beoordeling, Initiatief, Woonzorgvisie
from woonzorg.models import Doelgroep

ADMIN_MODELS = (Woonzorgvisie, Ambitie, Initiatief)


def admin_url(model, view, *args):
    return reverse(f"admin:visies_{model._meta.model_name}_{view}", args=args)


def test_the_visie_models_are_in_the_admin():
    registered = {model for model in admin.site._registry if model._meta.app_label == "visies"}
    assert registered == set(ADMIN_MODELS)


@pytest.fixture
def beheer(wereld, login):
    return login(wereld.beheerder)


def inhoud(visie, n=1):
    """n themes, ambities with a doelstelling and a finding, criteria and scored initiatieven."""
    analyse = visie.analyse or WoonzorganalyseFactory(gemeente=visie.gemeente)
    for _ in range(n):
        ambitie = AmbitieFactory(visie=visie, thema=ThemaFactory(visie=visie))
        ambitie.doelgroepen.add(Doelgroep.objects.get(code="ouderen"))
        ambitie.bevindingen.add(BevindingFactory(analyse=analyse))
        DoelstellingFactory(ambitie=ambitie)
        criterium = AfwegingscriteriumFactory(visie=visie)
        initiatief = InitiatiefFactory(visie=visie, organisatie=OrganisatieFactory())
        BeoordelingFactory(initiatief=initiatief, criterium=criterium)
    return visie


@pytest.fixture
def concept(wereld):
    return inhoud(WoonzorgvisieFactory(gemeente=wereld.gemeente, titel="Concept"))


@pytest.fixture
def vastgesteld(wereld):
    return inhoud(
        WoonzorgvisieFactory(gemeente=wereld.gemeente, titel="Vastgesteld", vastgesteld=True)
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


# --- Pages open, at a fixed cost ------------------------------------------------------------------


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_queries_do_not_grow_with_the_rows(wereld, beheer, model):
    inhoud(WoonzorgvisieFactory(gemeente=wereld.gemeente))
    response, weinig = count_queries(beheer, admin_url(model, "changelist"))
    assert response.context["cl"].result_count == 1

    for gemeente in (wereld.gemeente, wereld.andere_gemeente):
        inhoud(WoonzorgvisieFactory(gemeente=gemeente), n=3)
        inhoud(WoonzorgvisieFactory(gemeente=gemeente, vastgesteld=True), n=2)
    response, veel = count_queries(beheer, admin_url(model, "changelist"))
    # two gemeenten, each with a visie of 3 and one of 2 ambities (and initiatieven)
    assert response.context["cl"].result_count == (5 if model is Woonzorgvisie else 11)
    assert veel == weinig


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_the_beheerder_opens_add_and_change_pages(concept, vastgesteld, beheer, model):
    assert beheer.get(admin_url(model, "add")).status_code == 200
    for visie in (concept, vastgesteld):
        obj = visie if model is Woonzorgvisie else model.objects.filter(visie=visie).first()
        _, queries = count_queries(beheer, admin_url(model, "change", obj.pk))
        assert queries <= 25


def test_the_visie_change_page_does_not_grow_with_its_themes_and_criteria(wereld, beheer):
    visie = inhoud(WoonzorgvisieFactory(gemeente=wereld.gemeente))
    beheer.get(admin_url(Woonzorgvisie, "change", visie.pk))  # one-off lookups (content types)
    _, weinig = count_queries(beheer, admin_url(Woonzorgvisie, "change", visie.pk))
    inhoud(visie, n=4)
    response, veel = count_queries(beheer, admin_url(Woonzorgvisie, "change", visie.pk))
    themas, criteria = response.context["inline_admin_formsets"]
    assert (len(themas.formset.forms), len(criteria.formset.forms)) == (5, 5)
    assert veel == weinig


def test_the_changelist_shows_the_periode_and_filters_on_gemeente(concept, vastgesteld, beheer):
    WoonzorgvisieFactory(gemeente=concept.gemeente, periode_start=2031, periode_eind=2035)
    response = beheer.get(admin_url(Woonzorgvisie, "changelist"))
    assert "2031–2035" in response.content.decode()
    gefilterd = beheer.get(admin_url(Woonzorgvisie, "changelist"), {"status__exact": "vastgesteld"})
    assert list(gefilterd.context["cl"].result_list) == [vastgesteld]
    gezocht = beheer.get(admin_url(Woonzorgvisie, "changelist"), {"q": "Concept"})
    assert list(gezocht.context["cl"].result_list) == [concept]


def test_the_ambitie_changelist_says_which_are_concreet(concept, beheer):
    DoelstellingFactory(ambitie=AmbitieFactory(visie=concept, titel="Vaag"), aantal=None)
    response = beheer.get(admin_url(Ambitie, "changelist"))
    rijen = {a.titel: a for a in response.context["cl"].result_list}
    model_admin = response.context["cl"].model_admin
    assert model_admin.concreet(rijen["Vaag"]) is False
    assert all(model_admin.concreet(a) for titel, a in rijen.items() if titel != "Vaag")


# --- A vastgestelde visie is read-only, for the beheerder too -------------------------------------


def visie_post(visie, **wijzigingen):
    data = {
        "gemeente": visie.gemeente_id,
        "titel": visie.titel,
        "periode_start": visie.periode_start,
        "periode_eind": visie.periode_eind,
        "analyse": "",
        "samenvatting": visie.samenvatting,
        "_save": "Opslaan",
    }
    for prefix in ("themas", "criteria"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | wijzigingen


def test_a_concept_visie_is_saved_through_the_admin(wereld, beheer):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente, titel="Concept")
    url = admin_url(Woonzorgvisie, "change", visie.pk)
    response = beheer.get(url)
    assert response.context["has_change_permission"]
    assert 'name="_save"' in response.content.decode()

    response = beheer.post(url, visie_post(visie, titel="Concept, herzien"))
    assert response.status_code == 302
    visie.refresh_from_db()
    assert visie.titel == "Concept, herzien"
    assert visie.status == Woonzorgvisie.Status.CONCEPT  # status is not a form field


def test_a_vastgestelde_visie_opens_without_save_or_delete(vastgesteld, beheer):
    response = beheer.get(admin_url(Woonzorgvisie, "change", vastgesteld.pk))
    content = response.content.decode()
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    assert 'name="_save"' not in content
    assert admin_url(Woonzorgvisie, "delete", vastgesteld.pk) not in content
    assert "Raadsbesluit 2025-017" in content
    for inline in response.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission
        assert not inline.has_delete_permission


def test_a_post_does_not_change_a_vastgestelde_visie(vastgesteld, beheer):
    url = admin_url(Woonzorgvisie, "change", vastgesteld.pk)
    response = beheer.post(url, visie_post(vastgesteld, titel="Overschreven"))
    assert response.status_code == 403
    vastgesteld.refresh_from_db()
    assert vastgesteld.titel == "Vastgesteld"


def test_a_vastgestelde_visie_cannot_be_deleted(wereld, beheer):
    # Without ambities, so that only the permission stands in the way.
    vastgesteld = WoonzorgvisieFactory(gemeente=wereld.gemeente, vastgesteld=True)
    ThemaFactory(visie=vastgesteld)
    AfwegingscriteriumFactory(visie=vastgesteld)
    assert beheer.post(admin_url(Woonzorgvisie, "delete", vastgesteld.pk)).status_code == 403
    response = beheer.post(
        admin_url(Woonzorgvisie, "changelist"),
        {"action": "delete_selected", "_selected_action": [vastgesteld.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Woonzorgvisie.objects.filter(pk=vastgesteld.pk).exists()


def test_a_concept_visie_can_be_deleted(wereld, beheer):
    visie = WoonzorgvisieFactory(gemeente=wereld.gemeente)
    response = beheer.post(admin_url(Woonzorgvisie, "delete", visie.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Woonzorgvisie.objects.filter(pk=visie.pk).exists()


def ambitie_post(ambitie, **wijzigingen):
    data = {
        "visie": ambitie.visie_id,
        "thema": ambitie.thema_id,
        "titel": ambitie.titel,
        "toelichting": ambitie.toelichting,
        "volgorde": 0,
        "_save": "Opslaan",
    }
    for prefix in ("onderbouwingen", "doelstellingen"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data | wijzigingen


def test_the_content_of_a_vastgestelde_visie_is_read_only(vastgesteld, beheer):
    ambitie = vastgesteld.ambities.get()
    url = admin_url(Ambitie, "change", ambitie.pk)
    response = beheer.get(url)
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.content.decode()
    assert [i.formset.model.__name__ for i in response.context["inline_admin_formsets"]] == [
        "Onderbouwing",
        "Doelstelling",
    ]
    for inline in response.context["inline_admin_formsets"]:
        assert not (inline.has_add_permission or inline.has_change_permission)
        assert not inline.has_delete_permission

    assert beheer.post(url, ambitie_post(ambitie, titel="Overschreven")).status_code == 403
    ambitie.refresh_from_db()
    assert ambitie.titel != "Overschreven"


def test_an_ambitie_of_a_concept_visie_is_saved(concept, beheer):
    ambitie = concept.ambities.get()
    response = beheer.post(
        admin_url(Ambitie, "change", ambitie.pk), ambitie_post(ambitie, titel="Scherper")
    )
    assert response.status_code == 302
    ambitie.refresh_from_db()
    assert ambitie.titel == "Scherper"


def test_no_ambitie_is_added_to_a_vastgestelde_visie(concept, vastgesteld, beheer):
    response = beheer.get(admin_url(Ambitie, "add"))
    form = response.context["adminform"].form
    assert list(form.fields["visie"].queryset) == [concept]
    assert set(form.fields["thema"].queryset) == set(concept.themas.all())

    thema = vastgesteld.themas.get()
    data = ambitie_post(Ambitie(visie=vastgesteld, thema=thema, titel="Erbij"))
    response = beheer.post(admin_url(Ambitie, "add"), data)
    assert response.status_code == 200
    assert "visie" in response.context["adminform"].form.errors
    assert not Ambitie.objects.filter(titel="Erbij").exists()


def test_an_ambitie_rests_only_on_findings_of_its_own_gemeente(wereld, concept, beheer):
    ambitie = concept.ambities.get()
    elders = BevindingFactory(analyse__gemeente=wereld.andere_gemeente)
    eigen = BevindingFactory(analyse=concept.ambities.get().bevindingen.get().analyse)
    url = admin_url(Ambitie, "change", ambitie.pk)
    huidige = ambitie.onderbouwingen.get()

    def met_bevinding(bevinding):
        return ambitie_post(
            ambitie,
            **{
                "onderbouwingen-TOTAL_FORMS": 2,
                "onderbouwingen-INITIAL_FORMS": 1,
                "onderbouwingen-0-id": huidige.pk,
                "onderbouwingen-0-ambitie": ambitie.pk,
                "onderbouwingen-0-bevinding": huidige.bevinding_id,
                "onderbouwingen-1-ambitie": ambitie.pk,
                "onderbouwingen-1-bevinding": bevinding.pk,
            },
        )

    response = beheer.post(url, met_bevinding(elders))
    assert response.status_code == 200
    assert ambitie.bevindingen.count() == 1
    assert beheer.post(url, met_bevinding(eigen)).status_code == 302
    assert set(ambitie.bevindingen.all()) == {huidige.bevinding, eigen}


# --- Initiatieven keep arriving after vaststelling ------------------------------------------------


def initiatief_post(initiatief, **wijzigingen):
    data = {
        "visie": initiatief.visie_id,
        "titel": initiatief.titel,
        "soort": initiatief.soort,
        "ingediend_op": initiatief.ingediend_op.isoformat(),
        "indiener": initiatief.indiener,
        "organisatie": initiatief.organisatie_id or "",
        "omschrijving": "",
        "gebied": "",
        "woonvorm": "",
        "aantal": "",
        "besluit": initiatief.besluit,
        "conclusie": "",
        "beoordelingen-TOTAL_FORMS": 0,
        "beoordelingen-INITIAL_FORMS": 0,
        "_save": "Opslaan",
    }
    return data | wijzigingen


def test_an_initiatief_of_a_vastgestelde_visie_stays_editable(vastgesteld, beheer):
    initiatief = vastgesteld.initiatieven.get()
    bestaande = initiatief.beoordelingen.get()
    nieuw_criterium = AfwegingscriteriumFactory(visie=vastgesteld, naam="Betaalbaar")
    url = admin_url(Initiatief, "change", initiatief.pk)
    response = beheer.get(url)
    assert response.context["has_change_permission"]
    assert 'name="_save"' in response.content.decode()
    (beoordelingen,) = response.context["inline_admin_formsets"]
    assert beoordelingen.has_add_permission and beoordelingen.has_change_permission

    data = initiatief_post(
        initiatief,
        besluit=Initiatief.Besluit.POSITIEF,
        conclusie="Past bij de visie.",
        **{
            "beoordelingen-TOTAL_FORMS": 2,
            "beoordelingen-INITIAL_FORMS": 1,
            "beoordelingen-0-id": bestaande.pk,
            "beoordelingen-0-initiatief": initiatief.pk,
            "beoordelingen-0-criterium": bestaande.criterium_id,
            "beoordelingen-0-score": 5,
            "beoordelingen-0-motivering": "Volledig.",
            "beoordelingen-1-initiatief": initiatief.pk,
            "beoordelingen-1-criterium": nieuw_criterium.pk,
            "beoordelingen-1-score": 2,
            "beoordelingen-1-motivering": "Vooral koop.",
        },
    )
    response = beheer.post(url, data)
    assert response.status_code == 302
    initiatief.refresh_from_db()
    assert (initiatief.besluit, initiatief.conclusie) == ("positief", "Past bij de visie.")
    assert dict(initiatief.beoordelingen.values_list("criterium__naam", "score")) == {
        bestaande.criterium.naam: 5,
        "Betaalbaar": 2,
    }


def test_an_initiatief_is_scored_on_its_own_visies_criteria_only(concept, vastgesteld, beheer):
    initiatief = vastgesteld.initiatieven.get()
    url = admin_url(Initiatief, "change", initiatief.pk)
    (beoordelingen,) = beheer.get(url).context["inline_admin_formsets"]
    criteria = beoordelingen.formset.forms[0].fields["criterium"].queryset
    assert set(criteria) == set(vastgesteld.criteria.all())

    ander = concept.criteria.get()
    data = initiatief_post(
        initiatief,
        **{
            "beoordelingen-TOTAL_FORMS": 1,
            "beoordelingen-INITIAL_FORMS": 0,
            "beoordelingen-0-initiatief": initiatief.pk,
            "beoordelingen-0-criterium": ander.pk,
            "beoordelingen-0-score": 4,
        },
    )
    assert beheer.post(url, data).status_code == 200
    assert not Beoordeling.objects.filter(criterium=ander, initiatief=initiatief).exists()


def test_the_initiatief_changelist_shows_the_score(vastgesteld, beheer):
    initiatief = vastgesteld.initiatieven.get()
    AfwegingscriteriumFactory(visie=vastgesteld, weging=3)  # not scored yet
    response = beheer.get(admin_url(Initiatief, "changelist"))
    model_admin = response.context["cl"].model_admin
    (rij,) = response.context["cl"].result_list
    assert rij == initiatief
    # 1 × 3 out of 1 × 5 + 3 × 5
    assert model_admin.score(rij) == "15,0% (onvolledig)"
