"""Targets from the requirements a user writes: the numbers a drawing can be checked against.

"p99 under 200 ms", "four nines", "100M new links a month" and "keep links 5
years" each state a target that the model of the drawing
(:mod:`design.analysis.numbers`) can meet or miss; "shorten a URL" states none
and stays text. The reading is deliberately narrow, because a number read as a
target that the user never meant ("v2 API", "top 10 results", "support 3
regions") would produce a finding about something nobody asked for:

- **latency** needs a duration (ms, s, µs) and a word that makes it a budget
  (a percentile, "latency", "under", "within", "<", "in"...). A percentile
  written as ``p95``, ``95th percentile`` or ``95% of requests`` is kept; "median",
  "average" and "typical" mean p50; no percentile means p99, the figure an
  interviewer holds a budget to.
- **availability** is a percentage from 90 to 100 with an availability word
  ("uptime", "available", "SLA"), or any percentage of 99 and above that is not
  "of" something; "three nines" to "six nines"; or a downtime allowance
  ("< 5 minutes of downtime a month").
- **throughput and volume** is a count with a rate: "10k QPS", "500 writes/s",
  "1B reads/day", "100M new links a month". Counts of users ("50M daily active
  users") and per-user figures ("10 requests per user a day") are estimates,
  not targets.
- **retention** is a keep/retain/store verb with a span ("keep links 5 years"),
  or "5-year retention". **Durability** is a percentage or nines that the line
  calls durability.

A line may state several targets ("redirects under 50 ms with 99.99% uptime").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Requirement", "Target", "TargetKind", "parse_requirement", "parse_requirements", "requirement_lines",
           "stem"]

#: A list marker: "-", "*", "•", "+" or "2)" / "2." followed by a space (so "99.9% uptime" keeps its number),
#: or a checkbox.
_BULLET = re.compile(r"^\s*(?:(?:[-*•+]|\d{1,3}[.)])(?=\s|$)|\[[ xX]?\])\s*")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def requirement_lines(text: str) -> list[str]:
    """The requirements written in a notes field: one per non-empty line, bullets stripped.

    >>> requirement_lines("- shorten a URL\\n\\n2) redirect in < 50 ms\\n  -  \\n99.9% uptime\\n3. four nines")
    ['shorten a URL', 'redirect in < 50 ms', '99.9% uptime', 'four nines']
    """
    lines = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if _WORD.search(line)]


class TargetKind(StrEnum):
    LATENCY = "latency"
    AVAILABILITY = "availability"
    THROUGHPUT = "throughput"
    RETENTION = "retention"
    DURABILITY = "durability"


#: Seconds in each period a volume can be stated over (a month is 30 days, a year 365).
PERIOD_SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3_600.0, "day": 86_400.0, "week": 604_800.0,
                  "month": 2_592_000.0, "year": 31_536_000.0}
_YEARS = {"day": 1 / 365, "week": 7 / 365, "month": 1 / 12, "year": 1.0}


@dataclass(frozen=True, slots=True)
class Target:
    """One checkable number from a requirement line.

    ``value`` is in the kind's unit: milliseconds (latency), a fraction such as
    0.9999 (availability, durability), per second (throughput) or years
    (retention). ``percentile`` is 50, 90, 95, 99 or 99.9 for latency.
    ``op`` is ``read``, ``write`` or ``None`` (any request). ``amount`` and
    ``period`` keep a volume as written (100M a month). ``words`` are what the
    line is about ("redirect", "feed"), to find the path it means; ``phrase`` is
    the text that stated the number.
    """

    kind: TargetKind
    value: float
    phrase: str
    percentile: float | None = None
    op: str | None = None
    amount: float | None = None
    period: str | None = None
    words: tuple[str, ...] = ()

    def describe(self) -> str:
        """The target in a few words: ``p99 ≤ 200 ms``, ``≥ 99.99% available``, ``≥ 38.6 writes/s``."""
        if self.kind is TargetKind.LATENCY:
            return f"p{_pct(self.percentile or 99)} ≤ {_ms(self.value)}"
        if self.kind is TargetKind.AVAILABILITY:
            return f"≥ {percent(self.value)} available"
        if self.kind is TargetKind.DURABILITY:
            return f"≥ {percent(self.value)} durable"
        if self.kind is TargetKind.RETENTION:
            return f"kept {_span(self.value)}"
        what = {"read": "reads", "write": "writes"}.get(self.op or "", "requests")
        text = f"≥ {_rate(self.value)} {what}/s"
        if self.period and self.period != "second" and self.amount is not None:
            text += f" ({_count(self.amount)} a {self.period})"
        return text

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind.value, "value": self.value, "text": self.describe(),
                                  "phrase": self.phrase}
        for key in ("percentile", "op", "amount", "period"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.words:
            out["about"] = list(self.words)
        return out


@dataclass(frozen=True, slots=True)
class Requirement:
    """A requirement line and the targets it states (none: it stays text)."""

    line: str
    targets: tuple[Target, ...] = ()


def percent(fraction: float) -> str:
    """An availability as people write it: one decimal past its nines, never rounded up to a nine it lacks.

    >>> percent(0.9999), percent(0.995), percent(0.99994999), percent(1.0), percent(0.999999875), percent(0.5)
    ('99.99%', '99.5%', '99.99499%', '100%', '99.9999875%', '50%')
    """
    if fraction >= 1:
        return "100%"
    nines = int(math.floor(-math.log10(1 - fraction) + 1e-9)) if fraction > 0 else 0
    decimals = min(12, max(1, nines + 1))
    factor = 10**decimals
    floored = math.floor(fraction * 100 * factor + 1e-6) / factor  # 99.99949% is not five nines
    return f"{floored:.{decimals}f}".rstrip("0").rstrip(".") + "%"


def _pct(p: float) -> str:
    return f"{p:g}".replace(".", "")  # 99.9 → p999


def _ms(ms: float) -> str:
    return f"{ms / 1000:g} s" if ms >= 1000 else f"{ms:g} ms"


def _span(years: float) -> str:
    if years >= 1:
        return f"{years:g} year{'s' if years != 1 else ''}"
    days = years * 365
    return f"{days:g} day{'s' if round(days) != 1 else ''}"


def _count(n: float) -> str:
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if n >= limit:
            return f"{n / limit:g}{suffix}"
    return f"{n:g}"


def _rate(per_second: float) -> str:
    if per_second >= 100:
        return _count(round(per_second, -1 if per_second < 10_000 else -2))
    return f"{per_second:.3g}"


# --- reading ------------------------------------------------------------------------------------

_NUM = r"(\d+(?:,\d{3})+|\d+(?:[.,]\d+)?)"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
          "billion": 1e9, "g": 1e9, "t": 1e12, "trillion": 1e12}
_SCALE_RE = r"(?:\s*(k|thousand|mm|mn|m|million|bn|b|billion|trillion|t)\b)?"

_DURATION = re.compile(
    r"(?<![\w.])" + _NUM + r"\s*(ms|msec|millis(?:econds?)?|milliseconds?|µs|us|microseconds?|s|secs?|seconds?)\b"
)
_UNIT_MS = {"ms": 1.0, "msec": 1.0, "millis": 1.0, "millisecond": 1.0, "milliseconds": 1.0, "µs": 0.001,
            "us": 0.001, "microsecond": 0.001, "microseconds": 0.001, "s": 1000.0, "sec": 1000.0, "secs": 1000.0,
            "second": 1000.0, "seconds": 1000.0}
_PERCENTILE = re.compile(r"\bp\s?(50|75|90|95|99(?:\.9+)?|999+)\b|\b(50|75|90|95|99(?:\.9+)?)(?:th|st)?[ -]?perc?entile\b"
                         r"|\b(50|75|90|95|99(?:\.9+)?)\s*%\s*of\s+(?:all\s+)?(?:the\s+)?[a-z]+")
_MEDIAN = re.compile(r"\b(median|average|avg|mean|typical|typically|on average)\b")
_BUDGET_WORDS = re.compile(
    r"(<|≤|=<|<=|\b(?:latency|latencies|respond|responds|response|responses|load|loads|loaded|return|returns|"
    r"returned|redirect|redirects|within|under|below|less than|at most|no more than|max|maximum|in|fast|faster|"
    r"takes|take|delivered|deliver|served|serve|render|renders|tail|p\d+|percentile|budget|end-to-end|e2e)\b)"
)

_AVAIL_WORDS = re.compile(r"\b(availability|available|uptime|up time|sla|slo|slos|slas|nines|highly available|"
                          r"reliab(?:le|ility)|up)\b")
_PERCENT = re.compile(r"(?<![\w.])(\d{2,3}(?:\.\d+)?)\s*%(?!\s*of\b(?!\s+the\s+time))")
_NINES_WORD = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12}
_NINES = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s*(?:nines|9s|9's)\b")
_DOWNTIME = re.compile(
    r"(?:downtime[^0-9]{0,25}?" + _NUM + r"\s*(seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h)\b"
    r"|" + _NUM + r"\s*(seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h)\b\s*(?:of\s+)?(?:downtime|outage))"
    r"[^0-9]{0,20}?(?:per|a|an|each|every|/)\s*(day|week|month|year)"
)
_DOWN_UNIT_S = {"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "min": 60, "mins": 60, "minute": 60,
                "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600}

_RATE_AFTER = (
    r"(qps|rps|tps|wps|req/s|reqs/s|requests?/s(?:ec)?|reads?/s(?:ec)?|writes?/s(?:ec)?|/\s*s(?:ec|econd)?\b|"
    r"/\s*min(?:ute)?\b|/\s*h(?:r|our)?\b|/\s*day\b|/\s*d\b|/\s*week\b|/\s*wk\b|/\s*month\b|/\s*mo\b|/\s*y(?:ea)?r\b|"
    r"(?:per|a|an|each|every)\s+(?:second|sec|minute|min|hour|day|week|month|year)\b|"
    r"daily|weekly|monthly|yearly|annually|hourly)"
)
_THROUGHPUT = re.compile(_NUM + _SCALE_RE + r"\s*((?:[a-z][\w'-]*(?:\s+|(?=/))){0,4}?)" + _RATE_AFTER)
_THROUGHPUT_ADJ = re.compile(_NUM + _SCALE_RE + r"\s+(daily|weekly|monthly|yearly|hourly)\s+((?:[a-z][\w'-]*\s*){1,3})")
_RATE_PERIOD = [
    (re.compile(r"^(qps|rps|tps|wps|req/s|reqs/s|requests?/s|reads?/s|writes?/s)"), "second"),
    (re.compile(r"(/\s*s(?:ec|econd)?|\bsecond|\bsec)\b"), "second"),
    (re.compile(r"(/\s*min(?:ute)?|\bminute|\bmin)\b"), "minute"),
    (re.compile(r"(/\s*h(?:r|our)?|\bhour|hourly)\b"), "hour"),
    (re.compile(r"(/\s*d(?:ay)?|\bday|daily)\b"), "day"),
    (re.compile(r"(/\s*w(?:ee)?k|\bweek|weekly)\b"), "week"),
    (re.compile(r"(/\s*mo(?:nth)?|\bmonth|monthly)\b"), "month"),
    (re.compile(r"(/\s*y(?:ea)?r|\byear|yearly|annually)\b"), "year"),
]
#: Counted things that are people, not requests: "50M daily active users" is an estimate.
_PEOPLE = re.compile(r"\b(users?|dau|mau|people|persons?|customers?|accounts?|members?|subscribers?|visitors?|"
                     r"players?|drivers?|riders?|sellers?|buyers?|devices?|connections?|sessions?|employees?|tenants?)\b")
_PER_PERSON = re.compile(r"\bper\s+(user|person|customer|account|member|device|dau|visitor|player|session|tenant)\b"
                         r"|\beach\s+(user|person|customer|account)\b")
_READ_WORDS = ("read", "reads", "view", "views", "viewed", "get", "gets", "fetch", "fetches", "lookup", "lookups",
               "redirect", "redirects", "click", "clicks", "visit", "visits", "search", "searches", "query", "queries",
               "download", "downloads", "play", "plays", "stream", "streams", "open", "opens", "impression",
               "impressions", "load", "loads")
_WRITE_WORDS = ("write", "writes", "new", "create", "creates", "created", "upload", "uploads", "uploaded", "post",
                "posts", "posted", "insert", "inserts", "shorten", "shortened", "signup", "signups", "order", "orders",
                "message", "messages", "sent", "send", "sends", "publish", "publishes", "tweet", "tweets", "update",
                "updates", "submit", "submissions", "payment", "payments", "booking", "bookings", "ride", "rides",
                "photo", "photos", "video", "videos", "link", "links", "url", "urls", "paste", "pastes", "comment",
                "comments", "like", "likes", "event", "events")

_RETAIN_VERB = r"(?:keep|keeps|kept|retain|retains|retained|retention|store|stores|stored|persist|persists|" \
               r"persisted|archive|archives|archived|hold|holds|held|preserve|preserved|save|saved|last|lasts|live|lives)"
_RETENTION = re.compile(
    r"\b" + _RETAIN_VERB + r"\b(?:[^.;0-9]{0,40}?)\b(?:for\s+|of\s+|at\s+least\s+|up\s+to\s+|:\s*)*"
    + _NUM + r"\s*[- ]?\s*(days?|weeks?|months?|years?|yrs?|y)\b"
    r"|" + _NUM + r"\s*[- ]?\s*(days?|weeks?|months?|years?|yrs?)\s+(?:of\s+)?(?:retention|history|storage|archive)\b"
)
_SPAN_UNIT = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
              "year": "year", "years": "year", "yr": "year", "yrs": "year", "y": "year"}

#: Words that only say how a requirement is measured; what is left says what it is about.
_STOP = frozenset(
    """a an the and or of to in on at for by with without from into under below less than more over at least most
    no not any all every each per be is are was were should must shall will can could would may might need needs
    have has had our we us you your it its this that these those as so than then up down within p50 p75 p90 p95
    p99 p999 percentile percentiles th median average avg mean typical typically tail latency latencies response
    responses respond responds time times ms msec millisecond milliseconds s sec secs second seconds us µs minute
    minutes hour hours day days week weeks month months year years daily weekly monthly yearly annually hourly
    qps rps tps req reqs request requests percent availability available uptime sla slo nines durability durable
    downtime outage highly high low fast faster quick quickly end e2e target budget max maximum min minimum
    k m b bn thousand million billion trillion keep kept retain retained retention store stored persist
    persisted archive archived hold held preserve preserved save saved last lasts live lives system service
    services total peak around about roughly approximately take takes taken return returns returned
    serve served handle handles handled support supports""".split()  # noqa: SIM905 (a word list reads best as text)
)
_TOKEN = re.compile(r"[a-z][a-z0-9'-]*")


def stem(word: str) -> str:
    """A crude stem so that "redirects", "redirecting" and "redirect" meet: enough for matching labels.

    >>> [stem(w) for w in ("redirects", "feeds", "uploading", "searches", "created", "bus", "api")]
    ['redirect', 'feed', 'upload', 'search', 'creat', 'bus', 'api']
    """
    word = word.lower().strip("'-")
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _number(text: str, scale: str | None = None) -> float:
    if re.fullmatch(r"\d+(?:,\d{3})+", text):
        value = float(text.replace(",", ""))
    else:
        value = float(text.replace(",", "."))
    return value * _SCALE.get((scale or "").lower(), 1.0)


def _about(line: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """What the line is about: its words outside the target phrases, minus measuring words, stemmed."""
    kept = "".join(" " if any(a <= i < b for a, b in spans) else ch for i, ch in enumerate(line))
    out: list[str] = []
    for token in _TOKEN.findall(kept):
        if token in _STOP or len(token) < 3:
            continue
        s = stem(token)
        if s not in out:
            out.append(s)
    return tuple(out)


#: Words that name what is made rather than what is done: "video start" is not a write.
_MADE_THINGS = frozenset({"link", "links", "url", "urls", "photo", "photos", "video", "videos", "message", "messages",
                          "event", "events", "order", "orders", "payment", "payments", "booking", "bookings", "ride",
                          "rides", "post", "posts", "tweet", "tweets", "comment", "comments", "like", "likes",
                          "paste", "pastes"})


def _op(words: str, things: bool = True) -> str | None:
    """``read`` or ``write`` from the words of a line; ``things=False`` counts only verbs, not what is made."""
    tokens = set(_TOKEN.findall(words))
    reads = tokens & set(_READ_WORDS)
    writes = tokens & set(_WRITE_WORDS)
    if not things:
        writes -= _MADE_THINGS
    if reads and not writes:
        return "read"
    if writes and not reads:
        return "write"
    if reads and writes:
        # "new links" writes, "link clicks" reads: the verb-like word nearest the number wins.
        for token in _TOKEN.findall(words):
            if token in _READ_WORDS and token not in ("load", "loads"):
                return "read"
            if token in _WRITE_WORDS and token not in _MADE_THINGS:
                return "write"
    return None


def _percentiles(text: str) -> list[tuple[int, float]]:
    """Each percentile the line names, with where it stands: ``p95``, ``95th percentile``, ``95% of``, ``median``."""
    out = []
    for m in _PERCENTILE.finditer(text):
        raw = next(g for g in m.groups() if g)
        value = float(raw) if "." in raw or len(raw) <= 2 else float(raw[:2] + "." + raw[2:])
        out.append((m.start(), value))
    out += [(m.start(), 50.0) for m in _MEDIAN.finditer(text)]
    return sorted(out)


def _latency(text: str) -> list[tuple[Target, tuple[int, int]]]:
    out: list[tuple[Target, tuple[int, int]]] = []
    budget = _BUDGET_WORDS.search(text)
    marks = _percentiles(text)
    for m in _DURATION.finditer(text):
        unit = m.group(2)
        if not (budget or marks):
            continue
        ms = _number(m.group(1)) * _UNIT_MS[unit]
        if ms <= 0 or (_UNIT_MS[unit] == 1000.0 and ms > 60_000):
            continue  # "the 1990s": a budget in seconds stops at a minute
        # A duration after a rate or a retry word is not a latency ("every 5 s", "a 30 second timeout").
        before = text[max(0, m.start() - 12):m.start()]
        after = text[m.end():m.end() + 12]
        if re.search(r"\b(every|each|after|ttl|interval|poll|retry|timeout)\b", before) or \
                re.search(r"^\s*(timeout|ttl|interval|poll|delay|cooldown)", after):
            continue
        # The percentile nearest before the duration ("P50 of 80ms and P99 of 250ms"), else the first after it.
        earlier = [p for at, p in marks if at < m.start()]
        later = [p for at, p in marks if at >= m.end()]
        percentile = earlier[-1] if earlier else later[0] if later else 99.0
        out.append((Target(TargetKind.LATENCY, ms, m.group(0).strip(), percentile=percentile),
                    (m.start(), m.end())))
    return out


def _availability(text: str) -> list[tuple[Target, tuple[int, int]]]:
    out: list[tuple[Target, tuple[int, int]]] = []
    durable = "durab" in text
    kind = TargetKind.DURABILITY if durable else TargetKind.AVAILABILITY
    words = bool(_AVAIL_WORDS.search(text)) or durable
    for m in _PERCENT.finditer(text):
        value = float(m.group(1))
        if not 90 <= value <= 100 or (value < 99 and not words):
            continue
        # "99% of requests" is a percentile, "cache hit ratio 99%" is not availability.
        if re.search(r"\b(hit|hits|hit rate|hit ratio|cpu|memory|disk|utili[sz]ation|accuracy|precision|recall|"
                     r"coverage|battery|compression)\b", text) and not words:
            continue
        out.append((Target(kind, value / 100, m.group(0).strip()), (m.start(), m.end())))
    for m in _NINES.finditer(text):
        raw = m.group(1)
        n = _NINES_WORD.get(raw) or int(raw)
        if 2 <= n <= 12:
            out.append((Target(kind, 1 - 10.0**-n, m.group(0)), (m.start(), m.end())))
    for m in _DOWNTIME.finditer(text):
        amount = m.group(1) or m.group(3)
        unit = m.group(2) or m.group(4)
        period = m.group(5)
        seconds = _number(amount) * _DOWN_UNIT_S[unit]
        allowed = seconds / PERIOD_SECONDS[period]
        if 0 < allowed < 1:
            out.append((Target(TargetKind.AVAILABILITY, 1 - allowed, m.group(0).strip(), amount=seconds,
                               period=period), (m.start(), m.end())))
    return out


def _period_of(rate: str) -> str:
    for pattern, period in _RATE_PERIOD:
        if pattern.search(rate):
            return period
    return "second"


def _throughput(text: str) -> list[tuple[Target, tuple[int, int]]]:
    out: list[tuple[Target, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for pattern, adjective in ((_THROUGHPUT_ADJ, True), (_THROUGHPUT, False)):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if adjective:
                rate, noun = m.group(3), m.group(4)
            else:
                noun, rate = m.group(3), m.group(4)
            tail = text[m.end():m.end() + 30]
            if _PEOPLE.search(noun) or _PER_PERSON.search(noun + " " + tail) or _PER_PERSON.search(text[m.end():]):
                continue
            if not adjective and not noun.strip() and rate in ("daily", "weekly", "monthly", "yearly", "hourly") \
                    and _PEOPLE.search(tail):
                continue  # "50M daily active users"
            amount = _number(m.group(1), m.group(2))
            if amount <= 0:
                continue
            period = _period_of(rate)
            per_second = amount / PERIOD_SECONDS[period]
            op = _op(noun + " " + rate) or _op(text[max(0, m.start() - 25):m.start()] + " " + noun)
            taken.append((m.start(), m.end()))
            out.append((Target(TargetKind.THROUGHPUT, per_second, m.group(0).strip(), op=op, amount=amount,
                               period=period), (m.start(), m.end())))
    return out


def _retention(text: str) -> list[tuple[Target, tuple[int, int]]]:
    out: list[tuple[Target, tuple[int, int]]] = []
    for m in _RETENTION.finditer(text):
        amount, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        span = _SPAN_UNIT[unit]
        years = _number(amount) * _YEARS[span]
        if years > 0:
            out.append((Target(TargetKind.RETENTION, years, m.group(0).strip(), amount=_number(amount), period=span),
                        (m.start(), m.end())))
    return out


_NOT_A_TARGET = re.compile(
    r"\b(?:v|version|ver|http|python|java|node|ios|android|windows|ipv|oauth|tls|ssl|iso|rfc|es|gpt|top)\s*/?\s*\d"
)


def parse_requirement(line: str) -> Requirement:
    """The targets one requirement line states.

    >>> [t.describe() for t in parse_requirement("Redirect in < 50 ms").targets]
    ['p99 ≤ 50 ms']
    >>> [t.describe() for t in parse_requirement("100M new links a month, four nines").targets]
    ['≥ 38.6 writes/s (100M a month)', '≥ 99.99% available']
    >>> parse_requirement("v2 API with top 10 results").targets
    ()
    """
    text = " " + line.lower().replace("’", "'").replace("\u00a0", " ").replace("≤", "<=") + " "
    # Version numbers and similar ("v2", "HTTP/2", "top 10") are names, not quantities: blank them out first.
    text = _NOT_A_TARGET.sub(lambda m: " " * len(m.group(0)), text)
    found: list[tuple[Target, tuple[int, int]]] = []
    for reader in (_availability, _retention, _throughput, _latency):
        for target, span in reader(text):
            if any(a < span[1] and span[0] < b for _, (a, b) in found):
                continue  # one phrase states one target
            found.append((target, span))
    found.sort(key=lambda item: item[1][0])  # in the order the line states them
    spans = [span for _, span in found]
    words = _about(text, spans)
    targets = []
    for target, _ in found:
        op = target.op
        if target.kind is TargetKind.LATENCY and op is None:
            op = _op(text, things=False)
        targets.append(Target(target.kind, target.value, target.phrase, target.percentile, op, target.amount,
                              target.period, words))
    return Requirement(line.strip(), tuple(targets))


def parse_requirements(text: str) -> tuple[Requirement, ...]:
    """Every requirement line of a notes field, each with the targets it states."""
    return tuple(parse_requirement(line) for line in requirement_lines(text))
