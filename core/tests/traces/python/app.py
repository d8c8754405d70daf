"""A failing program: its traceback is captured in app.trace.txt (see core/tests/traces/README.md)."""
import helpers


def start(text):
    config = helpers.load_config(text)
    return config["port"]


def main():
    print(start("{port: 8080}"))


if __name__ == "__main__":
    main()
