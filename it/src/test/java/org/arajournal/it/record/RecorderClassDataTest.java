package org.arajournal.it.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.arajournal.it.support.Ansible;
import org.arajournal.it.support.Processes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder the callback starts maps its classes from the class-data archive the build made,
 * so that it takes less of the controller's CPU and the first events reach the journal sooner.
 */
class RecorderClassDataTest {
  @Test
  void recorderLoadsItsOwnClassesFromTheBuildsArchive(@TempDir Path dir) throws Exception {
    Path work = Playbooks.copy("small", dir.resolve("work"));
    Path classes = dir.resolve("classes.txt");
    Processes.Result result = Ansible.recordingInto(work, dir.resolve("journal"))
        .env("ARA_JOURNAL_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes)
        .run(work.resolve("hello.yml"), "-i", "inventory.ini");
    assertEquals(0, result.exitCode(), result.output());

    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("org.arajournal.recorder.Recorder source: shared objects file"),
        "the recorder's classes come from replayer/target/ara-journal-record.jsa (made by `mvn package`):\n"
            + loaded.lines().filter(l -> l.contains("org.arajournal")).toList());
    assertTrue(loaded.contains("net.openhft.chronicle.queue.impl.single.SingleChronicleQueue source: shared objects file"),
        "Chronicle's classes, most of the recorder's start-up, come from the archive too");
  }
}
