"""Every problem code the checker emits, with its documentation.

The department guide's error reference (docs/errors.md) is generated from
this table (``python -m generator docs``), and a test asserts that every
code the checks can emit is listed here, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import ERROR, WARNING


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    title: str
    example: str
    fix: str
    internal: bool = False      # only a fault of the checker itself gives it; tests assert it never appears


CODES = [
    Code("empty-file", ERROR, "文件是空的", "（0 字节的 .md 文件）", "填写头部信息和正文，或删除该文件。"),
    Code("not-utf8", ERROR, "文件不是 UTF-8 编码", "用 GBK 保存的 .md 文件",
         "在记事本/WPS 中“另存为”UTF-8，或 iconv -f GB18030 -t UTF-8。"),
    Code("missing-front-matter", ERROR, "没有头部信息", "文件直接从正文开始", "第一行写 ---，逐行写字段，再写 ---。"),
    Code("front-matter-unclosed", ERROR, "头部信息没有结束行", "只有开头的 ---", "在字段之后单独写一行 ---。"),
    Code("yaml-syntax", ERROR, "头部信息格式有误", "标题 示例（缺冒号）", "每行“字段: 值”，半角冒号后留空格，引号成对。"),
    Code("fullwidth-colon", ERROR, "字段后用了全角冒号", "标题：示例市……", "改为半角冒号加空格：标题: 示例市……"),
    Code("duplicate-key", ERROR, "字段重复", "两行“标题:”，或 title 与 标题 同时出现", "只保留一行。"),
    Code("unknown-field", WARNING, "未知字段（忽略）", "标提: ……", "改为提示中的正确字段名，或删除。"),
    Code("missing-field", ERROR, "缺少必填字段", "没有“索引号”", "按提示补上该字段。"),
    Code("placeholder", ERROR, "还有待填写的占位内容", "发文字号: 待填写", "用 generator new 生成的文件，把“待填写”换成真实内容。"),
    Code("wrong-type", ERROR, "字段值的类型不对", "主题词: {a: b}", "按提示的例子改写。"),
    Code("bad-value", ERROR, "字段值不在可选范围内", "有效性: 现行有效", "从提示列出的可选值中选一个。"),
    Code("bad-date", ERROR, "日期无法识别或不存在", "成文日期: 2024-02-30 / 2024/03/05",
         "写成 2024-03-05 或 2024年3月5日，并核对该日是否存在。"),
    Code("future-date", ERROR, "发布日期在将来", "发布日期晚于今天（北京时间）", "填实际公开日期。"),
    Code("formation-after-publication", ERROR, "成文日期晚于发布日期", "成文 2024-03-10，发布 2024-03-05",
         "核对两个日期。"),
    Code("late", WARNING, "超过公开时限", "成文后第 25 个工作日才发布；6月3日作出的处罚决定7月3日才随月度公示发布",
         "仍须公开；年度考核统计逾期。时限：一般 20 个工作日；行政许可、处罚决定自作出之日起 7 个工作日，"
         "行政强制决定 20 个工作日；批复的预决算 20 日；采购结果、合同 2 个工作日（见字段参考“公开时限”）。"),
    Code("calendar-missing", WARNING, "缺少该年的节假日安排", "时限落在尚未录入的年份",
         "在 holidays.yml 录入国务院公布的该年节假日和调休安排。"),
    Code("unknown-category", ERROR, "公开类别不存在", "公开类别: 规范文件", "按提示改为已有类别（可用简称，如 规范性文件）。"),
    Code("unknown-unit", ERROR, "单位不存在", "发布机构: 市财政厅", "按提示改为 categories.yml 中的单位。"),
    Code("unknown-sector", ERROR, "重点领域不存在", "重点领域: 住房", "按提示改为已有领域，如 住房保障。"),
    Code("unknown-info-type", ERROR, "重大建设项目信息类别不存在", "信息类别: 审批信息", "从八类信息中选一个。"),
    Code("unit-not-allowed", ERROR, "这类信息法律规定由特定机关公布", "市财政局发布“文件类型: 规章”的信息",
         "规章由市政府制定、以市政府令公布，由市政府或市政府办发布；部门文件写“文件类型: 行政规范性文件”。"
         "其他信息按谁制作、谁公开，由制作单位发布，不受类别限制。"),
    Code("wrong-folder", ERROR, "文件不在本单位、本年度的目录下", "市财政局的信息放在 content/jyj/ 下",
         "放到 content/<单位 id>/<发布年份>/ 下（谁制作、谁公开）。"),
    Code("bad-filename", ERROR, "文件名不是小写英文", "content/czj/2024/预算公开.md", "改为 budget-2024.md 之类的名称。"),
    Code("bad-index-no", ERROR, "索引号格式不对", "索引号: 2024-12", "机构代码/年份-五位流水号；用 python -m generator new 生成。"),
    Code("index-no-unit", ERROR, "索引号的机构代码不属于发布机构", "财政局的信息用了教育局的代码", "改用本单位的机构代码。"),
    Code("index-no-year", ERROR, "索引号年份既不是发布年份也不是成文年份", "2026 年成文、发布，索引号为 …/2025-00001",
         "索引号年份用发布年份（或本地编号方案的成文年份）；用 python -m generator new 取号。"),
    Code("duplicate-index-no", ERROR, "索引号重复", "两个文件同一索引号", "给新信息重新取号；已发布的索引号永不改变。"),
    Code("bad-doc-number", ERROR, "发文字号不规范", "示例政发[2024]12号 / 〔24〕/ 012号",
         "公文用六角括号〔〕、四位年份、序号不加 0：示例政发〔2024〕12号；按年编号的公告写 …公告2024年第1号；"
         "执法文书照录决定书编号（机关代字中可有圆括号）。"),
    Code("missing-decision-type", ERROR, "标题是行政决定，但没有填写决定类型", "标题: 行政处罚决定书（示市监罚〔2026〕21号），没有“决定类型”",
         "添加“决定类型: 行政处罚”（或行政许可、行政强制）：按决定日期检查时限并计入年度报告。"),
    Code("decision-dates-missing", WARNING, "批量公开的决定没有逐件填写决定日期", "决定数量: 20，没有“决定日期”",
         "在“决定日期”中逐件写出作出日期，时限逐件计算，年度报告按决定日期计数。"),
    Code("fee-period-missing", WARNING, "收费金额没有写明收费期间", "收费金额: 856.2，没有“收费期间”",
         "添加“收费期间: 2025年”等；只有整年的金额计入年度报告。"),
    Code("unknown-reference", ERROR, "引用的索引号不存在", "替代文件: 不存在的索引号", "核对索引号。"),
    Code("late-interpretation", WARNING, "解读晚于政策文件 3 个工作日以上", "文件 3 月 1 日发布，解读 3 月 10 日",
         "政策文件与解读同步发布。"),
    Code("bad-review", ERROR, "保密审查记录不完整或晚于发布", "保密审查: 已审", "写审查人（reviewer）和审查日期（date），日期不晚于发布日期。"),
    Code("attachment-missing", ERROR, "附件不存在", "附件: budget.pdf（文件没有提交）", "把附件放在信息文件旁边，核对文件名。"),
    Code("attachment-type", ERROR, "附件类型不允许", "附件: data.zip", "转换为 PDF、OFD、Word、Excel、WPS 或图片、音视频。"),
    Code("attachment-too-large", ERROR, "附件太大", "120 MB 的视频", "压缩或拆分（上限 50 MB）。"),
    Code("attachment-path", ERROR, "附件路径不安全", "附件: ../../etc/passwd", "只写本目录下的文件名。"),
    Code("personal-data", ERROR, "未脱敏的个人信息", "身份证号 11010519491231002X、手机号 +86 138 1234 5678、文件名 13812345678.md",
         "脱敏：110105********002X、138****5678；文件改名；确需公开的号码登记在“隐私豁免”中。"),
    Code("insufficient-masking", ERROR, "脱敏不足", "身份证号 15010219850312****（露出了出生日期）",
         "身份证号最多留前6位和后4位：150102********1234；手机号最多留前3位和后4位；银行卡号最多留前6位和后4位。"),
    Code("privacy-exempted", WARNING, "按隐私豁免公开的号码（提示）", "收费账户的银行账号", "核对确需公开。"),
    Code("bad-exemption", ERROR, "隐私豁免缺号码或理由", "隐私豁免: [6222…]", "每项写 value 和 reason。"),
    Code("unused-exemption", WARNING, "隐私豁免的号码没有出现在文件中", "登记了号码但正文没有", "删除该项或核对号码。"),
    Code("unsafe-html", ERROR, "正文含不允许的 HTML", "<script>、<svg onload=…>、onclick=、javascript: 链接、<style>、<form>、外站图片",
         "删除；正文只用段落、标题、列表、表格、链接和本目录中的图片，视频和图表作为附件或图片。"),
    Code("control-character", ERROR, "含有不可见的控制字符", "标题中的 U+000B、正文中的文字方向覆盖符 U+202E",
         "删除该字符；从 WPS/Word 复制的文字可先粘贴到记事本再复制。"),
    Code("yaml-limit", ERROR, "头部信息过大、嵌套过深或使用了锚点", "a: &x [1, 2]  b: *x",
         "头部信息只写“字段: 值”，值是文字、日期或简单的列表。"),
    Code("unsafe-file", ERROR, "符号链接或特殊文件", "content/czj/2026/x.pdf 是指向 /etc/passwd 的符号链接",
         "提交真实的文件；网站不发布符号链接、设备等特殊文件。"),
    Code("file-type", ERROR, "不允许的文件类型", "content/czj/2026/page.html、chart.svg、tool.js、data.zip",
         "网页、脚本和 SVG 会在网站上运行代码：文件转换为 PDF 或 OFD，图片用 PNG 或 JPG。"),
    Code("file-too-large", ERROR, "Markdown 文件或其中一段文字过大", "3 MB 的 .md 文件；几千个 [ 或 ` 挤在一段里",
         "拆分文件（上限 2 MB），长段落之间空一行分成几段，大表格作为附件。"),
    Code("unreferenced-file", ERROR, "文件没有被任何信息或页面引用", "content/czj/2026/old.pdf（没有附件字段或链接指向它）",
         "在“附件”字段或正文链接中引用它，不需要的文件删除；网站只发布被引用的文件。"),
    Code("check-failed", ERROR, "检查程序无法处理该文件", "（检查程序自身的故障）",
         "把文件发给网站管理员；同时检查头部信息有无异常内容。", internal=True),
    Code("ledger-path", ERROR, "依申请公开台账的位置或文件名不对", "applications/czj/2025年.yml、applications/市财政局/2025.yml",
         "台账放在 applications/<单位 id>/<四位年份>.yml；该单位须在 categories.yml 中受理申请。"),
    Code("ledger-field", ERROR, "台账缺少或多出了键", "申请缺“收到日期”；写了“申请人姓名”；有答复日期没有结果",
         "每条申请写收到日期、申请人、渠道，办结的再写结果和答复日期；台账匿名，不写姓名、证件号和联系方式。"),
    Code("ledger-value", ERROR, "台账的值不可用", "申请人: 个人；结果: 不予公开9；收费: 免费；编号重复",
         "申请人写自然人、商业企业、科研机构、社会公益组织、法律服务机构或其他；结果按年报格式的行写代码，如 不予公开3。"),
    Code("ledger-dates", ERROR, "台账的日期前后不符", "答复日期早于收到日期；2024 年收到的申请登记在 2025.yml",
         "核对日期；每年的台账只登记当年收到的申请，上年收到的在上年台账中补写结果。"),
    Code("late-reply", WARNING, "依申请公开超过答复期限", "3月2日收到、未延期，4月10日才答复",
         "《条例》第三十三条：20 个工作日内答复，经批准并告知申请人可延长 20 个工作日；逾期计入监督统计。"),
    Code("annual-report-text", ERROR, "单位年度报告的文字不合要求", "写了“## 三、收到和处理政府信息公开申请情况”；缺“## 五、”",
         "只写第一、五、六部分（## 一、总体情况 等），第二、三、四部分和标题由网站生成。"),
    Code("broken-link", ERROR, "链接指向不存在的文件", "[通知](../2023/notice.md)（文件不存在）", "核对路径或删除链接。"),
    Code("image-no-alt", WARNING, "图片没有替代文字", "![](chart.png)", "写明图片内容：![2024年收入构成图](chart.png)。"),
    Code("attachment-only", WARNING, "正文为空，内容只在附件里", "只有附件 PDF", "把正文也写进 Markdown，方便读屏和手机阅读。"),
]

BY_CODE = {c.code: c for c in CODES}
