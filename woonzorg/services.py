"""Operations on the core vocabulary that other apps and the views call."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .models import Gemeente, Organisatie, Rol, User


@dataclass(frozen=True)
class Uitnodiging:
    user: User
    # True: the e-mail carries a link to choose a password (a new account, or an invited one
    # that never chose a password). False: an existing account got one more gemeente.
    wachtwoord_kiezen: bool


def invitation_path(user: User) -> str:
    """The one-time link with which an invited user chooses a password.

    It is Django's password-reset token: valid for PASSWORD_RESET_TIMEOUT and void once used.
    """
    return reverse(
        "uitnodiging_accepteren",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def invite_user(
    *,
    gemeente: Gemeente,
    email: str,
    rol: str,
    organisatie: Organisatie,
    invited_by: User,
    base_url: str,
    first_name: str = "",
    last_name: str = "",
) -> Uitnodiging:
    """Give a person a role in a gemeente and e-mail them; create their account if needed.

    A new account has no usable password: the e-mailed link lets them choose one. Inviting
    someone who never chose a password sends a fresh link. An existing account keeps its
    password and gets a notice that it can now work in this gemeente too.
    """
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            first_name=first_name,
            last_name=last_name,
            organisatie=organisatie,
        )
    elif user.organisatie_id and user.organisatie_id != organisatie.pk:
        raise ValidationError(
            {
                "organisatie": _(
                    "%(email)s werkt al namens %(organisatie)s; een account hoort bij één "
                    "organisatie."
                )
                % {"email": email, "organisatie": user.organisatie}
            }
        )
    elif Rol.objects.filter(user=user, gemeente=gemeente).exists() and user.has_usable_password():
        raise ValidationError(
            {"email": _("%(email)s heeft al toegang tot deze gemeente.") % {"email": email}}
        )

    wachtwoord_kiezen = not user.has_usable_password()
    if wachtwoord_kiezen:
        # Inviting again renews the link: an earlier one may have expired unused.
        user.uitgenodigd_door = invited_by
        user.uitgenodigd_op = timezone.now()
    user.organisatie = organisatie
    user.save()
    toegang, _created = Rol.objects.get_or_create(
        user=user, gemeente=gemeente, defaults={"soort": rol}
    )
    if not organisatie.werkgebied.filter(pk=gemeente.pk).exists():
        organisatie.werkgebied.add(gemeente)

    context = {
        "user": user,
        "gemeente": gemeente,
        "rol": toegang.get_soort_display(),
        "organisatie": organisatie,
        "invited_by": invited_by,
        "link": base_url.rstrip("/")
        + (invitation_path(user) if wachtwoord_kiezen else reverse("login")),
        "wachtwoord_kiezen": wachtwoord_kiezen,
    }
    subject = _("Uitnodiging voor Woonzorg %(gemeente)s") % {"gemeente": gemeente}
    body = render_to_string("registration/uitnodiging_email.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    )
    return Uitnodiging(user=user, wachtwoord_kiezen=wachtwoord_kiezen)
