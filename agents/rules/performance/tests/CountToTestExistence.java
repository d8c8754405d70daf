import java.util.List;

class CountToTestExistence {
    boolean check(List<String> names) {
        // ruleid: P013
        if (names.stream().filter(n -> n.isEmpty()).count() > 0) return true;
        // ok: P013
        long blanks = names.stream().filter(String::isBlank).count();
        // ok: P013
        return names.stream().anyMatch(String::isBlank) || blanks > 0;
    }
}
