package com.example.app;

/** Parses ports; fails inside the JDK (Integer.parseInt). */
final class Parser {
    private Parser() {}

    static int port(String text) {
        return Integer.parseInt(text.trim());
    }
}
