import java.math.BigDecimal;

class Prices {
    // ruleid: B041
    static final BigDecimal RATE = new BigDecimal(0.1);
    // ruleid: B041
    static final BigDecimal DISCOUNT = new java.math.BigDecimal(-0.15d);

    BigDecimal tax(BigDecimal amount) {
        // ruleid: B041
        return amount.multiply(new BigDecimal(1.07));
    }

    // ok: B041
    static final BigDecimal EXACT = new BigDecimal("0.1");
    // ok: B041
    static final BigDecimal HALF = new BigDecimal(0.5);
    // ok: B041
    static final BigDecimal ONE = new BigDecimal(1.0);
    // ok: B041
    static final BigDecimal VIA = BigDecimal.valueOf(0.1);
}
