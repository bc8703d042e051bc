"""The default table of required frequencies, from the branch work regulations (支部工作条例):
branch committee monthly, party group monthly, members' meeting quarterly, party lecture quarterly,
themed party day monthly, 组织生活会 and 民主评议党员 yearly. The district edits the table afterwards."""

BRANCH = (
    ("committee", "month"), ("members", "quarter"), ("lecture", "quarter"), ("themed_day", "month"),
    ("life_meeting", "year"), ("review", "year"),
)
# (level, org_type or "" for every type at the level) -> (meeting type, period) pairs.
DEFAULT_RULES = {
    ("grid", ""): BRANCH,
    ("special", ""): BRANCH,
    # A community that is itself one branch holds a branch's meetings; a community party committee or
    # general branch holds its committee meetings, lectures and life meeting, its branches the rest.
    ("community", "branch"): BRANCH,
    ("community", ""): (("committee", "month"), ("lecture", "quarter"), ("life_meeting", "year")),
    ("building", ""): (("group", "month"),),
}


def default_rule_rows():
    return [
        {"level": level, "org_type": org_type, "meeting_type": meeting_type, "period": period, "times": 1}
        for (level, org_type), pairs in DEFAULT_RULES.items() for meeting_type, period in pairs
    ]
