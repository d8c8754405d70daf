import java.util.List;

class Totals {
    int total(int[] prices, List<Integer> taxes, String code) {
        int sum = 0;
        // ruleid: B012
        for (int i = 0; i <= prices.length; i++) {
            sum += prices[i];
        }
        // ruleid: B012
        for (int i = 0; i <= taxes.size(); i++) {
            sum += taxes.get(i);
        }
        // ruleid: B012
        for (int i = 0; i <= code.length(); i++) {
            sum += code.charAt(i);
        }
        // ok: B012
        for (int i = 0; i < prices.length; i++) {
            sum += prices[i];
        }
        // ok: B012
        for (int i = 0; i <= code.length(); i++) {
            sum += code.substring(0, i).hashCode();
        }
        // ok: B012
        for (int i = 0; i <= prices.length - 1; i++) {
            sum += prices[i];
        }
        return sum;
    }
}
