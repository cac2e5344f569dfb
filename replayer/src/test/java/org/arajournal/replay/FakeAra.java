package org.arajournal.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A stand-in ARA API that stores whatever it is sent, answers list queries by exact field match (in
 * id order, or newest first for {@code order=-id}, a page at a time by {@code limit} and {@code offset}),
 * remembers every call, and can be told to lose the answer to a create it carried out.
 */
final class FakeAra implements AutoCloseable {
  /** One call the replay made. */
  record Call(String method, String path, JsonNode body) {
    String resource() {
      String[] parts = path.split("[/?]");
      return parts.length > 3 ? parts[3] : "";
    }
  }

  /** List filters that are not fields of the stored objects. */
  private static final Set<String> NOT_FIELDS =
      Set.of("limit", "offset", "order", "started_after", "started_before");

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper mapper = new ObjectMapper();
  private final AtomicLong ids = new AtomicLong();
  final Map<String, Map<Long, ObjectNode>> stored = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> answersToLose = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  /** ARA's latest-host index: host name to the host created (or got) last under that name. */
  private final Map<String, ObjectNode> latestHosts = new ConcurrentHashMap<>();

  FakeAra(String version) throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        try {
          if (request.getTarget().equals("/api/")) {
            return json(200, "{\"kind\":\"ara\",\"version\":\"" + version + "\"}");
          }
          return answer(request);
        } catch (IOException | RuntimeException e) {
          return json(500, e.toString());
        }
      }
    });
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  /** The next {@code count} creates of {@code resource} are stored, but their answers never arrive. */
  void loseAnswersToCreates(String resource, int count) {
    answersToLose.put(resource, new AtomicInteger(count));
  }

  /** Creates of {@code resource} are refused with 400 (as ARA refuses an invalid field) until {@link #accept}. */
  void refuseCreates(String resource) {
    refused.add(resource);
  }

  void accept(String resource) {
    refused.remove(resource);
  }

  /** Everything stored of {@code resource}, in creation order. */
  List<ObjectNode> stored(String resource) {
    return stored.getOrDefault(resource, Map.of()).values().stream()
        .sorted((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong())).collect(Collectors.toList());
  }

  private synchronized MockResponse answer(RecordedRequest request) throws IOException {
    String text = request.getBody() == null ? "" : request.getBody().utf8();
    JsonNode body = text.isEmpty() ? mapper.createObjectNode() : mapper.readTree(text);
    Call call = new Call(request.getMethod(), request.getTarget(), body);
    calls.add(call);
    Map<Long, ObjectNode> objects = stored.computeIfAbsent(call.resource(), r -> new ConcurrentHashMap<>());
    switch (request.getMethod()) {
      case "GET" -> {
        HttpUrl url = request.getUrl();
        if (call.resource().equals("latesthosts")) {
          return json(200, mapper.writeValueAsString(latestHostsMatching(url.queryParameter("name"))));
        }
        String last = url.pathSegments().get(url.pathSize() - 1);
        if (last.matches("[0-9]+")) {
          ObjectNode object = objects.get(Long.parseLong(last));
          return object == null ? json(404, "{\"detail\":\"Not found.\"}") : json(200, mapper.writeValueAsString(object));
        }
        List<ObjectNode> matching = new ArrayList<>();
        for (ObjectNode object : stored(call.resource())) {
          boolean match = true;
          for (String name : url.queryParameterNames()) {
            if (!NOT_FIELDS.contains(name) && !url.queryParameter(name).equals(object.path(name).asText())) {
              match = false;
            }
          }
          if (match) {
            matching.add(object);
          }
        }
        if ("-id".equals(url.queryParameter("order"))) {
          Collections.reverse(matching);
        }
        int offset = url.queryParameter("offset") == null ? 0 : Integer.parseInt(url.queryParameter("offset"));
        int limit = url.queryParameter("limit") == null ? matching.size() : Integer.parseInt(url.queryParameter("limit"));
        ObjectNode page = mapper.createObjectNode().put("count", matching.size());
        ArrayNode results = page.putArray("results");
        matching.stream().skip(offset).limit(limit).forEach(results::add);
        return json(200, mapper.writeValueAsString(page));
      }
      case "POST" -> {
        if (refused.contains(call.resource())) {
          return json(400, "{\"status\":[\"\\\"bogus\\\" is not a valid choice.\"]}");
        }
        String unique = call.resource().equals("hosts") ? "name" : call.resource().equals("files") ? "path" : null;
        if (unique != null) { // ARA gets or creates these by (name or path, playbook)
          for (ObjectNode object : objects.values()) {
            if (object.path(unique).equals(body.path(unique)) && object.path("playbook").equals(body.path("playbook"))) {
              if (call.resource().equals("hosts")) {
                latestHosts.put(object.path("name").asText(), object);
              }
              return json(201, mapper.writeValueAsString(object));
            }
          }
        }
        ObjectNode created = ((ObjectNode) body).deepCopy();
        created.put("id", ids.incrementAndGet());
        labels(body, created, call);
        objects.put(created.get("id").asLong(), created);
        if (call.resource().equals("hosts")) {
          latestHosts.put(created.path("name").asText(), created);
        }
        AtomicInteger lose = answersToLose.get(call.resource());
        if (lose != null && lose.getAndDecrement() > 0) {
          return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
        }
        return json(201, mapper.writeValueAsString(created));
      }
      default -> {
        String[] parts = request.getTarget().split("/");
        long id = Long.parseLong(parts[parts.length - 1]);
        ObjectNode object = objects.computeIfAbsent(id, i -> mapper.createObjectNode().put("id", i));
        object.setAll((ObjectNode) body);
        labels(body, object, call);
        return json(200, mapper.writeValueAsString(object));
      }
    }
  }

  /** The id of the playbook whose host ARA calls the latest of {@code name}, or -1. */
  long latestPlaybookOf(String name) {
    ObjectNode host = latestHosts.get(name);
    return host == null ? -1 : host.path("playbook").asLong();
  }

  /** As ARA lists latest hosts: names containing {@code part}, each with its host and that host's playbook. */
  private ObjectNode latestHostsMatching(String part) {
    ObjectNode page = mapper.createObjectNode();
    ArrayNode results = page.putArray("results");
    latestHosts.forEach((name, host) -> {
      if (part == null || name.contains(part)) {
        ObjectNode detailed = host.deepCopy();
        ObjectNode playbook = stored.getOrDefault("playbooks", Map.of()).get(host.path("playbook").asLong());
        detailed.set("playbook", playbook == null ? mapper.createObjectNode() : playbook.deepCopy());
        results.addObject().put("name", name).set("host", detailed);
      }
    });
    return page.put("count", results.size());
  }

  private static void labels(JsonNode body, ObjectNode answer, Call call) {
    if (body.has("labels")) {
      ArrayNode labels = answer.putArray("labels");
      body.get("labels").forEach(l -> labels.addObject().put("name", l.asText()));
    } else if (call.resource().equals("playbooks") && !answer.has("labels")) {
      answer.putArray("labels");
    }
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
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
    server.close();
  }
}
