const Handlebars = require('handlebars');
const Mustache = require('mustache');

// ruleid: S036
const page = Handlebars.compile(source, { noEscape: true });
// ok: S036
const safe = Handlebars.compile(source, { noEscape: false, strict: true });
// ok: S036
const plain = Handlebars.compile(source);

// ruleid: S036
Mustache.escape = function (text) { return text; };
// ruleid: S036
Mustache.escape = (text) => text;
// ok: S036
Mustache.escape = (text) => escapeHtml(text);

// ruleid: S036
options.escapeMarkup = false;
// ok: S036
escapeMarkup = false;

$('#select').select2({
  // ruleid: S036
  escapeMarkup: function (markup) { return markup; },
});
