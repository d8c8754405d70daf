// Shopping cart helpers.

export function applyPromotions(cart, promotions, user) {
  for (const line of cart.lines) {
    for (const promo of promotions) {
      if (promo.active) {
        if (promo.skus.includes(line.sku)) {
          if (user && user.tier === "gold") {
            if (line.quantity > 3) {
              line.discount = Math.max(line.discount || 0, promo.percent * 1.5);
            }
          } else if (line.quantity > 5) {
            line.discount = Math.max(line.discount || 0, promo.percent);
          }
        }
      }
    }
  }
  return cart;
}

export const lineTotal = (line) => line.price * line.quantity * (1 - (line.discount ?? 0) / 100);

export class Cart {
  constructor(lines = []) {
    this.lines = lines;
  }

  total() {
    return this.lines.reduce((sum, line) => sum + lineTotal(line), 0);
  }
}
