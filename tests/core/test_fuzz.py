"""Hostile input never breaks a page: every URL in the URLconf, every form its pages show and
every query or form parameter its views read, each given hostile values (NUL bytes, very long
text, non-ASCII, SQL, markup, numbers where text is expected and text where numbers are), as
the public and as staff. Nothing answers 500.

Nothing here is a hand list of pages or fields: URLs come from the URLconf, forms from the
pages, the parameters views read from their source, so a new page or field is fuzzed too.
"""

import ast
import inspect
import logging
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from doorstep.accounts.models import User
from doorstep.campaigns.services.mailings import mailing_create
from doorstep.trust import services as trust_services
from tests.factories import DraftPetitionFactory, PetitionFactory, UserFactory, campaign_news, printed_sheet, sign

ROOT = Path(__file__).resolve().parents[2] / "doorstep"

HOSTILE = [
    "a\x00b",
    "x" * 5000,
    "é漢字😀\u202e",
    "' OR 1=1; DROP TABLE signatures_signature; --",
    '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
    "99999999999999999999999",
    "-1",
    "²",
    "1e309",
    "NaN",
    "",
    "%s%n{0}",
]
# In a path, where Django's converters let them through: <int:...> takes digits only.
HOSTILE_INTS = ["0", "99999999999999999999999"]
HOSTILE_FILE = b"%PDF-1.4\n\x00<script>alert(1)</script>"
NOT_FUZZED = {"accounts:logout"}  # signing out would end the staff half of the walk


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class FormFinder(HTMLParser):
    """The forms of a page: where they go and the fields they send, with the values shown."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url, self.forms, self._select = url, [], ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urllib.parse.urljoin(self.url, a.get("action") or self.url)
            self.forms.append(Form(a.get("method", "get").lower(), urllib.parse.urlsplit(action).path))
        elif not self.forms or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        elif tag == "input" and a.get("type") == "file":
            self.forms[-1].files.add(a["name"])
        elif tag == "input" and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag in ("textarea", "select"):
            self.forms[-1].fields.setdefault(a["name"], "")
            self._select = a["name"] if tag == "select" else ""
        elif tag == "option" and self._select and not self.forms[-1].fields.get(self._select):
            self.forms[-1].fields[self._select] = a.get("value", "")


def routes(patterns=None, prefix="", namespace="") -> Iterator[tuple[str, str, object]]:
    """(route, name, view) of every URL pattern."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            # The public pages (i18n_patterns): at their English addresses and under /cy/.
            for language_prefix in ("", "cy/"):
                yield from routes(entry.url_patterns, prefix + language_prefix, namespace)
        elif isinstance(entry, URLResolver) and isinstance(entry.pattern, RoutePattern):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def _request_key(node: ast.AST) -> str | None:
    """ "x" if `node` is request.GET.get("x"), request.POST["x"], request.GET.getlist("x")..."""
    if isinstance(node, ast.Subscript):
        data, key = node.value, node.slice
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
        data, key = node.func.value, node.args[0]
    else:
        return None
    is_data = isinstance(data, ast.Attribute) and data.attr in ("GET", "POST")
    return key.value if is_data and isinstance(key, ast.Constant) and isinstance(key.value, str) else None


def parameters_read() -> dict[tuple[str, str], set[str]]:
    """(module, function) -> the request.GET and request.POST keys it reads, from the source,
    itself or through a function of its module that it calls."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in ROOT.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        functions = [node for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.FunctionDef)]
        own = {f.name: {key for node in ast.walk(f) if (key := _request_key(node))} for f in functions}
        for function in functions:
            called = {
                node.func.id
                for node in ast.walk(function)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            }
            keys = own[function.name].union(*(own.get(name, set()) for name in called))
            if keys:
                found[(module, function.name)] = keys
    return found


def known_values(petition, signature, sheet, mailing, entry, reply) -> dict[str, str]:
    """Real values for path parameters, by name, so the walk reaches past the lookups."""
    return {
        "petition_id": str(petition.pk),
        "signature_id": str(signature.pk),
        "mailing_id": str(mailing.pk),
        "entry_id": str(entry.pk),
        "reply_id": str(reply.pk),
        "pack_id": str(sheet.pack_id),
        "batch_id": str(sheet.pack.batch_id or 1),
        "code": sheet.code,
        "number": "1",
        "token": signature.token,
        "kind": "pdf",
        "dimension": "constituency",
    }


def paths(route: str, known: dict[str, str]) -> Iterator[str]:
    """The route with real values, then with each parameter hostile in turn."""
    parameters = re.findall(r"<(?:(\w+):)?(\w+)>", route)

    def fill(values: dict[str, str]) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: urllib.parse.quote(values[m.group(1)], safe=""), route)

    real = {name: known.get(name, "1") for _converter, name in parameters}
    yield fill(real)
    for converter, name in parameters:
        for value in HOSTILE_INTS if converter == "int" else [v for v in HOSTILE if v]:
            yield fill({**real, name: value})


class Walk:
    def __init__(self, client: Client, who: str) -> None:
        self.client, self.who, self.failures, self.forms = client, who, [], {}

    def request(self, method: str, path: str, data: dict | None = None) -> str:
        errors: list[str] = []

        def note(sender, request=None, **kwargs):
            errors.append(request.get_full_path() if request else "")

        got_request_exception.connect(note)
        try:
            response = getattr(self.client, method)(path, data or {})
        finally:
            got_request_exception.disconnect(note)
        if response.status_code >= 500 or errors:
            shown = {k: (v if isinstance(v, str) else "<file>")[:40] for k, v in (data or {}).items()}
            self.failures.append(f"{self.who} {method.upper()} {path[:120]} {shown} -> {response.status_code}")
        is_html = response.get("Content-Type", "").startswith("text/html") and not response.streaming
        return response.content.decode(errors="replace") if is_html else ""

    def page(self, path: str) -> None:
        finder = FormFinder(path)
        finder.feed(self.request("get", path))
        for form in finder.forms:
            try:
                name = resolve(form.action).view_name
            except Resolver404:
                continue
            if name not in NOT_FUZZED:
                self.forms.setdefault((form.method, form.action), form)

    def form(self, form: Form) -> None:
        def send(values: dict[str, str]) -> None:
            data: dict = dict(values)
            if form.method == "post":
                data.update({name: SimpleUploadedFile("x.pdf", HOSTILE_FILE) for name in form.files})
            self.request(form.method, form.action, data)

        for value in HOSTILE:
            send(dict.fromkeys(form.fields, value))
        for number, name in enumerate(form.fields):
            send({**form.fields, name: HOSTILE[number % len(HOSTILE)]})

    def parameters(self, path: str, names: set[str]) -> None:
        for value in HOSTILE:
            self.request("get", path, dict.fromkeys(names, value))
            self.request("post", path, dict.fromkeys(names, value))


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organiser = UserFactory(role=User.Role.ADMINISTRATOR, is_superuser=True)
    petition = PetitionFactory()
    DraftPetitionFactory()
    signature = sign(petition, confirm=False)
    sign(petition)
    sign(petition, suspect_reason="burst")
    update = campaign_news(petition, organiser)
    reply = petition.replies.get()
    mailing = mailing_create(petition=petition, actor=organiser, subject="News", body="Body", update=update)
    entry = trust_services.list_entry_add(actor=organiser, kind="domain", value="spam.example", action="block")
    sheet = printed_sheet(petition)
    return organiser, known_values(petition, signature, sheet, mailing, entry, reply)


def test_no_hostile_input_gets_a_500(world, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # not a line for each 404
    organiser, known = world
    staff = Client(raise_request_exception=False)
    staff.force_login(organiser)
    public, staff_walk = Walk(Client(raise_request_exception=False), "public"), Walk(staff, "staff")
    walks = [public, staff_walk]
    read = parameters_read()
    for route, name, view in routes():
        if name in NOT_FUZZED:
            continue
        walk = staff_walk if route.startswith("staff/") else public
        view = inspect.unwrap(view)
        names = read.get((view.__module__, view.__name__), set())
        for number, path in enumerate(paths(route, known)):
            if number == 0:
                walk.page(path)
                if names:
                    walk.parameters(path, names)
            else:
                walk.request("get", path)
    for walk in walks:
        for form in list(walk.forms.values()):
            walk.form(form)
    failures = public.failures + staff_walk.failures
    assert not failures, f"{len(failures)} requests answered 500:\n" + "\n".join(failures[:40])
    assert len(staff_walk.forms) >= 20 and len(public.forms) >= 3  # the walk found the forms
