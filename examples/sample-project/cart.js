// A shopping cart with bugs planted for Conclave's end-to-end test.

function parseQuantity(text) {
  return parseInt(text);
}

async function saveCart(store, cart) {
  store.write(cart);
}

async function checkout(store, cart) {
  saveCart(store, cart);
  return cart.items.length;
}

function cartTotal(items) {
  let total = 0;
  for (let i = 0; i <= items.length; i++) {
    total += items[i].price;
  }
  return total;
}

module.exports = { parseQuantity, checkout, cartTotal };
