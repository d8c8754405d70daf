import boto3

# ruleid: S035
s3 = boto3.client("s3", aws_access_key_id="AKIA2OGYBAH6STMHWLIE", aws_secret_access_key=secret)
# ruleid: S035
GITHUB = "ghp_R4nd0mL00k1ngT0k3nV4lu3abcdef1234567"
# ruleid: S035
headers = {"Authorization": f"token ghp_R4nd0mL00k1ngT0k3nV4lu3abcdef1234567"}
# ruleid: S035
SLACK = "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx"
# ruleid: S035
STRIPE = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
# ruleid: S035
GOOGLE = "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY"
# ruleid: S035
KEY = """-----BEGIN RSA PRIVATE KEY-----
MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6Z8P1bgfDtQp8Zbc0NhL2qXnN
-----END RSA PRIVATE KEY-----"""
# ruleid: S035
KEY2 = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"

# ok: S035
DOC_KEY = "AKIAIOSFODNN7EXAMPLE"
# ok: S035
PLACEHOLDER = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
# ok: S035
MARKER = "-----BEGIN RSA PRIVATE KEY-----"
# ok: S035
TEST_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
# ok: S035
PUBLIC = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----"
# ok: S035
ID = "AKIA"
