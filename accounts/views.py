from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from organizations.selectors import coverage, organization_roots


@login_required
def home(request):
    """Home shows the user's roles and, per subtree they reach, its coverage in one sentence.

    Users hold one to three role nodes, so one coverage (a fixed handful of queries) per root is fine.
    """
    user = request.user
    # The user's own assignments, not tenant data: no scoping beyond "mine".
    roles = user.roles.select_related("organization").order_by("organization__path", "role")
    areas = [(root, coverage(root=root)) for root in organization_roots(user=user)]
    return render(request, "home.html", {"roles": roles, "areas": areas})
