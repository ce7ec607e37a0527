package io.dockercanvas.pipeline.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON parser for checking the CLI's hand-written output: objects keep key order,
 * integers become Long. Rejects anything that is not one complete JSON value.
 */
public final class MiniJson {
  private final String text;
  private int at;

  private MiniJson(String text) {
    this.text = text;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) {
    MiniJson parser = new MiniJson(text);
    Object value = parser.value();
    parser.skipSpace();
    if (parser.at != text.length()) {
      throw parser.error("trailing characters");
    }
    if (!(value instanceof Map)) {
      throw parser.error("not an object");
    }
    return (Map<String, Object>) value;
  }

  private Object value() {
    skipSpace();
    char c = peek();
    if (c == '{') {
      return object();
    }
    if (c == '[') {
      return array();
    }
    if (c == '"') {
      return string();
    }
    if (c == '-' || Character.isDigit(c)) {
      int start = at;
      at++;
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        at++;
      }
      return Long.parseLong(text.substring(start, at));
    }
    for (String literal : new String[] {"true", "false", "null"}) {
      if (text.startsWith(literal, at)) {
        at += literal.length();
        return literal.equals("null") ? null : Boolean.valueOf(literal);
      }
    }
    throw error("unexpected character");
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    expect('{');
    skipSpace();
    if (peek() == '}') {
      at++;
      return map;
    }
    do {
      skipSpace();
      String key = string();
      if (map.containsKey(key)) {
        throw error("duplicate key " + key);
      }
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
    } while (tryConsume(','));
    expect('}');
    return map;
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    expect('[');
    skipSpace();
    if (tryConsume(']')) {
      return list;
    }
    do {
      list.add(value());
      skipSpace();
    } while (tryConsume(','));
    expect(']');
    return list;
  }

  private String string() {
    expect('"');
    StringBuilder s = new StringBuilder();
    while (peek() != '"') {
      char c = text.charAt(at++);
      if (c == '\\') {
        char e = text.charAt(at++);
        switch (e) {
          case 'u' -> {
            s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          case 'n' -> s.append('\n');
          case 't' -> s.append('\t');
          case '"', '\\', '/' -> s.append(e);
          default -> throw error("bad escape");
        }
      } else if (c < 0x20) {
        throw error("control character in string");
      } else {
        s.append(c);
      }
    }
    at++;
    return s.toString();
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private char peek() {
    if (at >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(at);
  }

  private boolean tryConsume(char c) {
    if (at < text.length() && text.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!tryConsume(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at character " + at + " of: " + text);
  }
}
