// ruleid: S035
const token = 'ghp_R4nd0mL00k1ngT0k3nV4lu3abcdef1234567';
// ruleid: S035
const webhook = `https://hooks.slack.com/services/T0ABCDEF12/B0ABCDEF34/abcdefghijklmnopqrstuvwx`;
// ruleid: S035
const db = 'Host=db.internal;Username=app;Password=Q7v!x92kLm;Database=orders';
// ok: S035
const db2 = `Host=db.internal;Username=app;Password=${process.env.DB_PASSWORD};Database=orders`;
// ok: S035
const docs = 'Use a token that looks like ghp_... from your settings';
