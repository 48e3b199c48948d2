from tests.matrix import Row, statuses

# URL names anyone may open without signing in.
PUBLIC = {
    "home",
    "healthz",
    "accessibility",
    "privacy",
    "cookies",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}

ROWS = [
    Row("home", statuses(200, anonymous=200)),
    Row("healthz", statuses(200, anonymous=200)),
    Row("privacy", statuses(200, anonymous=200)),
    Row("password_change", statuses(200)),
    Row("password_change_done", statuses(200)),
    # Signed-in users are sent on from the sign-in page.
    Row("login", statuses(302, anonymous=200)),
    Row("logout", statuses(302), method="post"),
    # Verified sessions are sent on from the code and set-up pages.
    Row("two_factor_verify", statuses(302)),
    Row("two_factor_set_up", statuses(302)),
    Row("two_factor_recovery_codes", statuses(200)),
]
