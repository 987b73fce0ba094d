"""From signed clauses to agreements: parties, date, title, sectors, regions."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.agreements import entities, regions
from pipeline.agreements import parties as party_rules
from pipeline.agreements.clauses import Clause
from pipeline.agreements.dates import (
    DATE,
    YEARS_BACK,
    Day,
    cn_number,
    dateline,
    day_of_month,
    find_dates,
    make_day,
    relative_offset,
    spoken_day,
)
from pipeline.agreements.sectors import SectorWeights, choose_sectors
from pipeline.agreements.sentences import Sentence
from pipeline.agreements.titles import DOC_NOUN, is_generic
from pipeline.textnorm import in_order

# A date this far before publication makes the signing background, not news
# ("2020年签署的…" in a 2026 story); 180 days keeps year-end round-ups.
HISTORY_DAYS = 180
# A month without its day ("今年7月,A已与B签署…") is background once the month ended over
# a month before the publication: news of a signing gives its day.
_MONTH_HISTORY_DAYS = 31
# How much text after the signing sentence may speak for the agreement's sectors:
# the Luzhou bullets elaborate in 1-3 paragraphs of ~100-250 characters.
_CONTEXT_CHARS = 300
_SUBJECT = re.compile(
    r"^[\u4e00-\u9fff]{2,14}?(?:新区|管委会|政府|集团|公司|大学|学院|医院|局|委|区|市|县|省)"
    # and its town: "开江县任市镇党政代表团赴…,并分别与…签订"
    r"(?:[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道)(?![\u4e00-\u9fff]{0,2}(?:中学|小学|卫生院|医院|学校)))?"
)
_OPENER = re.compile(r"^(?:今年以来|近年来|近日|日前|目前|此外|同时|其中|当天|会上)")
# A clause of purpose or manner before the subject: "为助力成渝地区双城经济圈建设,".
_PURPOSE = re.compile(
    r"^(?:为了?|按照|根据|随着|围绕|通过|借助|依托|立足|结合|在[^,]{2,20}下$"
    r"|(?:在|值此|正值)[^,]{2,24}(?:之际|期间|前夕)$)"  # "在第51个世界环境日到来之际,"
)
# "张三、李四代表双方签署", "分别代表金川集团和宏大集团": the people sign for bodies.
_REPRESENT = re.compile(r"(?:分别)?代表(.*)$")
_REPRESENTED = re.compile(r"代表([^,;:代]{2,30}?)(?:,|;|$)")
# Words that name the parties without naming them: take them from the headline or lead.
_GENERIC = re.compile(
    r"^(?:校地|区校|校企|政企|银政|银企|院地|市校|县校|两地|两市|两区|两县|两校|两院|两省|三地|三方|"
    r"双方|各方|三市|四地|四方|多方)*(?:双方|两地|各方|三方|多方|单位|代表)?$|^各自|^本(?:单位|方)$"
    r"|^各(?:院|校|地|市|区|县|镇|单位)$"
)
# What a subject did before it signed, and a meeting its subject hosted: the subject ends
# there ("A与B审议通过了《…》,签署…", "由A和B主办的…大会").
_DID_FIRST = r"审议|听取|讨论|会谈|总结|通报"
_HOSTED = r"(?:主办|承办|举办|组织)的"
# "A与B" between two organisations or places, for parties stated before the signing.
# A name's character, or a short aside in brackets: "宜宾港(集团)有限公司".
_NAME_UNIT = r"(?:[\u4e00-\u9fff]|\([\u4e00-\u9fff]{1,8}\))"
_PAIR = re.compile(
    rf"({_NAME_UNIT}{{2,24}}?)(?:与|和|{party_rules.WITH}|携手|牵手|联手|、| ?× ?)"
    rf"({_NAME_UNIT}{{2,24}}?)"
    r"(?=签|互换|交换|会签(?![署订约字])|举行|共同|共建|打造|推进|推动|正式|在|于|就|召开|座谈|开展|联合|深化|战略|全面|合作|将|"
    r"结对|结成|结为|缔结|携手|达成|,|$|同为|均为|都是|友好(?:合作|交流|协作|共建|城市|学校|结对|关系)"
    # a purpose before the verb: "A与B围绕落实《…》,共同签署"
    r"|围绕|聚焦|立足|着眼|按照|根据|依托|本着|秉持|基于|针对|为(?:落实|推进|推动|深化|加快|进一步)"
    # what they did first at the meeting: "A与B审议通过了《…工作要点》,签署了《…》"
    rf"|{_DID_FIRST}|研究(?![院所生会]|中心|基地)|交流(?!中心|协会)|{_HOSTED}"
    r"|(?:主要)?负责人|(?:有关|相关)?领导|(?:出席|见证)"
    r"|[“\"][^”\"]{1,12}[”\"](?:签|结对|揭牌|授牌))"  # "A与B“姊妹医院”签约仪式"
)
# A headline's pair set with a dash: "在西南石油大学—重庆科技大学战略合作协议签约仪式上的致辞".
_DASHED_PAIR = re.compile(
    rf"({_NAME_UNIT}{{2,24}}?)—{{1,2}}({_NAME_UNIT}{{2,24}}?)(?=战略|全面|合作|框架|签|共建|结对)"
)
_COUNTED_LIST = re.compile(r"[三四五六七八九十](?:县|区|市|镇|乡|地|方|区县|市县)$")
_BOTH_SIDES = re.compile(r"(?:校地|校企|院地|政企|银政|银企)双方")
# "《…》在重庆正式签署。A与B负责人出席。": who attends the signing names its parties.
_ATTENDED = re.compile(r"(?:负责人|领导)?(?:出席|见证|参加)")
# The lead states the event's date; a later paragraph's date may be another event's.
_LEAD_SENTENCES = 2
# "3月28日,…签约仪式举行。…出席。…代表双方签署…": the event's date a few sentences up.
_NEAR_SENTENCES = 4
_YESTERDAY = re.compile(r"昨天|昨日|昨\(")
# (a live report's "就在十几分钟前")
_TODAY = re.compile(_YESTERDAY.pattern + r"|今天|今日(?!头条)|今\(|刚才|刚刚|分钟前|小时前")
_VAGUE = re.compile(r"以来|近年|日前|近日|近期|此前|目前|年初|年底|上半年|下半年|去年|前不久")
# A dated sentence before the signing dates it only when it tells of an occasion for one.
_GATHERING = re.compile(
    r"签|仪式|举行|举办|召开|座谈|会议|会见|会谈|考察|调研|活动|论坛|大会|洽谈|对接|"
    r"开幕|闭幕|启动|博览会|推介会|峰会|年会|文化节|旅游节"
)
# A year with no month after it: "2020年,", "2019年以来".
_YEAR_ONLY = re.compile(r"(\d{4})年(?![\d一二三四五六七八九十]{1,2}月)")
# A month with no day after it: "2021年5月,", "今年3月", "去年11月".
_YEAR_MONTH = re.compile(
    r"(?:(\d{4})|([今去前]))年(\d{1,2}|[一二三四五六七八九十]{1,3})月(?![\d一二三四五六七八九十]{1,3}[日号])"
)
_PAST_YEARS_DAY = re.compile(r"[去前]年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月")
# A rule party the tagger's names cover less than this (in tenths) is re-read from them.
_COVERED_TENTHS = 6
# Where a party's name gives way to the occasion: "万州区|第三次联席会议", "内江市|党政代表团".
_MEETING = re.compile(
    r"第[\d一二三四五六七八九十]+(?:次|届)|联席会|座谈会|推进会|党政代表团|代表团|考察团"
    r"|(?:川渝|渝川|成渝|毗邻)[\u4e00-\u9fff]{0,10}?(?:交流|对接|恳谈|洽谈|推介|研讨|协调)会"
)  # "…龙市镇|川渝毗邻乡镇合作交流会"
# One subject standing for the places it names: "川渝两地商务部门", "成德眉资四市政府".
_COLLECTIVE = re.compile(
    r"^[\u4e00-\u9fff]{2,16}?(?:两地|三地|四地|两省市|两省|两市|三市|四市)"
    r"(?:\d{1,3}(?:个|家|所))?"  # "川渝两地12个部门"
    r"[\u4e00-\u9fff]{0,10}?(?:部门|单位|机关|机构|政府|法院|检察院|妇联|团委|工会|医院|高校|企业)?"
    r"(?=签|在|于|共同|联合|举行|召开|,|$)"
)
# Slogans end like bodies ("围绕中心、服务大局"), but open with a verb or end in 大局.
_SLOGAN = re.compile(
    r"^(?:进一步|围绕|服务|推动|助力|加快|加强|深化|坚持|聚焦|发挥|着力|立足|紧扣|全力)|[大全]局$"
    # guests arriving: "重庆科技大学的各位领导、专家来到新都校区"
    r"|各位|嘉宾|来宾|来到|莅临|走进"
)
# A delegation's visit names both sides: "永川区法院院长某某带队一行13人到东坡法院考察调研".
# "泸州市党政代表团赴永川区学习考察", "泸州市考察团到访西南大学": the same, as a delegation.
_VISIT = re.compile(
    r"([^,。;:]{2,60}?)(?:党政)?(?:带队|率队|率团|一行|党政代表团|代表团|考察团|调研组|考察组|经贸团)"
    r"[^,。;:]{0,24}?(?:到访|来到|走进|前往|莅临|到|赴|来|访问)"
    r"([\u4e00-\u9fff]{2,20}?)(?:(?:开展|进行)?(?:学习考察|考察|调研|访问|交流|参观|座谈|学习|洽谈|对接)|,|。|$)"
)
# A headline's "我校赴遂宁市船山区开展校地合作交流": a body visiting a place.
_GOES_TO = re.compile(
    r"([^,。;:]{2,20}?)(?:赴|前往)([\u4e00-\u9fff]{2,12}?)(?:开展|考察|调研|访问|交流|洽谈|对接)"
)
# "泸州市长某会见了华为公司副总裁某一行": the host's body and the guest's.
_MEETING_GUESTS = re.compile(r"([^,。;:]{2,30}?)(?:会见|会晤|接见)了?([^,。;:]{2,40}?)一行")
_REFERRED = re.compile(r"《([^《》]{2,80})》(?:签署|签订)(?:后|之后)")


_MARKED = re.compile(r"《([^《》\n]{2,80})》")


def _named_only_so(generic: str, article: str) -> bool:
    """Whether a kind-only name (《战略合作协议》) is all the article calls its document: not
    the short name of a fuller one (《关于…战略合作框架协议》)."""
    return not any(not is_generic(t) and in_order(generic, t) for t in _MARKED.findall(article))


@dataclass(frozen=True, slots=True)
class Draft:
    """An agreement before regions: what the clause said."""

    title: str | None
    parties: tuple[str, ...]
    day: Day | None
    sectors: tuple[str, ...]
    evidence: str
    doc: str = ""  # the document's name or phrase, which the sectors read first
    context: str = ""  # the signing sentence and what follows it
    respective: bool = False  # one of the pairs of "A分别与B、C签订"
    # The parties are only who visited or received whom: no evidence on its own that they
    # signed, so they lift recognise's unnamed-signing cap only with a named document.
    inferred: bool = False

    @property
    def in_brackets(self) -> bool:
        """Whether the document is written in 《》: by its name, or by its kind alone
        ("《战略合作协议》", which is no title but still a document named)."""
        return bool(self.title) or (bool(self.doc) and f"《{self.doc}》" in self.evidence)


@dataclass(frozen=True, slots=True)
class Reading:
    """What every clause of one article is read against."""

    headline: str
    sentences: list[Sentence]
    published: date | None
    # Without a publication date, the latest date the text states stands in for it.
    reference: date | None
    article: str  # headline and the body's head, for the sectors' article-wide evidence
    sector_model: SectorWeights | None = None


def drafts_from(clause: Clause, index: int, earlier: list[Draft], reading: Reading) -> list[Draft]:
    """Agreements one signed clause reports (one per title); [] when neither a party nor
    a title is known.

    A clause with no named subject ("会上签署了《…》", "张某、李某代表双方签订") takes
    its parties from the headline, else from the sentences before it.
    """
    sentence, sentences, published = clause.sentence, reading.sentences, reading.published
    named = _parties(clause, sentences, index, earlier)
    inferred = False
    prefix = sentence.text[: clause.verb_at]
    # "两地发展改革、交通、商务等5个部门同步签订专项合作协议": one party, as written
    as_written = len(named) == 1 and party_rules.fields_counted(named[0])
    if len(named) < 2 and not as_written and (sides := _SIDES.search(clause.left)):
        # "A、B、C在永川举行联席会议,三方共同签署《…》": the bodies listed, as many as said
        texts = [prefix, *(s.text for s in reversed(sentences[max(0, index - 4) : index]))]
        wanted = HOW_MANY[sides[1]]
        # "签约代表:\n自贡市人民政府副市长 邱志远\n…\n三方代表在《…》上签字": one per line
        texts.append("、".join(s.text for s in sentences[max(0, index - wanted) : index]))
        # "会上,三方签署了《…》。A副校长某,B副校长某,C副区长某分别代表三方在协议上签字"
        texts += [s.text for s in sentences[index + 1 : index + 2] if "代表" in s.text]
        texts.append(reading.headline)  # "A、B、C签署…合作协议" over "会上,三方签署了《…》"
        # a list typed with commas: "南充市生态环境局,广安市生态环境局,重庆市合川区生态环境局在…"
        texts += [_COMMA_LISTED.sub("、", t) for t in texts if _COMMA_LISTED.search(t)]
        named = next(
            (
                b
                for t in texts
                for read in (_listed_bodies, party_rules.bodies_of)
                if len(b := read(t)) == wanted
            ),
            named,
        )
    if len(named) < 2 and not as_written and (places := _PLACES_SIDES.search(clause.left)):
        # "万州区委书记、达州市委书记、开州区委书记出席…。会上,三地签署了《…》": the places
        named = _members_named(places[1], sentences, index) or named
    if (
        len(named) < 2
        and not as_written
        and _unnamed(prefix)
        and earlier
        and not _subject_list(prefix)
        and not _pair_told(prefix)  # "A村与B村结成“友好村”,并签订…": this sentence's pair
    ):
        # "A与B签署《X》。双方还签署了《Y》": the sides of the signing just told
        last = earlier[-1]
        told = {sentence.text, *(s.text for s in sentences[max(0, index - 1) : index])}
        if last.evidence in told and len(last.parties) >= 2:
            named = list(last.parties)
    if _unnamed(prefix) and (called := _called_up(sentences, index)):
        # a host's script: "有请A副区长某、B副区长某上台签约。…双方签署的是《…》"
        named = called
    elif (
        len(named) < 2 and not as_written and (signatories := _signatories_after(sentences, index))
    ):
        named = signatories  # "《…》在成都签署。签约双方为A和B"
    elif len(named) >= 2 and all(map(_KIND_ONLY.search, named)):
        # "云南、贵州及四川三省生态环境部门…签署《…》。…协议由云南省生态环境厅、…共同签署"
        signatories = _signatories_after(sentences, index + 1)
        named = signatories if len(signatories) == len(named) else named
    if len(named) < 2 and not as_written:
        # No party, or one ("校长某、江西省副省长某分别代表双方"): a pair named before that
        # includes it says who both are.
        pair, visited = context_parties(
            reading.headline, prefix, sentences, index, documented=bool(clause.titles or clause.doc)
        )
        marker = _PLURAL.search(named[0]) if named else None
        plural = marker is not None
        if marker is not None and not _stands_for(named[0], marker, pair):
            pair = []  # "七区县", "两地妇联": not the two named before
        if not named or plural or any(_one_of(named[0], p) for p in pair):
            # "校地双方签署了…": the clause itself says the two sides of the visit signed.
            inferred = visited and bool(pair) and not _BOTH_SIDES.search(clause.left)
            named = pair or named
        if len(named) == 1 and _PLURAL.search(named[0]):
            # "川渝两地体育部门签署了…。根据框架协议,四川省体育局与重庆市体育局将…"
            named = (
                _pair_after(named[0], sentences, index)
                or _members_named(named[0], sentences, index)
                or _kind_of_each(named[0], sentences, index, reading.headline)
                or named
            )
    if not named and not clause.titles:
        return []  # an unnamed document signed by nobody known tells a reader nothing
    day = _day(clause, sentences, index, earlier, published)
    context = _context(sentences, index)
    named_titles = (
        t
        for t in clause.titles
        if not is_generic(t) or len(clause.titles) > 1 or _named_only_so(t, reading.article)
    )
    titles: tuple[str | None, ...] = tuple(named_titles) or (None,)
    if clause.titles:  # "A与我院儿科专科联盟签约暨授牌仪式" for 《儿科专科联盟合作协议》
        named = [without_topic(p, clause.titles[0]) for p in named]
    pairs = _respectively(clause, named, len(titles))
    return [
        Draft(
            title,
            parties,
            day,
            choose_sectors(
                title or clause.doc,
                parties if len(pairs) > 1 else named,  # each pair's own fields
                context,
                sentence.text,
                reading.article,
                reading.sector_model,
            ),
            sentence.text,
            title or clause.doc,
            context,
            len(pairs) > 1,
            inferred,
        )
        for title in titles
        for parties in pairs
    ]


_RESPECTIVELY = re.compile(r"分别(?:与|同|和)")
# "A与B、C分别签订": the same, told the other way round.
_EACH_WITH = re.compile(r"(?:与|同|和)(?=[^与同和]+、[^与同和]+分别(?:共同|正式)?$)")


# "A与B、C与D分别签订": pairs, each its own agreement.
_PAIR_OF = r"[^、与和]{2,30}(?:与|和)[^、与和]{2,30}"
# "A与B、C与D分别签订…", "A与B、C与D在主会场现场签约": each pair its own agreement
_PAIRS = re.compile(f"^((?:{_PAIR_OF}、)+{_PAIR_OF}?)(?:分别|(?=在|现场|集中|同步|正式|$))")
_PAIRS_LOOSE = re.compile(
    r"^((?:[^、]{4,60}(?:与|和)[^、]{2,60}、)+[^、]{4,60}(?:与|和)[^、]{2,60}?)分别"
)
# "16对川渝区县": pairs counted, the parties some of them
COUNTED_PAIRS = re.compile(r"(?:\d{1,3}|[两三四五六七八九十]{1,3})对")
_PAIRS_NAMED = re.compile(  # "…人力资源和社会保障局与…": 和 inside names
    r"(?:其中包括|其中有|其中|包括|分别是)((?:[^、与,]{2,40}与[^、与,]{2,40}、)*"
    r"[^、与,]{2,40}与[^、与,]{2,40}?)(?:等|。|$)"
)
# "28家成员医院": partners counted, some of them named after the verb.
_GROUP = re.compile(r"^(?:\d+|[两三四五六七八九十]+)(?:家|所|个)((?:成员)?[\u4e00-\u9fff]{2,6})$")
_GROUP_LIST = re.compile(r"((?:[\u4e00-\u9fff()]{4,30}、)+[\u4e00-\u9fff()]{4,30}?)等")


# People named alone, as a signing's subject: "田仁杰与冉启胜", "张三、李四".
_ONE_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
_NAMES_ALONE = re.compile(r"^[\u4e00-\u9fff]{2,3}(?:(?:与|和|、)[\u4e00-\u9fff]{2,3})+$")
# A place's head, told right before a person's name: "县委副书记、县长|田仁杰".
_PLACE_HEAD = re.compile(r"(?:[省市区县州镇乡旗]委(?:副)?书记|[省市区县州镇乡旗]长)$")
_PEOPLE_BACK = 8  # sentences before the signing that may introduce who signed


def _bodies_of_signers(subject: str, sentences: list[Sentence], index: int) -> list[str]:
    """The bodies of people signing one with a post, one named alone; [] unless each is found."""
    bodies = []
    for person in subject.split("与"):
        body = party_rules.body_of_person(person) or (
            _body_led(person, sentences, index, by_level=True)
            if _ONE_NAME.fullmatch(person)
            else None
        )
        if body is None or SELF.fullmatch(body):
            return []  # ("我院院长某": the ceremony names the site's body better)
        bodies.append(body)
    return bodies if len(set(bodies)) == len(bodies) >= 2 else []


_THIS_LEVEL = re.compile(r"该([区县市])")


def _place_told(this: str, before: str) -> str:
    """The place "该区" stands for: the last of its level the text before names."""
    level = this[-1]
    places = [n for n in regions.place_names(before) if n.endswith(level)]
    return places[-1] if places else this


# What a person named before the signers does there: "盐边县委书记欧阳明出席并讲话".
_DOING = re.compile(r"出席|讲话|致辞|见证|主持|参加|陪同|介绍|表示|签|代表")


# People signing for both sides: "A公司总经理某与B集团副总经理某代表双方签约".
# (or called up by a ceremony's host: "有请A副区长某、B副区长某上台签约")
_FOR_BOTH = re.compile(
    r"(?:(?:分别)?代表(?:双方|两地|三方|各方)(?:在协议上)?|上台)(?:签约|签署|签字|签订)"
)


_HOST_CALLS = re.compile(r"有?请.{4,80}上台(?:签约|签署|签字|签订)")


def _called_up(sentences: list[Sentence], index: int) -> list[str]:
    """The bodies of the people a ceremony's host called up to sign just before."""
    for sentence in reversed(sentences[max(0, index - 2) : index + 1]):
        if _HOST_CALLS.search(sentence.text) and (found := _signers_for_both(sentence.text)):
            return found
    return []


def _signers_for_both(text: str) -> list[str]:
    """The bodies of the people a sentence says signed for both sides, if two or more."""
    m = _FOR_BOTH.search(text)
    if m is None:
        return []
    people = text[max(text.rfind(c, 0, m.start()) for c in ",;。") + 1 : m.start()]
    people = people.removeprefix("有请").removeprefix("请")
    bodies = party_rules.bodies_of(people, shared=True)
    return bodies if len(bodies) >= 2 else []


def _bodies_led(people: str, sentences: list[Sentence], index: int) -> list[str]:
    """The bodies of the people a signing names without their posts, as an earlier sentence
    introduced each (`_body_led`): [] unless every one is found, each a different body."""
    people = party_rules.clean_subject(people)
    if not _NAMES_ALONE.match(people):
        return []
    bodies = [_body_led(name, sentences, index) for name in re.split("与|和|、", people)]
    found = [b for b in bodies if b]
    return found if len(found) == len(bodies) == len(set(found)) else []


def _body_led(
    name: str, sentences: list[Sentence], index: int, by_level: bool = False
) -> str | None:
    """The body a person named alone leads, as an earlier sentence introduced them: by a
    body's post ("万州区文化旅游委党委书记、主任谭晓东,…"), or as a place's head with the
    place told before ("湖北省来凤县委书记向东海,县委副书记、县长田仁杰率…"), in the
    sentences just before or in the lead. A body named by its level ("市一医院") only
    `by_level`."""
    near = reversed(sentences[max(0, index - _PEOPLE_BACK) : index + 1])
    for sentence in [*near, *lead_sentences(sentences[:index])]:
        text, at = sentence.text, sentence.text.find(name)
        if at <= 0:
            continue
        opens = max(text.rfind(c, 0, at) for c in ",;。") + 1
        told_with = text[opens : at + len(name)]
        # ("我院党委书记周立新、院长杨长春": a post after another's, of the same body, when
        # a body named by its level will do)
        # (the page's own body will do too: "我院党委书记唐辉、院长李明华")
        first = party_rules.body_of_person(told_with.split("、")[0]) if "、" in told_with else None
        own = first if first and SELF.fullmatch(first) else None
        body = party_rules.body_of_person(told_with) or (first if by_level else own)
        if body and (by_level or body == own or not regions.names_a_level(body)):
            return body
        told = regions.outer_places(regions.place_names(text[:at]))
        if told and _PLACE_HEAD.search(text, 0, at):
            return told[-1]
    return None


_MIN_TOPIC = 3


def without_topic(party: str, title: str | None) -> str:
    """A party read with the topic its document's title opens with ("A与我院儿科专科联盟
    签约暨授牌仪式" for 《儿科专科联盟合作协议》: "我院"); not a body's or place's own end
    ("成都高新区" for 《高新区协同发展合作协议》)."""
    if not title:
        return party
    for cut in range(_MIN_TOPIC, len(party) - 1):
        topic, rest = party[-cut:], party[:-cut]
        if title.startswith(topic) and not title.startswith(party[-cut - 1 :]):
            body = SELF.fullmatch(rest) or party_rules.is_org(rest)
            named = _BODY_END.search(topic) or regions.town_names(topic) == [topic]
            return rest if body and not named else party
    return party


_BODY_END = re.compile(r"(?:[区县市镇乡局委院校所厅司团会行部办处站馆]|中心|街道)$")


def _respectively(clause: Clause, named: list[str], titles: int) -> list[tuple[str, ...]]:
    """ "A分别与B、C签订合作协议", "A与B、C分别签订…": one agreement with each, unless
    several documents are named (which of them each signed is not said)."""
    left = clause.left if clause.subject is None else clause.subject
    if len(named) == 2 and titles == 1 and (group := _GROUP.match(named[1])):
        # "我院与28家成员医院分别签订…,A医院、B医院等成员医院院长先后上台签约"
        text = clause.sentence.text[clause.verb_at :]
        listed = _GROUP_LIST.search(text)
        noun = group[1][-2:]
        members = [m for m in listed[1].split("、") if m.endswith(noun)] if listed else []
        if len(members) >= 2 and all(map(_nameable, members)):
            return [(named[0], member) for member in members]
    if COUNTED_PAIRS.search(left) and titles == 1:
        # "12对毗邻区县人社部门分别签署…,其中包括A与B、C与D等": the pairs it names
        listed = _PAIRS_NAMED.search(clause.sentence.text, clause.verb_at)
        split = [party_rules.split_parties(p)[0] for p in listed[1].split("、")] if listed else []
        if split and all(len(pair) == 2 for pair in split):
            return [tuple(pair) for pair in split]
    if (pairs := _PAIRS.match(left) or _PAIRS_LOOSE.match(left)) and titles == 1:
        # "A与B、C与D分别签订…": each pair its own agreement ("…材料科学与工程学院" too)
        split = [
            party_rules.split_parties(party_rules.clean_subject(pair))[0]
            for pair in pairs[1].split("、")
        ]
        if all(len(pair) == 2 for pair in split):
            return [tuple(pair) for pair in split]
    cut = _RESPECTIVELY.search(left) or _EACH_WITH.search(left)
    if cut is None or titles > 1 or len(named) < 3:
        return [tuple(named)]
    lead, _ = party_rules.split_parties(party_rules.clean_subject(left[: cut.start()]))
    if not lead and cut.re is _RESPECTIVELY:
        lead = named[:1]  # "…召开座谈会,分别与A、B签署": the subject told before, with each
    if len(lead) >= 2 and len(named) == 2 * len(lead) and cut.re is _RESPECTIVELY:
        # "济南、青岛两市分别与重庆市城口县、巫溪县签署": the first with the first, …
        firsts = [p for p in named if p in lead] or named[: len(lead)]
        others = [p for p in named if p not in firsts]
        if len(firsts) == len(others):
            return list(zip(firsts, others, strict=True))
    if len(lead) != 1 or named[0] != lead[0]:
        return [tuple(named)]
    return [(named[0], other) for other in named[1:]]


def _parties(
    clause: Clause, sentences: list[Sentence], index: int, earlier: list[Draft]
) -> list[str]:
    left = clause.left if clause.subject is None else clause.subject
    represent = _REPRESENT.search(left)
    people = ""
    if represent:
        people, left = left[: represent.start()], represent.group(1)
        if "代表" in left:
            # "张某代表泸州市人民政府、李某代表永川区人民政府签署": a body after each 代表,
            # the next person's name after the list mark.
            parts = left.split("代表")
            left = "、".join([*(p.rsplit("、", 1)[0] for p in parts[:-1]), parts[-1]])
        if not _GENERIC.match(party_rules.clean_subject(left)):
            # "张某代表泸州市人民政府,李某代表永川区人民政府签署": each clause names one.
            prefix = clause.sentence.text[: clause.verb_at - len(clause.left)]
            others = [m[1] for m in _REPRESENTED.finditer(prefix)]
            left = "、".join([*others, left]) if others else left
    subject = party_rules.clean_subject(left)
    if _GENERIC.match(subject):
        # "张某、李某代表双方": the bodies named with the people, else the document's name.
        named = (
            (party_rules.bodies_of(people, shared=True) or entities.bodies(people) or [])
            if people
            else []
        )
        if len(named) == 1 and people:
            # "A局党组成员、副局长某,B局党委委员、副局长某分别代表双方签约": the first signer
            # in the clause before
            told = clause.sentence.text[: clause.verb_at - len(clause.left)].rstrip(",")
            signer = told[told.rfind(",") + 1 :]
            first = party_rules.body_of_person(signer) if not _DOING.search(signer) else None
            if first and regions.divisions_in(first) and [first] != named:
                named = [first, *named]  # (not a bare "区人民政府": the page's, told better)
        if len(named) < 2 and people:
            # "谭晓东、邓丽、熊开文代表三方签署" after "万州区文化旅游委党委书记、主任谭晓东,
            # …": the bodies the people lead, as the article introduced them
            named = _bodies_led(people, sentences, index) or named
        marker = _PLURAL.search(people)
        if len(named) < 2 and marker and marker[0][1:] in _UNIT_ENDS:
            # "三院检察长代表各院": the three 检察院 named together before
            named = _members_named(people, sentences, index) or named
        if len(named) >= 2:
            # "团市委书记某、团区委书记某代表双方签署" after "共青团遂宁市委员会与共青团重庆市
            # 潼南区委员会…召开座谈会": the bodies as the sentences before name them
            before = [s.text for s in reversed(sentences[max(0, index - 3) : index])]
            named = _spelled_out(named, before) or named
        return _titled_parties(clause, named, built=False)
    named, lead_missing = party_rules.split_parties(subject)
    if any(map(party_rules.names_a_post, named)) and (
        people_for := party_rules.bodies_of_people(subject)
    ):
        named = people_for  # "区委副书记、区长付建平与成都院党委副书记、总经理韩志刚签署"
    elif len(named) == 1 and "与" in named[0] and party_rules.names_a_post(subject):
        # "廖国强与荣昌区人民医院院长刘俊分别在协议上签字": one by the body of the post told
        # with him here, the other by the one the article introduced him with
        named = _bodies_of_signers(subject, sentences, index) or named
    if lead_missing:
        prefix = clause.sentence.text[: clause.verb_at - len(clause.left)]
        # "A分别与B签订…,与C签订…": the sentence's earlier signing names the first party.
        sibling = earlier[-1] if earlier and earlier[-1].evidence == clause.sentence.text else None
        lead = sibling.parties[0] if sibling and sibling.parties else _sentence_subject(prefix)
        named = [lead, *named] if lead else named
    # "永川高新区管委会分别与两地教委": the places named before are the others', not the
    # subject's own.
    others = [p for p in named if party_rules.expand_both(p, ["x"]) == [p]]
    built = len(others) < len(named)
    if len(named) == 1 and _PLURAL.match(named[0]) and not party_rules.fields_counted(named[0]):
        # "两地农业农村部门": the bodies of that kind named around it, else each place's;
        # "巫山县副县长某、巴东县副县长某分别代表两县人民政府": the places of who signed
        named = (
            _members_named(named[0], sentences, index)
            or _bodies_represented(named[0], people)
            or named
        )
        built = len(named) == 1
    if built and (names := _names_before(sentences, index)):
        # else "两地妇联" stays as written, for the bodies named around it (`_members_named`)
        names = [n for n in names if not any(abbreviates(n, o) for o in others)] or names
        named = [q for p in named for q in party_rules.expand_both(p, names)]
    named = [q for p in named for q in party_rules.group_bodies(p)]
    if any(_THIS_LEVEL.fullmatch(p) for p in named):
        # "记者从长寿区生态环境局获悉,近日,该区与…签订": the place told before
        told = clause.sentence.text[: clause.verb_at - len(clause.left)]
        named = [_place_told(p, told) if _THIS_LEVEL.fullmatch(p) else p for p in named]
    # "两地农业农村部门" stays, for the bodies named around it (`_members_named`)
    named = [_without_doc(p) for p in named]
    # "万丰航空工业有限公司与航空工业成飞": the partner of a named body, by its brand
    brand = len(named) == 2 and sum(map(_nameable, named)) == 1
    # "叙永县与云南威信、镇雄": a place by a name that counts only in its list
    listed = {subject[start:end] for start, end, _ in regions.divisions_in(subject)}
    named = [
        p
        for p in named
        if (_nameable(p) or p in listed or _PLURAL.match(p) or (brand and _is_brand(p)))
        and not _GENERIC.match(p)
    ]
    return _titled_parties(clause, _with_entities(named, subject), built=built)


def _without_doc(party: str) -> str:
    """A party whose name runs into the document's ("意大利维泰博省巴尼奥雷焦镇友好交流协议"
    of "A与B友好交流协议签约仪式"): the longest body's name it starts with."""
    if not DOC_NOUN.search(party):
        return party
    cut = next((i for i in range(len(party) - 2, 1, -1) if party_rules.is_org(party[:i])), None)
    return party[:cut] if cut else party


# A body known by its brand, beside a body named in full: "航空工业成飞", "比亚迪", "京东方";
# not a post ("团长", "书记"), a group of bodies or a pronoun ("有关单位", "多家企业").
_BRAND = re.compile(r"(?!.*[的等各们与和及同])[\u4e00-\u9fff]{2,8}(?<![长记任理裁席员])")


def _is_brand(name: str) -> bool:
    return bool(_BRAND.fullmatch(name)) and party_rules.without_post(name) == name


def _titled_parties(clause: Clause, named: list[str], *, built: bool) -> list[str]:
    """A document named after its parties says best who they are: over fewer than two
    parties, over names that are no organisation's, and over names built from "两地共青团"
    (内江市共青团…)."""
    # (an unnamed document said with its parties: "A与B友好交流协议签约仪式…举行")
    for title in clause.titles or (clause.doc,):
        in_title = party_rules.title_parties(title)
        if len(in_title) >= 2 and (
            built or len(named) < 2 or not all(map(party_rules.is_org, named))
        ):
            return named if _topic_after(in_title, named) else in_title
    return named


# What may follow a place in a party named after it: its government, not a topic.
_GOVERNMENT = re.compile(r"(?:人民政府|政府|党委|党工委|管委会|管理委员会)$")


_PLACE_ENDS = (*"省市区县州镇乡", "街道")


def _topic_after(in_title: list[str], named: list[str]) -> bool:
    """Whether the title's parties are the places `named`, some run on into the title's
    topic ("高滩镇 茨竹镇毗邻乡镇协同发展合作协议": 茨竹镇, not 茨竹镇毗邻乡镇)."""
    places = all(regions.place_names(n) == [n] or regions.town_names(n) == [n] for n in named)
    return (
        places
        and len(in_title) == len(named)
        and in_title != named
        and all(map(_place_then_topic, in_title, named))
    )


def _place_then_topic(title_party: str, place: str) -> bool:
    """Whether a title's party is `place`, written in full or short ("江阳区" for
    "泸州市江阳区"), with nothing after it but the title's topic."""
    if title_party == place:
        return True
    head = next(
        (
            title_party[:k]
            for k in range(len(title_party), 1, -1)
            if place.endswith(title_party[:k])
        ),
        "",
    )
    return head[-1:] in _PLACE_ENDS and not _GOVERNMENT.search(title_party)


def _places_only(name: str) -> bool:
    """Whether `name` is places' names and nothing else ("云南威信", "恩施利川")."""
    return sum(end - start for start, end, _ in regions.divisions_in(name)) == len(name)


def _with_entities(named: list[str], subject: str) -> list[str]:
    """The rules' parties, checked against the tagger's names of bodies in the clause.

    A rule party the tagger sees as mostly something else ("中科院…研究所就深化合作…")
    becomes the names inside it; with no rule party, the tagger's names stand.
    """
    found = entities.bodies(subject)
    if not found:
        return named
    if not named:
        return [b for b in found if _nameable(b)]
    out: list[str] = []
    for party in named:
        inside = [b for b in found if b in party]
        covered = sum(len(b) for b in inside)
        misread = (
            not party_rules.is_org(party)
            and not _places_only(party)  # "云南威信": 威信 is a county the tagger misses
            and covered * 10 < len(party) * _COVERED_TENTHS
        )
        keep = inside if inside and misread else [party]
        out.extend(p for p in keep if p not in out)
    return out


def _pair_told(text: str) -> bool:
    """Whether `text` names a pair of bodies, as `context_parties` reads them."""
    return any(all(_nameable(p) for p in (_tidy(m[1]), _tidy(m[2]))) for m in _PAIR.finditer(text))


def context_parties(
    headline: str, prefix: str, sentences: list[Sentence], index: int, *, documented: bool = False
) -> tuple[list[str], bool]:
    """The pair of bodies the sentence before the verb, else the headline, else the
    nearest earlier sentence names ("重庆市与西藏自治区举行座谈会,签署《…》"), and whether
    it is only who visited or received whom (weaker evidence that they signed). A clause
    that signs a `documented` text and names no one ("两地签署了《…》") may take the two
    places of the lead."""
    # "A负责人与B负责人分别代表甲集团和乙集团,围绕…签署": the bodies represented.
    for m in reversed(list(_REPRESENTED.finditer(prefix))):
        represented, _ = party_rules.split_parties(party_rules.clean_subject(m[1]))
        if len(represented) >= 2 and all(map(_nameable, represented)):
            return represented, False
    if listed := _subject_list(prefix):
        return listed, False  # "A与B、C、D依据《…》,在…基础上,会签《…》"
    if not prefix.strip() and index and (item := _item_pair(*sentences[index - 1 : index + 1])):
        return item, False  # "● A与B\n签署《…》": a list item's pair, over the headline's
    earlier = [s.text for s in reversed(sentences[max(0, index - 4) : index])]
    after = sentences[index + 1 : index + 2]
    attended = [s.text for s in after if _ATTENDED.search(s.text)]
    signers = next(filter(None, map(_signers_for_both, attended)), [])
    for text in (prefix, headline, *earlier, *attended):
        if signers and text in attended:
            return signers, False  # "A总经理某与B副总经理某代表双方签约,…见证签约"
        dashed = _DASHED_PAIR.finditer(text) if text == headline else ()
        for m in itertools.chain(_PAIR.finditer(text), dashed):
            named = _paired(m)
            if len(named) >= 2 and all(
                _nameable(p)
                and not _SLOGAN.search(p)
                and party_rules.without_post(p) == p  # "湖南省省长某某": a witness
                and not party_rules.names_a_post(p)  # "校长王建川", "…校长郑慧明代表两校"
                for p in named
            ):
                if text == headline:
                    lead = [s.text for s in lead_sentences(sentences)]
                    named = _spelled_out(named, [*earlier, *lead]) or named
                return named, False
        if text == headline and (run := regions.places_heading(headline)):
            # "泸州永川签署合作协议", "泸州·永川", "泸州市永川区签订…", "龙形镇磨溪镇携手…"
            lead = [s.text for s in lead_sentences(sentences)]
            return _towns_in_full(run, [*earlier, *lead]) or run, False
        if text == headline and (spaced := _bodies_heading(headline)):
            return spaced, False  # "四川省发改委 重庆市发展改革委签署…"
        if collective := _collective(text):
            return [collective], False
        if visit := _visit(text):
            return visit, True
    for text in attended:
        # "…签署合作协议。四川省科技厅厅长某、重庆市科技局局长某出席": their bodies.
        bodies = party_rules.bodies_of(_ATTENDED.split(text, maxsplit=1)[0])
        if len(bodies) >= 2:
            return bodies, False
    for sentence in lead_sentences(sentences[:index]):
        # "5月16日,重庆市大足区党政考察团一行来四川轻化工大学考察交流。……校地双方签署…"
        if visit := _visit(sentence.text):
            return visit, True
    if documented and _unnamed(prefix):
        # "荣昌区党政代表团赴四川省内江市考察交流。……座谈会上,两地签署…": the lead's places
        for sentence in lead_sentences(sentences):
            names = regions.outer_places(regions.place_names(sentence.text))
            if len(names) == 2 and sentence.start < sentences[index].start:
                return [regions.official_name(n) for n in names], False
    return [], False


_ITEM_MARK = re.compile(r"^[^\w《“]+")


def _item_pair(line: Sentence, verb: Sentence) -> list[str]:
    """The two bodies a line above the verb's names alone: a list item's "● A与B" over its
    "签署…"."""
    m = _PAIR.fullmatch(_ITEM_MARK.sub("", line.text)) if line.para != verb.para else None
    named = _paired(m) if m else []
    return named if len(named) == 2 and all(map(party_rules.is_org, named)) else []


def _paired(m: re.Match[str]) -> list[str]:
    """The bodies a `_PAIR` match names, its joint read as the sentence has it."""
    named = [_tidy(m.group(1)), _tidy(m.group(2))]
    text, joint = m.string, m.string[m.end(1) : m.start(2)]
    if joint == "和" and "与" in named[1]:
        # "四川省文化和旅游厅与重庆市…": the 和 was inside a name
        named, _ = party_rules.split_parties(_tidy(m.group(0)))
    elif joint == "、" and "与" in named[0]:
        # "学校与长江师范学院、合川区签署三方合作协议": three, not a pair
        named, _ = party_rules.split_parties(_tidy(m.group(0)))
    elif m.start() > 0 and text[m.start() - 1] == "、" and _COUNTED_LIST.search(m[2]):
        # the last two of a list the writer counts: "A县、B县、C县三县在…召开…,并签署"
        opens = max(text.rfind(c, 0, m.start()) for c in ",;:。") + 1
        named, _ = party_rules.split_parties(_tidy(text[opens : m.end(2)]))
    return named


# Where a sentence's subject ends and what it did begins: "A与B依据《…》", "A与B在成都".
_SUBJECT_ENDS = re.compile(
    r"依据|依照|根据|按照|围绕|聚焦|立足|本着|(?<![所存驻])在|共同|联合|正式|分别|召开|举行"
    r"|签(?:署|订)"  # "A与B签署战略合作协议,同时签订《…》"
    rf"|{_DID_FIRST}|{_HOSTED}"
)


def _subject_list(prefix: str) -> list[str]:
    """The bodies the sentence's first clause lists as its subject, when the verb is
    clauses away: "会上,A与B依据《…》和《…》,签署了…" → [A, B]."""
    for part in re.split(r"[,;:]", prefix)[:-1]:  # (the verb's own clause names no one)
        part = _OPENER.sub("", part.strip())
        if not party_rules.clean_subject(part) or _PURPOSE.match(part) or DATE.fullmatch(part):
            continue  # "本报讯(记者 某)昨日,A、B、C在合江召开…会议,签署《…》"
        end = _SUBJECT_ENDS.search(part, 4)
        named, _ = party_rules.split_parties(_tidy(part[: end.start()] if end else part))
        if len(named) >= 2 and all(
            _nameable(p)
            and "与" not in p
            and not _SLOGAN.search(p)
            and party_rules.without_post(p) == p
            for p in named
        ):
            return named
        return []
    return []


def _one_of(short: str, name: str) -> bool:
    """Whether a party read is one of a pair named before: "广安中院" of
    "四川省广安市中级人民法院"."""
    level = _LEVEL_BODY.fullmatch(short)  # "区委" (of 区委副书记、区长某) for "綦江区"
    return (
        short in name
        or name in short
        or abbreviates(short, name)
        or bool(level and name.endswith(level[1]))
    )


# "签约双方为四川省公共资源交易中心和重庆市公共资源交易中心"
_SIGNATORIES = re.compile(
    r"签约的?(?:双方|各方|三方|单位|主体)(?:分别)?(?:为|是)[:：]?([^,;。]{4,80})"
    # "协议由云南省生态环境厅、贵州省生态环境厅和四川省生态环境厅共同签署"
    r"|(?:协议|备忘录|协议书)由([^,;。]{4,80}?)(?:共同|分别|正式|联合)?(?:签署|签订|签字)"
)
# A side named by its place and kind only, as a count of places gives it: "四川省生态环境部门".
_KIND_ONLY = re.compile(r"(?:部门|单位|方面)$")


def _signatories_after(sentences: list[Sentence], index: int) -> list[str]:
    """The signatories a sentence after the signing names ("签约双方为…", "据悉,此次签约的
    双方为…" closing the story), if one does."""
    for sentence in sentences[index:]:
        if m := _SIGNATORIES.search(sentence.text):
            named, _ = party_rules.split_parties(party_rules.clean_subject(m[1] or m[2]))
            if len(named) >= 2 and all(map(_nameable, named)):
                return named
    return []


_LEVEL_BODY = re.compile(r"([省市区县])(?:委|人民政府|政府)")


def _unnamed(prefix: str) -> bool:
    """Whether the clause before the verb names no one: "座谈会上,两地", "会上,双方", ""."""
    last = party_rules.clean_subject(re.split(r"[,;:]", prefix)[-1])
    return not last or _GENERIC.match(last) is not None


_COMMA_LISTED = re.compile(
    r"(?<=局|委|厅|府|院|校|司|团|会),(?=[\u4e00-\u9fff]{2,12}(?:局|委|厅|府|院|校|司|团|会))"
)
# Three or more places, named before: "会上,三地签署了…".
_PLACES_SIDES = re.compile(
    r"(?:^|[,;])([三四五六七八九](?:地|乡镇|镇街|镇|乡|街道))(?:共同|一起|分别|还)?$"
)
# Three or more sides, named before: "三方共同", "四方".
_SIDES = re.compile(r"(?:^|[,;])([三四五六七八九])方(?:代表)?(?:共同|一起|分别)?$")
# "两镇", "川渝两地体育部门", "三省(市)市场监管局", "双方": several parties under one name.
_PLURAL = re.compile(
    r"(?:两|二|三|四|五|六|七|八|九|双)"
    r"(?:省区市|省市|省\(市\)|区县|市县|地|市|区|县|乡镇|镇街|镇|乡|街道|村|校|院|局|委|馆|省|方"
    r"|会(?=签|共同|联合|将|在|于|代表|负责|主要|$))"  # "川渝两会签署": associations
)
# "两局", "两院", "两校": bodies of that kind, by how their names end.
_UNIT_ENDS = {"局": ("局",), "委": ("委", "委员会"), "馆": ("馆",), "院": ("院",),
              "校": ("大学", "学院", "学校", "中学", "小学", "校区"), "会": ("会",)}  # fmt: skip
_TOWNS = ("镇", "乡", "街道", "乡镇", "镇街")  # "三镇": the towns named, not their counties
HOW_MANY = {"两": 2, "二": 2, "双": 2, **{n: i for i, n in enumerate("三四五六七八九", start=3)}}


# What a plural subject may say after its count without naming a kind of body.
_ANY_BODY = re.compile(r"(?:相关|有关)(?:部门|单位)")
_NO_KIND = re.compile(r"^(?:人民|政府|党委|相关|有关|部门|单位|领导|主要|负责|共同|分别|正式|签)")


def _stands_for(plural: str, marker: re.Match[str], pair: list[str]) -> bool:
    """Whether `pair` may be what the plural subject names: as many, of its kind."""
    kind = plural[marker.end() :][:2]
    places = all(regions.place_names(p) == [p] for p in pair)  # a headline's "成都德阳眉山资阳"
    of_kind = not kind or places or bool(_NO_KIND.match(kind)) or all(kind in p for p in pair)
    return len(pair) == HOW_MANY[marker[0][0]] and of_kind


_LEADERS = re.compile(r"(?:主要)?(?:负责同志|负责人|领导|代表)")


def _members_named(plural: str, sentences: list[Sentence], index: int) -> list[str] | None:
    """What a plural subject stands for, as many as it says: the places named together
    before the signing ("梁平区、垫江县…等七区县" for "七区县"), or the bodies of the kind it
    says, named together before it ("四川省市场监管局局长某,重庆市市场监管局局长某…出席"
    for "三省(市)市场监管局") or one by one in the sentences after it ("四川省人力资源和社会
    保障厅有关负责人介绍…。重庆市人力资源和社会保障局有关负责人表示…")."""
    marker = _PLURAL.search(plural)
    if marker is None:
        return None
    kind, count = plural[marker.end() :][:2], HOW_MANY[marker[0][0]]
    ends = _UNIT_ENDS.get(marker[0][1:]) if not kind else None
    # "双方主要负责同志签署": the bodies of the leaders named before
    leaders = bool(_LEADERS.match(plural[marker.end() :]))

    def named(text: str) -> list[str]:
        if leaders:
            return [b for b in party_rules.bodies_of(text) if regions.divisions_in(b)]
        if not kind and marker[0][1:] in _TOWNS:
            return regions.town_names(text)
        if not kind and not ends:
            return regions.place_names(text)
        text = party_rules.with_kind_shared(text)
        first: list[str] = []
        # "…签署《…》,A局、B局、C局负责人代表各方签字": a list the post-reader cuts short
        for read in (party_rules.bodies_of, _listed_bodies, entities.bodies):
            if not (bodies := read(text) or []):
                continue
            # each of its place: "巫山县妇联", not "部分乡镇妇联"
            kept = [
                b
                for b in bodies
                if (b.endswith(ends) if ends else _of_kind(kind, b))
                and regions.divisions_in(b)
                and _nameable(b)
            ]
            # "重庆市大足区医疗保障局(以下简称“大足区医保局”)": one body, once
            kept = [b for b in kept if not any(c != b and abbreviates(b, c) for c in kept)]
            if len(kept) == count:
                return kept
            first = first or kept  # (the first reader that keeps any)
        return first or []

    before = sentences[max(0, index - 4) : index]
    lead = [s for s in lead_sentences(sentences) if s.start < sentences[index].start]
    own = sentences[index : index + 1]  # "A(以下简称a)与B…召开座谈会,两局签署…"
    around = [*own, *reversed(before), *(s for s in lead if s not in before)]
    found: list[str] | None = None
    for sentence in around:
        if len(names := named(sentence.text)) == count:
            found = names
            break
    gather = found is None and bool(kind or ends)
    for window in (before, sentences[index + 1 : index + 4]) if gather else ():
        # named one by one: "巫山县妇联主席某带队…。巴东县妇联主席某陪同。"
        gathered: list[str] = []
        for sentence in window:
            for b in named(sentence.text):  # "合江工会" once "合江县总工会" is in
                if not any(b == g or abbreviates(b, g) or abbreviates(g, b) for g in gathered):
                    gathered.append(b)
        if len(gathered) == count:
            found = gathered
            break
    if found is None and (kind or ends):
        # told together further on: "据悉,此次签约的双方为A局、B委。", "据了解,A工商联与B
        # 工商联自2019年起…"
        found = next(
            (names for s in sentences[index + 4 :] if len(names := named(s.text)) == count), None
        )
    if found is None or not (kind or ends):
        return found
    # "大足区医保局" as named in full before: "重庆市大足区医疗保障局"
    everyone = [b for s in around for b in named(s.text)]
    return [max((b for b in everyone if abbreviates(f, b)), key=len, default=f) for f in found]


def _of_kind(kind: str, body: str) -> bool:
    """Whether `body` is of the `kind` a plural names ("发改" for "…发展和改革委员会", "党委"
    for "中共万源市皮窝乡委员会")."""
    if kind.startswith("党委") and body.startswith("中共") and body.endswith("委员会"):
        return True
    # "教育" for "永川区教委" and "江津区教体局": a committee's short name keeps one character
    short = re.search(f"{kind[:1]}[委体]", body) if len(kind) == 2 else None
    return kind in body or abbreviates(kind, body) or short is not None


# A list of bodies as a clause's subject: "A局与B局、C局在…召开…".
_LIST_STOP = re.compile(r"(?:在|于|共同|联合|分别|召开|举行|参加|出席|签署|签订|签约)")
_LIST_SPLIT = re.compile(r"与|和|及|、")


def _listed_bodies(text: str) -> list[str]:
    """The bodies a clause lists before what they did, each one a body's whole name."""
    for clause in re.split(r"[,;:]", text):
        stop = _LIST_STOP.search(clause)
        subject = party_rules.clean_subject(clause[: stop.start()] if stop else clause)
        pieces = _LIST_SPLIT.split(subject)
        if len(pieces) >= 2 and all(party_rules.is_org(p) for p in pieces):
            return pieces
        # "…文化和旅游发展委员会与…": a 和 inside a name
        whole, _ = party_rules.split_parties(subject)
        if len(whole) >= 2 and all(party_rules.is_org(p) for p in whole):
            return whole
        # "A局、B局、C局分管负责人及相关科室…参加": the post the bodies share ends the list
        ends = next((i for i, p in enumerate(pieces) if party_rules.without_post(p) != p), 0)
        head = [*pieces[:ends], party_rules.without_post(pieces[ends])] if ends >= 1 else []
        if len(head) >= 2 and all(party_rules.is_org(p) for p in head):
            return head
    return []


def _kind_of_each(
    plural: str, sentences: list[Sentence], index: int, headline: str = ""
) -> list[str] | None:
    """Each place's body of the kind a plural names, when as many places are named
    together around it or in the `headline`: "四市人力资源社会保障部门" after "成都、德阳、
    眉山、资阳四市…" or "成德眉资" → 成都市人力资源社会保障部门, …; "三地发展改革部门" of
    泸永江's three."""
    marker = _PLURAL.match(plural)
    kind = plural[marker.end() :] if marker else ""
    if party_rules.COUNT_HEAD.match(kind):
        return None  # "三地18所中小学": a count of bodies, kept as written
    kind = "人民政府" if kind in ("政府", "人民政府") else kind  # "三地政府": each place's
    unnamed = _ANY_BODY.fullmatch(kind) is not None  # "三地相关部门": the places themselves
    if marker is None or (
        not unnamed
        and (
            len(kind) < 2
            or (_NO_KIND.match(kind) and kind != "人民政府")
            or party_rules.is_post(kind)  # "双方市长": who signed, for each side
        )
    ):
        return None
    kind = "" if unnamed else kind
    count, unit = HOW_MANY[marker[0][0]], marker[0][1:]
    if unit == "方" and party_rules.unit_of_body(kind):
        return None  # "双方二级学院": the two schools' colleges, not their cities'
    lead = [s for s in lead_sentences(sentences) if s.start < sentences[index].start]
    around = [sentences[index], *reversed(sentences[max(0, index - 4) : index]), *lead]
    for text in [*(s.text for s in around), headline]:
        for places in regions.places_told(text, _UNIT_LEVELS.get(unit)):
            if len(places) == count:
                return [place + kind for place in places]
    return None


# The levels of the places a plural's unit may stand for; any for "两地", "双方".
_UNIT_LEVELS = {
    "县": ("county",), "区": ("county",), "区县": ("county",), "市县": ("prefecture", "county"),
    "市": ("prefecture", "county"), "省": ("province",), "省市": ("province",),
    "省区市": ("province",), "省(市)": ("province",),
}  # fmt: skip


def _bodies_represented(plural: str, people: str) -> list[str] | None:
    """Each signer's place with the kind of body the plural names: "两县人民政府" signed
    for by "巫山县副县长某、巴东县副县长某" → 巫山县人民政府, 巴东县人民政府."""
    marker = _PLURAL.match(plural)
    if marker is None or not people:
        return None
    kind = plural[marker.end() :]
    places = [b for b in party_rules.bodies_of(people) if regions.place_names(b) == [b]]
    if len(places) != HOW_MANY[marker[0][0]]:
        return None
    return [p + kind for p in places]


def _pair_after(plural: str, sentences: list[Sentence], index: int) -> list[str] | None:
    """The pair the sentence after a signing names for its plural subject, of the kind the
    plural says ("两地体育部门" → "四川省体育局与重庆市体育局")."""
    kind = _PLURAL.split(plural, maxsplit=1)[-1][:2]
    for sentence in sentences[index + 1 : index + 2]:
        for m in _PAIR.finditer(sentence.text):
            pair = [_tidy(m.group(1)), _tidy(m.group(2))]
            if all(
                _nameable(p) and party_rules.without_post(p) == p and (not kind or kind in p)
                for p in pair
            ):
                return pair
    return None


def _spelled_out(short: list[str], texts: list[str]) -> list[str] | None:
    """The pair an earlier sentence names in full for the headline's short forms
    ("省政府与中核集团…" → "甘肃省人民政府与中国核工业集团有限公司…"): each short name's
    characters in order within the full one."""
    for text in texts:
        for m in _PAIR.finditer(text):
            full = _paired(m)
            if any(map(party_rules.names_a_post, full)):
                continue  # "校长王建川与成都七中校长郑慧明": who, not which bodies
            pairs = zip(short, full, strict=False)
            if any(SELF.fullmatch(a) and not party_rules.is_org(b) for a, b in pairs):
                continue  # "此次与中铁十一局五公司合作": no body for "我院"
            if full != short and all(map(names_in_short, short, full)):
                return full
    return None


# A site's headline names its own body by kind: "学校与重庆市荣昌区人民政府签署…".
_OWN_KIND = {"学校": ("大学", "学院", "学校"), "医院": ("医院",), "公司": ("公司",)}


def names_in_short(short: str, full: str) -> bool:
    """Whether `short` names `full`: abbreviated, or by its kind ("学校" for a university)."""
    kinds = _OWN_KIND.get(short)
    return abbreviates(short, full) or (kinds is not None and full.endswith(kinds))


def _towns_in_full(towns: list[str], texts: list[str]) -> list[str] | None:
    """The towns as an earlier sentence writes them with their places ("龙形镇" →
    "潼南区龙形镇"), when it writes each of them so."""
    for text in texts:
        names = regions.town_names(text)
        full = [next((n for n in names if n.endswith(t) and n != t), None) for t in towns]
        if all(full):
            return [n for n in full if n]
    return None


def abbreviates(short: str, full: str) -> bool:
    """Whether `short` is `full` abbreviated: its characters in order, at least two; or the
    site's own body ("我院" for "达州市中心医院")."""
    return SELF.fullmatch(short) is not None or (len(short) >= 2 and in_order(short, full))


SELF = re.compile(r"(?:我|本)(?:院|校|区|市|县|司|所)")


def _visit(text: str) -> list[str]:
    """Visitor and host of "A院长某某带队一行到B考察调研(并签订…)", of "A代表团赴B考察",
    and host and guest of "A市长某会见了B总裁某一行"."""
    if m := _VISIT.search(text):
        # "永川区委书记某率永川区党政代表团": the delegation's body, else its leader's.
        # (a headline's lead-in goes: "跨越川渝 专科共建——我院专家团队赴…")
        lead = re.split(r"率领|带领|率|——|丨|\s", m[1])[-1]
        visitor = party_rules.bodies_of(lead)[:1] or [_tidy(lead)]
        named = [*visitor, _tidy(m[2])]
    elif m := _MEETING_GUESTS.search(text):
        named = party_rules.bodies_of(m[1])[:1] + party_rules.bodies_of(m[2])[:1]
    elif m := _GOES_TO.match(text):
        named = [_tidy(m[1]), _tidy(m[2])]
    else:
        return []
    return named if len(named) == 2 and all(map(_nameable, named)) else []


def _collective(text: str) -> str | None:
    """A subject naming several places at once ("川渝两地商务部门在成都举行…")."""
    for part in re.split(r"[,;:]", text):
        m = _COLLECTIVE.match(_OPENER.sub("", party_rules.clean_subject(part)))
        if m and (regions.group_members(m[0]) or len(regions.place_names(m[0])) >= 2):
            return m[0]
    return None


# Where a headline that lists its signers stops naming them: "西南交大 中国中铁 新都区|三方
# 共建…", "四川省发改委 重庆市发展改革委|签署…".
_HEAD_VERB = re.compile(
    r"(?:[两三四五六七八九双]方|两地|三地)?(?:签署|签订|签约|共建|携手|牵手|联手|深化|达成)"
)
# A central enterprise's short name: "中国中铁", "中国电建", "中国五冶".
_CENTRAL_BRAND = re.compile(r"^中国[\u4e00-\u9fff]{2,3}$")


def _bodies_heading(headline: str) -> list[str]:
    """The bodies a headline lists, separated by spaces or each starting with its place,
    before its verb; [] unless every piece names a body or place."""
    m = _HEAD_VERB.search(headline)
    pieces = headline[: m.start()].split() if m else []
    if len(pieces) == 1:  # "重庆仲裁委成都仲裁委签署…": a name ends where the next place begins
        pieces = party_rules.joined_bodies(pieces[0])
    known = all(
        (_nameable(p) and party_rules.is_org(p) and not _PLURAL.match(p))
        or regions.place_names(p) == [p]
        or regions.known_body(p)
        or _CENTRAL_BRAND.match(p)
        for p in pieces
    )  # not "秀山自治县党政代表团赴松桃考察 两县签署…"
    return pieces if len(pieces) >= 2 and known else []


def _nameable(party: str) -> bool:
    return len(party) >= 2 and bool(
        party_rules.is_org(party)
        or regions.divisions_in(party)
        or SELF.fullmatch(party)
        or regions.known_body(party)  # "重大", "川外"
    )


def _tidy(name: str) -> str:
    """A party read from a headline or lead, without its leading date, trailing verbs and
    the meeting it held ("万州区第三次联席会议")."""
    return party_rules.clean_subject(_MEETING.split(name.split(",")[-1])[0])


def _sentence_subject(prefix: str) -> str | None:
    """The sentence's own subject for "…,并与万州签署": its first organisation name."""
    for part in re.split(r"[,;:]", prefix):
        part = _OPENER.sub("", _NEWS_LEAD.sub("", part.strip()))
        part = _SHORT_NAME_ASIDE.sub("", part)  # "香港中华厂商联合会(厂商会)组织…"
        if _PURPOSE.match(part) or _GOAL.match(part):
            continue  # "为服务保障…建设,推动川渝黔毗邻地区检察工作协同发展,"
        body = party_rules.without_post(part)
        if body != part and len(body) <= 20:
            return body  # "永川区妇联党组书记、主席某率…": the body the leader serves
        # "江津区人民检察院在四面山召开…座谈会,分别与…": the whole name before the clause's verb
        acting = _ACTING.match(part)
        if acting and party_rules.is_org(acting[1]):
            return acting[1]
        m = _SUBJECT.match(part)
        if m:
            return m.group()
    return None


# What a clause of purpose goes on to ("为…,推动…发展,"), and a subject before its verb.
_NEWS_LEAD = re.compile(r"^[\u4e00-\u9fff]{1,8}讯\s+")  # "本院讯 ", "本报讯 "
_GOAL = re.compile(r"^(?:推动|促进|加强|深化|助力|服务|加快|打造|落实|实现|推进|提升|共建|构建)")
_ACTING = re.compile(r"^([\u4e00-\u9fff]{2,20}?)(?:在|于|召开|举行|举办|组织|组团)")
_SHORT_NAME_ASIDE = re.compile(r"\([\u4e00-\u9fff]{2,8}\)")


def _names_before(sentences: list[Sentence], index: int) -> list[str]:
    """Places named just before "双方…签署": this sentence, else the two before it."""
    for back in range(0, 3):
        if index - back < 0:
            break
        names = regions.outer_places(regions.place_names(sentences[index - back].text))
        if len(names) >= 2:
            return [regions.official_name(n) for n in names]  # "梁平" → 梁平区
    return []


def is_history(prefix: str, published: date | None, reference: date | None) -> bool:
    """Whether the date the clause before a signing verb states last makes the signing
    background: a day more than `HISTORY_DAYS` (a month `_MONTH_HISTORY_DAYS`) before the
    publication date, or the text's `reference` date without one ("2021年5月,A与B签订…" in
    a 2024 text), or an earlier year alone ("2020年,"). Without a publication date only
    stated years count ("6月8日" has no year to compare), and a month of 去年/前年."""
    now = published or reference
    if now is None:
        # "去年12月,…签署了11个合作协议": a month of a past year, told without its day, is
        # background whenever the story ran
        # (and so is a day of one: "去年3月18日")
        return any(not m[1] and m[2] != "今" for m in _YEAR_MONTH.finditer(prefix)) or bool(
            _PAST_YEARS_DAY.search(prefix)
        )
    stated: list[tuple[int, bool]] = [
        (at, (now - d).days > HISTORY_DAYS)
        for at, day in find_dates(prefix, published)
        if day and (d := day.as_date())
    ]
    for m in _YEAR_MONTH.finditer(prefix):
        if not m[1] and published is None:
            # measured from `reference`, "今年" may be any year; 去年/前年 is past anyway
            if m[2] != "今":
                stated.append((m.start(), True))
            continue
        year = int(m[1]) if m[1] else now.year - YEARS_BACK[m[2]]
        month = cn_number(m[3])
        if 1 <= month <= 12:  # the month's last day: the latest the signing can be
            last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            stated.append((m.start(), (now - last).days > _MONTH_HISTORY_DAYS))
    if published is None:  # "去年3月18日": past, whatever year the text's latest date has
        stated += [(m.start(), True) for m in _PAST_YEARS_DAY.finditer(prefix)]
    stated += [
        (m.start(), int(m[1]) < now.year)
        for m in _YEAR_ONLY.finditer(prefix)
        if _YEAR_AS_TIME.match(prefix, m.end()) or _year_of_clause(prefix, m.end())
    ]
    return max(stated)[1] if stated else False


# A year in an earlier clause is a time when it stands as one ("2020年,", "2020年以来",
# "2020年在…"), not a noun's ("会议听取了…2022年工作情况汇报,…,A与B签订了").
_YEAR_AS_TIME = re.compile(r"[,,;:。]|$|以来|来|起|底|初|末|间|份|时|前|后|[在于与和同]")
_CLAUSE_BREAK = re.compile(r"[,,;:]")
# ("2024年推进会上,川渝两地签署了《…》": that year's meeting)
_TIME_CLAUSE = re.compile(r"(?:时|之际|期间|以来|之后|以后|前后|(?:会|会议|仪式|论坛|活动)上)$")


def _year_of_clause(prefix: str, end: int) -> bool:
    """Whether a year ending at `end` times the signing's clause or a time clause before it
    ("2021年联盟成立时,我院与…签订了")."""
    brk = _CLAUSE_BREAK.search(prefix, end)
    return brk is None or bool(_TIME_CLAUSE.search(prefix, end, brk.start()))


# A year opening the clause or after 于/在 ("2021年,", "早在2021年5月", "于2021年签署"), not
# inside a name ("成渝地区双城经济圈2021年招商…联席会议", "《2021—2025年…协议》").
_STATED_YEAR = re.compile(
    r"(?:^|[,;:]|于|在|了)(?:早在)?\d{4}年(?:\d{1,2}月(?![\d一二三四五六七八九十]{1,3}[日号]))?"
    # "2022年与四川大学华西医院签订了《…》", "书中记录了2020年川渝两省市签署《…》"
    r"(?:份|初|底|末|间)?(?=[,,]|$|与|和|同|[\u4e00-\u9fff]{2,12}$)"
)
# A month of a numbered year, anywhere before the verb: "2020年7月在达州举行的推进会上".
_NUMBERED_MONTH = re.compile(
    r"\d{4}年[\d一二三四五六七八九十]{1,2}月(?![\d一二三四五六七八九十]{1,3}[日号])"
)


def states_a_year(prefix: str) -> bool:
    """ "2021年,", "于2021年5月", "2020年7月,在达州举行的推进会上": a year stated for a
    signing, without its day. With no publication date to compare it with, it dates
    history: a report of its own day's signing gives the day ("6月18日", "昨日")."""
    return bool(_STATED_YEAR.search(prefix) or _NUMBERED_MONTH.search(prefix))


# A month stated without its day: "今年3月,", "4月份", "3月," (not "3月28日").
# "当日双方正式签订": the day of the event the article reports.
_ON_THE_DAY = re.compile(r"(?:当日|当天)(?:上午|下午|晚上)?[,,]")
THAT_DAY = re.compile(r"(?:^|[,,])(?:当日|当天|同日|今天|今日)(?:上午|下午|晚上)?[,,]?[^,,]{0,20}$")
_MONTH_ONLY = re.compile(
    r"(?<![\d一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?"
    r"(?![\d一二三四五六七八九十]{1,3}[日号])"
)
# The lead tells of a meeting or a visit, which is then the event the article reports.
_OCCASION = re.compile(
    r"举行|举办|召开|座谈|会见|会谈|考察|调研|到访|来访|拜访|走访|访问|率团|率队|带队|一行"
    r"|开幕|闭幕"  # an expo's or a show's days: "6月7日,2024重庆国际汽车工业展览会…开幕"
    r"|开工|投产|竣工|开业|揭牌|通车|启用|落成"  # a project's milestone, its signing long past
)
# ("此前一天": the eve of the event, part of its news.)
_EARLIER_VAGUE = re.compile(
    r"前不久|前些天|前些日子|前段时间|此前(?![一两二三]天)|日前|上周|上星期"
)
# A signing stated this many days before the reported occasion is an earlier event; one
# up to a month after it is a later item of the same page (a digest, a week's round-up).
_AFTER_OCCASION_DAYS = 31
_BEFORE_OCCASION_DAYS = 14


# Prose, not page furniture ("首页 集团概况 新闻动态", "发布时间:2024-03-18"): a clause
# break or a full stop, and a dozen characters of Chinese.
_PROSE = re.compile(r"[,。;]")
_PROSE_HAN = 12
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def lead_sentences(sentences: list[Sentence]) -> list[Sentence]:
    """The lead: the first sentences that are prose, past the page's furniture."""
    prose = (
        s
        for s in sentences
        if _PROSE.search(s.text) and len(_HAN_CHAR.findall(s.text)) >= _PROSE_HAN
    )
    return list(itertools.islice(prose, _LEAD_SENTENCES))


def lead_occasion(sentences: list[Sentence]) -> Day | None:
    """The day of the meeting or visit the lead reports ("7月30日,北碧府代表团到访凉山"),
    None when the lead reports no such occasion or tells a signing itself."""
    lead = next((s.text for s in lead_sentences(sentences) if _OCCASION.search(s.text)), "")
    days = [d for _, d in find_dates(lead, None) if d]
    # (a lead that names what was signed before, "介绍去年12月两地签署的《…》", tells none)
    return days[0] if days and "签" not in _SIGNED_BEFORE.sub("", lead) else None


_SIGNED_BEFORE = re.compile(
    r"(?:去年|前年|此前|上月|[\d一二三四五六七八九十]{1,2}月)(?:两地|双方)?签(?:署|订)的"
)


def before_occasion(prefix: str, event: Day | None, index: int, hearing: bool = False) -> bool:
    """Whether the signing's own date or month ("今年3月,凉山州与北碧府签署…") falls well
    before the `event` the lead reports (`lead_occasion`): the signing is then background
    to that event, not the news. Years are not compared; a later month is last year's. At
    a meeting `hearing` a report on a trip ("听取…赴永川学习考察情况汇报"), any day before
    it is the trip's."""
    if index == 0 or event is None:
        return False
    if _EARLIER_VAGUE.search(prefix):
        return True  # "前不久,两地签订了《…》": earlier than the visit, by days at least
    # (position, month, the earliest and the latest day it can be)
    stated = [(at, d.month, d.day, d.day) for at, d in find_dates(prefix, None) if d]
    stated += [(m.start(), cn_number(m[1]), 1, 28) for m in _MONTH_ONLY.finditer(prefix)]
    if not stated:
        return False
    _, month, first, last = max(stated)
    if not 1 <= month <= 12:
        return False
    year = 2001 if (month, first) <= (event.month, event.day) else 2000

    def day_in(y: int, m: int, d: int) -> date:  # 02-29 of an unknown year counts as 02-28
        return date(y, m, min(d, 28) if m == 2 else d)

    after = day_in(2001, month, first) - day_in(2001, event.month, event.day)
    if 0 < after.days <= _AFTER_OCCASION_DAYS:
        return False  # days after the lead's event: a digest's later item, not last year's
    gap = day_in(2001, event.month, event.day) - day_in(year, month, last)
    return gap.days > (0 if hearing else _BEFORE_OCCASION_DAYS)


def _day(
    clause: Clause,
    sentences: list[Sentence],
    index: int,
    earlier: list[Draft],
    published: date | None,
) -> Day | None:
    """The signing day: its own date, else one relative to an earlier date, else the
    event's."""
    prefix = clause.sentence.text[: clause.verb_at]
    same = _SAME_MONTH.search(prefix)
    last = earlier[-1].day if earlier else None
    if same and last is not None:
        # "5月8日,…签署《A》。…当月20日,…签署《B》": the month of the date told before
        return make_day(last.year, last.month, int(same[1]), published)
    mentions = find_dates(prefix, published)
    own = prefix[prefix.rfind(";") + 1 :]
    if mentions and not find_dates(own, published) and _MONTH_ONLY.search(own):
        return None  # "4月8日,A与B签署《…》;9月,C与D签署…": a month of its own
    if mentions:
        return mentions[-1][1]
    if (spoken := spoken_day(prefix, published)) is not None:
        return spoken
    if _SOME_DAY.search(clause.left):
        # "记者3日获悉,两省…日前在成都签署": some day before the report's, unless the
        # article dates the ceremony ("据悉,此次签约仪式于10月12日在德阳举行")
        return _shown_day(sentences, published)
    if (bare := _day_in_month_told(prefix, sentences, index, published)) is not None:
        return bare
    if (bare := day_of_month(prefix, published)) is not None:
        return bare
    if THAT_DAY.search(clause.left):
        return _event_day(sentences, index, published)  # "…5月底定稿,当日双方签订"
    if _MONTH_ONLY.search(prefix):
        return None  # "今年3月,…签署": a month is no day, and not the lead's day either
    if (
        _LIST_HEADING.match(clause.sentence.text)
        and index + 1 < len(sentences)
        and (item := find_dates(sentences[index + 1].text, published))
    ):
        # "四、A与B签订校地合作协议\n9月26日,A与B签订…": an item's heading, dated by its
        # item, not by the item before
        return item[0][1]
    if (after := _AFTER_GATHERING.search(prefix)) and (
        day := _day_of_gathering(after[1], sentences, index, published)
    ):
        return day  # "24日上午,两地举行会谈。…会谈结束后,…签署": the talks' day
    offset = relative_offset(prefix)
    if offset is None:
        # No date of its own: the signing's told just before ("13日上午,A与B签署《…》。C与D
        # 签署…"), else the event's, stated earlier ("3月28日,…签约仪式举行。…代表双方
        # 签署…"). Not a history check: an earlier sentence may date something else.
        before = {clause.sentence.text, sentences[index - 1].text if index else ""}
        if earlier and earlier[-1].day is not None and earlier[-1].evidence in before:
            return earlier[-1].day
        return _event_day(sentences, index, published)
    told = earlier[-1].day if earlier and offset < 0 else None  # the eve of the signing told
    base = _referred_day(prefix, earlier) or told or _last_day_before(sentences, index, published)
    if base is None and offset == 0:  # "仪式上,双方签署…": the occasion's day
        return _event_day(sentences, index, published)
    return base.plus(offset) if base else None


_SOME_DAY = re.compile(r"日前|近日|前不久|近期")
# "25日上午,…", "23日下午召开的…会议上": a day of the month told before
_DAY_ALONE = re.compile(
    r"(?:^|[,,。])(\d{1,2})日(?:上午|下午|晚上|晚间|早上)?(?:[,,]|(?=召开|举行|在))"
)


def _day_in_month_told(
    prefix: str, sentences: list[Sentence], index: int, published: date | None
) -> Day | None:
    """ "25日上午,…召开,会上,…签署" after "4月24日至25日,…考察": the day in the month the
    sentence before states, on or after its day."""
    m = _DAY_ALONE.search(prefix)
    told = _last_day_before(sentences, index, published) if m else None
    if m is None or told is None or int(m[1]) < told.day:
        return None
    try:
        date(told.year or 2000, told.month, int(m[1]))
    except ValueError:
        return None
    return Day(told.year, told.month, int(m[1]))


# A signing at or after a gathering the article dated before: "会谈结束后", "座谈会上".
_AFTER_GATHERING = re.compile(
    r"(?:^|[,,])(会谈|座谈会?|会见|联席会议?|推介会|对接会|洽谈会)(?:结束)?(?:后|上|期间)"
)


def _day_of_gathering(
    name: str, sentences: list[Sentence], index: int, published: date | None
) -> Day | None:
    """The day stated in the nearest earlier sentence that tells of the gathering `name`."""
    for at in range(index - 1, -1, -1):
        if name in sentences[at].text:
            # "9月10日至11日,…调研交流。…11日下午,…座谈会在梁平区召开": the day in the
            # month told before
            told = _day_in_month_told(sentences[at].text, sentences, at, published)
            return told or _last_day_before(sentences[at : at + 1], 1, published)
    return None


def _referred_day(prefix: str, earlier: list[Draft]) -> Day | None:
    m = _REFERRED.search(prefix)
    if m is None:
        return None
    return next((d.day for d in earlier if d.title == m.group(1)), None)


_CAPTION = re.compile(r"^\s*[(（]?图为")


_MAX_DECK = 48  # a headline's length


def _is_deck(sentences: list[Sentence], index: int) -> bool:
    """Whether the sentence is a deck above the lead: a headline's second line in the first
    paragraph, alone in it and unpunctuated ("攀枝花市与重庆市大渡口区签署康养产业合作协议"
    over "12月8日上午,…大会在攀枝花开幕")."""
    deck = sentences[index]
    return (
        deck.para == 0
        and len(deck.text) <= _MAX_DECK
        and not deck.text.rstrip().endswith(("。", "!", "?"))
        and all(s.para != 0 for s in sentences if s is not deck)
    )


def _event_day(sentences: list[Sentence], index: int, published: date | None) -> Day | None:
    """The date stated in the few sentences before the signing, else in the article's lead,
    else its dateline's ("兰州6月1日讯 … 会见后,双方签署…": reported the day it happened)."""
    window = range(max(0, index - _NEAR_SENTENCES), index)
    at = [i for i in window if _GATHERING.search(sentences[i].text)]
    if at and at[0] and _ON_THE_DAY.match(sentences[at[0]].text):
        # "5月19日是世界家庭医生日。当天,…活动在宝顶镇举行。活动现场,…签订": that day
        at.insert(0, at[0] - 1)
    near = [sentences[i] for i in at]
    first = lead_sentences(sentences)
    # A photo's caption above the story ("图为…签约现场") shows the lead's event.
    caption = _CAPTION.match(sentences[index].text) is not None or _is_deck(sentences, index)
    lead = [s for s in first if (caption or s.start < sentences[index].start) and s not in near]
    for group in (near, lead):
        day = _last_day_before(group, len(group), published)
        if day is not None:
            return day
    if any(_AT_THE_MEETING.match(s.text) for s in sentences[max(0, index - 1) : index + 1]):
        # "会上,…签署8份协议。其中,…\n6月28日,…推进会在武隆举行。": the meeting dated after
        for s in sentences[index + 1 : index + 1 + _NEAR_SENTENCES]:
            if _MEETING_HELD.search(s.text) and (
                days := [d for _, d in find_dates(s.text, published) if d]
            ):
                return days[0]
    lead_text = "".join(s.text for s in first)
    # "本报讯 昨日,…签订", "昨日,…签约仪式举行。仪式上,双方签署…": the signing's or its
    # occasion's day, counted from the dateline, else from publication.
    told = next(
        (s.text for s in (sentences[index], *near[::-1], *lead) if _TODAY.search(s.text)), ""
    )
    if not told and (shown := _shown_day(sentences, published)) is not None:
        return shown  # "近日,…签约仪式举行。…(图为6月30日签约现场)"
    if not told and _VAGUE.search(sentences[index].text + lead_text):
        # "今年以来,…签署": some day this year; a round-up, not the day's news. A lead's
        # background ("近年来…。今天,两地…签署") is no round-up.
        return None
    day = dateline(lead_text, published)
    if day is None and told and (spoken := _spoken_on(sentences[:index])):
        day = spoken  # "刚才,…共同签署了《…》" in a speech dated under its title
    if day is None and published is not None and told:
        day = Day(published.year, published.month, published.day)
    if day is not None and _YESTERDAY.search(told or sentences[index].text):
        return day.plus(-1)
    return day


_SAME_MONTH = re.compile(r"(?:当月|同月)(\d{1,2})[日号]")
# A numbered item's heading in a list of the year's news: "四、江阳区人民政府与…签订…协议".
_LIST_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、[^。!?;,]*$")
# The day a speech was given, on its own line under its title: "(2022年8月25日)".
_SPEECH_DAY = re.compile(r"[(（](\d{4}年\d{1,2}月\d{1,2}日)[)）]")
_SPEECH_HEAD = 3


def _spoken_on(sentences: list[Sentence]) -> Day | None:
    """The date line of a speech, among the first sentences of the text."""
    for s in sentences[:_SPEECH_HEAD]:
        if (m := _SPEECH_DAY.fullmatch(s.text.strip())) and (days := find_dates(m[1], None)):
            return days[0][1]
    return None


# A signing told at a meeting the story has not dated yet, and the meeting's telling.
_AT_THE_MEETING = re.compile(r"^(?:会上|会议上|会议期间|[^,,。]{1,8}会上)[,,]")
_MEETING_HELD = re.compile(r"会[^,,。]{0,12}(?:举行|召开)")


# A photo's caption that dates the signing: "(图为6月30日签约现场)", "图为5月8日,双方签约";
# a sentence that dates the ceremony: "此次签约仪式于10月12日在德阳举行".
_SIGNING_CAPTION = re.compile(
    r"图为[^。()（）]{0,40}签(?:约|署|订|字)|签(?:约|字)(?:仪式|活动)(?:于|是)[^,,。]{0,12}"
    # a caption line: "3月18日,邻水县与长寿区合作签约仪式现场。", "6月18日,签约仪式现场。"
    r"|^\d{1,2}月\d{1,2}日,[^。]{0,30}签(?:约|署|订|字)[^。]{0,8}现场。?(?:[^。]{0,12}(?:摄|供图))?$"
    r"|^(?=.{0,28}$)\d{1,2}月\d{1,2}日,[^。]{0,20}签(?:约|署|订)[^。]{0,8}。$"
    # who did what at it: "4月28日,集团董事长与…董事长在签约仪式上握手。"
    r"|^\d{1,2}月\d{1,2}日,[^。]{0,40}在签(?:约|字)仪式上[^,,。]{0,10}。$"
    # a marked caption: "(图片说明)11月3日,…推进会现场。", "(图:4月22日,三地签约现场。)"
    r"|^[(（]?(?:图片说明|图说|图注|图)[)）:：]\s*\d{1,2}月\d{1,2}日,[^。]{0,40}?(?:签|互换|现场)"
)


def _shown_day(sentences: list[Sentence], published: date | None) -> Day | None:
    """The day a caption of the signing's photo, or a sentence on its ceremony, states,
    when exactly one day is stated so."""
    days = {
        d
        for s in sentences
        for caption in _SIGNING_CAPTION.finditer(s.text)
        for _, d in find_dates(caption[0], published)
        if d
    }
    return days.pop() if len(days) == 1 else None


# The end of a span: "持续至10月31日", "截至4月底".
_UNTIL = re.compile(r"(?:截至|截止|至|到)$")


def lead_day(sentences: list[Sentence], published: date | None) -> Day | None:
    """The day of the event the lead tells, for a signing told only in the headline over a
    copy cut before it ("…签署康养产业合作协议" over "12月8日上午,…大会在攀枝花开幕")."""
    lead = lead_sentences(sentences)
    return _last_day_before(lead, len(lead), published)


def _last_day_before(sentences: list[Sentence], index: int, published: date | None) -> Day | None:
    """The last day the sentences before `index` state: in writing, by its day alone in the
    month of publication ("6月26日至27日…。27日下午,…座谈会…。会上,…签署"), or as spoken
    ("上周五")."""
    for at in range(index - 1, -1, -1):
        text = sentences[at].text
        # not the end of a span ("本届消费节持续至10月31日"): no day anything happened on
        days = [
            d for pos, d in find_dates(text, published) if d and not _UNTIL.search(text, 0, pos)
        ]
        if days:
            return days[-1]
        if (bare := day_of_month(text, published)) is not None:
            return bare
        if (spoken := spoken_day(text, published)) is not None:
            return spoken
        # "10月12日,代表团到访。次日上午,两地召开座谈会。会上,…签署": the day after
        if offset := relative_offset(re.split("[,，]", text, maxsplit=1)[0]):
            base = _last_day_before(sentences, at, published)
            return base.plus(offset) if base else None
    return None


def _context(sentences: list[Sentence], index: int) -> str:
    """The signing sentence and what follows it, up to the next bullet or ~300 chars."""
    parts = [sentences[index].text]
    size = len(parts[0])
    for sentence in sentences[index + 1 :]:
        if size > _CONTEXT_CHARS or "签" in sentence.text:
            break
        parts.append(sentence.text)
        size += len(sentence.text)
    return "".join(parts)
