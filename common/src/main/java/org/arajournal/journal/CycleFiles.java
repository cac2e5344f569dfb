package org.arajournal.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * The cycle files of a journal's queue as they are on disk, and which of them Chronicle may map.
 * Chronicle itself trusts its metadata file and assumes every cycle file is whole; in a copy either
 * may be older or newer than the other, and a cycle file may be cut short.
 */
final class CycleFiles {
  private static final long SETTLED_MILLIS = 2_000;

  private final Path queueDir;
  private final long blockSize;
  private final long overlapSize;
  /** Chronicle's own mapping between cycles and file names. */
  private final RollingResourcesCache names;
  private final Known known;
  private NavigableSet<Integer> cycles = new TreeSet<>();
  private FileTime listedAt;

  /**
   * What the readers of one journal learnt about its cycle files, shared so that each file is
   * looked at once. Once whole, a cycle file stays whole: writers only add to it, and a copy does
   * not change while it is read.
   */
  static final class Known {
    private final Set<Integer> mappable = ConcurrentHashMap.newKeySet();
    /** Mappable cycle files holding nothing but the end-of-cycle marker. */
    private final Set<Integer> empty = ConcurrentHashMap.newKeySet();
  }

  /** One reader's view; not for several threads, unlike {@code known}. */
  CycleFiles(Path queueDir, SingleChronicleQueue queue, Known known) {
    this.queueDir = queueDir;
    this.blockSize = queue.blockSize();
    this.overlapSize = queue.overlapSize();
    this.known = known;
    this.names = new RollingResourcesCache(queue.rollCycle(), queue.epoch(),
        name -> new File(queueDir.toFile(), name + SingleChronicleQueue.SUFFIX),
        file -> file.getName().substring(0, file.getName().length() - SingleChronicleQueue.SUFFIX.length()));
  }

  /** Looks at the directory again if files came or went since it was last listed. */
  void refresh() {
    try {
      FileTime modified = Files.getLastModifiedTime(queueDir);
      // A directory's time has a coarse tick: a file made within the tick of the last listing
      // leaves it unchanged, so a recently changed directory is listed again.
      boolean settled = System.currentTimeMillis() - modified.toMillis() > SETTLED_MILLIS;
      if (modified.equals(listedAt) && settled) {
        return;
      }
      NavigableSet<Integer> found = new TreeSet<>();
      try (DirectoryStream<Path> files = Files.newDirectoryStream(queueDir, "*" + SingleChronicleQueue.SUFFIX)) {
        for (Path file : files) {
          String name = file.getFileName().toString();
          try {
            found.add(names.parseCount(name.substring(0, name.length() - SingleChronicleQueue.SUFFIX.length())));
          } catch (RuntimeException notACycleFile) {
            // another file that happens to end in .cq4: not Chronicle's, not ours to read
          }
        }
      }
      cycles = found;
      listedAt = modified;
    } catch (NoSuchFileException e) {
      cycles = new TreeSet<>(); // no queue directory yet: nothing was appended
      listedAt = null;
    } catch (IOException e) {
      throw new JournalException("cannot list the journal's queue " + queueDir + ": " + e.getMessage()
          + " (check that the directory is readable by this user)", e);
    }
  }

  boolean has(int cycle) {
    return cycles.contains(cycle);
  }

  Integer first() {
    return cycles.isEmpty() ? null : cycles.first();
  }

  Integer after(int cycle) {
    return cycles.higher(cycle);
  }

  NavigableSet<Integer> before(int cycle) {
    return cycles.headSet(cycle, false);
  }

  Path path(int cycle) {
    return names.resourceFor(cycle).path.toPath();
  }

  CycleFileReader reader(int cycle, RollCycle rollCycle) {
    return new CycleFileReader(open(cycle), rollCycle);
  }

  CycleFile open(int cycle) {
    Path path = path(cycle);
    try {
      return CycleFile.open(cycle, path);
    } catch (IOException e) {
      throw new JournalException("cannot read " + path + ": " + e.getMessage()
          + " (check that the journal's files are readable by this user)", e);
    }
  }

  /** Whether a mappable cycle file holds nothing but the end-of-cycle marker. */
  boolean empty(int cycle) {
    return known.empty.contains(cycle);
  }

  /**
   * Whether Chronicle may map the cycle file: it is as long as Chronicle makes them (blocks plus
   * an overlap; a copy cut short is not) and its header and index are whole up to the first entry
   * or the end-of-cycle marker (a copy taken before they were written has zeros there, and
   * Chronicle would wait for them, then fail).
   */
  boolean mappable(int cycle) {
    if (known.mappable.contains(cycle)) {
      return true;
    }
    try (CycleFile file = CycleFile.open(cycle, path(cycle))) {
      long length = file.length();
      boolean asChronicleMakesThem = length >= blockSize + overlapSize && (length - overlapSize) % blockSize == 0;
      if (!asChronicleMakesThem) {
        return false;
      }
      CycleFile.Found first = file.find(0);
      if (first == CycleFile.Found.NOTHING_YET) {
        return false;
      }
      if (first == CycleFile.Found.END_OF_CYCLE) {
        known.empty.add(cycle);
      }
      known.mappable.add(cycle);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new JournalException("cannot read " + path(cycle) + ": " + e.getMessage()
          + " (check that the journal's files are readable by this user)", e);
    }
  }
}
