package org.arajournal.recorder;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.arajournal.fs.DurableFiles;
import org.arajournal.journal.Journal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets later runs record through this recorder, over a Unix socket in the journal directory,
 * until no run has used it for a while: their callbacks then start no JVM of their own.
 *
 * <p>One recorder per journal listens: the one that holds {@code recorder.lock}. The socket is
 * {@code recorder.sock} (private to the journal's user, as the directory is). A callback that
 * connects reads {@link #GREETING} first, then speaks the protocol of the recorder's stdin and
 * stdout: frames in, acknowledgement lines out, end of input to end its run.
 */
public final class SharedRecorder {
  /** The first line a connecting callback reads: the protocol it may then speak. */
  public static final String GREETING = "ara-journal-recorder 1\n";

  private static final Logger log = LoggerFactory.getLogger(SharedRecorder.class);

  private final Recorder recorder;
  private final Path socket;
  private final long idleNanos;
  private final BooleanSupplier stale;
  private final FileChannel lockChannel;
  private final ServerSocketChannel server;
  private final Thread acceptor;
  private final AtomicBoolean listening = new AtomicBoolean(true);
  private final Object inputs = new Object();
  private int active;
  private long lastEnded;
  private long served;

  private SharedRecorder(Recorder recorder, Path socket, Duration idle, BooleanSupplier stale,
      FileChannel lockChannel, ServerSocketChannel server) {
    this.recorder = recorder;
    this.socket = socket;
    this.idleNanos = idle.toNanos();
    this.stale = stale;
    this.lockChannel = lockChannel;
    this.server = server;
    this.lastEnded = System.nanoTime();
    this.acceptor = new Thread(this::acceptLoop, "recorder-accept");
    this.acceptor.setDaemon(true);
  }

  /**
   * Starts listening for later runs of {@code journal}, unless another recorder already does (or
   * the socket cannot be made there): empty then, and this recorder serves its own input only.
   *
   * @param stale whether this recorder's code changed on disk since it started (an upgrade or a
   *     rebuild): it then takes no more runs, and the next callback starts a current recorder
   */
  public static Optional<SharedRecorder> listen(Journal journal, Recorder recorder, Duration idle,
      BooleanSupplier stale) throws IOException {
    if (idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("idle must be positive, was " + idle);
    }
    Path lockFile = journal.dir().resolve("recorder.lock");
    FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      Files.setPosixFilePermissions(lockFile, DurableFiles.FILE_MODE);
      FileLock lock = lockChannel.tryLock();
      if (lock == null) {
        log.debug("another recorder serves later runs of {}", journal.dir());
        lockChannel.close();
        return Optional.empty();
      }
      Path socket = journal.dir().resolve("recorder.sock");
      // Left by a recorder that was killed: nobody listens behind it, as the lock says.
      Files.deleteIfExists(socket);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      try {
        server.bind(UnixDomainSocketAddress.of(socket));
      } catch (IOException | RuntimeException e) {
        server.close();
        lockChannel.close();
        log.info("later runs cannot share this recorder ({}: {}); each starts its own", socket, e.toString());
        return Optional.empty();
      }
      SharedRecorder shared = new SharedRecorder(recorder, socket, idle, stale, lockChannel, server);
      shared.acceptor.start();
      log.debug("listening on {} for later runs, until idle for {}", socket, idle);
      return Optional.of(shared);
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /** Serves later runs until none has been recording for the idle time, then stops listening. */
  public void serveUntilIdle() throws InterruptedException {
    synchronized (inputs) {
      lastEnded = Math.max(lastEnded, System.nanoTime());
      while (true) {
        long idleFor = System.nanoTime() - lastEnded;
        if (active == 0 && (idleFor >= idleNanos || !listening.get())) {
          break;
        }
        inputs.wait(active > 0 ? 0 : Math.max(1, (idleNanos - idleFor) / 1_000_000));
      }
    }
    stop();
    log.info("served {} later run(s) through {}; idle, stopping", served, socket);
  }

  /** Stops listening and waits for the runs it serves; no later run connects any more. */
  public void stop() throws InterruptedException {
    stopListening();
    acceptor.join();
    synchronized (inputs) {
      while (active > 0) {
        inputs.wait();
      }
    }
  }

  /**
   * Once only: the socket goes, then the lock, so the recorder that takes the lock next may bind
   * its own socket at the same path without this one deleting it afterwards.
   */
  private void stopListening() {
    if (!listening.compareAndSet(true, false)) {
      return;
    }
    try {
      Files.deleteIfExists(socket);
      server.close();
      lockChannel.close();
    } catch (IOException e) {
      log.warn("stopping to listen on {}: {}", socket, e.toString());
    }
    synchronized (inputs) {
      inputs.notifyAll();
    }
  }

  private void acceptLoop() {
    while (true) {
      SocketChannel connection;
      try {
        connection = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.warn("no more runs through {}: {}; each later run starts its own recorder", socket, e.toString());
        stopListening();
        return;
      }
      if (stale.getAsBoolean()) {
        // Without the greeting the callback starts a recorder of the code now installed.
        log.info("this recorder's code changed on disk since it started (an upgrade or a rebuild): it takes no"
            + " more runs; the next run starts a current recorder");
        try {
          connection.close();
        } catch (IOException e) {
          log.debug("closing a refused connection: {}", e.toString());
        }
        stopListening();
        return;
      }
      synchronized (inputs) {
        active++;
      }
      Thread input = new Thread(() -> serve(connection), "recorder-input");
      input.setDaemon(true);
      input.start();
    }
  }

  private void serve(SocketChannel connection) {
    try (connection) {
      OutputStream acks = new BufferedOutputStream(Channels.newOutputStream(connection));
      acks.write(GREETING.getBytes(StandardCharsets.US_ASCII));
      acks.flush();
      InputStream in = new BufferedInputStream(Channels.newInputStream(connection), 1 << 20);
      Recorder.Summary summary = recorder.record(in, acks);
      log.info("recorded {} events of a later run ({} quarantined{})", summary.appended(), summary.quarantined(),
          summary.truncated() ? ", input ended mid-frame" : "");
    } catch (IOException | RuntimeException e) {
      // The callback keeps what was not acknowledged and spools it: nothing is lost.
      log.warn("a later run's input failed: {}", e.toString());
    } finally {
      synchronized (inputs) {
        active--;
        served++;
        lastEnded = System.nanoTime();
        inputs.notifyAll();
      }
    }
  }
}
