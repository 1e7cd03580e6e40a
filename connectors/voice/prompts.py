"""Everything the hotline says that does not come from the bot (Simplified Chinese, for the ear)."""

from __future__ import annotations

#: ``{service}`` is the district profile's service name (``即墨区惠企通``): VoiceServices.greeting fills it.
GREETING = "您好，欢迎致电{service}政策服务热线。"
MENU = "咨询惠企政策请按1，或者直接说出您的问题；找所在街道的律师团队请按2；重听请按0。"
ASK = "请说出您想咨询的政策问题，说完请稍等。"
FOLLOW_UP = "还有其他问题请直接说。重听请按0，转律师团队请按2。"
NOT_HEARD = "抱歉，没有听到您的声音。"
NOT_UNDERSTOOD_KEY = "抱歉，这个按键没有对应的服务。"
NOTHING_TO_REPEAT = "还没有可以重听的回答。"
OFFER_LAWYER = "如需律师团队帮助，请说“好的”或者按2。"
SMS_SENT = "条款原文已经用短信发到您的手机。"
BOT_DOWN = "抱歉，智能问答系统暂时无法回答您的问题。转所在街道的律师团队请按2；您也可以稍后再拨。"

ASK_ZONE = "为了给您转接对应的律师团队，请说出贵企业所在的街道、镇或功能区名称，例如蓝村街道。"
ASK_ZONE_KEYS = "也可以按区位编号后按井号键，不知道编号请按0收听。"
ZONE_NOT_FOUND = "抱歉，没有听出您所在的区位。"
ZONE_LIST_INTRO = "区位编号如下："

CONNECTING = "正在为您转接{zone}的律师团队，{firm}，请稍候。"
DIAL_DONE = "通话已结束，感谢您的来电，再见。"
DIAL_FAILED = "抱歉，律师团队的值班电话暂时无人接听。我们为您登记工单，律师会回电给您。"
AFTER_HOURS = "现在是律师团队的非工作时间，我们为您登记工单，律师会在工作时间回电给您。"
ASK_FIRM_NAME = "请说出贵企业的名称，方便律师回电；不方便说请按1。"
FIRM_NAME_MISSING = "（热线来电，未提供企业名称）"
CONTACT_NAME = "热线来电人"
TICKET_CREATED = "已为您登记工单。工单号是：{number}。再说一遍，工单号是：{number}。"
TICKET_DUE = "{firm}的律师会在{due}前联系您。"
TICKET_SMS = "工单号也已经用短信发到您的手机。"
THANKS_BYE = "感谢您的来电，再见。"

TICKET_FAILED = (
    "抱歉，没能为您登记工单，原因是：{reason}。"
    "请在工作日上午八点半到下午五点半再次来电，或者登录惠企通网页留言。再见。"
)
NO_CALLER_NUMBER = "系统无法识别您的来电号码，律师无法回电"
NO_ZONE_BYE = (
    "抱歉，多次没能确认您所在的区位，暂时无法为您转接。请准备好企业所在街道的名称后再次来电，"
    "或者登录惠企通网页留言。再见。"
)
SILENCE_BYE = "很抱歉，一直没有听到您的回答，为了不占用热线，本次通话先到这里。如需帮助，欢迎再次来电。再见。"
KEYS_BYE = "很抱歉，多次没有收到有效的按键，为了不占用热线，本次通话先到这里。如需帮助，欢迎再次来电。再见。"
TOO_LONG_BYE = "本次通话时间较长，为了让其他企业也能接通，通话先到这里。您可以再次来电继续咨询。再见。"
