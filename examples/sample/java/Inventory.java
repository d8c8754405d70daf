package shop;

import java.util.HashMap;
import java.util.Map;

/** Stock levels per warehouse. */
public class Inventory {
    private final Map<String, Integer> stock = new HashMap<>();

    public void receive(String sku, int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive");
        }
        stock.merge(sku, quantity, Integer::sum);
    }

    public boolean reserve(String sku, int quantity, boolean allowBackorder) {
        Integer available = stock.get(sku);
        if (available == null) {
            return allowBackorder;
        }
        if (available >= quantity || allowBackorder) {
            stock.put(sku, available - quantity);
            return true;
        }
        return false;
    }

    public String status(String sku) {
        int level = stock.getOrDefault(sku, 0);
        switch (level) {
            case 0:
                return "out of stock";
            case 1:
            case 2:
                return "low";
            default:
                return level > 100 ? "plenty" : "in stock";
        }
    }
}
