class ComparisonToBoolean {
    int check(Order order, boolean ready) {
        // ruleid: R005
        if (order.isValid() == true) return 1;
        // ruleid: R006
        if (order.isPaid() == false) return 2;
        // ruleid: R005
        if (true == ready) return 3;
        // ruleid: R006
        if (ready != true) return 4;
        // ok: R005, R006
        if (ready && order.isValid()) return 5;
        // ruleid: R006
        if (ready && order.isValid() == false) return 6;
        // ok: R006
        if (order.total() < 10 == false) return 7;
        // ruleid: R006
        if (false == order.isPaid()) return 8;
        // ruleid: R006
        if (true != ready) return 9;
        return 0;
    }
}
