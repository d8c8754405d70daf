const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');

const app = express();

app.use(session({
  secret: process.env.SESSION_SECRET,
  // ruleid: S033
  cookie: { maxAge: 60000, httpOnly: true },
}));

app.use(session({
  secret: process.env.SESSION_SECRET,
  // ruleid: S033
  cookie: { domain: 'secure.example.com', secure: false, path: '/' },
}));

app.use(session({
  secret: process.env.SESSION_SECRET,
  // ok: S033
  cookie: { secure: true, httpOnly: true, sameSite: 'lax' },
}));

// ok: S033
app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));

// ruleid: S033
app.use(cookieSession({ name: 'session', keys: [process.env.KEY], httpOnly: false }));

app.get('/login', (req, res) => {
  // ruleid: S033
  res.cookie('session', req.sessionID);
  // ruleid: S033
  res.cookie('session', req.sessionID, { maxAge: 900000, httpOnly: true });
  // ruleid: S033
  res.cookie('session', req.sessionID, { secure: true, httpOnly: false });
  // ok: S033
  res.cookie('session', req.sessionID, { secure: true, httpOnly: true });
  // ok: S033
  res.cookie('session', req.sessionID, cookieOptions);
  // ok: S033
  res.cookie('session', req.sessionID, { ...defaults, maxAge: 1000 });
  // ok: S033
  const transport = mailer.createTransport({ host: 'smtp.example.com', port: 587, secure: false });
  res.send('ok');
});
