class Dispatch {
    int dispatch(String kind, int size) {
        if ("file".equals(kind)) {
            return 1;
        } else if ("dir".equals(kind)) {
            return 2;
        // ruleid: B006
        } else if ("file".equals(kind)) {
            return 3;
        }
        if (size > 10) {
            return 4;
        // ok: B006
        } else if (size > 100) {
            return 5;
        } else {
            // ok: B006
            if (size > 10) {
                return 6;
            }
        }
        return 0;
    }
}
