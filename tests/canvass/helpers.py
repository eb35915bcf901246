"""Canvass test data: canvassers, their phones, and signatures sent from them."""

import uuid

from django.utils import timezone

from doorstep.canvass import services
from tests.factories import UserFactory


def canvasser(**fields):
    return UserFactory(role="canvasser", is_staff=False, **fields)


def phone_of(user):
    phone, _token = services.phone_register(user=user, label="test phone", session_key="")
    return phone


def door_input(**fields):
    values = {
        "key": str(uuid.uuid4()),
        "name": "Ann Lee",
        "address": "1 Elm Road",
        "postcode": "RM10 7XX",
        "agreed": True,
        "collected_at": timezone.now().isoformat(),
        **fields,
    }
    return services.DoorInput(**values)


def collect(petition, phone, **fields):
    return services.door_signature_receive(phone=phone, petition=petition, data=door_input(**fields)).record
