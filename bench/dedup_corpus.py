"""Synthetic corpus for deduplication: distinct same-topic stories and their edited reprints.

Distinct stories share the boilerplate of regional cooperation news (成渝地区双城经济圈,
签署战略合作框架协议, 两地将在…领域) and differ in places, parties, sectors, numbers and
dates; party pairs repeat, as they do in the news (泸州 and 永川 sign several times a year).
A reprint is what another site publishes: a new headline, maybe a "据XX日报消息," prefix, a
sentence dropped or added, a stray 来源/编辑 line, numbers rewritten in Chinese, paragraphs
merged or split, and 5-15 % of the characters changed by word-level edits.

    python bench/dedup_corpus.py -n 1000 --reprints 500 --out corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass
from pathlib import Path

SICHUAN = (
    "成都市", "自贡市", "攀枝花市", "泸州市", "德阳市", "绵阳市", "广元市", "遂宁市",
    "内江市", "乐山市", "南充市", "眉山市", "宜宾市", "广安市", "达州市", "雅安市",
    "巴中市", "资阳市", "泸县", "合江县", "荣县", "安岳县", "邻水县", "宣汉县",
    "成都市天府新区", "成都市郫都区", "南充市顺庆区", "遂宁市船山区", "内江市市中区",
)  # fmt: skip
CHONGQING = (
    "永川区", "江津区", "荣昌区", "涪陵区", "万州区", "北碚区", "璧山区", "大足区",
    "铜梁区", "潼南区", "合川区", "綦江区", "长寿区", "梁平区", "垫江县", "开州区",
    "九龙坡区", "沙坪坝区", "渝北区", "巴南区", "南岸区", "两江新区", "西部科学城重庆高新区",
    "万盛经开区", "黔江区", "云阳县",
)  # fmt: skip
BODIES = (
    "人民政府", "经济和信息化局", "生态环境局", "商务局", "文化广播电视和旅游局", "交通运输局",
    "农业农村局", "卫生健康委员会", "教育局", "大数据发展局", "市场监督管理局", "发展和改革委员会",
    "妇联", "团委", "城市管理局", "口岸物流办", "科学技术局", "人力资源和社会保障局",
)  # fmt: skip
SECTORS = (
    "数字经济", "生态环境", "现代物流", "文化旅游", "装备制造", "电子信息", "医疗卫生",
    "教育培训", "现代农业", "食品加工", "新能源汽车", "城市管理", "政务服务", "人才交流",
    "科技创新", "金融服务", "应急管理", "市场监管", "乡村振兴", "康养旅游", "航运港口",
    "生猪产业", "特色消费品", "大数据应用", "基础设施", "水污染联防联治", "公共服务",
)  # fmt: skip
NAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林郑梁谢宋唐许邓冯韩曹曾彭萧蔡潘田董袁于余叶蒋杜苏魏程吕丁沈任姚卢傅钟"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力林宇浩然欣怡川渝蓉"
OUTLETS = ("重庆日报", "四川日报", "华龙网", "川江都市报", "封面新闻", "上游新闻", "泸州日报")
CN_DIGITS = "〇一二三四五六七八九"

LEADS = (
    "{date},{pa}{ba}与{pb}{bb}在{venue}签署《{title}》,{extra}",
    "{date},{pb}{bb}与{pa}{ba}举行合作座谈会,双方签署《{title}》。",
    "为深入推动成渝地区双城经济圈建设,{date},{pa}与{pb}在{venue}签订《{title}》。",
    "记者从{pa}{ba}获悉,{date},该局与{pb}{bb}正式签署《{title}》,{extra}",
    "{date}上午,{pa}、{pb}两地在{venue}召开合作交流会,会上签署了《{title}》。",
)
EXTRAS = (
    "两地党政主要负责人出席签约仪式。",
    "标志着两地合作迈入新阶段。",
    "双方将携手打造川渝合作示范。",
    "共同推动成渝地区双城经济圈建设走深走实。",
)
# "[a|b]" picks one alternative per article, so stories share phrases, not whole sentences.
SENTENCES = (
    "[根据|按照|依据]协议,两地将在{s1}、{s2}、{s3}等{n1}个领域开展[深度|全方位|务实]合作。",
    "双方将围绕{s1}、{s2}[等重点产业|两大领域|等优势产业],[共同开展产业链招商|联合招商引资],"
    "[推动园区结对共建|共建产业合作园区|探索“飞地经济”模式]。",
    "[按照协议内容|协议明确],{pa}与{pb}将建立[党政联席会议|常态化沟通协调|部门对口联系]制度,"
    "[每年轮流召开一次联席会议|每季度会商一次|定期互通信息]。",
    "两地将[共建|联合打造]{s1}[产业发展高地|示范区|协作带],[整合两地品牌资源|统筹两地要素资源],"
    "[联合打造成渝地区区域品牌|提升区域竞争力]。",
    "在{s2}方面,双方将[加快推进|共同谋划]{pa}至{pb}[快速通道|高速公路|城际铁路]"
    "[前期工作|规划建设],[打通两地物流通道|构建一小时交通圈]。",
    "在公共服务方面,两地将推动[政务服务“跨省通办”|社保关系转移接续|医保异地结算]事项扩面,"
    "[目前已有|截至目前共有]{n2}项事项实现“一次办”。",
    "双方约定,[每年|每两年]互派不少于{n3}名[干部|技术人员|教师]挂职交流,"
    "[共同培养|联合培训]{s2}领域专业人才。",
    "[据不完全统计|据了解],[今年以来|近两年]{pa}与重庆各区县已签下不少于{n2}个合作协议,"
    "涉及{s1}、{s3}等{n1}个领域。",
    "协议签订后,两地将成立{s1}[协同发展领导小组|合作工作专班|联合推进办公室],"
    "[每半年召开一次工作会议|按月调度工作进展]。",
    "{pb}{bb}[相关|有关]负责人[表示|介绍],将为合作项目提供[场地、资金和政策支持|要素保障],"
    "力争{n4}年内[落地项目|引进企业]{n5}个以上。",
    "{pa}{ba}[负责人介绍|有关负责人说],双方已[谋划|储备]合作项目{n5}个,总投资约{n6}亿元,"
    "其中{s3}项目{n7}个。",
    "两地还将[联合举办|轮流承办]{s2}[推介会|博览会|论坛],[互设推介窗口|共建展示中心],"
    "推动{s3}企业[深度合作|抱团发展]。",
    "在{s3}领域,双方将[共享监测数据|互通信息],[开展联合执法|建立联合巡查制度],"
    "[建立突发事件应急联动机制|共同处置跨界突发事件]。",
    "[下一步|接下来],两地将围绕{s1}、{s3}等领域[细化合作清单|制定年度工作计划],"
    "[明确责任单位和完成时限|逐项抓好落实]。",
    "此次签约是{pa}[主动融入|深度参与]成渝地区双城经济圈建设的又一[重要举措|务实行动]。",
    "近年来,{pa}与{pb}[山水相连、人文相亲|地缘相近、产业相融],在{s2}等方面的交流合作"
    "[日益密切|不断深化]。",
    "当天,{pa}{s2}企业与{pb}{s3}企业还现场签订了{n7}个[合作项目|投资协议],"
    "[签约金额|协议投资]{n6}亿元。",
    "双方将[共同争取|联合申报]国家和省市政策支持,推动{s1}重大项目纳入"
    "[成渝地区双城经济圈建设规划|川渝两省市重点项目清单]。",
    "{pb}将发挥{s3}[产业优势|技术优势],{pa}将发挥{s1}[资源优势|市场优势],"
    "[实现优势互补、协同发展|共同做大做强产业链]。",
    "会上,两地还就{s2}、{s3}合作进行了[深入交流|座谈],并[实地考察|参观]了{pb}{s1}"
    "[产业园|示范基地|重点企业]。",
    "按照“政府引导、市场主导”的原则,双方将设立规模{n6}亿元的{s1}"
    "[产业合作基金|发展基金],[重点支持|优先投向]{s3}项目。",
    "两地将推动{s2}领域[检查检验结果互认|资质互认|标准互通],[方便群众跨区域办事|降低企业成本]。",
    "{year}年,{pa}地区生产总值达到{n8}亿元,{s1}产业[增加值|营业收入]增长{n9}%左右。",
    "{pb}[目前|现]有{s3}企业{n8}家,[去年|上一年]实现产值{n6}亿元。",
    "{person}[表示|说],“[这次合作|双方携手]将[为|给]{s2}发展[注入新动能|带来新机遇]。”",
    "[双方还将|两地还将]在{s3}[人才培训|标准制定|品牌推广]等方面[开展交流|加强合作]。",
)
CLOSINGS = (
    "巴蜀一家亲,川渝一盘棋。双方表示,将以此次签约为契机,推动合作落地见效。",
    "与会人员表示,将加强沟通衔接,确保各项合作事项落到实处。",
    "据悉,双方将定期评估协议执行情况,及时协调解决合作中的重大问题。",
    "",
)
ADDED = (
    "记者了解到,此前两地已在多个领域开展了务实合作。",
    "业内人士认为,此次合作将进一步释放区域发展活力。",
    "签约仪式结束后,双方还召开了工作座谈会。",
    "这是今年以来两地签署的又一项合作协议。",
)
SYNONYMS = (
    ("签署", "签订"), ("表示", "介绍"), ("相关负责人", "有关负责人"), ("两地", "双方"),
    ("开展", "推进"), ("推动", "促进"), ("共同", "携手"), ("深度合作", "深入合作"),
    ("目前", "当前"), ("力争", "争取"), ("合作", "协作"), ("加快", "加速"),
    ("建立", "健全"), ("重要举措", "重要行动"), ("据悉", "据了解"), ("此次", "这次"),
)  # fmt: skip


@dataclass(frozen=True)
class Story:
    """One article text; `story` groups an original with its reprints."""

    id: int
    story: int
    headline: str
    text: str
    reprint_of: int | None = None


def chinese_number(value: int) -> str:
    """30 → 三十, 105 → 一百零五, 2021 → 二〇二一 (how a reprint may spell a number out)."""
    if value >= 1000:
        return "".join(CN_DIGITS[int(digit)] for digit in str(value))
    if value < 10:
        return CN_DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        head = "" if tens == 1 else CN_DIGITS[tens]
        return head + "十" + (CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(value, 100)
    tail = "" if rest == 0 else ("零" + CN_DIGITS[rest] if rest < 10 else chinese_number(rest))
    return CN_DIGITS[hundreds] + "百" + tail


def distinct_story(number: int, rng: random.Random) -> Story:
    """A regional-cooperation article of 800-1,400 characters."""
    pa, pb = rng.choice(SICHUAN), "重庆市" + rng.choice(CHONGQING)
    ba, bb = rng.choice(BODIES), rng.choice(BODIES)
    s1, s2, s3 = rng.sample(SECTORS, 3)
    year = rng.randint(2020, 2026)
    slots = {
        "pa": pa, "pb": pb, "ba": ba, "bb": bb, "s1": s1, "s2": s2, "s3": s3,
        "date": f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        "venue": rng.choice((pa, pb, "成都", "重庆", "两地交界处")),
        "title": pa[:2] + pb[3:5] + s1 + rng.choice(("战略合作框架协议", "合作协议", "备忘录")),
        "extra": rng.choice(EXTRAS), "n1": rng.randint(3, 12), "n2": rng.randint(5, 60),
        "n3": rng.randint(5, 50), "n4": rng.randint(2, 5), "n5": rng.randint(5, 40),
        "n6": rng.randint(2, 300), "n7": rng.randint(2, 20), "n8": rng.randint(100, 9000),
        "n9": rng.randint(2, 15), "year": year - 1,
        "person": rng.choice(NAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
    }  # fmt: skip
    paragraphs = [rng.choice(LEADS).format(**slots)]
    body = [_expand(s, rng).format(**slots) for s in rng.sample(SENTENCES, rng.randint(14, 20))]
    while body:
        step = rng.randint(1, 3)
        paragraphs.append("".join(body[:step]))
        body = body[step:]
    paragraphs.append(rng.choice(CLOSINGS))
    headline = f"{pa}与{pb}签署{s1}合作协议"
    return Story(number, number, headline, "\n".join(p for p in paragraphs if p))


def _expand(template: str, rng: random.Random) -> str:
    """Pick one alternative of every "[a|b|c]" group."""
    out, i = [], 0
    while (start := template.find("[", i)) >= 0:
        end = template.index("]", start)
        out.append(template[i:start])
        out.append(rng.choice(template[start + 1 : end].split("|")))
        i = end + 1
    out.append(template[i:])
    return "".join(out)


def reprint(original: Story, number: int, rng: random.Random) -> Story:
    """Another site's copy of `original`, with the edits reprints show (see module doc)."""
    sentences = [s for line in original.text.split("\n") for s in _sentences(line)]
    total = sum(len(s) for s in sentences)
    if len(sentences) > 5 and rng.random() < 0.5:
        del sentences[rng.randrange(1, len(sentences) - 1)]
    if rng.random() < 0.4:
        sentences.insert(rng.randrange(1, len(sentences)), rng.choice(ADDED))
    if rng.random() < 0.5:
        sentences[0] = f"据{rng.choice(OUTLETS)}消息," + sentences[0]
    text = _rewrap(sentences, rng)
    text = _spell_numbers(text, rng) if rng.random() < 0.5 else text
    text = _word_edits(text, rng.uniform(0.05, 0.15) * total, rng)
    if rng.random() < 0.6:
        text = _furniture(text, rng)
    headline = rng.choice(("", "【川渝合作】", "双城记|")) + original.headline[::-1][:4][::-1]
    return Story(number, original.story, headline + "等签约", text, reprint_of=original.id)


def _sentences(line: str) -> list[str]:
    parts, start = [], 0
    for i, char in enumerate(line):
        if char == "。":
            parts.append(line[start : i + 1])
            start = i + 1
    if start < len(line):
        parts.append(line[start:])
    return parts


def _rewrap(sentences: list[str], rng: random.Random) -> str:
    """Paragraphs merged or split differently: 1-4 sentences per paragraph."""
    paragraphs, i = [], 0
    while i < len(sentences):
        step = rng.randint(1, 4)
        paragraphs.append("".join(sentences[i : i + step]))
        i += step
    return "\n".join(paragraphs)


def _spell_numbers(text: str, rng: random.Random) -> str:
    out, i = [], 0
    while i < len(text):
        j = i
        while j < len(text) and text[j].isdigit():
            j += 1
        if j > i and text[j : j + 1] in ("个", "项", "名", "年") and rng.random() < 0.7:
            out.append(chinese_number(int(text[i:j])))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _word_edits(text: str, budget: float, rng: random.Random) -> str:
    """Change about `budget` characters by swapping synonyms, then rewording short spans."""
    changed = 0.0
    for old, new in rng.sample(SYNONYMS, len(SYNONYMS)):
        if changed >= budget / 2:
            break
        count = text.count(old)
        if count:
            room = max(1, int((budget / 2 - changed) / len(old)))
            replaced = min(rng.randint(1, count), room)
            text = text.replace(old, new, replaced)
            changed += len(old) * replaced
    chars = list(text)
    while changed < budget:
        # An editor rewrites a word or a phrase, not scattered single characters.
        start, width = rng.randrange(len(chars)), rng.randint(2, 6)
        for i in range(start, min(start + width, len(chars))):
            if chars[i] != "\n":
                chars[i] = rng.choice(GIVEN)
        changed += width
    return "".join(chars)


def _furniture(text: str, rng: random.Random) -> str:
    name = rng.choice(NAMES) + rng.choice(GIVEN) + rng.choice(("", rng.choice(GIVEN)))
    line = rng.choice(
        (f"来源:{rng.choice(OUTLETS)}", f"责任编辑:{name}", f"(记者 {name})", f"编辑:{name}")
    )
    return f"{text}\n{line}" if rng.random() < 0.7 else f"{line}\n{text}"


def corpus(distinct: int, reprints: int, seed: int = 7) -> list[Story]:
    """`distinct` stories, then `reprints` copies (some of copies: a chain), originals first."""
    rng = random.Random(seed)
    stories = [distinct_story(i, rng) for i in range(distinct)]
    for number in range(distinct, distinct + reprints):
        # One in five reprints copies an earlier reprint: syndication chains exist.
        earlier = [s for s in stories if s.reprint_of is not None]
        source = (
            rng.choice(earlier)
            if earlier and rng.random() < 0.2
            else stories[rng.randrange(distinct)]
        )
        stories.append(reprint(source, number, rng))
    return stories


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--distinct", type=int, default=1000)
    parser.add_argument("--reprints", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    with args.out.open("w", encoding="utf-8") as out:
        for story in corpus(args.distinct, args.reprints, args.seed):
            out.write(json.dumps(asdict(story), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
