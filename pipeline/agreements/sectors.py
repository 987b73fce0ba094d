"""Sector codes (CONTRACT.md § Sectors) of one agreement: a fitted model over keyword evidence.

Each sector has keywords; where they occur (the document's name, the parties, the signing
sentence, the paragraph after it, the whole article) are the model's inputs, and one
logistic model shared by all sectors, with a bias per sector, says how likely each sector is.
The weights are fitted on the labelled train split by `bench/fit_sectors.py` and shipped in
`data/sectors.json`; `pactwatch train` refits them with reviewers' corrections
(`pipeline.learn.sectors`). Without weights the keywords decide alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.agreements.regions import known_body

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

# Keywords are chosen so that department names do not collide: "经济和信息化局" must read
# as industry, not digital (hence no bare "信息化").
_KEYWORDS: dict[str, str] = {
    "industry": r"制造|产业协同|产业协作|产业合作|产业链|招商|工业|经济和信息化|经信|园区共建|"
    r"产业园|汽车|装备|消费品|经济合作局|产业发展|能源|产业集群|新材料|化工|企业|项目|投资|矿|"
    r"电子信息|生物医药|产业|电力|电网|氢能|天然气|页岩气|光伏|锂电|钒钛|白酒|食品|纺织|机械|冶金|"
    r"钢铁|建材|产业转移|飞地|合作园区|数字产业",
    "digital": r"大数据|数字|算力|数据中心|人工智能|智慧城市|互联网|5G|信息技术|软件|智能化|数据|"
    r"电子政务|网络安全|区块链|云计算|信息通信|工业互联网|通信|网信",
    "environment": r"生态|环境保护|环保|污染|长江保护|保护长江|母亲河|河长|碳达峰|碳中和|绿色发展|"
    r"水环境|大气|林业|流域治理|水利|水资源|节能|减排|绿色|低碳|林草|湿地|国家公园|气候|固废|危废|"
    r"水质|土壤|噪声|生物多样性|河湖|治水",
    "transport": r"物流|交通|口岸|港口|港务|港二期|新田港|铁路|公路|航运|航空|多式联运|陆海新通道|"
    r"班列|高速|轨道|机场|快速通道|临空|通道|高铁|航道|枢纽|航线|货运|客运|公交|城际|地铁|码头|"
    r"内河|路网|运输|水运|港航",
    "innovation": r"科技|科创|协同创新|创新中心|技术创新|科研|实验室|研发|技术|成果转化|产学研|"
    r"创新|孵化|双创|科学城|高新技术|专利|知识产权|科学|创新平台",
    "education": r"教育|人才|高校|学校|职业教育|研究生|大学|学院|师资|教学|培训|学生|职教|"
    r"人才培养|校地|校企|职业院校|课程|研学|实训|实习|教师|教研|院校|学科",
    "health": r"医疗|卫生|医院|健康|医保|疾控|中医|医学|康养|医联体|诊疗|疾病|公共卫生|药品|医药|"
    r"急救|妇幼|护理|医科|卫健",
    "culture_tourism": r"文化|文旅|旅游|非遗|景区|体育|广电|博物馆|演艺|文创|文物|图书馆|艺术|"
    r"演出|赛事|广播电视|出版|巴蜀文化|旅游线路|客源",
    "agriculture": r"农业(?!银行)|农村|乡村|农产品|粮食|畜牧|生猪|种业|农特|乡村振兴|农民|"
    r"特色产业|水产|渔业|茶叶|柑橘|果蔬|供销|农垦|种植|养殖|农技|耕地|农机",
    "finance": r"金融|银行|(?<!社会|养老|医疗)保险|证券|基金|信贷|融资|授信|贷款|担保|农商行|"
    r"资本市场|上市|期货|债券|支付|信用社",
    "trade_opening": r"开放|商贸|贸易|自贸|外贸|会展|跨境|进出口|商务|经贸|招商引资|市场|展会|"
    r"博览会|消费|电商|电子商务|外资|外商|海关|综保区|保税|营商环境",
    "urban": r"城市管理|城管|城市综合管理|规划|住房|城乡|市政|城市更新|国土空间|城市建设|基础设施|"
    r"同城化|住建|自然资源|不动产|房地产|建筑|城市品质|老旧小区|燃气|供水",
    "public_service": r"政务|公共服务|公共资源交易|通办|社保|社会保险|就业|民政(?!府)|人社|户籍|"
    r"公积金|市场监管|应急|税务|司法|法院|检察|公安|警务|政法|法治|审判|执法|统计|一网通办|社会保障|养老|"
    r"人力资源|档案|退役军人|知识产权保护|信用|标准化|检验检测|消防|气象|审计|异地|互认|户口|"
    r"身份证",
    "civil_society": r"妇联|共青团|团委|工会|青年|巾帼|妇女|河小青|残联|科协|红十字|关工委|团市委",
    "comprehensive": r"全面|战略合作|综合|一揽子|多领域|各领域|全方位|经济社会|一体化|区域合作|"
    r"协同发展|深化合作|[多各八九十\d]+(?:大|个)?领域|对口协同|对口合作|友好城市|结对",
}
_PATTERNS = {code: re.compile(words) for code, words in _KEYWORDS.items()}
# Mass organisations sign as themselves: whatever the topic, a 妇联/共青团 agreement is
# 群团合作 (gold: the 河小青 river-protection agreement is civil_society + environment).
_MASS_ORG = re.compile(
    r"妇联|共青团|团委|团[省市区县]委|工会|残联|科协|青联|侨联|关工委|红十字会|文联|社科联"
)
# What makes cooperation general: 全面/战略/综合 cooperation, many fields, one region.
_GENERAL_NAME = r"全面|综合|一揽子|全方位|[多各八九十\d]+(?:大|个)领域|多领域|对口|友好城市"
_BROAD = re.compile(_GENERAL_NAME + r"|各领域|战略|经济社会|一体化|协同发展|区域合作")
# A document named so is general whatever its sentence lists ("对口协同发展…工作协议");
# 战略合作协议 is not: most agreements of a single field are called that.
_BROAD_NAME = re.compile(_GENERAL_NAME)
# A paragraph naming this many fields describes general cooperation (永西泸东 lists nine):
# 综合性合作 alone. Fewer are the agreement's fields (cross-validated on train: 7).
_MANY_FIELDS = 7
# Next to 综合性合作 only fields this likely are kept.
_SURE = 0.7
# Bodies with a field of their own: firms, schools, hospitals, banks, institutes,
# associations, departments. Their "全面战略合作" is still in their fields (the labels:
# 西南大学–北碚区 教育+科创, 中交建–市政府 交通+城市, 两家医院 医疗); general cooperation
# is between places and their governments or party committees (市委, 区委, 管委会).
# Cross-validated on train: comprehensive precision 13/21 → 12/14, sector-code F1 0.689 → 0.711.
_SPECIFIC_BODY = re.compile(
    r"(?:公司|集团|大学|学院|学校|中学|小学|医院|银行|研究院|研究所|协会|商会|联合会|中心|"
    r"局|厅|办|院|校|馆|社|所|(?<![市区县州省党管])委)$"
)
# The article beyond this is comments and link lists; keyword counts saturate long before.
ARTICLE_CHARS = 5000
# A portal's menu, breadcrumb and footer ("首页 | 新闻中心 | 政务公开", "当前位置:首页 > 要闻",
# "版权所有", "蜀ICP备…"): the site's words, not the cooperation's (政务 is a public-service
# word; one more count of it moved train 055's steel-makers' deal into public services).
_SITE_LINE = re.compile(
    r"(?:[^|｜\n]{1,8}[|｜]){2}|\S\s*[>›»]\s*\S|当前位置|您的位置|版权所有|ICP备|公网安备|"
    r"网站标识码|打印本页|关闭窗口"
)


def article_text(title: str, body: str) -> str:
    """The headline and the body's head as the sectors read them: without the site's lines."""
    lines = body[:ARTICLE_CHARS].split("\n")
    kept = (line for line in lines if "。" in line or not _SITE_LINE.search(line))
    return "\n".join((title, *kept))


# A sector is reported when the model gives it at least this; else the likeliest one.
# Below 0.5 because a missed field costs a subscriber more than an extra one: on train,
# sector-code F1 0.646 at 0.5, 0.656 at 0.4, 0.676 at 0.25; below 0.4 the seeds' gold gets
# extra fields (trade_opening beside transport on the Luzhou corridor).
THRESHOLD = 0.4
MAX_SECTORS = 4
FIELDS = (
    "doc", "parties", "sentence", "context", "article", "doc_spread", "context_spread",
    "broad_doc", "broad_context", "listed", "party_kind",
)  # fmt: skip
# What a party's kind says of the cooperation's fields, whatever the text's words: a
# university brings teaching and research (校地合作 is labelled 教育 + 科创 throughout
# train), a hospital medicine, a bank finance.
_PARTY_KIND: dict[str, str] = {
    # A university's hospital ("…医科大学附属第一医院") is a hospital.
    "education": r"大学(?!附属)|学院(?!附属)|高校|学校|职教中心|^[我本该]校",
    "innovation": r"大学(?!附属)|科学院|研究院|研究所|科研|高新区|科学城",
    "health": r"医院|医科|中医药|卫生|卫健|疾控",
    "finance": r"银行|保险|证券|信用社|金融",
    "agriculture": r"农业大学|农科院|农业科学|农业农村|供销",
    "transport": r"铁路|港务|航空|机场|交通|物流|交投",
    "digital": r"通信|移动|联通|电信|大数据",
    "culture_tourism": r"文旅|旅游|文化和旅游|博物馆",
    # people's organisations: their cooperation is of their members, whatever its topic
    "civil_society": _MASS_ORG.pattern,
}
_KIND_PATTERNS = {code: re.compile(words) for code, words in _PARTY_KIND.items()}
# The fields the article says the cooperation covers: "双方将在人才培养、科技创新、乡村振兴等
# 方面开展合作", "合作内容涵盖交通、产业、文旅等领域".
# The inputs that are words of the sector itself (not counts of other sectors' words).
_EVIDENCE = tuple(
    FIELDS.index(f)
    for f in ("doc", "parties", "sentence", "context", "article", "listed", "party_kind")
)
_FIELD_LIST = re.compile(
    r"(?:在|围绕|就|聚焦|涵盖|涉及|包括|重点|推进|加强|深化)([^。;]{4,160}?)"
    r"(?:等)?(?:方面|领域|工作|事项)"
)


def sectors_in(text: str) -> list[str]:
    """Codes whose keywords occur in `text`, in contract order (comprehensive excluded)."""
    return [c for c, p in _PATTERNS.items() if c != "comprehensive" and p.search(text)]


# A university's hospital ("重庆医科大学附属第二医院", "四川大学华西医院") is a hospital,
# not a school.
_SCHOOL_OF_HOSPITAL = re.compile(r"^\S{2,12}?(?:大学|学院)(?:附属)?(?=\S*医院$)")


def sector_features(
    doc: str, parties: Sequence[str], sentence: str, context: str, article: str
) -> dict[str, list[float]]:
    """Per sector code, the model's inputs in `FIELDS` order."""
    parties = [_SCHOOL_OF_HOSPITAL.sub("", p) for p in parties]
    party_text = "".join(parties)
    listed = " ".join(m[1] for m in _FIELD_LIST.finditer(f"{context}\n{article[:ARTICLE_CHARS]}"))
    doc_spread = len(sectors_in(doc)) / 3
    context_spread = len(sectors_in(context)) / 3
    out = {}
    for code, pattern in _PATTERNS.items():
        # Many fields at once argue for 综合性合作 and against each single field.
        broad = code == "comprehensive"
        out[code] = [
            float(bool(pattern.search(doc))),
            float(bool(pattern.search(party_text))),
            float(bool(pattern.search(sentence))),
            float(bool(pattern.search(context))),
            math.log1p(len(pattern.findall(article[:ARTICLE_CHARS]))) / 3,
            doc_spread,
            context_spread,
            doc_spread if broad else 0.0,
            context_spread if broad else 0.0,
            float(bool(pattern.search(listed))),
            float(code in _KIND_PATTERNS and any(map(_KIND_PATTERNS[code].search, parties))),
        ]
    return out


@dataclass(frozen=True, slots=True)
class SectorWeights:
    """The fitted model: one weight per field of `FIELDS`, one bias per sector code."""

    weights: tuple[float, ...]
    bias: dict[str, float]
    about: str = ""

    def to_json(self) -> str:
        doc = {"about": self.about, "fields": list(FIELDS), "weights": list(self.weights)}
        return json.dumps(doc | {"bias": self.bias}, ensure_ascii=False, indent=1) + "\n"


def parse_weights(raw: str) -> SectorWeights | None:
    """Weights from their JSON; None when they were fitted for other inputs or are broken."""
    try:
        doc = json.loads(raw)
        if tuple(doc.get("fields", ())) != FIELDS:
            return None  # fitted for other inputs: refit (bench/fit_sectors.py --write)
        weights = tuple(float(w) for w in doc["weights"])
        bias = {str(code): float(b) for code, b in doc["bias"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return SectorWeights(weights, bias, str(doc.get("about", "")))


def weights_path(model_path: Path) -> Path:
    """Where `pactwatch train` keeps sector weights refitted with corrections."""
    return model_path.with_name(model_path.stem + ".sectors.json")


def load_weights(path: Path) -> SectorWeights | None:
    """Weights saved at `path`; None when missing or unusable (the shipped ones stand)."""
    try:
        return parse_weights(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


@cache
def shipped_weights() -> SectorWeights | None:
    """The weights fitted on the labelled train split, shipped in `data/sectors.json`."""
    try:
        raw = resources.files("pipeline.agreements.data").joinpath("sectors.json").read_text()
    except FileNotFoundError:
        return None
    return parse_weights(raw)


def sector_probabilities(
    features: dict[str, list[float]], model: SectorWeights | None = None
) -> dict[str, float]:
    """P(sector) for each code under `model`, else the shipped weights, else keywords."""
    model = model or shipped_weights()
    if model is None:
        return {c: float(f[0] or f[3]) for c, f in features.items()}
    out = {}
    for code, values in features.items():
        z = model.bias.get(code, 0.0)
        z += sum(w * v for w, v in zip(model.weights, values, strict=True))
        out[code] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
    return out


def choose_sectors(
    doc: str,
    parties: Iterable[str],
    context: str,
    sentence: str = "",
    article: str = "",
    model: SectorWeights | None = None,
) -> tuple[str, ...]:
    """The agreement's sectors in contract order: the fields the model holds at ≥ 0.4;
    综合性合作 when the parties are places or their governments, the text calls the
    cooperation general and neither the document's name nor the signing sentence names a
    field (alone when the paragraph lists many fields);
    else the single likeliest field. A mass organisation's agreement is 群团合作 as well.

    The model's own 综合性合作 probability is not used: its keywords (战略合作, 一体化)
    occur in most reports, and cross-validated on train it said 综合 four times too often.
    """
    named = list(parties)
    sentence = sentence or context
    features = sector_features(doc, named, sentence, context, article or context)
    probabilities = sector_probabilities(features, model)
    probabilities.pop("comprehensive", None)
    ranked = sorted(probabilities, key=lambda c: -probabilities[c])
    chosen = [c for c in ranked if probabilities[c] >= THRESHOLD][:MAX_SECTORS]
    # A firm's, a school's or a bureau's cooperation is in its own fields.
    places = not any(
        _SPECIFIC_BODY.search(p) or _MASS_ORG.search(p) or known_body(p)  # "电子科大", "华为"
        for p in named
    )
    general = places and not sectors_in(doc)
    if general and len(sectors_in(context)) >= _MANY_FIELDS:
        chosen = ["comprehensive"]
    elif general and (
        _BROAD_NAME.search(doc) or (_BROAD.search(context) and not sectors_in(sentence))
    ):
        # The document's name says general ("对口协同发展…工作协议"), or the text does
        # and the signing sentence names no field either.
        chosen = ["comprehensive", *(c for c in chosen if probabilities[c] >= _SURE)]
    # Else the likeliest field the text has a word for: biases alone favour whichever
    # field train has most ("泸州市数字经济发展局" with no other text is digital).
    # With no word for any field, cooperation between places is general.
    evidenced = [c for c in ranked if any(features[c][i] for i in _EVIDENCE)]
    chosen = chosen or evidenced[:1] or (["comprehensive"] if places else ranked[:1])
    if _MASS_ORG.search("".join(named)) and "civil_society" not in chosen:
        chosen.append("civil_society")
    return tuple(c for c in SECTOR_LABELS if c in chosen)
