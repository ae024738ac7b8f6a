"""The offline critic's question bank: what a hostile senior engineer asks about each part.

Three tables, all questions and never answers:

- :data:`KIND_QUESTIONS`: per component kind, the topics every reviewer
  raises (cache: invalidation, stampede, hot keys, eviction; queue: ordering,
  retries, poison messages, back-pressure; database: shard key, hot
  partitions, failover, backups; ...). A question may apply only when a
  condition holds (a single instance, something writes to it...).
- :data:`FINDING_QUESTIONS`: for each finding category, several phrasings
  that turn a rule's finding into a question about the named components.
- :data:`TWISTS`: generic "harder variant" constraints, with what each asks
  of every kind it stresses.

Templates use ``{name}``, ``{callers}``, ``{callees}``, ``{source}``... as
provided by :meth:`critique.facts.DesignFacts.placeholders`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from critique.facts import Node
from critique.models import Mode
from design.model.labels import says
from design.model.sketch import Category, Kind, Severity

__all__ = [
    "CONDITIONS",
    "FINDING_QUESTIONS",
    "GENERIC_FINDING_QUESTIONS",
    "INTERVIEW",
    "KIND_QUESTIONS",
    "TWISTS",
    "Question",
    "Twist",
]

H, M, L = Severity.HIGH, Severity.MEDIUM, Severity.LOW
STRESS, FOLLOWUP = Mode.STRESS, Mode.FOLLOWUP
BOTH = frozenset({STRESS, FOLLOWUP})

#: Words that say an in-memory store *is* the store (counters, sessions...), not a copy of another one.
_STATE_WORDS = ("counter", "counters", "incr", "increment", "session", "sessions", "presence", "lock", "locks",
                "leaderboard", "rate limit", "ratelimit", "quota", "token bucket", "online")


def _as_store(n: Node) -> bool:
    return says(n.words, *_STATE_WORDS)


#: When a kind question applies, by name (kept as names so the bank reads as data).
CONDITIONS: Mapping[str, Callable[[Node], bool]] = {
    "caching": lambda n: not _as_store(n),
    "as_store": _as_store,
    "always": lambda n: True,
    "single": lambda n: n.single,
    "redundant": lambda n: n.redundant,
    "has_callers": lambda n: bool(n.callers),
    "has_callees": lambda n: bool(n.callees),
    "sync_callees": lambda n: bool(n.sync_callees),
    "written": lambda n: n.writes_in,
    "maybe_written": lambda n: n.writes_in or not n.reads_in,
    "several_callers": lambda n: len(n.callers) > 1,
}


@dataclass(frozen=True, slots=True)
class Question:
    """One question template about a component of some kind."""

    topic: str
    text: str
    why: str
    category: str
    severity: Severity
    when: str = "always"
    modes: frozenset[Mode] = BOTH


def _q(topic: str, text: str, why: str, category: str, severity: Severity, when: str = "always",
       modes: frozenset[Mode] = BOTH) -> Question:
    if when not in CONDITIONS:
        raise ValueError(f"question {topic!r}: unknown condition {when!r}")
    return Question(topic, text, why, category, severity, when, modes)


KIND_QUESTIONS: Mapping[Kind, tuple[Question, ...]] = {
    Kind.CACHE: (
        _q("invalidation", "When the data behind {name} changes in {source}, how does {name} find out? Walk me through the window in which a reader gets the old value, and say how long it can last.",
           "Stale reads are the price of a cache; if you cannot bound the window you cannot tell anyone what 'consistent' means here.", "consistency", M, "caching"),
        _q("stampede", "A hot key in {name} expires and 5,000 requests miss in the same instant. What stops every one of them from going to {source} at once?",
           "Synchronised misses turn a cache into an amplifier: the store behind it sees a spike it was never sized for.", "bottleneck", H, "caching"),
        _q("hot-keys", "One key takes 30% of all reads. {name} places keys by hash, so one node serves it alone. How would you notice, and what happens to the other keys on that node?",
           "Hashing spreads keys, not load; a single hot key can saturate one node's CPU or network.", "bottleneck", M),
        _q("eviction", "{name} is full. What does it evict, and what does that do to the hit rate and to {source} in the minute after?",
           "The eviction policy decides the hit rate, and the hit rate decides the load on everything behind the cache.", "scaling", M, "caching"),
        _q("cold-start", "{name} restarts empty after a deploy or a crash. What load lands on {source} in the next five minutes, and can {source} take it?",
           "A cache that hides most reads is also a cliff: losing it multiplies the load on the store behind it.", "single_point_of_failure", H, "single"),
        _q("state-loss", "{name} holds state that exists nowhere else. It restarts or fails over: which values are lost or reset, and what do {callers} do with the wrong numbers?",
           "An in-memory store used as the source of truth has a database's obligations without a database's durability.", "durability", H, "as_store"),
        _q("atomic-update", "Two instances of {callers} update the same key in {name} in the same millisecond. Is the read-modify-write atomic, or can an update be lost?",
           "Lost updates under concurrency are invisible in testing and constant at peak.", "consistency", M, "as_store"),
        _q("write-path", "Do writes go through {name}, around it, or into it first? What happens when the write to {source} succeeds and the update of {name} fails?",
           "Two writes without a transaction diverge; which one wins decides what readers see.", "consistency", M, "has_callers", frozenset({FOLLOWUP, STRESS})),
        _q("why-cache", "Why does {name} exist: which read is slow or expensive enough to need it, and what hit rate do you expect?",
           "A cache without a measured reason adds a consistency problem for nothing.", "requirements", L, "always", frozenset({FOLLOWUP})),
    ),
    Kind.QUEUE: (
        _q("ordering", "Does anything downstream of {name} depend on message order? Per key, per partition or global — and what reorders messages today: retries, rebalancing, several consumers?",
           "Most queues only order within a partition, and retries break even that; order bugs show up as corrupted state much later.", "consistency", M),
        _q("retries", "{consumer} fails halfway through a message from {name}. Is the message delivered again, and what makes processing it twice harmless?",
           "Queues deliver at least once; without idempotent consumers every retry is a duplicate side effect.", "durability", H),
        _q("poison", "One malformed message makes {consumer} crash every time it reads it. What happens to the messages behind it in {name}?",
           "A poison message can stall a whole partition until someone notices; it needs a path out of the queue.", "operations", M),
        _q("backpressure", "{producers} publish faster than {consumer} can drain {name} for an hour. How deep does the backlog get, how old is the oldest message, and who notices?",
           "A queue absorbs bursts but hides overload; without a bound and an alarm it just delays the failure.", "bottleneck", H),
        _q("broker-loss", "{name} loses a broker. Which messages that {producers} were told were accepted can be lost?",
           "The acknowledgement a producer gets is only as strong as the replication behind it.", "durability", H, "single"),
        _q("semantics", "At-least-once or exactly-once: which does {name} give you, and which does this flow need?",
           "Delivery semantics are a business decision disguised as a technical setting.", "consistency", M, "always", frozenset({FOLLOWUP})),
    ),
    Kind.DATABASE: (
        _q("shard-key", "If {name} has to be split across machines, what is the shard key, and which of your queries stop being single-shard?",
           "The shard key decides which queries stay cheap forever; changing it later means moving all the data.", "scaling", M),
        _q("hot-partition", "Which key in {name} takes the most writes? What happens when one user, tenant or item takes 100× the average?",
           "Partitioned stores scale with the number of keys, not with the traffic to one key.", "bottleneck", M, "maybe_written"),
        _q("failover", "A node of {name} (the primary, if it has one) dies in the middle of a write. How long until writes work again, who decides that it is dead, and what happens to writes that were acknowledged but not yet replicated?",
           "Failover time and the replication mode decide both the outage length and how much acknowledged data is lost.", "durability", H, "redundant"),
        _q("single-instance", "{name} is one instance. Its disk fails at peak: how long are {callers} down, and what is the newest data you can restore?",
           "One database instance is both an availability and a durability risk; the restore point is the data you lose.", "single_point_of_failure", H, "single"),
        _q("backups", "When was {name} last restored from a backup, by whom, and how long did it take? What are your RPO and RTO?",
           "A backup that has never been restored is a hope, not a backup.", "durability", M),
        _q("connections", "{callers} scale out to 50 instances. How many connections does {name} get, and what is its limit?",
           "Databases run out of connections long before CPU; scaling the callers can take the database down.", "bottleneck", M, "has_callers"),
        _q("replica-lag", "Reads go to replicas of {name}. A user writes and reads straight back: do they see their own write?",
           "Replication lag makes read-your-writes fail intermittently, which is the hardest kind of bug to reproduce.", "consistency", M, "redundant"),
        _q("why-store", "Why {name}? Which access pattern made you pick it, and what would make you regret it in a year?",
           "The store choice is the decision hardest to reverse; an interviewer wants the reasoning, not the brand.", "requirements", M, "always", frozenset({FOLLOWUP})),
        _q("schema-change", "How do you change {name}'s schema while {callers} keep writing, with no downtime?",
           "Schema changes on a live table lock it or double the write load; they need a plan before the first one.", "operations", L, "has_callers", frozenset({FOLLOWUP})),
    ),
    Kind.SERVICE: (
        _q("timeouts", "{name} calls {callees} synchronously. What is the timeout on each call, and what does {name} return when {callee} is slow rather than down?",
           "A slow dependency is worse than a dead one: it holds threads and connections until the caller falls over too.", "latency", H, "sync_callees"),
        _q("retry-storm", "{callee} slows down and {name} retries. What stops the retries from turning a slowdown into an outage?",
           "Retries multiply load exactly when the dependency is weakest; without budgets and backoff they finish it off.", "bottleneck", M, "sync_callees"),
        _q("idempotency", "A client times out and retries a write to {name}. What stops it from being applied twice?",
           "Timeouts do not mean failure; a retried write without an idempotency key is a duplicate.", "consistency", H, "written"),
        _q("state", "Is {name} stateless? If one instance dies mid-request, what does the caller see, and is retrying on another instance safe?",
           "Hidden state in a service (sessions, in-memory queues, local files) breaks scaling and failover.", "scaling", M),
        _q("capacity", "What runs out first in {name} — CPU, memory, connections or a lock — and how many instances does peak traffic need?",
           "Knowing the bottleneck resource is what turns 'add more servers' into a number.", "scaling", M),
        _q("deploy", "How do you deploy a new version of {name} without dropping the requests in flight?",
           "Most outages start with a change; a deploy that drops requests is an outage on a schedule.", "operations", L, "always", frozenset({FOLLOWUP})),
    ),
    Kind.WORKER: (
        _q("killed-mid-job", "{name} is killed halfway through a job. Does the job run again, from where, and is running it twice safe?",
           "Workers die mid-job routinely (deploys, spot instances); the job must be resumable or idempotent.", "durability", H),
        _q("slow-job", "One job takes 10× longer than usual. Does it block the jobs behind it in {name}? Is there a deadline?",
           "Without deadlines one slow job holds a worker slot forever and throughput collapses quietly.", "bottleneck", M),
        _q("keeping-up", "How do you know {name} is keeping up? Which number would tell you it is falling behind before users do?",
           "Background work fails silently: nothing errors, things just happen later and later.", "missing_observability", M),
        _q("concurrency", "Two instances of {name} pick up the same job at once. What happens?",
           "Duplicate processing is the default under at-least-once delivery and worker restarts.", "consistency", M, "always", frozenset({FOLLOWUP})),
    ),
    Kind.LOAD_BALANCER: (
        _q("health", "How does {name} know a backend is unhealthy, and what happens to the requests in flight to a backend that just died?",
           "Health checks that are too slow send traffic to dead backends; too eager ones take healthy ones out.", "operations", M),
        _q("lb-single", "{name} is one box. It restarts for a config change: what happens to every connection going through it?",
           "The thing that removes single points of failure is often one itself.", "single_point_of_failure", H, "single"),
        _q("sticky", "Sticky sessions or not? If one user's requests land on different instances of {callees}, what state breaks?",
           "Stickiness hides state in instances and makes load uneven; its absence exposes that state.", "consistency", L),
        _q("tls", "Where is TLS terminated, L4 or L7 balancing, and what does {name} need to know about requests to route them?",
           "The layer decides what the balancer can see and do, and where the encryption boundary is.", "security", L, "always", frozenset({FOLLOWUP})),
    ),
    Kind.API_GATEWAY: (
        _q("limits", "One client sends {name} 100× its usual traffic. Where are the limits kept, and are they counted per gateway instance or globally?",
           "Per-instance limits multiply by the number of instances; global ones add a dependency to every request.", "missing_rate_limiting", M),
        _q("auth-dependency", "Where are tokens validated — in {name} or in each service? What happens to every request when the auth dependency is slow?",
           "Authentication sits on every request path; its latency and availability become everyone's.", "security", M),
        _q("gateway-retries", "Does {name} retry failed calls to {callees}? Which of those calls are safe to retry?",
           "A gateway that retries non-idempotent calls duplicates writes on behalf of clients.", "consistency", M, "has_callees"),
        _q("gateway-single", "{name} is a single instance in front of everything. What is its failure plan?",
           "The gateway is the front door; when it is down, the whole product is down.", "single_point_of_failure", H, "single"),
    ),
    Kind.CDN: (
        _q("purge", "What is the cache key and TTL at {name}? How do you remove an object that must disappear now — a takedown, a leaked file?",
           "Edge caches are easy to fill and hard to empty; a purge that takes an hour is a compliance problem.", "consistency", M),
        _q("origin-storm", "After a purge or a deploy, every edge of {name} misses at once. What protects {callees}?",
           "A CDN shields the origin only while it is warm; a global miss sends the full audience to the origin.", "bottleneck", M),
        _q("uncacheable", "Which responses cannot be cached at {name} (personalised, authenticated), and what share of traffic is that?",
           "The uncacheable share is the real origin load; it is often much bigger than assumed.", "scaling", L),
    ),
    Kind.OBJECT_STORAGE: (
        _q("upload-path", "How do large files reach {name}: through your servers, or straight from the client with signed URLs? What happens to a half-finished upload?",
           "Proxying bytes through app servers makes them bandwidth-bound; abandoned uploads cost money forever.", "scaling", M),
        _q("metadata-consistency", "How is the metadata in {store} kept consistent with the objects in {name}? What happens to an object whose metadata write failed?",
           "Two stores without a transaction drift apart: orphaned objects and rows that point at nothing.", "consistency", M),
        _q("access", "Who can read objects in {name}, and what stops a guessed or leaked URL from exposing someone else's file?",
           "Object stores are a common source of data leaks through overly broad access.", "security", M),
        _q("lifecycle", "How long are objects in {name} kept, and what moves or deletes them? What does storage cost in year three?",
           "Storage grows forever unless something deletes it; cost follows.", "cost", L, "always", frozenset({FOLLOWUP})),
    ),
    Kind.SEARCH: (
        _q("indexing-lag", "How does data get from the source of truth into {name}, and how stale can a search result be?",
           "Search indexes are derived data; the pipeline that feeds them defines their freshness and correctness.", "consistency", M),
        _q("reindex", "{name} has to be rebuilt from scratch. From what, and how long does it take while traffic continues?",
           "If an index cannot be rebuilt it is a primary store in disguise, with a primary store's obligations.", "durability", M),
        _q("expensive-query", "What does a query that matches ten million documents cost {name}? What stops one user from sending many of them?",
           "Search cost varies by orders of magnitude per query; one expensive pattern can starve the cluster.", "bottleneck", M),
    ),
    Kind.EXTERNAL: (
        _q("outage", "{name} is down for an hour. What do your users see, and what happens to the work that needed it?",
           "You cannot fix a third party's outage; you can only decide how yours degrades.", "durability", H),
        _q("timeout-ambiguity", "The call to {name} times out after you sent it. Did it happen or not? How do you find out without doing it twice?",
           "A timeout is an unknown outcome; for payments, messages and bookings, guessing either way is wrong.", "consistency", H),
        _q("their-limits", "What are {name}'s rate limits, and what happens when your peak hits them?",
           "Third-party quotas become your capacity ceiling, usually discovered at peak.", "bottleneck", M),
    ),
    Kind.DNS: (
        _q("ttl", "What TTL do your records in {name} have? After you point them elsewhere, how long do clients keep going to the old place?",
           "DNS failover is only as fast as the longest cached TTL, and some resolvers ignore TTLs.", "operations", M),
    ),
    Kind.CLIENT: (
        _q("client-retries", "A request from {name} fails or times out. How often does it retry, and what stops a million clients retrying in lockstep after an outage?",
           "Synchronised client retries turn recovery into a second outage.", "bottleneck", M, "has_callees"),
        _q("client-cache", "What does {name} keep locally, and how does it learn that the data changed?",
           "Client-side state is the cache you cannot purge.", "consistency", L, "has_callees", frozenset({FOLLOWUP})),
    ),
    Kind.MONITORING: (
        _q("signals", "Which three numbers in {name} would tell you the system is failing before users do, and which one pages a human?",
           "Monitoring that nobody is paged by is a dashboard, not an alarm.", "missing_observability", M),
        _q("watching-the-watcher", "If {name} itself is down, how do you find out?",
           "The monitoring system fails too, usually at the same time as what it watches.", "operations", L),
    ),
    Kind.AUTH: (
        _q("auth-on-path", "{name} is on every request. When it is slow or down, does everything stop? Can tokens be checked without calling it?",
           "Central auth is a shared dependency; its outage is a total outage unless tokens verify locally.", "single_point_of_failure", H),
        _q("revocation", "How is a token revoked, and how long does a revoked token keep working?",
           "Self-contained tokens are fast to check and slow to revoke; the gap is an attacker's window.", "security", M),
    ),
    Kind.UNKNOWN: (
        _q("what-is-it", "What is {name}? Its label does not say what kind of component it is, so nothing about it can be checked. What does it hold, and what happens when it fails?",
           "A reviewer cannot challenge a box they cannot read; naming the kind is the first step of reasoning about it.", "unlabeled_component", L),
    ),
}

#: For each finding category, ways to turn the finding into a question. ``{name}``
#: is its first element, ``{names}`` all of them, ``{message}`` the rule's message.
FINDING_QUESTIONS: Mapping[Category, tuple[str, ...]] = {
    Category.SINGLE_POINT_OF_FAILURE: (
        "{name} is a single instance and requests depend on it. It dies at peak: what do users see, and how long until it is back?",
        "Walk me through the five minutes after {name} crashes: who notices, what fails over, and what is lost?",
        "Someone asks you for 99.99% availability. With {name} as one instance, what is the most you can honestly promise, and why?",
    ),
    Category.BOTTLENECK: (
        "{message} What is {name}'s ceiling, in requests per second, and what gives first when traffic passes it?",
        "Everything funnels through {name}. At twice today's peak, which resource in {name} runs out first?",
    ),
    Category.MISSING_REPLICATION: (
        "If the disk under {name} fails tonight, which data is gone for good?",
        "{name} has no replica. What is the newest copy of its data that exists anywhere else, and how old is it?",
    ),
    Category.MISSING_LOAD_BALANCER: (
        "{upstream} calls {name} directly. How do you add a second instance of {name}, or take one out for a deploy, without changing {upstream}?",
        "{message} When one instance of {name} is unhealthy, what stops {upstream} from sending it requests?",
    ),
    Category.MISSING_CACHE: (
        "{message} Which reads repeat, and what does serving every one of them from {name} cost at peak?",
        "Every read reaches {name}. What is the read rate at peak, and how far is it from {name}'s limit?",
    ),
    Category.MISSING_QUEUE: (
        "{message} What happens to a request when {name} is slow: does the caller wait, fail, or retry?",
        "The work behind {name} happens inside the request. What happens to the user's request when that work takes ten seconds?",
    ),
    Category.MISSING_CDN: (
        "{message} Where are your users, where is {name}, and how many milliseconds is the round trip for the farthest of them?",
        "Static content is served from {name}. What share of your egress bill and origin load is that?",
    ),
    Category.DIRECT_DATASTORE_ACCESS: (
        "{upstream} talks straight to {name}. Where do {name}'s credentials live, and what stops one client reading another user's data?",
        "{message} How do you change {name}'s schema when clients you do not control depend on it?",
        "What stops a single misbehaving {upstream} from sending {name} a query that scans everything?",
    ),
    Category.DEEP_SYNC_CHAIN: (
        "A request waits on {names} one after another. What is the end-to-end latency budget, and what happens when the slowest hop's p99 doubles?",
        "{message} Availability multiplies along a chain: with each hop at 99.9%, what is the chain's availability, and which hop could be taken off the request path?",
    ),
    Category.SYNC_CYCLE: (
        "{names} call each other in a loop. What stops one slow request from holding threads on every one of them until all are stuck?",
        "{message} Which of these calls is really needed synchronously, and what breaks the cycle when one of them is down?",
    ),
    Category.QUEUE_WITHOUT_CONSUMER: (
        "Who reads from {name}? Messages go in and nothing in the design takes them out: what happens in a day?",
        "{message} Is the consumer missing from the drawing or from the design?",
    ),
    Category.CACHE_WITHOUT_SOURCE: (
        "{name} has no source of truth behind it. On a miss, where does the data come from? If it lives only in {name}, what happens on eviction?",
        "{message} Is {name} a cache or your primary store? If it is the store, where are its durability and backups?",
    ),
    Category.ORPHAN_COMPONENT: (
        "{name} has no flows in or out. What does it do in this design, and what would break if you deleted it?",
        "{message} Which flow to or from {name} is missing from the drawing?",
    ),
    Category.UNREACHABLE_COMPONENT: (
        "Nothing reaches {name} from a client. How does a request get there?",
        "{message} Who triggers the work {name} does?",
    ),
    Category.DANGLING_FLOW: (
        "An arrow near {name} is attached at one end only. Where was it meant to go? Until it is attached, nothing about that flow can be checked.",
        "{message} What does that loose arrow carry, and to which component?",
    ),
    Category.UNLABELED_COMPONENT: (
        "A box has no name. What is it? A reviewer cannot challenge what they cannot read.",
        "{message} What kind of component is it, and what does it hold?",
    ),
    Category.MISSING_OBSERVABILITY: (
        "How would you know this design is failing before users tell you? Nothing in it watches anything.",
        "{message} At 3 am, which metric pages someone, and from which component does it come?",
    ),
    Category.MISSING_AUTH: (
        "Who is allowed to call {name}, and where is that checked?",
        "{message} What stops an anonymous request from reaching {name}?",
    ),
    Category.MISSING_RATE_LIMITING: (
        "What stops a single client from sending {name} a hundred times its normal traffic?",
        "{message} When one customer's script goes wrong, which other customers suffer, and where would you stop it?",
    ),
    Category.CAPACITY_EXCEEDED: (
        "{message} What number did you size {name} with, and what happens to requests above it?",
        "By your own estimates {name} is over a single node's capacity at peak. What gives first: latency, errors or data?",
    ),
    Category.COMMON_MODE_FAILURE: (
        "{message} The zone (or host) they share goes dark: where does {name}'s traffic go, and how long until it is served again?",
        "Every copy of {names} shares one failure domain. Which single outage takes them all at once, and what would you spread out first?",
    ),
    Category.LATENCY_BUDGET_EXCEEDED: (
        "{message} Where does the time go, and which hop would you take off the path first?",
        "{message} What would you cut, cache or move behind a queue to get under your budget, and what does it cost you?",
    ),
    Category.AVAILABILITY_TARGET_MISSED: (
        "{message} Which component do you replicate first, and what does the path reach after that?",
        "{message} Where do the missing nines come from, and what does a user see while {name} is down?",
    ),
    Category.THROUGHPUT_CEILING: (
        "{message} What breaks first when traffic gets there, and how would you raise the ceiling?",
        "{message} Would you shard {name}, cache in front of it or queue in front of it, and what does each buy you?",
    ),
}

#: For finding categories added later by other rules: still a question, still about the design.
GENERIC_FINDING_QUESTIONS: tuple[str, ...] = (
    "{message} How does your design answer this?",
    "{message} What would you change first, and what would that cost?",
)


@dataclass(frozen=True, slots=True)
class Twist:
    """A generic harder constraint: what it is, and what it asks of each kind it stresses."""

    id: str
    title: str
    text: str
    questions: Mapping[Kind, tuple[str, ...]]
    design_questions: tuple[str, ...]

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset(self.questions)


TWISTS: tuple[Twist, ...] = (
    Twist(
        "spike-100x",
        "A 100× spike",
        "A campaign sends 100× normal traffic for 20 minutes, starting in 5 minutes. Nothing new can be provisioned in time.",
        {
            Kind.SERVICE: ("{name} gets 100× its traffic. Which dependency of {name} saturates first, and what should {name} refuse rather than queue?",),
            Kind.DATABASE: ("{name} gets 100× the writes for 20 minutes. Which are shed, queued or rejected, and who decides?",),
            Kind.CACHE: ("The spike is mostly new keys, so {name}'s hit rate collapses. What reaches {source}, and for how long?",),
            Kind.QUEUE: ("{name} absorbs the spike. How deep does it get, and how long after the spike ends is the backlog drained?",),
            Kind.LOAD_BALANCER: ("{name} sees 100× connections. What is its connection limit, and what happens at it?",),
            Kind.EXTERNAL: ("You call {name} 100× more often. Its quota does not change. What happens to the calls over it?",),
        },
        ("What is the first thing users notice in minute one of the spike, and is that what you would choose them to notice?",),
    ),
    Twist(
        "multi-region",
        "Multi-region, active-active",
        "The product launches on three continents: users must be served from their own region, and any one region can go dark without losing acknowledged writes.",
        {
            Kind.DATABASE: ("Where does {name}'s primary live now? A user in Asia writes: what is the latency, and what happens if the regions cannot talk?",),
            Kind.CACHE: ("Is {name} per region? How does an invalidation cross regions, and what if that message is lost?",),
            Kind.QUEUE: ("Is {name} per region? Does a message produced in one region have to be consumed in another?",),
            Kind.SERVICE: ("Can {name} answer a request using only data in its own region? Which requests cannot?",),
            Kind.OBJECT_STORAGE: ("A file uploaded to {name} in Europe is requested in Australia a second later. Is it there?",),
        },
        ("Two regions accept conflicting writes to the same record during a network split. Which one wins, and who finds out?",),
    ),
    Twist(
        "memory-bound",
        "A hard memory bound",
        "Every node now has 2 GB of memory, and the hot data set is 50× that.",
        {
            Kind.CACHE: ("{name} can now hold 2% of the hot set. What is the hit rate, and what does the miss traffic do to {source}?",),
            Kind.SERVICE: ("Which in-memory state in {name} (sessions, buffers, local caches) no longer fits, and where does it go?",),
            Kind.DATABASE: ("{name}'s indexes no longer fit in memory. Which queries go from microseconds to disk seeks?",),
            Kind.SEARCH: ("{name}'s index is 50× the memory. Which queries are still fast?",),
            Kind.WORKER: ("A job in {name} needs more than 2 GB to run. How do you split it?",),
        },
        ("Which data structure in this design grows with the number of users, and what is its size at your scale?",),
    ),
    Twist(
        "streaming-input",
        "Streaming input",
        "Input no longer arrives as requests: it is a continuous stream of a million events a second, and results must be visible within two seconds.",
        {
            Kind.QUEUE: ("{name} now carries a million events a second. How is it partitioned, and what happens to ordering across partitions?",),
            Kind.WORKER: ("{name} must process each event within two seconds. How many instances, and what happens to the two-second promise when one dies?",),
            Kind.DATABASE: ("{name} receives a write per event. Can it take a million writes a second, or must writes be batched — and what does batching do to the two seconds?",),
            Kind.SERVICE: ("{name} handled requests. What in it assumes a request-response shape that a stream breaks?",),
        },
        ("An event arrives twice, or late, or out of order. Which result is wrong, and for how long?",),
    ),
    Twist(
        "strict-consistency",
        "Read-your-writes everywhere",
        "A regulator requires that no user ever sees data older than their own last write, on any device.",
        {
            Kind.CACHE: ("{name} can serve stale data. Which reads may still use it, and how do you prove the others never do?",),
            Kind.DATABASE: ("Any replica of {name} lags behind its primary. Which reads must now go to the primary, and can the primary take them?",),
            Kind.SEARCH: ("{name} is updated asynchronously. Does a user searching for what they just wrote find it?",),
            Kind.CDN: ("{name} caches responses. Which of them include a user's own data?",),
        },
        ("A user writes on their phone and reads on their laptop a second later through a different region. What do they see?",),
    ),
)

#: Interviewer follow-up questions from the shape of the graph (``{name}`` is the component concerned).
INTERVIEW: Mapping[str, tuple[str, ...]] = {
    "ten_x": (
        "Traffic grows 10× over a year. Is {name} the first thing to fall over? What number would you watch to see it coming?",
        "At 10× today's load, what happens to {name}, and what is the cheapest change that buys the next 10×?",
    ),
    "node_dies": (
        "{name} dies right now. Which requests still work, and which fail?",
        "Pull the plug on {name}. Walk me through what every user sees in the next minute.",
    ),
    "worst_case": (
        "A request goes {path}, every hop synchronous. What is its worst-case latency, and which hop sets it?",
        "The slowest hop on {path} has a bad minute. How many requests pile up behind it, and where?",
    ),
    "no_requirements": (
        "No requirements are written down. Which two properties does this design optimise for — latency, consistency, cost, availability — and what did you give up for them?",
    ),
    "no_approach": (
        "Explain the design in three sentences: what is the core idea, and which single decision would you defend hardest?",
    ),
    "read_write": (
        "Is this workload read-heavy or write-heavy, and where in the drawing does that show?",
    ),
}
