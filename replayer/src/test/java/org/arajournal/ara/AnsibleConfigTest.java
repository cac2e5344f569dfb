package org.arajournal.ara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AnsibleConfig} reads ansible.cfg as Ansible does: each file here is also read by
 * /usr/bin/python3's configparser set up as Ansible's config manager sets it up
 * (ansible/config/manager.py: {@code ConfigParser(inline_comment_prefixes=(';',))}, values read
 * with {@code raw=True}), and the two must agree.
 */
class AnsibleConfigTest {
  // Ansible's own reading of one section, as JSON: {"values": {...}} or {"error": "..."}.
  private static final String PYTHON = String.join("\n",
      "import configparser, json, sys",
      "p = configparser.ConfigParser(inline_comment_prefixes=(';',))",
      "try:",
      "    p.read_string(open(sys.argv[1], 'rb').read().decode('utf-8'))",
      "except configparser.Error as e:",
      "    print(json.dumps({'error': str(e)})); sys.exit(0)",
      "values = {k: p.get('ara', k, raw=True) for k in p.options('ara')} if p.has_section('ara') else {}",
      "print(json.dumps({'values': values}))");

  @TempDir Path tmp;

  @Test
  void continuationLinesJoinWithNewlinesAsInConfigparser() throws Exception {
    assertAgrees("[ara]\ndefault_labels = one,\n   two,\n\n   three\n\napi_server = http://ara:8000\n");
  }

  @Test
  void fullLineCommentsOfBothKindsAreSkippedEvenInsideAValue() throws Exception {
    assertAgrees("# top\n; top\n[ara]\n  # indented comment\napi_server = http://a:1\n  ; not a continuation\n"
        + "api_timeout = 5\n");
  }

  @Test
  void onlyASemicolonAfterWhitespaceStartsAnInlineComment() throws Exception {
    assertAgrees("[ara]\napi_server = http://a:1 ; the lab server\napi_username = me;you\n"
        + "api_password = p#w # not a comment\n");
  }

  @Test
  void percentSignsAreKeptAsWrittenSinceAnsibleReadsRaw() throws Exception {
    Map<String, String> ara = assertAgrees("[ara]\napi_password = 100%sure %(user)s %%\n");
    assertEquals("100%sure %(user)s %%", ara.get("api_password"));
  }

  @Test
  void keysAreCaseInsensitiveAndEitherSeparatorWorks() throws Exception {
    assertAgrees("[ara]\nAPI_Server: http://a:1\napi_timeout=7\napi_username :  spaced  \n");
  }

  @Test
  void defaultSectionValuesShowThroughTheAraSection() throws Exception {
    assertAgrees("[DEFAULT]\napi_timeout = 9\n[defaults]\napi_server = http://wrong\n[ara]\napi_server = http://a:1\n");
  }

  @Test
  void sectionNamesAreTakenAsWritten() throws Exception {
    assertAgrees("[ ara ]\napi_server = http://a:1\n[ARA]\napi_timeout = 3\n");
  }

  @Test
  void aFileConfigparserRefusesIsRefusedNamingTheLine() throws Exception {
    for (String text : new String[] {
        "api_server = http://a:1\n[ara]\n", "[ara]\napi_server = 1\napi_server = 2\n", "[ara]\n[ara]\n",
        "[ara]\njust words\n", "[ara]\n = value\n"}) {
      Path file = write(text);
      assertTrue(python(file).has("error"), "configparser refuses:\n" + text);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnsibleConfig.read(file), text);
      assertTrue(e.getMessage().contains(file + " line "), e.getMessage());
    }
  }

  /** Reads {@code text} both ways, asserts the [ara] values are the same, and returns them. */
  private Map<String, String> assertAgrees(String text) throws Exception {
    Path file = write(text);
    JsonNode python = python(file);
    assertTrue(python.has("values"), "configparser refused the file: " + python);
    Map<String, String> expected = new HashMap<>();
    python.get("values").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
    AnsibleConfig config = AnsibleConfig.read(file);
    Map<String, String> actual = new HashMap<>();
    for (String key : expected.keySet()) {
      actual.put(key, config.ara(key));
    }
    assertEquals(expected, actual);
    for (String absent : new String[] {"api_insecure", "api_ca"}) {
      assertEquals(expected.get(absent), config.ara(absent), absent);
    }
    return expected;
  }

  private Path write(String text) throws IOException {
    return Files.writeString(Files.createTempFile(tmp, "ansible", ".cfg"), text, StandardCharsets.UTF_8);
  }

  private JsonNode python(Path file) throws IOException, InterruptedException {
    Path python = Path.of("/usr/bin/python3");
    assertTrue(Files.isExecutable(python), "this test compares with /usr/bin/python3's configparser: apt-get install python3");
    Process process = new ProcessBuilder(python.toString(), "-c", PYTHON, file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    return new ObjectMapper().readTree(out);
  }
}
