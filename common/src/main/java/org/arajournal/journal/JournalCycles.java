package org.arajournal.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The journal's queue as files: Chronicle rolls to a new cycle file each day, and a whole cycle
 * file is the unit in which disk space can be given back. Maps entries to their cycle and cycles
 * to their file.
 */
public final class JournalCycles {
  private final Path queueDir;
  private final SingleChronicleQueue queue;
  private final RollingResourcesCache names;

  JournalCycles(Path queueDir, SingleChronicleQueue queue) {
    this.queueDir = queueDir;
    this.queue = queue;
    this.names = new RollingResourcesCache(queue.rollCycle(), queue.epoch(),
        name -> new File(queueDir.toFile(), name + SingleChronicleQueue.SUFFIX),
        file -> file.getName().substring(0, file.getName().length() - SingleChronicleQueue.SUFFIX.length()));
  }

  /** The cycle holding the entry at {@code index}. */
  public int cycleOf(long index) {
    return queue.rollCycle().toCycle(index);
  }

  /** The cycle files on disk, by cycle, oldest first. */
  public Map<Integer, Path> files() throws IOException {
    Map<Integer, Path> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(queueDir)) {
      for (Path file : list.filter(p -> p.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).toList()) {
        try {
          files.put(names.parseCount(file.getFileName().toString().replace(SingleChronicleQueue.SUFFIX, "")), file);
        } catch (RuntimeException notACycleFile) {
          // a file Chronicle did not name: not ours to count or remove
        }
      }
    }
    return files;
  }
}
