"""Sector codes (CONTRACT.md § Sectors) from keyword evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable

# The contract's sector codes and their names, for people (forms, digests, the desk).
SECTOR_LABELS: dict[str, str] = {
    "industry": "产业协作与招商",
    "digital": "数字经济与大数据",
    "environment": "生态环境",
    "transport": "交通物流与口岸",
    "innovation": "科技创新",
    "education": "教育与人才",
    "health": "医疗卫生",
    "culture_tourism": "文化旅游",
    "agriculture": "农业农村",
    "finance": "金融",
    "trade_opening": "开放与商贸",
    "urban": "城市管理与规划",
    "public_service": "政务与公共服务",
    "civil_society": "群团合作",
    "comprehensive": "综合性合作",
}

# Order is the output order. Keywords are chosen so that department names do not
# collide: "经济和信息化局" must read as industry, not digital (hence no bare "信息化").
_KEYWORDS: dict[str, str] = {
    "industry": r"制造|产业协同|产业协作|产业合作|产业链|招商|工业|经济和信息化|经信|园区共建|"
    r"产业园|汽车|装备|消费品|经济合作局|产业发展|能源|产业集群|新材料|化工",
    "digital": r"大数据|数字|算力|数据中心|人工智能|智慧城市|互联网|5G|信息技术",
    "environment": r"生态|环境保护|环保|污染|长江保护|保护长江|母亲河|河长|碳达峰|碳中和|"
    r"绿色发展|水环境|大气|林业|流域治理",
    "transport": r"物流|交通|口岸|港口|港务|港二期|新田港|铁路|公路|航运|航空|多式联运|"
    r"陆海新通道|班列|高速|轨道|机场|快速通道|临空",
    "innovation": r"科技|科创|协同创新|创新中心|技术创新|科研|实验室|研发",
    "education": r"教育|人才|高校|学校|职业教育|研究生|大学|学院|师资",
    "health": r"医疗|卫生|医院|健康|医保|疾控|中医|医学|康养",
    "culture_tourism": r"文化|文旅|旅游|非遗|景区|体育|广电|博物馆",
    "agriculture": r"农业|农村|乡村|农产品|粮食|畜牧|生猪|种业|农特",
    "finance": r"金融|银行|(?<!社会|养老|医疗)保险|证券|基金|信贷|融资",
    "trade_opening": r"开放|商贸|贸易|自贸|外贸|会展|跨境|进出口|商务",
    "urban": r"城市管理|城管|城市综合管理|规划|住房|城乡|市政|城市更新|国土空间",
    "public_service": r"政务|公共服务|通办|社保|社会保险|就业|民政(?!府)|人社|户籍|公积金|"
    r"市场监管|应急|税务",
    "civil_society": r"妇联|共青团|团委|工会|青年|巾帼|妇女|河小青|残联|科协|红十字",
}
_PATTERNS = {code: re.compile(words) for code, words in _KEYWORDS.items()}
# Mass organisations sign as themselves: whatever the topic, a 妇联/共青团 agreement is
# 群团合作 (gold: the 河小青 river-protection agreement is civil_society + environment).
_MASS_ORG = re.compile(r"妇联|共青团|团委|团[省市区县]委|工会|残联|科协|青联")
# An agreement touching this many sectors is a general one (the 永西泸东 towns list nine).
_COMPREHENSIVE_AT = 3


def sectors_in(text: str) -> list[str]:
    """Codes whose keywords occur in `text`, in contract order."""
    return [code for code, pattern in _PATTERNS.items() if pattern.search(text)]


def choose_sectors(doc: str, parties: Iterable[str], context: str) -> tuple[str, ...]:
    """The document's own name decides; else the parties; else the surrounding text.

    The name outranks the paragraph because elaboration wanders: the Luzhou 城市综合管理
    agreement's paragraph mentions 污水 yet the gold is urban only.
    """
    party_text = "".join(parties)
    mass = ["civil_society"] if _MASS_ORG.search(party_text) else []
    for source in (doc, party_text, context):
        found = sectors_in(source)
        if found:
            merged = found + [m for m in mass if m not in found]
            if len(merged) >= _COMPREHENSIVE_AT and source is context:
                return ("comprehensive",)
            return tuple(merged[:_COMPREHENSIVE_AT])
    return tuple(mass) or ("comprehensive",)
