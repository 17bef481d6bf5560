"""The beheerder's Django admin for borging: changelists with a fixed number of queries, a meting
that records who entered it, an evaluatie about its own gemeente's afspraken, and a
jaarschijfrapport that is shown but never added or changed there."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from borging.models import Evaluatie, Indicator, Jaarschijfrapport, Meting, Streefwaarde
from borging.tasks import foutreden
from tests.borging.factories import (
    EvaluatieFactory,
    IndicatorFactory,
    JaarschijfrapportFactory,
    MetingFactory,
    StreefwaardeFactory,
)
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory
from tests.woonzorg.factories import GebiedFactory, OrganisatieFactory

ADMIN_MODELS = (Indicator, Meting, Evaluatie, Jaarschijfrapport)
Status = Jaarschijfrapport.Status


def admin_url(model, view, *args):
    return reverse(f"admin:borging_{model._meta.model_name}_{view}", args=args)


def test_the_borging_models_are_in_the_admin_but_not_the_streefwaarden():
    registered = {model for model in admin.site._registry if model._meta.app_label == "borging"}
    assert registered == set(ADMIN_MODELS)
    assert Streefwaarde not in admin.site._registry


@pytest.fixture
def beheer(wereld, login):
    return login(wereld.beheerder)


def vul(wereld, gemeente, n=1, *, vanaf=2000):
    """n indicatoren, each on an afspraak with an eigenaar, two streefwaarden and two metingen
    (one of a gebied), plus per n an evaluatie about that afspraak and a finished report."""
    for i in range(n):
        afspraak = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=gemeente))
        indicator = IndicatorFactory(
            gemeente=gemeente,
            afspraak=afspraak,
            eigenaar=OrganisatieFactory(werkgebied=[gemeente]),
        )
        for jaar in (2024, 2025):
            StreefwaardeFactory(indicator=indicator, jaar=jaar)
        MetingFactory(indicator=indicator, ingevoerd_door=wereld.programmaleider)
        MetingFactory(
            indicator=indicator,
            gebied=GebiedFactory(gemeente=gemeente),
            ingevoerd_door=wereld.programmaleider,
        )
        EvaluatieFactory(gemeente=gemeente, jaar=vanaf + i).afspraken.set([afspraak])
        JaarschijfrapportFactory(
            gemeente=gemeente,
            jaar=vanaf + i,
            status=Status.KLAAR,
            bestand=f"jaarschijfrapporten/{gemeente.cbs_code}/rapport-{i}.pdf",
            aangevraagd_door=wereld.programmaleider,
        )


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return response, len(queries)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_queries_do_not_grow_with_the_rows(wereld, beheer, model):
    url = admin_url(model, "changelist")
    vul(wereld, wereld.gemeente)
    beheer.get(url)  # one-off lookups (content types, session)
    response, weinig = count_queries(beheer, url)
    een = response.context["cl"].result_count
    assert een == (2 if model is Meting else 1)

    vul(wereld, wereld.gemeente, 5, vanaf=2010)
    vul(wereld, wereld.andere_gemeente, 4, vanaf=2020)
    response, veel = count_queries(beheer, url)
    assert response.context["cl"].result_count == 10 * een
    assert veel == weinig


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_the_beheerder_opens_the_pages(wereld, beheer, model):
    vul(wereld, wereld.gemeente)
    obj = model.objects.first()
    assert beheer.get(admin_url(model, "change", obj.pk)).status_code == 200
    add = beheer.get(admin_url(model, "add"))
    assert add.status_code == (403 if model is Jaarschijfrapport else 200)


def test_the_changelists_filter_and_search(wereld, beheer):
    vul(wereld, wereld.gemeente)
    IndicatorFactory(
        gemeente=wereld.andere_gemeente,
        naam="Aantal ontmoetingsruimten",
        eigenaar=wereld.andere_corporatie,
        frequentie="per_kwartaal",
    )

    response = beheer.get(admin_url(Indicator, "changelist"), {"q": "ontmoetingsruimten"})
    assert [i.naam for i in response.context["cl"].result_list] == ["Aantal ontmoetingsruimten"]
    assert "Woningcorporatie Z" in response.content.decode()
    response = beheer.get(admin_url(Indicator, "changelist"), {"frequentie__exact": "jaarlijks"})
    assert response.context["cl"].result_count == 1
    response = beheer.get(
        admin_url(Indicator, "changelist"), {"gemeente__id__exact": wereld.andere_gemeente.pk}
    )
    assert response.context["cl"].result_count == 1

    response = beheer.get(
        admin_url(Meting, "changelist"),
        {"indicator__gemeente__id__exact": wereld.gemeente.pk, "jaar": 2024},
    )
    assert response.context["cl"].result_count == 2
    response = beheer.get(admin_url(Jaarschijfrapport, "changelist"), {"status__exact": "klaar"})
    assert response.context["cl"].result_count == 1


# --- Indicator ------------------------------------------------------------------------------------


def test_an_indicator_shows_its_streefwaarden_to_edit_and_its_metingen_as_a_list(wereld, beheer):
    vul(wereld, wereld.gemeente)
    indicator = Indicator.objects.get()
    response = beheer.get(admin_url(Indicator, "change", indicator.pk))
    streefwaarden, metingen = response.context["inline_admin_formsets"]
    assert streefwaarden.formset.model is Streefwaarde
    assert streefwaarden.has_add_permission and streefwaarden.has_change_permission
    assert metingen.formset.model is Meting
    assert not metingen.has_add_permission
    assert not metingen.has_change_permission
    assert 'name="metingen-0-waarde"' not in response.content.decode()


def test_an_indicator_is_changed_in_the_admin_with_the_model_rules(wereld, beheer):
    afspraak = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=wereld.andere_gemeente))
    indicator = IndicatorFactory(gemeente=wereld.gemeente, eigenaar=wereld.corporatie)
    data = {
        "gemeente": wereld.gemeente.pk,
        "naam": indicator.naam,
        "eenheid": "woningen",
        "toelichting": "",
        "afspraak": afspraak.pk,
        "activiteit": "",
        "gebied": "",
        "eigenaar": wereld.corporatie.pk,
        "frequentie": "jaarlijks",
        "richting": "hoger",
        "nulmeting": "0",
        "nulmeting_jaar": "",
        "bron": "",
        "streefwaarden-TOTAL_FORMS": 1,
        "streefwaarden-INITIAL_FORMS": 0,
        "streefwaarden-0-jaar": 2025,
        "streefwaarden-0-waarde": "110",
        "metingen-TOTAL_FORMS": 0,
        "metingen-INITIAL_FORMS": 0,
        "_save": "Opslaan",
    }
    url = admin_url(Indicator, "change", indicator.pk)
    response = beheer.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "nulmeting_jaar": ["Geef de nulmeting en het jaar waarin zij is gemeten samen op."],
        "afspraak": ["Kies een afspraak van deze gemeente."],
    }

    eigen = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=wereld.gemeente))
    response = beheer.post(url, data | {"afspraak": eigen.pk, "nulmeting_jaar": 2021})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.afspraak, indicator.nulmeting_jaar) == (eigen, 2021)
    assert list(indicator.streefwaarden.values_list("jaar", "waarde")) == [
        (2025, Decimal("110.00"))
    ]


# --- Meting ---------------------------------------------------------------------------------------


def meting_post(indicator, **wijzigingen):
    data = {
        "indicator": indicator.pk,
        "jaar": 2024,
        "kwartaal": "",
        "gebied": "",
        "waarde": "36",
        "bron": "Woningbouwmonitor",
        "toelichting": "",
        "_save": "Opslaan",
    }
    return data | wijzigingen


def test_a_meting_added_here_is_entered_by_the_beheerder(wereld, beheer):
    indicator = IndicatorFactory(gemeente=wereld.gemeente, eigenaar=wereld.corporatie)
    # A posted ingevoerd_door is ignored: the field is read-only.
    response = beheer.post(
        admin_url(Meting, "add"), meting_post(indicator, ingevoerd_door=wereld.partner.pk)
    )
    assert response.status_code == 302
    meting = Meting.objects.get()
    assert (meting.waarde, meting.ingevoerd_door) == (Decimal("36.00"), wereld.beheerder)

    # A correction by someone else keeps who entered it.
    meting.ingevoerd_door = wereld.partner
    meting.save()
    response = beheer.post(
        admin_url(Meting, "change", meting.pk), meting_post(indicator, waarde=40)
    )
    assert response.status_code == 302
    meting.refresh_from_db()
    assert (meting.waarde, meting.ingevoerd_door) == (Decimal("40.00"), wereld.partner)


def test_a_meting_keeps_the_model_rules(wereld, beheer):
    indicator = IndicatorFactory(gemeente=wereld.gemeente, eigenaar=wereld.corporatie)
    MetingFactory(indicator=indicator, jaar=2024, ingevoerd_door=wereld.partner)
    response = beheer.post(admin_url(Meting, "add"), meting_post(indicator, kwartaal=2))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "kwartaal": ["Deze indicator wordt jaarlijks gemeten; laat het kwartaal leeg."]
    }
    response = beheer.post(admin_url(Meting, "add"), meting_post(indicator))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["Voor deze indicator, periode en dit gebied is al een meting ingevoerd."]
    }
    assert Meting.objects.count() == 1


# --- Evaluatie ------------------------------------------------------------------------------------


def test_an_evaluatie_is_about_afspraken_of_its_own_gemeente(wereld, beheer):
    eigen = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=wereld.gemeente))
    andere = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=wereld.andere_gemeente))
    data = {
        "gemeente": wereld.gemeente.pk,
        "jaar": 2024,
        "wat_gaat_goed": "De samenwerking loopt goed.",
        "obstakels": "De nieuwbouw op locatie y loopt achter.",
        "bijsturing": "We zoeken een extra nieuwbouwlocatie.",
        "afspraken": [eigen.pk, andere.pk],
        "_save": "Opslaan",
    }
    response = beheer.post(admin_url(Evaluatie, "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "afspraken": ["Kies afspraken van deze gemeente."]
    }

    response = beheer.post(admin_url(Evaluatie, "add"), data | {"afspraken": [eigen.pk]})
    assert response.status_code == 302
    assert list(Evaluatie.objects.get().afspraken.all()) == [eigen]


# --- Jaarschijfrapport: made by the task, never here ----------------------------------------------


@pytest.fixture
def rapport(wereld):
    return JaarschijfrapportFactory(
        gemeente=wereld.gemeente,
        status=Status.MISLUKT,
        fout=foutreden(OSError()),
        pogingen=3,
        aangevraagd_door=wereld.programmaleider,
    )


def test_a_report_opens_as_a_view_page(rapport, beheer):
    response = beheer.get(admin_url(Jaarschijfrapport, "change", rapport.pk))
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    content = response.content.decode()
    assert 'name="_save"' not in content
    assert foutreden(OSError()) in content
    assert 'name="status"' not in content


def test_a_report_cannot_be_added_or_changed(rapport, beheer):
    assert beheer.get(admin_url(Jaarschijfrapport, "add")).status_code == 403
    response = beheer.post(
        admin_url(Jaarschijfrapport, "add"),
        {"gemeente": rapport.gemeente_id, "jaar": 2023, "status": "klaar"},
    )
    assert response.status_code == 403
    assert Jaarschijfrapport.objects.count() == 1

    response = beheer.post(
        admin_url(Jaarschijfrapport, "change", rapport.pk),
        {"gemeente": rapport.gemeente_id, "jaar": 2024, "status": "klaar", "fout": ""},
    )
    assert response.status_code == 403
    rapport.refresh_from_db()
    assert (rapport.status, rapport.fout) == (
        Status.MISLUKT,
        foutreden(OSError()),
    )


def test_the_file_is_named_not_linked(wereld, beheer):
    rapport = JaarschijfrapportFactory(
        gemeente=wereld.gemeente,
        status=Status.KLAAR,
        bestand="jaarschijfrapporten/GM0001/jaarschijfrapport-GM0001-2024-1.pdf",
    )
    content = beheer.get(admin_url(Jaarschijfrapport, "change", rapport.pk)).content.decode()
    assert "jaarschijfrapport-GM0001-2024-1.pdf" in content
    assert 'href="/media/' not in content
