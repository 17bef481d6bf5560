"""The load test: users who keep opening the dashboard of the large gemeente, each with a
session of its own prepared by bench.belasting (logging in 20 times would measure the password
hash, not the page)."""

import os

from locust import HttpUser, constant, task

SESSIES = os.environ["BENCH_SESSIES"].split(",")
COOKIE = os.environ["BENCH_COOKIE"]
PAD = os.environ["BENCH_PAD"]


class Beleidsadviseur(HttpUser):
    wait_time = constant(0)  # no pause: what the server manages with 20 people at once

    def on_start(self):
        self.client.cookies.set(COOKIE, SESSIES.pop())

    @task
    def dashboard(self):
        with self.client.get(
            PAD, name="dashboard", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
