"""A deterministic generator of N valid disclosure items for benchmarks and search tests.

``generate(root, n, seed=1, today=date(2026, 11, 27))`` makes ``root`` a
complete project: categories.yml, holidays.yml, mkdocs.yml and theme/ copied
from this project, the pages the navigation names (content/pages/), and N
items in ``content/<unit id>/<year>/<slug>.md`` that pass
``python -m generator check`` with no error.

The items use every category, unit and key-area sector the schema has, and
follow its rules: only units allowed to publish in a category or sector
publish there; 规范性文件 carry a valid 发文字号 and 有效性; decisions
(行政许可/行政处罚/行政强制) are published within 7 working days, everything
else within 20; index numbers are unique per unit and year and carry the
unit's code; publication dates fall in 2024..``today``; every item has a
保密审查 record; no text contains anything that looks like personal data.
About 2 % of the items carry a small PDF attachment.

The text is invented Chinese government prose (1.5-3k characters per item)
assembled from a vocabulary of subjects, actions, objects, places, numbers and
dates, so that a search for a word finds some items and not others. The same
seed always gives byte-identical files: one ``random.Random`` for the plan,
one per item for its text, no clock, sorted iteration everywhere.

CLI: ``python -m bench.generate ROOT N [--seed S] [--today YYYY-MM-DD]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
if str(PROJECT) not in sys.path:          # `python bench/generate.py` from elsewhere
    sys.path.insert(0, str(PROJECT))

from generator.model.schema import Category, Schema, Sector, Unit, load_schema  # noqa: E402
from generator.model.workdays import Calendar  # noqa: E402

TODAY = date(2026, 11, 27)
FIRST_DAY = date(2024, 1, 2)
PROJECT_FILES = ("categories.yml", "holidays.yml", "mkdocs.yml")
ATTACHMENT_SHARE = 0.02

__all__ = ["generate", "plan_items", "render_item", "tiny_pdf", "PROJECT", "TODAY"]

# -- vocabulary (all invented; places and firms are fictional) ----------------

COUNTIES = {
    "dhq": ("东河区", ["河滨街道", "新华街道", "柳林镇", "沙河镇", "东湖街道", "红旗街道", "杏园镇"]),
    "xsx": ("西山县", ["城关镇", "石门镇", "青松乡", "白云乡", "龙泉镇", "双井乡", "松岭镇"]),
    "byq": ("北原旗", ["巴彦苏木", "哈达图镇", "草原镇", "白音嘎查", "敖包镇", "乌兰苏木", "新发镇"]),
}
CITY_PLACES = ["示例市中心城区", "示例经济技术开发区", "示例高新技术产业园区", "滨河新区", "北部工业园区",
               "南湖生态新城", "临空经济区", "示例综合保税区"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = ["志强", "建华", "海燕", "晓东", "丽娟", "伟", "敏", "秀英", "国栋", "春梅", "立新", "雪梅", "振宇", "红霞",
         "文博", "思远", "桂兰", "永刚", "淑珍", "宏伟", "晓峰", "玉兰", "德胜", "雅琴", "明轩", "子涵", "宝音", "其其格",
         "乌力吉", "萨仁", "巴特尔", "斯琴"]
FIRM_NAMES = ["鑫达", "华盛", "恒泰", "金源", "瑞丰", "宏远", "北辰", "德润", "嘉禾", "兴隆", "永信", "天诚", "安泰",
              "博远", "晨光", "广源", "泰和", "众诚", "新锐", "绿洲", "草原明珠", "河套", "长青", "祥云", "盛世",
              "龙腾", "丰泽", "汇通", "银河", "科润"]
FIRM_TRADES = ["建材", "商贸", "食品", "餐饮", "物流", "建筑工程", "环保科技", "乳业", "药业", "能源", "矿业",
               "农牧业开发", "物业服务", "信息技术", "机动车检测", "肉类加工", "化工", "印务", "酒店管理", "供热"]
FIRM_FORMS = ["有限公司", "有限责任公司", "股份有限公司", "专业合作社", "个体工商户（门店）"]
SUBJECTS = ["各旗县区人民政府", "市直各有关部门", "各级财政部门", "行业主管部门", "各乡镇（苏木）人民政府",
            "各街道办事处", "项目建设单位", "监理单位", "各级应急管理部门", "市场监管部门", "生态环境部门",
            "教育行政部门", "卫生健康部门", "医疗保障部门", "人力资源社会保障部门", "民政部门",
            "住房城乡建设部门", "自然资源部门", "政务服务中心", "公共资源交易中心", "统计调查机构",
            "行政执法人员", "嘎查村民委员会", "社区居民委员会", "相关企业", "各类经营主体", "申请单位",
            "牵头单位", "责任单位", "政务公开工作机构", "审计部门", "交通运输部门", "水务部门", "农牧部门",
            "文化旅游部门", "体育部门", "消防救援机构", "供水供热企业", "学校和幼儿园", "基层医疗卫生机构"]
MODALS = ["要", "应当", "须", "要切实", "应及时", "要进一步", "应严格", "要持续", "应主动", "要认真"]
VERBS = ["加强", "完善", "健全", "落实", "推进", "规范", "优化", "强化", "统筹", "细化", "压实", "深化", "提升",
         "建立", "加快", "严格执行", "组织开展", "持续推动", "认真做好", "扎实推进", "全面梳理", "及时公开",
         "定期报送", "动态调整", "督促指导", "跟踪评估", "分类实施", "集中整治", "逐项核查", "依法公开"]
OBJECTS = ["政务公开工作机制", "行政审批流程", "财政资金绩效管理", "安全生产责任制", "食品安全抽检", "农村牧区人居环境整治",
           "城镇老旧小区改造", "保障性租赁住房供给", "义务教育招生入学", "基本医疗保险待遇", "城乡低保动态管理",
           "就业创业服务", "重点项目调度", "耕地保护责任", "草原生态保护补助", "大气污染防治", "河湖长制",
           "应急物资储备", "防汛抗旱准备", "森林草原防火", "营商环境", "政府采购意向公开", "工程建设项目审批",
           "矿产资源开发秩序", "国有资产处置", "公共文化服务", "全民健身设施", "地方政府债务管理", "统计数据质量",
           "行政执法公示", "双随机一公开监管", "信用修复", "电子证照应用", "一网通办", "高校毕业生就业", "养老服务体系",
           "残疾人两项补贴发放", "特困人员供养", "冬季清洁取暖", "城市供水水质", "危险化学品安全", "校园食品安全",
           "药品零售监管", "医疗机构依法执业", "建筑施工扬尘治理", "黑土地保护", "高标准农田建设", "奶业振兴",
           "肉牛产业发展", "文旅消费", "中小学课后服务", "家庭医生签约服务", "集中带量采购药品使用",
           "农民工工资支付", "失业保险稳岗返还", "公租房分配", "棚户区改造", "地质灾害防治", "尾矿库安全",
           "燃气安全", "电动自行车充电安全", "特种设备安全", "计量器具检定", "价格监督检查", "涉企收费清理"]
PURPOSES = ["切实保障人民群众的知情权、参与权、表达权和监督权", "进一步提高行政效能和服务水平",
            "促进经济社会高质量发展", "防范化解重大风险", "提升群众获得感、幸福感、安全感",
            "推动各项政策落地见效", "确保财政资金安全高效使用", "营造公开透明的政务环境",
            "巩固拓展脱贫攻坚成果", "守住安全生产底线", "持续改善生态环境质量", "加快建设法治政府",
            "稳定和扩大就业", "兜牢基本民生底线", "优化公共资源配置", "规范权力运行"]
LAWS = ["《中华人民共和国政府信息公开条例》", "《中华人民共和国行政许可法》", "《中华人民共和国行政处罚法》",
        "《中华人民共和国预算法》", "《中华人民共和国政府采购法》", "《中华人民共和国安全生产法》",
        "《中华人民共和国食品安全法》", "《中华人民共和国突发事件应对法》", "《中华人民共和国环境保护法》",
        "《中华人民共和国招标投标法》", "《中华人民共和国土地管理法》", "《社会救助暂行办法》", "《优化营商环境条例》",
        "《中华人民共和国行政强制法》", "《中华人民共和国统计法》", "《中华人民共和国教育法》",
        "《中华人民共和国基本医疗卫生与健康促进法》", "《中华人民共和国就业促进法》", "《示例市政务公开工作规定》",
        "《示例市行政规范性文件管理办法》", "《示例市重大行政决策程序规定》"]
ADVERBIALS = ["在此基础上", "与此同时", "按照属地管理原则", "坚持问题导向", "对照年度目标", "结合我市实际",
              "根据工作需要", "在充分征求意见的基础上", "经研究", "按照“谁主管、谁负责”的原则", "围绕中心工作",
              "立足当前、着眼长远", "按照职责分工", "依托全市一体化政务服务平台"]
OUTCOMES = ["形成一批可复制可推广的经验做法", "确保各项任务按期完成", "做到底数清、情况明",
            "实现全流程留痕可追溯", "推动问题整改到位", "确保群众诉求件件有回音", "切实减轻企业负担",
            "把好事办好、实事办实", "做到应公开尽公开", "形成上下联动、齐抓共管的工作格局"]
PROBLEMS = ["未按规定履行审批程序", "台账资料不完整", "信息更新不及时", "资金拨付进度偏慢", "隐患整改不彻底",
            "制度执行不到位", "监管存在薄弱环节", "公示内容不规范", "服务流程不够便捷", "统计口径不一致"]
MEASURE_WORDS = [("个", "项目"), ("家", "企业"), ("户", "家庭"), ("人次", "服务对象"), ("件", "事项"),
                 ("公里", "管网"), ("所", "学校"), ("处", "隐患点位"), ("万元", "资金"), ("套", "住房")]
GOODS = ["办公设备", "教学仪器", "医疗设备", "应急救援装备", "信息化系统运维服务", "物业管理服务", "绿化养护服务",
         "校服", "消防器材", "环境监测设备", "公务用车", "图书资料", "实验室耗材", "供暖设备"]
PROJECT_KINDS = ["第二水厂扩建工程", "污水处理厂提标改造工程", "城市快速路建设工程", "综合管廊工程", "体育中心建设项目",
                 "人民医院门诊楼建设项目", "第三中学新建工程", "保障性租赁住房项目", "集中供热管网改造工程",
                 "农村牧区饮水安全巩固提升工程", "高标准农田建设项目", "物流园区基础设施项目", "风光储一体化项目",
                 "老旧小区改造工程", "河道综合治理工程", "冷链物流中心项目", "博物馆新馆建设项目", "垃圾焚烧发电项目"]
HAZARDS = ["暴雨", "大风", "暴雪", "寒潮", "沙尘暴", "高温", "森林草原火险", "地质灾害", "冰雹", "道路结冰"]
COLOURS = ["蓝色", "黄色", "橙色", "红色"]
STAT_INDICATORS = ["地区生产总值", "规模以上工业增加值", "固定资产投资", "社会消费品零售总额", "一般公共预算收入",
                   "城镇居民人均可支配收入", "农村牧区居民人均可支配收入", "居民消费价格指数", "粮食产量", "牲畜存栏",
                   "进出口总额", "城镇新增就业人数"]
POSTS = ["综合管理岗", "财务会计岗", "法律事务岗", "信息技术岗", "工程管理岗", "临床医师岗", "护理岗", "中学语文教师",
         "小学数学教师", "幼儿教师", "社会工作岗", "统计分析岗", "应急管理岗", "文物保护岗"]
FEE_ITEMS = ["不动产登记费", "考试考务费", "污水处理费", "防空地下室易地建设费", "土地复垦费", "殡葬服务收费",
             "车辆通行费", "证书工本费", "诉讼费（代收）", "城市道路占用挖掘修复费"]
NUMERALS = "一二三四五六七八九十"
INFO_TYPE_TEXT = {
    "approval-service": ("办理程序", "申报材料", "办理时限"),
    "approval-result": ("批复文号", "建设规模", "总投资"),
    "bidding": ("招标方式", "中标单位", "中标金额"),
    "land-acquisition": ("征收范围", "补偿标准", "安置方式"),
    "design-change": ("变更内容", "变更原因", "审批情况"),
    "construction": ("施工单位", "监理单位", "形象进度"),
    "quality-safety": ("监督机构", "检查结果", "整改要求"),
    "completion": ("竣工验收", "备案情况", "决算审计"),
}
CATEGORY_WEIGHTS = {  # decisions dominate real sites
    "regulations": 8, "organisation": 2, "plans": 3, "statistics": 4, "licensing": 18, "penalties": 16,
    "budgets": 5, "fees": 2, "procurement": 7, "major-projects": 8, "livelihood": 9, "emergencies": 4,
    "supervision": 7, "recruitment": 4, "other": 3,
}
KIND_ABBR = {
    "government": "政", "general-office": "政办", "gov-services": "政务", "drc": "发改", "statistics": "统",
    "justice": "司", "finance": "财", "emergency": "应急", "organisation-dept": "组", "hrss": "人社",
    "housing": "建", "natural-resources": "自然资", "trading-centre": "交易", "market-regulation": "市监",
    "poverty": "乡振", "civil-affairs": "民", "education": "教", "health": "卫健", "environment": "环",
    "culture-tourism": "文旅", "sports": "体", "medical-insurance": "医保", "employment": "就",
}


# -- the plan ------------------------------------------------------------------

@dataclass
class Plan:
    """Everything about one item except its text."""

    number: int                         # position in the plan (0-based); seeds the item's text
    unit: Unit
    category: Category
    sector: Sector | None
    formation: date
    publish: date
    decision: str | None = None         # 决定类型
    project: str | None = None
    info_type: object = None
    doc_number: str | None = None
    validity: str | None = None
    abolished: date | None = None
    review_date: date | None = None
    reviewer: str = ""
    serial: int = 0
    slug: str = ""
    attachment: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def index_no(self) -> str:
        return f"{self.unit.code}/{self.publish.year}-{self.serial:05d}"

    @property
    def rel(self) -> str:
        return f"{self.unit.id}/{self.publish.year}/{self.slug}.md"


def _leaf_sectors(schema: Schema) -> list[Sector]:
    return sorted((s for s in schema.sectors.values() if not s.children), key=lambda s: s.id)


def _sector_categories(schema: Schema, sector: Sector) -> list[str]:
    ids = list(sector.categories)
    if sector.parent:
        ids += [c for c in schema.sectors[sector.parent].categories if c not in ids]
    return ids or ["licensing", "other"]   # 土地出让、矿业权、产权交易: 许可类或其他


def _usual(responsible, lead: tuple, unit: Unit) -> bool:
    """A unit the seed names for a category or sector (any unit may publish; these do so most often)."""
    return unit.id in lead or responsible.covers(unit)


class _Rules:
    """Who usually publishes what, precomputed from the schema (sorted, so the plan is stable).

    Any unit may publish in any category (谁制作、谁公开); the seed's 牵头 and 责任单位 are chosen more often."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.units = sorted(schema.units.values(), key=lambda u: u.id)
        self.categories = sorted(schema.categories.values(), key=lambda c: c.number)
        self.sectors = _leaf_sectors(schema)
        self.cat_units = {c.id: list(self.units) for c in self.categories}
        self.unit_cats = {u.id: list(self.categories) for u in self.units}
        self.preferred = {c.id: [u for u in self.units if _usual(c.responsible, c.lead, u)] for c in self.categories}
        # (unit, category) -> sectors that unit usually names for an item of that category
        self.pair_sectors: dict[tuple[str, str], list[Sector]] = {}
        for s in self.sectors:
            named = [u for u in self.units if _usual(s.responsible, (), u)] or self.units
            for cid in _sector_categories(schema, s):
                for u in named:
                    self.pair_sectors.setdefault((u.id, cid), []).append(s)

    def sector_choices(self, sector: Sector) -> list[tuple[Unit, Category]]:
        named = [u for u in self.units if _usual(sector.responsible, (), u)]
        out = []
        for u in named or self.units:
            for cid in _sector_categories(self.schema, sector):
                if sector in self.pair_sectors.get((u.id, cid), []):
                    out.append((u, self.schema.categories[cid]))
        return out


def _pick_dates(rng: random.Random, calendar: Calendar, days: int, today: date) -> tuple[date, date]:
    span = (today - FIRST_DAY).days
    for _ in range(20):
        formation = FIRST_DAY + timedelta(days=rng.randrange(span))
        k = min(days, int(rng.triangular(0, days + 1, 2)))
        publish = formation if k == 0 else calendar.add_workdays(formation, k)
        if publish <= today:
            return formation, publish
    return today, today


def plan_items(schema: Schema, calendar: Calendar, n: int, seed: int = 1, today: date = TODAY) -> list[Plan]:
    """The N items' facts: unit, category, sector, dates, numbers, slugs. Deterministic."""
    rng = random.Random(seed)
    rules = _Rules(schema)
    picks: list[tuple[Unit, Category, Sector | None]] = []
    # Coverage first: every category, every unit, every leaf sector at least once (when n allows).
    for c in rules.categories:
        picks.append((rng.choice(rules.cat_units[c.id]), c, None))
    for s in rules.sectors:
        u, c = rng.choice(rules.sector_choices(s))
        picks.append((u, c, s))
    for u in rules.units:
        picks.append((u, rng.choice(rules.unit_cats[u.id]), None))
    weighted = [c for c in rules.categories for _ in range(CATEGORY_WEIGHTS.get(c.id, 3))]
    while len(picks) < n:
        c = rng.choice(weighted)
        preferred = rules.preferred[c.id]
        u = rng.choice(preferred if preferred and rng.random() < 0.6 else rules.cat_units[c.id])
        options = rules.pair_sectors.get((u.id, c.id), [])
        chance = 0.8 if c.id == "major-projects" else 0.35
        s = rng.choice(options) if options and rng.random() < chance else None
        picks.append((u, c, s))
    picks = picks[:n]

    major = schema.sectors.get("major-projects")
    info_types = list(major.info_types) if major else []
    project_pool = []
    for i in range(max(8, n // 25)):
        county = sorted(COUNTIES)[i % 3]
        place = rng.choice([COUNTIES[county][0], "示例市", rng.choice(CITY_PLACES)])
        project_pool.append(f"{place}{rng.choice(PROJECT_KINDS)}（{NUMERALS[i % 10]}期）" if i >= 30
                            else f"{place}{PROJECT_KINDS[i % len(PROJECT_KINDS)]}")

    plans: list[Plan] = []
    for number, (unit, category, sector) in enumerate(picks):
        decision = None
        if category.id in ("licensing", "penalties") and rng.random() < 0.7:
            decision = "行政许可" if category.id == "licensing" else rng.choice(["行政处罚", "行政处罚", "行政强制"])
        days = schema.deadline_rule(category, None, {"decision_type": decision}).days
        formation, publish = _pick_dates(rng, calendar, days, today)
        plan = Plan(number=number, unit=unit, category=category, sector=sector, formation=formation,
                    publish=publish, decision=decision)
        if sector is not None and "project" in schema.required_fields_for(category, sector):
            plan.project = rng.choice(project_pool)
            plan.info_type = rng.choice(info_types)
        if category.id == "regulations":
            roll = rng.random()
            plan.validity = "有效" if roll < 0.85 else ("失效" if roll < 0.93 else "废止")
            if plan.validity != "有效":
                later = publish + timedelta(days=rng.randrange(60, 700))
                if later <= today:
                    plan.abolished = later
        back = rng.choice([0, 0, 1, 1, 2, 3])
        plan.review_date = max(formation, publish - timedelta(days=back))
        plan.reviewer = rng.choice(SURNAMES) + rng.choice(GIVEN)
        plan.attachment = rng.random() < ATTACHMENT_SHARE
        plans.append(plan)

    # Index numbers: per unit and publication year, in publication order.
    serials: dict[tuple[str, int], int] = {}
    for plan in sorted(plans, key=lambda p: (p.unit.id, p.publish, p.number)):
        key = (plan.unit.id, plan.publish.year)
        serials[key] = serials.get(key, 0) + 1
        plan.serial = serials[key]
        plan.slug = f"{plan.category.id}-{plan.serial:05d}"
    # 发文字号: per issuer and formation year, in formation order.
    doc_serials: dict[tuple[str, int], int] = {}
    for plan in sorted(plans, key=lambda p: (p.unit.id, p.formation, p.number)):
        if plan.category.id != "regulations" and not (plan.category.id in ("plans", "livelihood", "emergencies")
                                                      and plan.number % 3 == 0):
            continue
        issuer = _issuer(schema, plan.unit)
        key = (issuer, plan.formation.year)
        doc_serials[key] = doc_serials.get(key, 0) + 1
        plan.doc_number = f"{issuer}〔{plan.formation.year}〕{doc_serials[key]}号"
    return plans


def _issuer(schema: Schema, unit: Unit) -> str:
    abbr = KIND_ABBR.get(unit.kind, "综")
    if unit.level == "county" and unit.county in COUNTIES:
        return COUNTIES[unit.county][0][:2] + abbr + "发"
    return "示例" + abbr + "发"


# -- text ----------------------------------------------------------------------

def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _places(unit: Unit) -> list[str]:
    if unit.level == "county" and unit.county in COUNTIES:
        name, towns = COUNTIES[unit.county]
        return [name + t for t in towns]
    return CITY_PLACES + [v[0] for v in COUNTIES.values()]


class _Writer:
    """Builds one item's Markdown from the vocabulary with the item's own Random."""

    def __init__(self, plan: Plan, seed: int):
        self.p = plan
        self.r = random.Random(seed * 1_000_003 + plan.number)
        self.places = _places(plan.unit)
        self.topic = self.r.choice(OBJECTS)
        self.topic2 = self.r.choice(OBJECTS)
        self.place = self.r.choice(self.places)
        self.firm = self.firm_name()

    def firm_name(self) -> str:
        r = self.r
        return f"示例市{r.choice(self.places)}{r.choice(FIRM_NAMES)}{r.choice(FIRM_TRADES)}{r.choice(FIRM_FORMS)}"

    def amount(self, low: int = 5, high: int = 98000) -> str:
        return f"{self.r.randint(low, high)}.{self.r.randint(0, 99):02d}"

    def sentence(self) -> str:
        r = self.r
        kind = r.randrange(9)
        if kind == 0:
            return f"{r.choice(SUBJECTS)}{r.choice(MODALS)}{r.choice(VERBS)}{r.choice(OBJECTS)}，{r.choice(PURPOSES)}。"
        if kind == 1:
            measure, what = r.choice(MEASURE_WORDS)
            return (f"截至{_cn_date(self.p.formation - timedelta(days=r.randrange(5, 200)))}，{r.choice(self.places)}"
                    f"累计{r.choice(VERBS)}{what}{r.randint(3, 9800)}{measure}，同比增长{r.randint(1, 38)}.{r.randint(0, 9)}%。")
        if kind == 2:
            return f"对{r.choice(PROBLEMS)}的，{r.choice(SUBJECTS)}{r.choice(MODALS)}责令限期整改，并{r.choice(VERBS)}{r.choice(OBJECTS)}。"
        if kind == 3:
            return f"{r.choice(ADVERBIALS)}，{r.choice(SUBJECTS)}{r.choice(VERBS)}{self.topic}，{r.choice(OUTCOMES)}。"
        if kind == 4:
            return (f"{r.choice(self.places)}将{r.choice(OBJECTS)}与{r.choice(OBJECTS)}统筹推进，"
                    f"{r.choice(VERBS)}工作台账，明确时间表、路线图和责任人。")
        if kind == 5:
            return f"依据{r.choice(LAWS)}第{r.randint(2, 80)}条的规定，{r.choice(SUBJECTS)}{r.choice(VERBS)}{r.choice(OBJECTS)}。"
        if kind == 6:
            return (f"全年安排专项资金{r.randint(20, 9800)}万元，重点支持{r.choice(OBJECTS)}和{r.choice(OBJECTS)}，"
                    f"资金使用情况按季度向社会公开。")
        if kind == 7:
            return f"{r.choice(SUBJECTS)}每季度第一个月{r.randint(5, 20)}日前报送上一季度{r.choice(OBJECTS)}进展情况。"
        return f"要把{self.topic2}作为{r.choice(['重要抓手', '重点任务', '民生实事', '年度考核内容'])}，{r.choice(OUTCOMES)}。"

    def paragraph(self, low: int = 2, high: int = 5) -> str:
        return "".join(self.sentence() for _ in range(self.r.randint(low, high)))

    def items_list(self, ordered: bool) -> str:
        lines = []
        for i in range(self.r.randint(3, 6)):
            mark = f"{i + 1}." if ordered else "-"
            lines.append(f"{mark} {self.r.choice(VERBS)}{self.r.choice(OBJECTS)}，{self.r.choice(OUTCOMES)}；")
        lines[-1] = lines[-1][:-1] + "。"
        return "\n".join(lines)

    # -- category-specific parts: (title, opening, [(heading, blocks)], closing)
    def compose(self) -> tuple[str, str]:
        p, r = self.p, self.r
        unit = p.unit.name
        cid = p.category.id
        year = p.publish.year
        sections: list[tuple[str, list[str]]] = []
        opening = ""
        closing = f"{unit}\n\n{_cn_date(p.formation)}"
        if p.info_type is not None:
            labels = INFO_TYPE_TEXT.get(p.info_type.id, ("基本情况", "主要内容", "办理结果"))
            title = f"{p.project}{p.info_type.name}公开"
            opening = f"根据重大建设项目批准和实施领域信息公开的有关规定，现将{p.project}{p.info_type.name}公开如下。"
            sections.append(("项目概况", [
                f"{p.project}位于{self.place}，由{self.firm}承担建设，总投资{r.randint(800, 98000)}万元，"
                f"建设工期{r.randint(8, 36)}个月。" + self.paragraph(1, 3)]))
            for label in labels:
                sections.append((label, [self.paragraph(2, 4)]))
            sections.append(("监督方式", [f"对本信息有异议的，可在公开之日起10个工作日内向{unit}反映，"
                                          f"联系电话{p.unit.contact.get('phone', '0479-5551000')}。"]))
        elif cid == "regulations":
            doc = r.choice(["管理办法", "实施细则", "暂行办法", "工作规程", "实施办法", "若干措施"])
            title = f"{unit}关于印发《{self.place}{self.topic}{doc}》的通知"
            opening = (f"各旗县区人民政府，市直各有关部门：\n\n《{self.place}{self.topic}{doc}》已经研究同意，"
                       f"现印发给你们，请认真贯彻执行。\n\n**{self.place}{self.topic}{doc}**")
            names = ["总则", "职责分工", "主要任务", "管理要求", "监督检查", "附则"]
            article = 1
            for i, name in enumerate(names):
                blocks = []
                for _ in range(r.randint(2, 3)):
                    blocks.append(f"**第{_cn_number(article)}条** " + self.paragraph(1, 3))
                    article += 1
                if i == 2:
                    blocks.append(self.items_list(True))
                sections.append((f"第{NUMERALS[i]}章 {name}", blocks))
            end = p.formation + timedelta(days=r.randint(10, 40))
            closing = f"本{doc}自{_cn_date(end)}起施行，有效期{r.choice(['3', '5'])}年。\n\n" + closing
        elif cid == "organisation":
            title = f"{unit}机构职能{r.choice(['及联系方式', '和领导分工', '与内设机构'])}（{year}年更新）"
            c = p.unit.contact
            sections.append(("主要职责", [self.items_list(True)]))
            sections.append(("内设机构", ["- " + "\n- ".join(f"{r.choice(OBJECTS)}科" for _ in range(r.randint(4, 7)))]))
            sections.append(("领导信息", [
                "\n".join(f"- {role}：{r.choice(SURNAMES)}{r.choice(GIVEN)}，负责{r.choice(OBJECTS)}等工作。"
                          for role in ("局长（主任）", "副局长（副主任）", "副局长（副主任）"))]))
            sections.append(("办公地址和时间", [
                f"办公地址：{c.get('address', '示例市政务大道1号')}\n\n办公时间：{c.get('hours', '工作日')}\n\n"
                f"联系电话：{c.get('phone', '0479-5551000')}\n\n传真：{c.get('fax', '0479-5551001')}"]))
            sections.append(("工作开展情况", [self.paragraph(3, 5), self.paragraph(2, 4)]))
        elif cid == "plans":
            plan_kind = r.choice(["专项规划", "发展规划", "三年行动计划", "实施方案", "区域规划"])
            title = f"{self.place}{self.topic}{plan_kind}（{year}—{year + 4}年）"
            opening = f"为{r.choice(PURPOSES)}，根据{r.choice(LAWS)}和国民经济和社会发展规划纲要，编制本规划。"
            for name in ("发展基础", "总体要求", "主要目标", "重点任务", "保障措施"):
                sections.append((name, [self.paragraph(2, 5)]))
            sections[2][1].append(self._indicator_table(("指标", "基期值", "目标值", "属性"), 4))
            sections[3][1].append(self.items_list(True))
        elif cid == "statistics":
            month = p.formation.month
            title = f"{year}年1—{month}月{self.place}国民经济运行情况"
            opening = f"{year}年以来，{self.place}{r.choice(['经济运行总体平稳', '主要指标稳中有进', '经济持续回升向好'])}。"
            sections.append(("主要指标", [self._indicator_table(("指标", "绝对量", "同比增长（%）"), 6)]))
            for name in ("工业生产", "投资消费", "财政金融", "居民收入"):
                sections.append((name, [self.paragraph(2, 4)]))
            closing = "注：本公报数据为初步统计数，部分指标因四舍五入存在分项合计与总计不等的情况。\n\n" + closing
        elif cid == "licensing":
            matter = r.choice(["建设工程规划许可", "食品经营许可", "排污许可", "取水许可", "建筑工程施工许可",
                               "道路运输经营许可", "药品经营许可", "林草地使用审核", "采矿许可", "人力资源服务许可"])
            if p.decision:
                title = f"{unit}关于{self.firm}{matter}决定的公示"
                opening = f"根据{r.choice(LAWS)}，{unit}对{self.firm}提出的{matter}申请依法进行了审查，现将许可决定公示如下。"
                sections.append(("许可决定信息", [self._decision_table(matter)]))
                sections.append(("审查情况", [self.paragraph(2, 4)]))
                sections.append(("救济途径", ["申请人对本决定不服的，可以自收到决定之日起60日内向示例市人民政府申请行政复议，"
                                              "或者在6个月内依法向人民法院提起行政诉讼。"]))
            else:
                title = f"{unit}{matter}办事指南（{year}年版）"
                for name in ("适用范围", "设定依据", "申请条件", "申请材料", "办理流程", "办理时限和收费"):
                    sections.append((name, [self.paragraph(1, 3)]))
                sections[3][1].append(self.items_list(True))
        elif cid == "penalties":
            act = r.choice(["未按规定公示食品经营许可证", "超标排放大气污染物", "未落实安全生产主体责任",
                            "销售不合格产品", "无证从事道路运输经营", "违规使用特种设备", "未按规定办理建设工程规划许可",
                            "虚假宣传", "违规存储危险化学品", "未按规定开展职业病危害检测"])
            if p.decision:
                title = f"{unit}对{self.firm}{p.decision}决定信息公开"
                opening = f"{self.firm}{act}一案，{unit}已依法作出{p.decision}决定，现予公开。"
                sections.append(("决定信息", [self._decision_table(p.decision)]))
                sections.append(("违法事实", [f"经查，当事人{act}，" + self.paragraph(2, 3)]))
                sections.append(("处理依据和结果", [
                    f"依据{r.choice(LAWS)}第{r.randint(20, 130)}条，决定对当事人处以警告，并处罚款人民币"
                    f"{r.randint(2, 300) * 1000}元；责令其于{r.randint(7, 30)}日内改正。"]))
                sections.append(("履行方式和救济途径", [self.paragraph(1, 2)]))
            else:
                title = f"{unit}行政处罚裁量基准（{self.topic}）"
                for name in ("适用范围", "裁量原则", "裁量阶次", "从轻减轻情形", "从重情形"):
                    sections.append((name, [self.paragraph(2, 3)]))
                sections[2][1].append(self._indicator_table(("违法情节", "处罚幅度", "适用条件"), 3))
        elif cid == "budgets":
            kind = r.choice(["部门预算", "部门决算", "政府预算执行情况", "\u201c三公\u201d经费预算"])
            title = f"{unit}{year}年{kind}公开说明"
            for name in ("部门基本情况", "收支总体情况", "一般公共预算支出情况", "\u201c三公\u201d经费情况", "绩效目标"):
                sections.append((name, [self.paragraph(2, 3)]))
            sections[1][1].append(self._money_table())
        elif cid == "fees":
            title = f"{unit}行政事业性收费项目目录及标准（{year}年）"
            p.extra["fee"] = round(r.uniform(5, 900), 1)
            rows = ["| 收费项目 | 收费标准 | 设定依据 |", "| --- | --- | --- |"]
            for _ in range(r.randint(3, 6)):
                rows.append(f"| {r.choice(FEE_ITEMS)} | 每件{r.randint(5, 550)}元 | {r.choice(LAWS)} |")
            sections.append(("收费目录", ["\n".join(rows)]))
            sections.append(("有关说明", [self.paragraph(2, 4), self.paragraph(2, 3)]))
        elif cid == "procurement":
            goods = r.choice(GOODS)
            title = f"{self.place}{goods}采购项目{r.choice(['中标（成交）结果公告', '采购意向公开', '招标公告', '合同公告'])}"
            code = f"SLS-CG-{p.formation.year}-{r.randint(100, 9999):04d}"
            sections.append(("项目基本情况", [
                f"项目编号：{code}\n\n项目名称：{self.place}{goods}采购项目\n\n"
                f"预算金额：{self.amount(10, 900)}万元\n\n采购方式：{r.choice(['公开招标', '竞争性磋商', '询价', '单一来源'])}"]))
            sections.append(("中标（成交）信息", [f"供应商名称：{self.firm}\n\n中标（成交）金额：{self.amount(10, 880)}万元"]))
            sections.append(("主要标的", [self.paragraph(1, 3)]))
            sections.append(("公告期限和联系方式", ["自本公告发布之日起1个工作日。" + self.paragraph(1, 2)]))
        elif cid == "emergencies":
            hazard = r.choice(HAZARDS)
            if r.random() < 0.5:
                title = f"{self.place}{hazard}{r.choice(COLOURS)}预警信息（{_cn_date(p.formation)}）"
                opening = f"受{r.choice(['冷空气', '强对流天气', '低涡系统', '持续高温'])}影响，预计未来24小时{self.place}将出现{hazard}天气。"
                sections.append(("防御指南", [self.items_list(True)]))
                sections.append(("应对情况", [self.paragraph(2, 4)]))
            else:
                title = f"{self.place}{hazard}灾害应急预案（{year}年修订）"
                for name in ("总则", "组织体系", "监测预警", "应急响应", "后期处置", "保障措施"):
                    sections.append((name, [self.paragraph(2, 4)]))
                sections[3][1].append(self._indicator_table(("响应级别", "启动条件", "牵头单位"), 4))
        elif cid == "supervision":
            domain = r.choice(["食品安全", "产品质量", "安全生产", "生态环境", "公共卫生", "药品安全"])
            title = f"{year}年第{NUMERALS[(p.formation.month - 1) // 3]}季度{self.place}{domain}监督抽查结果"
            opening = f"按照年度监督检查计划，{p.unit.name}组织对{self.place}{domain}开展了监督抽查。"
            rows = ["| 被检查单位 | 检查项目 | 检查结果 |", "| --- | --- | --- |"]
            for _ in range(r.randint(3, 7)):
                rows.append(f"| {self.firm_name()} | {r.choice(OBJECTS)} | {r.choice(['合格', '合格', '合格', '限期整改'])} |")
            sections.append(("抽查结果", ["\n".join(rows)]))
            sections.append(("发现的问题", [self.paragraph(2, 4)]))
            sections.append(("下一步工作", [self.items_list(False)]))
        elif cid == "recruitment":
            title = f"{unit}{year}年公开{r.choice(['招聘事业单位工作人员', '招录公务员', '招聘编外工作人员'])}{r.choice(['公告', '拟录用人员公示', '资格复审公告'])}"
            rows = ["| 岗位 | 名额 | 学历要求 | 专业要求 |", "| --- | --- | --- | --- |"]
            for _ in range(r.randint(3, 6)):
                rows.append(f"| {r.choice(POSTS)} | {r.randint(1, 6)} | {r.choice(['本科及以上', '研究生及以上', '大专及以上'])} | {r.choice(['不限', '相关专业', '对口专业'])} |")
            sections.append(("招聘岗位", ["\n".join(rows)]))
            for name in ("报考条件", "报名方式", "考试安排", "纪律监督"):
                sections.append((name, [self.paragraph(1, 3)]))
        else:   # livelihood, other, and anything new in the schema
            verb = r.choice(["做好", "推进", "加强", "开展", "落实"])
            title = f"关于{verb}{year}年{self.place}{self.topic}工作的通知"
            opening = f"各有关单位：\n\n为{r.choice(PURPOSES)}，{r.choice(ADVERBIALS)}，现就{verb}{self.topic}工作通知如下。"
            for name in ("总体要求", "重点任务", "保障措施", "工作要求"):
                sections.append((name, [self.paragraph(2, 5)]))
            sections[1][1].append(self.items_list(True))
        # Fill to 1.5-3k characters with more prose.
        target = r.randint(1500, 2900)
        parts = self._assemble(opening, sections, closing)
        while len(parts) < target:
            idx = r.randrange(len(sections))
            sections[idx][1].append(self.paragraph(2, 4))
            parts = self._assemble(opening, sections, closing)
        return title, parts

    def _assemble(self, opening: str, sections, closing: str) -> str:
        out = [opening] if opening else []
        for i, (heading, blocks) in enumerate(sections):
            numbered = heading if heading.startswith("第") else f"{_cn_number(i + 1)}、{heading}"
            out.append(f"## {numbered}")
            out.extend(blocks)
        out.append(closing)
        return "\n\n".join(out) + "\n"

    def _indicator_table(self, head: tuple, rows: int) -> str:
        r = self.r
        lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for _ in range(rows):
            cells = [r.choice(STAT_INDICATORS + OBJECTS)] + [
                f"{r.randint(1, 9800)}.{r.randint(0, 9)}" if j % 2 else r.choice(["约束性", "预期性", "一级", "二级", "三级"])
                for j in range(1, len(head))]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def _money_table(self) -> str:
        lines = ["| 项目 | 预算数（万元） | 上年数（万元） |", "| --- | ---: | ---: |"]
        for name in ("一般公共预算拨款", "政府性基金预算拨款", "事业收入", "其他收入", "基本支出", "项目支出"):
            lines.append(f"| {name} | {self.amount(1, 9000)} | {self.amount(1, 9000)} |")
        return "\n".join(lines)

    def _decision_table(self, matter: str) -> str:
        p, r = self.p, self.r
        prefix = KIND_ABBR.get(p.unit.kind, "综")
        rows = [("行政相对人名称", self.firm),
                ("决定文书号", f"示{prefix}{'许' if p.decision == '行政许可' else '罚'}字（{p.formation.year}）第{r.randint(1, 999):03d}号"),
                ("事项名称", matter),
                ("决定日期", _cn_date(p.formation)),
                ("有效期", f"{r.randint(1, 5)}年" if p.decision == "行政许可" else "—"),
                ("决定机关", p.unit.name)]
        return "| 项目 | 内容 |\n| --- | --- |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


def _cn_number(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


def _q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_item(plan: Plan, seed: int = 1) -> str:
    """The Markdown file of one planned item: front matter (Chinese keys) and body."""
    w = _Writer(plan, seed)
    title, body = w.compose()
    r = w.r
    fm = ["---", f"标题: {_q(title)}", f"公开类别: {_q(plan.category.name)}",
          f"发布机构: {_q(plan.unit.name if r.random() < 0.7 else (plan.unit.short or plan.unit.name))}",
          f"索引号: {plan.index_no}"]
    if plan.doc_number:
        fm.append(f"发文字号: {plan.doc_number}")
    fm += [f"成文日期: {plan.formation.isoformat()}", f"发布日期: {plan.publish.isoformat()}"]
    if plan.validity:
        fm.append(f"有效性: {plan.validity}")
        fm.append("文件类型: 行政规范性文件")
        if plan.abolished:
            fm.append(f"废止日期: {plan.abolished.isoformat()}")
    if plan.sector is not None:
        fm.append(f"重点领域: {_q(plan.sector.name)}")
    if plan.project:
        fm.append(f"项目名称: {_q(plan.project)}")
        fm.append(f"信息类别: {plan.info_type.name}")
    if plan.decision:
        fm.append(f"决定类型: {plan.decision}")
        fm.append(f"决定数量: {r.choice([1, 1, 1, 2, 3, 5, 12])}")
    if "fee" in plan.extra:
        fm.append(f"收费金额: {plan.extra['fee']}")
        fm.append(f"收费期间: {plan.publish.year - 1}年")
    if plan.category.interpretation:
        fm.append(f"解读形式: {r.choice(['文字', '文字', '图解', '问答', '音视频'])}")
    if r.random() < 0.6:
        fm.append("主题词:")
        for word in sorted({w.topic, w.topic2, r.choice(OBJECTS)}):
            fm.append(f"  - {_q(word)}")
    if plan.attachment:
        fm += ["附件:", f"  - path: {plan.slug}-fj1.pdf", f"    title: {_q('附件1：' + w.topic + '相关材料')}"]
    fm += ["保密审查:", f"  reviewer: {plan.reviewer}", f"  date: {plan.review_date.isoformat()}", "---", ""]
    if plan.attachment:
        body += "\n附件：" + w.topic + "相关材料（PDF）\n"
    return "\n".join(fm) + "\n" + body


def tiny_pdf(text: str = "Benchmark attachment") -> bytes:
    """A valid one-page PDF (correct xref offsets) of a few hundred bytes."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PAGES = {
    "pages/guide.md": "---\n标题: 政府信息公开指南\n---\n\n# 政府信息公开指南\n\n"
                      "本指南说明示例市人民政府及其部门主动公开和依申请公开政府信息的范围、方式和程序。\n\n"
                      "## 主动公开\n\n主动公开的政府信息通过本网站、政府公报和政务服务大厅等途径公开。\n\n"
                      "## 依申请公开\n\n公民、法人或者其他组织可以向有关行政机关申请获取相关政府信息。\n",
    "pages/rules.md": "---\n标题: 政府信息公开制度\n---\n\n# 政府信息公开制度\n\n"
                      "包括政府信息公开保密审查、政策解读、舆情回应和考核评估等制度。\n",
    "pages/annual-reports/index.md": "---\n标题: 政府信息公开年报\n---\n\n# 政府信息公开年报\n\n"
                                     "各单位政府信息公开工作年度报告。\n",
}


def copy_project_files(root: Path, source: Path = PROJECT) -> None:
    """categories.yml, holidays.yml, mkdocs.yml, theme/ and the nav pages: a buildable project around content/."""
    root.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        if (source / name).exists():
            shutil.copyfile(source / name, root / name)
    if (source / "theme").is_dir():
        shutil.rmtree(root / "theme", ignore_errors=True)
        shutil.copytree(source / "theme", root / "theme")
    for rel, text in PAGES.items():
        target = root / "content" / rel
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def generate(root: Path, n: int, seed: int = 1, today: date = TODAY) -> None:
    """Make ``root`` a complete project with ``n`` valid items (replaces root/content)."""
    root = Path(root)
    shutil.rmtree(root / "content", ignore_errors=True)
    copy_project_files(root)
    schema = load_schema(root / "categories.yml")
    calendar = Calendar.load(root / "holidays.yml")
    plans = plan_items(schema, calendar, n, seed=seed, today=today)
    content = root / "content"
    made: set[Path] = set()
    pdf = tiny_pdf()
    for plan in sorted(plans, key=lambda p: p.rel):
        target = content / plan.rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_text(render_item(plan, seed), encoding="utf-8")
        if plan.attachment:
            (target.parent / f"{plan.slug}-fj1.pdf").write_bytes(pdf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate",
                                     description="Generate N valid synthetic disclosure items into a project folder.")
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    args = parser.parse_args(argv)
    generate(args.root, args.n, seed=args.seed, today=args.today)
    print(f"{args.n} items in {args.root / 'content'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
