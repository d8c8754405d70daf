from flask import Flask, make_response

app = Flask(__name__)

# ruleid: S033
SESSION_COOKIE_SECURE = False
# ruleid: S033
SESSION_COOKIE_HTTPONLY = False
# ruleid: S033
CSRF_COOKIE_SECURE = False
# ok: S033
CSRF_COOKIE_HTTPONLY = False
# ok: S033
SESSION_COOKIE_SECURE = True
# ruleid: S033
app.config["SESSION_COOKIE_SECURE"] = False
# ruleid: S033
app.config.update(REMEMBER_COOKIE_SECURE=False, SESSION_COOKIE_SAMESITE="Lax")


@app.route("/login")
def login(token):
    response = make_response("ok")
    # ruleid: S033
    response.set_cookie("session", token)
    # ruleid: S033
    response.set_cookie("session", token, secure=True)
    # ruleid: S033
    response.set_cookie(
        "session",
        token,
        httponly=True,
        max_age=3600,
    )
    # ruleid: S033
    response.set_cookie("session", token, secure=False, httponly=True)
    # ruleid: S033
    response.set_signed_cookie("user", "42", salt="x", httponly=False, secure=True)
    # ok: S033
    response.set_cookie("session", token, secure=True, httponly=True, samesite="Lax")
    # ok: S033
    response.set_cookie("session", token, httponly=True, secure=app.config["SECURE"])
    # ok: S033
    response.set_cookie("session", token, **cookie_options())
    # ok: S033
    response.delete_cookie("old")
    return response


def jar(cookie_jar, cookie):
    # ok: S033
    cookie_jar.set_cookie(cookie)
