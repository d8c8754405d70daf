import os

import requests


class Settings:
    # ruleid: S034
    password = "class_pass1234"
    # ruleid: S034
    SECRET_KEY = "django-insecure-9x!k2#mq0v^7zr$e1h@u"
    # ok: S034
    PASSWORD_RESET_TIMEOUT = "3600"
    # ok: S034
    AUTH_USER_MODEL = "accounts.User"
    # ok: S034
    token_url = "https://auth.example.com/oauth/token"
    # ok: S034
    password_field = "password"


# ruleid: S034
def login(user, password="Admin123"):
    return user, password


# ok: S034
def connect(host, password=None, token=""):
    return host, password, token


def check(password, obj):
    # ruleid: S034
    if password == "root":
        return True
    # ok: S034
    if obj.password == "this cool password":
        return True
    # ok: S034
    if password == "":
        return False
    return False


# ruleid: S034
EMAIL_PASSWORD = "hunter22"
# ruleid: S034
email_pwd = 'e-mails_s3cret'
# ruleid: S034
passphrase = '1234'
# ruleid: S034
db_config = {"host": "db", "password": "Pa55w0rd!"}
client = requests.Session()
# ruleid: S034
client.auth = "Basic YWRtaW46czNjcjN0"
# ruleid: S034
api = requests.post("https://api.example.com", json={}, headers={}, timeout=5, auth_token="9f8e7d6c5b4a")
# ruleid: S034
os.environ["DB_PASSWORD"] = "s3cr3t-value"
# ruleid: S034
dbPassword = "Tr0ub4dor&3"

# ok: S034
DB_PASSWORD = os.environ["DB_PASSWORD"]
# ok: S034
API_KEY = os.getenv("API_KEY")
# ok: S034
password = "<password>"
# ok: S034
password = "${PASSWORD}"
# ok: S034
password = "%s"
# ok: S034
password = "*****"
# ok: S034
password = "xxx"
# ok: S034
token = "your-api-token-here"
# ok: S034
secret = "DB_SECRET"
# ok: S034
auth_header = "X-Auth-Token"
# ok: S034
api_key = "X-Api-Key"
# ok: S034
pad_token = "[PAD]"
# ok: S034
next_page_token = "CAESAggB"
# ok: S034
password = f"{prefix}-{suffix}"
# ok: S034
password_label = "Enter your password"
# ok: S034
password = "Confirm password:"
# ok: S034
key = "2f7a9c1d"
# ok: S034
author = "Jane Doe"
# ok: S034
pwd = "/home/app"
# ok: S034
token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"
# ok: S034
message = "password = 'hunter22'"


def lexer(token, password):
    # ok: S034
    if token and "delimiters" in token:
        return 1
    # ok: S034
    if token == "root":
        return 2
    # ok: S034
    if "abc" in password:
        return 3
    # ruleid: S034
    if "backdoor42" == password:
        return 4
    return 0


# ok: S034
jsonnet_token = r'[^\W\d]\w*'
# ok: S034
password_pattern = "^(?=.*\\d).{8,}$"
