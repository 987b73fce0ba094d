"""Signing clauses: where a sentence says a document was (or was not) signed."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum

from pipeline.agreements.dates import DATE, cn_number
from pipeline.agreements.parties import WITH, body_of_person, is_org, title_parties
from pipeline.agreements.sentences import MAX_CLAUSE, Sentence, clause_end, clause_start
from pipeline.agreements.titles import DOC_NOUN, is_document_title, read_title

# "续签" renews, which is signing again; "互换《…》文本" is how a ceremony's signing ends.
# A space inside the verb is anti-copy junk or layout: "签 署".
VERB = re.compile(
    r"签 ?署|签 ?订|签 ?约|缔结|签下|签定|订立|会签(?![订署约字])|签字"
    r"|(?<![后继持陆])续签(?![署订约字])"  # not "后续签署": a signing to come
    r"|(?:共|互)签(?![订署约字定下])"  # "川渝两地人社部门3日共签《…》", "两院互签《…》"
    r"|(?:互换|交换)(?=了?《[^《》]{2,80}》|了?[^,。《]{0,20}(?:协议|合作|签约)文本)"
    # The hand on the document: "在《…》上郑重落笔", "在协议上落款并加盖公章", "按下红手印".
    r"|(?<=上)(?:郑重|庄重|共同|分别|正式|一同)?(?:落笔|落款|按下了?红?手印|加盖公章|盖章)"
    r"|(?:握手|落笔|牵手)成约|达成(?=了?《)"  # "会谈中达成《…协议》", not "达成一致"
    r"|(?<=文本)互换(?=仪式)"  # "举行《…》文本互换仪式"
    # A ceremony's agreement coming into force: "按下启动键,《…协议》正式生效"; never a
    # treaty's (《…协定》) or a law's, whose taking effect is no signing.
    r"|(?<=议》|录》|书》)(?:正式|同日|当日|即日|当天)生效"
    # spoken: "两地在铜梁区签了《…》", not asked: "到底签了多少合作协议?"
    r"|(?<!草)签了(?!多少|几|哪些|什么|不少)(?=[^,。;?]{0,12}?(?:《|协议|备忘录))"
)
# Real sentences hold at most 3 signing verbs; more is a keyword-stuffed page.
MAX_VERBS = 12
# Markers that the signing has not happened: planned, drafted, hoped for, denied.
_NOT_YET = re.compile(
    r"拟|不排除|或将|将于|将在|将要|将会|即将|将|计划|准备|有望|预计|待|尚未|未能|没有|未|不会|力争|争取|"
    r"起草|研究制定|筹备|酝酿|商讨|洽谈|推动|期待|建议|讨论|下一步|下步|后续|择期|择机|适时|尽快|成熟后|成熟时|必要时|逐步|"
    r"同意|商定|另行|应当|务必|届时|做好|(?<!已)(?:年|月|周)内|\d+个?(?:工作)?日内|下个?月|下周|"
    r"(?:底|末|旬|\d月)(?:之|以)?前$"  # a deadline: "(各区县)于5月底前签订…"
    r"|(?:研究|商议|磋商|协商)$"  # "…与…研究续签战略合作协议有关事宜": a signing considered
    r"|适当时[候机]|合适时[候机]"  # "在适当时候签订两地全面合作框架协议"
    # "四川希望教育集团", "希望小学": names, not hopes
    r"|希望(?![\u4e00-\u9fff]{0,4}(?:集团|公司|学校|小学|教育|工程|学院))"
)
# The signing as the topic of a talk: "双方还就共同会签《…协作办法》进行了磋商".
_ON_THE_TOPIC = re.compile(r"就(?:共同|联合|正式)?$")
_DISCUSSED = re.compile(
    r"[^,;。]{0,80}?(?:进行了?|开展了?)?(?:磋商|讨论|研究|协商|沟通|商谈|探讨|交流"
    r"|(?:达成|形成|取得)(?:一致|共识))"  # "并就共同签署…框架协议达成一致": agreed to sign
)
# A signing once a draft is approved: "审议通过后由七区县共同签署".
# (or a minute's decision: "…提请区委常委会会议审定后,以区政府名义与合江县人民政府签署"; not a
# report's "经双方审定后,于5月16日正式签署")
_ONCE_APPROVED = re.compile(
    r"(?:通过|审定|批准|定稿|完善)后(?:由[^,;。]{0,12}|,(?![^,;。]*(?:\d|正式|已|日|当天))[^,;。]{0,30})$"
)
# A task or a condition, not an event: "推动市交通局与渝北区交通局签署…" in a plan,
# "对…与德阳相关县签订产业合作协议…的,给予奖励" in a policy (but 对坪镇, 若水镇 are towns).
_DIRECTIVE = re.compile(
    r"^(?:[一二三四五六七八九十\d]{1,3}[、.)]|[(][一二三四五六七八九十\d]{1,3}[)]|[一二三四五六七八九十]是)?"
    r"\s*(?:(?:积极|加快|大力|进一步|着力|主动|全力|继续|配合)?"
    r"(?:推动|推进(?!会|中心)|鼓励|支持(?!中心)|引导(?!基金)|督促|促成|争取|力争)"
    r"|(?:对(?!口|接|外|标|此|于此)|对于|凡|如果|若(?!尔盖)|一旦|倘若)(?!\w{0,2}(?:镇|乡|街道))"
    r"|同意(?=[\u4e00-\u9fff]{2,40}$)"  # a board's consent: "审议通过了《…》,同意公司与…签署"
    r"|(?:并|同时)?授权"  # and its mandate: "并授权公司管理层与…签署《…》"
    r"|请(?=各|有关|相关|你|贵|全体)"  # a notice's request: "请各有关单位继续做好…会签"
    # an instruction: "(毕业生)应及时在学校就业系统中完成网上签约"
    r"|(?:应|须|需|要)(?:及时|按时|尽快|认真|主动))"
)
# A sentence about a ceremony to come: "据了解,签约仪式拟由A、B共同见证,C和D代表两地政府签约".
_CEREMONY_AHEAD = re.compile(
    r"^(?:据了解|据悉|另悉|记者了解到)?,?(?:此次|本次|届时)?,?(?:签约仪式|签约活动|仪式)"
    r"(?:将|拟|计划|定于|预计)"
)
# A signing scheduled, put off or called off: "原定于7月28日举行的…签约仪式…延期".
_CALLED_OFF = re.compile(
    r"原定|原计划|定于|延期|推迟|暂缓|取消|改期|原[^,;。]{0,6}(?:安排|议程)"  # "原活动议程中安排的"
)
# A plan governing the verb from before its time, place or partners, out of `_near_verb`'s
# reach: "将于今年下半年在宜宾正式签署", "宜宾市拟与重庆市永川区、贵州省遵义市签署".
_PLANNED_AHEAD = re.compile(
    r"(?:将|拟|计划|准备|有望|预计|即将|争取|力争|商定|约定|议定|(?<![必无])须)(?:于|在)?"
    r"(?:[^,与和同]{0,14}|[^,]{0,12}?(?:分别|共同)?(?:与|同|和)[^,;。]*)$"
    # "将在明年初召开的两区第五次联席会议上正式签署": at a gathering to come
    r"|(?:将|拟|计划|准备|有望|预计|即将|商定|约定|议定)(?:于|在)[^,;。]{0,30}"
    r"(?:会议?|仪式|活动|论坛|峰会|期间)上?(?:正式|共同|集中)?$"
)
# A definition or a habit, not an event: "友城是指…", "通常由双方签署合作备忘录即可".
_DEFINITION = re.compile(r"是指|指的是|所谓|通常由|一般由|往往由")
# A question asks about signing, tells none: "签订战略合作框架协议应注意哪些问题?"
_QUESTION = re.compile(r"[?？]\s*$")
# How signings usually go, or a made-up case: "双方往往先签订…", "甲公司与某区政府签订…",
# "很多企业…会先签订", "某某区县与某某市…签署".
_HYPOTHETICAL = re.compile(
    r"往往|通常|常常|一般会|(?<![大全年例])会先$|很多(?:企业|单位|地方|公司)|某某(?:区县|市|区|县|部门|单位|企业|公司)|"
    r"(?:^|与|和)(?:[甲乙丙丁](?:公司|方)|某(?:公司|企业|集团|[省市区县镇乡村]"
    r"(?:人民政府|政府)?))(?=与|和|$)"  # "甲方泸州市人民政府与…": a role, then the name
)
# A comment on the signing told before: "这是学校继…后,首次与重庆市区县政府签署…".
_THIS_IS = re.compile(
    r"^\s*(?:据了解,|据悉,|另悉,)?(?:这是|这也是|(?:此次|这次)(?:与[^,,。]{2,20}?)?签约,?是)"
)  # ("此次与东坡区签约,是本行…的又一举措": the signing told, as a topic)
# A clause that opens with a plan: "力争在今年下半年举行的…座谈会期间正式签署".
_PLAN_OPENS = re.compile(r"^(?:拟|计划|准备|有望|预计|即将|争取|力争|打算)")
# A clause that goes on from the one before it, its subject left out: "…,与大足区签署".
_GOES_ON = re.compile(r"^(?:并|还|再)?(?:与|同|和)")
_CONNECTIVE_OPEN = re.compile(r"^(?:另一方面|一方面|同时|此外|其次|首先|[一二三四五]是)")


def _clause_before(text: str, verb_at: int, left: str) -> str:
    """The clause before `left` in its sentence, without its opening connective:
    "另一方面,计划在4月举行的推介会上," → "计划在4月举行的推介会上"."""
    before = text[: verb_at - len(left)].rstrip(",， ")
    last = re.split(r"[,，;；:：]", before)[-1]
    return _CONNECTIVE_OPEN.sub("", last.strip())


# A clause opening in the future governs the rest of its sentence: "待条件成熟后,两市…部门
# 再分别签订…", "届时,双方将…".
_FUTURE_OPEN = re.compile(
    # (after what the sides agreed: "双方一致同意,待各自履行审议程序后,于下半年正式签署")
    # (or after a proposal: "也有代表建议,下一步可在…深化,必要时签订…")
    r"\s*(?:[^,;。]{0,10}(?:同意|商定|约定|议定|决定|建议|提议|呼吁)[,:])?\s*"
    r"(?:待|届时|等到|明年|下一步|下步|今后|未来|(?<=[,:])[^,;。]{0,8}将)"  # "双方商定,5份协议将…"
)
# A proposal's sentence: "“我建议,由两地教育部门牵头,签订《…》", "他提议:…签署".
_PROPOSAL_OPENS = re.compile(r"\W{0,2}[^,;。“”]{0,10}(?:建议|提议|倡议|呼吁)[,,::]")
# The clause opens with a plan, or names an occasion still to come: "商定在下月召开的…联席会议
# 上签署《…》".
_PLANNED_LEFT = re.compile(
    r"^(?:双方|两地)?(?:商定|约定|议定|计划|拟定?|决定|定于)"
    r"|(?:下个?月|下周|明年|近期)[^,;。]{0,10}(?:召开|举行|举办)的"
)
# The clause itself proposes: "建议川渝两地医保部门签署…" (not "在…建议下,双方签署").
_PROPOSED = re.compile(r"(?:建议|提议|倡议|呼吁)(?!下)")
# A signing remembered: "双方代表在协议上签字的那一刻,标志着…", "两地已经签署过…协议" (as
# experience), "《…》(2021年签署)".
_REMEMBERED = re.compile(r"^的?(?:那一刻|那一天|那天|那年)|^过(?!程)")
_YEAR_NOTE = re.compile(r"[(（]\s*\d{4}年(?:\d{1,2}月)?$")
# A sentence looking back to a year: "【解说】回望2020年,川渝两地…签署《…》".
_LOOKING_BACK = re.compile(r"^\s*(?:【[^】]{1,4}】)?(?:回望|回顾|回首|回想|追溯)\d{4}年")
# Background rather than news: "早在2019年", "曾签署".
# "曾" is "once" before a verb or preposition; before a given name it is a surname (曾某某).
_PAST = re.compile(r"早在|曾经|曾(?=于|在|与|和|同|签|共同|先后|多次|就|向|对|为)|此前已|先前")
_AFTER_DOC = re.compile(
    r"^》?(?:的|以来|后|之后|至今|时|(?:将)?有(?:利|助)于"  # "签订…协议有利于推动…": a topic
    r"|(?:[一二两三四五六七八九十百\d]+|半)(?:(?:个多?月|年多?|周|天)(?:以?来)|周年))"
)  # "…协议一年来", "…协议一周年之际"
# A plan stated earlier in the sentence governs a verb with no subject of its own:
# "力争在签署《…》的同时,一并签署…".
_PLAN = re.compile(r"力争|拟|计划|准备|将于|有望|争取|预计")
# The verb used as a reference point: "签署后两天", "签订不到1个月", "签署的《…》".
_AFTER = re.compile(r"^(?:了)?(?:后|之后|前|之前|以来|不到|至今|时|当天|当日|仪式|的|之日)")
_TAKES_EFFECT = re.compile(r"^(?:后|之后)(?:即|正式)?生效")
_ORDER_VERB = re.compile(r"^[”’\"]? ?(?:了|完成|下|有)? ?")  # ”: "“云签约”《…》"
# "累计签署合作协议252份", "已签下不少于30个合作协议", "签约项目35个".
_COUNT = re.compile(
    r"^[^,;。《]{0,10}?(?:\d+|[一二两三四五六七八九十百千]+)(?:余|多)?(?:份|个|项|件|批|宗)"
)
_COUNT_LEFT = re.compile(r"累计|共计|累积|先后|合计|总计|总共|共签")
_TITLED_COUNT = re.compile(
    r"^(?:《[^《》]{2,80}》[、和及与]?)+等[^,;。《》]{0,12}?(?:\d+|[一二两三四五六七八九十百千]+)(?:余|多)?(?:份|个|项|件)"
)
_DOC_IN_PHRASE = re.compile(
    r"(?:协议书?|备忘录|意向书|合作框架(?:协议书?)?|行动计划|协定|合作书|合作纲要|公约|约定书|合作文件|MOU|MoU)"
)
# "A公司…项目签约落户B高新区": an investment agreement between the firm and the zone.
_FIRM_PROJECT = re.compile(
    r"([\u4e00-\u9fff()]{2,30}?(?:有限公司|公司|集团))[^,。;]{0,40}项目(?:正式|成功|顺利)?$"
)
_SETTLES = re.compile(r"^(?:成功|正式)?(?:落户|入驻)(?:在|于)?([\u4e00-\u9fff]{2,16}?)(?:[,。;]|$)")
# "A与B以视频连线方式完成“云签约”": the parties before how they signed.
_DONE_HOW = re.compile(
    r"(?:(?:以|通过)[^,与和]{1,12}?(?:方式|形式)?)?(?:完成|进行|举行|实现)了?[“\"]?"
    r"(?:云|线上|网上|视频|远程)?$"
)
# Private-law documents: a compensation or purchase agreement is no cooperation pact.
_PRIVATE = re.compile(
    r"赔偿|和解|调解|离婚|劳动|购房|租赁|转让|买卖|采购|借款|贷款|拆迁|(?<!生态)(?<!保护)补偿|保密|竞业|"
    r"承诺|对赌|收购|认购|股权|用工|聘用|录用|聘任|引才|合同|合约|经纪|授信|就业|^三方协议|土地流转|"
    r"(?:资金|专户|账户)[^,;。]{0,12}监管协议"  # a listed firm's custody of its raised funds
)
# "《川渝工会服务新就业形态劳动者合作协议》", "《川渝劳动保障监察执法协作协议》": a
# cooperation document whatever its field. 生态(保护)补偿 between places (a river's upstream
# and downstream) is cooperation too.
_COOPERATION_DOC = re.compile(
    # "《川渝高校毕业生就业创业协同服务协议》"
    r"(?:合作|协作|协同|联动|互认)(?:服务|发展|框架)?(?:协议|备忘录|协定)|生态(?:保护)?补偿"
)
# An artist's management contract, whatever it is called: "全约经纪合作协议"; a document
# ending an agreement: "《〈…投资合作协议〉之终止协议》".
_ALWAYS_PRIVATE = re.compile(r"经纪|艺人|(?:终止|解除)[^,;。]{0,6}协议")  # 《解除投资协议书》
# A service's users, told how to sign for it in the clause before.
_SERVICE_USERS = re.compile(
    r"(?:借款人|缴存人|缴存职工|参保人员?|纳税人|缴费人|办事群众|申请人)(?:均|也|还)?(?:可|需|须|应|凭|持)"
)
# Signings with people, not bodies: a family doctor's residents, a singer, graduates.
_PRIVATE_PARTY = re.compile(
    r"(?:与|和|同)(?:签约)?[\d一二三四五六七八九十百千万余多名户位批辖区内当地全体部分高校应届]{0,10}"
    r"(?:居民|村民|农户|群众|患者|家庭|学生|毕业生|用户|客户|消费者|业主|员工|职工|求职者|"
    r"(?:执业)?律师|法律服务工作者|法律顾问)"  # "各村与执业律师签订《法律顾问服务协议》"
    r"|(?:歌手|演员|艺人|球员|主播|作家|明星|选手|教练|外援|家庭医生|(?<![\d一二三四五六七八九十两几多数])家医|签约医生)"
    # (a body of them: "重庆市作家协会与四川省作家协会签署"; a name holding the word:
    # "成都启明星汽车电子有限公司")
    r"(?![^\s与和同,，、;。]{0,10}?(?:协会|学会|联合会|联盟|公司|集团))"
    # residents who sign for a service: "常住居民可凭居住证就近在…中心签约"
    r"|(?:居民|村民|农户|群众|患者|毕业生)(?:均|也|还)?(?:可|需|须|凭|到|持)"
    # people who sign for themselves: "纳税人可通过电子税务局在线签订《委托扣款协议书》"
    # ("仪式上,280名定向医学生分别与学校和…卫生健康局签订《…培养协议书》")
    r"|(?:^|[,，])(?:广大|当地|辖区|每名|每位|每个|全体|所有|[\d余多百千]+名[\u4e00-\u9fff]{0,4}?)?"
    r"(?:纳税人|缴费人|居民|村民|"
    r"农户|群众|患者|市民|家长|学生|毕业生|考生|用户|客户|消费者|业主|员工|职工|志愿者)"
    r"(?:代表)?(?:分别)?(?:可以?|只需|需要?|均|都|通过|在|到|与|和|同)"
    # one of them by name: "石永镇村民刘志强与重庆一家化工企业签订了意向协议"
    r"|(?:村民|居民|农户|市民|职工|求职者)[\u4e00-\u9fff]{2,3}(?:与|和|同)"
)
# 签约 as a family doctor's service or a job fair's rate: "签约服务", "签约率", "签约居民".
_OTHER_SENSE_RIGHT = re.compile(
    r"^(?:服务|率|居民|人数|对象|医生|团队|主播|艺人|作家|球员|院校|单位|学校|企业)"
)  # "请各签约院校于10月30日前…": the schools that will sign
# "…签约仪式在…举行", "出席签约仪式", "见证签约": the ceremony is the news.
_CEREMONY_RIGHT = re.compile(
    r"^(?:暨[“\"]?[\u4e00-\u9fff]{1,12}?[”\"]?(?:授牌|揭牌)?|授牌|揭牌)?(?:仪式|活动|大会|现场)"
)  # "…合作办学签约暨“川渝中医药职业教育联盟”授牌仪式举行"
_CEREMONY_CUE = re.compile(r"举行|举办|进行|隆重|出席|见证|参加|主持|现场|致辞|在.{1,20}$")
_CEREMONY_LEFT = re.compile(
    r"举行|举办|见证$|见证下|共同见证|见证(?:校地|校企|政企|院地)?(?:双方|两地|三方|各方)$|出席了?$|主持了?$|参加了?$"
    r"|(?:出席|参加)[^,。]{0,40}(?:及|和|暨)$"  # "出席…座谈会及签约仪式"
    r"|召开[^,。]{0,40}暨"  # "召开…联席会议暨《…》签署仪式"
)
# "A、B在成都联合举行了…": what comes before is who held the ceremony.
_HOLD = re.compile(r"(?:在[^,]{1,20}?)?(?:联合|共同)?(?:举行|举办)了?")
# Where the parties end and the document's name begins, without a 举行 to tell:
# "西南大学与北碚区人民政府|全面深化合作协议", "…与重庆市渝中职教中心|合作框架协议".
_ORG_UNIT = (
    r"(?:人民政府|政府|管委会|委员会|集团|公司|大学|学院|医院|银行|中心|法院|检察院|局|委|厅|"
    r"办|社|会|所|区|县|市|省|州|校)"
)
_DOC_START = (
    r"(?:全面|战略|深化|合作|框架|共建|关于|推进|推动|协同|联合|校地|校企|结对|友好|一体化|"
    r"项目|人才|产业|文旅|教育|医疗|科技|紧密|成渝|川渝|经济|区域|对口|共同|助力|服务|加快|加强)"
)
_PARTIES_BEFORE_DOC = re.compile(
    rf"^(.*?(?:与|和|(?<!协)同|、|携手|(?<=[\u4e00-\u9fff])[—–-]).*?{_ORG_UNIT})"
    rf"(?=(?:“[^“”]{{2,24}}”)?{_DOC_START})"  # "…人民医院“川渝消化病专科联盟”合作签约"
)
# "公司与雅安市名山区人民政府茶旅融合发展战略合作协议": a body's full name ends the parties
# whatever word the document's name starts with.
_BODIES_BEFORE_DOC = re.compile(
    r"^(.*?(?:与|和|同|、).*(?:人民政府|管委会|委员会|集团|公司|大学|学院|医院|银行|分行)"
    r"(?:\([^()]{1,30}\))?)"  # "(以下简称建行四川省分行)"
    r"(?=[^与和同、()]{2,30}(?:协议书?|备忘录|合作框架)$)"
)
# Who signs with a bare 签约: people "代表双方", or two bodies "甲市与乙区正式".
# A bare 签约 has two sides: "携带身份证到社区卫生服务中心签约" is a resident's errand.
_TWO_SIDES = re.compile(r"与|和|同|及|、|代表|双方|两地|三方|各方")
_BARE_SIGNING = re.compile(
    r"代表(?:双方|两地|三方|各方|校地双方|双方单位)"
    r"|(?:双方|两地|两院|两校|三方|各方)代表(?:现场|正式|共同)?$"  # "双方代表现场签约"
    r"|(?:双方|两地|两院|两校|三方|各方)代表[^,，。与和]{0,8}?(?:完成|进行)$"  # "“隔空”完成签约"
    r"|(?:市|区|县|省|政府|大学|学院|医院|集团|公司|银行|中心|局|委|委员会|管委会|协会|商会)"
    r"(?:正式|现场|成功|共同|携手|顺利)?$"
)
# "深圳市华冠新能源科技有限公司(以下简称华冠新能源)": the name the text uses next.
_SHORT_NAME = re.compile(r"\((?:以下)?简称[^()]{1,16}\)$")
# Where the bodies signed on the spot: "…乐山市市中区与重庆市南岸区在主会场现场".
_WHERE = re.compile(r"在[^,，与和同、]{1,12}?现场$")
# "区政府与中国电信重庆分公司签约共建“数字璧山”": the bare 签约 says what it is for.
_SIGNED_FOR = re.compile(r"^(?:共建|合作|结对|联手|携手|共同(?:打造|推进|建设))")
# "A与B签约新能源汽车电驱系统项目,总投资26亿元": the bodies sign the project's investment
# agreement (the corpus counts it, train 073/115).
_PROJECT_SIGNED = re.compile(r"^了?[^,;。、与和《》]{2,30}?项目(?:[,;。]|$)")
_PROJECTS = re.compile(
    r"项目|招商|采购|合同|球员|外援|新人|艺人|歌手|主播|签约仪式暨|就业|毕业生|招聘|实习生|人才(?!培养|交流|合作|发展)"
    r"|学生$|志愿者$"  # "…定向医学生签约仪式": students sign for themselves
)
_JOB_FAIR = re.compile(r"双选会|招聘会|供需见面会|人才交流会")
# A school's or a firm's hires signing their contracts: "我校2025年新教师签约仪式".
_NEW_HIRES = re.compile(r"新(?:教师|员工|职工|入职|进人员)|(?:引进|新进)人才|应届")
# "分别在共建济南大学协议上签字": the document is where the names go.
_SIGNED_ON = re.compile(
    r"在\s?(《[^《》]{2,60}》|[^在]{0,40}?(?:协议书?|备忘录|意向书|合同书?|MOU|MoU))\s?上$"
)
# Background told before the clause, in the same sentence: "早在2017年8月,A与B签订…".
# Narrative past without a date: "三年前,", "当年,", "当年4月", "彼时", "时任市长某与…", "建设以来,"
# (but "今年以来," opens a round-up of this year's signings).
_HISTORY_PREFIX = re.compile(
    r"早在|曾于|先前|(?:\d{1,2}|[一二两三四五六七八九十几数多]{1,3})年前|去年|前年|\d{4}年以来"
    r"|上一?届|往届"  # "上届西博会期间,川渝两地签署了《…》": the previous edition's
    r"|(?:纠纷|案件|一案|诉讼)中"  # "在一起合作种植纠纷中,A公司与B公司签订…": a case's facts
    r"|当年(?:,|\d{1,2}月|[一二三四五六七八九十]{1,2}月|底|初)|那年|彼时|那时|时任|上个?月(?![\d一二三四五六七八九十]{1,3}[日号])|(?<!今年)(?<!年初)(?<!近期)(?<!月)以来,"
    r"|近年来|多年来|近几年|这些年|全年|[\d一二两三四五六七八九十几数半]+(?:个多?月|年多?)以?来"
)
# "此前,双方签署了…": earlier, by how much the text does not say. With a date of its own
# ("此前,在4月12日,…签署") the date decides (`extract.is_history`): days ago is news.
# ("此前一天": the eve of the event, part of its news.)
_EARLIER = re.compile(
    # ("经过前期多轮对接,A与B签订…": the talks were earlier, the signing is now)
    r"此前(?![一两二三]天)|之前|(?<!经过)(?<!经)前期(?!工作|准备|手续|调研|论证|研究|规划|投入|[^,;。]{0,6}(?:对接|洽谈|沟通|磋商|接洽))|早前"
)
# A cumulative count is background; a count signed at this event is the news.
# A sentence opening on a span of time tells what was done in it: "全年与…召开联席会议6次,
# 与重庆方面签署《…》等合作协议23份".
_ROUND_UP_OPENS = re.compile(r"^(?:全年|[一二两三四五六七八九十\d]+年来|近年来|多年来)")
_CUMULATIVE = re.compile(
    r"累计|共计|累积|先后|合计|总计|总共|共签|已$|已经|至今|以来|年来|目前|迄今|截至|今年|年内|全年"
    r"|据(?:公开)?报道|(?:一|整)年(?:里|中|间)?,"  # "据公开报道,仅2020年一年,…就签署了200多份"
    r"|(?:^|[^一二两三四五六七八九十〇])[两三四五六七八九十]年多?$"  # a headline's "三年签下56份"
)
_COUNTED_BEFORE = re.compile(
    r"((?:\d+|[一二两三四五六七八九十百]+)(?:个|份|项)[^,;。《》]{0,12}?(?:协议书?|备忘录|项目))"
    r"(?:集中|现场|成功|顺利|正式|同步|一并)*$"
)
_PROJECTS_COUNTED = re.compile(r"^了?(?:重大|重点|招商|投资|产业)?项目\d+个")
_BOTH_SIDES = re.compile(r"[\u4e00-\u9fff]{2,}与[\u4e00-\u9fff]{2,}")
_SINCE_OPENING = re.compile(r"^[^,,;。]{0,8}(?:以来|年来|截至|迄今)")
# A party in a lawsuit: what it signed is a fact of the case, not this day's news.
_LITIGANT = re.compile(r"原告|被告|上诉人|申请人|第三人(?!民)")  # not "第三人民医院"
# The object's head noun follows the document word: "签订协议存款合同" signs a deposit.
_OBJECT_TAIL = re.compile(r"[\u4e00-\u9fff]{0,6}")
_PASSIVE_TAIL = re.compile(r"(?:在[^,]{1,20}?)?(?:正式|成功|顺利|已经|已)*$")
_DOC_WORD = re.compile(r"协议|备忘录")
# "…在两地会场同步完成", "《…》5月18日下午在隆昌市石牌坊景区签署"
_PASSIVE_TITLE = re.compile(r"《([^《》]{2,80})》([^《》,]{0,24})$")
# "《…》由泸州市与永川区共同签署", "《…》经A局、B局负责人签字后正式生效", "《…》于8月2日在
# 铜梁由A、B签订": the name, then who signed it.
_PASSIVE_BY = re.compile(
    r"《([^《》]{2,80})》([^《》,由经]{0,16})(?:由|经)([^《》,]{2,120}?)(?:共同|联合|正式|分别)*$"
)
# "《A》暨《B》": two documents; "《A》(以下简称《A'》)和《B》": the short name is no third
_TITLE_CHAIN = re.compile(
    r"(?:\((?:以下)?(?:简称|称)[^()《》]{0,4}《[^《》]{1,20}》[^()]{0,4}\))?(?:、|和|及|与|以及|暨|,|)"
)
# Words between the verb and a list of titles: "签署了两地《…》", "签订了战略合作框架协议《…》",
# "签署了包括《A》《B》在内的5个合作协议".
_TITLE_LEAD = re.compile(r"(?:包括|包含|涵盖)?[\u4e00-\u9fff]{0,12}?(?=《)")
# After "《A》,《B》" a verb means a new clause about B, not one more title signed.
_NEXT_CLAUSE = re.compile(r"(?![等和及与、《,。;]|在内|$)[\u4e00-\u9fff]")
# A closed 《name》, whose words ("…行动计划", "2022年…") are none of the sentence's.
CLOSED_TITLE = re.compile(r"《[^《》]*》")


def _names_emptied(text: str) -> str:
    """`text` with its closed names emptied, for the words of time and plan around them."""
    return CLOSED_TITLE.sub("《》", text)


# "自…签订…协议以来": the signing as the start of a time; not 自贡, 自然资源局, 自贸区.
_SINCE = re.compile(r"自(?!贡|流井|然|治|主|动|由|贸|来水|行车|驾)")
_SAID_DOC = re.compile(
    r"^了?(?:该|此|上述|这份|这一|这项|本)(?:项|份)?(?:合作)?(?:协议|备忘录|合同)"
)
# A document of another document: "《A》补充协议", "《A》的实施细则".
_OF_TITLE = re.compile(r"的?(?:补充协议|补充条款|补充备忘录|实施细则|修正案|附件|续签协议)")
_JOINER = re.compile(r"^(?:和|及|以及|与|暨|、|,)")


class Kind(Enum):
    """What a signing verb reports."""

    SIGNED = "signed"
    CEREMONY = "ceremony"  # a signing ceremony held or attended: signed, document unnamed
    NOT_YET = "not_yet"
    COUNT = "count"
    REFERENCE = "reference"
    PAST = "past"
    NO_DOCUMENT = "no_document"


@dataclass(frozen=True, slots=True)
class Clause:
    """One signing verb in a sentence, classified, with what it signed."""

    sentence: Sentence
    kind: Kind
    left: str  # the clause before the verb: the parties, the date, the adverbs
    verb_at: int
    titles: tuple[str, ...]  # 《》 names signed here
    doc: str  # the object phrase ("大数据战略合作协议"), "" when none
    subject: str | None = None  # who signed, when not the clause before the verb (ceremonies)


def signs_a_project(clause: Clause) -> bool:
    """Whether the clause's verb takes a project of its own ("…签约智能终端产业园项目")."""
    verb = VERB.match(clause.sentence.text, clause.verb_at)
    return bool(verb and _PROJECT_SIGNED.match(clause.sentence.text[verb.end() :]))


def _inside_title(text: str, at: int) -> bool:
    """Whether `at` is inside a closed 《name》, or an announcement's name a flattened page
    runs into its text ("…股份有限公司 关于与射洪市人民政府签订战略合作框架协议的进展公告")."""
    if text.count("《", 0, at) > text.count("》", 0, at) and "》" in text[at:]:
        return True
    return any(m.start() < at < m.end() for m in _ANNOUNCEMENT_NAME.finditer(text))


_ANNOUNCEMENT_NAME = re.compile(r"关于[^,。;:!?《》]{2,60}?的[^,。;:!?《》]{0,12}公告")


def find_clauses(sentence: Sentence) -> list[Clause]:
    """Every signing verb in `sentence` with its classification."""
    text = sentence.text
    out: list[Clause] = []
    for m in itertools.islice(VERB.finditer(text), MAX_VERBS):
        if _inside_title(text, m.start()):
            continue  # "原标题《邻水长寿签署“1+4”合作协议》": a name, no clause of the sentence
        subject = None
        left = _listed_before(text, clause_start(text, m.start()), m.start())
        right = text[m.end() : clause_end(text, m.end())]
        titles, doc = read_object(right, text[m.end() : m.end() + MAX_CLAUSE])
        passive = _PASSIVE_TITLE.search(left)
        by = _PASSIVE_BY.search(left) if not titles else None
        if by and is_document_title(by[1]):
            titles, doc, subject = (by[1],), by[1], by[3]
            kind = classify(left[: by.start()] + by[2], right, titles, doc, text[: m.start()])
        elif (
            passive
            and not titles
            and not _DOC_WORD.search(passive[2])  # "见证了A与B《…》及…5个专项合作协议的签署"
            and not (_AFTER.match(right) or _AFTER_DOC.match(right))
            and is_document_title(passive[1])
        ):
            # "《…协议》在成都正式签署": the name comes first, the parties before it;
            # "《A》和《B》同步签署" names two.
            titles, left = _passive_chain(passive[1], left[: passive.start()])
            left = left.removesuffix("在")  # "A与B分别代表两地政府在《…》上签字"
            # "A与B将《…》正式签署": 将 and 把 bring the object before the verb, no plan
            disposal = left.endswith(("将", "把"))
            left = left[:-1] if disposal else left
            doc = titles[-1]
            # "加快推动《…》签署": a plan stated right before the name governs it too, not
            # a clause describing the document ("共同推动的《…》在成都正式签署").
            planned = (
                not left.endswith("的") and not disposal and bool(_NOT_YET.search(_near_verb(left)))
            )
            pending = _NOT_YET.search(passive[2]) or planned
            kind = Kind.NOT_YET if pending else Kind.SIGNED
            if _PRIVATE.search(doc) and not _COOPERATION_DOC.search(doc):
                kind = Kind.NO_DOCUMENT  # "办理《毕业生就业协议书》签订手续"
        elif (on_doc := _SIGNED_ON.search(left)) and is_document_title(on_doc[1].strip("《》")):
            doc = on_doc.group(1).strip("《》")
            left = left[: on_doc.start()]
            kind = classify(left, "", (), doc, text[: m.start()])
        elif witnessed := _witnessed(left):
            # "共同见证了A与B《…》及…等5个专项合作协议的签署": the signing witnessed.
            subject, titles, doc = witnessed
            kind = classify(subject, "", titles, doc, text[: m.start()])
        elif (split := _parties_and_doc(left)) and not (
            _AFTER.match(right) or _AFTER_DOC.match(right)
        ):
            # "泸州市与永川区战略合作协议正式签署": the document, unnamed, before the verb.
            subject, doc = split
            kind = classify(subject, right, (), doc, text[: m.start()])
        elif (settles := _SETTLES.match(right)) and (firm := _FIRM_PROJECT.search(left)):
            subject, doc = f"{firm[1]}与{settles[1]}", ""
            kind = classify(subject, "", (), "", text[: m.start()])
        elif (how := _DONE_HOW.search(left)) and how.start() > 0 and "与" in left[: how.start()]:
            subject = left[: how.start()]
            kind = classify(subject, "", (), "", text[: m.start()])
        elif (
            not titles
            and not doc
            and (first := _TITLES_FIRST.match(text))
            and first.end() <= m.start() - len(left)
            and (named := tuple(t for t in TITLE.findall(first[1]) if is_document_title(t)))
        ):
            # "《A》,达州市医疗保障局与重庆市开州区医疗保障局昨日在开州正式签署", "《A》《B》
            # ——昨天,这两份文件由A与B在遂宁签署": the sentence opens with what was signed
            titles, doc = named, named[-1]
            left = _THESE_DOCUMENTS.sub("", left)
            kind = classify(left, right, titles, doc, text[: m.start()])
        elif not titles and not doc and (counted := _COUNTED_BEFORE.search(left)):
            # "会上,12个合作协议集中签约": the count as the subject, told as at "集中签约12个…"
            doc = counted[1] if _DOC_IN_PHRASE.search(counted[1]) else ""
            left = left[: counted.start()]  # who signed them, the sentence does not say
            kind = classify(left, counted[1] + right, (), doc, text[: m.start()])
        elif _is_ceremony(text, left, right, m.end()):
            kind, doc, subject = _ceremony(left)
            titles = (doc,) if kind is Kind.SIGNED and f"《{doc}》" in left else ()
            if (
                _ceremony_to_come(text, m.end(), left)
                or _HELD_AHEAD.search(left)
                or _AIMED_AT.search(left)
            ):
                kind = Kind.NOT_YET
        else:
            kind = classify(left, right, titles, doc, text[: m.start()])
        if kind is Kind.SIGNED and (
            _REMEMBERED.match(right)
            or _YEAR_NOTE.search(text[: m.start()])
            or _LOOKING_BACK.match(text)
        ):
            kind = Kind.PAST
        if (
            kind is Kind.SIGNED
            and _PLAN.search(_names_emptied(text[: m.start() - len(left)]))
            and _bare(left)
        ):
            kind = Kind.NOT_YET
        if kind is Kind.SIGNED and m[0] == "签了" and not left.strip('“”" ') and not titles:
            # a remark: "“补偿标准公开透明,签了协议心里踏实。”居民王大姐…说"
            kind = Kind.NO_DOCUMENT
        if kind in (Kind.SIGNED, Kind.CEREMONY) and (
            _CALLED_OFF.search(text[: m.start()])
            or _PLANNED_AHEAD.search(_names_emptied(left))  # not "《…行动计划》签约仪式"
            or _PLAN_OPENS.match(left)
            or (_GOES_ON.match(left) and _PLAN_OPENS.match(_clause_before(text, m.start(), left)))
            or (kind is Kind.CEREMONY and _FUTURE_OPEN.match(text))  # "双方商定,…将于…签约"
            or _CEREMONY_AHEAD.match(text)  # "签约仪式拟由…见证,…代表两地政府签约"
        ):
            kind = Kind.NOT_YET  # "原定于7月28日举行的签约仪式因…延期", "将在仪式举行时一并签署"
        if kind in (Kind.SIGNED, Kind.CEREMONY) and (
            _DEFINITION.search(text[: m.start()])
            or _THIS_IS.match(text)
            or _HYPOTHETICAL.search(left)
            or _QUESTION.search(text)
        ):
            # "友城是指…经双方政府正式签署《…》而建立的…关系"; "这是学校…首次与…签署…"
            kind = Kind.REFERENCE
        before = text[max(0, m.start() - len(left) - 30) : m.start() - len(left)] + left
        before = _names_emptied(before)  # "《…2021年以来…》" tells no time of the signing
        before = before.rsplit(";", 1)[-1]  # "…前期工作;A与B签署": another clause's time
        earlier = _EARLIER.search(before) and not DATE.search(before)
        if kind in (Kind.SIGNED, Kind.COUNT) and (
            _HISTORY_PREFIX.search(before) or earlier or _ROUND_UP_OPENS.match(text)
        ):
            kind = Kind.PAST
        if (
            kind is Kind.SIGNED
            and out
            and out[-1].kind is Kind.NOT_YET
            and _SAME_SUBJECT.match(left)
        ):
            # "A还将与B签署《…》,与C签署…": the subject and its 将 go on to the next partner
            kind = Kind.NOT_YET
        placeholder = _PLACEHOLDER.search(left + "".join(titles))
        if kind in (Kind.SIGNED, Kind.NO_DOCUMENT, Kind.CEREMONY) and placeholder:
            # a template to fill in ("有请XX市人民政府副市长XXX…签署《XX大学 XX区…协议》"):
            # whoever uses it will sign
            kind = Kind.NOT_YET
        out.append(Clause(sentence, kind, left, m.start(), titles, doc, subject))
    return out


_PLACEHOLDER = re.compile(r"XX|××|ＸＸ|xx(?=[\u4e00-\u9fff])")
# A clause that only names the next partner of the clause before: "与中国民航大学".
_SAME_SUBJECT = re.compile(r"^(?:并|还|也|再)?(?:与|和|同)")


_LIST_END = re.compile(r"(?:共同|联合|分别|正式|集中)+$")
_PAIRED = re.compile(rf"^[^与和同]{{1,15}}(?:与|和|{WITH})(.{{2,25}})$")
_LIST_PIECE = 25


_COUNTED_BODIES = re.compile(r"^[两二双](?:地|镇|乡|街道|市|区|县|校|院|局|方)")
_MET = re.compile(r"在|于|召开|举行|共同|联合")


# What a person does is no part of their name: "…书记代表双方", "…书记见证签约".
_DOING = re.compile(r"代表|见证|出席|参加|陪同|签|双方")


def _one_person(piece: str) -> bool:
    """Whether `piece` is one person by a body's post: "泸州市公安局党委书记、局长何建军"."""
    return not _DOING.search(piece) and body_of_person(piece) is not None


def _listed_before(text: str, start: int, verb_at: int) -> str:
    """The clause before the verb, with a list of partners the writer separated by commas
    ("雅安与四川农业大学,成都中医药大学,四川旅游学院五所高校签署"): every piece a body's name
    back to one that pairs ("A与B"). The commas become list marks."""
    left = text[start:verb_at]
    if start > 0 and text[start - 1] == "," and _one_person(_LIST_END.sub("", left)):
        # "A局局长某,B局局长某,C局局长某共同签署": each piece a person with a body's post
        people = [left]
        for piece in reversed(text[: start - 1].split(",")[-8:]):
            if not _one_person(piece):
                break
            people.insert(0, piece)
        return ",".join(people)
    if start == 0 or text[start - 1] != "," or not _bodies_listed(_LIST_END.sub("", left)):
        return left
    if _COUNTED_BODIES.match(left):
        # "A与B在富顺召开座谈会,两县区签订…": the pair told again, not one more of a list
        before = text[: start - 1].split(",")[-1]
        paired = _PAIRED.match(before)
        if paired is None or not is_org(paired[1]):
            return left
        met = _MET.search(before, paired.start(1))
        return before[: met.start()] if met else before
    pieces = [left]
    for piece in reversed(text[: start - 1].split(",")[-8:]):
        if len(piece) > _LIST_PIECE + 16:
            return left
        paired = _PAIRED.match(piece)
        if paired and is_org(paired[1]) and not _MET.search(paired[1]):
            # (not "A与B在合川召开…座谈会,": the pair met, and is no piece of this list)
            return "、".join([piece, *reversed(pieces)])
        if (
            _OPENS_LIST.fullmatch(piece)
            and any("、" in p for p in pieces)
            and not any(_MET.search(_LIST_END.sub("", p)) or "与" in p for p in pieces)
        ):
            # "会上,荣昌区安富街道、峰高街道,泸县福集镇、玉蟾街道和龙马潭区胡市镇共同签订":
            # lists of each side's bodies, set apart by a comma
            return "、".join(reversed(pieces))
        if len(piece) > _LIST_PIECE * 2 or not _bodies_listed(piece):
            return left
        pieces.append(piece)
    return left


_OPENS_LIST = re.compile(
    r"\s*(?:会上|仪式上|签约仪式上|活动中|当天|当日|同日|近日|日前|随后|现场|"
    r"\d{1,2}月\d{1,2}日(?:上午|下午)?)"
)


def _bodies_listed(text: str) -> bool:
    """Whether `text` names a body, or lists bodies ("荣昌区安富街道、峰高街道")."""
    return is_org(text) or ("、" in text and all(map(is_org, re.split("、|和|及", text))))


_CHAINED_BEFORE = re.compile(r"《([^《》]{2,80})》(?:、|和|及|与|以及|暨|,)?$")


def _passive_chain(title: str, before: str) -> tuple[tuple[str, ...], str]:
    """The titles chained before a passive one ("《A》和《B》同步签署"), and what is left."""
    titles = [title]
    while (m := _CHAINED_BEFORE.search(before)) and is_document_title(m[1]):
        titles.insert(0, m[1])
        before = before[: m.start()]
    return tuple(titles), before


# ("…见证了A与B专科联盟合作协议签约": the document's name before the verb, no 的)
_WITNESSED = re.compile(r"见证了?([^,;。]{4,}?)(?:的|(?<=协议|忘录|向书))$")
# A sentence opening with the names of what it says was signed, after a dateline at most.
_TITLES_FIRST = re.compile(
    r"^(?:[^《》,。]{0,30}?(?:讯|电|\)|）|\s)|(?:一份|这份|一项)?名为)?((?:《[^《》]{2,80}》[、和及与]?)+)"
    r"(?:的(?:文件|协议|备忘录))?(?:[,,:]|——)"  # "一份名为《…》的文件,3月9日由A和B…签署"
)
_THESE_DOCUMENTS = re.compile(r"^.*?(?:文件|协议)(?:由|经)")  # "这两份文件由A与B…签署": A与B
TITLE = re.compile(r"《([^《》]{2,80})》")  # a 《》 name, its text captured


def _witnessed(left: str) -> tuple[str, tuple[str, ...], str] | None:
    """(parties, titles, document) of a signing named as what was witnessed: "见证了A与B
    《T》的签署", "见证A与B战略合作协议的签订"; None for anything else."""
    seen = _WITNESSED.search(left)
    if seen is None:
        return None
    what = seen[1]
    titles = tuple(t for t in TITLE.findall(what) if is_document_title(t))
    if titles:
        return what[: what.index("《")], titles, titles[-1]
    if split := _parties_and_doc(what):
        return split[0], (), split[1]
    # "…见证了A医院与B医院心血管内科专科联盟合作协议签约": a body's name ends the parties
    bodies = _BODIES_BEFORE_DOC.match(what)
    return (bodies[1], (), what[bodies.end() :]) if bodies else None


def _parties_before_doc(text: str) -> re.Match[str] | None:
    """The parties before an untitled document's name, not words inside a title
    ("《…协同发展友好学校合作协议》签约仪式": 协同 and 学校 are no parties)."""
    split = _PARTIES_BEFORE_DOC.match(text)
    return split if split and split[1].count("《") <= split[1].count("》") else None


def _parties_and_doc(left: str) -> tuple[str, str] | None:
    """(parties, document) of "A与B战略合作协议正式", else None."""
    split = _parties_before_doc(left)
    if split is None:
        return None
    doc = _PASSIVE_TAIL.sub("", left[split.end() :])
    return (split.group(1), doc) if DOC_NOUN.search(doc) else None


# A gathering announced before the ceremony it ends in: "A与B将在自贡举行…交流会暨签约仪式".
# "确保签约活动顺利举行", "做好签约仪式的各项准备工作": a ceremony prepared for.
# (and what someone said would be held: "还说年底要搞签约仪式")
_AIMED_AT = re.compile(r"(?:确保|保证|保障|做好|筹备|迎接|准备|要搞|要办|要举行)$")
_HELD_AHEAD = re.compile(
    r"(?:将|拟|定于|计划|择期|择日|适时|届时)(?:于|在)?[^,;。]{0,30}(?:举行|举办|召开)[^,;。]{0,30}$"
)


def _ceremony_to_come(text: str, verb_end: int, left: str) -> bool:
    """ "…签约仪式将于下周在宜宾举行", "签约仪式定于6月18日举行": announced, not held."""
    after = text[verb_end : verb_end + 40]
    if "举行" in left or "举办" in left:
        # "…举行战略合作协议签约仪式,双方将在…深化合作": held; what follows is to come
        after = re.split(r"[,;。]", after, maxsplit=1)[0]
    cue = _CEREMONY_CUE.search(after)
    before_cue = after[: cue.start()] if cue else after
    # "…签约仪式延期举行", "签约仪式因故推迟": not held either
    return bool(_NOT_YET.search(before_cue) or _CALLED_OFF.search(before_cue))


def _bare(left: str) -> bool:
    """A clause of adverbs only ("一并", "并", "同时"): its subject is earlier."""
    return len(left.strip()) <= 3


_CEREMONY_PLANNED = re.compile(r"^(?:仪式|活动)?(?:的)?(?:安排|方案|流程|议程|筹备|准备工作)")


def _is_ceremony(text: str, left: str, right: str, verb_end: int) -> bool:
    """ "…签约仪式在北碚举行", "出席签约仪式", "见证签约": a ceremony at this event."""
    if _NOT_YET.search(_near_verb(left)) or _HISTORY_PREFIX.search(left):
        return False
    if _CEREMONY_PLANNED.match(right):
        return False  # "对…、签约仪式安排等进行了逐项梳理": a ceremony being prepared
    if _CEREMONY_RIGHT.match(right):
        after = text[verb_end : verb_end + 40]
        return bool(_CEREMONY_CUE.search(after) or _CEREMONY_LEFT.search(left))
    return bool(_CEREMONY_LEFT.search(left)) and not right.strip(' ”’"')  # "举行…“云签约”"


# "…座谈会暨…签约仪式": the occasion, then the ceremony (a 暨 inside a 《name》 is the name's).
_AND_ALSO = re.compile(r"暨(?![^《》]*》)")


def _ceremony(left: str) -> tuple[Kind, str, str]:
    """(kind, document phrase, parties) of "A与B全面深化合作协议签约仪式" and of
    "A、B在成都举行了联席会暨…协议签署仪式"."""
    held = _HOLD.search(left)
    subject, rest = (left[: held.start()], left[held.end() :]) if held else ("", left)
    rest = _AND_ALSO.split(rest)[-1]
    if not held:
        split = _parties_before_doc(rest) or _BODIES_BEFORE_DOC.match(rest)
        subject, rest = (split.group(1), rest[split.end() :]) if split else ("", rest)
    titled = _PASSIVE_TITLE.search(rest)
    if titled and is_document_title(titled[1]):
        # "A与B《…》签约仪式": the parties right before the name
        return Kind.SIGNED, titled[1], subject or rest[: titled.start()]
    doc = DOC_NOUN.search(rest.rstrip("正式")) or _DOC_IN_PHRASE.search(rest)
    if doc is None:
        # "重大招商项目集中签约活动": investment contracts, not a cooperation agreement; a job
        # fair's "双选会在我校举行,326名学生现场签约": students' jobs.
        private = _PROJECTS.search(rest) or _JOB_FAIR.search(subject) or _NEW_HIRES.search(rest)
        return (Kind.NO_DOCUMENT if private else Kind.CEREMONY), "", subject
    phrase = rest[: doc.end()]
    if _PRIVATE.search(phrase) and not _COOPERATION_DOC.search(phrase):
        return Kind.NO_DOCUMENT, "", subject  # "…举行合同签约仪式": a contract of business
    return Kind.SIGNED, phrase, subject


def read_object(right: str, tail: str) -> tuple[tuple[str, ...], str]:
    """The titles and the document phrase right after the verb.

    `right` is the clause after the verb; `tail`, the rest of the sentence, lets a list of
    titles run past a comma ("签订《A》,《B》等2份协议").
    """
    rest = tail[_ORDER_VERB.match(tail).end() :]  # type: ignore[union-attr]
    titles: list[str] = []
    read: list[str] = []  # every name of the chain, document-like or not
    lead = _TITLE_LEAD.match(rest)
    pos = lead.end() if lead else 0
    while pos < len(rest) and rest[pos] == "《":
        found = read_title(rest, pos)
        if found is None:
            break
        title, end = found
        read.append(title)
        if rest[pos - 1 : pos] == "," and _NEXT_CLAUSE.match(rest, end):
            break  # "签署《A》,《B》提出…": past the comma the sentence goes on elsewhere
        pos = end
        if rest.startswith("的《", pos):
            pos += 1  # "落实《A》的《B》": A qualifies the document signed, B
            continue
        if _OF_TITLE.match(rest, pos):
            break  # "《A》补充协议": what is signed is A's supplement, not A
        if (two := _TWO_IN_ONE.fullmatch(title)) and _TWO_COUNTED.match(rest, pos):
            titles.extend(two.groups())  # "《A合作协议和B帮扶协议》两份协议"
        elif is_document_title(title) or len(title_parties(title)) >= 2:
            # A name that starts with its signatories is their joint document ("《四川省公安厅
            # 重庆市公安局服务…22条》").
            titles.append(title)
        chain = _TITLE_CHAIN.match(rest, pos)
        if chain is None:
            break
        pos = chain.end()
    counted = _COUNTED_DOCS.match(rest, pos)
    if counted and len(read) >= 2 and cn_number(counted[1]) == len(read):
        # "签订《高竹新区涉税事项跨省通办》《高竹新区税费争议联合调解》两项合作协议": the
        # count says each name is a document's, and what kind
        return tuple(read), counted[0].lstrip("等")
    if titles:
        return tuple(titles), titles[-1]
    return (), _doc_phrase(right)


_COUNTED_DOCS = re.compile(r"等?([两二三四五六七八九])(?:项|份|个)[^,;。]{0,8}?(?:协议|备忘录)")
# Two documents in one pair of marks, counted after it: "《职业教育协同发展合作协议和毗邻地区
# 中职学校结对帮扶协议》两份协议".
_TWO_IN_ONE = re.compile(
    r"(.{4,40}?(?:协议书?|备忘录))(?:和|及|与|以及|、)(.{4,40}?(?:协议书?|备忘录))"
)
_TWO_COUNTED = re.compile(r"(?:两|2|二)(?:份|个|项)")
_CUT_TITLE = re.compile(r"^了?《([^《》。,;]{2,40})$")


def _doc_phrase(right: str) -> str:
    """The document phrase of a clause without titles, past closed names that are no
    document ("签署了《…任务清单》和5个专项合作协议"), never inside one."""
    rest = right[_ORDER_VERB.match(right).end() :]  # type: ignore[union-attr]
    masked = CLOSED_TITLE.sub(lambda m: "□" * len(m[0]), rest[:60])
    doc = _DOC_IN_PHRASE.search(masked[:40])
    if doc is None and (cut := _CUT_TITLE.match(rest)):
        return cut[1]  # "…还签订了《成资医保": a copy cut inside the document's name
    if doc is None:
        return ""  # "签署《致青年的一封信》…": a closed title that names no document
    start = masked.rfind("□", 0, doc.start()) + 1
    # An unclosed 《 still signs a document; its name cannot be delimited, so no title.
    return _JOINER.sub("", rest[start : doc.end()]).replace("《", "")


# Only the occasion told before a "签署的《…》": "会上同时", "仪式上还", "同日".
_AT_THIS_EVENT = re.compile(
    r"^(?:会上|会议上|仪式上|签约仪式上|现场|活动中|当天|当日|同日|同时)(?:同时|还|一并|一同|共同)?$"
)


_SIGNED_TODAY = re.compile(r"^(?:今天|今日|刚才|刚刚)(?:上午|下午|晚上)?[^,;。]{2,40}(?:与|和|同)")
# A ceremony's host names what was just signed: "双方签署的是《…》".
_JUST_SIGNED = re.compile(r"^(?:今天|今日|刚才|刚刚|此次|本次)?(?:双方|三方|四方|各方|两地|我们)?$")


_BESIDES = re.compile(r"(?:^|[,;])除了?$")


# What is to be done with the agreements signed: "落实已签署合作协议", "执行好已签订的…".
_CARRIED_OUT = re.compile(r"(?:落实|执行|履行|实施|用好|抓好)好?(?:已经?)$")


def classify(left: str, right: str, titles: tuple[str, ...], doc: str, before: str) -> Kind:
    """Signed, not yet, a count, a back-reference, history, or no document at all.

    `before`: the sentence up to the verb, for a round-up opened in an earlier clause
    ("一年来,川渝两地签署合作协议上百份").
    """
    if _SAID_DOC.match(right):
        return Kind.REFERENCE  # "…作为授权代表签署了该协议": the signing told before
    # "依据《…纲要》签订了《…》": a name before the verb refers only when none follows it.
    if _TAKES_EFFECT.match(right) and "经" in before[-60:]:
        return Kind.SIGNED  # "一份《…》经A局、B局负责人签字后正式生效"
    if (
        titles
        and right.startswith("的《")
        and (_AT_THIS_EVENT.match(left) or _SIGNED_TODAY.match(left))
    ):
        # "会上同时签署的《…》明确": what this meeting signed, told by its terms; a speech's
        # "今天大足区与安岳县签署的《…》,为…提供了": what was signed at it
        return Kind.SIGNED
    if titles and right.startswith("的是《") and _JUST_SIGNED.match(left):
        return Kind.SIGNED
    if (
        _AFTER.match(right)
        or left.endswith("在")
        or _BESIDES.search(left)  # "除签署备忘录外,也参访了…": the signing told before
        or (not titles and _passive_reference(left))
        or _CARRIED_OUT.search(left)
    ):
        return Kind.REFERENCE
    if (doc and _AFTER_DOC.match(right.partition(doc)[2])) or _SINCE.match(left):
        # "签署合作协议的演进特征", "自…签订…协议以来": the signing as a topic or a time.
        return Kind.REFERENCE
    if titles and _COUNT_LEFT.search(left) and _TITLED_COUNT.match(right.removeprefix("了")):
        return Kind.COUNT  # "先后签署《A》等各类合作协议42份": a tally naming one of them
    if _PRIVATE_PARTY.search(left) and not titles:
        return Kind.NO_DOCUMENT  # "家庭医生团队现场与辖区居民签订服务协议320余份"
    if _SERVICE_USERS.search(re.split(r"[;。]", before)[-1][-(len(left) + 30) :]):
        return Kind.NO_DOCUMENT  # "借款人可在贷款发放后,与我中心签订《…委托扣划还贷协议》"
    if _COUNT.match(right.removeprefix("了")) or (_COUNT_LEFT.search(left) and not titles):
        # "一口气签署了5个专项合作协议" is this event's news; "累计签署252份" is not.
        opened = before[-(len(left) + 30) :]  # the clause and a little before it
        # "今年以来,我市坚持…,与重庆各区县共签署合作协议37项": a tally since a time
        since = _SINCE_OPENING.match(re.split(r"[;。]", before)[-1])
        if _CUMULATIVE.search(opened) or since or _PRIVATE.search(doc):
            return Kind.COUNT
        if not doc:
            # "川渝两地政府与深圳企业集中签约项目39个": this event's projects, both sides told
            pair = _PROJECTS_COUNTED.match(right) and _BOTH_SIDES.search(left)
            return Kind.SIGNED if pair else Kind.COUNT
        return Kind.SIGNED
    if (
        _NOT_YET.search(_near_verb(left))
        or _DIRECTIVE.match(left)
        or _ONCE_APPROVED.search(re.split(r"[;。]", before)[-1])
        or _FUTURE_OPEN.match(re.split(r"[;。]", before)[-1])
        or _PROPOSAL_OPENS.match(re.split(r"[;。]", before)[-1])
        or _PROPOSED.search(left)
        or _PLANNED_LEFT.search(left)
        or (_ON_THE_TOPIC.search(left) and _DISCUSSED.match(right))
    ):
        return Kind.NOT_YET
    if _PAST.search(left) or _LITIGANT.search(left):
        return Kind.PAST
    obj = _object(right, doc)
    if (
        (_PRIVATE.search(obj) and not _COOPERATION_DOC.search(obj))
        or _ALWAYS_PRIVATE.search(obj)
        or _PRIVATE_PARTY.search(left)
        or (not titles and _OTHER_SENSE_RIGHT.match(right))
    ):
        return Kind.NO_DOCUMENT
    if not titles and not doc:
        # "甲与乙代表双方签约": a bare 签约 between bodies signs an unnamed agreement.
        bare = (
            _BARE_SIGNING.search(_WHERE.sub("", _SHORT_NAME.sub("", left)))
            and _TWO_SIDES.search(left)
            and (not right.strip() or _SIGNED_FOR.match(right) or _PROJECT_SIGNED.match(right))
        )
        return Kind.SIGNED if bare else Kind.NO_DOCUMENT
    return Kind.SIGNED


def _object(right: str, doc: str) -> str:
    """The document phrase with the nouns that head it ("协议" + "存款合同")."""
    if not doc:
        return ""
    _, found, rest = right.partition(doc)
    return doc + _OBJECT_TAIL.match(rest)[0] if found else doc  # type: ignore[index]


_WITH_PARTNER = re.compile(r"([^,;。]{0,3})(?:与|同|就)[^与同和就,;。《》]{2,16}$")


def _near_verb(left: str) -> str:
    """The last 8 characters of the clause: far-off 将 ("双方将…") belong to other verbs.

    "双方就签署…达成共识" discusses a signing to come, hence the trailing 就.
    """
    if left.endswith("就"):
        return "待"
    tail = left[-8:]
    cut = max(tail.rfind("》"), tail.rfind("”"))
    # "并适时与相关医疗机构签署", "并适时就共建…平台签订": the modal before the partner or
    # the topic
    partner = _WITH_PARTNER.search(left)
    return (partner[1] + "|" if partner else "") + tail[cut + 1 :]


def _passive_reference(left: str) -> bool:
    """ "合作协议签订不到…" / "《…协议》签署后" name the document before the verb."""
    return bool(DOC_NOUN.search(left.rstrip("》正式已经")) or left.endswith("》"))
