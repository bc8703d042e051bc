"""``{% status_badge %}``: each state's tone from the model, the label escaped, a default tone."""

from django.template import Context, Template
from django.utils import translation

from meetings.models import Meeting
from reports.models import GridReport, Status
from stars.models import StarApplication
from venues.models import Booking
from volunteers.models import ServiceOrder


def _badge(obj) -> str:
    with translation.override("en"):
        return Template("{% load status %}{% status_badge obj %}").render(Context({"obj": obj}))


def test_each_report_state_has_its_tone():
    expected = {
        Status.CLOSED: "success", Status.ESCALATED: "danger", Status.RESOLVED: "info",
        Status.REPORTED: "warning", Status.DISPATCHED: "primary", Status.IN_PROGRESS: "primary",
    }
    for state, tone in expected.items():
        html = _badge(GridReport(status=state))
        with translation.override("en"):
            assert html == f'<span class="badge text-bg-{tone}">{state.label}</span>'


def test_other_models_tones_and_defaults():
    assert "text-bg-success" in _badge(Meeting(status="closed"))
    assert "text-bg-primary" in _badge(Meeting(status="open"))
    assert "text-bg-warning" in _badge(Booking(status="requested"))
    assert "text-bg-secondary" in _badge(Booking(status="declined"))  # no tone given: grey
    assert "text-bg-success" in _badge(ServiceOrder(status="rated"))  # the model's own default
    assert "text-bg-info" in _badge(ServiceOrder(status="dispatched"))
    assert "text-bg-danger" in _badge(StarApplication(status="revoked"))
    assert "text-bg-secondary" in _badge(StarApplication(status="draft"))


def test_a_label_is_escaped():
    report = GridReport(status="x<script>")
    html = _badge(report)
    assert "<script>" not in html and "x&lt;script&gt;" in html
