"""Administrative divisions of the parties, through the gazetteer (pipeline.gazetteer)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pipeline.agreements.dates import cn_number
from pipeline.textnorm import in_order

_module: Any
try:  # the gazetteer is built separately; without it, agreements carry no regions
    from pipeline import gazetteer as _module
except ImportError:  # pragma: no cover - only while the gazetteer is missing
    _module = None

_API = ("resolve_party", "find_divisions", "is_chengyu", "contains", "expand_group", "division")
# A half-built package (data only, no API yet) counts as missing.
_gazetteer: Any = _module if all(hasattr(_module, name) for name in _API) else None

# A department with no place in its name ("生态环境局", "双方妇联") takes the place
# named nearest before it in the sentence.
_NAMED_PLACE = re.compile(r"[省市区县州镇乡]|新区")
# A party named by its level alone: "市政府", "省政府", "我区", "本县人民政府", "市文旅局",
# "团县委".
_BARE_LEVEL = re.compile(
    r"^(?:我|本|该|团|共青团)?(自治区|[省市区县])(?:[\u4e00-\u9fff]{0,8}?(?:人民政府|政府|委员会|委|局|厅|办|"
    r"党委|人大|政协|法院|检察院|医院|中心|总?工会|妇联|团委|科协|侨联|工商联|文联|残联|社科联|党校))?$"
)
_LEVELS = {
    "省": "province", "自治区": "province", "市": "prefecture", "区": "county", "县": "county"
}  # fmt: skip
# Town-level parties: labels (and subscribers) place them below their county.
# The town ends the party or its government does ("城乡建设局" names no town).
# A body abroad named after a place at home ("德国重庆商会", "新加坡四川商会") is not there.
_ABROAD = re.compile(
    r"^(?:德国|法国|英国|美国|日本|韩国|朝鲜|新加坡|泰国|越南|老挝|柬埔寨|缅甸|马来西亚|印度尼西亚|"
    r"印尼|菲律宾|澳大利亚|新西兰|意大利|西班牙|葡萄牙|荷兰|比利时|瑞士|瑞典|挪威|丹麦|芬兰|"
    r"奥地利|俄罗斯|白俄罗斯|哈萨克斯坦|乌兹别克斯坦|吉尔吉斯斯坦|巴基斯坦|印度|尼泊尔|孟加拉国|"
    r"斯里兰卡|以色列|土耳其|伊朗|沙特|阿联酋|埃及|南非|肯尼亚|埃塞俄比亚|尼日利亚|巴西|阿根廷|"
    r"智利|秘鲁|墨西哥|加拿大|匈牙利|波兰|捷克|塞尔维亚|希腊|爱尔兰|蒙古|欧盟|东盟|非洲|欧洲|"
    r"北美|南美|拉美|中东|海外|旅[美日德法英澳加泰])"
)
_TOWN = (
    r"([\u4e00-\u9fff]{1,5}?(?:镇|乡|街道))"
    # the town, its government and party organs, its people's organisations and stations,
    # and its health centre and schools
    r"(?=(?:人民)?政府|党委|党工委|委员会|办事处|人大|妇联|团委|工会|商会|关工委|文化站|派出所|"
    r"司法所|(?:中心)?卫生院|中心小学|中心校|小学|中学|$)"
)
# A village is placed at its county, as the labelled reports have it ("万源市草坝镇寨坝村"
# → 万源市), found through its town ("玄滩镇大田村").
_VILLAGE = r"(?:[\u4e00-\u9fff]{1,5}?(?:村|社区)(?:党支部|党总支|党委|村委会|居委会|委员会)?)"


def available() -> bool:
    """Whether regions can be resolved at all."""
    return _gazetteer is not None


def divisions_in(text: str) -> list[tuple[int, int, Any]]:
    """(start, end, Division) for each place named in `text`; [] without a gazetteer."""
    if _gazetteer is None or not text:
        return []
    return list(_gazetteer.find_divisions(text))


def contains(outer: Any, inner: Any) -> bool:
    """Whether division `inner` lies in `outer` (or is it)."""
    return _gazetteer is not None and bool(_gazetteer.contains(outer, inner))


def place_names(text: str) -> list[str]:
    """Distinct place names as written in `text`, in order ("北碚区", "绵阳市"); a zone
    across borders not beside the places it spans ("万达开示范区…万州、达州、开州")."""
    names: list[str] = []
    codes: set[str] = set()
    zones: dict[str, tuple[str, ...]] = {}  # name → the codes it spans
    last_end, last = -1, None
    for start, end, found in divisions_in(text):
        codes.add(found.code)
        if start == last_end and last is not None and _gazetteer.contains(last, found) and names:
            names[-1] += text[start:end]  # "重庆市" + "璧山区" is one place
        elif text[start:end] not in names:
            names.append(text[start:end])
            if found.spans:
                zones[names[-1]] = found.spans
        last_end, last = end, found
    return [n for n in names if not codes.intersection(zones.get(n, ()))]


def town_names(text: str) -> list[str]:
    """Distinct towns as written in `text`, with the places written right before them
    ("洪安镇", "湖南省花垣县边城镇"), in order; a name written both ways, once, in full."""
    if _gazetteer is None:
        return []
    ends = {end: start for start, end, _ in divisions_in(text)}
    names: list[str] = []
    for start, end, _ in _gazetteer.towns_in(text):
        while start in ends:
            start = ends[start]
        name = text[start:end]
        if any(name in n for n in names):
            continue
        names = [n for n in names if n not in name] + [name]
    return names


def official_name(place: str) -> str:
    """A place's official name ("梁平" → 梁平区, "重庆" → 重庆市); else as written."""
    found = _gazetteer.resolve_party(place, None) if _gazetteer is not None else None
    if found is None or place not in (found.name, *found.aliases):
        return place  # "大竹经开区", "四川省成都市": more, or other, than the division
    # an autonomous county by the name reporters give it as a county: 彭水县
    county = next((a for a in found.aliases if a.endswith("县")), None)
    return str(county if county and found.name.endswith("自治县") else found.name)


def _names(written: str, division: Any) -> bool:
    """Whether `written` is one of the division's own names (official, short or full)."""
    return written in (division.name, *division.aliases, division.full_name)


def known_body(name: str) -> bool:
    """Whether `name` is a body the gazetteer seats by name ("西南交大", "华西医院")."""
    return _gazetteer is not None and _gazetteer.body_seat(name) is not None


def outer_places(names: list[str]) -> list[str]:
    """`names` without a zone inside a place also named ("梁平", "大竹经开区", "大竹": the
    places are 梁平 and 大竹), and each place once, by its fullest name (江津区, not 江津)."""
    if _gazetteer is None:
        return names
    found = {n: d for n in names if (d := _gazetteer.resolve_party(n, None)) is not None}
    fullest: dict[str, str] = {}

    def rank(n: str) -> tuple[bool, int]:  # the division's own name first, then the longest
        return _names(n, found[n]), len(n)

    for n, d in found.items():
        if d.code not in fullest or rank(n) > rank(fullest[d.code]):
            fullest[d.code] = n
    names = [n for n in names if n not in found or fullest[found[n].code] == n]

    def inside(n: str) -> bool:  # a zone, or a place named by more than its division
        d = found[n]
        if d.level != "zone" and _names(n, d):
            return False
        return any(o != n and contains(found[o], d) for o in found)

    def around(n: str) -> bool:  # a province beside a place in it ("浙江…吴兴区")
        d = found[n]
        return d.level == "province" and any(
            found[o].code != d.code and contains(d, found[o]) for o in found
        )

    return [n for n in names if n not in found or not (inside(n) or around(n))]


def spanned(division: Any) -> list[Any]:
    """The divisions a zone across borders covers ("万达开川渝统筹发展示范区"), else []."""
    return [_gazetteer.division(code) for code in getattr(division, "spans", ())]


def resolve(
    parties: Sequence[str],
    context: str,
    article: str = "",
    site: str | None = None,
    site_address: str | None = None,
) -> tuple[tuple[str, ...], bool]:
    """Full division names of the parties (deduplicated, in party order) and in_region.

    One division per party, an ancestor kept beside its descendant: a municipal group is
    重庆市 next to its partner 重庆市万州区, as the labelled real reports have it. A party
    named by its level alone ("市政府", "省政府", "我区") is the place of that level the
    `article` names most. A party named as the site's own body (我校, 公司) is where the
    `site`'s body is, when it is of that kind (at its `site_address`, if given); else the
    body of that kind the article names most.
    """
    if _gazetteer is None:
        return (), False
    found: list[Any] = []
    names: list[str] = []
    fallback = _context_division(context)
    previous = None  # the division of the party told just before
    for i, party in enumerate(parties):
        if _ABROAD.match(party):
            continue
        members = (
            group_members(party)
            or _run_together(party)
            or _places_counted(party, context)
            or _group_defined(party, article)
        )
        if members:  # "川渝两省市关工委", "成德眉资": a party standing for several places
            for d in members:
                if d.full_name not in names:
                    found.append(d)
                    names.append(d.full_name)
            continue
        division = (
            _branch_place(party)
            or _gazetteer.resolve_party(party, fallback)
            or _seated_before(party, article)
        )
        if division is not None and division.level == "province":
            # (a firm's filing calls the firm "公司": "公司为总部位于乐山市的…企业")
            sole = sum("公司" in p for p in parties) == 1 and "公司" in party
            division = _headquartered(party, division, article, sole) or division
        if spanned(division):
            # "西部科学城重庆高新区管委会": the place named inside the zone's name, if any
            inner = [d for _, _, d in divisions_in(party) if d.code != division.code]
            division = inner[-1] if inner else division
        if members := spanned(division):  # a zone across borders: each place it covers
            for d in members:
                if d.full_name not in names:
                    found.append(d)
                    names.append(d.full_name)
            continue
        bare = _BARE_TOWN.match(_own_town(party, site_address))
        county = None
        if bare and division is not None and not _gazetteer.counties_of(bare[1]):
            # "贵州松坎镇": a town after a place above its county, the one county in it
            bare, county = _town_after_place(party, division) or (bare, None)
        if bare and (division is None or _gazetteer.counties_of(bare[1])):
            # "万隆镇": named in full elsewhere ("四川省武胜县万隆镇、宝箴塞镇…"), else the
            # county of that town the text or site names, else the only one ("大竹镇营盘村"
            # is in 万源市, not 大竹县)
            county = county or _county_of_town(bare[1], article, site, site_address)
            town = "" if bare[2] else bare[1]
            if county is not None and (name := county.full_name + town) not in names:
                found.append(county)
                names.append(name)
            continue
        # "我县与重庆市綦江区…", "我院与重庆医科大学附属第一医院…": not the partner's.
        others = [p for p in parties if p != party]
        if division is None and (own := _OWN_BODY.match(party) or _OWN_UNIT.match(party)):
            kind = own[1] or own[2]
            division = (
                _site_body(site, kind, site_address)
                or _most_named_body(article, kind, others)
                or _seat(site_address)  # the footer's address, whoever's name the site shows
            )
            if division is not None and division.level == "province":
                # "四川蓉城建工集团有限公司" … "集团公司总部位于成都": its city
                division = _headquartered(party, division, article) or division
        elif division is None and (level := _BARE_LEVEL.match(party)):
            # "自治区人民政府…在南宁签署", naming no region: the one the place is in
            wanted = _LEVELS[level[1]]
            division = (
                # "达州市人民政府及市发展改革委、市交通运输局与万州区人民政府及区交通局"
                (
                    previous
                    if previous is not None
                    and _is_level(previous, wanted)
                    and _listed_with(parties[i - 1], party, context)
                    else None
                )
                or _as_level(_placed(site_address), wanted)  # "区人民医院" in 大足日报
                or _level(_placed(site), wanted)  # "省经济和信息化厅" on 四川省经信厅's site
                or _most_named(article, wanted, others)
                or _within(fallback, wanted)
            )
        elif division is None and _BARE_VILLAGE.match(party):
            # "牌坊村", told in full before ("开江县讲治镇牌坊村与…"): that county's
            division = _county_before(party, article) or fallback
        elif division is None and not _NAMED_PLACE.search(party):
            # "计算机科学与工程学院" on 电子科技大学's site: a college of the site's school
            in_school = _SCHOOL_UNIT.search(party) and _site_body(site, "校", site_address)
            division = in_school or fallback
        elif division is None:
            division = _named_in_full(party, article)
        if division is None:
            continue
        division = _reported(_capital_if_seated(party, division))
        fallback = previous = division
        name = division.full_name + _town(party, division)
        if name not in names:
            found.append(division)
            names.append(name)
    in_region = any(_gazetteer.is_chengyu(d) for d in found)
    return tuple(names), in_region


# A school's college, faculty or lab, named without the school: "教育学部", "园艺学院".
_SCHOOL_UNIT = re.compile(r"(?:学院|学部|系|研究院|研究所|实验室|研究中心)$")
# A party named as the site's own body: "我校" on a university's page, "集团" in company
# news. It is where the school or firm the article names most is.
_OWN_BODY = re.compile(r"^(?:我|本|该)?(?:(校|学校|院|所|厅|局|委|行)|(集团公司|公司|集团|司))$")
# A unit of the site's own body: "我院新生儿科", "我校计算机学院", "本公司研发中心".
_OWN_UNIT = re.compile(
    r"^(?:我|本)(?:(校|院|所)|(公司|集团))[\u4e00-\u9fff]{1,12}(?:科|部|系|学院|中心|室|处|办|所)$"
)
_NAME_CHAR = r"[^\W\d_与和及同的在是将]"  # a name holds no conjunction, no 的/在/是
_SCHOOL_NAME = re.compile(_NAME_CHAR + r"{2,12}?(?:大学|学院|学校|中学|小学)")
_BODY_NAMES = {
    "校": _SCHOOL_NAME,
    "学校": _SCHOOL_NAME,
    "院": re.compile(_NAME_CHAR + r"{2,12}?(?:大学|学院|医院|研究院|检察院|法院)"),
    "所": re.compile(_NAME_CHAR + r"{2,16}?(?:研究所|研究院|设计院)"),
    # a government department: where its name says, not its street address
    "厅": re.compile(_NAME_CHAR + r"{2,16}?厅"),
    "局": re.compile(_NAME_CHAR + r"{2,16}?局"),
    "委": re.compile(_NAME_CHAR + r"{2,16}?(?:委员会|委)"),
    "行": re.compile(_NAME_CHAR + r"{2,16}?银行(?:股份有限公司)?"),  # a bank's "本行", "我行"
}
_DEPARTMENTS = ("厅", "局", "委")
_FIRM_NAME = re.compile(_NAME_CHAR + r"{2,16}?(?:集团|公司)")


def _listed_with(before: str, party: str, context: str) -> bool:
    """Whether `party` is listed on the same side as the party before it ("达州市人民政府
    及市发展改革委、市交通运输局"), not across 与 from it."""
    return any(f"{before}{mark}{party}" in context for mark in ("及", "、", "和", "以及"))


def _reported(division: Any) -> Any:
    """The division an agreement's regions give for `division`: a zone that is no region of
    its own (成都高新区, 宜宾三江新区) is its parent's, as the labelled reports place it."""
    if division.level == "zone" and division.parent and not division.own_region:
        return _gazetteer.division(division.parent)
    return division


# A province's hospital or university ("四川省人民医院", "省医院", "贵州省骨科医院") is in its
# capital, as the labels place it; a province's agencies (厅, 总工会) are the province's.
_SEATED = re.compile(r"(?:医院|医学科学院|大学|(?<!科)学院|图书馆|博物馆)$")  # not 社会科学院


def is_school(name: str) -> bool:
    """Whether `name` is a school's whole name ("重庆师范大学", "泸州市第二中学")."""
    return _SCHOOL_NAME.fullmatch(name) is not None


def _capital_if_seated(party: str, division: Any) -> Any:
    """The capital of `division`'s province for a provincial hospital or university; every
    province's capital has the code of its first prefecture (510100 成都, 620100 兰州)."""
    if division.level != "province" or not _SEATED.search(party):
        return division
    try:
        capital = _gazetteer.division(division.code[:2] + "0100")
    except KeyError:  # a municipality (重庆市) has no capital below it
        return division
    return capital if capital.level == "prefecture" else division


# A body's branch named by its place: "成都银行重庆分行", "…四川省分公司", a campus or a
# hospital run in another city: "西南大学荣昌校区", "重庆医科大学附属儿童医院宜宾医院".
_BRANCH = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:分行|分公司|分院|分校|分中心|校区|院区|医院)$")


def _branch_place(party: str) -> Any:
    """Where a branch named by its place is, not where its parent body is."""
    m = _BRANCH.search(party)
    if m is None:
        return None
    found = divisions_in(m[1])
    return found[-1][2] if found and found[-1][1] == len(m[1]) else None


# "…公司总部位于四川省绵阳市", "总部设在成都": where a body named by its province is.
_HEADQUARTERS = re.compile(r"总部(?:位于|设在|设于|在)([^,,。;]{2,16})")


# "总部位于重庆的中铁十一局五公司": a firm placed by the clause before its name.
_SEATED_BEFORE = re.compile(
    r"(?:总部|本部)(?:位于|设在|设于)([\u4e00-\u9fff]{2,10}?)的"
    r"([\u4e00-\u9fff()]{2,30}?(?:公司|集团|大学|学院|医院|银行))"
)


def _seated_before(party: str, article: str) -> Any:
    """Where the article says the headquarters of `party` (or its short name) are."""
    for m in _SEATED_BEFORE.finditer(article):
        if m[2] == party or in_order(m[2], party):
            return _placed(m[1])
    return None


def _headquartered(party: str, province: Any, article: str, sole_firm: bool = False) -> Any:
    """The city of `province` the article puts the headquarters of a body named by its
    province in: after its name ("四川铁骑力士实业有限公司…总部位于四川省绵阳市") or before it
    ("总部位于成都的四川华鑫锂能科技有限公司"); the `sole_firm` of the parties also where a
    sentence opens with "公司" or "本公司", as its own filing calls it."""
    seated = _seated_before(party, article)
    if seated is not None and not contains(province, seated):
        seated = None
    return _headquarters(party, province, article, sole_firm) or seated


_ADDRESS_LINE = re.compile(r"^\s*(?:住所|注册地址|注册地|住址|地址)\s*[:：]\s*(\S{2,16})")
_FIRM_ITSELF = re.compile(r"^(?:本?公司)(?:为|是|系)?")


def _headquarters(party: str, province: Any, article: str, sole_firm: bool = False) -> Any:
    """The city of `province` a sentence naming `party` says its headquarters are in."""
    forms = _short_forms(party)
    after_name = False  # the line before named the party: "乙方:四川锐腾…公司"
    for sentence in re.split(r"[。!?\n]", article):
        named = next((sentence.index(f) for f in forms if f in sentence), None)
        if named is None and sole_firm and _FIRM_ITSELF.match(sentence):
            named = 0
        told = _HEADQUARTERS.finditer(sentence, named) if named is not None else ()
        places = [m[1] for m in told]
        # a contract's parties in a filing, each over its address: "住所:成都高新区…"
        if after_name and (address := _ADDRESS_LINE.match(sentence)):
            places.append(address[1])
        after_name = named is not None and len(sentence) - named < len(party) + 4
        for place in places:
            for _, _, d in divisions_in(place):
                city = _within(d, "prefecture")
                if city is not None and city.parent == province.code:
                    return city
    return None


# A firm's name cut after its kind: "滇草药业集团股份有限公司" → "滇草药业集团".
_FIRM_KIND_END = re.compile(r"^.{2,}?(?:集团|公司)(?=.)")


def _short_forms(party: str) -> list[str]:
    """`party` as a later sentence may name it: whole, without the place it opens with
    ("云南滇草药业集团股份有限公司" → "滇草药业集团股份有限公司"), cut after its kind
    ("滇草药业集团")."""
    hits = divisions_in(party)
    bare = party[hits[0][1] :] if hits and hits[0][0] == 0 else party
    forms = [party, bare]
    forms += [m[0] for f in (party, bare) if (m := _FIRM_KIND_END.match(f))]
    return [f for f in dict.fromkeys(forms) if len(f) >= 4]


def _level(division: Any, level: str) -> Any:
    """`division` if it is at `level` (a municipality counting as a city), else None."""
    return division if division is not None and _is_level(division, level) else None


def _as_level(division: Any, level: str) -> Any:
    """`division` or the division it lies in that a bare level names: for "市" a
    county-level city ("市人民医院" on 隆昌市's portal) or a municipality (重庆市) too."""
    while division is not None and not _is_level(division, level):
        division = _gazetteer.division(division.parent) if division.parent else None
    return division


def _is_level(division: Any, level: str) -> bool:
    if division.level == level:
        return True
    # (a 市 of the county level; 重庆市, a province's level)
    return level == "prefecture" and division.name.endswith("市") and division.level != "town"


def names_a_level(party: str) -> bool:
    """Whether `party` names its place by level alone ("市人民医院", "县市场监管局", "我市"),
    or is the site's own body by kind ("集团公司", "学校")."""
    return _BARE_LEVEL.match(party) is not None or _OWN_BODY.match(party) is not None


def _placed(address: str | None) -> Any:
    """The division an address (or a local masthead's place) is in, else None; a place
    named alone by a name it shares with no other ("桐梓" of a portal's "走进桐梓") too."""
    if not address:
        return None
    found = _gazetteer.resolve_party(address, None)
    named = _gazetteer.lookup(address) if found is None else []
    return found if found is not None or len(named) != 1 else named[0]


def _seat(address: str | None) -> Any:
    """The city an address is in, or its district in a municipality (重庆市沙坪坝区)."""
    seat = _placed(address)
    if seat is None:
        return None
    city = _gazetteer.division(seat.parent) if seat.level == "county" and seat.parent else None
    return city if city is not None and city.level == "prefecture" else seat


def _site_body(site: str | None, kind: str, address: str | None = None) -> Any:
    """Where the site's body is, when it is a body of `kind` (a school for 我校): its
    address's city, or its district in a municipality (重庆市沙坪坝区), as bodies.toml
    places bodies; else where its name says."""
    if not site or not _BODY_NAMES.get(kind, _FIRM_NAME).fullmatch(site):
        return None
    named = _gazetteer.resolve_party(site, None)
    seat = _gazetteer.resolve_party(address, None) if address else None
    if seat is None or kind in _DEPARTMENTS or (named is not None and not contains(named, seat)):
        return named  # an address elsewhere is a branch's, or no address at all
    if named is not None and named.level == "county":
        return named  # "崇州市人民医院": where its name says, a county-level city
    if named is not None and kind not in _BODY_NAMES and named.name == "重庆市":
        # "重庆港务物流集团有限公司": a municipal firm, wherever its offices are (labels
        # put a Sichuan firm at its address's city)
        return named
    return _seat(address)


def _most_named_body(article: str, kind: str, others: Sequence[str] = ()) -> Any:
    """Where the body of `kind` the `article` names most is, other than the `others`
    parties: a school for 我校, a school, hospital or court for 我院, a firm for 公司/集团."""
    pattern = _BODY_NAMES.get(kind, _FIRM_NAME)
    counts: dict[str, int] = {}
    for m in pattern.finditer(article):
        if any(in_order(m[0], o) or in_order(o, m[0]) for o in others):
            continue  # the partner, named so, short ("重医附属儿童医院") or in full
        counts[m[0]] = counts.get(m[0], 0) + 1
    for name in sorted(counts, key=lambda n: -counts[n]):
        division = _gazetteer.resolve_party(name, None)
        if division is not None:
            return division
    return None


def _within(division: Any, level: str) -> Any:
    """`division` or the division of `level` it lies in, else None."""
    while division is not None and division.level != level:
        division = _gazetteer.division(division.parent) if division.parent else None
    return division


def _most_named(article: str, level: str, others: Sequence[str] = ()) -> Any:
    """The division of `level` named most often in `article` (the first of equals), other
    than the `others` parties' own. A 市 of the prefecture level may be a county-level
    city too: "我市" on 隆昌市's portal."""
    taken = {d.code for o in others if (d := _gazetteer.resolve_party(o, None)) is not None}
    counts: dict[str, int] = {}
    by_code: dict[str, Any] = {}
    for _, _, d in divisions_in(article):
        city = level == "prefecture" and d.level == "county" and d.name.endswith("市")
        if (d.level == level or city) and d.code not in taken:
            counts[d.code] = counts.get(d.code, 0) + 1
            by_code.setdefault(d.code, d)
    return by_code[max(counts, key=counts.__getitem__)] if counts else None


_BARE_TOWN = re.compile(
    r"^([\u4e00-\u9fff]{1,5}?(?:镇|乡|街道))(?:人民政府|政府|党委|党工委|办事处|("
    + _VILLAGE
    + "))?$"
)
# A town's own post: "我镇", "我镇临江村" on "崇龛发布" are 崇龛镇's.
_OWN_TOWN = re.compile(r"^(?:我|本)(镇|乡|街道)(?=$|" + _VILLAGE + "$)")
_PLACE_WORD = re.compile(r"[\u4e00-\u9fff]{1,5}")


def _own_town(party: str, site_address: str | None) -> str:
    """The party with the site's own town named ("我镇" → "崇龛镇"), else the party."""
    m = _OWN_TOWN.match(party)
    if m is None or not site_address or not _PLACE_WORD.fullmatch(site_address):
        return party
    town = site_address if site_address.endswith(m[1]) else site_address + m[1]
    if _gazetteer is None or not _gazetteer.counties_of(town):
        return party
    return town + party[m.end() :]


# Towns (or villages) listed after their county: "武胜县万隆镇、宝箴塞镇、清平镇".
_TOWN_LIST = re.compile(r"(?:[\u4e00-\u9fff]{1,5}?(?:镇|乡|街道)" + _VILLAGE + "?、)*")


def _named_in_full(party: str, article: str) -> Any:
    """The place a party names by a name several places have ("朝阳区"), when the article
    names one of them in full ("吉林省长春市朝阳区"); else None."""
    found = {d.code: d for _, _, d in divisions_in(article) if party in (d.name, *d.aliases)}
    return next(iter(found.values())) if len(found) == 1 else None


_BARE_VILLAGE = re.compile("^" + _VILLAGE + "$")
_TOWN_BETWEEN = re.compile(r"(?:[\u4e00-\u9fff]{1,5}?(?:镇|乡|街道))?")


def _county_before(name: str, article: str, between: re.Pattern[str] = _TOWN_BETWEEN) -> Any:
    """The county `article` names right before `name`, with what `between` allows between
    (a town: "开江县讲治镇牌坊村" for "牌坊村"); else None."""
    at = article.find(name)
    while at >= 0:
        before = article[max(0, at - 40) : at]
        for _, end, d in reversed(divisions_in(before)):
            if d.level == "county" and between.fullmatch(before, end):
                return d
        at = article.find(name, at + len(name))
    return None


def _town_after_place(party: str, division: Any) -> tuple[re.Match[str], Any] | None:
    """The town a party names right after a place above its county, and its county there
    ("贵州松坎镇" → 松坎镇 in 桐梓县); None unless the place has one town so named."""
    for _, end, d in divisions_in(party):
        if d.code == division.code and (bare := _BARE_TOWN.match(party[end:])):
            inside = [c for c in _gazetteer.counties_of(bare[1]) if contains(division, c)]
            if len(inside) == 1:
                return bare, inside[0]
    return None


def _county_of_town(
    town: str, article: str, site: str | None = None, address: str | None = None
) -> Any:
    """The county `article` names a town under, right before it or before the list of
    towns it is in; else, of the counties with a town so named, the one `site` names or its
    `address` is in, else
    the one the article or `site` names (or a division above it), else the only one in
    川渝, else the only one; None when that leaves several."""
    if (before := _county_before(town, article, _TOWN_LIST)) is not None:
        return before
    counties = _gazetteer.counties_of(town)
    own = [d for _, _, d in divisions_in(site or "")] + [d for d in [_placed(address)] if d]
    named = [d for _, _, d in divisions_in(article)] + own
    for candidates in (
        # the site's own county ("铜梁网": 安居镇 is 铜梁区's, whatever partner 安居区 signs)
        [c for c in counties if any(contains(d, c) for d in own if d.level == "county")],
        *([c for c in counties if any(contains(d, c) for d in named if d.level == level)]
          for level in ("county", "prefecture", "province")),
        [c for c in counties if _gazetteer.is_chengyu(c)],
        counties,
    ):  # fmt: skip
        if len(candidates) == 1:
            return candidates[0]
    return None


def _town(party: str, county: Any) -> str:
    """The town a party names right after its county ("蓬溪县蓬南镇" → "蓬南镇"), else ""."""
    if county.level != "county":
        return ""
    for written in sorted((county.name, *county.aliases), key=len, reverse=True):  # 秀山县, 秀山
        m = re.search(re.escape(written) + _TOWN, party)
        if m:
            return m[1]
    return ""


_PLACES_TAIL = re.compile(
    r"(?:两地|两市|两区|两县|两区县|三地|三市|三区县|双方|等地)?(?:人民政府|政府|党委|党政)?"
)


def _run_together(party: str) -> list[Any]:
    """Places named one after another with nothing between them, none inside another:
    "成都宜宾", "黔江彭水两地" (but "重庆市永川区" is one place)."""
    run = _leading_places(party)
    if len(run) < 2 or not _PLACES_TAIL.fullmatch(party, run[-1][1]):
        return []  # "北京重庆企业商会" is one body in 北京
    return [d for _, _, d in run]


# Between places a headline runs together: nothing, or a dot or dash ("泸州·永川").
_HEADING_JOIN = frozenset("·・—–- ")
# A headline's own tag before its words: "【泸州】", "[快讯]".
_HEADING_TAG = re.compile(r"^(?:【[^】]{1,10}】|\[[^\]]{1,10}\])\s*")


def places_heading(headline: str) -> list[str]:
    """Two or more places opening a headline one after another, none inside another
    ("泸州永川签署合作协议", "泸州·永川合作座谈会召开", "泸州市永川区签订…"), as written;
    or opening the headline's second part ("川甘携手 广元陇南签署7项合作协议")."""
    tag = _HEADING_TAG.match(headline)
    whole = headline[tag.end() if tag else 0 :][:40]
    for text in (whole, *(whole[m.end() :] for m in _HEADING_PART.finditer(whole))):
        run = _leading_places(text, _HEADING_JOIN)
        if len(run) >= 2:
            return [text[start:end] for start, end, _ in run]
    return _leading_towns(whole)


def _leading_towns(text: str) -> list[str]:
    """Two or more towns opening `text` one after another ("龙形镇磨溪镇携手…")."""
    run: list[str] = []
    at = 0
    for name in town_names(text):
        found = text.find(name, at)
        if found != at and not (found == at + 1 and text[at] in _HEADING_JOIN):
            break
        run.append(name)
        at = found + len(name)
    return run if len(run) >= 2 else []


_HEADING_PART = re.compile(r"(?<=[\u4e00-\u9fff”])\s+(?=[\u4e00-\u9fff])")


def _leading_places(text: str, joins: frozenset[str] = frozenset()) -> list[tuple[int, int, Any]]:
    """(start, end, division) of the places opening `text` one after another, with nothing
    or one of `joins` between them; [] when one lies inside its neighbour ("重庆市永川区")."""
    run: list[tuple[int, int, Any]] = []
    for start, end, found in divisions_in(text):
        if not run:
            if start != 0:
                return []
        else:
            gap = text[run[-1][1] : start]
            if len(gap) > 1 or (gap and gap not in joins):
                break
            if contains(run[-1][2], found) or contains(found, run[-1][2]):
                return []
        run.append((start, end, found))
    return run


def places_told(text: str, levels: Sequence[str] | None = None) -> list[list[str]]:
    """The sets of places `text` names together, by their official names: those named one
    by one (a zone inside a place named too left out), then each group abbreviation's
    members ("泸永江" → 泸州市, 永川区, 江津区). Only places of `levels`, if given; else no
    province beside lower places ("川渝…万源市、城口县" for "两地" are the two counties)."""
    if _gazetteer is None:
        return []
    text = re.sub(r"《[^《》]*》", "", text)  # "《川渝…协议》" names no signer
    found = [_gazetteer.resolve_party(n, None) for n in outer_places(place_names(text))]
    sets = [[d for d in found if d is not None]]
    sets += [list(members) for _, _, members in _gazetteer.expand_group(text)]
    out = []
    for places in sets:
        if levels is not None:
            places = [d for d in places if d.level in levels]
        elif any(d.level != "province" for d in places):
            places = [d for d in places if d.level != "province"]
        out.append(list(dict.fromkeys(d.name for d in places)))
    return out


def group_members(party: str) -> list[Any]:
    """The divisions a compound abbreviation at the start of `party` stands for."""
    if _gazetteer is None:
        return []
    groups = [g for g in _gazetteer.expand_group(party) if g[0] == 0]
    return list(groups[0][2]) if groups else []


_PLACES_COUNT = re.compile(r"^([两三四五六七八九十])地")


def _places_counted(party: str, context: str) -> list[Any]:
    """The places "两地…部门" stands for: as many as the sentence names, those."""
    m = _PLACES_COUNT.match(party)
    if m is None:
        return []
    names = outer_places(place_names(context))
    found = [d for n in names if (d := _gazetteer.resolve_party(n, None)) is not None]
    return found if len(found) == cn_number(m[1]) else []


# A group of places counted under a name the gazetteer lacks: "渝西九区商务委".
_GROUP_COUNTED = re.compile(
    r"^([\u4e00-\u9fff]{2,4}?)(\d{1,2}|[两三四五六七八九十]{1,2})个?(?:区县|区|县|市|地)"
)


# "…地区包括A、B、C", "…九区(A、B、C…)": the list after the group's name.
_GROUP_LISTED = r"[^,,。;]{0,6}?(?:包括|包含|涵盖|是指|指的是|即|[(（])[:：]?([^。;,)）]{4,160})"


def _group_defined(party: str, article: str) -> list[Any]:
    """The places a party's counted group stands for when the article lists them:
    "渝西九区商务委" with "渝西地区包括重庆市永川区、江津区、…荣昌区"; as many as it counts."""
    m = _GROUP_COUNTED.match(party)
    if m is None or _gazetteer.resolve_party(m[1], None) is not None:
        return []  # "泸州两区": the places of a named city, told otherwise
    told = re.search(re.escape(m[1]) + _GROUP_LISTED, article)
    if told is None:
        return []
    names = outer_places(place_names(told[1]))
    found = [d for n in names if (d := _gazetteer.resolve_party(n, None)) is not None]
    return found if len(found) == cn_number(m[2]) else []


def _context_division(context: str) -> Any:
    hits = divisions_in(context)
    return hits[-1][2] if hits else None
