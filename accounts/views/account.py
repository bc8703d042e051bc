from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from organizations.selectors import coverage, organization_roots

from ..forms import PortalPasswordChangeForm
from ..selectors import role_list


@login_required
def home(request):
    """Home shows the user's roles and, per subtree they reach, its coverage in one sentence.

    Users hold one to three role nodes, so one coverage (a fixed handful of queries) per root is fine.
    """
    user = request.user
    roles = role_list(user=user)
    areas = [(root, coverage(root=root)) for root in organization_roots(user=user)]
    return render(request, "home.html", {"roles": roles, "areas": areas})


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password (the session stays signed in; API tokens are revoked)."""

    form_class = PortalPasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed. API tokens issued before no longer work."))
        return super().form_valid(form)
