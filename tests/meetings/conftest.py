import pytest

from meetings.models import BodyKind

from .factories import make_body, make_seat, make_unit


@pytest.fixture
def unit_s1(tree):
    return make_unit(tree.s1)


@pytest.fixture
def council_c1(tree):
    """C1's 大党委, with a rotating chair."""
    return make_body(tree.c1, has_rotating_chair=True)


@pytest.fixture
def committee_s1(tree):
    return make_body(tree.s1, BodyKind.STREET_COMMITTEE, name="中华路街道大工委")


@pytest.fixture
def seat_c1(council_c1, unit_s1, tree):
    return make_seat(tree.c1, unit_s1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def station(tree, dave):
    """中华路城管中队, a street station; dave is its staff."""
    from reports.models import DepartmentKind
    from tests.reports.factories import DepartmentFactory

    department = DepartmentFactory(name="中华路城管中队", kind=DepartmentKind.STREET, organization=tree.s1)
    department.staff.add(dave)
    return department


@pytest.fixture
def grid_report(gina, tree, station):
    from reports import services as report_services
    from tests.reports.factories import CategoryFactory

    category = CategoryFactory(code="safety", name="安全隐患", default_department=station)
    return report_services.report_file(
        user=gina, grid=tree.grid1, category=category, description="3号楼楼道堆放杂物,堵塞消防通道",
    )


@pytest.fixture
def demand_c1(tree):
    from tests.services.factories import DemandFactory

    return DemandFactory(organization=tree.c1, content="小区路灯损坏,夜间出行不便")


@pytest.fixture
def april(carol, council_c1):
    """C1's 大党委 monthly series, its April meeting open."""
    import datetime as dt

    from meetings import meeting_services as ms

    series = ms.series_create(user=carol, body=council_c1, first_on=dt.date(2026, 4, 8), title="大党委月度联席会",
                              place="党群服务中心")
    return series.meetings.get()


def ready_to_close(user, meeting):
    from meetings import meeting_services as ms

    ms.meeting_update(user=user, meeting=meeting, minutes="会议议定事项见议题。")
    attendee = ms.attendee_add(user=user, meeting=meeting, kind="committee", name="社区书记")
    ms.attendance_record(user=user, meeting=meeting, present={attendee.pk})
