from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from organizations.models import Level
from organizations.selectors import coverage, organization_roots
from partybuild.todo import todos_for

from .forms import PortalPasswordChangeForm

# The two levels below a root that its home card counts (with its members): a community secretary
# counts grid branches and building groups, not "0 communities".
LEVELS_BELOW = {
    Level.DISTRICT: (Level.STREET, Level.COMMUNITY),
    Level.STREET: (Level.COMMUNITY, Level.GRID),
    Level.COMMUNITY: (Level.GRID, Level.BUILDING),
    Level.GRID: (Level.BUILDING, Level.HOUSEHOLD),
}


def _figures(root, cov) -> list[tuple[int, str]]:
    labels = dict(Level.choices)
    return [(cov.by_level.get(level, 0), labels[level]) for level in LEVELS_BELOW.get(root.level, ())]


@login_required
def home(request):
    """Home says what waits for the user (the to-do list every app contributes to), then their
    roles and, per subtree they reach, its coverage in one sentence.

    Users hold one to three role nodes, so one coverage (a fixed handful of queries) per root is fine.
    """
    user = request.user
    # The user's own assignments, not tenant data: no scoping beyond "mine".
    roles = user.roles.select_related("organization").order_by("organization__path", "role")
    areas = [(root, cov, _figures(root, cov)) for root in organization_roots(user=user)
             for cov in [coverage(root=root)]]
    return render(request, "home.html", {"roles": roles, "areas": areas, "todos": todos_for(user)})


class PasswordChangeView(auth_views.PasswordChangeView):
    """The user's own password (the session stays signed in; API tokens are revoked)."""

    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed. API tokens issued before no longer work."))
        return super().form_valid(form)
