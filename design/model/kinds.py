"""Kind inference: read what a component is from the words in its label.

People label boxes the way they talk: "Redis", "Order queue (RabbitMQ x3)",
"UserService", "Mobile app". The table below maps product names and generic
nouns to kinds. When several terms match, the strongest tier wins (a generic
noun such as "queue" beats a product name such as "Redis", because "Redis
queue" is a queue), and among equals the last one wins, because English puts
the head noun last ("user DB cache" is a cache, "cache DB" a database).

Words outside parentheses name the thing and words inside describe it: a
product or a strong noun outside beats anything inside, so "API gateway (auth,
rate limit)" is a gateway that authenticates and "Cassandra (storage)" a
database, while "Jobs (SQS)" is a queue (only the weak word "jobs" is outside)
and "Presence (Redis)" a cache. The same holds for a description after a
separator or on a later line (:func:`read_kind`): "API Gateway / Token Bucket"
is a gateway, "History Workers — persist to DB" a worker.

An unrecognised label is ``unknown``: the app then asks the user to pick,
rather than guessing silently.

Two product traits matter to the rules besides the kind: a product someone
else runs replicated for you (SQS, DynamoDB, Aurora...) is not a single point
of failure however it is drawn (:func:`is_managed_product`), and a product
that spreads writes over nodes (Cassandra, DynamoDB, Spanner...) has no single
write primary to become a bottleneck (:func:`scales_writes`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from design.model.labels import head_phrase, looks_like_topic, split_label
from design.model.sketch import Kind

__all__ = [
    "KEYWORDS",
    "MANAGED_PRODUCTS",
    "PRODUCT",
    "STRONG",
    "WEAK",
    "WRITE_SCALING_PRODUCTS",
    "infer_kind",
    "is_managed_product",
    "managed_by_default",
    "matched_terms",
    "name_and_note",
    "read_kind",
    "scales_writes",
]

# Tiers: 0 = weak generic words ("service", "app"), 1 = product and vendor
# names, 2 = strong generic nouns ("database", "queue", "load balancer").
WEAK, PRODUCT, STRONG = 0, 1, 2

_TABLE: dict[Kind, dict[int, tuple[str, ...]]] = {
    Kind.CLIENT: {
        STRONG: ("client", "clients", "browser", "browsers", "web client", "mobile app", "mobile client",
                 "ios app", "android app", "end user", "end users", "spa", "desktop app", "web browser", "search box",
                 "search bar", "admin panel", "admin ui", "web ui"),
        # Weak: these often qualify another noun ("User service", "Mobile API").
        WEAK: ("app", "apps", "user", "users", "customer", "customers", "mobile", "ios", "android",
               "frontend", "front end", "player", "viewer", "viewers", "rider", "driver", "riders", "drivers",
               "creator", "creators", "uploader", "uploaders", "buyer", "buyers", "seller", "sellers", "shopper",
               "shoppers", "visitor", "visitors", "reader", "readers", "guest", "guests", "merchant", "merchants",
               "device", "devices", "iot device", "iot devices", "caller", "callers", "admin", "admins",
               "web app", "webapp", "single page app", "spa client", "dashboard", "dashboards", "portal",
               "portals", "players", "ui"),
    },
    Kind.DNS: {
        STRONG: ("dns", "name server", "nameserver", "geo dns", "geodns"),
        PRODUCT: ("route53", "route 53", "cloud dns", "ns1"),
    },
    Kind.CDN: {
        STRONG: ("cdn", "edge cache", "content delivery network", "edge network"),
        PRODUCT: ("cloudfront", "akamai", "fastly", "cloudflare", "cloud cdn", "azure cdn", "bunny"),
    },
    Kind.LOAD_BALANCER: {
        STRONG: ("load balancer", "load balancers", "loadbalancer", "lb", "lbs", "balancer", "reverse proxy",
                 "ingress", "l4", "l7", "proxy", "load balancing"),
        PRODUCT: ("nginx", "haproxy", "elb", "alb", "nlb", "envoy", "traefik", "f5", "istio", "linkerd",
                  "gclb", "metallb"),
    },
    Kind.API_GATEWAY: {
        STRONG: ("api gateway", "gateway", "api gw", "apigw", "waf", "api management", "edge service"),
        PRODUCT: ("kong", "apigee", "tyk", "zuul", "krakend", "apim"),
    },
    Kind.SERVICE: {
        STRONG: ("app server", "app servers", "application server", "web server", "web servers",
                 "api server", "api servers", "microservice", "microservices", "backend", "back end",
                 "monolith", "web tier", "app tier", "rate limiter", "ratelimiter", "rate limiting",
                 "id generator", "id service", "ticket server", "key generation service", "kgs",
                 "url shortener", "shortener", "matching service", "websocket server", "ws server",
                 "graphql server", "grpc server", "app service"),
        WEAK: ("service", "services", "server", "servers", "svc", "api", "apis", "application", "handler",
               "endpoint", "lambda", "function", "functions", "bff", "host", "hosts", "instance", "pod", "pods",
               "generator", "controller", "engine", "router", "aggregator", "coordinator", "orchestrator",
               "manager", "dispatcher", "resolver", "issuer", "filter"),
        PRODUCT: ("cloud run", "app engine", "ecs", "fargate", "kubernetes", "k8s", "heroku", "django", "rails",
                  "flask", "fastapi", "nodejs", "tomcat", "gunicorn", "unicorn"),
    },
    Kind.WORKER: {
        STRONG: ("worker", "workers", "consumer", "consumers", "processor", "processors",
                 "cron", "cron job", "cron jobs", "scheduler", "batch", "transcoder", "transcoders", "encoder",
                 "crawler", "crawlers", "indexer", "task runner", "fanout worker", "background worker",
                 "background job", "background jobs", "job runner", "importer", "importers", "fetcher", "fetchers",
                 "parser", "parsers", "ingester", "ingesters", "ingestor", "ingestors"),
        WEAK: ("job", "jobs", "background", "pipeline", "task", "tasks", "writer", "writers", "projector",
               "projectors", "sink", "sinks"),
        PRODUCT: ("celery", "sidekiq", "spark", "flink", "hadoop mapreduce", "mapreduce", "airflow", "beam",
                  "dataflow", "resque", "bullmq", "temporal", "step functions", "ffmpeg", "cloud tasks"),
    },
    Kind.CACHE: {
        STRONG: ("cache", "caches", "caching", "cache layer", "session store", "in memory store"),
        PRODUCT: ("redis", "memcached", "memcache", "valkey", "keydb", "dragonfly", "hazelcast", "varnish",
                  "elasticache", "ehcache", "caffeine", "aerospike", "memorystore", "ignite", "coherence",
                  "groupcache"),
    },
    Kind.QUEUE: {
        STRONG: ("queue", "queues", "message queue", "mq", "broker", "message broker", "event bus",
                 "message bus", "topic", "topics", "event stream", "event streams", "log stream", "dlq",
                 "pubsub", "pub sub", "outbox", "event log", "event hub", "message queues", "job queue"),
        WEAK: ("event", "events", "messages", "notifications queue"),
        PRODUCT: ("kafka", "sqs", "sns", "rabbitmq", "rabbit", "kinesis", "activemq", "pulsar", "nats",
                  "eventbridge", "event hubs", "eventhub", "service bus", "zeromq", "redpanda", "beanstalkd",
                  "google pubsub", "cloud pubsub", "msk", "amazon mq", "nsq", "jetstream", "redis streams",
                  "redis stream", "kafka streams"),
    },
    Kind.DATABASE: {
        STRONG: ("database", "databases", "db", "dbs", "datastore", "data store", "sql", "nosql", "rdbms",
                 "kv store", "key value store", "key value", "read replica", "read replicas", "data warehouse",
                 "graph db", "time series db", "tsdb", "metadata store", "ledger db", "event store",
                 "feature store", "vector db", "vector database", "vector store"),
        WEAK: ("ledger", "warehouse", "table", "tables"),
        PRODUCT: ("postgres", "postgresql", "psql", "mysql", "mariadb", "aurora", "dynamodb", "dynamo",
                  "cassandra", "scylla", "scylladb", "mongodb", "mongo", "cockroachdb", "cockroach", "spanner",
                  "bigtable", "hbase", "oracle", "sql server", "mssql", "sqlite", "neo4j", "influxdb",
                  "timescaledb", "clickhouse", "firestore", "cosmos db", "cosmosdb", "rds", "couchbase",
                  "couchdb", "riak", "vitess", "tidb", "yugabytedb", "foundationdb", "etcd", "zookeeper",
                  "consul", "bigquery", "snowflake", "redshift", "druid", "pinot", "hive", "planetscale",
                  "supabase", "neon", "alloydb", "cloud sql", "documentdb", "keyspaces", "memsql", "singlestore",
                  "voltdb", "rocksdb", "leveldb", "h2", "db2"),
    },
    Kind.OBJECT_STORAGE: {
        STRONG: ("object storage", "object store", "blob storage", "blob store", "blob", "blobs", "bucket",
                 "buckets", "file storage", "file store", "media store", "media storage", "storage",
                 "file system", "filesystem", "nas", "archive", "cold storage"),
        PRODUCT: ("s3", "gcs", "google cloud storage", "azure blob", "minio", "ceph", "hdfs", "glacier",
                  "r2", "swift", "efs", "backblaze", "b2", "wasabi", "cloud storage", "blob storage"),
    },
    Kind.SEARCH: {
        STRONG: ("search", "search index", "search engine", "inverted index", "full text search",
                 "search cluster"),
        WEAK: ("index",),
        PRODUCT: ("elasticsearch", "elastic", "opensearch", "solr", "lucene", "algolia", "meilisearch",
                  "typesense", "vespa", "sphinx"),
    },
    Kind.EXTERNAL: {
        STRONG: ("external", "third party", "3rd party", "partner", "partners", "payment provider",
                 "payment gateway", "payment processor", "psp", "email provider", "sms provider",
                 "push provider", "vendor", "upstream api", "bank", "card network"),
        PRODUCT: ("stripe", "paypal", "adyen", "braintree", "twilio", "sendgrid", "mailgun", "ses",
                  "mailchimp", "apns", "fcm", "firebase cloud messaging", "google maps", "mapbox",
                  "openai", "anthropic", "github", "slack", "plaid", "visa", "mastercard", "postmark",
                  "onesignal", "pusher", "klarna", "shopify", "salesforce", "zendesk", "mixpanel", "recaptcha",
                  "google", "facebook"),
    },
    Kind.MONITORING: {
        STRONG: ("monitoring", "metrics", "logging", "logs", "log aggregator", "log aggregation", "tracing",
                 "traces", "alerting", "alerts", "observability", "apm",
                 "telemetry"),
        PRODUCT: ("prometheus", "grafana", "datadog", "new relic", "newrelic", "splunk", "elk", "kibana",
                  "logstash", "sentry", "cloudwatch", "jaeger", "zipkin", "opentelemetry", "otel",
                  "pagerduty", "honeycomb", "loki", "tempo", "statsd", "graphite", "nagios", "zabbix",
                  "stackdriver", "azure monitor", "app insights", "dynatrace", "victoriametrics", "thanos",
                  "fluentd", "fluent bit", "signoz", "lightstep"),
    },
    Kind.AUTH: {
        STRONG: ("auth", "authn", "authz", "authentication", "authorization", "identity", "identity provider",
                 "idp", "sso", "oauth", "oauth2", "oidc", "login", "iam", "token service", "sts",
                 "user auth", "session service", "jwt"),
        PRODUCT: ("auth0", "okta", "keycloak", "cognito", "firebase auth", "azure ad", "entra", "ping identity",
                  "clerk", "supabase auth", "ldap", "active directory", "hydra", "fusionauth", "authelia"),
    },
}

#: ``(words, kind, tier)`` for every term, longest first; the tested public table.
KEYWORDS: tuple[tuple[tuple[str, ...], Kind, int], ...] = tuple(
    sorted(
        ((tuple(term.split()), kind, tier) for kind, tiers in _TABLE.items() for tier, terms in tiers.items()
         for term in terms),
        key=lambda t: -len(t[0]),
    )
)

_LOOKUP: dict[tuple[str, ...], tuple[Kind, int]] = {}
for _words, _kind, _tier in KEYWORDS:
    # A term listed twice keeps its strongest reading.
    if _words not in _LOOKUP or _LOOKUP[_words][1] < _tier:
        _LOOKUP[_words] = (_kind, _tier)
#: The one-word terms, as plain strings: the tokeniser asks about every word of every label.
_SINGLE = frozenset(w[0] for w in _LOOKUP if len(w) == 1)
#: For each word that starts a term, the most words a term starting with it has: most words start
#: none, and are passed over without a lookup per possible length.
_LONGEST: dict[str, int] = {}
for _words in _LOOKUP:
    _LONGEST[_words[0]] = max(_LONGEST.get(_words[0], 0), len(_words))

_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[A-Za-z0-9]+")
_PUBSUB = re.compile(r"(?i)\bpub\s*[/-]\s*sub\b")
_THIRD_PARTY = re.compile(r"(?i)\b3rd[- ]party\b")


def _tokens(label: str) -> list[str]:
    """Lowercase words; a camel-cased word that means nothing whole is split ("OrderDB")."""
    # Precompiled: labels are read by several rules per analysis, and re.sub with a pattern string
    # pays a cache lookup per call.
    text = _PUBSUB.sub("pubsub", label) if "/" in label or "-" in label else label  # the pattern needs one
    text = _THIRD_PARTY.sub("3rd party", text) if "3" in text else text
    text = text.replace("-", " ").replace("_", " ")
    out: list[str] = []
    for raw in _WORD.findall(text):
        low = raw.lower()
        if low in _SINGLE or low.isdigit() or raw == low:
            # A lowercase word has no camel case to split ("OrderDB" does): it is a word as it stands.
            out.append(low)
            continue
        parts = [p.lower() for p in _CAMEL.split(raw) if p]
        out.extend(parts if any(p in _SINGLE for p in parts) else [low])
    return out


def matched_terms(label: str) -> list[tuple[str, Kind, int, int]]:
    """Every table term found in ``label``: ``(term, kind, tier, position)``.

    Longer phrases win over the words inside them ("api gateway" is one term,
    not "api" plus "gateway").
    """
    words = _tokens(label)
    found: list[tuple[str, Kind, int, int]] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST.get(words[i], 0), len(words) - i), 0, -1):
            hit = _LOOKUP.get(tuple(words[i : i + n]))
            if hit:
                found.append((" ".join(words[i : i + n]), hit[0], hit[1], i))
                i += n
                break
        else:
            i += 1
    return found


def infer_kind(label: str, shape_hint: Kind | None = None) -> tuple[Kind, str]:
    """Read a kind from ``label``; return ``(kind, source)``.

    ``source`` is ``"label"`` when words decided it, ``"shape"`` when only the
    shape hint did (a Mermaid cylinder, say), and ``"none"`` for ``unknown``.
    Words in the label always win over the shape.

    >>> infer_kind("Order queue (RabbitMQ x3)")
    (<Kind.QUEUE: 'queue'>, 'label')
    >>> infer_kind("UserService")
    (<Kind.SERVICE: 'service'>, 'label')
    >>> infer_kind("User service")
    (<Kind.SERVICE: 'service'>, 'label')
    >>> infer_kind("Orders", shape_hint=Kind.DATABASE)
    (<Kind.DATABASE: 'database'>, 'shape')
    >>> infer_kind("API gateway (auth, rate limit)")
    (<Kind.API_GATEWAY: 'api_gateway'>, 'label')
    >>> infer_kind("Cassandra (storage)"), infer_kind("Jobs (SQS)")
    ((<Kind.DATABASE: 'database'>, 'label'), (<Kind.QUEUE: 'queue'>, 'label'))
    >>> infer_kind("Search Service")[0].value, infer_kind("Pub/Sub telemetry")[0].value
    ('service', 'queue')
    >>> infer_kind("Raw click logs (S3)")[0].value
    'object_storage'
    >>> infer_kind("Frobnicator")
    (<Kind.UNKNOWN: 'unknown'>, 'none')
    """
    if "(" in label or "[" in label:
        outside = _PARENS.sub(" ", label)
        inside = " ".join(m.group(0)[1:-1] for m in _PARENS.finditer(label))
    else:  # nothing in brackets: what the two patterns would give, without running them
        outside, inside = label, ""
    # (named outside by more than a weak word, tier, outside, position): see the module docstring.
    terms = matched_terms(outside)
    inner = matched_terms(inside) if inside else []
    ranked = [(t[2] > WEAK, t[2], 1, t[3], t[1]) for t in terms]
    ranked += [(False, t[2], 0, t[3], t[1]) for t in inner]
    if ranked:
        best = max(ranked, key=lambda r: r[:4])
        return _head_noun(best[4], best[1], terms, inner, outside), "label"
    if shape_hint is not None and shape_hint is not Kind.UNKNOWN:
        return shape_hint, "shape"
    return Kind.UNKNOWN, "none"


#: Kinds a compute noun after them turns into the thing that serves them: "Search Service", "Storage API".
_SERVED = frozenset({Kind.SEARCH, Kind.OBJECT_STORAGE})
_STORES = frozenset({Kind.QUEUE, Kind.OBJECT_STORAGE, Kind.DATABASE, Kind.SEARCH, Kind.CACHE})


def _head_noun(kind: Kind, tier: int, terms: list[tuple[str, Kind, int, int]],
               inner: list[tuple[str, Kind, int, int]], outside: str) -> Kind:
    """English puts the head noun last, and two readings need it beyond tiers.

    A search index or store named with a compute noun after it is the service
    ("Search Service" serves searches, it is no index); a monitoring word
    beside a store's product or noun names what the store holds ("Pub/Sub
    telemetry" is a topic, "S3 logs" and "Raw click logs (S3)" buckets); a word for a role any store
    fills ("archive", "storage") is the store its product names.
    """
    if not terms:
        return kind
    if kind in _SERVED:
        term, last_kind, last_tier, at = max(terms, key=lambda t: t[3])
        if (last_tier == WEAK and last_kind in (Kind.SERVICE, Kind.WORKER)
                and at + len(term.split()) == len(_tokens(outside))):
            return last_kind
    if kind is Kind.MONITORING and tier == STRONG:
        stores = [t for t in (*terms, *inner) if t[1] in _STORES and t[2] >= PRODUCT]
        if stores:
            return stores[0][1]
    if kind is Kind.OBJECT_STORAGE and all(t[0] in _ANY_STORE for t in terms if t[1] is kind):
        products = [t for t in (*terms, *inner) if t[1] in _STORES and t[2] == PRODUCT and t[1] is not kind]
        if products:
            return products[-1][1]
    return kind


#: Words for a role any store can fill: the product beside them says which store it is ("Score Archive
#: (DynamoDB)" is a database, "Session storage (Redis)" a cache), while "Image storage (S3)" stays a bucket.
_ANY_STORE = frozenset({"storage", "archive", "cold storage"})


@lru_cache(maxsize=8192)
def read_kind(name: str, note: str = "", shape_hint: Kind | None = None) -> tuple[Kind, str]:
    """The kind of a component named ``name`` and described by ``note``: the head noun first.

    A pure function of its text, kept across calls: recognition reads every name, and QUEUE001 reads
    the target's name again for every synchronous arrow into it, on every stroke.

    A topic-like name (``orders.created``) is a queue whatever its words;
    otherwise the head phrase (before "/", "—", ":"...) decides; failing that
    the whole name, the description lines, and last the shape.

    >>> read_kind("API Gateway / Token Bucket")[0].value, read_kind("History Workers — persist to DB")[0].value
    ('api_gateway', 'worker')
    >>> read_kind("Orders", "PostgreSQL 15")[0].value, read_kind("orders.created")[0].value
    ('database', 'queue')
    """
    if looks_like_topic(name):  # a topic's words ("user.registered") describe its messages, not it
        return Kind.QUEUE, "label"
    head = head_phrase(name)
    kind, source = infer_kind(head)
    if kind is Kind.UNKNOWN and head != name:
        kind, source = infer_kind(name)
    if kind is Kind.UNKNOWN and note:
        kind, source = infer_kind(note)
    if kind is Kind.UNKNOWN and shape_hint is not None and shape_hint is not Kind.UNKNOWN:
        return shape_hint, "shape"
    return kind, source


_SLASH = re.compile(r"\s+/\s+")


def name_and_note(text: str) -> tuple[str, str]:
    """:func:`~design.model.labels.split_label`, except that two names of one kind either side of a slash
    are alternatives, one name: "APNs / FCM", "Postgres / MySQL" (but "API Gateway / Token Bucket" is a
    gateway described by its algorithm).

    >>> name_and_note("APNs / FCM"), name_and_note("API Gateway / Token Bucket")
    (('APNs / FCM', ''), ('API Gateway', 'Token Bucket'))
    """
    name, note = split_label(text)
    first, _, rest = text.partition("\n")
    if name != first:
        m = _SLASH.match(first, len(name))
        if m is not None:
            kind = infer_kind(name)[0]
            if kind is not Kind.UNKNOWN and infer_kind(first[m.end():])[0] is kind:
                return first, rest
    return name, note


def kinds_in(labels: Iterable[str]) -> set[Kind]:
    """The kinds read from several labels (helper for tests and rules)."""
    return {infer_kind(label)[0] for label in labels}


#: Products a provider runs replicated across zones for you: drawn as one box, never one machine.
MANAGED_PRODUCTS = frozenset({
    "sqs", "sns", "kinesis", "eventbridge", "google pubsub", "cloud pubsub", "service bus", "event hubs",
    "eventhub", "msk", "confluent cloud", "managed kafka", "amazon mq", "dynamodb", "dynamo", "aurora", "spanner",
    "cosmos db", "cosmosdb", "firestore", "bigtable", "bigquery", "snowflake", "alloydb", "keyspaces",
    "planetscale", "s3", "gcs", "google cloud storage", "cloud storage", "azure blob", "blob storage", "r2",
    "glacier", "cloudfront", "akamai", "fastly", "cloudflare", "cloud cdn", "azure cdn", "route53", "route 53",
    "cloud dns", "auth0", "okta", "cognito", "firebase auth", "azure ad", "entra", "clerk", "cloud tasks",
    "step functions", "alb", "elb", "nlb", "application load balancer", "network load balancer",
    "elastic load balancer", "elastic load balancing", "gclb", "cloud load balancing", "azure load balancer",
    "front door", "azure front door", "aws api gateway", "amazon api gateway", "api gateway aws", "apigee",
    "azure api management", "api management", "gcp api gateway", "google api gateway", "lambda", "aws lambda",
    "cloud functions", "azure functions", "cloud run", "app engine", "cloud sql", "rds", "elasticache",
    "memorystore", "redshift", "documentdb", "atlas", "mongodb atlas", "azure sql", "azure cache",
    "cloud load balancer", "application gateway", "app gateway", "cloudwatch", "stackdriver", "cloud monitoring",
    "cloud logging", "azure monitor", "app insights", "datadog", "new relic", "newrelic", "honeycomb", "sentry",
    "pagerduty", "opensearch service", "elastic cloud", "cloud memorystore", "upstash", "neon", "supabase",
})
#: A messaging pattern that is also Google's product name: managed only when no self-run broker is named.
_PUBSUB_BROKERS = frozenset({"redis", "kafka", "rabbitmq", "rabbit", "nats", "valkey", "keydb", "zeromq", "pulsar",
                             "redpanda", "mqtt", "mosquitto", "activemq"})
#: Kinds a provider runs for you unless the label names something self-hosted.
_PROVIDED_KINDS = frozenset({Kind.DNS, Kind.CDN, Kind.OBJECT_STORAGE, Kind.EXTERNAL})
_SELF_HOSTED = frozenset({"minio", "ceph", "hdfs", "nas", "file system", "filesystem", "swift", "bind", "powerdns",
                          "coredns", "varnish", "nginx"})
_MANAGED_WORD = re.compile(r"(?i)\b(?:fully[- ])?managed\b")

#: Products that spread writes over many nodes (no single write primary).
WRITE_SCALING_PRODUCTS = frozenset({
    "cassandra", "scylla", "scylladb", "dynamodb", "dynamo", "cockroachdb", "cockroach", "spanner", "bigtable",
    "hbase", "cosmos db", "cosmosdb", "vitess", "tidb", "yugabytedb", "foundationdb", "riak", "keyspaces",
    "planetscale", "firestore", "singlestore", "memsql", "voltdb", "clickhouse", "druid", "pinot",
})

_SHARDED = re.compile(r"(?i)\b(shard(s|ed|ing)?|partition(s|ed|ing)?|multi[- ]?master|leaderless)\b")


def _phrases(label: str) -> set[str]:
    words = _tokens(label)
    return {" ".join(words[i : i + n]) for i in range(len(words)) for n in (1, 2, 3) if i + n <= len(words)}


def is_managed_product(label: str) -> bool:
    """Whether the label names a product its provider runs replicated (so it is no single point of failure).

    "Pub/Sub" is Google's product unless the label names a broker you run ("Redis Pub/Sub").

    >>> is_managed_product("Fanout queue (SQS)"), is_managed_product("Orders (DynamoDB)"), is_managed_product("Redis")
    (True, True, False)
    >>> is_managed_product("Pub/Sub orders"), is_managed_product("Redis Pub/Sub")
    (True, False)
    """
    phrases = _phrases(label)
    if "pubsub" in phrases and _PUBSUB_BROKERS.isdisjoint(phrases):
        return True
    return not MANAGED_PRODUCTS.isdisjoint(phrases)


def managed_by_default(kind: Kind, label: str) -> bool:
    """Whether a provider runs this for you (so it is no single point of failure) until the user says otherwise.

    A managed product (SQS, S3, an ALB, DynamoDB, Pub/Sub...), a DNS, CDN,
    object store or third party that names nothing self-hosted, or a queue,
    load balancer or gateway whose label says "managed".

    >>> managed_by_default(Kind.LOAD_BALANCER, "AWS ALB"), managed_by_default(Kind.LOAD_BALANCER, "nginx")
    (True, False)
    >>> managed_by_default(Kind.QUEUE, "Managed Kafka"), managed_by_default(Kind.OBJECT_STORAGE, "MinIO")
    (True, False)
    """
    if is_managed_product(label):
        return True
    if kind in _PROVIDED_KINDS:
        return _SELF_HOSTED.isdisjoint(_phrases(label))
    return kind in (Kind.QUEUE, Kind.LOAD_BALANCER, Kind.API_GATEWAY, Kind.CDN) and bool(_MANAGED_WORD.search(label))


def scales_writes(label: str) -> bool:
    """Whether the label says writes spread over many nodes: a write-scaling product, or sharded/partitioned.

    >>> scales_writes("Cassandra cluster"), scales_writes("Postgres (sharded)"), scales_writes("Postgres primary/replica")
    (True, True, False)
    """
    return bool(_SHARDED.search(label)) or not WRITE_SCALING_PRODUCTS.isdisjoint(_phrases(label))
