package com.example.app;

/** A failing program: its uncaught exception is captured in App.trace.txt (see core/tests/traces/README.md). */
public final class App {
    static class ConfigException extends RuntimeException {
        ConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static int load(String text) {
        try {
            return Parser.port(text);
        } catch (NumberFormatException e) {
            throw new ConfigException("bad port in config", e);
        }
    }

    public static void main(String[] args) {
        System.out.println(load("80a"));
    }
}
