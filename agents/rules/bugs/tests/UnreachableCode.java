class Totals {
    int total(int[] items) {
        int sum = 0;
        for (int i : items) {
            if (i < 0) {
                continue;
                // ruleid: B008
                sum -= i;
            }
            sum += i;
        }
        return sum;
        // ruleid: B008
        System.out.println("done");
    }

    String kind(int t) {
        switch (t) {
            case 1:
                throw new IllegalArgumentException("one");
                // ruleid: B008
                log(t);
            default:
                return "other";
        }
    }

    int guarded(int x) {
        if (x > 0) {
            return 1;
        }
        // ok: B008
        return 2;
    }

    int commented(int x) {
        return x;
        // ok: B008
        // trailing comment only
    }
}
