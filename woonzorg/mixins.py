"""View mixins that route every page through the permission layer."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db import router
from django.db.models.deletion import Collector, ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from . import geschiedenis, permissions


class GemeenteMixin(LoginRequiredMixin):
    """Resolves the gemeente in the URL (by CBS code) among the user's own; otherwise 404.

    Subclasses narrow access further in `check_permission()`, which runs after the gemeente is
    known and before the view does anything.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        code = kwargs["gemeente"]
        self.gemeente = next(
            (g for g in permissions.gemeenten_van(request.user) if g.cbs_code == code), None
        )
        if self.gemeente is None:
            raise Http404(_("Deze gemeente bestaat niet of u werkt er niet."))
        request.gemeente = self.gemeente
        if request.session.get("gemeente") != self.gemeente.cbs_code:
            request.session["gemeente"] = self.gemeente.cbs_code  # home returns here
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self):
        """Seeing the gemeente is enough by default."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["gemeente"] = self.gemeente
        return context


class GemeenteEditorMixin(GemeenteMixin):
    """Pages that change a gemeente's data: beleidsadviseur, programmaleider or beheerder.

    A page whose model allows fewer roles names them in `edit_roles`.
    """

    edit_roles = permissions.EDITORS

    def check_permission(self):
        permissions.require(
            permissions.is_editor(self.request.user, self.gemeente, self.edit_roles)
        )


class ObjectMixin(GemeenteMixin):
    """The object of this gemeente named by `pk` in the URL: 404 when the user may not see it.

    Pages with `bewerken = True` change it (or add to it): 403 for those who may only read it,
    and for everyone when it is frozen. Create views use the parent they add to as their object.
    """

    model = None
    bewerken = False
    select_related: tuple[str, ...] = ()

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            objects = (
                self.model.objects.for_user(self.request.user)
                .in_gemeente(self.gemeente)
                .select_related(*self.select_related)
            )
            self._object = get_object_or_404(objects, pk=self.kwargs["pk"])
        return self._object

    def check_permission(self):
        if self.bewerken:
            permissions.require_edit(self.request.user, self.get_object())


class FormSetPagina:
    """A page that is one formset over an object's rows (partijen, begrotingsposten,
    streefwaarden): shown on GET, saved on POST, shown again with its errors when invalid.

    Subclasses give `formset_class` and `formset_kwargs()`, and say in `formset_valid()` what
    saving means and where to go.
    """

    formset_class = None

    def formset_kwargs(self) -> dict:
        return {}

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return self.formset_class(data, **self.formset_kwargs())

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        return self.formset_valid(formset)

    def formset_valid(self, formset):
        raise NotImplementedError


class GeschiedenisPagina:
    """The history of the page's object (woonzorg.geschiedenis), for those who may see it:
    `permissions.can_see_history`, after the object itself was found through `for_user`.

    Subclasses name what belongs to the history in `geschiedenis_objecten()` (default: the
    object) and `geschiedenis_onderdelen()` (rows found by their additional_data).
    """

    template_name = "woonzorg/geschiedenis.html"
    paginate_by = 25

    def check_permission(self):
        super().check_permission()
        # A reading page: any other method is a 405, as on other reading pages, for any pk.
        if self.request.method in ("GET", "HEAD"):
            permissions.require(permissions.can_see_history(self.request.user, self.get_object()))

    def geschiedenis_objecten(self) -> list:
        return [self.get_object()]

    def geschiedenis_onderdelen(self) -> list:
        return []

    def get_context_data(self, **kwargs):
        regels = geschiedenis.regels(self.geschiedenis_objecten(), self.geschiedenis_onderdelen())
        page_obj = Paginator(regels, self.paginate_by).get_page(self.request.GET.get("page"))
        obj = self.get_object()
        return super().get_context_data(
            object=obj, regels=page_obj.object_list, page_obj=page_obj, **kwargs
        )


class Succesmelding:
    """A success message (`succes`) after a form is saved."""

    succes = ""

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.succes)
        return response


def beschermd_door(obj) -> list:
    """The objects that keep `obj` from being deleted (on_delete=PROTECT), e.g. the activiteiten
    of a later phase that carry out an afspraak; found without importing that phase."""
    collector = Collector(using=router.db_for_write(type(obj)))
    try:
        collector.collect([obj])
    except ProtectedError as fout:
        return sorted(fout.protected_objects, key=str)
    return []


class BeschermdVerwijderenMixin:
    """A delete page that names what still depends on the object instead of failing: the
    confirmation shows them (components/verwijderen.html, `beschermd`) and offers no button."""

    def get_context_data(self, **kwargs):
        beschermd = [(ander, ander._meta.verbose_name) for ander in beschermd_door(self.object)]
        return super().get_context_data(beschermd=beschermd, **kwargs)

    def post(self, request, *args, **kwargs):
        if beschermd_door(self.get_object()):
            messages.error(
                request, _("Dit kan niet worden verwijderd: er hangt nog iets aan vast.")
            )
            return redirect(request.path)
        return super().post(request, *args, **kwargs)
