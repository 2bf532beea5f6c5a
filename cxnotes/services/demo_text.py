"""The words and proportions of the demo data: names, quotes, fixes, channels.

Kept apart from :mod:`cxnotes.services.demo` (which turns them into records) so each file
stays readable. Korean and English side by side, since many of our users write Korean.
"""

from __future__ import annotations

SEGMENTS: tuple[tuple[str, int, float, float], ...] = (
    ("1-year member", 20, 99.0, 199.0),
    ("monthly plan", 18, 9.9, 29.0),
    ("trial", 15, 0.0, 0.0),
    ("enterprise", 5, 5_000.0, 60_000.0),
    ("연간 회원", 18, 99_000.0, 199_000.0),
    ("체험판", 12, 0.0, 0.0),
    ("기업 고객", 4, 5_000_000.0, 60_000_000.0),
    ("VIP 회원", 8, 300_000.0, 900_000.0),
)
"""(segment, weight, lowest value, highest value); Korean segments are valued in won."""

KO_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
KO_GIVEN = ("민준", "서연", "지호", "하은", "도윤", "수아", "예준", "지유", "시우", "채원", "주원", "지민")
EN_FIRST = ("Alex", "Sam", "Jordan", "Taylor", "Morgan", "Chris", "Priya", "Lena", "Omar", "Grace", "Noah")
EN_LAST = ("Smith", "Garcia", "Kim", "Nguyen", "Müller", "Okafor", "Rossi", "Patel", "Brown", "Silva")
OPERATORS = ("지수", "현우", "Dana", "Mira", "Tom", "유진")

QUOTES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "discover": (
        (
            "The ad said free shipping, but nothing on the site says so.",
            "I couldn't find you when I searched for the product name.",
            "A friend recommended you but the link she sent was dead.",
        ),
        (
            "광고에서는 무료 배송이라고 했는데 사이트에는 그런 말이 없어요.",
            "검색해도 회사 이름이 안 나와서 한참 찾았어요.",
            "친구가 보내준 추천 링크가 열리지 않았어요.",
        ),
    ),
    "evaluate": (
        (
            "The pricing page doesn't say what's in the basic plan.",
            "I asked for a demo twice and nobody called back.",
            "Reviews say the app is slow and nobody answers them.",
        ),
        (
            "요금제 페이지에 기본 플랜에 뭐가 포함되는지 안 나와 있어요.",
            "데모 요청을 두 번이나 했는데 연락이 없었어요.",
            "리뷰에 앱이 느리다는 말이 많은데 답변이 하나도 없네요.",
        ),
    ),
    "purchase": (
        (
            "My card was declined three times but my bank says it's fine.",
            "The sign-up form erased everything when I made one typo.",
            "I was charged twice for the same order.",
        ),
        (
            "카드 결제가 세 번이나 실패했는데 은행에서는 문제없대요.",
            "가입하다가 오타 하나 냈더니 입력한 게 다 지워졌어요.",
            "같은 주문인데 결제가 두 번 됐어요.",
        ),
    ),
    "onboarding": (
        (
            "The setup guide skips the step where you connect the device.",
            "I waited a week for the welcome kit and it never came.",
            "Nobody told me I had to verify my email first.",
        ),
        (
            "설치 안내서에 기기 연결하는 단계가 빠져 있어요.",
            "웰컴 키트를 일주일 기다렸는데 아직도 안 왔어요.",
            "이메일 인증을 먼저 해야 한다는 걸 아무도 안 알려줬어요.",
        ),
    ),
    "use": (
        (
            "The app logs me out every single morning.",
            "Sync loses my changes when I switch phones.",
            "Search doesn't find anything I typed in Korean.",
        ),
        (
            "앱이 매일 아침마다 로그아웃돼요.",
            "폰을 바꾸면 동기화하면서 수정한 내용이 사라져요.",
            "한글로 입력한 건 검색이 하나도 안 돼요.",
        ),
    ),
    "support": (
        (
            "I've been on hold for forty minutes.",
            "Every agent asks me to explain the whole thing again.",
            "The chatbot keeps sending me back to the FAQ.",
        ),
        (
            "상담원 연결까지 40분이나 기다렸어요.",
            "상담원이 바뀔 때마다 처음부터 다시 설명해야 해요.",
            "챗봇이 자꾸 자주 묻는 질문으로만 보내요.",
        ),
    ),
    "billing": (
        (
            "The price went up and nobody told me.",
            "The invoice shows a plan I never chose.",
            "I renewed automatically although I turned renewal off.",
        ),
        (
            "가격이 올랐는데 아무 안내도 없었어요.",
            "청구서에 제가 선택하지 않은 요금제가 찍혀 있어요.",
            "자동 갱신을 껐는데도 결제가 됐어요.",
        ),
    ),
    "cancel": (
        (
            "I want my money back, this is the third time it broke.",
            "Cancelling took five emails and a phone call.",
            "I'm leaving for a competitor who actually answers.",
        ),
        (
            "세 번째 고장이라 환불받고 싶어요.",
            "해지하는 데 이메일 다섯 번에 전화까지 해야 했어요.",
            "답변이라도 해주는 다른 회사로 옮기려고요.",
        ),
    ),
}
"""Per CVC step: (English quotes, Korean quotes)."""

INVOLUNTARY = (
    (
        "We're closing the shop at the end of the month, so we have to cancel.",
        "Head office cut our budget; it's nothing you did.",
        "I'm moving abroad and you don't deliver there.",
    ),
    (
        "가게를 이번 달에 폐업하게 되어서 해지해야 해요.",
        "본사에서 예산을 줄여서요. 서비스 문제는 아니에요.",
        "해외로 이사 가는데 거기는 배송이 안 된다고 해서요.",
    ),
)
"""Cancellations caused by things outside our control."""

FIXES: dict[str, tuple[tuple[str, str, int], ...]] = {
    "discover": (
        ("Fix broken referral links", "Send the customer a new referral link by hand.", 2),
        ("광고 문구와 사이트 배송 정책 일치", "무료 배송 조건을 안내하고 배송비를 환불해 드립니다.", 0),
    ),
    "evaluate": (
        ("Show plan contents on the pricing page", "Email the plan comparison sheet.", 0),
        ("데모 요청 24시간 내 회신", "담당자가 오늘 중으로 직접 연락드린다고 안내합니다.", 1),
    ),
    "purchase": (
        ("Keep sign-up form input after an error", "Sign the customer up over the phone.", 1),
        ("중복 결제 자동 취소", "중복 결제분은 3영업일 내 취소된다고 안내합니다.", 2),
    ),
    "onboarding": (
        ("Add device pairing to the setup guide", "Walk the customer through pairing on the call.", 0),
        ("이메일 인증 안내 추가", "인증 메일을 다시 보내고 스팸함 확인을 안내합니다.", 2),
    ),
    "use": (
        ("Stop daily logouts", "Tell the customer to update to 4.2; it keeps them signed in.", 0),
        ("한글 검색 지원", "초성 대신 완성된 단어로 검색하도록 안내합니다.", 2),
        ("Make phone switch sync safe", "Back up from the web app before switching phones.", 1),
    ),
    "support": (
        ("Callback instead of hold queue", "Offer a callback within the hour.", 0),
        ("상담 이력 공유", "이전 상담 내용을 메모에서 확인하고 다시 묻지 않습니다.", 1),
    ),
    "billing": (
        ("Announce price changes a month ahead", "Refund the difference for the first month.", 0),
        ("자동 갱신 해제 버그 수정", "잘못 갱신된 금액은 전액 환불합니다.", 2),
    ),
    "cancel": (
        ("One-click cancellation", "Cancel on the customer's behalf right away.", 1),
        ("반복 고장 시 즉시 환불", "세 번 이상 고장 난 제품은 바로 환불해 드립니다.", 0),
    ),
}
"""Per CVC step: (fix title, the answer we give customers until it ships, the index in
:data:`QUOTES` of the complaint it fixes). Quotes no fix answers wait in the triage queue."""

AREAS = ("", " — mobile app", " — 웹")
"""Big stores get one fix per step and product area, as real teams end up with."""

OPERATOR_LINES = (
    (
        "Thanks for calling, how can I help?",
        "I'm sorry about that, let me check.",
        "I see it in your account now.",
        "I'll make sure this gets fixed.",
    ),
    (
        "전화 주셔서 감사합니다. 무엇을 도와드릴까요?",
        "불편을 드려 죄송합니다. 확인해 보겠습니다.",
        "고객님 계정에서 확인됩니다.",
        "꼭 해결되도록 챙기겠습니다.",
    ),
)
FILLER_LINES = (
    ("Yes, that's right.", "Okay.", "It started last week.", "Thanks, I appreciate it."),
    ("네, 맞아요.", "알겠습니다.", "지난주부터 그랬어요.", "감사합니다."),
)
PROMISES = (
    ("Call back once the refund is processed", "Send the setup guide by email", "Check the invoice"),
    ("환불 처리되면 다시 전화드리기", "설치 안내서 이메일로 보내기", "청구서 확인 후 연락드리기"),
)
SEVERITY_WEIGHTS = {"cancel": (1, 2, 3, 4, 5), "billing": (1, 2, 4, 4, 3), "purchase": (2, 3, 4, 3, 2)}
DEFAULT_SEVERITY_WEIGHTS = (3, 4, 4, 2, 1)
LOGGED_CHANNELS = (("email", 40), ("chat", 35), ("phone", 10), ("other", 15))
CALL_CHANNELS = (("phone", 70), ("video", 15), ("chat", 15))

KO_OUTCOMES = {
    "resolved": "해결",
    "retained": "유지",
    "refund requested": "환불 요청",
    "churned": "이탈",
    "other": "기타",
}
"""How a Korean operator writes a call's outcome in its summary (the summary is the operator's text)."""
