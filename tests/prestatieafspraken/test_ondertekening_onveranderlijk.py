"""A signature and its hash are evidence: never changed or deleted, by the model, a queryset or
the admin. The one change allowed is the one a new versie makes: marking it vervallen."""

import pytest
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.urls import reverse

from prestatieafspraken import services
from prestatieafspraken.models import Ondertekening, OndertekeningOnveranderlijk, Overeenkomst
from tests.prestatieafspraken.factories import AfspraakFactory, OvereenkomstFactory, PartijFactory


@pytest.fixture
def getekend(wereld):
    """An agreement out for signature that the partner's corporatie has signed."""
    overeenkomst = OvereenkomstFactory(gemeente=wereld.gemeente, titel="Prestatieafspraken A")
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.corporatie)
    PartijFactory(overeenkomst=overeenkomst, organisatie=wereld.gemeente_organisatie)
    AfspraakFactory(overeenkomst=overeenkomst, nummer="1.1")
    services.ter_ondertekening(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    overeenkomst.refresh_from_db()
    return services.onderteken(
        overeenkomst,
        door=wereld.partner,
        gelezen_hash=overeenkomst.inhoud_hash,
        functie="directeur-bestuurder",
    )


def opgeslagen(ondertekening):
    return Ondertekening.objects.filter(pk=ondertekening.pk).values().get()


@pytest.mark.parametrize(
    "veld, waarde",
    [
        ("inhoud_hash", "f" * 64),
        ("versie", 7),
        ("naam", "Iemand anders"),
        ("functie", "stagiair"),
    ],
)
def test_a_signature_cannot_be_changed_on_the_model(getekend, veld, waarde):
    voor = opgeslagen(getekend)
    setattr(getekend, veld, waarde)
    with pytest.raises(OndertekeningOnveranderlijk):
        getekend.save()
    assert opgeslagen(getekend) == voor


def test_nor_its_organisatie_signer_or_moment(getekend, wereld):
    voor = opgeslagen(getekend)
    for veld, waarde in (
        ("organisatie", wereld.gemeente_organisatie),
        ("ondertekend_door", wereld.beleidsadviseur),
        ("ondertekend_op", getekend.ondertekend_op.replace(year=2020)),
    ):
        ondertekening = Ondertekening.objects.get(pk=getekend.pk)
        setattr(ondertekening, veld, waarde)
        with pytest.raises(OndertekeningOnveranderlijk):
            ondertekening.save()
    assert opgeslagen(getekend) == voor


def test_saving_it_unchanged_or_with_update_fields_is_refused_too(getekend):
    with pytest.raises(OndertekeningOnveranderlijk):
        getekend.save()
    getekend.vervallen = True
    with pytest.raises(OndertekeningOnveranderlijk):
        getekend.save(update_fields=["vervallen", "inhoud_hash"])


def test_a_vervallen_signature_does_not_come_back(getekend):
    getekend.vervallen = True
    getekend.save()
    getekend.vervallen = False
    with pytest.raises(OndertekeningOnveranderlijk):
        getekend.save()
    assert opgeslagen(getekend)["vervallen"] is True


def test_marking_it_vervallen_is_the_one_change_allowed(getekend):
    voor = opgeslagen(getekend)
    getekend.vervallen = True
    getekend.save()
    assert opgeslagen(getekend) == {**voor, "vervallen": True}


def test_a_signature_cannot_be_deleted(getekend):
    with pytest.raises(OndertekeningOnveranderlijk):
        getekend.delete()
    assert Ondertekening.objects.filter(pk=getekend.pk).exists()


def test_nor_in_bulk(getekend):
    alle = Ondertekening.objects.all()
    with pytest.raises(OndertekeningOnveranderlijk):
        alle.delete()
    with pytest.raises(OndertekeningOnveranderlijk):
        alle.update(inhoud_hash="f" * 64)
    with pytest.raises(OndertekeningOnveranderlijk):
        alle.update(vervallen=True, versie=9)
    with pytest.raises(OndertekeningOnveranderlijk):
        alle.update(vervallen=False)
    with pytest.raises(OndertekeningOnveranderlijk):
        getekend.overeenkomst.ondertekeningen.all().delete()
    getekend.inhoud_hash = "f" * 64
    with pytest.raises(OndertekeningOnveranderlijk), transaction.atomic():
        Ondertekening.objects.bulk_update([getekend], ["inhoud_hash"])
    getekend.refresh_from_db()
    assert opgeslagen(getekend)["inhoud_hash"] == getekend.inhoud_hash
    assert alle.update(vervallen=True) == 1  # what registreer_wijziging does


def test_an_overeenkomst_with_signatures_cannot_be_deleted(getekend):
    with pytest.raises(ProtectedError):
        getekend.overeenkomst.delete()
    with pytest.raises(ProtectedError):
        Overeenkomst.objects.filter(pk=getekend.overeenkomst_id).delete()
    assert Ondertekening.objects.filter(pk=getekend.pk).exists()


def test_a_new_versie_still_marks_earlier_signatures_vervallen(getekend, wereld):
    overeenkomst = getekend.overeenkomst
    afspraak = overeenkomst.afspraken.get()
    afspraak.titel = "Een andere titel"
    afspraak.save()
    services.registreer_wijziging(overeenkomst, door=wereld.beleidsadviseur, mail=False)
    overeenkomst.refresh_from_db()
    getekend.refresh_from_db()
    assert overeenkomst.versie == 2
    assert getekend.vervallen is True
    assert getekend.versie == 1  # and nothing else of it changed


def test_the_admin_neither_changes_nor_deletes_a_signature(getekend, wereld, login):
    client = login(wereld.beheerder)
    wijzig = reverse("admin:prestatieafspraken_ondertekening_change", args=[getekend.pk])
    verwijder = reverse("admin:prestatieafspraken_ondertekening_delete", args=[getekend.pk])
    voor = opgeslagen(getekend)

    pagina = client.get(wijzig)
    assert pagina.status_code == 200  # the view page: shown, not editable
    assert 'name="inhoud_hash"' not in pagina.content.decode()
    client.post(wijzig, {"inhoud_hash": "f" * 64, "naam": "Iemand anders"})
    assert client.get(verwijder).status_code == 403
    assert client.post(verwijder, {"post": "yes"}).status_code == 403
    lijst = reverse("admin:prestatieafspraken_ondertekening_changelist")
    client.post(
        lijst, {"action": "delete_selected", "_selected_action": [getekend.pk], "post": "yes"}
    )
    assert opgeslagen(getekend) == voor


def test_the_admin_does_not_delete_a_signed_overeenkomst(getekend, wereld, login):
    client = login(wereld.beheerder)
    verwijder = reverse(
        "admin:prestatieafspraken_overeenkomst_delete", args=[getekend.overeenkomst_id]
    )
    assert client.get(verwijder).status_code == 403
    assert client.post(verwijder, {"post": "yes"}).status_code == 403
    assert Overeenkomst.objects.filter(pk=getekend.overeenkomst_id).exists()
