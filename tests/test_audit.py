import pytest
from auditlog import get_logentry_model
from auditlog.registry import auditlog
from django.urls import reverse

from corporate_parenting import audit
from corporate_parenting.models import District

from .access import client_for
from .edit_guard import save_edit
from .factories import DistrictFactory

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return (
        get_logentry_model()
        .objects.filter(content_type__model=obj._meta.model_name, object_pk=str(obj.pk))
        .order_by("pk")
    )


def test_create_change_and_delete_record_who_when_and_what(world):
    client = client_for(world.administrator)
    client.post(reverse("district_create"), {"name": "Havant", "position": 1})
    district = District.objects.get(name="Havant")
    save_edit(
        client,
        reverse("district_update", args=[district.pk]),
        {"name": "Havant & Waterloo", "position": 1},
    )
    client.post(reverse("district_delete", args=[district.pk]))

    created, changed, deleted = entries_for(district)
    Action = get_logentry_model().Action
    assert [created.action, changed.action, deleted.action] == [
        Action.CREATE,
        Action.UPDATE,
        Action.DELETE,
    ]
    assert {created.actor, changed.actor, deleted.actor} == {world.administrator}
    assert changed.changes_dict["name"] == ["Havant", "Havant & Waterloo"]
    assert {created.organisation, changed.organisation, deleted.organisation} == {
        world.organisation
    }
    assert created.timestamp <= changed.timestamp <= deleted.timestamp


def test_role_changes_are_audited(world):
    membership = world.officer.memberships.get()
    save_edit(
        client_for(world.administrator),
        reverse("membership_update", args=[membership.pk]),
        {"role": "clerk", "is_active": "on"},
    )
    change = entries_for(membership).last()
    assert change.changes_dict["role"] == ["officer", "clerk"]
    assert change.actor == world.administrator


def test_free_text_is_recorded_as_changed_but_never_copied(world):
    """Narratives and quotes may name children: the trail says they changed, not what they say."""
    auditlog.unregister(District)
    audit.track(District, free_text=["name"])
    try:
        district = DistrictFactory(organisation=world.organisation, name="Emma's group")
        district.name = "Emma and Jack's group"
        district.save()
        created, changed = entries_for(district)
        stored = str(created.changes) + str(changed.changes)
        assert "Emma" not in stored
        assert changed.changes_dict["name"] == [audit.NOT_COPIED, audit.NOT_COPIED]
    finally:
        auditlog.unregister(District)
        audit.track(District)


def test_passwords_never_reach_the_trail(world):
    world.officer.set_password("another-secret-password")
    world.officer.save()
    entries = list(entries_for(world.officer))
    assert entries  # the account is audited (its creation at least)
    assert not any("password" in (e.changes or {}) for e in entries)


def test_an_administrator_reads_the_trail_of_their_organisation_only(world):
    DistrictFactory(organisation=world.organisation, name="Basingstoke")
    DistrictFactory(organisation=world.other_organisation, name="Runcorn")
    body = client_for(world.administrator).get(reverse("audit")).content.decode()
    assert "District: Basingstoke" in body
    assert "Runcorn" not in body


def test_the_trail_shows_members_sign_ins_but_not_outsiders(world, client):
    client_for(world.officer)  # force_login sends the signal too
    client_for(world.outsiders[world.officer.memberships.get().role])
    page = client_for(world.administrator).get(reverse("audit"))
    rows = [
        (str(e.actor), e.additional_data.get("event"))
        for e in page.context["page"]
        if e.additional_data
    ]
    assert (str(world.officer), "signed in") in rows
    outsider = str(world.outsiders[world.officer.memberships.get().role])
    assert all(actor != outsider for actor, _ in rows)


def test_the_trail_page_shows_an_entry_of_every_audited_model_with_every_field(world):
    """A field named like a dict method (AgendaPack.items) once made the page answer 500.
    One entry per audited model, each changing every one of its fields, plus the shapes
    django-auditlog writes for many-to-many changes, all on the page."""
    from django.contrib.contenttypes.models import ContentType

    Entry = get_logentry_model()
    models = auditlog.get_models()
    names = {m._meta.model_name for m in models}
    assert {"user", "commitment", "minute", "report", "agendapack"} <= names
    for model in models:
        fields = [f.name for f in model._meta.concrete_fields]
        Entry.objects.create(
            content_type=ContentType.objects.get_for_model(model),
            object_pk="1",
            object_id=1,
            object_repr=f"{model._meta.model_name} one",
            action=Entry.Action.UPDATE,
            organisation=world.organisation,
            changes={
                **{name: [f"old {name}", f"new {name}"] for name in fields},
                "partners": {"type": "m2m", "operation": "add", "objects": ["Virtual School"]},
            },
        )
    client = client_for(world.administrator)
    seen = set()
    page_number = 1
    while True:
        response = client.get(reverse("audit"), {"page": page_number})
        assert response.status_code == 200
        body = response.content.decode()
        seen |= {m for m in models if f"{m._meta.model_name} one" in body}
        if not response.context["page"].has_next():
            break
        page_number += 1
    assert seen == set(models)
    # The pack's own `items` field shows as a change like any other.
    pack = Entry.objects.get(content_type__model="agendapack")
    assert ("items", "old items", "new items") in [tuple(c) for c in pack.change_rows]
