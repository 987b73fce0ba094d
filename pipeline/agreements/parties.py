"""The signing parties, read from the clause before the signing verb."""

from __future__ import annotations

import re

from pipeline.agreements import regions
from pipeline.agreements.dates import cn_number

# What an organisation or a division name ends with. A list piece that ends otherwise
# ("泸州市口岸" in "泸州市口岸与物流办公室") is part of a longer name and is re-joined.
_ORG_END = re.compile(
    r"(?:局|委|委员会|基金|办|办公室|厅|部|院|所|校|馆|站|会|(?<=[妇侨文商残青科社智])联|(?<=[政科])协|团|队|社|中心|集团|公司|银行|电视台|总台|"
    r"医院|大学|学院|中学|小学|高中|政府|管委会|省|市|区|县|镇|乡|街道|村|园|港|处|署|城|州|盟|旗|"
    r"郡|(?<![学官])府|"  # places abroad: "韩国平昌郡", "泰国罗勇府", "日本大阪府"
    r"(?<![举进执运实推发同先出旅试践施履])行|"
    r"协会|商会|基地|平台|企业|单位|部门|党委|团委|区委|市委|县委|镇等\S+|[镇乡县区市]等\S+)$"
)
_LEAD = re.compile(
    r"^(?:\d+(?![\d年月日号时分秒对个家所项名位]))?(?:就在|在)?(?:此前的|之前的|此后的)?(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}[日号])?"
    r"(?:上午|下午|晚上|晚间|当天|当日|同日)?"
)
_ON_A_DAY = re.compile(r"于(?:\d{4}年)?\d{1,2}月\d{1,2}日$")
_THIS_PLACE = re.compile(r"^(?:该|我|本)(?:县|区|市)(?=[\u4e00-\u9fff]{2,}(?:镇|乡|街道|村))")
# "双方所属企业A与B": the firms, not each side's (双方 is whose they are); "集团所属泸州港
# 多式联运有限公司", "成都海关所属泸州海关": the body, not its owner ("集团所属企业还与…"
# names no body but the owner's: kept as written)
_BOTH_SIDES_OWN = re.compile(
    r"^(?:双方|两地|三方|各方)(?:所属|下属|旗下)(?:企业|公司|单位|子公司)?"
    r"|^[\u4e00-\u9fff]{1,12}?(?:所属|下属|旗下)(?:企业|公司|单位|子公司)?"
    r"(?=[\u4e00-\u9fff]{2})(?!还|也|又|与|和|同|及|分别|共同|正式|在|于|企业|公司|单位|子公司)"
)
_CONNECTIVE = re.compile(
    r"^(?:【[^【】]{1,6}】|#[^#]{1,30}#\s*|(?:正文|详情|全文)\s+|图为|随着|同时|此外|另外|随后|其中|不仅如此|会上|现场|活动中|仪式上|签约仪式上|期间|"
    r"当天|当日|同日|次日|并且|并|还|也|又|而|由|经(?!开区|济|信|贸|发)|据悉|目前|近日|日前|今天|昨天|昨日|"
    r"(?:共同)?(?:出席|见证|参加|陪同)了?)+"  # a leader's day: "出席A与B战略合作签约仪式"
)
# Who watched before who signed: "郑晓峰与对方共同见证|九龙坡区人民政府与…".
_WITNESSES = re.compile(r"^[^,,。]{0,20}?(?:共同)?见证了?(?=[^,,。]{2,}[与和同])")
_TRAIL = re.compile(
    r"(?:共同|同步|同时|共计|一共|总共|(?<!中)共|携手|牵手|联手|握手|正式|联合|分别|集中|现场|成功|顺利|当场|当天|又|还|也|再次|率先|已经|已|一口气|一次性|"
    r"达成并|一致同意|代表|现场|了|等|各自|的|推动|牵头|主导|完成|(?:\d{1,2}月)?\d{1,2}[日号]|上午|下午|晚上|周[一二三四五六日天]"
    r"|今天|今日|昨天|昨日|日前|近日|近期|前不久|双方|三方|四方|于|一道|一起|愿意|愿|有关|相关|将"
    r"|校地|校企|院地|院企|政企|银政|银企|(?:以|通过)[\u4e00-\u9fff]{1,8}?(?:方式|形式)"
    r"|(?:举行|召开|进行)[\u4e00-\u9fff]{0,8}?并)+$"  # "双方举行座谈并签署"
)
# The topic after the parties: "永川区|就共建产业园区", "两地|围绕交通互联".
# A quoted name of what the pair builds, after them: "…“川渝消化病专科联盟”合作签约".
_OPEN_QUOTE_TAIL = re.compile(r"“[^“”]*$")
_QUOTED_TOPIC = re.compile(r"“[^“”]{2,24}”(?:合作|共建|项目)?$")
_TOPIC = re.compile(r"(?:就(?!业|医|读|诊)|围绕|针对)[^与和同、]{2,30}$")  # not "就业服务机构"
# A dateline before the lead's subject: "本报泸州12月3日讯 ", "新华社成都6月1日电(记者…)".
_DATELINE = re.compile(
    r"^[^,。]{0,16}?(?:\d{1,2}月\d{1,2}日(?:讯|电)|报讯|网讯|台讯)】?(?:\([^()]{0,30}\))?\s*"
)
_PLACE = re.compile(r"(?:在|于)(?:协同|[^与和同及、]){1,14}$")  # "在两江协同创新区"
# A list item's number: "1.内江市人民政府与四川大学", "(二)".
_NUMBERING = re.compile(
    r"^\s*(?:[(（]?(?:\d{1,2}|[一二三四五六七八九十]{1,3})[)）]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．]|——?|[·•▪])\s*"
)
# A headline's first part before the one that names the parties: "川渝携手 共建渝东南区域
# 医疗高地——我院与重庆市黔江中心医院" (but "泸州——永川" are partners).
_SLOGAN_LEAD = re.compile(r"[\u4e00-\u9fff“”\"]{6,}")
_JOINED_PAIR = re.compile(r"与|和|同|携手|牵手")
_HEADLINE_LEAD = re.compile(
    r"^[^—]*[\u4e00-\u9fff\s]{4,}——(?=[^—]*(?:与|和|同))"
    r"|^[^丨｜|]{1,10}[丨｜|]\s*"  # a headline's tag: "重磅丨我院与…", "川渝合作｜"
)
# The kind of the signing told after the last party: "…与开江县人民医院|紧密型医疗协作签约",
# "…与永川区|战略合作签约仪式".
_KIND_TAIL = re.compile(
    r"(医院|大学|学院|学校|公司|集团|政府|党委|管委会|街道|[区县市镇乡局委厅院])"
    # "…观音桥街道|社区治理合作签约仪式"
    r"(?:社区|[^\W\d院司团府委局区县市镇乡厅校街]){0,10}(?:合作|协作|共建|结对|联建|帮扶|医联体|医共体)$"
)
# "万州区政府等5个主体": the count is the reporter's, not part of a name.
_GENERIC_TAIL = re.compile(
    r"等(?:\d+|[一二两三四五六七八九十]+)(?:个|家|方|所|座)[\u4e00-\u9fff]{0,4}$"
)
_COUNT_TAIL = re.compile(
    r"(?:\d+|[两三四五六七八九十]+)(?:所|家|个|座)(?:高校|大学|学校|院校|医院|企业|银行|单位|部门|"
    r"机构|城市|区县)$"
    # "…、云顶镇四镇党委": the places' count and the kind of body each signs as
    r"|(?<=[镇乡道])[两三四五六七八九十](?:镇|乡|街道|镇街)(?:党委|政府|人民政府)?$"
    r"|(?<=[县区市])[两三四五六七八九十](?:县|区|市|区县|市县)(?:党委|政府|人民政府)?$"
)
# 同 as "with", not as "both" ("两校同为…名校") nor inside 协同.
WITH = r"(?<!协)同(?![为是属样时步比期类等一])"
# "A还分别与B", "A也与B": an adverb before the conjunction is no part of A's name;
# "泸州—永川合作协议": a dash between names joins them as partners.
_SEPARATORS = re.compile(
    r"((?:还|又|也|并|另|同时)?分别(?:与|同|和)|(?:还|又|也|并|另|同时)(?:与|同|和)|以及|与|和|及|、"
    rf"|{WITH}"
    r"|(?<=[\u4e00-\u9fff])[—–-]{1,2}(?=[\u4e00-\u9fff]))"
)
_PROVINCE = re.compile(r"^(?:四川省|重庆市)")
_ANY_PROVINCE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,8}自治区|北京市|天津市|上海市|重庆市)"
)
# A party's role in the contract before its name: "甲方泸州市人民政府与乙方永川区…".
_ROLE = re.compile(r"^[甲乙丙丁]方[::]?")
_BARE_DIVISION = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:新区|区|县|市)$")
_DIVISION_HEAD = re.compile(r"^([\u4e00-\u9fff]{1,6}?(?:新区|区|县|市))(.{2,})$")
_COUNTED = re.compile(r"^[两三四五六七八九十]+(?:市|地|区|县|方)")
_BOTH = re.compile(r"^(?:双方|两地|三地|四地|各方|三方)(.*)$")
# A count of bodies opening a party ("两地20所高校", "三地18所中小学"): kept as written.
COUNT_HEAD = re.compile(r"^(?:\d+|[一二两三四五六七八九十百]+)(?:个|家|所|名|位|座)")
# Asides in brackets go ("(记者 张三)", "(以下简称甲方)"); a place inside a firm's name
# stays: "格力电器(重庆)有限公司".
# (a name's own "(集团)" stays: "重庆武隆喀斯特旅游产业(集团)有限公司"; not a short name before
# the partner: "香港理工大学(理大)与重庆大学")
_PARENS = re.compile(
    r"\((?!(?:集团|控股|股份)\))(?![\u4e00-\u9fff]{2,6}\)(?![与和及同、])[\u4e00-\u9fff])[^()]{0,40}\)"
)
# A person's post after the body they serve: "四川省关工委执行主任张中伟".
_POST = re.compile(
    r"(?:党组|党委|执行|常务|常任|主要|分管|有关|相关|副)*(?:书记|主任|局长|厅长|院长|校长|董事长|总经理|"
    # (not a place starting with 长: "重庆市长寿区", "宜宾市长宁县", "湖南省长沙市", "长岭镇")
    r"[市区县省镇乡]长(?![\u4e00-\u9fff]{1,3}?(?:区|县|市|镇|乡|街道))|"
    r"负责人|行长|会长|理事长|检察长|主席|部长|处长|所长|秘书长|总裁|经理|常委(?!会)"
    r"|(?<=党组|党委)(?:成员|委员))"  # "…管理局党组成员、副局长某"
)
_PEOPLE = re.compile(r"、|和|与|及|,")
_PEOPLE_YU = re.compile(r"、|与|,")
_DEPUTY_SECRETARY_AND_HEAD = re.compile(
    r"委(?:副书记|常委)、(?=(?:常务)?副?代?[省市区县州]长)"  # "市委常委、常务副市长某"
    # a zone's: "遂宁高新区党工委副书记、管委会主任谢涛" heads 遂宁高新区管委会
    r"|党工委(?:副?书记|委员)、(?=管委会(?:常务)?副?主任)"
)


def is_post(text: str) -> bool:
    """Whether `text` is a person's post ("市长", "党委书记"), no body."""
    return _POST.fullmatch(text) is not None


def is_org(piece: str) -> bool:
    """Whether a list piece can stand alone as an organisation or division name."""
    return bool(_ORG_END.search(piece))


# A document named before who signed it: "《X》由|A和B签署".
_NAMED_BY = re.compile(r"^.*(?:》|协议|备忘录|协议书)(?:由|经)")
# Where a partner is, told before its name: "总部位于南宁的", "地处秦巴山区的".
_SEATED = re.compile(r"(?:总部|本部)?(?:位于|设在|地处)[\u4e00-\u9fff]{1,12}?的")


# When and where, told between the first party and the second: "A21日与B", "A今日在P与B".
_WHEN_WHERE = re.compile(
    r"(?:(?<=[\u4e00-\u9fff])|^)(?:于)?"
    r"(?:(?:今日|今天|昨日|昨天|当天|当日|近日|日前|(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日)"
    r"(?:上午|下午|晚上?)?|上午|下午|晚上)"
    r"(?:在[\u4e00-\u9fff]{2,16}?)?(?=(?:与|和|同)[\u4e00-\u9fff])"
)


# Where, told between a body and its partners: "集团公司在达州分别与…" (not "四川在线与…").
_BODY_WHERE = re.compile(
    r"(公司|集团|政府|局|委|院|校|会|中心)在[\u4e00-\u9fff]{2,8}?(?=(?:分别|共同|正式)?(?:与|同)[\u4e00-\u9fff])"
)


def clean_subject(left: str) -> str:
    """The clause before the verb without dates, connectives, places and adverbs."""
    text = _HEADLINE_LEAD.sub("", _NUMBERING.sub("", _DATELINE.sub("", left)))
    text = _NAMED_BY.sub("", text)
    lead, space, rest = text.rpartition(" ")
    if space and _SLOGAN_LEAD.fullmatch(lead) and not is_org(lead):
        # a headline's slogan before its subject: "川渝医疗协作再添新成员 我院与…" (not a
        # name set with a space: "厅长黄 伟与…")
        text = rest if is_org(_JOINED_PAIR.split(rest)[0]) else text
    text = _DEPUTY_SECRETARY_AND_HEAD.sub("", text)  # "汉中市委副书记、市长": the city's head
    text = _PARENS.sub("", _HALL_OR_COMMITTEE.sub("厅委", text)).strip(' ●◎,“”"')
    text = _SEATED.sub("", text)  # "与总部位于南宁的北部湾港股份有限公司"
    text = _WHEN_WHERE.sub("", text)  # "香港贸易发展局21日与…", "A今日在成都天府国际机场与B"
    text = _BODY_WHERE.sub(r"\1", text)  # "集团公司在达州分别与A、B"
    text = _TOPIC.sub("", text)
    text = _OPEN_QUOTE_TAIL.sub("", text)  # "A、B、C“成渝内三校|联合教研”合作签约"
    quoted = _QUOTED_TOPIC.search(text)
    if quoted and is_org(_SEPARATORS.split(text[: quoted.start()])[-1]):
        # "A与大竹县人民医院“川渝消化病专科联盟”合作签约": the pair, without what they build
        text = text[: quoted.start()]
    text = _KIND_TAIL.sub(r"\1", text)
    text = _LEAD.sub("", text).lstrip(",，")  # "同日,成都、德阳…"
    text = _WITNESSES.sub("", _CONNECTIVE.sub("", text).lstrip(",，"))
    text = _THIS_PLACE.sub("", text)  # "该县高滩镇与…": the town, of the county told before
    text = _BOTH_SIDES_OWN.sub("", text)  # "双方所属企业A与B": the firms
    for _ in range(3):  # "在北碚共同" and "共同在北碚" both occur
        text = _TRAIL.sub("", text)
        text = _PLACE.sub("", text)
    return text.strip()


def split_parties(subject: str) -> tuple[list[str], bool]:
    """Parties named in `subject`, and whether the first one is missing ("与万州签署")."""
    if _KINDS_COUNTED.match(subject):
        return [subject], False  # "两地发展改革、交通、商务等5个部门": as written
    pieces = _SEPARATORS.split(subject)
    lead_missing = pieces[0] == "" and len(pieces) > 1
    items: list[str] = []
    seps: list[str] = []
    pending = ""
    for i in range(0, len(pieces), 2):
        piece = _THIS_PLACE.sub("", without_post(_ROLE.sub("", pending + pieces[i])))
        piece = _ON_A_DAY.sub("", piece)  # "A公司于2024年8月19日与B": the day is no name
        sep = pieces[i + 1] if i + 1 < len(pieces) else ""
        if sep and sep != "、" and piece.endswith("等") and is_org(piece[:-1]):
            piece = piece[:-1]  # "安顺经开区、平坝区等与德康集团": the list ends there
        if piece and not is_org(piece) and sep and sep != "、" and not _is_place(piece):
            pending = piece + sep  # "泸州市口岸" + "与" + "物流办公室"; not "雅安" + "与"
            continue
        pending = ""
        if piece:
            items.append(piece)
            seps.append(sep)
    tail = _COUNT_TAIL.search(items[-1]) if len(items) >= 2 else None
    if tail and is_org(items[-1][: tail.start()]):
        items[-1] = items[-1][: tail.start()]  # "…、四川旅游学院五所高校": the reporter's count
    return _collective_tail(_distribute(items, seps)), lead_missing


# The places' departments of the fields listed, counted: "两地发展改革、经济信息、交通、
# 文化旅游、商务等5个部门" (no name in the list: each item is a field).
_KINDS_COUNTED = re.compile(
    r"^[\u4e00-\u9fff]{0,6}?[两三四五六七八九十](?:地|市|区|县|方)(?:[\u4e00-\u9fff]{2,8}、)+"
    r"[\u4e00-\u9fff]{2,8}等(?:\d+|[两三四五六七八九十]+)个(?:部门|单位|机构|[\u4e00-\u9fff]{0,4}分会)$"
)


def fields_counted(party: str) -> bool:
    """Whether `party` is the places' departments of several fields, counted as one."""
    return _KINDS_COUNTED.match(party) is not None


def _is_place(piece: str) -> bool:
    """Whether `piece` is a place's name and nothing more ("雅安", "永川")."""
    return regions.place_names(piece) == [piece]


_COLLECTIVE_TAIL = re.compile(
    r"^(.+?)(?:(\d{1,2}|[两三四五六七八九十]{1,2})(?:省市|区县|地|(市|区|县|省))|双方|三方|各方)(.*)$"
)


def _collective_tail(items: list[str]) -> list[str]:
    """ "泸州市与永川区两地政府": each place's own body (泸州市政府, 永川区政府); "成都、
    德阳、眉山、资阳四市政府": 成都市政府…"""
    m = _COLLECTIVE_TAIL.match(items[-1]) if len(items) >= 2 else None
    if m is None:
        return items
    level, body = m[3] or "", m[4]
    places = [_with_level(p, level) for p in [*items[:-1], m[1]]]
    if m[2] and cn_number(m[2]) != len(places):
        return items  # "成都市商务局与渝西九区商务委": nine districts of 渝西, not two
    return [p if p.endswith(body) else p + body for p in places]


def _with_level(place: str, level: str) -> str:
    """A place named with its level: 泸州 → 泸州市 (not 泸州 for its 州), 江津区 as is."""
    official = regions.official_name(place)
    if official != place:
        return official
    return place if place.endswith(("市", "区", "县", "省", "自治州")) else place + level


def _distribute(items: list[str], seps: list[str]) -> list[str]:
    """ "重庆市江津区、永川区、荣昌区生态环境局" names three bureaus, not two districts."""
    out: list[str] = []
    group: list[str] = []
    for item, sep in zip(items, seps, strict=True):
        group.append(_GENERIC_TAIL.sub("", item))
        if sep != "、":  # "泸州、宜宾…4市市场监管局与永川区、江津区…4区市场监管局": each group's
            out.extend(_expand_group(_collective_tail(group)))
            group = []
    out.extend(_expand_group(_collective_tail(group)))
    return [_GENERIC_TAIL.sub("", p) for p in out if p]


def _expand_group(group: list[str]) -> list[str]:
    if len(group) < 2:
        return group
    province = _PROVINCE.match(group[0])
    prefix = province.group() if province else ""
    if any(_ANY_PROVINCE.match(g) for g in group[1:]):
        prefix = ""  # "四川省合江县、贵州省习水县人民检察院": each its own province
    last = group[-1].removeprefix(prefix)
    head = _DIVISION_HEAD.match(last)
    bare = [_BARE_DIVISION.match(g.removeprefix(prefix)) for g in group[:-1]]
    if head is None or not all(bare):
        return group
    place, dept = head.group(1), head.group(2)
    while (inner := _DIVISION_HEAD.match(dept)) and _is_place(inner[1]):
        place, dept = place + inner[1], inner[2]  # "…、大竹县、广安市邻水县政协": 邻水县's
    dept = _COUNTED.sub("", dept)  # "成都市、德阳市…四市交易中心"
    if _is_place(dept):
        return group  # "宜宾市叙州区、自贡市荣县、内江市威远县": each a county, no department
    return [
        (g if g.startswith(prefix) else prefix + g) + ("" if g.endswith(dept) else dept)
        for g in [*group[:-1], place]
    ]


# One person by their posts: "区委副书记、区长付建平", "成都院党委副书记、总经理韩志刚".
_PERSON = re.compile(
    r"^(.*?)(?:(?:委|党委|党组|党工委)?" + _POST.pattern + r"、?)+([\u4e00-\u9fff·]{2,4})$"
)
_OWN_COMMITTEE = re.compile(r"(?:党委|党组|党工委|委)$")
_LEVEL_ALONE = {"省": "省人民政府", "市": "市人民政府", "区": "区人民政府", "县": "县人民政府"}


def bodies_of_people(people: str) -> list[str]:
    """The bodies two or more people signed for, by their posts: "区委副书记、区长付建平与
    成都院党委副书记、总经理韩志刚" → 区人民政府 (a bare level: the page's place), 成都院.
    [] unless every person's body is told."""
    # "…文化和旅游发展委员会主任某与…": with 与 between the people, 和 is inside a name
    between = r"与|," if "与" in people else r"与|和|同|,"
    bodies = [body_of_person(person) for person in re.split(between, people)]
    return [b for b in bodies if b] if all(bodies) else []


def body_of_person(person: str) -> str | None:
    """The body a person's posts name: "成都院党委副书记、总经理韩志刚" → 成都院, "区长邓刚" →
    区人民政府 (a bare level: the page's place); None when they name none."""
    m = _PERSON.match(person.strip())
    if m is None:
        return None
    body = _OWN_COMMITTEE.sub("", m[1].strip("、, "))
    if not is_org(body) and m.string[m.end(1) : m.end(1) + 1] == "委" and is_org(body + "委"):
        body += "委"  # "开州区文化旅游委主任邓丽": the 委 is the body's, not a committee's
    if not body and (head := re.match(r"(?:常务)?副?([省市区县])长", person.strip())):
        body = head[1]  # "区长邓刚": the district's head
    body = _LEVEL_ALONE.get(body, body)
    return body if is_org(body) else None


def names_a_post(name: str) -> bool:
    """Whether a name holds a person's post: "校长王建川", "成都七中校长郑慧明代表两校"."""
    return _POST.search(name) is not None


def without_post(party: str) -> str:
    """ "蓬安县检察院党组书记" → "蓬安县检察院": a person's post names the body before it."""
    post = _POST.search(party)
    if post is None or post.start() < 2:
        return party
    body = party[: post.start()]
    return body if is_org(body) else party


# Where a document's own name stops naming its parties: "《A B关于…的协议》",
# "《A与B全面战略合作框架协议》".
_TITLE_HEAD = re.compile(
    r"关于|全面|战略|深化|合作|框架|共建|推进|推动|协同|联合|助力|服务|加快|加强|友好|结对"
    r"|(?<=[市县])区域"  # "《…昭通市水富市|区域协同发展合作框架协议》"
)
_TITLE_SEPARATORS = re.compile(r" |与|和|同|、|及|·")


# ("…人民政府校地合作框架协议": the 校 of 校地 is no part of the government's name.)
_GOVERNMENT_THEN = re.compile(r"^(.{2,}?(?:人民政府|管理委员会|管委会))(?:..+|[校院企银])$")
_DIRECTION_TAIL = re.compile(r"(?<=[省市区县州])(?:东西部|东中西部|西部|东部|中部)$")


_BODY_THEN_AREA = re.compile(
    r"((?:法院|检察院|医院|政府|大学|学院|集团|公司|委员会|管委会|局|厅|镇|乡|街道))"
    r"[\u4e00-\u9fff]{0,8}(?:毗邻地区|毗邻区域|地区|片区|区域|流域|沿线|专科联盟|医联体)$"
)


_DASHED_BODY = re.compile(r"医院|大学|学院|政府|公司|集团|委员会|管委会|法院|检察院|局")


_LATIN_GLOSS = re.compile(r"\([A-Za-z][^()]{0,60}\)")


def title_parties(title: str) -> list[str]:
    """The bodies a document's name starts with, when it names two or more of them:
    "重庆市奉节县人民检察院 四川省蓬安县人民检察院关于加强检察协作的框架协议"."""
    title = title.lstrip('“"「')  # a document named in quotes: "“两江新区—成都高新区…协议”"
    title = _LATIN_GLOSS.sub("", title)  # "…平昌郡(Pyeongchang County)友好交流…意向书"
    head = _TITLE_HEAD.search(title)
    if head is None or head.start() < 4:
        return []
    named = title[: head.start()]
    if len(sides := re.split("—+", named)) == 2 and all(map(_DASHED_BODY.search, sides)):
        named = " ".join(sides)  # "川北医学院附属医院—垫江县人民医院…", not "泸州港—果园港…"
    pieces = [q for p in _TITLE_SEPARATORS.split(named) if p for q in joined_bodies(p)]
    paired = [p for p in re.split("与| ", named) if p]
    if len(paired) >= 2 and all(map(is_org, paired)):
        pieces = paired  # "重庆市文化和旅游发展委员会与…文化体育及旅游局关于…": 和, 及 in names
    # "…共青团荣昌区委青年发展": the last name runs into the subject of the document, which
    # may go on past a 及 ("…广安市人民医院心血管及神经疾病专科联盟…")
    runs_on = next((n for n, p in enumerate(pieces) if not is_org(p)), None)
    if runs_on is not None and runs_on >= 1:
        last = pieces[runs_on]
        cut = next((i for i in range(len(last) - 1, 2, -1) if is_org(last[:i])), None)
        pieces = [*pieces[:runs_on], last[:cut] if cut else last]
    if pieces:
        # "…钦州市人民政府西部陆海新通道…", "恩阳区东西部协作…": a government's name ends at
        # 政府, and a region of the country (西部) is the document's subject, not a 部.
        pieces[-1] = _GOVERNMENT_THEN.sub(r"\1", _DIRECTION_TAIL.sub("", pieces[-1]))
        # "…安岳县人民法院川渝毗邻地区…", "…垫江县人民医院心血管专科联盟…": an area or an
        # alliance the document is about, after the body.
        pieces[-1] = _BODY_THEN_AREA.sub(r"\1", pieces[-1])
    if len(pieces) < 2 or not all(is_org(p) and len(p) >= 3 for p in pieces):
        return []
    return pieces


_PARENT = re.compile(r"(?:大学|学院|公司|集团)$")
_BRANCH = re.compile(r"(?:研究院|研究所|分院|分校|校区|研究中心|创新中心|基地)$")


def joined_bodies(piece: str) -> list[str]:
    """ "四川省公安厅重庆市公安局" → two bodies: a name ends where the next place begins."""
    out: list[str] = []
    start, place_end, place, placed = 0, -1, None, False
    for at, end, found in regions.divisions_in(piece):
        # "重庆市奉节县…": a place right after the place it lies in starts no new body;
        # "共青团内江市委" is one body: only a name that starts with its place is cut off.
        narrows = at == place_end and place is not None and regions.contains(place, found)
        # "重庆大学德阳高端装备产业技术研究院": a school's institute in a place is the school's
        branch = _PARENT.search(piece[start:at]) and _BRANCH.search(piece[at:])
        if placed and not narrows and not branch and at - start >= 3 and is_org(piece[start:at]):
            out.append(piece[start:at])
            start = at
        placed = placed or at == start
        place_end, place = end, found
    return [*out, piece[start:]]


# Places listed before the kind of body they share: "习水县、桐梓县生态环境局".
_SHARED_KIND = re.compile(
    r"((?:(?:(?![与和及同])[\u4e00-\u9fff]){2,12}?[省市区县州镇乡]、)+)"
    r"((?:(?![与和及同])[\u4e00-\u9fff]){1,10}?[市区县州镇乡])"
    r"([\u4e00-\u9fff]{2,12}?(?:委员会|局|委|厅|办公室|中心))"
)


def with_kind_shared(text: str) -> str:
    """`text` with the kind of body a list of places shares written out for each:
    "习水县、桐梓县生态环境局" → "习水县生态环境局、桐梓县生态环境局"."""

    def spell(m: re.Match[str]) -> str:
        places = [*m[1].rstrip("、").split("、"), m[2]]
        return "、".join(place + m[3] for place in places)

    return _SHARED_KIND.sub(spell, text)


# A county named 某县 has a 县委 and a 县长: "泸县县委副书记、县长" leaves "泸县县县长".
_LEVEL_TWICE = re.compile(r"(?<=[\u4e00-\u9fff])([县区市])\1(?=\1长)")


def bodies_of(people: str, *, shared: bool = False) -> list[str]:
    """The bodies named in "甲局局长张三、乙委主任李四" (who signed for them), in order;
    `shared`: a post after the last one is each one's ("A与B负责人代表双方签约")."""
    # "梁平区委副书记、区长刘勇" signs as the head of the district's government
    people = _DEPUTY_SECRETARY_AND_HEAD.sub("", people)
    people = _LEVEL_TWICE.sub(r"\1", people)  # "泸县县委副书记、县长": 泸县's head
    # with 与 between the people, a 和 or 及 is inside a name ("…文化和旅游发展委员会主任某与…");
    # so it is when 、 alone finds two ("四川省林业和草原局副局长某、重庆市林业局副局长某")
    out = _bodies_in(_PEOPLE_YU.split(people), shared)
    if len(out) >= 2 or "与" in people:
        return out
    return _bodies_in(_PEOPLE.split(people), shared)


def _bodies_in(pieces: list[str], shared: bool) -> list[str]:
    out: list[str] = []
    for i, piece in enumerate(pieces):
        post = _POST.search(piece)
        if post is None and shared and i + 1 < len(pieces) and _SHARED_POST.search(pieces[-1]):
            body = clean_subject(piece)  # "A与B负责人": the leaders of both
        elif post is None or post.start() < 2:
            continue
        else:
            body = clean_subject(piece[: post.start()])
        if is_org(body) and body not in out:
            out.append(body)
    return out


# A post the bodies before it share: "泸州市人民政府与宜宾市人民政府负责人".
# (a post with no name after it: "A、B分管副院长代表双方签署")
_SHARED_POST = re.compile(
    r"(?:主要|有关|相关|分管)?(?:负责人|负责同志|副?(?:院长|校长|局长|厅长|主任|书记|[市区县]长))$"
)


def expand_both(party: str, names: list[str]) -> list[str]:
    """ "双方生态环境局" with context names [北碚区, 绵阳市] → each side's bureau."""
    m = _BOTH.match(party)
    if m is None or COUNT_HEAD.match(m.group(1)) or _KINDS_COUNTED.match(party):
        return [party]  # "两地20所高校" are no one body per side
    if unit_of_body(m.group(1)):
        return [party]  # "双方二级学院": colleges of the two schools, not of their cities
    if not names:
        return []
    if _POST.fullmatch(m.group(1)):
        return list(names)  # "双方市长签署": each side, as its leader signs for it
    return [name + m.group(1) for name in names]


# What a body has and a place has not: "学院", "学部", "科室".
_UNIT_OF_BODY = re.compile(r"(?:学院|学部|院系|系|科室)$")


def unit_of_body(kind: str) -> bool:
    """Whether `kind` is what only a body has ("二级学院"), never a place."""
    return _UNIT_OF_BODY.search(kind) is not None


# "川渝两省市卫生健康委员会", "成德眉资四市医保局": each place's body of that kind.
_GROUP_BODY = re.compile(
    r"^([\u4e00-\u9fff]{2,8}?)[两二三四五六七八九十](?:省区市|省市|省区|省|市|地|区县|区|县)"
    r"((?!相关)[\u4e00-\u9fff]{1,10}(?:委员会|委|局|厅|院|总工会|工会|团委|妇联|中心|办公室|办))$"
)


def group_bodies(party: str) -> list[str]:
    """The bodies a party named for a group of places stands for, one per place ("川渝两省市
    卫生健康委员会" → 四川省卫生健康委员会, 重庆市卫生健康委员会); else [party].
    "川渝两地教育厅(委)": a province's 厅, a municipality's 委员会."""
    m = _GROUP_BODY.match(party)
    members = regions.group_members(m[1]) if m else []
    if not m or len(members) < 2 or len(regions.group_members(party[: len(m[1])])) < 2:
        return [party.replace("厅委", "厅")]
    if not m[2].endswith("厅委"):
        return [d.name + m[2] for d in members]
    field = m[2][:-2]
    return [
        d.name
        + (
            f"{field}{_COMMITTEE_FIELD.get(field, '')}委员会"
            if d.name.endswith("市")
            else f"{field}厅"
        )
        for d in members
    ]


# "厅(委)": the province's department and the municipality's commission, named together.
_HALL_OR_COMMITTEE = re.compile(r"厅[(（]委[)）]")
# A commission's name beyond its field: 重庆市文化和旅游发展委员会.
_COMMITTEE_FIELD = {"文化和旅游": "发展"}


def same_party(a: str, b: str) -> bool:
    """One party in the labeller's and the reporter's forms ("万州" and "万州区",
    "奉节县检察院" and "重庆市奉节县人民检察院")."""
    a, b = _PEOPLES.sub("", a), _PEOPLES.sub("", b)
    return a == b or (min(len(a), len(b)) >= 2 and (a in b or b in a))


# "人民政府", "人民法院", "人民检察院": the official form of what reporters shorten.
_PEOPLES = re.compile(r"人民(?=政府|法院|检察院|医院)")
