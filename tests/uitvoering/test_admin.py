"""The beheerder's Django admin for uitvoering: changelists with a fixed number of queries, the
voortgang as history that cannot be changed there, and an afgerond programme read-only."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.uitvoering.factories import (
    ActiviteitFactory,
    BegrotingspostFactory,
    UitvoeringsprogrammaFactory,
    VoortgangFactory,
)
from tests.woonzorg.factories import OrganisatieFactory
from uitvoering.models import Activiteit, Begrotingspost, Uitvoeringsprogramma, Voortgang

Status = Uitvoeringsprogramma.Status
ADMIN_MODELS = (Uitvoeringsprogramma, Activiteit, Begrotingspost)


def admin_url(model, view, *args):
    return reverse(f"admin:uitvoering_{model._meta.model_name}_{view}", args=args)


def test_the_uitvoering_models_are_in_the_admin_but_not_the_voortgang():
    registered = {model for model in admin.site._registry if model._meta.app_label == "uitvoering"}
    assert registered == set(ADMIN_MODELS)
    assert Voortgang not in admin.site._registry


@pytest.fixture
def beheer(wereld, login):
    return login(wereld.beheerder)


def vul(wereld, gemeente, n=1):
    """n programma's, each with an activiteit with a trekker, betrokkenen, two begrotingsposten
    (one with a financier) and a voortgang report."""
    for _ in range(n):
        p = UitvoeringsprogrammaFactory(gemeente=gemeente, programmaleider=None)
        organisaties = [OrganisatieFactory(werkgebied=[gemeente]) for _ in range(2)]
        a = ActiviteitFactory(programma=p, trekker=organisaties[0], betrokkenen=organisaties)
        BegrotingspostFactory(activiteit=a, financier=organisaties[0])
        BegrotingspostFactory(activiteit=a, jaar=2024)
        VoortgangFactory(activiteit=a, door=wereld.programmaleider)


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return response, len(queries)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_queries_do_not_grow_with_the_rows(wereld, beheer, model):
    url = admin_url(model, "changelist")
    vul(wereld, wereld.gemeente)
    Uitvoeringsprogramma.objects.update(programmaleider=wereld.programmaleider)
    beheer.get(url)  # one-off lookups (content types, session)
    response, weinig = count_queries(beheer, url)
    een = response.context["cl"].result_count
    assert een == (2 if model is Begrotingspost else 1)

    vul(wereld, wereld.gemeente, 5)
    vul(wereld, wereld.andere_gemeente, 4)
    Uitvoeringsprogramma.objects.update(programmaleider=wereld.programmaleider)
    response, veel = count_queries(beheer, url)
    assert response.context["cl"].result_count == 10 * een
    assert veel == weinig


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_the_beheerder_opens_the_pages(wereld, beheer, model):
    vul(wereld, wereld.gemeente)
    obj = model.objects.first()
    assert beheer.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert beheer.get(admin_url(model, "add")).status_code == 200


def test_the_changelists_show_filter_and_search(wereld, beheer):
    vul(wereld, wereld.gemeente)
    p = UitvoeringsprogrammaFactory(
        gemeente=wereld.andere_gemeente,
        titel="Uitvoeringsprogramma Gemeente B 2024–2027",
        periode_start=2024,
        periode_eind=2027,
        status=Status.VASTGESTELD,
        programmaleider=wereld.andere_beleidsadviseur,
    )
    ActiviteitFactory(programma=p, titel="Mantelzorgwoningen", status="vertraagd")

    response = beheer.get(admin_url(Uitvoeringsprogramma, "changelist"), {"q": "Gemeente B"})
    assert list(response.context["cl"].result_list) == [p]
    content = response.content.decode()
    assert "2024–2027" in content and str(wereld.andere_beleidsadviseur) in content
    response = beheer.get(
        admin_url(Uitvoeringsprogramma, "changelist"), {"status__exact": "concept"}
    )
    assert p not in response.context["cl"].result_list
    assert response.context["cl"].result_count == 1

    response = beheer.get(admin_url(Activiteit, "changelist"), {"status__exact": "vertraagd"})
    assert [a.titel for a in response.context["cl"].result_list] == ["Mantelzorgwoningen"]
    response = beheer.get(
        admin_url(Activiteit, "changelist"),
        {"programma__gemeente__id__exact": wereld.gemeente.pk},
    )
    assert response.context["cl"].result_count == 1

    response = beheer.get(admin_url(Begrotingspost, "changelist"), {"jaar": 2024})
    assert response.context["cl"].result_count == 1


def activiteit_post(activiteit, **wijzigingen):
    data = {
        "programma": activiteit.programma_id,
        "afspraak": activiteit.afspraak_id,
        "titel": activiteit.titel,
        "omschrijving": "",
        "trekker": activiteit.trekker_id or "",
        "betrokkenen": [],
        "gebied": "",
        "locatie": "",
        "start": "2022-03-01",
        "eind": "2023-06-30",
        "status": activiteit.status,
        "woonvorm": "",
        "aantal": "",
        "bouwsoort": "",
        "begrotingsposten-TOTAL_FORMS": 0,
        "begrotingsposten-INITIAL_FORMS": 0,
        "voortgang-TOTAL_FORMS": 0,
        "voortgang-INITIAL_FORMS": 0,
        "_save": "Opslaan",
    }
    return data | wijzigingen


def test_an_activiteit_is_changed_in_the_admin_with_the_model_rules(wereld, beheer):
    a = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    url = admin_url(Activiteit, "change", a.pk)
    response = beheer.post(url, activiteit_post(a, bouwsoort="nieuwbouw"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "aantal": ["Geef het aantal woningen bij de bouwsoort."]
    }

    response = beheer.post(url, activiteit_post(a, titel="Nieuwe titel", aantal=20))
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.titel, a.aantal) == ("Nieuwe titel", 20)


# --- Voortgang is history ---------------------------------------------------------------------


@pytest.fixture
def gemeld(wereld):
    a = ActiviteitFactory(programma__gemeente=wereld.gemeente, trekker=wereld.corporatie)
    VoortgangFactory(
        activiteit=a,
        datum=datetime.date(2023, 5, 1),
        gerealiseerd_aantal=12,
        toelichting="De eerste 12 woningen zijn klaar.",
        door=wereld.partner,
    )
    return a


def test_the_voortgang_is_shown_read_only_on_its_activiteit(gemeld, beheer):
    response = beheer.get(admin_url(Activiteit, "change", gemeld.pk))
    begroting, voortgang = response.context["inline_admin_formsets"]
    assert begroting.formset.model is Begrotingspost
    assert voortgang.formset.model is Voortgang
    assert not voortgang.has_add_permission
    assert not voortgang.has_change_permission
    assert not voortgang.has_delete_permission
    assert begroting.has_add_permission  # the budget is still open
    content = response.content.decode()
    assert "De eerste 12 woningen zijn klaar." in content
    assert 'name="voortgang-0-toelichting"' not in content


def test_a_post_cannot_change_or_delete_the_voortgang(gemeld, beheer):
    melding = gemeld.voortgang.get()
    response = beheer.post(
        admin_url(Activiteit, "change", gemeld.pk),
        activiteit_post(
            gemeld,
            **{
                "voortgang-TOTAL_FORMS": 2,
                "voortgang-INITIAL_FORMS": 1,
                "voortgang-0-id": melding.pk,
                "voortgang-0-activiteit": gemeld.pk,
                "voortgang-0-toelichting": "Herschreven",
                "voortgang-0-DELETE": "on",
                "voortgang-1-activiteit": gemeld.pk,
                "voortgang-1-datum": "2024-01-01",
                "voortgang-1-status": "gereed",
                "voortgang-1-toelichting": "Erbij verzonnen",
            },
        ),
    )
    assert response.status_code == 302
    assert list(Voortgang.objects.values_list("pk", "toelichting")) == [
        (melding.pk, "De eerste 12 woningen zijn klaar.")
    ]


def test_the_realised_aantal_is_shown_not_edited(gemeld, beheer):
    Activiteit.objects.filter(pk=gemeld.pk).update(gerealiseerd_aantal=12)
    response = beheer.post(
        admin_url(Activiteit, "change", gemeld.pk),
        activiteit_post(gemeld, gerealiseerd_aantal=99),
    )
    assert response.status_code == 302
    gemeld.refresh_from_db()
    assert gemeld.gerealiseerd_aantal == 12


# --- An afgerond programme is read-only ---------------------------------------------------------


@pytest.fixture
def afgerond(wereld):
    p = UitvoeringsprogrammaFactory(gemeente=wereld.gemeente, status=Status.AFGEROND)
    a = ActiviteitFactory(programma=p, titel="Afgerond werk")
    BegrotingspostFactory(activiteit=a, bedrag=Decimal("100.00"))
    VoortgangFactory(activiteit=a, door=wereld.programmaleider)
    return p


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_an_afgerond_programme_opens_as_a_view_page(afgerond, beheer, model):
    obj = model.objects.get()
    response = beheer.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    assert 'name="_save"' not in response.content.decode()


def test_an_afgerond_programme_cannot_be_changed_or_deleted(afgerond, beheer):
    url = admin_url(Uitvoeringsprogramma, "change", afgerond.pk)
    response = beheer.post(
        url,
        {
            "gemeente": afgerond.gemeente_id,
            "titel": "Heropend",
            "periode_start": 2022,
            "periode_eind": 2025,
            "programmaleider": "",
            "status": Status.VASTGESTELD,
            "toelichting": "",
        },
    )
    assert response.status_code == 403
    afgerond.refresh_from_db()
    assert (afgerond.titel, afgerond.status) != ("Heropend", Status.VASTGESTELD)
    assert afgerond.status == Status.AFGEROND

    delete = admin_url(Uitvoeringsprogramma, "delete", afgerond.pk)
    assert beheer.post(delete, {"post": "yes"}).status_code == 403
    assert Uitvoeringsprogramma.objects.filter(pk=afgerond.pk).exists()


def test_its_activiteiten_and_posts_cannot_be_changed_or_deleted(afgerond, beheer):
    a = Activiteit.objects.get()
    response = beheer.post(admin_url(Activiteit, "change", a.pk), activiteit_post(a, titel="Nee"))
    assert response.status_code == 403
    assert beheer.post(admin_url(Activiteit, "delete", a.pk), {"post": "yes"}).status_code == 403
    post = Begrotingspost.objects.get()
    assert (
        beheer.post(admin_url(Begrotingspost, "delete", post.pk), {"post": "yes"}).status_code
        == 403
    )
    a.refresh_from_db()
    assert a.titel == "Afgerond werk"
    assert Begrotingspost.objects.filter(pk=post.pk).exists()

    response = beheer.get(admin_url(Activiteit, "change", a.pk))
    begroting, voortgang = response.context["inline_admin_formsets"]
    assert not begroting.has_add_permission
    assert not begroting.has_change_permission
    assert not begroting.has_delete_permission


def test_nothing_is_added_to_an_afgerond_programme(afgerond, beheer):
    a = Activiteit.objects.get()
    nieuw = Activiteit(programma=afgerond, afspraak=a.afspraak, titel="Erbij")
    response = beheer.post(admin_url(Activiteit, "add"), activiteit_post(nieuw))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"programma": [afgerond.alleen_lezen_reden]}

    response = beheer.post(
        admin_url(Begrotingspost, "add"),
        {
            "activiteit": a.pk,
            "jaar": 2023,
            "bedrag": "500.00",
            "financier": "",
            "zekerheid": "verwacht",
            "omschrijving": "",
            "_save": "Opslaan",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"activiteit": [a.alleen_lezen_reden]}
    assert Activiteit.objects.count() == 1
    assert Begrotingspost.objects.count() == 1


def test_a_begrotingspost_outside_the_period_is_refused(wereld, beheer):
    a = ActiviteitFactory(programma__gemeente=wereld.gemeente)
    response = beheer.post(
        admin_url(Begrotingspost, "add"),
        {
            "activiteit": a.pk,
            "jaar": 2030,
            "bedrag": "500.00",
            "financier": "",
            "zekerheid": "verwacht",
            "omschrijving": "",
            "_save": "Opslaan",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "jaar": ["Kies een jaar binnen de periode van het uitvoeringsprogramma."]
    }
