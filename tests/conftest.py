import dataclasses

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from doorstep.core.memo import local_copies_clear

from .factories import DraftPetitionFactory, PetitionFactory, UserFactory
from .smtp import SmtpServer


@pytest.fixture
def petition(db):
    return PetitionFactory()


@pytest.fixture
def draft_petition(db):
    return DraftPetitionFactory()


@pytest.fixture
def organiser(db):
    return UserFactory()


@pytest.fixture
def staff_client(organiser) -> Client:
    client = Client()
    client.force_login(organiser)
    return client


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server, with Django's email settings pointed at it."""
    with SmtpServer() as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        yield server


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run transaction.on_commit callbacks (queued tasks) as if the transaction committed."""
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Rate-limit counters (in the cache at scale) and each process's short-lived copies
    (core.memo) start from nothing in every test. Public pages render on every request
    (a test that reads a page, changes something and reads it again sees the change at
    once); tests/core/test_pages.py turns the copies back on to test them."""
    cache.clear()
    local_copies_clear()
    settings.DOORSTEP = dataclasses.replace(settings.DOORSTEP, page_cache_seconds=0)


@pytest.fixture(autouse=True)
def english_to_start():
    """A Welsh page leaves Welsh active in its thread (Django's LocaleMiddleware does not undo
    it): each test starts, and ends, with the default language."""
    translation.deactivate()
    yield
    translation.deactivate()
