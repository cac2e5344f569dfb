package org.arajournal.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Warmup;

/** What every benchmark on a real journal shares: JMH reads these annotations from the superclass. */
@Fork(value = 2, jvmArgsAppend = {
    ChronicleFlags.EXPORT_REF, ChronicleFlags.EXPORT_NIO, ChronicleFlags.EXPORT_MISC,
    ChronicleFlags.EXPORT_JAVAC, ChronicleFlags.OPEN_JAVAC, ChronicleFlags.OPEN_LANG,
    ChronicleFlags.OPEN_REFLECT, ChronicleFlags.OPEN_IO, ChronicleFlags.OPEN_UTIL,
    ChronicleFlags.OPEN_NIO, ChronicleFlags.NO_ANALYTICS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
abstract class JournalBenchmark {}
