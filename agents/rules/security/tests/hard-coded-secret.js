// ruleid: S034
const password = 'hunter22';
// ruleid: S034
const apiKey = "f3c9a8e2b1d04c7a";
const config = {
  user: 'admin',
  // ruleid: S034
  password: 'Pa55w0rd!',
  // ruleid: S034
  'client_secret': 'a1b2c3d4e5f6',
};
// ruleid: S034
process.env.DB_PASSWORD = 'Xq9-77ab';

class Client {
  // ruleid: S034
  token = 'abc123def456';
}

// ruleid: S034
function connect(host, secret = 'sup3rs3cret') {
  return [host, secret];
}

function check(req) {
  // ruleid: S034
  return req.body.password === 'letmein';
}

// ok: S034
const dbPassword = process.env.DB_PASSWORD;
// ok: S034
const token = `${prefix}.${suffix}`;
// ok: S034
const labels = { password: 'Password', passwordConfirm: 'Confirm password' };
// ok: S034
const field = { type: 'password', name: 'password' };
// ok: S034
const tokenType = 'Bearer';
// ok: S034
const auth = 'basic';
// ok: S034
const secret = '';
// ok: S034
const headers = { authorization: `Bearer ${token}` };
