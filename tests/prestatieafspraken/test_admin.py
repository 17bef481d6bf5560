"""The beheerder's Django admin for prestatieafspraken: pages open with a fixed number of queries,
a change of the text there makes a new versie as on the pages, a beëindigde overeenkomst is
read-only, and a signature can never be added, changed or deleted, by the superuser neither."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import (
    Afspraak,
    Jaardoel,
    Jaarschijf,
    Maatregel,
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
from tests.woonzorg.factories import OrganisatieFactory

Status = Overeenkomst.Status
ADMIN_MODELS = (Overeenkomst, Afspraak, Jaarschijf, Ondertekening)


def admin_url(model, view, *args):
    return reverse(f"admin:prestatieafspraken_{model._meta.model_name}_{view}", args=args)


def test_the_prestatieafspraken_models_are_in_the_admin():
    registered = {
        model for model in admin.site._registry if model._meta.app_label == "prestatieafspraken"
    }
    assert registered == {Opgave, Maatregel, *ADMIN_MODELS}


@pytest.fixture
def beheer(wereld, login):
    return login(wereld.beheerder)


def vul(gemeente, n=1):
    """n overeenkomsten, each with two parties, two afspraken with betrokkenen, a jaarschijf
    with a jaardoel and a signature."""
    for _ in range(n):
        o = OvereenkomstFactory(gemeente=gemeente)
        organisaties = [OrganisatieFactory(werkgebied=[gemeente]) for _ in range(2)]
        for organisatie in organisaties:
            PartijFactory(overeenkomst=o, organisatie=organisatie)
        for nummer in ("1.1", "2.1"):
            afspraak = AfspraakFactory(overeenkomst=o, nummer=nummer, trekker=organisaties[0])
            afspraak.betrokkenen.set(organisaties)
        JaardoelFactory(jaarschijf=JaarschijfFactory(overeenkomst=o), afspraak=afspraak)
        OndertekeningFactory(overeenkomst=o, organisatie=organisaties[0])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_changelist_queries_do_not_grow_with_the_rows(wereld, beheer, model):
    url = admin_url(model, "changelist")
    vul(wereld.gemeente)
    beheer.get(url)  # one-off lookups (content types, session)
    response, weinig = count_queries(beheer, url)
    een = response.context["cl"].result_count
    assert een == (2 if model is Afspraak else 1)

    vul(wereld.gemeente, 5)
    vul(wereld.andere_gemeente, 4)
    response, veel = count_queries(beheer, url)
    assert response.context["cl"].result_count == 10 * een
    assert veel == weinig


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m._meta.model_name)
def test_the_beheerder_opens_the_pages(wereld, beheer, model):
    vul(wereld.gemeente)
    obj = model.objects.first()
    assert beheer.get(admin_url(model, "change", obj.pk)).status_code == 200
    add = beheer.get(admin_url(model, "add"))
    assert add.status_code == (403 if model is Ondertekening else 200)


def test_the_changelists_filter_and_search(wereld, beheer):
    vul(wereld.gemeente)
    o = OvereenkomstFactory(gemeente=wereld.andere_gemeente, titel="Pact Regio A 2026–2030")
    AfspraakFactory(overeenkomst=o, domein="fysieke_omgeving", type="proces")

    response = beheer.get(admin_url(Overeenkomst, "changelist"), {"q": "Pact Regio"})
    assert list(response.context["cl"].result_list) == [o]
    assert "2026–2030" in response.content.decode()

    response = beheer.get(admin_url(Afspraak, "changelist"), {"domein__exact": "fysieke_omgeving"})
    assert [a.overeenkomst for a in response.context["cl"].result_list] == [o]
    response = beheer.get(
        admin_url(Afspraak, "changelist"), {"overeenkomst__gemeente__id__exact": wereld.gemeente.pk}
    )
    assert response.context["cl"].result_count == 2


# --- Signatures are never added, changed or deleted -----------------------------------------------


@pytest.fixture
def ondertekening(wereld):
    return OndertekeningFactory(
        overeenkomst=OvereenkomstFactory(gemeente=wereld.gemeente),
        organisatie=wereld.corporatie,
        naam="Kees Visser",
        inhoud_hash="a" * 64,
    )


def test_a_signature_opens_as_a_view_page(ondertekening, beheer):
    response = beheer.get(admin_url(Ondertekening, "change", ondertekening.pk))
    content = response.content.decode()
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    assert 'name="_save"' not in content
    assert admin_url(Ondertekening, "delete", ondertekening.pk) not in content
    assert "a" * 64 in content


def test_a_signature_cannot_be_changed(ondertekening, beheer):
    url = admin_url(Ondertekening, "change", ondertekening.pk)
    response = beheer.post(url, {"naam": "Iemand anders", "inhoud_hash": "b" * 64, "versie": 9})
    assert response.status_code == 403
    ondertekening.refresh_from_db()
    assert (ondertekening.naam, ondertekening.inhoud_hash) == ("Kees Visser", "a" * 64)


def test_a_signature_cannot_be_added(wereld, beheer):
    assert beheer.get(admin_url(Ondertekening, "add")).status_code == 403
    response = beheer.post(
        admin_url(Ondertekening, "add"),
        {
            "overeenkomst": OvereenkomstFactory(gemeente=wereld.gemeente).pk,
            "organisatie": wereld.corporatie.pk,
            "ondertekend_door": wereld.partner.pk,
            "naam": "Vals",
            "versie": 1,
            "inhoud_hash": "c" * 64,
            "ondertekend_op_0": "2025-01-01",
            "ondertekend_op_1": "12:00",
        },
    )
    assert response.status_code == 403
    assert not Ondertekening.objects.exists()


def test_a_signature_cannot_be_deleted(ondertekening, beheer):
    url = admin_url(Ondertekening, "delete", ondertekening.pk)
    assert beheer.get(url).status_code == 403
    assert beheer.post(url, {"post": "yes"}).status_code == 403
    changelist = beheer.get(admin_url(Ondertekening, "changelist"))
    model_admin = changelist.context["cl"].model_admin
    assert "delete_selected" not in model_admin.get_actions(changelist.wsgi_request)
    response = beheer.post(
        admin_url(Ondertekening, "changelist"),
        {"action": "delete_selected", "_selected_action": [ondertekening.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)  # "no action selected", nothing deleted
    assert Ondertekening.objects.filter(pk=ondertekening.pk).exists()


def test_nor_through_deleting_its_overeenkomst(ondertekening, beheer):
    url = admin_url(Overeenkomst, "delete", ondertekening.overeenkomst_id)
    assert beheer.post(url, {"post": "yes"}).status_code == 403
    assert Ondertekening.objects.filter(pk=ondertekening.pk).exists()


def test_the_overeenkomst_lists_its_signatures_read_only(ondertekening, beheer):
    response = beheer.get(admin_url(Overeenkomst, "change", ondertekening.overeenkomst_id))
    partijen, ondertekeningen = response.context["inline_admin_formsets"]
    assert partijen.formset.model is Partij
    assert ondertekeningen.formset.model is Ondertekening
    assert not ondertekeningen.has_add_permission
    assert not ondertekeningen.has_change_permission
    assert not ondertekeningen.has_delete_permission
    assert "Kees Visser" in response.content.decode()


# --- A change in the admin makes a new versie -----------------------------------------------------


@pytest.fixture
def ondertekend(wereld):
    """Signed by both parties: the gemeente and corporatie X."""
    o = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken 2022–2025")
    PartijFactory(overeenkomst=o, organisatie=wereld.gemeente_organisatie)
    PartijFactory(overeenkomst=o, organisatie=wereld.corporatie)
    AfspraakFactory(
        overeenkomst=o, nummer="1.1", titel="Geclusterde woonvormen", trekker=wereld.corporatie
    )
    services.ter_ondertekening(o, door=wereld.beleidsadviseur, mail=False)
    for user in (wereld.partner, wereld.beleidsadviseur):
        o.refresh_from_db()
        services.onderteken(o, door=user, gelezen_hash=o.inhoud_hash)
    o.refresh_from_db()
    assert o.status == Status.ONDERTEKEND
    return o


def afspraak_post(afspraak, **wijzigingen):
    data = {
        "overeenkomst": afspraak.overeenkomst_id,
        "nummer": afspraak.nummer,
        "domein": afspraak.domein,
        "type": afspraak.type,
        "opgave": "",
        "maatregel": "",
        "titel": afspraak.titel,
        "tekst": afspraak.tekst,
        "trekker": afspraak.trekker_id or "",
        "betrokkenen": [o.pk for o in afspraak.betrokkenen.all()] if afspraak.pk else [],
        "ambitie": "",
        "doelstelling": "",
        "woonvorm": "",
        "gebied": "",
        "aantal": "",
        "eenheid": "",
        "aantal_nieuwbouw": "",
        "aantal_bestaande_bouw": "",
        "deadline": "",
        "verwijzingen": [],
        "verwijzing": "",
        "_save": "Opslaan",
    }
    return data | wijzigingen


def overeenkomst_post(o, partijen=None, **wijzigingen):
    partijen = list(o.partijen.all()) if partijen is None else partijen
    data = {
        "gemeente": o.gemeente_id,
        "titel": o.titel,
        "soort": o.soort,
        "periode_start": o.periode_start,
        "periode_eind": o.periode_eind,
        "visie": o.visie_id or "",
        "toelichting": o.toelichting,
        "partijen-TOTAL_FORMS": len(partijen),
        "partijen-INITIAL_FORMS": len([p for p in partijen if p.pk]),
        "ondertekeningen-TOTAL_FORMS": 0,
        "ondertekeningen-INITIAL_FORMS": 0,
        "_save": "Opslaan",
    }
    for index, partij in enumerate(partijen):
        data |= {
            f"partijen-{index}-id": partij.pk or "",
            f"partijen-{index}-overeenkomst": o.pk,
            f"partijen-{index}-organisatie": partij.organisatie_id,
            f"partijen-{index}-rol": partij.rol,
        }
    return data | wijzigingen


def assert_nieuwe_versie(o, versie=2):
    o.refresh_from_db()
    assert (o.versie, o.status) == (versie, Status.TER_ONDERTEKENING)
    assert o.inhoud_hash == services.bereken_hash(o)
    assert not o.ondertekeningen.filter(vervallen=False).exists()
    assert o.ondertekeningen.filter(vervallen=True).count() == 2


def test_an_admin_edit_of_a_signed_afspraak_makes_a_new_versie(
    wereld, ondertekend, beheer, django_capture_on_commit_callbacks
):
    from django.core import mail

    afspraak = ondertekend.afspraken.get()
    url = admin_url(Afspraak, "change", afspraak.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = beheer.post(url, afspraak_post(afspraak, tekst="Nu 120 wooneenheden."))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_nieuwe_versie(ondertekend)
    # the parties are asked to sign versie 2
    assert {m.to[0] for m in mail.outbox} == {
        "ba@gemeente-a.test",
        "pl@gemeente-a.test",
        "partner@corporatie-x.test",
    }
    assert all("(versie 2)" in m.subject for m in mail.outbox)


def test_a_change_of_only_the_betrokkenen_is_seen(wereld, ondertekend, beheer):
    # M2M links are saved before the new hash is taken
    afspraak = ondertekend.afspraken.get()
    url = admin_url(Afspraak, "change", afspraak.pk)
    response = beheer.post(url, afspraak_post(afspraak, betrokkenen=[wereld.corporatie.pk]))
    assert response.status_code == 302
    assert_nieuwe_versie(ondertekend)
    assert "Woningcorporatie X" in services.inhoud(ondertekend)["afspraken"][0]["betrokkenen"]


def test_an_unchanged_save_makes_no_new_versie(ondertekend, beheer):
    afspraak = ondertekend.afspraken.get()
    response = beheer.post(admin_url(Afspraak, "change", afspraak.pk), afspraak_post(afspraak))
    assert response.status_code == 302
    ondertekend.refresh_from_db()
    assert (ondertekend.versie, ondertekend.status) == (1, Status.ONDERTEKEND)
    assert ondertekend.ondertekeningen.filter(vervallen=False).count() == 2


def test_an_afspraak_added_or_deleted_in_the_admin_makes_a_new_versie(ondertekend, beheer):
    nieuw = Afspraak(
        overeenkomst=ondertekend, nummer="1.2", domein="wonen", type="proces", titel="Overleg",
        tekst="2x per jaar bestuurlijk overleg.",
    )  # fmt: skip
    response = beheer.post(admin_url(Afspraak, "add"), afspraak_post(nieuw))
    assert response.status_code == 302
    assert_nieuwe_versie(ondertekend, versie=2)

    toegevoegd = ondertekend.afspraken.get(nummer="1.2")
    response = beheer.post(admin_url(Afspraak, "delete", toegevoegd.pk), {"post": "yes"})
    assert response.status_code == 302
    ondertekend.refresh_from_db()
    assert ondertekend.versie == 3
    assert ondertekend.inhoud_hash == services.bereken_hash(ondertekend)


def test_afspraken_deleted_in_bulk_make_a_new_versie(wereld, ondertekend, beheer):
    AfspraakFactory(overeenkomst=ondertekend, nummer="1.2")
    services.registreer_wijziging(ondertekend, door=wereld.beheerder, mail=False)
    assert ondertekend.versie == 2
    response = beheer.post(
        admin_url(Afspraak, "changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [ondertekend.afspraken.get(nummer="1.2").pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    ondertekend.refresh_from_db()
    assert ondertekend.versie == 3
    assert ondertekend.inhoud_hash == services.bereken_hash(ondertekend)


def test_an_afspraak_moved_to_another_overeenkomst_changes_both(wereld, ondertekend, beheer):
    ander = OvereenkomstFactory(gemeente=wereld.gemeente)
    PartijFactory(overeenkomst=ander, organisatie=wereld.corporatie)
    AfspraakFactory(overeenkomst=ander, nummer="9.9")
    services.ter_ondertekening(ander, door=wereld.beleidsadviseur, mail=False)

    afspraak = ondertekend.afspraken.get()
    response = beheer.post(
        admin_url(Afspraak, "change", afspraak.pk), afspraak_post(afspraak, overeenkomst=ander.pk)
    )
    assert response.status_code == 302
    ondertekend.refresh_from_db()
    ander.refresh_from_db()
    assert ondertekend.versie == 2
    assert ander.versie == 2


def test_an_admin_edit_of_the_overeenkomst_makes_a_new_versie(ondertekend, beheer):
    url = admin_url(Overeenkomst, "change", ondertekend.pk)
    response = beheer.post(url, overeenkomst_post(ondertekend, titel="Prestatieafspraken, herzien"))
    assert response.status_code == 302
    assert_nieuwe_versie(ondertekend)


def test_a_partij_added_in_the_admin_makes_a_new_versie(wereld, ondertekend, beheer):
    # the inline is saved before the new hash is taken
    zorgkantoor = OrganisatieFactory(naam="Zorgkantoor Regio A", werkgebied=[wereld.gemeente])
    partijen = [
        *ondertekend.partijen.all(),
        Partij(organisatie=zorgkantoor, rol=Partij.Rol.MEDEONDERTEKENAAR),
    ]
    url = admin_url(Overeenkomst, "change", ondertekend.pk)
    response = beheer.post(url, overeenkomst_post(ondertekend, partijen))
    assert response.status_code == 302
    assert_nieuwe_versie(ondertekend)
    assert ondertekend.partijen.count() == 3


def test_a_partij_must_work_in_the_gemeente(wereld, ondertekend, beheer):
    partijen = [*ondertekend.partijen.all(), Partij(organisatie=wereld.andere_corporatie)]
    url = admin_url(Overeenkomst, "change", ondertekend.pk)
    response = beheer.post(url, overeenkomst_post(ondertekend, partijen))
    assert response.status_code == 200
    assert "Kies een organisatie die in deze gemeente werkt." in response.content.decode()
    ondertekend.refresh_from_db()
    assert ondertekend.versie == 1


def test_status_versie_and_hash_are_not_form_fields(ondertekend, beheer):
    url = admin_url(Overeenkomst, "change", ondertekend.pk)
    form = beheer.get(url).context["adminform"].form
    assert not {"status", "versie", "inhoud_hash"} & set(form.fields)
    beheer.post(
        url, overeenkomst_post(ondertekend, status="concept", versie=9, inhoud_hash="0" * 64)
    )
    ondertekend.refresh_from_db()
    assert (ondertekend.status, ondertekend.versie) == (Status.ONDERTEKEND, 1)


def test_a_jaarschijf_change_makes_no_new_versie(ondertekend, beheer):
    jaarschijf = JaarschijfFactory(overeenkomst=ondertekend, jaar=2024)
    afspraak = ondertekend.afspraken.get()
    response = beheer.post(
        admin_url(Jaarschijf, "change", jaarschijf.pk),
        {
            "overeenkomst": ondertekend.pk,
            "jaar": 2024,
            "toelichting": "Een nieuwe regeling",
            "jaardoelen-TOTAL_FORMS": 1,
            "jaardoelen-INITIAL_FORMS": 0,
            "jaardoelen-0-afspraak": afspraak.pk,
            "jaardoelen-0-aantal": 60,
            "jaardoelen-0-tekst": "X 20, Y 40",
            "_save": "Opslaan",
        },
    )
    assert response.status_code == 302
    assert Jaardoel.objects.get().aantal == 60
    ondertekend.refresh_from_db()
    assert (ondertekend.versie, ondertekend.status) == (1, Status.ONDERTEKEND)


def test_a_jaardoel_is_set_for_an_afspraak_of_the_same_overeenkomst(wereld, ondertekend, beheer):
    jaarschijf = JaarschijfFactory(overeenkomst=ondertekend, jaar=2024)
    vreemd = AfspraakFactory(overeenkomst=OvereenkomstFactory(gemeente=wereld.gemeente))
    response = beheer.get(admin_url(Jaarschijf, "change", jaarschijf.pk))
    formset = response.context["inline_admin_formsets"][0].formset
    assert list(formset.empty_form.fields["afspraak"].queryset) == list(ondertekend.afspraken.all())
    response = beheer.post(
        admin_url(Jaarschijf, "change", jaarschijf.pk),
        {
            "overeenkomst": ondertekend.pk,
            "jaar": 2024,
            "toelichting": "",
            "jaardoelen-TOTAL_FORMS": 1,
            "jaardoelen-INITIAL_FORMS": 0,
            "jaardoelen-0-afspraak": vreemd.pk,
            "jaardoelen-0-aantal": 60,
            "jaardoelen-0-tekst": "",
        },
    )
    assert response.status_code == 200
    assert not Jaardoel.objects.exists()


# --- A beëindigde overeenkomst is read-only ------------------------------------------------------


@pytest.fixture
def beeindigd(wereld, ondertekend):
    services.beeindigen(ondertekend, door=wereld.beleidsadviseur)
    ondertekend.refresh_from_db()
    JaarschijfFactory(overeenkomst=ondertekend, jaar=2024)
    return ondertekend


@pytest.mark.parametrize("model", (Overeenkomst, Afspraak, Jaarschijf), ids=lambda m: m.__name__)
def test_a_beeindigde_overeenkomst_opens_without_save_or_delete(beeindigd, beheer, model):
    obj = beeindigd if model is Overeenkomst else model.objects.get(overeenkomst=beeindigd)
    response = beheer.get(admin_url(model, "change", obj.pk))
    content = response.content.decode()
    assert not response.context["has_change_permission"]
    assert not response.context["has_delete_permission"]
    assert 'name="_save"' not in content
    for inline in response.context["inline_admin_formsets"]:
        assert not (inline.has_add_permission or inline.has_change_permission)
        assert not inline.has_delete_permission

    assert beheer.post(admin_url(model, "change", obj.pk), {"titel": "x"}).status_code == 403
    assert beheer.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


def test_a_post_does_not_change_a_beeindigde_afspraak(beeindigd, beheer):
    afspraak = beeindigd.afspraken.get()
    response = beheer.post(
        admin_url(Afspraak, "change", afspraak.pk), afspraak_post(afspraak, tekst="Overschreven")
    )
    assert response.status_code == 403
    afspraak.refresh_from_db()
    assert afspraak.tekst != "Overschreven"
    beeindigd.refresh_from_db()
    assert (beeindigd.status, beeindigd.versie) == (Status.BEEINDIGD, 1)


def test_nothing_is_added_to_a_beeindigde_overeenkomst(beeindigd, beheer):
    nieuw = Afspraak(
        overeenkomst=beeindigd, nummer="3.1", domein="wonen", type="proces", titel="t", tekst="t"
    )
    response = beheer.post(admin_url(Afspraak, "add"), afspraak_post(nieuw))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["overeenkomst"] == [
        "Deze overeenkomst is beëindigd en kan niet meer worden gewijzigd."
    ]
    response = beheer.post(
        admin_url(Jaarschijf, "add"),
        {
            "overeenkomst": beeindigd.pk,
            "jaar": 2025,
            "toelichting": "",
            "jaardoelen-TOTAL_FORMS": 0,
            "jaardoelen-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "overeenkomst" in response.context["adminform"].form.errors
    assert beeindigd.afspraken.count() == 1
    assert beeindigd.jaarschijven.count() == 1


def test_a_signed_agreement_is_still_editable_by_the_beheerder(ondertekend, beheer):
    response = beheer.get(admin_url(Overeenkomst, "change", ondertekend.pk))
    assert response.context["has_change_permission"]
    deadline = datetime.date(2025, 12, 31)
    afspraak = ondertekend.afspraken.get()
    response = beheer.post(
        admin_url(Afspraak, "change", afspraak.pk),
        afspraak_post(afspraak, deadline=deadline.isoformat()),
    )
    assert response.status_code == 302
    afspraak.refresh_from_db()
    assert afspraak.deadline == deadline
