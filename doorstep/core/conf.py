"""Doorstep's own settings: every name, default and meaning in one place.

`settings.DOORSTEP` is one `DoorstepSettings`, read from the environment once by
`DoorstepSettings.from_env()`. Code reads it as `settings.DOORSTEP.paper_entry_days`;
tests change it with `dataclasses.replace`. The README's settings table is checked
against these fields by a test, so the two cannot drift apart.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T", bool, int, float, str, tuple[str, ...])


def env_value(name: str, default: T, environ: Mapping[str, str] | None = None) -> T:
    """The environment variable `name` parsed as the type of `default`; unset or blank gives `default`.

    Booleans accept 1/true/yes/on; tuples are comma-separated (or `|`-separated when the
    default holds an address, see `DoorstepSettings.paper_return_address`).
    """
    raw = (os.environ if environ is None else environ).get(name, "")
    if raw.strip() == "":
        return default
    try:
        if isinstance(default, bool):
            return raw.strip().lower() in {"1", "true", "yes", "on"}  # type: ignore[return-value]
        if isinstance(default, int):
            return int(raw)  # type: ignore[return-value]
        if isinstance(default, float):
            return float(raw)  # type: ignore[return-value]
        if isinstance(default, tuple):
            separator = "|" if "|" in raw else ","
            return tuple(item.strip() for item in raw.split(separator) if item.strip())  # type: ignore[return-value]
    except ValueError as error:
        raise ValueError(f"{name}={raw!r} is not a valid {type(default).__name__}") from error
    return raw  # type: ignore[return-value]


def setting(env: str, default: Any, help: str) -> Any:
    """A field of DoorstepSettings: its environment variable, default and meaning."""
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class DoorstepSettings:
    # The organiser: whose petitions these are (a petition may name its own, see petitions.organisers).
    organiser_name: str = setting(
        "DOORSTEP_ORGANISER_NAME",
        "",
        "whose petitions these are, like `Jon Cruddas MP`: the site header, the sender name of emails, the"
        " signature on letters, the head of sheets (empty: `SITE_NAME`, and emails keep `DEFAULT_FROM_EMAIL`'s name)",
    )
    organiser_address: tuple[str, ...] = setting(
        "DOORSTEP_ORGANISER_ADDRESS",
        (),
        "the organiser's office address, lines split by a vertical bar; on the home page, letters and posters",
    )
    organiser_phone: str = setting(
        "DOORSTEP_ORGANISER_PHONE",
        "",
        "the office phone number residents may call (to ask for a paper pack, say); on the site, letters, sheets"
        " and posters (empty: none given)",
    )
    organiser_email: str = setting(
        "DOORSTEP_ORGANISER_EMAIL",
        "",
        "the office email address residents may write to; on the site, letters and posters (emails are still sent"
        " from `DEFAULT_FROM_EMAIL`) (empty: none given)",
    )
    organiser_logo: str = setting(
        "DOORSTEP_ORGANISER_LOGO",
        "",
        "a logo, the path of a PNG or JPEG file of at most 1 MB: in the site header, on letters, sheets and posters"
        " (empty: none)",
    )
    # Signing and confirming.
    max_confirmation_emails: int = setting(
        "DOORSTEP_MAX_CONFIRMATION_EMAILS", 3, "confirmation emails one signer may be sent per petition"
    )
    confirmation_grace_hours: int = setting(
        "DOORSTEP_CONFIRMATION_GRACE_HOURS",
        24,
        "how long after the close a signature made in time may still be confirmed",
    )
    count_shards: int = setting("DOORSTEP_COUNT_SHARDS", 8, "rows each count is spread over (less lock contention)")
    email_max_attempts: int = setting(
        "DOORSTEP_EMAIL_MAX_ATTEMPTS", 5, "times the worker tries to send one email before giving up"
    )
    # Paper.
    paper_entry_days: int = setting(
        "DOORSTEP_PAPER_ENTRY_DAYS", 14, "paper sheets may be keyed in for this many days after a petition closes"
    )
    pack_overdue_days: int = setting(
        "DOORSTEP_PACK_OVERDUE_DAYS",
        28,
        "a posted paper pack not back this many days later is overdue (and every pack still out once the petition"
        " has closed)",
    )
    paper_return_address: tuple[str, ...] = setting(
        "DOORSTEP_PAPER_RETURN_ADDRESS",
        ("Doorstep Petitions", "FREEPOST DOORSTEP", "London", "RM10 7XX"),
        "where paper sheets are posted back, lines split by a vertical bar; printed on every letter and sheet",
    )
    # Limits on paper pack requests from the petition page (over one, a request is held for staff, not
    # printed until they release it); requests the office logs are not limited.
    pack_ip_limit: int = setting(
        "DOORSTEP_PACK_IP_LIMIT", 3, "paper pack requests for one petition from one IP address in the window below"
    )
    pack_postcode_limit: int = setting(
        "DOORSTEP_PACK_POSTCODE_LIMIT", 3, "paper pack requests for one petition to one postcode in that window"
    )
    pack_limit_seconds: int = setting("DOORSTEP_PACK_LIMIT_SECONDS", 86400, "the window of the pack request limits")
    # Campaigns.
    mailing_rate: float = setting("DOORSTEP_MAILING_RATE", 10.0, "supporter emails a second the worker sends at most")
    mailing_batch_size: int = setting(
        "DOORSTEP_MAILING_BATCH_SIZE", 200, "supporter emails per task (each batch queues the next)"
    )
    handin_chunk_rows: int = setting(
        "DOORSTEP_HANDIN_CHUNK_ROWS",
        2000,
        "schedule rows WeasyPrint lays out at a time when making a hand-in PDF (bounds memory)",
    )
    # Limits on signing (over a limit, a signature is held as suspect, not refused).
    ip_burst_limit: int = setting(
        "DOORSTEP_IP_BURST_LIMIT", 10, "signatures of one petition from one IP address in a short window"
    )
    ip_burst_seconds: int = setting("DOORSTEP_IP_BURST_SECONDS", 600, "the length of that short window")
    ip_sustained_limit: int = setting(
        "DOORSTEP_IP_SUSTAINED_LIMIT", 50, "signatures of one petition from one IP address over a longer window"
    )
    ip_sustained_seconds: int = setting("DOORSTEP_IP_SUSTAINED_SECONDS", 86400, "the length of that longer window")
    domain_limit: int = setting(
        "DOORSTEP_DOMAIN_LIMIT",
        100,
        "signatures of one petition from one email domain (the big mail providers and allowed domains are exempt)",
    )
    domain_seconds: int = setting("DOORSTEP_DOMAIN_SECONDS", 3600, "the window of the email domain limit")
    alert_per_hour: int = setting(
        "DOORSTEP_ALERT_PER_HOUR",
        200,
        "staff are emailed when one IP address, domain, postcode district or country reaches this many in an hour",
    )
    alert_emails: tuple[str, ...] = setting(
        "DOORSTEP_ALERT_EMAILS", (), "comma-separated addresses for that alert (empty: every active administrator)"
    )
    counter_store: str = setting(
        "DOORSTEP_COUNTER_STORE",
        "",
        "where the limit counters live: `cache` (the default with `REDIS_URL`) or `database` (the default without)",
    )
    proof_of_work_max_number: int = setting(
        "DOORSTEP_PROOF_OF_WORK_MAX_NUMBER",
        100_000,
        "difficulty of the proof-of-work puzzle, when staff switch it on (about a second on a phone at 100,000)",
    )
    invalidation_batch: int = setting(
        "DOORSTEP_INVALIDATION_BATCH", 500, "signatures a bulk invalidation takes out per transaction"
    )
    # Signers' data.
    ip_retention_days: int = setting(
        "DOORSTEP_IP_RETENTION_DAYS", 30, "after this, a signature's IP address is replaced by a keyed hash"
    )
    retention_months: int = setting(
        "DOORSTEP_RETENTION_MONTHS",
        6,
        "months after hand-in (or close) before signers' personal data is anonymised, unless a petition sets its own",
    )
    # The worker and the queue.
    task_lease_seconds: int = setting(
        "DOORSTEP_TASK_LEASE_SECONDS",
        60,
        "a task whose worker has not been heard from for this long (it died) is taken again by another worker; "
        "so is a long job (a hand-in bundle, a supporter email, a bulk invalidation), or staff may restart it",
    )
    queue_alert_minutes: int = setting(
        "DOORSTEP_QUEUE_ALERT_MINUTES",
        15,
        "administrators are emailed when a task (a confirmation email) has waited this long; `/readyz` fails too",
    )
    # Staff sign-in (DOORSTEP_LOGIN_FAILURE_LIMIT, for one account from one address, is django-axes' own).
    login_account_failure_limit: int = setting(
        "DOORSTEP_LOGIN_ACCOUNT_FAILURE_LIMIT",
        20,
        "failed sign-ins to one staff account, from any addresses, before it is locked wherever they come from",
    )
    # Scans of returned paper sheets (doorstep.scans).
    scan_upload_max_mb: int = setting(
        "DOORSTEP_SCAN_UPLOAD_MAX_MB", 40, "largest upload of scanned sheets at once (a PDF or photos), in megabytes"
    )
    # The petition scheme: residents start petitions (see the scheme app).
    petition_scheme: bool = setting(
        "DOORSTEP_PETITION_SCHEME",
        False,
        "residents may start petitions: supporters, moderation with published reasons, thresholds and debates, as a"
        " council's petition scheme runs them (an MP's office may keep it off)",
    )
    scheme_addressed_to: str = setting(
        "DOORSTEP_SCHEME_ADDRESSED_TO",
        "",
        "who residents' petitions are addressed to, such as `Barking and Dagenham Council` (empty: the site name)",
    )
    scheme_supporters: int = setting(
        "DOORSTEP_SCHEME_SUPPORTERS",
        5,
        "supporters who must sign through a new petition's share link, and confirm, before it goes to moderation",
    )
    scheme_open_months: int = setting(
        "DOORSTEP_SCHEME_OPEN_MONTHS", 6, "how long a resident's petition takes signatures once it is published"
    )
    moderation_target_days: int = setting(
        "DOORSTEP_MODERATION_TARGET_DAYS",
        7,
        "moderators aim to decide on a petition within this many days of its supporters signing; older ones are"
        " shown as overdue",
    )
    response_threshold: int = setting(
        "DOORSTEP_RESPONSE_THRESHOLD", 10, "signatures at which the organisation responds to a petition (0: none)"
    )
    response_threshold_meaning: str = setting(
        "DOORSTEP_RESPONSE_THRESHOLD_MEANING",
        "",
        "what reaching it means, as the petition page says it (empty: the organisation responds)",
    )
    debate_threshold: int = setting(
        "DOORSTEP_DEBATE_THRESHOLD", 1500, "signatures at which a petition is considered for a debate (0: none)"
    )
    debate_threshold_meaning: str = setting(
        "DOORSTEP_DEBATE_THRESHOLD_MEANING",
        "",
        "what reaching it means, such as `debated at a full council meeting` (empty: considered for a debate)",
    )
    flag_words: tuple[str, ...] = setting(
        "DOORSTEP_FLAG_WORDS",
        (),
        "comma-separated words that flag a new petition's text for moderators (links, email addresses and phone"
        " numbers always do)",
    )
    start_ip_limit: int = setting(
        "DOORSTEP_START_IP_LIMIT", 3, "petitions one IP address may start in a day before more are held as suspect"
    )
    start_domain_limit: int = setting(
        "DOORSTEP_START_DOMAIN_LIMIT",
        10,
        "petitions one email domain may start in a day before more are held as suspect (the big mail providers"
        " are exempt)",
    )
    # Files an administrator imports (`import-postcodes`, `import-map`): refused before they are read.
    import_max_mb: int = setting(
        "DOORSTEP_IMPORT_MAX_MB",
        4096,
        "largest postcode directory CSV `import-postcodes` reads (inside its zip, as unpacked), in megabytes",
    )
    import_names_max_mb: int = setting(
        "DOORSTEP_IMPORT_NAMES_MAX_MB",
        64,
        "largest lookup file read whole, in megabytes: each names file in the directory zip's Documents/, and the"
        " MPs CSV of `import-mps`",
    )
    import_max_ratio: int = setting(
        "DOORSTEP_IMPORT_MAX_RATIO",
        100,
        "a file in a zip that unpacks to more than this many times its packed size is refused (a zip bomb)",
    )
    map_max_mb: int = setting(
        "DOORSTEP_MAP_MAX_MB", 20, "largest HexJSON or GeoJSON file `import-map` reads, in megabytes"
    )
    map_max_areas: int = setting(
        "DOORSTEP_MAP_MAX_AREAS", 10000, "most areas (hexes or boundaries) one imported map may have"
    )
    map_max_points: int = setting(
        "DOORSTEP_MAP_MAX_POINTS", 250000, "most boundary points one imported GeoJSON map may have (all areas together)"
    )
    # Speed under load, and many app servers behind load balancers.
    proxy_addresses: tuple[str, ...] = setting(
        "DOORSTEP_PROXY_ADDRESSES",
        (),
        "comma-separated addresses of the load balancers in front: a request from one of them comes from the"
        " address it put last in X-Forwarded-For (none: every request from its own address)",
    )
    local_cache_seconds: float = setting(
        "DOORSTEP_LOCAL_CACHE_SECONDS",
        5.0,
        "how long each process keeps the kill switches, the block and allow lists and a signed petition before"
        " reading them again: a change staff make reaches every server within this time (0: read every time)",
    )
    page_cache_seconds: float = setting(
        "DOORSTEP_PAGE_CACHE_SECONDS",
        5.0,
        "how long each process serves one copy of a public page (a petition, its JSON, count.json, the sign form) to"
        " every visitor without a session; with a balancer's cache in front, counts are never more than 10 s old"
        " (0: render every time)",
    )
    # Tasks run by `doorstep worker` when it starts; each queues itself again a day later.
    daily_tasks: tuple[str, ...] = (
        "doorstep.signatures.tasks.apply_retention",
        "doorstep.scheme.tasks.apply_scheme_retention",
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "DoorstepSettings":
        values = {env: env_value(env, default, environ) for env, default, _ in cls.documented()}
        names = {f.metadata["env"]: f.name for f in fields(cls) if "env" in f.metadata}
        values = {names[env]: value for env, value in values.items()}
        return cls(**{**values, **overrides})

    @classmethod
    def documented(cls) -> list[tuple[str, Any, str]]:
        """(environment variable, default, meaning) of every setting read from the environment."""
        return [(f.metadata["env"], f.default, f.metadata["help"]) for f in fields(cls) if "env" in f.metadata]


def _shown(default: Any) -> str:
    if isinstance(default, tuple):
        return f"`{'|'.join(default)}`".replace("|", "\\|") if default else "none"
    if default == "":
        return "see meaning"
    return f"{default:,}" if isinstance(default, int) and not isinstance(default, bool) else str(default)


def settings_table() -> str:
    """The README's table of Doorstep's own settings, made from DoorstepSettings."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{env}` | {_shown(default)} | {meaning} |" for env, default, meaning in DoorstepSettings.documented()]
    return "\n".join(rows) + "\n"
