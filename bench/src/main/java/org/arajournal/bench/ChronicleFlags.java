package org.arajournal.bench;

/**
 * The JVM flags Chronicle Queue needs on Java 17, for {@code @Fork(jvmArgsAppend = ...)}: a copy
 * of the parent pom's {@code chronicle.jvm.args} (annotations need compile-time constants).
 * {@code bench/jmh.sh} passes the pom's property on the command line, which overrides these.
 */
final class ChronicleFlags {
  static final String EXPORT_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
  static final String EXPORT_NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
  static final String EXPORT_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
  static final String EXPORT_JAVAC = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
  static final String OPEN_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
  static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
  static final String OPEN_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
  static final String OPEN_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
  static final String OPEN_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
  static final String OPEN_NIO = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
  static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";

  private ChronicleFlags() {}
}
