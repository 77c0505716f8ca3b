"""Sign-in throttling: five wrong passwords lock a user name for a while, many failures from one address
lock the address; a locked sign-in is refused before the password is checked."""
from __future__ import annotations

import time

from web_helpers import PASSWORD, csrf_of

from web.throttle import SignInThrottle


def try_sign_in(client, name: str, password: str):
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf": token, "next": "/"},
                       follow_redirects=False)


def test_five_failures_lock_the_user_name_then_the_lock_runs_out(client, accounts, monkeypatch):
    """GIVEN a reviewer's name WHEN five wrong passwords are tried THEN even the right one is refused
    (429, in Vietnamese) while another user signs in from the same address; once the lockout has run
    out the right password works again."""
    monkeypatch.setattr(client.app.state.station, "throttle", SignInThrottle(5, window=60, lockout=2.0))
    right = PASSWORD.format(role="reviewer")
    for _ in range(5):
        assert try_sign_in(client, "reviewer1", "sai-mật-khẩu").status_code == 401
    locked = try_sign_in(client, "reviewer1", right)
    assert locked.status_code == 429 and "Đăng nhập sai quá nhiều lần" in locked.text
    assert client.get("/review", follow_redirects=False).status_code == 303  # not signed in
    assert try_sign_in(client, "REVIEWER1", right).status_code == 429  # the name, whatever its case
    assert try_sign_in(client, "archive1", PASSWORD.format(role="archive")).status_code == 303
    time.sleep(2.1)
    assert try_sign_in(client, "reviewer1", right).status_code == 303


def test_many_failures_from_one_address_lock_the_address(client, accounts, monkeypatch):
    monkeypatch.setattr(client.app.state.station, "throttle", SignInThrottle(5, window=60, lockout=60))
    for i in range(20):  # one guess at each of twenty names: no name reaches five
        assert try_sign_in(client, f"khach{i}", "đoán-bừa-mật-khẩu").status_code == 401
    r = try_sign_in(client, "archive1", PASSWORD.format(role="archive"))
    assert r.status_code == 429 and "Đăng nhập sai quá nhiều lần" in r.text


def test_old_failures_fall_out_of_the_window_and_success_clears_the_name_only():
    now = [0.0]
    throttle = SignInThrottle(3, window=10, lockout=30, clock=lambda: now[0])
    for t in (0, 5, 11):  # the first has left the window by the third
        now[0] = t
        assert not throttle.failed("lan", "10.0.0.1")
    assert throttle.wait_seconds("lan", "10.0.0.1") == 0
    now[0] = 12
    assert throttle.failed("lan", "10.0.0.1")  # third within the window: locked
    assert throttle.wait_seconds("lan", "10.0.0.9") == 30  # the name is locked from anywhere
    assert throttle.wait_seconds("minh", "10.0.0.1") == 0  # the address is not (yet)
    now[0] = 42
    assert throttle.wait_seconds("lan", "10.0.0.1") == 0
    for _ in range(2):
        throttle.failed("minh", "10.0.0.1")
    throttle.succeeded("minh")
    assert not throttle.failed("minh", "10.0.0.1")  # a right password forgave the name's failures
    assert throttle.wait_seconds("ai-do", "10.0.0.1") == 0
    for i in range(9):  # twelve failures from the address within the window (4 x 3), none of a name thrice
        throttle.failed(f"x{i}", "10.0.0.1")
    assert throttle.wait_seconds("ai-do", "10.0.0.1") == 30
