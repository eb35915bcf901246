"""Countries by ISO 3166 code, for signers outside the UK."""

from functools import cache

import pycountry

UNITED_KINGDOM = "GB"


@cache
def country_names() -> dict[str, str]:
    names = {c.alpha_2: getattr(c, "common_name", c.name) for c in pycountry.countries}
    names[UNITED_KINGDOM] = "United Kingdom"
    return dict(sorted(names.items(), key=lambda item: item[1]))


def country_name(code: str) -> str:
    return country_names().get(code, code)


def country_choices(*, include_uk: bool = False) -> list[tuple[str, str]]:
    return [(code, name) for code, name in country_names().items() if include_uk or code != UNITED_KINGDOM]
