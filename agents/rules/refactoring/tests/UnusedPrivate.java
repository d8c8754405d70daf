import java.io.IOException;
import java.io.ObjectInputStream;

class Parser {
    String[] parse(String text) {
        return tokens(text);
    }

    private String[] tokens(String text) {
        return text.split(" ");
    }

    // ruleid: R019
    private String[] legacyParse(String text) {
        return null;
    }

    // ok: R019
    private void readObject(ObjectInputStream in) throws IOException {
    }

    // ok: R019
    @SuppressWarnings("unused")
    private void keptForTools() {
    }
}
