from django.utils.functional import SimpleLazyObject

from . import permissions
from .fasen import fasen


def woonzorg(request):
    """The navigation: the five phases of the current gemeente and the gemeente switcher."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "openstaande_stap", None):
        return {}  # nothing to navigate to before the second step

    gemeente = getattr(request, "gemeente", None)
    match = getattr(request, "resolver_match", None)
    return {
        "huidige_gemeente": gemeente,
        # Lazy: read (once per request) only by a page that shows the switcher.
        "mijn_gemeenten": SimpleLazyObject(lambda: permissions.gemeenten_van(user)),
        "fasen": fasen(),
        "actieve_namespace": match.namespace if match else "",
        "mijn_rol": permissions.rol_in(user, gemeente),
        "mag_bewerken": gemeente is not None and permissions.is_editor(user, gemeente),
    }
