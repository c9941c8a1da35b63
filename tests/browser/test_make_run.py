"""`make run` on the embedded defaults serves the sign-in page, and a demo user signs in."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from corporate_parenting.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def make_run(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CI")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"  # not the developer's database
    log = open(tmp_path / "make-run.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}/account/sign-in/"
    deadline = time.monotonic() + 240
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"make run exited: {(tmp_path / 'make-run.log').read_text()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"make run did not serve in time: {(tmp_path / 'make-run.log').read_text()}"
                )
            time.sleep(0.5)
        yield url, tmp_path / "make-run.log"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def test_make_run_serves_the_sign_in_page_and_prints_the_demo_users(make_run, page):
    url, log = make_run
    printed = log.read_text()
    assert "councillor@example.org" in printed and DEMO_PASSWORD in printed
    page.goto(url)
    page.get_by_label("Email address").fill("councillor@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("main-navigation")).to_contain_text("Boards and meetings")
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("Councillor (board member)")
