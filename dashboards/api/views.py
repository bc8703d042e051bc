"""No API of its own yet: the figures a dashboard shows are each app's statistics, which their own
APIs serve; the big screen's data endpoint lives in ``screens/``."""


def register(router) -> None:
    """Nothing to add to the /api/v1/ router."""
