"""State machines (流程): states, allowed steps, who may take each, and the record of every step.

A workflow names its steps once::

    ORDER_FLOW = Workflow(
        model=ServiceOrder,
        transitions=[
            Transition("dispatch", sources=("placed",), target="dispatched", may=may_dispatch,
                       refusal=_("Only a new order can be dispatched; this one is %(status)s.")),
            ...
        ],
        record=lambda obj, step, **event: OrderStep.objects.create(order=obj, status=step.target, ...),
    )
    order = ORDER_FLOW.advance(order, "dispatch", actor=user, comment=note, assigned_member=member)

``advance`` checks the state and the actor's right, then claims the row with one conditional
``UPDATE … WHERE pk = … AND status = <current> AND version = <read>`` (``partybuild.locking``):
two people acting at once, a double click or a stale page cannot both succeed, and the loser gets
the refusal in words. The step is written to the change history (old → new state) and the
workflow's own event row (actor, time, comment) in the same transaction.

This keeps the conditional-UPDATE design (safer under concurrency than django-fsm's
read-modify-save), written once for reports, orders, star awards, meetings and approvals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from partybuild.locking import STALE, conditional_update


def _anyone(user, obj) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    """One step: from any of ``sources`` to ``target``, for users ``may(user, obj)`` admits.

    ``refusal`` explains a step taken from the wrong state (``%(status)s`` is the current state's
    label); ``forbidden`` explains a refusal of the actor, or ``may`` raises PermissionDenied itself.
    """

    name: str
    sources: tuple[str, ...]
    target: str
    may: Callable[[Any, Model], bool] = _anyone
    refusal: str | Promise = ""
    forbidden: str | Promise = ""


@dataclass
class Workflow:
    model: type[Model]
    transitions: Iterable[Transition]
    record: Callable[..., Any] | None = None
    state_field: str = "status"
    versioned: bool = True
    # What a lost race on the version says (default: ``partybuild.locking.STALE``).
    stale: str | Promise = ""
    steps: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.steps = {t.name: t for t in self.transitions}

    # --- reading ---------------------------------------------------------------------------

    def state_of(self, obj: Model) -> str:
        return getattr(obj, self.state_field)

    def state_label(self, obj: Model) -> str:
        return str(getattr(obj, f"get_{self.state_field}_display")())

    def allowed(self, user, obj: Model) -> list[str]:
        """The steps ``user`` may take on ``obj`` now (for buttons and API hints)."""
        state = self.state_of(obj)
        return [t.name for t in self.steps.values() if state in t.sources and self._admits(t, user, obj)]

    @staticmethod
    def _admits(step: Transition, user, obj: Model) -> bool:
        # A ``may`` that explains its refusal by raising PermissionDenied simply hides the button.
        try:
            return bool(step.may(user, obj))
        except PermissionDenied:
            return False

    def check(self, user, obj: Model, name: str) -> Transition:
        """The transition, or the refusal: ValidationError for the state, PermissionDenied for the actor."""
        step = self.steps[name]
        if self.state_of(obj) not in step.sources:
            raise ValidationError(self._refusal(step, obj))
        if user is not None and not step.may(user, obj):
            raise PermissionDenied(str(step.forbidden or _("Your role may not take this step here.")))
        return step

    def _refusal(self, step: Transition, obj: Model) -> str:
        text = str(step.refusal or _("This step cannot be taken now; the record is %(status)s."))
        return text % {"status": self.state_label(obj)} if "%(status)s" in text else text

    # --- writing ---------------------------------------------------------------------------

    @transaction.atomic
    def advance(
        self, obj: Model, name: str, *, actor, comment: str = "", version: int | None = None,
        check_actor: bool = True, at=None, **changes: Any,
    ) -> Model:
        """Take step ``name`` on ``obj`` if nobody moved it first; record the step. Returns ``obj``
        refreshed. ``actor=None`` (a system step, e.g. auto-dispatch) skips the rights check."""
        step = self.check(actor if check_actor else None, obj, name)
        from_state = self.state_of(obj)
        guard = {"pk": obj.pk, self.state_field: from_state}
        if self.versioned:
            guard["version"] = obj.version if version is None else int(version)
        claimed = conditional_update(
            self.model._default_manager.filter(**guard), actor=actor, bump_version=self.versioned,
            **{self.state_field: step.target}, **changes,
        )
        obj.refresh_from_db()
        if not claimed:
            if self.state_of(obj) != from_state:
                raise ValidationError(self._refusal(step, obj))
            raise ValidationError(str(self.stale or STALE))
        if self.record is not None:
            self.record(obj, step, from_state=from_state, actor=actor, comment=comment, at=at or timezone.now())
        return obj
