function total(items) {
  let sum = 0;
  // ruleid: B012
  for (let i = 0; i <= items.length; i++) {
    sum += items[i].price;
  }
  let j;
  // ruleid: B012
  for (j = 0; j <= items.length; j++) {
    sum += items[j].tax;
  }
  // ok: B012
  for (let i = 0; i < items.length; i++) {
    sum += items[i].price;
  }
  // ok: B012
  for (let i = 1; i <= items.length; i++) {
    sum += items[i - 1].price;
  }
  return sum;
}

function prefixes(word) {
  const out = [];
  // ok: B012
  for (let i = 0; i <= word.length; i++) {
    out.push(word.slice(0, i));
  }
  return out;
}

function splitWords(text) {
  // ok: B012
  for (let i = 0; i <= text.length; i++) {
    const ch = i === text.length ? ' ' : text[i];
    emit(ch);
  }
}
