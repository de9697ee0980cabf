"""依申请公开 on the site: how to apply (/apply/), the application form, and each unit's guide.

* ``/apply/``: who may apply, where, how, what to write, the time limits
  (条例第三十三条), fees (第四十二条) and remedies (第五十一条), the online
  channel named in mkdocs.yml (``extra.apply.online``), the form in both
  formats, and every unit that handles applications with its guide.
* ``/apply/form/``: the application form as a page to print.
* ``apply/zhengfu-xinxi-gongkai-shenqingbiao.docx``: the same form for WPS and
  Word (:mod:`.form_docx`), made at build time from :data:`FORM`, the one
  definition both formats are drawn from.
* ``/units/<id>/guide/``: the 政府信息公开指南 of every unit that handles
  applications (条例第十二条), from its data in categories.yml.

The texts are in the templates (apply.html, apply_form.html, unit_guide.html);
this module only gathers the facts they show.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..model.applications import CORRECTION_NOTICE_DAYS, EXTENSION_DAYS, REPLY_DAYS
from ..model.schema import Schema, Unit
from ..problems import ConfigError
from ..urls import rel
from .catalogue import Catalogue
from .templates import render
from .views import HOME, UNITS, Generated, Options, _trail, size_text

TITLE = "依申请公开"
FORM_TITLE = "政府信息公开申请表"
LIMITS = {"reply": REPLY_DAYS, "extension": EXTENSION_DAYS, "correction": CORRECTION_NOTICE_DAYS}
BOX = "☐"


@dataclass(frozen=True)
class FormField:
    label: str
    choices: tuple[str, ...] = ()       # offered as boxes to tick; empty: a blank to write in
    lines: int = 1                      # height of the blank, in lines


@dataclass(frozen=True)
class FormSection:
    title: str
    rows: tuple[tuple[FormField, ...], ...]    # one or two fields a row


# What an application states (条例第二十九条): who applies and how to reach them, which information,
# in what form and how it is to be delivered. The form asks for nothing more.
FORM = (
    FormSection("申请人信息（公民）", (
        (FormField("姓名"), FormField("工作单位")),
        (FormField("证件名称"), FormField("证件号码")),
        (FormField("联系电话"), FormField("电子邮箱")),
        (FormField("联系地址"), FormField("邮政编码")),
    )),
    FormSection("申请人信息（法人或者其他组织）", (
        (FormField("名称"), FormField("统一社会信用代码")),
        (FormField("法定代表人或者负责人"), FormField("联系人姓名")),
        (FormField("联系电话"), FormField("电子邮箱")),
        (FormField("联系地址"), FormField("邮政编码")),
    )),
    FormSection("所需政府信息", (
        (FormField("受理机关"),),
        (FormField("所需政府信息的名称、文号或者便于查询的其他特征性描述", lines=5),),
        (FormField("信息的提供形式", ("纸质", "电子文档", "其他")),),
        (FormField("获取信息的方式", ("邮寄", "电子邮件", "当面领取", "网上获取")),),
    )),
    FormSection("申请人确认", (
        (FormField("申请人签名或者盖章"), FormField("申请日期")),
    )),
)

FORM_NOTES = (
    "公民填写“申请人信息（公民）”，法人或者其他组织填写“申请人信息（法人或者其他组织）”；请附身份证明"
    "（居民身份证、营业执照等）的复印件。",
    "所需信息请尽量写明名称、文号、制作机关和时间，便于查找；“受理机关”写掌握该信息的行政机关。",
    "申请表可以通过网上申请平台、信函、传真提交或者当面递交；各单位的地址和联系方式见其政府信息公开指南。",
    f"能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起{REPLY_DAYS}个工作日内答复；需要延长答复期限的，"
    f"经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过{EXTENSION_DAYS}个工作日"
    "（《中华人民共和国政府信息公开条例》第三十三条）。",
)


def form_data() -> dict:
    """The form as plain values for the templates and the DOCX builder."""
    return {"title": FORM_TITLE, "box": BOX, "notes": list(FORM_NOTES),
            "sections": [{"title": s.title, "rows": [[{"label": f.label, "choices": list(f.choices), "lines": f.lines}
                                                      for f in row] for row in s.rows]} for s in FORM]}


def online_address(extra: dict | None) -> str:
    """The online channel (网上申请平台) named in mkdocs.yml ``extra.apply.online``: an http(s) address."""
    apply = (extra or {}).get("apply") or {}
    address = str(apply.get("online") or "").strip() if isinstance(apply, dict) else ""
    if not address.startswith(("https://", "http://")) or any(c.isspace() for c in address):
        raise ConfigError("mkdocs.yml 的 extra.apply.online 应是网上申请平台的 http(s) 地址。",
                          "mkdocs.yml", hint="例如：extra: {apply: {online: https://zwfw.example.gov.cn/ysqgk/}}")
    return address


def oversight(unit: Unit, schema: Schema) -> dict:
    """Who hears a complaint and who decides an administrative review about ``unit``.

    条例第五十一条: complaints go to the next higher administrative organ or the 政府信息公开工作主管部门
    (本级人民政府办公室, 条例第三条). 行政复议法（2023年修订）第二十四条: the government at the same level
    reviews its departments' acts, the next higher government a government's acts."""
    city = schema.city
    government = schema.units.get(city.get("government") or "")
    office = schema.units.get(city.get("general_office") or "")
    region = str(city.get("region") or "")
    city_gov = government.name if government else ""
    city_office = office.name if office else ""
    if government is not None and unit.id == government.id:
        return {"superior": f"{region}人民政府", "authority": f"{region}人民政府办公厅"}
    if office is not None and unit.id == office.id:
        return {"superior": city_gov, "authority": ""}
    if unit.is_county_government:
        return {"superior": city_gov, "authority": city_office}
    county = schema.county_of(unit)
    if county is not None:
        return {"superior": county.name, "authority": f"{county.name}办公室"}
    return {"superior": city_gov, "authority": city_office}


def _channels(unit: Unit, online: str) -> list[dict]:
    """How each of the unit's channels works, from its contact data."""
    contact = unit.contact
    found = []
    for channel in unit.channels:
        entry: dict = {"name": channel, "href": None, "text": ""}
        if channel == "网上申请":
            if not online:
                continue
            entry.update(href=online, text="登录网上申请平台，选择本单位后填写申请。")
        elif channel == "信函":
            postcode = f"（邮政编码 {contact['postcode']}）" if contact.get("postcode") else ""
            entry["text"] = f"寄至 {contact['address']}{postcode}，{unit.acceptor}收；请在信封左下角注明“政府信息公开申请”。"
        elif channel == "当面":
            entry["text"] = f"到 {contact['address']} 递交，办公时间 {contact['hours']}。"
        elif channel == "传真":
            entry["text"] = f"传真至 {contact['fax']}，请注明“政府信息公开申请”。"
        elif channel == "电子邮件":
            entry.update(href=f"mailto:{contact['email']}", text=f"发送至 {contact['email']}，附申请表和身份证明。")
        found.append(entry)
    return found


def _form_links(page_url: str, docx_size: int) -> dict:
    return {"html": rel(page_url, urls.APPLY_FORM), "docx": rel(page_url, urls.APPLY_FORM_DOCX),
            "docx_size": size_text(docx_size)}


def apply_pages(cat: Catalogue, opts: Options, docx_size: int, reports: dict) -> list[Generated]:
    """/apply/, /apply/form/ and every unit's guide. ``reports``: unit id -> [(year, url)] of its annual reports."""
    schema = cat.schema
    online = opts.apply_online
    groups = []
    members = [u for u in schema.units.values() if u.level == "city"]
    groups.append(("市级", members))
    for government in schema.county_governments():
        groups.append((government.name, schema.county_members(government)))
    handling = [{"name": name, "units": [{"name": u.name, "acceptor": u.acceptor, "phone": u.contact.get("phone", ""),
                                          "href": rel(urls.APPLY, urls.unit_guide(u.id))}
                                         for u in units if u.handles_applications]}
                for name, units in groups]
    apply_html = render("apply.html", opts.templates, online=online, limits=LIMITS,
                        form=_form_links(urls.APPLY, docx_size), groups=[g for g in handling if g["units"]],
                        guide=rel(urls.APPLY, "pages/guide/"), rules=rel(urls.APPLY, "pages/rules/"))
    pages = [Generated(urls.src_of(urls.APPLY), TITLE, {"feeds": []}, "", apply_html, kind="apply")]
    form_url = urls.APPLY_FORM
    pages.append(Generated(
        urls.src_of(form_url), FORM_TITLE, {},
        render("_breadcrumb.html", opts.templates, trail=_trail(form_url, [HOME, (TITLE, urls.APPLY), (FORM_TITLE, None)])),
        render("apply_form.html", opts.templates, form=form_data(), docx=_form_links(form_url, docx_size)["docx"],
               docx_size=size_text(docx_size)), kind="apply-form"))
    for unit in schema.units.values():
        if unit.handles_applications:
            pages.append(unit_guide(unit, cat, opts, docx_size, reports.get(unit.id, [])))
    return pages


def unit_guide(unit: Unit, cat: Catalogue, opts: Options, docx_size: int, reports: list) -> Generated:
    """A unit's 政府信息公开指南 (条例第十二条), from categories.yml."""
    page_url = urls.unit_guide(unit.id)
    title = f"{unit.name}政府信息公开指南"
    trail = [HOME, UNITS, (unit.name, urls.unit(unit.id)), ("政府信息公开指南", None)]
    office = unit.contact["office"]
    contact = [("机构名称", office if office.startswith(unit.name) else unit.name + office)]
    contact += [(label, unit.contact[key]) for key, label in (
        ("address", "办公地址"), ("hours", "办公时间"), ("phone", "联系电话"), ("fax", "传真"), ("email", "电子邮箱"),
        ("postcode", "邮政编码")) if unit.contact.get(key)]
    html = render("unit_guide.html", opts.templates, unit=unit.name, acceptor=unit.acceptor, contact=contact,
                  items=len(cat.by_unit[unit.id]), listing=rel(page_url, urls.unit(unit.id)),
                  channels=_channels(unit, opts.apply_online), form=_form_links(page_url, docx_size),
                  apply=rel(page_url, urls.APPLY), limits=LIMITS, oversight=oversight(unit, cat.schema),
                  reports=[{"year": year, "href": rel(page_url, url)} for year, url in reports])
    return Generated(urls.src_of(page_url), title, {},
                     render("_breadcrumb.html", opts.templates, trail=_trail(page_url, trail)), html, kind="unit-guide")
