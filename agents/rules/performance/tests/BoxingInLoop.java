import java.util.List;

class BoxingInLoop {
    long total(List<Integer> amounts, Integer limit) {
        Long total = 0L;
        Integer count = 0;
        long fast = 0L;
        for (Integer amount : amounts) {
            // ruleid: P008
            total += amount;
            if (amount > limit) {
                // ruleid: P008
                count++;
            }
            // ok: P008
            fast += amount;
        }
        // ruleid: P008
        for (Integer i = 0; i < amounts.size(); i++) {
            fast += i;
        }
        // ok: P008
        for (int i = 0; i < amounts.size(); i++) {
            fast += i;
        }
        // ok: P008
        total += fast;
        return total + count;
    }
}
