"""Helpers for app.py: parsing fails inside the standard library (json)."""
import json


class ConfigError(Exception):
    pass


def parse_config(text):
    return json.loads(text)


def load_config(text):
    try:
        return parse_config(text)
    except ValueError as err:
        raise ConfigError("config is not valid JSON") from err
