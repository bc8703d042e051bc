"""Name pools for the demo district: Wuchang (Wuhan) street names first, then plausible combinations."""

from __future__ import annotations

import random

# Wuchang's real streets come first, so the district scale reads like the place the figures come from.
REAL_STREETS = [
    "中华路街道", "积玉桥街道", "杨园街道", "徐家棚街道", "粮道街道", "黄鹤楼街道", "紫阳街道",
    "白沙洲街道", "首义路街道", "南湖街道", "中南路街道", "水果湖街道", "珞珈山街道", "石洞街道",
]
STREET_PREFIXES = [
    "和平", "新华", "解放", "胜利", "建设", "人民", "长江", "汉阳", "青山", "东湖", "花园", "友谊", "民主",
    "复兴", "光明", "团结", "红旗", "文化", "工农", "新村", "滨江", "沙湖", "晴川", "月湖", "龟山", "蛇山",
    "梅园", "桂园", "宝通", "洪山",
]
STREET_SUFFIXES = ["路街道", "街道", "桥街道", "湖街道"]

REAL_COMMUNITIES = [
    "西城壕", "户部巷", "昙华林", "彭刘杨", "大成路", "螃蟹岬", "新河", "武泰闸", "南国", "丁字桥", "梅苑",
    "晒湖", "东亭", "八铺街", "太平洋", "三层楼", "车辆厂", "余家头", "沙湖港", "临江", "杨园", "铁四院",
    "四美塘", "东湖村", "中山", "起义门", "都府堤", "千家街", "大东门", "长湖地",
]
COMMUNITY_FIRST = [
    "翠", "桂", "梅", "松", "竹", "兰", "荷", "枫", "柳", "桃", "锦", "华", "安", "康", "福", "泰", "和", "顺",
    "兴", "盛", "玉", "金", "银", "青", "紫", "丹", "清", "明", "新", "长",
]
COMMUNITY_SECOND = [
    "苑", "园", "庭", "湾", "城", "坊", "里", "村", "湖", "山", "桥", "港", "府", "居", "台", "林", "岸", "街",
    "巷", "口", "塘", "堤", "洲", "亭", "阁", "坪", "岭", "溪", "泉", "门", "岗", "滩", "源", "畈", "墩",
    "苑东", "苑西", "园南", "园北", "花园", "新村", "家园", "小区", "社区", "佳园", "雅苑", "丽景", "名居",
    "景苑", "嘉园", "华庭", "锦城", "星城", "阳光", "春晓",
]
ROADS = [
    "中华路", "解放路", "和平大道", "中山路", "武珞路", "中南路", "友谊大道", "徐东大街", "沙湖路", "临江大道",
    "积玉桥街", "粮道街", "胭脂路", "复兴路", "民主路", "彭刘杨路", "首义路", "张之洞路", "八一路", "东湖路",
]
COMPOUNDS = [
    "福星惠誉", "万科城市花园", "保利香槟国际", "绿地国际金融城", "融创首府", "华润中央公园", "中海琴台",
    "金地澜菲溪岸", "恒大华府", "招商1872", "中建御景", "东湖天下", "楚天都市", "锦绣长江", "滨江苑",
]
OFFICE_BUILDINGS = ["武汉中心", "群星城", "楚河汉街", "中南国际城", "万达广场", "保利大厦", "泛海国际", "汉街总部"]
TEMPORARY_TASKS = ["疫情防控", "防汛抗洪", "老旧小区改造", "创文创卫", "征收安置"]
RESIDENT_UNITS = [
    "武昌区人民医院", "武昌区税务局", "武汉大学", "湖北大学", "中南财经政法大学", "武昌区城管执法局",
    "武昌公安分局", "国网武汉供电公司", "武汉水务集团", "中国建设银行武昌支行", "中国工商银行武汉分行",
    "湖北省图书馆", "武昌区实验小学", "武汉市第十四中学", "武昌区市场监督管理局", "武昌区住房保障局",
    "中铁大桥局", "中建三局", "长江航运公安局", "武汉地铁集团",
]
PROPERTY_COMPANIES = ["万科物业", "碧桂园服务", "保利物业", "绿城服务", "中海物业", "华润万象生活", "金地物业"]
SOCIAL_ORGS = ["志愿者协会", "老年协会", "社会工作服务中心", "红十字服务站", "慈善超市", "邻里互助会"]
WORK_UNITS = [*RESIDENT_UNITS, "湖北省人民医院", "武汉市公安局", "武汉铁路局", "东风汽车公司", "武钢集团"]
POSITIONS = ["党委书记", "党总支书记", "副院长", "副校长", "支部书记", "总经理", "办公室主任", "工会主席"]
NUMERALS = "一二三四五六七八九十"
# Hubei region codes (GB/T 2260) for the first six digits of ID numbers; Wuchang's first, most common.
AREA_CODES = ["420106"] * 6 + ["420102", "420103", "420104", "420105", "420111", "420115", "421002", "420502"]


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for grid numbers)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return f"{head}十{NUMERALS[ones - 1] if ones else ''}"


def street_names(n: int, rng: random.Random) -> list[str]:
    extra = [p + s for p in STREET_PREFIXES for s in STREET_SUFFIXES]
    rng.shuffle(extra)
    pool = REAL_STREETS + [e for e in extra if e not in REAL_STREETS]
    if n > len(pool):
        pool += [f"第{i}街道" for i in range(1, n - len(pool) + 1)]
    return pool[:n]


def community_names(n: int, rng: random.Random) -> list[str]:
    extra = [a + b for a in COMMUNITY_FIRST for b in COMMUNITY_SECOND]
    rng.shuffle(extra)
    pool = REAL_COMMUNITIES + [e for e in extra if e not in REAL_COMMUNITIES]
    if n > len(pool):
        pool += [f"新建{i}" for i in range(1, n - len(pool) + 1)]
    return pool[:n]
