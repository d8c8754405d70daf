const express = require('express');
const mysql = require('mysql');
const { Pool } = require('pg');

const app = express();
const connection = mysql.createConnection({ host: 'localhost', user: 'app', database: 'shop' });
const pool = new Pool();
const DEBUG = false;

function findUser(name, cb) {
  // ruleid: S001
  connection.query("SELECT * FROM users WHERE name = '" + name + "'", cb);
}

function findById(id, cb) {
  // ok: S001
  connection.query('SELECT * FROM users WHERE id = ?', [id], cb);
}

function orderBy(column) {
  return ' ORDER BY ' + column;
}

app.get('/users', (req, res) => {
  const name = req.query.name;
  // ruleid: S001
  connection.query("SELECT * FROM users WHERE name = '" + name + "'", (err, rows) => res.json(rows));
  // ruleid: S001
  pool.query(`SELECT * FROM users WHERE email = '${req.query.email}'`);
  // ruleid: S001
  connection.query('SELECT * FROM users' + orderBy(req.query.sort));
  findUser(req.query.user, () => {});
  findById(req.params.id, () => {});
  // ok: S001
  connection.query('SELECT * FROM users WHERE name = ?', [name]);
  // ok: S001
  pool.query('SELECT * FROM users WHERE email = $1', [req.query.email]);
  // ok: S001
  connection.query('SELECT * FROM users WHERE name = ' + mysql.escape(name));
  // ok: S001
  connection.query('SELECT * FROM users LIMIT ' + parseInt(req.query.limit, 10));
  // ok: S001
  connection.query('SELECT COUNT(*) FROM users');
});

app.post('/search', (req, res) => {
  const clauses = [];
  clauses.push("city = '" + req.body.city + "'");
  // ruleid: S001
  connection.query('SELECT * FROM shops WHERE ' + clauses.join(' AND '));
  const filters = new Map();
  filters.set('owner', req.body.owner);
  // ruleid: S001
  pool.query(`DELETE FROM carts WHERE owner = '${filters.get('owner')}'`);
  const criteria = {};
  criteria.tag = req.body.tag;
  const sql = ['SELECT * FROM posts WHERE tag =', "'" + criteria.tag + "'"].join(' ');
  // ruleid: S001
  connection.query(sql);
  res.sendStatus(204);
});

app.get('/report', (req, res) => {
  let table = req.query.table;
  table = 'events';
  // ok: S001
  connection.query('SELECT * FROM ' + table);
  if (false) {
    // ok: S001
    connection.query("SELECT * FROM events WHERE kind = '" + req.query.kind + "'");
  }
  if (DEBUG) {
    // ok: S001
    pool.query('SELECT * FROM events WHERE day = ' + req.query.day);
  }
  const verbose = false;
  if (verbose) {
    // ok: S001
    connection.query(`SELECT * FROM debug WHERE tag = '${req.query.tag}'`);
  }
  // ok: S001
  connection.query('SELECT * FROM events' + orderBy('created_at'));
  res.end();
});

async function sequelizeSearch(req, res, sequelize) {
  // ruleid: S001
  const rows = await sequelize.query(`SELECT * FROM products WHERE title LIKE '%${req.query.q}%'`);
  // ok: S001
  const safe = await sequelize.query('SELECT * FROM products WHERE title LIKE ?', { replacements: [`%${req.query.q}%`] });
  res.json({ rows, safe });
}

module.exports = { app, sequelizeSearch };
