"""The spreadsheet format of organisations and members (组织 / 党员 表格): column titles in English
or Chinese and the Chinese names exports write for coded values.

The column names are a file format, not interface text: they stay as they are in every
language, so a file exported in Chinese imports again anywhere. Exports (``resources``) write
this format; the importer (the ``imports`` app) reads it. It lives here, beside the models it
describes, so that ``imports`` depends on ``organizations`` and never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Education, Gender, Level, MemberCategory, OrgType

ORGS = "orgs"
MEMBERS = "members"


@dataclass(frozen=True)
class Column:
    field: str
    chinese: str
    aliases: tuple[str, ...] = ()
    required: bool = False


ORG_COLUMNS = (
    Column("code", "编码", ("组织编码",), required=True),
    Column("name", "名称", ("组织名称",), required=True),
    Column("level", "层级", required=True),
    Column("org_type", "类型", ("type", "组织类型")),
    Column("parent_code", "上级编码", ("parent", "上级组织编码")),
    Column("phone", "电话", ("联系电话",)),
    Column("address", "地址"),
    Column("established_on", "成立日期"),
    Column("end_date", "结束日期"),
)
MEMBER_COLUMNS = (
    Column("name", "姓名", required=True),
    Column("gender", "性别", required=True),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生日期"),
    Column("id_number", "身份证号", ("身份证号码", "公民身份号码"), required=True),
    Column("phone", "手机", ("手机号", "电话", "联系电话")),
    Column("education", "学历"),
    Column("joined_on", "入党日期", required=True),
    Column("category", "类别", ("党员类别",)),
    Column("branch_code", "所在组织编码", ("branch",), required=True),
    Column("is_in_service", "在职党员"),
    Column("work_unit", "工作单位"),
    Column("registered_community_code", "报到社区编码"),
    Column("registered_on", "报到日期"),
)
COLUMNS = {ORGS: ORG_COLUMNS, MEMBERS: MEMBER_COLUMNS}


def headers_for(kind: str, language: str) -> list[str]:
    """Column titles for templates and exports: Chinese unless the interface is in another language."""
    chinese = language.lower().startswith("zh")
    return [col.chinese if chinese else col.field for col in COLUMNS[kind]]


# The Chinese names exports write; the importer accepts each of them back.
LEVEL_CHINESE = {
    Level.DISTRICT: "区委", Level.STREET: "街道党工委", Level.COMMUNITY: "社区党组织", Level.GRID: "网格党支部",
    Level.BUILDING: "楼栋党小组", Level.HOUSEHOLD: "党员中心户", Level.SPECIAL: "特殊组织",
}
TYPE_CHINESE = {
    OrgType.STANDARD: "", OrgType.COMMITTEE: "党委", OrgType.GENERAL_BRANCH: "党总支", OrgType.BRANCH: "党支部",
    OrgType.COMPOUND_BRANCH: "小区党支部", OrgType.BUILDING_COMMITTEE: "楼宇综合党委",
    OrgType.TEMPORARY_BRANCH: "临时党支部",
}
GENDER_CHINESE = {Gender.MALE: "男", Gender.FEMALE: "女"}
EDUCATION_CHINESE = {
    Education.PRIMARY: "小学", Education.JUNIOR: "初中", Education.SENIOR: "高中", Education.COLLEGE: "大专",
    Education.BACHELOR: "本科", Education.POSTGRADUATE: "研究生",
}
CATEGORY_CHINESE = {MemberCategory.FULL: "正式党员", MemberCategory.PROBATIONARY: "预备党员"}

# What the import templates show on their instructions sheet: one filled-in example row per format,
# and the values a coded column accepts (also offered as drop-down lists on the first sheet).
EXAMPLES = {
    ORGS: {"code": "WC001C0009", "name": "幸福里社区党委", "level": "社区党组织", "org_type": "党委",
           "parent_code": "WC001", "phone": "027-88886666", "address": "中华路 88 号", "established_on": "2020-07-01"},
    MEMBERS: {"name": "王芳", "gender": "女", "ethnicity": "汉族", "birth_date": "1985-03-04",
              "id_number": "420106198503040027", "phone": "13800001234", "education": "本科",
              "joined_on": "2010-06-30", "category": "正式党员", "branch_code": "WC001C0001G1",
              "is_in_service": "是", "work_unit": "区教育局", "registered_community_code": "WC001C0001",
              "registered_on": "2024-03-01"},
}
ALLOWED = {
    ORGS: {"level": [v for k, v in LEVEL_CHINESE.items() if k != Level.DISTRICT],
           "org_type": [v for v in TYPE_CHINESE.values() if v]},
    MEMBERS: {"gender": list(GENDER_CHINESE.values()), "education": list(EDUCATION_CHINESE.values()),
              "category": list(CATEGORY_CHINESE.values()), "is_in_service": ["是", "否"]},
}
