package main

// ruleid: S035
const awsKey = "AKIA2OGYBAH6STMHWLIE"

// ruleid: S035
const pem = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oJMXeJMnX8QSoAoGCCqGSM49
-----END EC PRIVATE KEY-----`

// ok: S035
const example = "AKIAIOSFODNN7EXAMPLE"
