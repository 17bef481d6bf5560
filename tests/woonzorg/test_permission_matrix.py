"""Who may do what, on every page of the application: one matrix.

The pages come from the URL resolver itself, so a new view is covered the moment it has a URL:
every named URL needs an entry in PAGINAS (the admin's follow a rule, see `admin_pagina`), and
an entry for a URL that no longer exists fails too.

Each entry names a PROFILE: who gets what, per role, for a GET and for a POST. Most pages are
one of a handful of kinds, so the profiles below are the access rules of the application, and
PAGINAS says which rule each page follows. Where a page differs from its profile, the entry
says so and why.

The roles (the columns of a profile), all seen from Gemeente A, where the world lives:
- anoniem: not logged in;
- lezer: reads everything of the gemeente, changes nothing;
- partner: a partner user of Woningcorporatie X, which is involved in every object a URL names
  (party, trekker, eigenaar, indiener; see tests/woonzorg/matrix_wereld.py);
- vreemde_partner: a partner user of Zorgaanbieder Y, which works in Gemeente A too but has
  nothing to do with those objects;
- andere_gemeente: a beleidsadviseur of Gemeente B;
- beleidsadviseur, programmaleider: gemeente staff of Gemeente A;
- beheerder: the superuser, without a role anywhere.

The outcomes: OK (2xx, or a redirect that is not to the login page: saved, or sent on),
LOGIN (a redirect to the login page, the admin's for /beheer/), FORBIDDEN (403),
NOT_FOUND (404), NOT_ALLOWED (405: the page does not take that method).

A POST has an empty body (the test client does not check CSRF): for a permitted change that is
usually the form shown again with its errors, and for a delete the delete itself. Every request
runs in a savepoint that is rolled back, so no role changes the world for the next one. A test
per URL and method asks every role and lists every role that got something else.

The admin is asked of three roles only (see ADMIN_ROLLEN). And every URL that names an object
is asked once more under Gemeente B's code, where Gemeente A's object must not be found.
"""

import re
from dataclasses import dataclass, field, replace
from functools import cache
from urllib.parse import parse_qs, urlsplit

import django_otp
import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse

from tests.woonzorg.matrix_wereld import bouw_wereld
from woonzorg import taken

# --- Outcomes and roles ---------------------------------------------------------------------------

OK, LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = "ok", "login", "403", "404", "405"
NIET_GEVRAAGD = "-"  # a role this URL is not asked for (see admin_pagina)
NAAM = {
    OK: "OK",
    LOGIN: "LOGIN",
    FORBIDDEN: "FORBIDDEN",
    NOT_FOUND: "NOT_FOUND",
    NOT_ALLOWED: "NOT_ALLOWED",
    NIET_GEVRAAGD: "not asked",
}

ROLLEN = (
    "anoniem",
    "lezer",
    "partner",
    "vreemde_partner",
    "andere_gemeente",
    "beleidsadviseur",
    "programmaleider",
    "beheerder",
)
METHODEN = ("GET", "POST")


@dataclass(frozen=True)
class Profiel:
    naam: str
    uitleg: str
    get: dict[str, str]
    post: dict[str, str]


def profiel(naam, uitleg, *, GET, POST) -> Profiel:
    """A profile from its rows: one outcome per role, in the order of ROLLEN."""

    def rij(tekst):
        cellen = tekst.split()
        assert len(cellen) == len(ROLLEN), f"{naam}: {len(cellen)} cells for {len(ROLLEN)} roles"
        assert set(cellen) <= set(NAAM) - {NIET_GEVRAAGD}, f"{naam}: unknown outcome in {tekst!r}"
        return dict(zip(ROLLEN, cellen, strict=True))

    return Profiel(naam, uitleg, rij(GET), rij(POST))


# --- The profiles: the access rules ---------------------------------------------------------------
# The cells follow ROLLEN:
#         anoniem lezer partner vreemde andere  beleid. progr.  beheerder

LEZEN = profiel(
    "LEZEN",
    "Common ground, read by every role of the gemeente: its dashboard and lists, the analyse, the "
    "visie, the uitvoeringsprogramma, the evaluaties, the chain of an ambitie.",
    GET=" login   ok    ok      ok      404     ok      ok      ok",
    POST="login   405   405     405     404     405     405     405",
)
LEZEN_BETROKKEN = profiel(
    "LEZEN_BETROKKEN",
    "Read by gemeente staff and lezers, and by a partner only when its organisatie is involved: "
    "party to the overeenkomst, trekker of the afspraak or activiteit, eigenaar of the indicator, "
    "indiener of the initiatief. Another partner does not find it (a POST is refused for the "
    "method before anything is looked up).",
    GET=" login   ok    ok      404     404     ok      ok      ok",
    POST="login   405   405     405     404     405     405     405",
)
INTERN = profiel(
    "INTERN",
    "Gemeente staff and lezers only: what covers every partner's work (the ketencheck, the "
    "jaarschijfrapporten). Partners are refused.",
    GET=" login   ok    403     403     404     ok      ok      ok",
    POST="login   405   403     403     404     405     405     405",
)
BEWERKEN = profiel(
    "BEWERKEN",
    "Changes the gemeente's data: beleidsadviseur, programmaleider and beheerder. Lezers and "
    "partners are refused.",
    GET=" login   403   403     403     404     ok      ok      ok",
    POST="login   403   403     403     404     ok      ok      ok",
)
BEWERKEN_BETROKKEN = profiel(
    "BEWERKEN_BETROKKEN",
    "Changes an object partners see only when involved (an overeenkomst and what is in it, an "
    "activiteit, an indicator): editors only; the involved partner is refused, another partner "
    "does not find it.",
    GET=" login   403   403     404     404     ok      ok      ok",
    POST="login   403   403     404     404     ok      ok      ok",
)
BELEID = profiel(
    "BELEID",
    "Changes the analyse or the visie: the beleidsadviseur (and the beheerder) only, not the "
    "programmaleider.",
    GET=" login   403   403     403     404     ok      403     ok",
    POST="login   403   403     403     404     ok      403     ok",
)
BELEID_BETROKKEN = profiel(
    "BELEID_BETROKKEN",
    "Changes an initiatief: the beleidsadviseur only; the indiener's partner is refused, another "
    "partner does not find it.",
    GET=" login   403   403     404     404     ok      403     ok",
    POST="login   403   403     404     404     ok      403     ok",
)
RAPPORTEREN = profiel(
    "RAPPORTEREN",
    "Reports on one object (voortgang of an activiteit, a meting of an indicator): gemeente staff "
    "and the organisatie that draws or owns it. The lezer is refused, another partner does not "
    "find it.",
    GET=" login   403   ok      404     404     ok      ok      ok",
    POST="login   403   ok      404     404     ok      ok      ok",
)
GESCHIEDENIS = profiel(
    "GESCHIEDENIS",
    "Who changed what in an object, and from which value: the gemeente's editors and the "
    "beheerder. The lezer and the involved partner are refused, another partner does not find it.",
    GET=" login   403   403     404     404     ok      ok      ok",
    POST="login   405   405     405     404     405     405     405",
)
METINGEN = profiel(
    "METINGEN",
    "Metingen in bulk: gemeente staff, and partners whose organisatie owns an indicator in the "
    "gemeente (which ones is decided per row).",
    GET=" login   403   ok      403     404     ok      ok      ok",
    POST="login   403   ok      403     404     ok      ok      ok",
)
ONDERTEKENEN = profiel(
    "ONDERTEKENEN",
    "An overeenkomst out for signature: read as LEZEN_BETROKKEN; signed only by someone of a "
    "party that has not signed yet. Gemeente staff of an organisatie that is no party and the "
    "beheerder, who works for no organisatie, are refused.",
    GET=" login   ok    ok      404     404     ok      ok      ok",
    POST="login   403   ok      404     404     403     403     403",
)
ACCOUNT = profiel(
    "ACCOUNT",
    "The user's own pages: anyone logged in, in whatever gemeente.",
    GET=" login   ok    ok      ok      ok      ok      ok      ok",
    POST="login   ok    ok      ok      ok      ok      ok      ok",
)
PUBLIEK = profiel(
    "PUBLIEK",
    "Open without logging in: logging in and out, a forgotten password, the links in e-mails.",
    GET=" ok      ok    ok      ok      ok      ok      ok      ok",
    POST="ok      ok    ok      ok      ok      ok      ok      ok",
)
NIET_INGESTELD = profiel(
    "NIET_INGESTELD",
    "Logging in with the gemeente's own account (OpenID Connect) while it is not configured, as "
    "here: not found, for everyone. tests/woonzorg/test_oidc.py asks it configured.",
    GET=" 404     404   404     404     404     404     404     404",
    POST="404     404   404     404     404     404     404     404",
)
BEHEER = profiel(
    "BEHEER",
    "The Django admin (/beheer/): the beheerder only. Everyone else is sent to its login page.",
    GET=" login   login login   login   login   login   login   ok",
    POST="login   login login   login   login   login   login   ok",
)


# --- The pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pagina:
    profiel: Profiel
    # The one method the view answers ("GET" or "POST"): the other gets NOT_ALLOWED where the
    # profile says OK.
    alleen: str | None = None
    # The world's object for <pk> when not the one the route names (see OBJECT_PER_PAD).
    object: str | None = None
    # Per role, where this page differs from its profile (a comment at the entry says why).
    get: dict[str, str] = field(default_factory=dict)
    post: dict[str, str] = field(default_factory=dict)

    def verwacht(self, methode) -> dict[str, str]:
        rij = dict(self.profiel.get if methode == "GET" else self.profiel.post)
        if self.alleen and self.alleen != methode:
            rij = {
                rol: NOT_ALLOWED if uitkomst == OK else uitkomst for rol, uitkomst in rij.items()
            }
        return {**rij, **(self.get if methode == "GET" else self.post)}


# The editors' answer to an empty POST that names no upload of theirs.
GEEN_UPLOAD = {"beleidsadviseur": NOT_FOUND, "beheerder": NOT_FOUND}

PAGINAS = {
    # --- The gemeente and the user's own pages
    "home": Pagina(ACCOUNT),  # on to the user's gemeente, or to Mijn taken for a partner
    "taken": Pagina(ACCOUNT, alleen="GET"),
    "dashboard": Pagina(LEZEN),
    "ketencheck": Pagina(INTERN),
    "gebruikers": Pagina(BEWERKEN, alleen="GET"),
    "uitnodigen": Pagina(BEWERKEN),
    "herinneringen": Pagina(ACCOUNT),
    # Two-step login. Every role here comes in verified (tests/conftest.py), so the second step
    # sends it on, and new herstelcodes are shown only right after they are made.
    "tweede_stap": Pagina(ACCOUNT),
    "tweestaps": Pagina(ACCOUNT),
    "herstelcodes": Pagina(ACCOUNT),
    "tweestaps_uitzetten": Pagina(ACCOUNT, post={"beheerder": FORBIDDEN}),  # required for him
    "oidc_authentication_init": Pagina(NIET_INGESTELD),
    "oidc_authentication_callback": Pagina(NIET_INGESTELD),
    "herinneringen_uit": Pagina(PUBLIEK),  # the signed link in the e-mail is the key
    "login": Pagina(PUBLIEK),  # someone logged in is sent on
    "logout": Pagina(PUBLIEK, alleen="POST"),
    "password_change": Pagina(ACCOUNT),
    "password_change_done": Pagina(ACCOUNT, alleen="GET"),
    "password_reset": Pagina(PUBLIEK),
    "password_reset_done": Pagina(PUBLIEK, alleen="GET"),
    "password_reset_confirm": Pagina(PUBLIEK),  # with a link that is not valid: says so
    "password_reset_complete": Pagina(PUBLIEK, alleen="GET"),
    "uitnodiging_accepteren": Pagina(PUBLIEK),  # idem
    # --- Phase 1: the analyse
    "analyses:index": Pagina(LEZEN),
    "analyses:create": Pagina(BELEID),
    "analyses:detail": Pagina(LEZEN),
    "analyses:update": Pagina(BELEID),
    "analyses:normen": Pagina(BELEID),
    "analyses:export": Pagina(LEZEN),
    "analyses:bevinding_create": Pagina(BELEID),
    "analyses:bevinding_update": Pagina(BELEID),
    "analyses:bevinding_delete": Pagina(BELEID),
    "analyses:import": Pagina(BELEID),
    "analyses:import_bevestigen": Pagina(BELEID, alleen="POST", post=GEEN_UPLOAD),
    "analyses:sjabloon": Pagina(LEZEN),
    # --- Phase 2: the visie
    "visies:index": Pagina(LEZEN),
    "visies:create": Pagina(BELEID),
    "visies:detail": Pagina(LEZEN),
    "visies:afdrukken": Pagina(LEZEN),
    "visies:update": Pagina(BELEID),
    "visies:delete": Pagina(BELEID, object="losse_visie"),
    "visies:vaststellen": Pagina(BELEID),
    "visies:nieuwe_versie": Pagina(BELEID),
    "visies:themas": Pagina(BELEID),
    "visies:ambitie_create": Pagina(BELEID),
    "visies:afwegingskader": Pagina(LEZEN),
    "visies:criteria": Pagina(BELEID),
    "visies:initiatief_create": Pagina(BELEID),
    "visies:ambitie": Pagina(LEZEN),
    "visies:ambitie_update": Pagina(BELEID),
    "visies:ambitie_delete": Pagina(BELEID, object="losse_ambitie"),
    "visies:doelstelling_create": Pagina(BELEID),
    "visies:concreetheid": Pagina(BELEID, alleen="POST"),  # htmx, while a doelstelling is written
    "visies:doelstelling_update": Pagina(BELEID),
    "visies:doelstelling_delete": Pagina(BELEID),
    "visies:initiatief": Pagina(LEZEN_BETROKKEN),
    "visies:initiatief_update": Pagina(BELEID_BETROKKEN),
    "visies:beoordelen": Pagina(BELEID_BETROKKEN),
    "visies:initiatief_delete": Pagina(BELEID_BETROKKEN),
    # --- Phase 3: prestatieafspraken
    "prestatieafspraken:index": Pagina(LEZEN),  # a partner's list shows its own agreements only
    "prestatieafspraken:create": Pagina(BEWERKEN),
    "prestatieafspraken:catalogus": Pagina(LEZEN),
    "prestatieafspraken:afspraken": Pagina(LEZEN),
    "prestatieafspraken:detail": Pagina(LEZEN_BETROKKEN),
    "prestatieafspraken:geschiedenis": Pagina(GESCHIEDENIS),
    "prestatieafspraken:update": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:delete": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:partijen": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:afspraak_create": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:ter_ondertekening": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:terug_naar_concept": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:beeindigen": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:ondertekenen": Pagina(ONDERTEKENEN, object="ter_ondertekening"),
    "prestatieafspraken:pdf": Pagina(LEZEN_BETROKKEN),
    "prestatieafspraken:jaarschijf_create": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:afspraak": Pagina(LEZEN_BETROKKEN),
    "prestatieafspraken:afspraak_geschiedenis": Pagina(GESCHIEDENIS),
    "prestatieafspraken:afspraak_update": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:afspraak_delete": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:jaarschijf": Pagina(LEZEN_BETROKKEN),
    "prestatieafspraken:jaarschijf_update": Pagina(BEWERKEN_BETROKKEN),
    "prestatieafspraken:jaarschijf_delete": Pagina(BEWERKEN_BETROKKEN),
    # --- Phase 4: the uitvoeringsprogramma
    "uitvoering:index": Pagina(LEZEN),
    "uitvoering:create": Pagina(BEWERKEN),
    "uitvoering:activiteiten": Pagina(LEZEN),  # a partner's list shows its own activiteiten only
    "uitvoering:detail": Pagina(LEZEN),
    "uitvoering:update": Pagina(BEWERKEN),
    "uitvoering:delete": Pagina(BEWERKEN, object="leeg_programma"),  # one with activiteiten stays
    "uitvoering:planning": Pagina(LEZEN),
    "uitvoering:begroting": Pagina(LEZEN),
    "uitvoering:activiteit_create": Pagina(BEWERKEN),
    "uitvoering:activiteit": Pagina(LEZEN_BETROKKEN),
    "uitvoering:activiteit_geschiedenis": Pagina(GESCHIEDENIS),
    "uitvoering:activiteit_update": Pagina(BEWERKEN_BETROKKEN),
    "uitvoering:activiteit_delete": Pagina(BEWERKEN_BETROKKEN),
    "uitvoering:begrotingsposten": Pagina(BEWERKEN_BETROKKEN),
    "uitvoering:voortgang": Pagina(RAPPORTEREN),
    # --- Phase 5: borging
    "borging:index": Pagina(LEZEN),
    "borging:indicator_create": Pagina(BEWERKEN),
    "borging:metingen_upload": Pagina(METINGEN),
    "borging:metingen_sjabloon": Pagina(METINGEN, alleen="GET"),
    "borging:indicator": Pagina(LEZEN_BETROKKEN),
    "borging:indicator_geschiedenis": Pagina(GESCHIEDENIS),
    "borging:indicator_update": Pagina(BEWERKEN_BETROKKEN),
    "borging:indicator_delete": Pagina(BEWERKEN_BETROKKEN),
    "borging:streefwaarden": Pagina(BEWERKEN_BETROKKEN),
    "borging:meting": Pagina(RAPPORTEREN),
    "borging:evaluaties": Pagina(LEZEN),
    "borging:evaluatie_create": Pagina(BEWERKEN),
    "borging:evaluatie": Pagina(LEZEN),
    "borging:evaluatie_update": Pagina(BEWERKEN),
    "borging:evaluatie_delete": Pagina(BEWERKEN),
    "borging:keten": Pagina(LEZEN),
    "borging:keten_afdrukken": Pagina(LEZEN),
    "borging:rapporten": Pagina(INTERN),
    "borging:rapport_aanvragen": Pagina(BEWERKEN, alleen="POST"),
    "borging:rapport_status": Pagina(INTERN),
    "borging:rapport_download": Pagina(INTERN),
}

# The object a URL names by <pk>, by the path in front of it (after g/<gemeente>/).
OBJECT_PER_PAD = {
    "analyse": "analyse",
    "analyse/bevindingen": "bevinding",
    "visie": "visie",
    "visie/ambities": "ambitie",
    "visie/doelstellingen": "doelstelling",
    "visie/initiatieven": "initiatief",
    "prestatieafspraken": "overeenkomst",
    "prestatieafspraken/afspraak": "afspraak",
    "prestatieafspraken/jaarschijf": "jaarschijf",
    "uitvoering": "programma",
    "uitvoering/activiteit": "activiteit",
    "borging/indicator": "indicator",
    "borging/evaluatie": "evaluatie",
    "borging/keten": "ambitie",
    "borging/rapport": "rapport",
}


# --- The admin, by rule ---------------------------------------------------------------------------

# The admin asks one thing, whether the user is staff, and in this application only the
# beheerder is. The beleidsadviseur, the most trusted role that is not, stands for the others.
ADMIN_ROLLEN = ("anoniem", "beleidsadviseur", "beheerder")
GEWEIGERD = {"beheerder": FORBIDDEN}

ADMIN_SITE = {
    "admin:login": Pagina(PUBLIEK),
    # Logging out is a POST: a GET is refused to the beheerder, anyone else is sent on to the
    # admin index (and from there to its login page).
    "admin:logout": Pagina(PUBLIEK, get={"beheerder": NOT_ALLOWED}),
    "admin:index": Pagina(BEHEER),
    "admin:app_list": Pagina(BEHEER),
    "admin:password_change": Pagina(BEHEER),
    "admin:password_change_done": Pagina(BEHEER, alleen="GET"),
    "admin:jsi18n": Pagina(BEHEER, alleen="GET"),
    # Asked without the field to complete: refused, to the beheerder too.
    "admin:autocomplete": Pagina(BEHEER, alleen="GET", get=GEWEIGERD),
    "admin:view_on_site": Pagina(BEHEER),
    "admin:auth_user_password_change": Pagina(BEHEER),
}

# What the admin shows but nobody adds, changes or deletes by hand: a signature is the record of
# what was agreed, a jaarschijfrapport is generated, the login log is django-axes' own.
# "change" refuses the POST only: the GET shows the object read-only.
NIET_MET_DE_HAND = {
    "prestatieafspraken_ondertekening": ("add", "change", "delete"),
    "borging_jaarschijfrapport": ("add", "change"),
    "axes_accessattempt": ("add",),
    "axes_accesslog": ("add",),
    "axes_accessfailurelog": ("add",),
    "auditlog_logentry": ("add", "delete"),  # the audit trail is read, never written by hand
    "woonzorg_authenticatorapp": ("add", "change"),  # only its owner sets one up; deleting resets
}
ADMIN_MODEL_URL = re.compile(
    r"^admin:(?P<model>\w+)_(?P<view>changelist|add|change|history|delete)$"
)


@cache
def admin_modellen() -> dict[str, type]:
    """Every model in the admin by the prefix of its URL names ("borging_indicator")."""
    return {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}


def admin_pagina(naam) -> Pagina | None:
    """Every admin URL: the site's own pages, and per model its list, add, change, history and
    delete pages. None for an admin URL no rule covers (a custom admin view needs a rule)."""
    gevonden = ADMIN_MODEL_URL.match(naam)
    if naam in ADMIN_SITE:
        pagina = ADMIN_SITE[naam]
    elif gevonden and gevonden["model"] in admin_modellen():
        view = gevonden["view"]
        if view in NIET_MET_DE_HAND.get(gevonden["model"], ()):
            pagina = Pagina(BEHEER, get={} if view == "change" else GEWEIGERD, post=GEWEIGERD)
        else:
            pagina = Pagina(BEHEER)
    else:
        return None
    # The beheerder's POSTs are asked only where the admin refuses them: what he may post there
    # is the admin's own business (tests/*/test_admin.py).
    if pagina.verwacht("POST")["beheerder"] == OK:
        pagina = replace(pagina, post={**pagina.post, "beheerder": NIET_GEVRAAGD})
    return pagina


# --- Walking the resolver -------------------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    naam: str  # with its namespaces: "borging:indicator"
    route: str  # the whole route: "g/<str:gemeente>/borging/indicator/<int:pk>/"
    kwargs: tuple[str, ...]


def alle_urls(resolver=None, namespace=(), route="", kwargs=()) -> list[Url]:
    """Every named URL pattern, recursing into includes. A name used twice (login,
    password_reset: ours before django.contrib.auth's) counts once: reverse() finds the first."""
    urls = []
    for pattern in (resolver or get_resolver()).url_patterns:
        namen = tuple(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            ns = (*namespace, pattern.namespace) if pattern.namespace else namespace
            urls += alle_urls(pattern, ns, route + str(pattern.pattern), kwargs + namen)
        elif pattern.name:
            urls.append(
                Url(
                    ":".join((*namespace, pattern.name)),
                    route + str(pattern.pattern),
                    kwargs + namen,
                )
            )
    if resolver is not None:
        return urls
    uniek = {}
    for url in urls:
        uniek.setdefault(url.naam, url)
    return list(uniek.values())


URLS = alle_urls()
URL_NAMEN = [url.naam for url in URLS]
MET_PK = [url for url in URLS if "pk" in url.kwargs]


def object_naam(url) -> str | None:
    """The name of the world's object that the URL's <pk> names."""
    if eigen := PAGINAS.get(url.naam, Pagina(LEZEN)).object:
        return eigen
    pad = url.route.split("<int:pk>")[0].removeprefix("g/<str:gemeente>/").strip("/")
    return OBJECT_PER_PAD.get(pad)


def pagina(naam) -> Pagina | None:
    return admin_pagina(naam) if naam.startswith("admin:") else PAGINAS.get(naam)


# --- The world and asking it ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for this module's tests and rolled back after the last one."""
    # MEDIA_ROOT where tests/conftest.py puts it for every test, so the report's file is found.
    media = tmp_path_factory.getbasetemp() / "media"
    snel = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(PASSWORD_HASHERS=snel, MEDIA_ROOT=media):
            wereld = bouw_wereld()
        yield wereld
        transaction.set_rollback(True)


def kwarg(w, url, naam, gemeente):
    """What to put in the URL for one of its kwargs."""
    if naam == "gemeente":
        return gemeente.cbs_code
    if naam == "pk":
        objectnaam = object_naam(url)
        assert objectnaam, f"{url.naam} names a <pk>: say in OBJECT_PER_PAD which object"
        return getattr(w, objectnaam).pk
    if naam == "formaat":
        return "csv"
    if url.naam == "herinneringen_uit":
        return taken.uit_token(w.users["lezer"])
    if naam in ("uidb64", "token"):
        return {"uidb64": "MQ", "token": "geen-geldige-link"}[naam]
    if url.naam == "admin:view_on_site":
        return {
            "content_type_id": ContentType.objects.get_for_model(w.visie).pk,
            "object_id": w.visie.pk,
        }[naam]
    if url.naam == "admin:auth_user_password_change":
        return w.users["lezer"].pk
    if naam == "object_id":
        model = admin_modellen()[ADMIN_MODEL_URL.match(url.naam)["model"]]
        return model._default_manager.order_by("pk").first().pk
    if naam == "app_label":
        return "borging"
    raise AssertionError(f"{url.naam} takes a kwarg {naam!r}: say in kwarg() what to pass")


def adres(w, url, gemeente=None) -> str:
    gemeente = gemeente or w.gemeente
    return reverse(url.naam, kwargs={naam: kwarg(w, url, naam, gemeente) for naam in url.kwargs})


LOGIN_PAGINAS = ("login", "admin:login")


@cache
def login_adressen() -> frozenset[str]:
    return frozenset(reverse(naam) for naam in LOGIN_PAGINAS)


def uitkomst(response) -> str:
    if 200 <= response.status_code < 300:
        return OK
    if 300 <= response.status_code < 400:
        doel = urlsplit(response["Location"])
        naar_login = doel.path in login_adressen()
        # Logging out also ends on the login page, but without a page to return to.
        return LOGIN if naar_login and "next" in parse_qs(doel.query) else OK
    return {403: FORBIDDEN, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(
        response.status_code, str(response.status_code)
    )


def vraag(user, methode, adres) -> str:
    """One request as `user` (None: anonymous), in a savepoint that is rolled back."""
    client = Client()
    try:
        with transaction.atomic():
            if user is not None:
                client.force_login(user)
            response = getattr(client, methode.lower())(adres)
            if response.streaming:
                # Read to the end: the test client then closes the file without also closing
                # the database connection (which response.close() would, in a transaction).
                b"".join(response.streaming_content)
            transaction.set_rollback(True)
    except Exception as fout:  # a crash is an outcome too, reported with the others
        return f"error {type(fout).__name__}: {fout}"[:200]
    return uitkomst(response)


def gebruiker(w, rol):
    return None if rol == "anoniem" else w.users[rol]


# --- Every URL is covered -------------------------------------------------------------------------


def test_every_url_has_an_expectation_and_every_expectation_a_url():
    problemen = []
    if zonder := [naam for naam in URL_NAMEN if pagina(naam) is None]:
        problemen.append(f"URLs without an entry in PAGINAS (or an admin rule): {zonder}")
    verouderd = sorted(set(PAGINAS) - set(URL_NAMEN)) + sorted(set(ADMIN_SITE) - set(URL_NAMEN))
    verouderd += [f"admin:{model}_*" for model in NIET_MET_DE_HAND if model not in admin_modellen()]
    if verouderd:
        problemen.append(f"Entries for URLs that no longer exist: {verouderd}")
    if zonder_object := [url.naam for url in MET_PK if object_naam(url) is None]:
        problemen.append(f"URLs whose <pk> names no object (see OBJECT_PER_PAD): {zonder_object}")
    assert not problemen, "\n".join(problemen)


def test_the_table_keeps_the_rules_of_the_readme():
    """The rules of README "Rollen en wat ze zien", read off the table: a wrong row is caught as
    well as a wrong page."""
    for url in URLS:
        verwachting = pagina(url.naam)
        if verwachting is None:
            continue  # test_every_url_has_an_expectation_and_every_expectation_a_url says so
        for methode in METHODEN:
            rij = verwachting.verwacht(methode)
            waar = (url.naam, methode)
            if url.route.startswith("g/<str:gemeente>/"):
                # Log in first; another gemeente's users do not find this gemeente at all.
                assert rij["anoniem"] == LOGIN, waar
                assert rij["andere_gemeente"] == NOT_FOUND, waar
                # The beheerder may do in a gemeente what its beleidsadviseur may.
                assert rij["beheerder"] == rij["beleidsadviseur"], waar
                # The programmaleider too, but for the analyse and the visie.
                if verwachting.profiel not in (BELEID, BELEID_BETROKKEN):
                    assert rij["programmaleider"] == rij["beleidsadviseur"], waar
                # The lezer only reads; a partner changes nothing but what it reports or signs.
                if methode == "POST":
                    assert rij["lezer"] != OK, waar
                    if verwachting.profiel not in (RAPPORTEREN, METINGEN, ONDERTEKENEN):
                        assert OK not in (rij["partner"], rij["vreemde_partner"]), waar
                # What the uninvolved partner may do, the involved one may too.
                if rij["vreemde_partner"] == OK:
                    assert rij["partner"] == OK, waar
            elif verwachting.profiel is BEHEER:
                assert [rol for rol in ROLLEN if rij[rol] == OK] in ([], ["beheerder"]), waar


# --- The matrix -----------------------------------------------------------------------------------


@pytest.mark.parametrize("methode", METHODEN)
@pytest.mark.parametrize("url", URLS, ids=URL_NAMEN)
def test_each_role_gets_what_its_profile_says(w, db, url, methode):
    verwachting = pagina(url.naam)
    assert verwachting, f"{url.naam} has no entry in PAGINAS: say which profile it follows"
    verwacht = verwachting.verwacht(methode)
    rollen = ADMIN_ROLLEN if url.naam.startswith("admin:") else ROLLEN
    rollen = [rol for rol in rollen if verwacht[rol] != NIET_GEVRAAGD]
    pad = adres(w, url)
    fouten = []
    for rol in rollen:
        gekregen = vraag(gebruiker(w, rol), methode, pad)
        if gekregen != verwacht[rol]:
            fouten.append(
                f"  {rol}: expected {NAAM[verwacht[rol]]}, got {NAAM.get(gekregen, gekregen)}"
            )
    assert not fouten, "\n".join(
        [
            f"{methode} {pad} ({url.naam}), profile {verwachting.profiel.naam}:",
            f"  {verwachting.profiel.uitleg}",
            *fouten,
        ]
    )


# --- Another gemeente's objects -------------------------------------------------------------------


@pytest.mark.parametrize("url", MET_PK, ids=[url.naam for url in MET_PK])
def test_an_object_of_gemeente_a_is_not_found_under_gemeente_bs_code(w, db, url):
    """Gemeente B's beleidsadviseur, and the beheerder, ask for A's object under B's code: it
    does not exist there. A method the page never takes may be refused as such (405) instead:
    that is the same for every pk, so it reveals nothing either."""
    verwachting = pagina(url.naam)
    assert verwachting, f"{url.naam} has no entry in PAGINAS: say which profile it follows"
    pad = adres(w, url, gemeente=w.andere_gemeente)
    fouten = []
    for methode in METHODEN:
        nooit = verwachting.verwacht(methode)["beleidsadviseur"] == NOT_ALLOWED
        verwacht = {NOT_FOUND, NOT_ALLOWED} if nooit else {NOT_FOUND}
        for rol in ("andere_gemeente", "beheerder"):
            gekregen = vraag(gebruiker(w, rol), methode, pad)
            if gekregen not in verwacht:
                namen = " or ".join(sorted(NAAM[v] for v in verwacht))
                fouten.append(
                    f"  {rol} {methode}: expected {namen}, got {NAAM.get(gekregen, gekregen)}"
                )
    assert not fouten, "\n".join([f"{pad} ({url.naam}), an object of Gemeente A:", *fouten])


# --- Halfway through logging in -------------------------------------------------------------------

HALVERWEGE_OPEN = {"tweede_stap", "logout", "admin:logout"}


@pytest.mark.parametrize("methode", METHODEN)
def test_a_session_that_owes_the_second_step_reaches_nothing_but_that_step(w, db, methode):
    """The lezer has two-step login and gave only the password: every other URL, the public ones
    and the admin included, sends that session to the code."""
    fouten = []
    for url in URLS:
        if url.naam in HALVERWEGE_OPEN:
            continue
        client = Client()
        with transaction.atomic():
            client.force_login(w.users["lezer"])
            session = client.session
            del session[django_otp.DEVICE_ID_SESSION_KEY]  # force_login gave both steps
            session.save()
            response = getattr(client, methode.lower())(adres(w, url))
            transaction.set_rollback(True)
        if not response.get("Location", "").startswith("/account/tweede-stap/?next="):
            fouten.append(f"  {url.naam}: {response.status_code} {response.get('Location', '')}")
    assert not fouten, "Reached halfway through logging in:\n" + "\n".join(fouten)
