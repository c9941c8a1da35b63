"""Saving an edit form of a shared object needs the loaded state the form was shown with
(corporate_parenting/concurrency.py). Tests that save such a form load it first, like a
browser: `client.post(url, {**loaded(client, url), ...})`."""

import re


def loaded(client, url, *, required=True) -> dict:
    """The loaded-state field(s) of the page at `url` (several on the page of minutes)."""
    page = client.get(url).content.decode()
    tokens = dict(re.findall(r'name="([^"]*loaded_state)" value="([^"]*)"', page))
    assert tokens or not required, f"no loaded state on {url}"
    return tokens


def save_edit(client, url, data, **kwargs):
    """POST `data` to the edit form at `url` as loaded just now."""
    return client.post(url, {**loaded(client, url), **data}, **kwargs)
