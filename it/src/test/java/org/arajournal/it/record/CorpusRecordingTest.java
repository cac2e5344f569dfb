package org.arajournal.it.record;

import static org.arajournal.it.record.RunAssertions.assertWhole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.arajournal.it.support.AraApi;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.AraServer;
import org.arajournal.it.support.Processes;
import org.arajournal.it.support.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One corpus playbook with every shape of event, run twice from the same directory: once with
 * ARA's own callback into a real ARA server, once recorded into a journal. The journal must hold
 * what ARA stored, in an order a replay can follow, without the run's secrets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusRecordingTest {
  static final String SECRET_EXTRA_VAR = "S3CRET-extra-9f2a";
  static final String UNUSED_EXTRA_VAR = "XTRA-unused-4b8d";
  static final String NO_LOG_PAYLOAD = "NOLOG-PAYLOAD-7C1E";

  private AraServer ara;
  private AraApi api;
  private Path journal;
  private Path home;
  private Processes.Result araRun;
  private Processes.Result recordedRun;
  private List<RecordedEvent> run;

  @BeforeAll
  void runTheCorpusWithAraAndRecorded(@TempDir Path dir) throws Exception {
    Tools.require("ssh", "openssh-client"); // the unreachable host is an SSH host that refuses connections
    Path work = Playbooks.copy("corpus", dir.resolve("work"));
    journal = dir.resolve("journal");
    home = Files.createDirectories(dir.resolve("home"));
    ara = AraServer.start(Files.createDirectories(dir.resolve("ara")));
    api = new AraApi(ara.url());
    String[] args = {"-i", "inventory.ini", "-e", "secret_value=" + SECRET_EXTRA_VAR,
        "-e", "{\"unused_secret\": \"" + UNUSED_EXTRA_VAR + "\"}"};
    Path playbook = work.resolve("site.yml");

    // Both runs at once: they share nothing but the read-only playbook directory.
    Ansible araCallback = Ansible.withAraCallback(work, ara.url()).env("ARA_CALLBACK_THREADS", "0");
    File araOutput = dir.resolve("ara-run.out").toFile();
    Process araProcess = Processes.start(araCallback.command(playbook, args), araCallback.environment(), work, araOutput);
    recordedRun = Ansible.recordingInto(work, journal)
        .env("HOME", home.toString())
        // Java takes user.home from the password database, not $HOME: point it at the empty home too.
        .env("ARA_JOURNAL_JAVA_OPTS", "-Duser.home=" + home)
        .run(playbook, args);
    if (!araProcess.waitFor(10, TimeUnit.MINUTES)) {
      araProcess.destroyForcibly();
      throw new AssertionError("the run with ARA's callback did not finish");
    }
    araRun = new Processes.Result(araProcess.exitValue(), Files.readString(araOutput.toPath(), StandardCharsets.UTF_8));
    assertEquals(4, araRun.exitCode(), "the corpus has an unreachable host: exit code 4\n" + araRun.output());
    // The journal is complete when the run's last event is in: the recorder acks before Ansible exits.
    run = JournalContents.read(journal).onlyRun();
  }

  @AfterAll
  void stopAra() {
    if (ara != null) {
      ara.close();
    }
  }

  @Test
  void recordingChangesNeitherExitCodeNorRecap() {
    assertEquals(araRun.exitCode(), recordedRun.exitCode(), recordedRun.output());
    assertEquals(recap(araRun.output()), recap(recordedRun.output()));
    assertFalse(recordedRun.output().contains("[WARNING]: ara_journal"), recordedRun.output());
  }

  @Test
  void journalHoldsTheCountsAraStored() {
    JsonNode playbook = api.onlyPlaybook();
    long id = playbook.path("id").asLong();
    Map<String, Long> stored = new TreeMap<>();
    stored.put("plays", api.count("plays?playbook=" + id));
    stored.put("tasks", api.count("tasks?playbook=" + id));
    stored.put("hosts", api.count("hosts?playbook=" + id));
    stored.put("files", api.count("files?playbook=" + id));
    for (String status : List.of("ok", "failed", "skipped", "unreachable")) {
      stored.put("results " + status, api.count("results?playbook=" + id + "&status=" + status));
    }
    Map<String, Long> recorded = new TreeMap<>();
    recorded.put("plays", distinct("play_started", "uuid"));
    recorded.put("tasks", distinct("task_started", "uuid"));
    recorded.put("hosts", (long) hostNames().size());
    recorded.put("files", distinct("file", "path"));
    Set<String> started = taskNamesByUuid().keySet();
    for (String status : List.of("ok", "failed", "skipped", "unreachable")) {
      // ARA 1.5.8 drops a result whose task it never saw start (a listen handler under Ansible
      // 2.14 can run that way); the journal keeps it. Only those may differ.
      recorded.put("results " + status, events("result").stream()
          .filter(e -> status.equals(e.text("status")) && started.contains(e.text("task_uuid"))).count());
    }
    assertEquals(stored, recorded);
    assertEquals(playbook.path("status").asText(), last().text("status"), "playbook status");
    assertTrue(stored.get("results unreachable") > 0 && stored.get("results failed") > 1
        && stored.get("results skipped") > 0, "the corpus exercises every status: " + stored);
  }

  @Test
  void resultsWithoutTaskStartAreKeptAndAreTheOnlyOnesAraDrops() {
    long id = api.onlyPlaybook().path("id").asLong();
    Set<String> started = taskNamesByUuid().keySet();
    List<RecordedEvent> orphans = events("result").stream()
        .filter(e -> !started.contains(e.text("task_uuid"))).collect(Collectors.toList());
    assertEquals(api.count("results?playbook=" + id), events("result").size() - orphans.size(),
        "ARA holds every recorded result except the " + orphans.size() + " without a task start: " + orphans);
  }

  @Test
  void eachResultMatchesAraByTaskHostStatusAndDelegation() {
    long id = api.onlyPlaybook().path("id").asLong();
    Map<Long, String> taskNames = new HashMap<>();
    for (JsonNode task : api.get("tasks?playbook=" + id + "&limit=1000").path("results")) {
      taskNames.put(task.path("id").asLong(), task.path("name").asText());
    }
    Map<Long, String> hostNames = new HashMap<>();
    for (JsonNode host : api.get("hosts?playbook=" + id + "&limit=1000").path("results")) {
      hostNames.put(host.path("id").asLong(), host.path("name").asText());
    }
    List<String> stored = new ArrayList<>();
    for (JsonNode result : api.get("results?playbook=" + id + "&limit=1000").path("results")) {
      Set<String> delegated = new TreeSet<>();
      result.path("delegated_to").forEach(h -> delegated.add(hostNames.get(h.asLong())));
      stored.add(taskNames.get(result.path("task").asLong()) + " | " + hostNames.get(result.path("host").asLong())
          + " | " + result.path("status").asText() + " | changed=" + result.path("changed").asBoolean()
          + " | ignore_errors=" + result.path("ignore_errors").asBoolean() + " | delegated=" + delegated);
    }
    Map<String, String> names = taskNamesByUuid();
    List<String> recorded = new ArrayList<>();
    for (RecordedEvent result : events("result")) {
      String name = names.get(result.text("task_uuid"));
      if (name == null) {
        continue; // ARA drops these; see resultsWithoutTaskStartAreKeptAndAreTheOnlyOnesAraDrops
      }
      Set<String> delegated = new TreeSet<>();
      result.json().path("delegated_to").forEach(h -> delegated.add(h.asText()));
      recorded.add(name + " | " + result.text("host") + " | " + shownStatus(result) + " | changed="
          + result.json().path("changed").asBoolean() + " | ignore_errors="
          + result.json().path("ignore_errors").asBoolean() + " | delegated=" + delegated);
    }
    stored.sort(null);
    recorded.sort(null);
    assertEquals(String.join("\n", stored), String.join("\n", recorded));
  }

  @Test
  void playsTasksFilesAndHostStatsMatchAra() {
    long id = api.onlyPlaybook().path("id").asLong();
    List<String> storedPlays = new ArrayList<>();
    api.get("plays?playbook=" + id + "&limit=100&order=id").path("results")
        .forEach(p -> storedPlays.add(p.path("name").asText()));
    assertEquals(storedPlays, events("play_started").stream().map(e -> e.text("name")).collect(Collectors.toList()));

    List<String> storedTasks = new ArrayList<>();
    api.get("tasks?playbook=" + id + "&limit=1000&order=id").path("results").forEach(t -> storedTasks.add(
        t.path("name").asText() + " | " + t.path("action").asText() + " | handler=" + t.path("handler").asBoolean()
            + " | " + t.path("path").asText() + ":" + t.path("lineno").asInt()));
    Set<String> seen = new HashSet<>();
    List<String> recordedTasks = events("task_started").stream().filter(e -> seen.add(e.text("uuid")))
        .map(e -> e.text("name") + " | " + e.text("action") + " | handler=" + e.json().path("handler").asBoolean()
            + " | " + e.text("path") + ":" + e.json().path("lineno").asInt())
        .collect(Collectors.toList());
    assertEquals(String.join("\n", storedTasks), String.join("\n", recordedTasks));

    Set<String> storedFiles = new TreeSet<>();
    api.get("files?playbook=" + id + "&limit=100").path("results").forEach(f -> storedFiles.add(f.path("path").asText()));
    assertEquals(storedFiles, events("file").stream().map(e -> e.text("path")).collect(Collectors.toCollection(TreeSet::new)));

    Map<String, String> storedHosts = new TreeMap<>();
    api.get("hosts?playbook=" + id + "&limit=100").path("results").forEach(h -> storedHosts.put(h.path("name").asText(),
        stats(h.path("ok"), h.path("changed"), h.path("failed"), h.path("skipped"), h.path("unreachable"))));
    Map<String, String> recordedHosts = new TreeMap<>();
    hostNames().forEach(h -> recordedHosts.put(h, "ok=0 changed=0 failed=0 skipped=0 unreachable=0"));
    events("host_stats").forEach(s -> recordedHosts.put(s.text("host"), stats(s.json().path("ok"),
        s.json().path("changed"), s.json().path("failed"), s.json().path("skipped"), s.json().path("unreachable"))));
    assertEquals(storedHosts, recordedHosts);
  }

  @Test
  void runIsGapFreeFromPlaybookStartedToPlaybookEnded() {
    assertWhole(run);
    assertEquals(1, events("playbook_started").size());
    assertEquals(1, events("playbook_ended").size());
    assertEquals("failed", last().text("status"));
    assertEquals("failed", Inspect.run(journal, run.get(0).event().run().toString()).path("status").asText());
  }

  @Test
  void theClientVersionNamesTheRecorderWithTheBuildsVersion() throws IOException {
    String built = Files.readString(Tools.projectRoot().resolve("replayer/target/version")).strip();
    assertEquals("ara-journal " + built, events("playbook_started").get(0).text("client_version"));
  }

  @Test
  void everyResultFallsBetweenItsTaskStartAndTaskEnd() {
    String openTask = null;
    for (RecordedEvent e : run) {
      switch (e.type()) {
        case "task_started" -> {
          assertEquals(null, openTask, "task_started while another task is open at " + e);
          openTask = e.text("uuid");
        }
        case "task_ended" -> {
          assertEquals(openTask, e.text("task_uuid"), "task_ended closes the open task at " + e);
          openTask = null;
        }
        case "result", "host_started", "task_failed" -> {
          // A result whose task never started (the listen-handler quirk) has no task to fall into.
          if (started(e.text("task_uuid"), e.seq())) {
            assertEquals(openTask, e.text("task_uuid"), e.type() + " outside its task at " + e);
          }
        }
        case "play_started", "play_ended", "host_stats", "playbook_ended" ->
            assertEquals(null, openTask, e.type() + " while a task is open at " + e);
        default -> { }
      }
    }
  }

  @Test
  void eachHostStartsBeforeItsResult() {
    for (RecordedEvent result : events("result")) {
      boolean startedBefore = run.stream().anyMatch(e -> e.seq() < result.seq() && e.type().equals("host_started")
          && result.text("host").equals(e.text("host")) && result.text("task_uuid").equals(e.text("task_uuid")));
      assertTrue(startedBefore, "no host_started before " + result + " " + result.json());
    }
  }

  @Test
  void taskFailedFollowsEachFailureThatIsNotIgnored() {
    for (RecordedEvent result : events("result")) {
      String status = result.text("status");
      boolean fatal = (status.equals("failed") || status.equals("unreachable"))
          && !result.json().path("ignore_errors").asBoolean();
      RecordedEvent next = run.get((int) result.seq()); // seq is 1-based: this is the event after it
      boolean marked = next.type().equals("task_failed") && next.text("host").equals(result.text("host"))
          && next.text("task_uuid").equals(result.text("task_uuid"));
      assertEquals(fatal, marked, "task_failed after " + result + " " + result.json() + ", next " + next.json());
    }
    assertEquals(3, events("task_failed").size(), "unreachable gone, beta in the block, beta not ignored");
    assertTrue(events("result").stream().anyMatch(r -> r.json().path("ignore_errors").asBoolean()
        && r.text("status").equals("failed")), "the corpus has an ignored failure");
  }

  @Test
  void eachPlayEndsBeforeTheNextStartsAndStatsCloseTheRun() {
    List<String> playEvents = run.stream()
        .filter(e -> Set.of("play_started", "play_ended", "host_stats", "playbook_ended").contains(e.type()))
        .map(RecordedEvent::type).collect(Collectors.toList());
    assertEquals(List.of("play_started", "play_ended", "play_started", "play_ended", "play_started", "play_ended",
        "host_stats", "host_stats", "host_stats", "playbook_ended"), playEvents);
    for (RecordedEvent ended : events("play_ended")) {
      String uuid = ended.text("play_uuid");
      RecordedEvent opened = run.stream().filter(e -> e.seq() < ended.seq() && e.type().equals("play_started"))
          .reduce((a, b) -> b).orElseThrow();
      assertEquals(opened.text("uuid"), uuid, "play_ended closes the play last started");
    }
  }

  @Test
  void noLogResultsAreCensored() {
    String secretTask = taskUuid("secret output");
    List<RecordedEvent> results = events("result").stream()
        .filter(r -> secretTask.equals(r.text("task_uuid"))).collect(Collectors.toList());
    assertEquals(2, results.size());
    for (RecordedEvent result : results) {
      JsonNode content = result.json().path("content");
      assertTrue(content.path("censored").asText().contains("no_log"), content.toString());
      assertFalse(content.toString().contains(NO_LOG_PAYLOAD), content.toString());
    }
  }

  @Test
  void factsAreRecordedWithoutAnsibleEnv() {
    String gathering = taskUuid("Gathering Facts");
    RecordedEvent facts = events("result").stream()
        .filter(r -> gathering.equals(r.text("task_uuid")) && "alpha".equals(r.text("host"))).findFirst().orElseThrow();
    JsonNode ansibleFacts = facts.json().path("content").path("ansible_facts");
    assertTrue(ansibleFacts.has("ansible_hostname"), "facts recorded: " + ansibleFacts.size() + " facts");
    assertEquals("Not saved by ARA as configured by 'ignored_facts'", ansibleFacts.path("ansible_env").asText());
  }

  @Test
  void secretsReachNoFileOfTheJournal() throws IOException {
    List<Path> files = filesUnder(journal);
    assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".cq4")), "the queue was written: " + files);
    // Were extra_vars not replaced or no_log not honoured, the run's arguments or the censored
    // result would carry these strings: the playbook files hold neither in this form.
    for (String secret : List.of(SECRET_EXTRA_VAR, UNUSED_EXTRA_VAR, NO_LOG_PAYLOAD)) {
      byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
      for (Path file : files) {
        assertFalse(contains(Files.readAllBytes(file), needle), secret + " is in " + file);
      }
    }
  }

  @Test
  void chronicleAnalyticsStayOff() throws IOException {
    List<Path> inHome = filesUnder(home);
    assertTrue(inHome.stream().noneMatch(f -> f.getFileName().toString().contains("chronicle")),
        "Chronicle wrote into the recorder's home: " + inHome);
    String log = Files.readString(journal.resolve("recorder.log"), StandardCharsets.UTF_8);
    assertTrue(log.contains("recorded"), "the recorder logged its run: " + log);
    assertFalse(log.toLowerCase().contains("analytics") || log.contains("google"), log);
  }

  @Test
  void journalIsPrivateToItsOwner() throws IOException {
    try (Stream<Path> all = Files.walk(journal)) {
      for (Path path : (Iterable<Path>) all::iterator) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        assertEquals(Files.isDirectory(path) ? "rwx------" : "rw-------", mode, path.toString());
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private List<RecordedEvent> events(String type) {
    return run.stream().filter(e -> e.type().equals(type)).collect(Collectors.toList());
  }

  private RecordedEvent last() {
    return run.get(run.size() - 1);
  }

  private long distinct(String type, String field) {
    return events(type).stream().map(e -> e.text(field)).distinct().count();
  }

  private boolean started(String taskUuid, long before) {
    return run.stream().anyMatch(e -> e.seq() < before && e.type().equals("task_started") && taskUuid.equals(e.text("uuid")));
  }

  private Map<String, String> taskNamesByUuid() {
    Map<String, String> names = new HashMap<>();
    events("task_started").forEach(e -> names.putIfAbsent(e.text("uuid"), e.text("name")));
    return names;
  }

  private String taskUuid(String name) {
    return events("task_started").stream().filter(e -> name.equals(e.text("name"))).map(e -> e.text("uuid"))
        .findFirst().orElseThrow(() -> new AssertionError("no task " + name));
  }

  private Set<String> hostNames() {
    Set<String> hosts = new TreeSet<>();
    for (RecordedEvent result : events("result")) {
      hosts.add(result.text("host"));
      result.json().path("delegated_to").forEach(h -> hosts.add(h.asText()));
    }
    events("host_stats").forEach(s -> hosts.add(s.text("host")));
    return hosts;
  }

  /** The status ARA's API shows for a result: it derives changed and ignored from the stored one. */
  private static String shownStatus(RecordedEvent result) {
    String status = result.text("status");
    if (status.equals("ok") && result.json().path("changed").asBoolean()) {
      return "changed";
    }
    if (status.equals("failed") && result.json().path("ignore_errors").asBoolean()) {
      return "ignored";
    }
    return status;
  }

  private static String stats(JsonNode ok, JsonNode changed, JsonNode failed, JsonNode skipped, JsonNode unreachable) {
    return "ok=" + ok.asInt() + " changed=" + changed.asInt() + " failed=" + failed.asInt() + " skipped="
        + skipped.asInt() + " unreachable=" + unreachable.asInt();
  }

  static String recap(String output) {
    int at = output.indexOf("PLAY RECAP");
    if (at < 0) {
      throw new AssertionError("no PLAY RECAP in:\n" + output);
    }
    return output.substring(at).strip();
  }

  static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).collect(Collectors.toList());
    }
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
