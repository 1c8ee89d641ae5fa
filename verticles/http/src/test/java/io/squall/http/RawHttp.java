package io.squall.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a plain socket, for requests a client library would normalise or refuse to send. */
final class RawHttp {

  record Response(int status, Map<String, String> headers, String body) {
  }

  private RawHttp() {
  }

  /** Sends {@code request} byte for byte (ISO-8859-1) and reads the one response until the server closes. */
  static Response exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = response.indexOf("\r\n\r\n");
      return new Response(status(response), headers(response.substring(0, end)), response.substring(end + 4));
    }
  }

  /** {@code GET target} with Connection: close. */
  static Response get(int port, String target, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    return exchange(port, request.append("Connection: close\r\n\r\n").toString());
  }

  /**
   * GETs each target in turn on one keep-alive connection, each sent only after the previous response has been
   * read (responses must have a Content-Length). When the last answer arrives, the server has finished with every
   * earlier request on its event loop.
   */
  static List<Response> sequence(int port, String... targets) throws IOException {
    List<Response> responses = new ArrayList<>();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      for (String target : targets) {
        socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) {
            throw new IOException("connection closed in the response head");
          }
          head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        Map<String, String> headers = headers(h.substring(0, h.length() - 4));
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        responses.add(new Response(status(h), headers, body));
      }
    }
    return responses;
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(0, response.indexOf("\r\n")).split(" ")[1]);
  }

  private static Map<String, String> headers(String head) {
    String[] lines = head.split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return headers;
  }
}
