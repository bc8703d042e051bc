from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from dashboards.selectors import dashboard_root, inbox_figures, page_data
from partybuild.todo import todos_for

from ..forms import PortalPasswordChangeForm
from ..selectors import role_list


@login_required
def home(request):
    """Home is the dashboard of the user's area: what waits for them (the to-do list every app
    contributes to), then the figures of one of their roots (``?org=<pk>`` picks another) with
    charts, every figure linking to the list behind it; department staff see their inbox's figures.

    The figures come cached per root (dashboards.selectors), so the page costs a fixed handful of
    queries whatever the size of the area."""
    user = request.user
    root, roots = dashboard_root(user=user, org_id=request.GET.get("org"))
    context = {"roles": role_list(user=user), "roots": roots, "root": root,
               "todos": todos_for(user, session_key=request.session.session_key),
               "inbox": inbox_figures(user=user)}
    if root is not None:
        context.update(page_data(root=root))
    return render(request, "home.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password (the session stays signed in; API tokens are revoked)."""

    form_class = PortalPasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed. API tokens issued before no longer work."))
        return super().form_valid(form)
