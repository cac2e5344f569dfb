package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/** A stand-in ARA API that creates whatever it is sent, numbering objects, and remembers every call. */
final class FakeAra implements AutoCloseable {
  /** One call the replay made. */
  record Call(String method, String path, JsonNode body) {
    String resource() {
      String[] parts = path.split("/");
      return parts.length > 3 ? parts[3] : "";
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong();
  final List<Call> calls = new CopyOnWriteArrayList<>();

  FakeAra(String version) throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        try {
          if (request.getPath().equals("/api/")) {
            return json(200, "{\"kind\":\"ara\",\"version\":\"" + version + "\"}");
          }
          String text = request.getBody().readUtf8();
          JsonNode body = text.isEmpty() ? mapper.createObjectNode() : mapper.readTree(text);
          calls.add(new Call(request.getMethod(), request.getPath(), body));
          ObjectNode answer = ((ObjectNode) body).deepCopy();
          if (request.getMethod().equals("POST")) {
            answer.put("id", ids.incrementAndGet());
          } else {
            String[] parts = request.getPath().split("/");
            answer.put("id", Long.parseLong(parts[parts.length - 1]));
          }
          if (body.has("labels")) {
            ArrayNode labels = answer.putArray("labels");
            body.get("labels").forEach(l -> labels.addObject().put("name", l.asText()));
          } else if (request.getPath().contains("playbooks")) {
            answer.putArray("labels");
          }
          return json(request.getMethod().equals("POST") ? 201 : 200, mapper.writeValueAsString(answer));
        } catch (IOException e) {
          return json(500, e.toString());
        }
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
  }

  okhttp3.HttpUrl url() {
    return server.url("/");
  }

  List<Call> calls(String method, String resource) {
    return calls.stream().filter(c -> c.method().equals(method) && c.resource().equals(resource))
        .collect(Collectors.toList());
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
  }
}
