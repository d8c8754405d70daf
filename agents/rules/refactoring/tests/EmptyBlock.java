class EmptyBlock {
    void load(Cache cache, String key, java.util.List<String> items) {
        // ruleid: R007
        if (cache.contains(key)) {
        } else {
            cache.load(key);
        }
        // ruleid: R007
        for (String item : items) {}
        // ok: R007
        if (key == null) {
            // nothing to do: the cache fills itself
        }
        // ok: R007
        for (int i = 0; i < items.size() && !items.get(i).isEmpty(); i++) {}
    }
}

class EmptyChain {
    int handle(int key) {
        // ok: R007
        if (key == 1) {
        } else if (key == 2) {
            return 2;
        }
        return 0;
    }
}
