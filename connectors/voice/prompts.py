"""What the hotline itself says: the menu, keys, transfers and goodbyes (Simplified Chinese, for the ear).

Everything the conversation says — answers, the escalation form's questions, the ticket — comes from
Rasa (the form's spoken prompts are the ``channel: hotline`` variations of its responses in
``bot/domain.yml``).
"""

from __future__ import annotations

#: The greeting, in one place; ``{service}`` is the district profile's service name (``即墨区惠企通``).
GREETING = "您好，欢迎致电{service}政策服务热线。"
MENU = "咨询惠企政策请按1，或者直接说出您的问题；找所在街道的律师团队请按2；重听请按0。"
ASK = "请说出您想咨询的政策问题，说完请稍等。"
FOLLOW_UP = "还有其他问题请直接说。重听请按0，转律师团队请按2。"
NOT_HEARD = "抱歉，没有听到您的声音。"
NOT_UNDERSTOOD_KEY = "抱歉，这个按键没有对应的服务。"
NOTHING_TO_REPEAT = "还没有可以重听的回答。"
#: After a no-match (or "没帮上忙"): the one next step the web chat offers too, by key or by voice.
NO_MATCH_NEXT = "需要所在街道的律师团队跟进，请按2，或者说“好的”；换个说法再问，请直接说；重听请按0。"
SMS_SENT = "条款原文已经用短信发到您的手机。"
SMS_SENT_LIST = "详细清单已经用短信发到您的手机。"
#: After the first cited answer of a call: the keypad rating (好差评), recorded like the chat's.
RATE = "请为这次回答评价：满意请按1，基本满意请按2，不满意请按3。还有问题请直接说，重听请按0。"
RATED = "感谢您的评价。"
RATED_SORRY = "很抱歉没能帮到您，我们请所在街道的律师团队跟进。"
RATED_REOPENED = "很抱歉没能帮到您。工单{number}已重新打开，律师会再次联系您。"
BOT_DOWN = "抱歉，智能问答系统暂时没有响应，请稍后再说一遍；也可以稍后再拨。"
#: While Rasa is down the caller leaves a message instead: one answer gives zone, firm and question.
MESSAGE_LEAD = "抱歉，智能问答系统暂时无法服务，您可以留言，我们会转给所在片区的律师团队。"
LEAVE_MESSAGE = "请在提示音后说出企业所在的街道、镇或园区，企业名称和您要咨询的问题，说完请稍等。"
MESSAGE_NO_ZONE = "抱歉，没有听清企业所在的街道、镇或园区。"
MESSAGE_NO_PHONE = "抱歉，没有获取到您的来电号码，留言时请一并说出您的手机号码。"
MESSAGE_TAKEN = "您的留言已经登记，工单号{number}，再说一遍，{number}。律师团队会尽快给您回电。"
MESSAGE_FAILED_BYE = "抱歉，留言暂时没能登记。请稍后再拨，或拨打惠企服务热线{hotline}。再见。"

CONNECTING = "正在为您转接{firm}的值班律师，请稍候。"
DIAL_DONE = "通话已结束，感谢您的来电，再见。"
DIAL_FAILED = (
    "抱歉，律师团队的值班电话暂时无人接听。您的工单已经登记，律师会尽快回电给您。感谢您的来电，再见。"
)
TICKET_SMS = "工单号也已经用短信发到您的手机。"
THANKS_BYE = "感谢您的来电，再见。"

SILENCE_BYE = "很抱歉，一直没有听到您的回答，为了不占用热线，本次通话先到这里。如需帮助，欢迎再次来电。再见。"
KEYS_BYE = "很抱歉，多次没有收到有效的按键，为了不占用热线，本次通话先到这里。如需帮助，欢迎再次来电。再见。"
TOO_LONG_BYE = "本次通话时间较长，为了让其他企业也能接通，通话先到这里。您可以再次来电继续咨询。再见。"
