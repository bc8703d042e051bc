"""Importing organisations: validate every row against the file and the database, then build the
treebeard paths ourselves and insert in bulk (a city's tree is tens of thousands of nodes;
``add_child`` per row would cost several queries each).

Rows may come in any order: a child may precede its parent, which may be another row or an
organisation already in the portal. The rights rule is the tree service's: the new node's
parent must lie in the acting user's MANAGE area (only a superuser creates a district).
"""

from __future__ import annotations

from collections import defaultdict, deque
from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from audit.services import creations_record_for
from organizations.models import Level, Organization, OrgType, allowed_parent_levels
from partybuild import scoping
from summaries.services import summaries_touch

from . import parsing
from .report import ImportReport, Progress, error_text, field_labels, no_progress

LEVEL_ALIASES = {
    **{parsing._norm(v): (v, None) for v in Level.values},
    "区委": (Level.DISTRICT, None), "区委组织部": (Level.DISTRICT, None),
    "街道党工委": (Level.STREET, None), "街道": (Level.STREET, None), "街道大工委": (Level.STREET, None),
    "社区党组织": (Level.COMMUNITY, None), "社区": (Level.COMMUNITY, None), "社区党组织(社区)": (Level.COMMUNITY, None),
    "社区大党委": (Level.COMMUNITY, None),
    "网格党支部": (Level.GRID, None), "网格": (Level.GRID, None),
    "楼栋党小组": (Level.BUILDING, None), "楼栋": (Level.BUILDING, None),
    "党员中心户": (Level.HOUSEHOLD, None), "中心户": (Level.HOUSEHOLD, None),
    "特殊组织": (Level.SPECIAL, None),
    # The three kinds of special organisation name both the level and the type.
    "小区党支部": (Level.SPECIAL, OrgType.COMPOUND_BRANCH), "compound_branch": (Level.SPECIAL, OrgType.COMPOUND_BRANCH),
    "楼宇综合党委": (Level.SPECIAL, OrgType.BUILDING_COMMITTEE),
    "building_committee": (Level.SPECIAL, OrgType.BUILDING_COMMITTEE),
    "临时党支部": (Level.SPECIAL, OrgType.TEMPORARY_BRANCH),
    "temporary_branch": (Level.SPECIAL, OrgType.TEMPORARY_BRANCH),
}
TYPE_ALIASES = {
    **{parsing._norm(v): v for v in OrgType.values},
    "党委": OrgType.COMMITTEE, "社区党委": OrgType.COMMITTEE,
    "党总支": OrgType.GENERAL_BRANCH, "总支": OrgType.GENERAL_BRANCH, "社区党总支": OrgType.GENERAL_BRANCH,
    "党支部": OrgType.BRANCH, "支部": OrgType.BRANCH, "社区党支部": OrgType.BRANCH,
    "小区党支部": OrgType.COMPOUND_BRANCH, "楼宇综合党委": OrgType.BUILDING_COMMITTEE,
    "临时党支部": OrgType.TEMPORARY_BRANCH, "标准": OrgType.STANDARD, "一般": OrgType.STANDARD,
}
# Tree fields are ours to compute; people are linked to organisations after the import.
_CLEAN_EXCLUDE = ["path", "depth", "numchild", "secretary", "host", "merged_into"]
_BATCH = 500
PROGRESS_EVERY = 100


class _Node:
    __slots__ = ("children", "depth", "org", "parent_db", "parent_row", "row")

    def __init__(self, row, org):
        self.row, self.org = row, org
        self.parent_row = None  # another row of the file
        self.parent_db = None  # an organisation already in the portal
        self.depth = None
        self.children: list[_Node] = []


def _parse_row(report: ImportReport, row, labels) -> _Node | None:
    data = row.data
    code, name = parsing.text(data.get("code")), parsing.text(data.get("name"))
    level_raw, type_raw = data.get("level"), data.get("org_type")
    level, implied_type = LEVEL_ALIASES.get(parsing.norm(level_raw), (None, None))
    problems = []
    if not code:
        problems.append(_("The code is empty."))
    if not name:
        problems.append(_("The name is empty."))
    if level is None:
        problems.append(_("Unknown level “%(value)s”.") % {"value": parsing.text(level_raw)})
    org_type = implied_type or OrgType.STANDARD
    if parsing.text(type_raw):
        org_type = parsing.choice_value(type_raw, TYPE_ALIASES)
        if org_type is None:
            problems.append(_("Unknown type “%(value)s”.") % {"value": parsing.text(type_raw)})
    dates = {}
    for key in ("established_on", "end_date"):
        try:
            dates[key] = parsing.date_value(data.get(key))
        except ValueError:
            problems.append(_("%(field)s: “%(value)s” is not a date (use YYYY-MM-DD).")
                            % {"field": labels[key], "value": parsing.text(data.get(key))})
    for problem in problems:
        report.reject(row, problem)
    if problems:
        return None
    org = Organization(
        code=code, name=name, level=level, org_type=org_type, phone=parsing.text(data.get("phone")),
        address=parsing.text(data.get("address")), **dates,
    )
    try:
        # Uniqueness is checked for the whole file in one query below, not row by row.
        org.full_clean(exclude=_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for line in error_text(exc, labels):
            report.reject(row, line)
        return None
    return _Node(row, org)


def _resolve_parents(report: ImportReport, nodes: list[_Node], by_code: dict[str, _Node], user,
                     unparsed: set[str]) -> None:
    codes = {parsing.text(n.row.data.get("parent_code")) for n in nodes} - {""}
    in_db = {o.code: o for o in Organization.objects.filter(code__in=codes - set(by_code) - unparsed)}
    unrestricted = scoping.is_unrestricted(user)
    for node in nodes:
        parent_code = parsing.text(node.row.data.get("parent_code"))
        if node.org.level == Level.DISTRICT:
            if parent_code:
                report.reject(node.row, _("A district committee is the root; leave the parent code empty."))
            elif not unrestricted:
                report.reject(node.row, _("Only a system administrator can create a district."))
            continue
        if not parent_code:
            report.reject(node.row, _("The parent code is empty."))
        elif parent_code == node.org.code:
            report.reject(node.row, _("The organisation names itself as its parent."))
        elif parent_code in by_code:
            node.parent_row = by_code[parent_code]
            by_code[parent_code].children.append(node)
        elif parent_code in unparsed:
            continue  # the parent row's own errors are reported; this row is not at fault
        elif parent_code in in_db:
            parent = in_db[parent_code]
            if not scoping.can_act_on_org(user, scoping.VIEW, parent):
                # Same message as for an unknown code: existence outside one's area does not leak.
                report.reject(node.row, _("Unknown parent code “%(code)s”: it is neither in this file nor in the "
                                          "portal.") % {"code": parent_code})
            elif not scoping.can_act_on_org(user, scoping.MANAGE, parent):
                report.reject(node.row, _("The parent “%(code)s” is outside the area you manage.")
                              % {"code": parent_code})
            elif not parent.is_active:
                report.reject(node.row, _("The parent “%(code)s” is dissolved.") % {"code": parent_code})
            else:
                node.parent_db = parent
        else:
            report.reject(node.row, _("Unknown parent code “%(code)s”: it is neither in this file nor in the portal.")
                          % {"code": parent_code})


def _topological_order(report: ImportReport, nodes: list[_Node]) -> list[_Node]:
    """Parents before children (Kahn). Rows left over sit on or under a cycle of parent codes."""
    order: list[_Node] = []
    queue = deque(n for n in nodes if n.parent_row is None)
    while queue:
        node = queue.popleft()
        order.append(node)
        queue.extend(node.children)
    placed = {id(n) for n in order}
    for node in nodes:
        if id(node) in placed:
            continue
        # Walk up until a row repeats: the repeated stretch is the cycle.
        seen: list[_Node] = []
        walker = node
        while walker is not None and walker not in seen:
            seen.append(walker)
            walker = walker.parent_row
        if walker is not None and node in seen[seen.index(walker):]:
            loop = seen[seen.index(walker):]
            rows = " → ".join(str(n.row.number) for n in [*loop, loop[0]])
            report.reject(node.row, _("The parent codes form a cycle (rows %(rows)s).") % {"rows": rows})
    return order


def _check_levels(report: ImportReport, order: list[_Node]) -> None:
    for node in order:
        parent = node.parent_db or (node.parent_row.org if node.parent_row else None)
        if node.org.level == Level.DISTRICT:
            node.depth = 1
            continue
        if parent is None:
            continue
        parent_depth = node.parent_db.depth if node.parent_db else node.parent_row.depth
        if parent_depth is None:
            continue  # the parent row itself could not be placed
        allowed = allowed_parent_levels(node.org.level)
        if parent.level not in allowed:
            report.reject(node.row, _("A %(level)s sits directly under a %(parents)s, not under a %(parent)s.") % {
                "level": Level(node.org.level).label,
                "parents": " / ".join(str(Level(a).label) for a in allowed),
                "parent": Level(parent.level).label,
            })
            continue
        node.depth = parent_depth + 1


def plan(*, user, table: parsing.Table, dry_run: bool = False, progress: Progress = no_progress) -> tuple:
    """Validate every row (read-only). Returns the report and the nodes in insertion order."""
    report = ImportReport(table=table, dry_run=dry_run)
    labels = field_labels(Organization)
    nodes: list[_Node] = []
    for index, row in enumerate(table.rows, start=1):
        node = _parse_row(report, row, labels)
        if node is not None:
            nodes.append(node)
        if index % PROGRESS_EVERY == 0:
            progress(index)
    by_code: dict[str, list[_Node]] = defaultdict(list)
    for node in nodes:
        by_code[node.org.code].append(node)
    for code, same in by_code.items():
        if len(same) > 1:
            rows = ", ".join(str(n.row.number) for n in same)
            for node in same:
                report.reject(node.row, _("The code “%(code)s” appears more than once in the file (rows %(rows)s).")
                              % {"code": code, "rows": rows})
    for code in Organization.objects.filter(code__in=list(by_code)).values_list("code", flat=True):
        for node in by_code[code]:
            report.reject(node.row, _("An organisation with code “%(code)s” already exists.") % {"code": code})
    unique = {code: same[0] for code, same in by_code.items()}
    parsed = {id(n.row) for n in nodes}
    unparsed = {parsing.text(r.data.get("code")) for r in table.rows if id(r) not in parsed} - {""}
    _resolve_parents(report, nodes, unique, user, unparsed - set(unique))
    order = _topological_order(report, nodes)
    _check_levels(report, order)
    report.planned = [n.org for n in nodes]
    return report, order


def _next_steps(parents: list[Organization]) -> dict[str, int]:
    """Last child step under each parent path ('' for the roots), in one grouped query per chunk."""
    steplen = Organization.steplen
    steps: dict[str, int] = {}
    paths = {p.path: p.depth for p in parents}
    keys = list(paths)
    for start in range(0, len(keys), 300):
        chunk = keys[start : start + 300]
        q = reduce(or_, (Q(path__startswith=p, depth=paths[p] + 1) for p in chunk))
        rows = (
            Organization.objects.filter(q)
            .annotate(parent_path=Substr("path", 1, (F("depth") - 1) * steplen))
            .values("parent_path")
            .annotate(last=Max("path"))
            .order_by()
        )
        for row in rows:
            steps[row["parent_path"]] = Organization._str2int(row["last"][-steplen:])
    return steps


def write(report: ImportReport, order: list[_Node]) -> list[Organization]:
    """Insert the planned nodes with their paths; caller holds the transaction."""
    parent_ids = {n.parent_db.pk for n in order if n.parent_db}
    # Lock the parents so a concurrent import under the same parent cannot take the same paths.
    parents = {p.pk: p for p in Organization.objects.select_for_update().filter(pk__in=parent_ids)}
    steps = _next_steps(list(parents.values()))
    if any(n.org.level == Level.DISTRICT for n in order):
        last_root = Organization.objects.filter(depth=1).aggregate(last=Max("path"))["last"]
        steps[""] = Organization._str2int(last_root) if last_root else 0
    for node in order:
        parent_path = parents[node.parent_db.pk].path if node.parent_db else (
            node.parent_row.org.path if node.parent_row else ""
        )
        steps[parent_path] = steps.get(parent_path, 0) + 1
        node.org.depth = len(parent_path) // Organization.steplen + 1
        node.org.path = Organization._get_path(parent_path, node.org.depth, steps[parent_path])
        node.org.numchild = len(node.children)
    added = defaultdict(int)
    for node in order:
        if node.parent_db:
            added[node.parent_db.pk] += 1
    for pk, n in added.items():
        parents[pk].numchild += n
    created = Organization.objects.bulk_create([n.org for n in order], batch_size=_BATCH)
    Organization.objects.bulk_update([parents[pk] for pk in added], ["numchild"], batch_size=_BATCH)
    return created


def organizations_import(*, user, table: parsing.Table, dry_run: bool = False,
                         progress: Progress = no_progress) -> ImportReport:
    """Import a whole file of organisations, or nothing: see the module docstring."""
    report, order = plan(user=user, table=table, dry_run=dry_run, progress=progress)
    if report.ok and not dry_run:
        try:
            with transaction.atomic():
                report.created = write(report, order)
                creations_record_for(objs=report.created, actor=user, source="import")
                # New organisations count in their communities' (or their own) summary rows.
                summaries_touch(orgs=report.created)
        except IntegrityError as exc:
            # Someone else took a code or a path between validation and writing.
            raise ValidationError(_("Another change to the tree conflicted with this import; nothing was "
                                    "imported. Try again.")) from exc
    progress(report.total)
    return report
