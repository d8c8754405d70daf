import java.util.List;
import java.util.regex.Pattern;

class RegexCompiledInLoop {
    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final String DIGITS = "\\d+";

    int scan(List<String> lines, String sep) {
        int n = 0;
        for (String line : lines) {
            // ruleid: P002
            Pattern p = Pattern.compile("\\s*#");
            // ruleid: P002
            if (line.matches("[0-9]+")) n++;
            // ruleid: P002
            String t = line.replaceAll("\\s+", " ");
            // ruleid: P002
            String[] parts = line.split("\\s*,\\s*");
            // ruleid: P002
            if (Pattern.compile(DIGITS).matcher(line).find()) n++;
            // ok: P002
            String[] cells = line.split(",");
            // ok: P002
            String[] escaped = line.split("\\|");
            // ok: P002
            String u = line.replace("a", "b");
            // ok: P002
            if (WORD.matcher(line).matches()) n++;
            // ok: P002
            Pattern q = Pattern.compile(sep);
        }
        // ok: P002
        for (String part : lines.get(0).split("\\s+")) {
            n += part.length();
        }
        // ok: P002
        return n + lines.get(0).split("\\s+").length;
    }
}
